package ui

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// listScreen is the list of fiches. It keeps only the IDs that match the
// current query (from the store's shared index) and fetches the visible
// window of fiches with store.Peek: 100k fiches scroll as fast as 100.
// Each search is tagged; a result older than the one on screen is dropped.
type listScreen struct {
	c      *Common
	width  int
	height int
	keys   listScreenKeys

	filter  textinput.Model
	focused bool
	parsed  listParse // the last text parsed: each text typed is parsed once

	ids     []model.PersonID
	total   int
	query   string // the query the results on screen answer
	sort    store.SortKey
	loaded  bool
	units   map[model.UnitID]string
	qerr    string // error of the text typed in the filter bar ("" = none)
	qerrPos int    // its column (1-based runes), 0 if none

	seq      uint64 // tag of the latest search started
	shown    uint64 // tag of the results on screen
	inflight int
	pending  bool // a change arrived while searching: search again after

	tab    table                     // over ids
	window map[model.PersonID]string // drawn rows of the visible fiches (without the cursor)
	winOK  bool
	winLo  int
	winHi  int
	winIDs []model.PersonID

	cols listColumns

	want model.PersonID // fiche to put the cursor on once a search lists it

	compl    completion // Tab in the bar
	guide    bool       // the guide to the search language is shown (ctrl+g)
	guideOff int        // its first line shown

	history []string // the account's last searches, oldest first (loaded at Init)
	hist    int      // position while stepping through it with ↑↓, -1 when not
	typed   string   // the text typed before stepping
}

// listScreenKeys: the list is a type-to-search list — letters and digits
// typed go to the filter bar (a volunteer who starts typing a name gets a
// search, never a command) — so its commands are keys that cannot be
// typed by mistake in a name: entrée, esc and ctrl+letters.
type listScreenKeys struct {
	list     listKeys    // arrows only: letters search
	Type     key.Binding // help only: typing searches
	Filter   key.Binding
	Leave    key.Binding
	History  key.Binding // help only: ↑↓ in the bar
	Open     key.Binding
	Edit     key.Binding
	New      key.Binding
	Sort     key.Binding
	Save     key.Binding
	Recall   key.Binding
	Export   key.Binding
	Rappel   key.Binding
	Back     key.Binding
	Clear    key.Binding
	Help     key.Binding
	Complete key.Binding
	Guide    key.Binding
	Dues     key.Binding
	Mutate   key.Binding
	focused  bool
	write    bool // the responsable may create and modify (else ctrl+e and ctrl+n say why not)
}

func (k listScreenKeys) ShortHelp() []key.Binding {
	if k.focused {
		return []key.Binding{k.Leave, k.Complete, k.Guide, k.History, k.Clear}
	}
	if !k.write {
		return []key.Binding{k.Open, k.Clear, k.Back, k.Sort, k.Recall}
	}
	return []key.Binding{k.Open, k.Edit, k.New, k.Clear, k.Back}
}

func (k listScreenKeys) FullHelp() [][]key.Binding {
	if k.focused {
		return [][]key.Binding{{k.Leave, k.Complete, k.Guide, k.History, k.Clear, k.list.PageUp, k.list.PageDown}}
	}
	open := []key.Binding{k.Open, k.Edit, k.New, k.Mutate, k.Type, k.Filter, k.Clear, k.Back}
	if !k.write {
		open = []key.Binding{k.Open, k.Type, k.Filter, k.Clear, k.Back}
	}
	return [][]key.Binding{
		k.list.moves(),
		open,
		{k.Sort, k.Save, k.Recall, k.Export, k.Dues, k.Rappel},
	}
}

// The list's background answers (reply[T]) and its one message from
// another screen.
type (
	// searchResult answers the search tagged seq, for the text typed.
	searchResult struct {
		seq   uint64
		text  string
		res   store.Result
		units map[model.UnitID]string
	}
	// editLoaded is the fiche to open in the form (ctrl+e).
	editLoaded struct{ p model.Person }
	// searchHistory is the account's last searches, oldest first.
	searchHistory []string
	// applyQueryMsg replaces the filter by a saved query.
	applyQueryMsg struct {
		s     *listScreen
		query string
	}
)

func (m applyQueryMsg) ForScreen() Screen { return m.s }

// NewListScreen is the list of every fiche in scope ("1 Fiches").
func NewListScreen(c *Common) Screen { return newListScreen(c, "", false) }

// newListScreen opens the list on a query, with the filter bar focused or not.
func newListScreen(c *Common, query string, focus bool) *listScreen {
	l := &listScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, hist: -1}
	l.keys = listScreenKeys{
		list:     newListKeys().arrowsOnly(),
		Type:     binding([]string{"a-z"}, "a-z", "chercher"),
		Filter:   binding([]string{"/"}, "/", "filtrer"),
		Leave:    binding([]string{"enter", "esc"}, "entrée", "vers la liste"),
		History:  binding([]string{"up", "down"}, "↑↓", "recherches précédentes"),
		Open:     binding([]string{"enter"}, "entrée", "ouvrir"),
		Edit:     binding([]string{"ctrl+e"}, "^e", "modifier"),
		New:      binding([]string{"ctrl+n"}, "^n", "nouvelle"),
		Sort:     binding([]string{"ctrl+t"}, "^t", "trier"),
		Save:     binding([]string{"ctrl+s"}, "^s", "enregistrer la recherche"),
		Recall:   binding([]string{"ctrl+o"}, "^o", "recherches enregistrées"),
		Export:   binding([]string{"ctrl+x"}, "^x", "exporter cette liste"),
		Rappel:   binding([]string{"ctrl+r"}, "^r", "lancer un rappel sur cette liste"),
		Back:     binding([]string{"esc"}, "esc", "retour"),
		Clear:    binding([]string{"ctrl+u"}, "^u", "effacer"),
		Help:     binding([]string{"?"}, "?", "aide"),
		Complete: binding([]string{"tab"}, "tab", "compléter"),
		Guide:    binding([]string{"ctrl+g"}, "^g", "aide de la recherche"),
		Dues:     binding([]string{"ctrl+d"}, "^d", "cotisations"),
		Mutate:   binding([]string{"ctrl+k"}, "^k", "mutation (départ)"),
	}
	l.keys.write = c.User.Rights.Has(model.RightWrite)
	l.tab = newTable(l.keys.list)
	l.filter = newInput(c.Styles, "nom, type:adh, commune:…, -tél:  (ctrl+g : aide)", 500)
	l.filter.SetValue(query)
	l.query = query
	if focus {
		l.focus()
	}
	l.SetSize(l.width, l.height)
	return l
}

func (l *listScreen) screenKey() string { return "1" }

func (l *listScreen) Init() tea.Cmd {
	return tea.Batch(l.search(l.filter.Value()), l.loadHistory(), l.loadCompletion())
}

func (l *listScreen) loadHistory() tea.Cmd {
	st, sess := l.c.Store, l.c.Session
	if sess == nil {
		return nil
	}
	return ask(l, func() (searchHistory, error) { return st.QueryHistory(sess) })
}

func (l *listScreen) focus() {
	l.focused = true
	l.keys.focused = true
	l.filter.Focus()
	l.filter.CursorEnd()
}

func (l *listScreen) blur() {
	l.focused = false
	l.keys.focused = false
	l.filter.Blur()
}

// rowsHeight is the number of fiche rows: the body less the filter bar,
// its message line (two for a long error) and the column headers.
func (l *listScreen) rowsHeight() int { return max(l.height-2-max(len(l.errorLines()), 1), 1) }

// errorLines lays out the filter's error under the bar: a caret under the
// column when the text is not scrolled, the message on one line or two.
func (l *listScreen) errorLines() []string {
	if l.qerr == "" {
		return nil
	}
	msg := model.StripControl(l.qerr)
	prefix := "   "
	if l.qerrPos > 0 && utf8.RuneCountInString(l.filter.Value()) < l.filter.Width && 2+l.qerrPos <= l.width/2 {
		prefix = strings.Repeat(" ", 2+l.qerrPos) + "^ "
	}
	room := max(l.width-len(prefix)-1, 10)
	lines := strings.Split(ansi.Wordwrap(msg, room, ""), "\n")
	if len(lines) > 2 {
		lines = []string{lines[0], strings.Join(lines[1:], " ")}
	}
	out := []string{fit(prefix+lines[0], l.width)}
	if len(lines) == 2 {
		out = append(out, fit(strings.Repeat(" ", len(prefix))+lines[1], l.width))
	}
	return out
}

// relayout follows a change of the rows' height (the error took or freed a line).
func (l *listScreen) relayout(before int) {
	if l.rowsHeight() != before {
		_ = l.redraw() // in memory
	}
}

func (l *listScreen) SetSize(w, h int) {
	l.width, l.height = w, h
	l.filter.Width = max(w-5, 5)
	l.cols = layoutColumns(w, l.c.User.Scope.Level() >= model.LevelSection)
	_ = l.redraw() // in memory; an ended session shows at the next search
}

func (l *listScreen) Title() string {
	if q := strings.TrimSpace(l.query); q != "" {
		return "Fiches · /" + q
	}
	return "Fiches"
}

func (l *listScreen) Status() string {
	if !l.loaded {
		return "recherche…"
	}
	return FormatCount(len(l.ids)) + " / " + FormatCount(l.total) + " " + plural(l.total, "fiche", "fiches") + " · tri : " + l.sort.String()
}

func (l *listScreen) Keys() help.KeyMap { return l.keys }
func (l *listScreen) Capturing() bool   { return true } // type-to-search: letters and digits are the user's

// helpKeyWorks: out of the filter bar, ? still opens the help.
func (l *listScreen) helpKeyWorks() bool { return !l.focused }
func (l *listScreen) Dirty() bool        { return false }

// listParse is a text of the filter bar and what parsing it gave.
type listParse struct {
	text string
	q    *query.Query
	err  error
	ok   bool
}

// parse parses text, or returns what the last parse of the same text gave:
// a keystroke checks the text, searches it and may refresh, all with one
// parse.
func (l *listScreen) parse(text string) (*query.Query, error) {
	if !l.parsed.ok || l.parsed.text != text {
		q, err := query.Parse(text)
		l.parsed = listParse{text: text, q: q, err: err, ok: true}
	}
	return l.parsed.q, l.parsed.err
}

// search starts a search for text (parsed here: the parse is pure and
// instant; a parse error is shown at once and the results stay).
func (l *listScreen) search(text string) tea.Cmd {
	q, err := l.parse(text)
	if err != nil {
		l.setQueryError(err)
		return nil
	}
	l.seq++
	l.inflight++
	seq, sortBy, st, sess := l.seq, l.sort, l.c.Store, l.c.Session
	return ask(l, func() (searchResult, error) {
		out := searchResult{seq: seq, text: text}
		var err error
		if out.res, err = st.Search(sess, q, sortBy); err != nil {
			return out, err
		}
		out.units, _ = st.UnitNames(sess)
		for id, n := range out.units {
			out.units[id] = model.StripControl(n)
		}
		return out, nil
	})
}

func (l *listScreen) setQueryError(err error) {
	defer l.relayout(l.rowsHeight())
	var qe *query.Error
	if errors.As(err, &qe) {
		l.qerr, l.qerrPos = qe.Error(), qe.Pos
	} else {
		l.qerr, l.qerrPos = err.Error(), 0
	}
}

// refresh searches again (a change was committed, or the sort changed):
// the text typed if it is valid, else the query on screen.
func (l *listScreen) refresh() tea.Cmd {
	if l.inflight > 0 {
		l.pending = true
		return nil
	}
	text := l.filter.Value()
	if _, err := l.parse(text); err != nil {
		text = l.query
	}
	return l.search(text)
}

func (l *listScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[searchResult]:
		return l, l.result(msg.val, msg.err)
	case reply[completion]:
		l.compl.units, l.compl.vocab = msg.val.units, msg.val.vocab
		return l, nil
	case reply[searchHistory]:
		if msg.err != nil {
			return l, reportErr(msg.err)
		}
		// Searches remembered since opening stay the newest.
		list := msg.val
		l.history = append(list, slices.DeleteFunc(l.history, func(h string) bool { return slices.Contains(list, h) })...)
		return l, nil
	case ficheSavedMsg:
		// Back from a form opened here: the cursor goes to the fiche saved
		// (now if it is listed, else when the search refreshed by the save
		// brings it).
		if !l.selectID(msg.p.ID) {
			l.want = msg.p.ID
		}
		return l, nil
	case reply[editLoaded]:
		if msg.err != nil {
			return l, reportErr(msg.err)
		}
		return l, Push(NewFormScreen(l.c, &msg.val.p))
	case applyQueryMsg:
		h := l.rowsHeight()
		l.filter.SetValue(msg.query)
		l.qerr, l.qerrPos = "", 0
		l.relayout(h)
		l.blur()
		return l, l.search(msg.query)
	case StoreEventMsg:
		l.winOK = false
		return l, l.refresh()
	case tea.KeyMsg:
		if l.focused {
			return l, l.filterKey(msg)
		}
		return l, l.key(msg)
	}
	return l, nil
}

// result shows a search's result unless a newer one is already shown.
func (l *listScreen) result(msg searchResult, err error) tea.Cmd {
	l.inflight--
	cmd := l.apply(msg, err)
	if l.pending && l.inflight == 0 {
		// Changes were committed while searching: search again.
		l.pending = false
		return tea.Batch(cmd, l.refresh())
	}
	return cmd
}

func (l *listScreen) apply(msg searchResult, err error) tea.Cmd {
	if msg.seq <= l.shown {
		return nil // stale: a newer search is on screen
	}
	l.shown = msg.seq
	if err != nil {
		if SessionEnded(err) {
			return reportErr(err)
		}
		if msg.text == l.filter.Value() {
			l.setQueryError(err)
		}
		return nil
	}
	var keep model.PersonID
	sameQuery := msg.text == l.query && l.loaded
	if i := l.tab.Selected(); sameQuery && i >= 0 {
		keep = l.ids[i]
	}
	l.ids, l.total, l.query, l.units, l.loaded = msg.res.IDs, msg.res.Total, msg.text, msg.units, true
	if msg.text == l.filter.Value() {
		l.qerr, l.qerrPos = "", 0 // rowsHeight grows: scrollToCursor below follows
	}
	l.tab.SetLen(len(l.ids))
	if l.want != 0 && slices.Contains(l.ids, l.want) {
		keep, sameQuery = l.want, true
		l.want = 0
	}
	if sameQuery {
		if keep != 0 {
			for i, id := range l.ids {
				if id == keep {
					l.tab.Select(i)
					break
				}
			}
		}
	} else {
		l.tab.SetCursor(0)
	}
	return l.redraw()
}

// redraw fits the window to the rows' height and the cursor, and draws
// its fiches again (their data or the columns changed).
func (l *listScreen) redraw() tea.Cmd {
	l.scrollToCursor()
	l.winOK = false
	return l.loadWindow()
}

// scrollToCursor moves the window so the cursor row is visible.
func (l *listScreen) scrollToCursor() {
	l.tab.SetHeight(l.rowsHeight())
}

// loadWindow fetches the fiches of the visible rows from the index (in
// memory: a few microseconds).
func (l *listScreen) loadWindow() tea.Cmd {
	lo, hi := l.tab.Span()
	if l.winOK && l.winLo == lo && l.winHi == hi && slices.Equal(l.winIDs, l.ids[lo:hi]) {
		return nil
	}
	l.winLo, l.winHi, l.winOK = lo, hi, true
	l.winIDs = append(l.winIDs[:0], l.ids[lo:hi]...)
	people, err := l.c.Store.Peek(l.c.Session, l.ids[lo:hi])
	var dues []model.DuesStatus
	if err == nil {
		dues, err = l.c.Store.DuesStatus(l.c.Session, l.ids[lo:hi])
	}
	if err != nil {
		l.winOK = false
		return reportErr(err)
	}
	duesOf := make(map[model.PersonID]model.DuesStatus, len(dues))
	for i, id := range l.ids[lo:hi] {
		duesOf[id] = dues[i]
	}
	if l.window == nil {
		l.window = make(map[model.PersonID]string, hi-lo)
	}
	clear(l.window)
	for i := range people {
		l.window[people[i].ID] = fit(l.row(&people[i], duesOf[people[i].ID]), l.width-2)
	}
	return nil
}

// selectID puts the cursor on fiche id; false if it is not listed.
func (l *listScreen) selectID(id model.PersonID) bool {
	i := slices.Index(l.ids, id)
	if i < 0 || !l.tab.Select(i) {
		return false
	}
	l.scrollToCursor()
	_ = l.loadWindow() // in memory
	return true
}

func (l *listScreen) selected() (model.PersonID, bool) {
	i := l.tab.Selected()
	if i < 0 {
		return 0, false
	}
	return l.ids[i], true
}

func (l *listScreen) readOnly() tea.Cmd {
	return Flash("lecture seule : votre compte ne permet pas de créer ni de modifier des fiches", true)
}

func (l *listScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := l.keys
	l.scrollToCursor()
	if l.tab.Move(msg) {
		return l.loadWindow()
	}
	switch {
	case key.Matches(msg, k.Filter):
		l.focus()
	case key.Matches(msg, k.Help):
		return func() tea.Msg { return helpRequestMsg{} }
	case isTyping(msg) || (msg.Type == tea.KeySpace && l.filter.Value() != ""):
		// Type-to-search: the key starts (or adds a word to) the search
		// ("/" first, as in a burst "/type:adh", only focuses the bar).
		if msg.Type == tea.KeyRunes && msg.Runes[0] == '/' {
			msg.Runes = msg.Runes[1:]
			l.focus()
			if len(msg.Runes) == 0 {
				return nil
			}
			return l.filterKey(msg)
		}
		text := l.filter.Value()
		if text != "" && !strings.HasSuffix(text, " ") {
			text += " "
		}
		l.setFilter(text)
		l.focus()
		return l.filterKey(msg)
	case key.Matches(msg, k.Open):
		if id, ok := l.selected(); ok {
			return tea.Batch(l.remember(), Push(newFicheInList(l.c, l, id)))
		}
	case key.Matches(msg, k.Edit):
		if !k.write {
			return l.readOnly()
		}
		if id, ok := l.selected(); ok {
			st, sess := l.c.Store, l.c.Session
			return ask(l, func() (editLoaded, error) {
				p, err := st.Get(sess, id)
				return editLoaded{p}, err
			})
		}
	case key.Matches(msg, k.New):
		if !k.write {
			return l.readOnly()
		}
		return Push(NewFormScreen(l.c, nil))
	case key.Matches(msg, k.Mutate):
		if !k.write {
			return l.readOnly()
		}
		if id, ok := l.selected(); ok {
			return startDeparture(l.c, id)
		}
	case key.Matches(msg, k.Sort):
		l.sort = (l.sort + 1) % 4
		return l.search(l.searchableText())
	case key.Matches(msg, k.Save):
		if strings.TrimSpace(l.query) == "" {
			return Flash("la recherche est vide : tapez d'abord un filtre", true)
		}
		return Push(newSaveQueryScreen(l.c, l.query))
	case key.Matches(msg, k.Recall):
		return Push(newSavedListScreen(l.c, l))
	case key.Matches(msg, k.Export):
		if !l.c.User.Rights.Has(model.RightExport) {
			return Flash("votre compte n'a pas le droit d'export", true)
		}
		// Export exactly the query in the bar: never the previous (wider)
		// results kept on screen while the bar holds an error.
		if l.qerr != "" {
			return Flash("export refusé : la recherche du filtre est erronée ("+l.qerr+") ; corrigez-la d'abord", true)
		}
		if l.filter.Value() != l.query {
			return Flash("export refusé : la liste n'est pas encore celle de la recherche tapée ; attendez ou validez-la (entrée)", true)
		}
		return Push(NewExportScreen(l.c, l.query))
	case key.Matches(msg, k.Rappel):
		if !k.write {
			return l.readOnly()
		}
		return Push(newNewRoundScreen(l.c, l.query))
	case key.Matches(msg, k.Clear):
		return l.clear()
	case key.Matches(msg, k.Dues):
		if id, ok := l.selected(); ok {
			return Push(NewCotisationsScreen(l.c, id))
		}
	case key.Matches(msg, k.Back):
		return tea.Batch(l.remember(), closeScreen(l))
	}
	return nil
}

// setFilter replaces the text of the filter bar (its error goes with it).
func (l *listScreen) setFilter(text string) {
	h := l.rowsHeight()
	l.filter.SetValue(text)
	l.filter.CursorEnd()
	l.qerr, l.qerrPos = "", 0
	l.relayout(h)
}

// clear empties the filter: the one key that does (shown in the help).
func (l *listScreen) clear() tea.Cmd {
	remember := l.remember()
	l.setFilter("")
	l.hist = -1
	return tea.Batch(remember, l.search(""))
}

// remember puts the query on screen into the account's history of
// searches (in the file: ↑ in the bar finds it after a restart).
func (l *listScreen) remember() tea.Cmd {
	q := strings.TrimSpace(l.query)
	if q == "" || l.c.Session == nil {
		return nil
	}
	if n := len(l.history); n > 0 && l.history[n-1] == q {
		return nil
	}
	l.history = append(slices.DeleteFunc(l.history, func(h string) bool { return h == q }), q)
	st, sess := l.c.Store, l.c.Session
	return func() tea.Msg {
		if err := st.AddQueryHistory(sess, q); err != nil {
			return ErrMsg{err}
		}
		return nil
	}
}

// recall steps through the history (-1 older, +1 newer); past the newest
// comes back the text typed before the first step.
func (l *listScreen) recall(step int) tea.Cmd {
	if len(l.history) == 0 {
		return nil
	}
	if l.hist < 0 {
		if step > 0 {
			return nil
		}
		l.typed = l.filter.Value()
		l.hist = len(l.history)
	}
	l.hist = clamp(l.hist+step, 0, len(l.history))
	text := l.typed
	if l.hist < len(l.history) {
		text = l.history[l.hist]
	} else {
		l.hist = -1
	}
	l.setFilter(text)
	return l.search(text)
}

// searchableText is the typed text if valid, else the query on screen.
func (l *listScreen) searchableText() string {
	text := l.filter.Value()
	if _, err := l.parse(text); err != nil {
		return l.query
	}
	return text
}

func (l *listScreen) filterKey(msg tea.KeyMsg) tea.Cmd {
	k := l.keys
	if l.guide {
		switch msg.Type {
		case tea.KeyEsc:
			l.guide = false
			return nil
		case tea.KeyPgDown, tea.KeyDown:
			l.guideOff = clamp(l.guideOff+max(l.rowsHeight()-1, 1), 0, max(len(langGuide(l.c.Styles, l.width))-l.rowsHeight(), 0))
			return nil
		case tea.KeyPgUp, tea.KeyUp:
			l.guideOff = max(l.guideOff-max(l.rowsHeight()-1, 1), 0)
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.Guide):
		l.guide, l.guideOff = !l.guide, 0
		return nil
	case key.Matches(msg, k.Complete):
		return l.complete()
	case key.Matches(msg, k.Leave):
		l.blur()
		l.hist, l.guide = -1, false
		return l.remember()
	case key.Matches(msg, k.Clear):
		return l.clear()
	case msg.Type == tea.KeyUp:
		return l.recall(-1)
	case msg.Type == tea.KeyDown:
		return l.recall(+1)
	case msg.Type == tea.KeyPgUp || msg.Type == tea.KeyPgDown:
		l.scrollToCursor()
		if l.tab.Move(msg) {
			return l.loadWindow()
		}
		return nil
	}
	before := l.filter.Value()
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(msg)
	if after := l.filter.Value(); after != before {
		l.hist = -1
		return tea.Batch(cmd, l.search(after))
	}
	return cmd
}

// ---------------------------------------------------------------------------
// Drawing

// listColumns are the widths of the columns for a terminal width (0 = hidden).
type listColumns struct {
	name, kind, dues, org, commune, mobile int
	cellOnly                               bool // the scope is a section or a cell: show the cell only
}

// The list's columns, in order, with what they may shrink to and which go
// first when the terminal is narrow: the commune, then the section, the
// type, the dues — the name and the mobile (what a phone round needs) last.
var listColumnSpecs = []column{
	{width: 21, min: 14, keep: 6}, // name
	{width: 5, keep: 3},           // kind
	{width: 6, keep: 4},           // dues
	{width: 24, min: 18, keep: 2}, // section / cell
	{width: 14, min: 10, keep: 1}, // commune
	{width: 14, keep: 5},          // mobile
}

func layoutColumns(w int, cellOnly bool) listColumns {
	avail := w - 2 // cursor mark
	ws := fitColumns(listColumnSpecs, avail)
	// A wide terminal gives its room to the name, the section and the commune.
	used := -1
	for _, x := range ws {
		if x > 0 {
			used += x + 1
		}
	}
	if extra := avail - used; extra > 0 && ws[0] > 0 {
		grow := []int{0, 3, 4}
		share := []int{37, 40, 23}
		given := 0
		for k, i := range grow {
			if ws[i] == 0 {
				continue
			}
			add := extra * share[k] / 100
			ws[i] += add
			given += add
		}
		ws[0] += extra - given // the rounding's leftover
	}
	return listColumns{name: ws[0], kind: ws[1], dues: ws[2], org: ws[3], commune: ws[4], mobile: ws[5], cellOnly: cellOnly}
}

// shortUnit abbreviates a unit name to w cells: "Sud-Grenoblois" → "Sud-Gren.".
func shortUnit(name string, w int) string {
	if ansi.StringWidth(name) <= w {
		return name
	}
	if w < 3 {
		return ansi.Truncate(name, w, "")
	}
	rs := []rune(name)
	out := string(rs[:min(len(rs), w-1)])
	for ansi.StringWidth(out) > w-1 {
		rs = []rune(out)
		out = string(rs[:len(rs)-1])
	}
	return strings.TrimRight(out, " -'") + "."
}

func (l *listScreen) orgText(p *model.Person, w int) string {
	name := func(id model.UnitID) string {
		if id == 0 {
			return "—"
		}
		if n, ok := l.units[id]; ok {
			return n
		}
		return "?"
	}
	cellName := name(p.Org.Cell)
	if l.cols.cellOnly {
		return cellName
	}
	sect := name(p.Org.Section)
	if p.Org.Section == 0 && p.Org.Federation != 0 {
		sect = name(p.Org.Federation)
	}
	return orgPair(sect, cellName, w)
}

// orgPair writes "section / cellule" in w cells, shortening names so that
// both stay recognisable: "Saint" becomes "St" first, then the longer of
// the two gives way, each keeping at least its first letters.
func orgPair(sect, cellName string, w int) string {
	full := sect + " / " + cellName
	if ansi.StringWidth(full) <= w {
		return full
	}
	sect, cellName = abbreviateSaint(sect), abbreviateSaint(cellName)
	room := w - 3
	sw, cw := ansi.StringWidth(sect), ansi.StringWidth(cellName)
	if sw+cw <= room {
		return sect + " / " + cellName
	}
	// The section gets at most half when the cell needs the rest.
	sb := max(room-cw, room/2, 4)
	sb = min(sb, sw)
	return shortUnit(sect, sb) + " / " + shortUnit(cellName, max(room-ansi.StringWidth(shortUnit(sect, sb)), 3))
}

// abbreviateSaint writes Saint and Sainte the way French signs do (St, Ste).
func abbreviateSaint(name string) string {
	r := strings.NewReplacer("Saint-", "St-", "Sainte-", "Ste-", "Saint ", "St ", "Sainte ", "Ste ")
	return r.Replace(name)
}

func (l *listScreen) header() string {
	c := l.cols
	org := "Section / cellule"
	if c.cellOnly {
		org = "Cellule"
	}
	parts := []string{cell("Nom", c.name), cell("Type", c.kind)}
	if c.dues > 0 {
		parts = append(parts, cell("Cotis.", c.dues))
	}
	if c.org > 0 {
		parts = append(parts, cell(org, c.org))
	}
	if c.commune > 0 {
		parts = append(parts, cell("Commune", c.commune))
	}
	if c.mobile > 0 {
		parts = append(parts, cell("Mobile", c.mobile))
	}
	return "  " + l.c.Styles.Label.Render(fit(strings.TrimRight(strings.Join(parts, " "), " "), l.width-2))
}

func (l *listScreen) row(p *model.Person, dues model.DuesStatus) string {
	c := l.cols
	name := model.StripControl(p.SortName())
	if p.Archived {
		name += " (archivée)"
	}
	parts := []string{cell(name, c.name), cell(p.Kind.Short(), c.kind)}
	if c.dues > 0 {
		parts = append(parts, cell(dues.Short(), c.dues))
	}
	if c.org > 0 {
		parts = append(parts, cell(model.StripControl(l.orgText(p, c.org)), c.org))
	}
	if c.commune > 0 {
		commune := model.StripControl(p.Address.Commune)
		if commune == "" {
			commune = "—"
		}
		parts = append(parts, cell(commune, c.commune))
	}
	if c.mobile > 0 {
		mobile := "—"
		if p.Mobile != "" {
			mobile = model.StripControl(model.FormatPhone(p.Mobile))
		}
		parts = append(parts, cell(mobile, c.mobile))
	}
	return strings.Join(parts, " ")
}

func (l *listScreen) View() string {
	s := l.c.Styles
	var b strings.Builder
	// The filter bar.
	switch {
	case l.focused:
		b.WriteString(fit(" "+s.Key.Render("/")+" "+l.filter.View(), l.width))
	case l.filter.Value() == "":
		b.WriteString(s.Muted.Render(fit(" tapez pour chercher : un nom, type:adh, commune:…  (/ puis ctrl+g : aide)", l.width)))
	default:
		b.WriteString(fit(" "+s.Muted.Render("/")+" "+model.StripControl(l.filter.Value()), l.width))
	}
	b.WriteString("\n")
	// Its message lines: the error (with a caret under its column when it
	// can), or a hint while typing.
	switch msg := l.errorLines(); {
	case len(msg) > 0:
		for _, line := range msg {
			b.WriteString(s.Error.Render(line) + "\n")
		}
	case l.focused && l.complHint() != "":
		b.WriteString(s.Muted.Render(cell(l.complHint(), l.width)) + "\n")
	case l.focused:
		b.WriteString(s.Muted.Render(cell("   entrée : vers la liste · tab : compléter · ctrl+g : aide de la recherche", l.width)) + "\n")
	default:
		b.WriteString("\n")
	}
	if l.guide {
		lines := langGuide(s, l.width)
		h := l.rowsHeight() + 1
		off := clamp(l.guideOff, 0, max(len(lines)-h, 0))
		b.WriteString(strings.Join(lines[off:min(off+h, len(lines))], "\n"))
		return b.String()
	}
	b.WriteString(l.header())
	// The rows.
	if l.loaded && len(l.ids) == 0 {
		b.WriteString("\n  " + s.Muted.Render("aucune fiche ne correspond à cette recherche"))
	}
	lo, hi := l.tab.Span()
	for i := lo; i < hi; i++ {
		b.WriteString("\n")
		id := l.ids[i]
		line, ok := l.window[id]
		if !ok {
			line = cell("(fiche "+FormatCount(int(id))+" indisponible)", l.width-2)
		}
		if i == l.tab.Cursor() {
			b.WriteString("▸ " + s.Selected.Render(line))
		} else {
			b.WriteString("  " + line)
		}
	}
	return b.String()
}
