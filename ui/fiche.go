package ui

// The fiche view: one person's record, in tabs grouped as the article groups
// them (organisation, état civil, engagements) plus consent and source,
// notes and the journal of changes. Actions: edit, faire avancer, archive /
// restore, erase (GDPR, typed confirmation).

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/store"
)

// Tabs of the fiche view, in order.
const (
	ficheTabOrg = iota
	ficheTabCivil
	ficheTabEngagements
	ficheTabConsent
	ficheTabNotes
	ficheTabHistory
	ficheTabCount
)

// ficheTabNames are the tabs' names, full and short. The first five are
// the form's groups: a tab shows the attributes the form has in its group.
var ficheTabNames = [ficheTabCount][2]string{
	{formGroupOrg, "Orga."},
	{formGroupCivil, "État civil"},
	{formGroupEngage, "Engag."},
	{formGroupConsent, "Consent."},
	{formGroupNotes, "Notes"},
	{"Historique", "Hist."},
}

// ficheAction is what a confirmation dialog of the fiche view confirms.
type ficheAction uint8

const (
	ficheActNone ficheAction = iota
	ficheActPromote
	ficheActArchive
	ficheActRestore
	ficheActErase
)

// The fiche view's background answers (reply[T]), and what a form tells
// the screen below it.
type (
	// ficheLoaded is the fiche read by the load tagged seq.
	ficheLoaded struct {
		seq     int
		p       model.Person
		hist    []model.AuditEntry
		histErr error
		units   []model.Unit
		dues    model.DuesStatus
	}
	// ficheActed is a confirmed action done: the fiche as it is now.
	ficheActed struct {
		act ficheAction
		p   model.Person
	}
	// ficheSavedMsg tells the screen below a form that the fiche was saved.
	ficheSavedMsg struct{ p model.Person }
)

type ficheKeyMap struct {
	list                                                          listKeys // scroll the tab
	NextTab, PrevTab, Edit, Promote, Archive, Erase, Reload, Back key.Binding
	Next, Prev                                                    key.Binding // fiche of the list
	inList                                                        bool
	Dues, Mutate                                                  key.Binding
}

func newFicheKeyMap() ficheKeyMap {
	b := binding
	list := newListKeys()
	list.PageDown = binding([]string{"pgdown", " "}, "pgdown", "page suivante") // space too, as in a pager
	return ficheKeyMap{
		list:    list,
		NextTab: b([]string{"right", "tab", "l"}, "→/tab", "onglet suivant"),
		PrevTab: b([]string{"left", "shift+tab", "h"}, "←", "onglet précédent"),
		Edit:    b([]string{"e"}, "e", "modifier"),
		Promote: b([]string{"p"}, "p", "faire avancer"),
		Archive: b([]string{"a"}, "a", "archiver"),
		Erase:   b([]string{"E"}, "E", "effacer"),
		Mutate:  b([]string{"m"}, "m", "mutation"),
		Reload:  b([]string{"r", "ctrl+r"}, "r", "recharger"),
		Back:    b([]string{"esc"}, "esc", "retour"),
		Next:    b([]string{"+", "ctrl+down"}, "+", "fiche suivante"),
		Prev:    b([]string{"-", "ctrl+up"}, "-", "précédente"),
		Dues:    b([]string{"c"}, "c", "cotisations"),
	}
}

func (k ficheKeyMap) ShortHelp() []key.Binding {
	tabs := key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←→", "onglets"))
	if k.inList {
		return []key.Binding{k.Next, k.Prev, tabs, k.Edit, k.Back, k.Promote, k.Archive, k.Erase}
	}
	return []key.Binding{tabs, k.Edit, k.Promote, k.Archive, k.Erase, k.Back}
}

func (k ficheKeyMap) FullHelp() [][]key.Binding {
	archive, erase := k.Archive, k.Erase
	archive.SetHelp("a", "archiver ou restaurer")
	erase.SetHelp("E", "effacer définitivement (RGPD)")
	out := [][]key.Binding{
		append([]key.Binding{k.NextTab, k.PrevTab}, k.list.moves()...),
		{k.Edit, k.Promote, k.Mutate, archive, erase, k.Dues, k.Reload, k.Back},
	}
	if k.inList {
		out = append(out, []key.Binding{k.Next, k.Prev})
	}
	return out
}

// ficheScreen shows one fiche.
type ficheScreen struct {
	c    *Common
	st   *Styles
	keys ficheKeyMap
	id   model.PersonID

	p       model.Person
	loaded  bool
	loadErr error
	gone    bool // erased (here or elsewhere) or out of reach
	hist    []model.AuditEntry
	histErr error
	dues    model.DuesStatus
	units   map[model.UnitID]model.Unit
	seq     int

	tab    int
	offset int // first visible line of the tab's content
	w, h   int

	dialog  *ConfirmDialog
	pending ficheAction
	busy    bool

	notice    string
	noticeErr bool
	closing   bool // Pop sent: keys still queued for this screen are dropped

	list *listScreen // the list it was opened from (next/previous fiche), or nil
}

// newFicheInList shows a fiche of a list: + and - go to the next and
// previous fiche of that list, and the list's cursor follows.
func newFicheInList(c *Common, l *listScreen, id model.PersonID) Screen {
	f := NewFicheScreen(c, id).(*ficheScreen)
	f.list, f.keys.inList = l, true
	return f
}

// position is the fiche's place in its list (0-based) and the list's
// length; -1 when it is not (or no more) in it.
func (f *ficheScreen) position() (int, int) {
	if f.list == nil {
		return -1, 0
	}
	return slices.Index(f.list.ids, f.id), len(f.list.ids)
}

// step goes to the fiche delta away in the list, on the same tab.
func (f *ficheScreen) step(delta int) tea.Cmd {
	pos, n := f.position()
	if pos < 0 {
		return Flash("cette fiche n'est plus dans la liste", true)
	}
	next := pos + delta
	switch {
	case next >= n:
		return Flash("dernière fiche de la liste", false)
	case next < 0:
		return Flash("première fiche de la liste", false)
	}
	f.id = f.list.ids[next]
	f.list.selectID(f.id)
	f.loaded, f.gone, f.loadErr, f.hist, f.histErr = false, false, nil, nil, nil
	f.p = model.Person{}
	f.offset = 0
	f.setNotice("", false)
	return f.load()
}

// NewFicheScreen shows one fiche (enter on the list).
func NewFicheScreen(c *Common, id model.PersonID) Screen {
	st := c.Styles
	if st == nil {
		st = NewStyles(nil)
	}
	return &ficheScreen{c: c, st: st, keys: newFicheKeyMap(), id: id, w: 80, h: 19}
}

func (f *ficheScreen) Init() tea.Cmd { return f.load() }

// load reads the fiche, its journal and the units (to name the path) in a
// command: the UI never waits on the file.
func (f *ficheScreen) load() tea.Cmd {
	f.seq++
	seq, c, id := f.seq, f.c, f.id
	return ask(f, func() (ficheLoaded, error) {
		out := ficheLoaded{seq: seq}
		if c == nil || c.Store == nil {
			return out, errors.New("aucun fichier ouvert")
		}
		var err error
		if out.p, err = c.Store.Get(c.Session, id); err != nil {
			return out, err
		}
		out.hist, out.histErr = c.Store.History(c.Session, id)
		out.units, _ = c.Store.Units(c.Session)
		if dues, err := c.Store.DuesStatus(c.Session, []model.PersonID{id}); err == nil {
			out.dues = dues[0]
		}
		return out, nil
	})
}

func (f *ficheScreen) SetSize(w, h int) {
	f.w, f.h = max(w, 1), max(h, 1)
	f.clampOffset()
}

func (f *ficheScreen) Title() string {
	t := "Fiche " + FormatCount(int(f.id))
	if !f.loaded {
		return t
	}
	if name := ficheClean(f.p.FullName()); name != "" {
		t += " · " + name
	}
	t += " · " + ficheKindLabel(&f.p)
	if f.p.Kind == model.KindAdherent && f.p.MemberNumber != "" {
		t += " n° " + ficheClean(f.p.MemberNumber)
	}
	if f.p.Archived {
		t += " · archivée"
	}
	return ansi.Truncate(t, 72, "…")
}

func (f *ficheScreen) Status() string {
	if pos, n := f.position(); pos >= 0 {
		if st := f.status1(); st != "" {
			return FormatCount(pos+1) + " / " + FormatCount(n) + " · " + st
		}
		return FormatCount(pos+1) + " / " + FormatCount(n)
	}
	return f.status1()
}

func (f *ficheScreen) status1() string {
	switch {
	case f.gone:
		return "fiche effacée"
	case !f.loaded:
		return "chargement…"
	case f.p.UpdatedBy != "":
		return "modifiée le " + dateTime(f.p.UpdatedAt) + " par " + ficheClean(f.p.UpdatedBy)
	}
	return ""
}

func (f *ficheScreen) Keys() help.KeyMap {
	if f.dialog != nil {
		return f.dialog.Keys()
	}
	k := f.keys
	if f.loaded && f.p.Archived {
		k.Archive.SetHelp("a", "restaurer")
	}
	return k
}

// Capturing is true while a dialog is open: its letters (o, n, the typed
// name) must not reach the app's global keys.
func (f *ficheScreen) Capturing() bool { return f.dialog != nil }

func (f *ficheScreen) Dirty() bool { return false }

func (f *ficheScreen) setNotice(text string, isErr bool) {
	f.notice, f.noticeErr = text, isErr
}

func (f *ficheScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[ficheLoaded]:
		if msg.val.seq != f.seq {
			return f, nil
		}
		return f, f.loaded1(msg.val, msg.err)
	case reply[ficheActed]:
		return f, f.actionDone(msg.val, msg.err)
	case ficheSavedMsg:
		if msg.p.ID == f.id {
			f.p, f.loaded = msg.p, true // the app flashes "Fiche enregistrée"
			return f, f.load()
		}
		return f, nil
	case StoreEventMsg:
		if !slices.Contains(msg.Event.Persons, f.id) || f.gone {
			return f, nil
		}
		if msg.Event.What == model.ActionPersonErase {
			if f.busy && f.pending == ficheActErase {
				return f, nil // our own erasure: actionDone handles it
			}
			f.gone = true
			f.dialog, f.pending = nil, ficheActNone
			f.setNotice("Cette fiche vient d'être effacée définitivement par "+ficheClean(msg.Event.By)+".", true)
			return f, nil
		}
		if msg.Event.What == model.ActionMutationOut {
			f.setNotice(ficheMutatedNotice(msg.Event.By), false)
		}
		return f, f.load()
	case tea.KeyMsg:
		if f.closing {
			return f, nil
		}
		if f.dialog != nil {
			return f, f.updateDialog(msg)
		}
		return f.handleKey(msg)
	}
	if f.dialog != nil {
		_, cmd := f.dialog.Update(msg)
		return f, cmd
	}
	return f, nil
}

func (f *ficheScreen) loaded1(msg ficheLoaded, err error) tea.Cmd {
	if err != nil {
		if SessionEnded(err) {
			return reportErr(err)
		}
		f.loadErr = err
		if errors.Is(err, store.ErrNotFound) {
			f.gone = true
			f.loaded = false
		}
		return nil
	}
	f.loadErr = nil
	f.p, f.loaded = msg.p, true
	f.hist, f.histErr, f.dues = msg.hist, msg.histErr, msg.dues
	if msg.units != nil {
		f.units = make(map[model.UnitID]model.Unit, len(msg.units))
		for _, u := range msg.units {
			f.units[u.ID] = u
		}
	}
	f.clampOffset()
	return nil
}

func (f *ficheScreen) handleKey(msg tea.KeyMsg) (Screen, tea.Cmd) {
	k := f.keys
	switch {
	case key.Matches(msg, k.Back):
		f.closing = true
		return f, closeScreen(f)
	case f.list != nil && key.Matches(msg, k.Next):
		return f, f.step(1)
	case f.list != nil && key.Matches(msg, k.Prev):
		return f, f.step(-1)
	case key.Matches(msg, k.Dues):
		if f.loaded {
			return f, Push(NewCotisationsScreen(f.c, f.id))
		}
	case key.Matches(msg, k.NextTab):
		f.tab = (f.tab + 1) % ficheTabCount
		f.offset = 0
	case key.Matches(msg, k.PrevTab):
		f.tab = (f.tab + ficheTabCount - 1) % ficheTabCount
		f.offset = 0
	case k.list.move(msg, &f.offset, len(f.tabLines()), f.contentHeight()-1):
		// scrolled (clampOffset below keeps the last page full)
	case key.Matches(msg, k.Reload):
		f.setNotice("", false)
		return f, f.load()
	case key.Matches(msg, k.Edit):
		if !f.ready() {
			return f, nil
		}
		f.setNotice("", false)
		fm := NewFormScreen(f.c, fichePtr(f.p.Clone()))
		if f.tab == ficheTabNotes {
			fm.(*formScreen).focusNotes() // on the Notes tab, e edits the notes
		}
		return f, Push(fm)
	case key.Matches(msg, k.Promote):
		if !f.ready() {
			return f, nil
		}
		next, ok := f.p.Kind.Next()
		if !ok {
			f.setNotice("Cette fiche est déjà celle d'un"+ficheFem(&f.p, "e")+" adhérent"+ficheFem(&f.p, "e")+" : rien à faire avancer.", false)
			return f, nil
		}
		lines := []string{ficheClean(f.p.FullName()) + " : " + f.p.Kind.String() + " → " + next.String() + "."}
		if next == model.KindAdherent {
			lines = append(lines, "Un numéro d'adhérent lui sera attribué, avec la date d'adhésion du jour si elle n'est pas renseignée.")
		}
		f.openDialog(NewConfirm(f.st, "Faire avancer cette fiche ? (o/n)", lines...), ficheActPromote)
	case key.Matches(msg, k.Mutate):
		if !f.ready() {
			return f, nil
		}
		if err := model.CanStartDeparture(&f.c.User, &f.p); err != nil && f.c.User.Username != "" {
			f.setNotice(err.Error(), true)
			return f, nil
		}
		return f, Push(NewDepartureScreen(f.c, f.p))
	case key.Matches(msg, k.Archive):
		if !f.ready() {
			return f, nil
		}
		if f.p.Archived {
			f.openDialog(NewConfirm(f.st, "Restaurer cette fiche ? (o/n)",
				"La fiche de "+ficheClean(f.p.FullName())+" réapparaîtra dans les listes et les recherches."), ficheActRestore)
		} else {
			f.openDialog(NewConfirm(f.st, "Archiver cette fiche ? (o/n)",
				"La fiche de "+ficheClean(f.p.FullName())+" disparaîtra des listes et des recherches, mais reste conservée.",
				"Vous pourrez la restaurer (a) depuis cette vue."), ficheActArchive)
		}
	case key.Matches(msg, k.Erase):
		if !f.ready() {
			return f, nil
		}
		name := ficheClean(f.p.LastName)
		f.openDialog(NewTypedConfirm(f.st, "Effacer définitivement cette fiche ?", name,
			"Pour confirmer, tapez son nom de famille : "+strings.ToUpper(name),
			"Droit à l'effacement (RGPD) : la fiche de "+ficheClean(f.p.FullName())+" sera supprimée du fichier pour toujours. Cette opération est irréversible.",
			"Le journal ne gardera que la trace qu'un effacement a eu lieu (par qui, quand), sans aucune donnée sur la personne."),
			ficheActErase)
	}
	f.clampOffset()
	return f, nil
}

// ready reports whether an action that changes the fiche may start; it
// says why not otherwise.
func (f *ficheScreen) ready() bool {
	switch {
	case f.gone:
		f.setNotice("Cette fiche n'existe plus.", true)
		return false
	case !f.loaded:
		return false
	case f.busy:
		f.setNotice("Opération en cours…", false)
		return false
	case f.c.User.Username != "" && !model.CanEdit(&f.c.User, f.p.Org):
		// The store refuses anyway; saying it here saves a useless dialog.
		f.setNotice("Vous n'avez que la lecture sur cette fiche : modification impossible.", true)
		return false
	}
	return true
}

func (f *ficheScreen) openDialog(d *ConfirmDialog, act ficheAction) {
	f.dialog, f.pending = d, act
	f.setNotice("", false)
}

func (f *ficheScreen) updateDialog(msg tea.Msg) tea.Cmd {
	res, cmd := f.dialog.Update(msg)
	switch res {
	case ConfirmNo:
		f.dialog, f.pending = nil, ficheActNone
		return nil
	case ConfirmYes:
		f.dialog = nil
		return f.run(f.pending)
	}
	return cmd
}

// run starts a confirmed action as a command.
func (f *ficheScreen) run(act ficheAction) tea.Cmd {
	if f.gone || !f.loaded {
		return nil
	}
	f.busy = true
	f.setNotice("Opération en cours…", false)
	c, id, version := f.c, f.id, f.p.Version
	return ask(f, func() (ficheActed, error) {
		out := ficheActed{act: act}
		var err error
		switch act {
		case ficheActPromote:
			out.p, err = c.Store.Promote(c.Session, id, version)
		case ficheActArchive:
			out.p, err = c.Store.SetArchived(c.Session, id, version, true)
		case ficheActRestore:
			out.p, err = c.Store.SetArchived(c.Session, id, version, false)
		case ficheActErase:
			err = c.Store.Erase(c.Session, id)
		}
		return out, err
	})
}

func (f *ficheScreen) actionDone(msg ficheActed, err error) tea.Cmd {
	f.busy = false
	f.pending = ficheActNone
	if err != nil {
		switch {
		case SessionEnded(err):
			return reportErr(err)
		case errors.Is(err, store.ErrStale):
			f.setNotice("La fiche a été modifiée entre-temps par quelqu'un d'autre : elle est rechargée, recommencez.", true)
			return f.load()
		case errors.Is(err, store.ErrNotFound):
			f.gone = true
			f.setNotice("Cette fiche n'existe plus.", true)
			return nil
		}
		f.setNotice(ficheErrText(err), true)
		return nil
	}
	var text string
	switch msg.act {
	case ficheActErase:
		f.gone, f.loaded, f.closing = true, false, true
		return closeSaying(f, "Fiche effacée. Traces : « fichier compact » (fermé), puis sauvegardez à neuf.")
	case ficheActPromote:
		switch msg.p.Kind {
		case model.KindAdherent:
			text = "Adhésion enregistrée : n° " + ficheClean(msg.p.MemberNumber) + ", le " + msg.p.JoinDate.String() + "."
		default:
			text = "Fiche passée en « " + msg.p.Kind.String() + " »."
		}
	case ficheActArchive:
		text = "Fiche archivée : elle n'apparaît plus dans les listes (a pour la restaurer)."
	case ficheActRestore:
		text = "Fiche restaurée : elle réapparaît dans les listes."
	}
	f.p = msg.p
	f.setNotice(text, false) // in the body only: said once, and wrapped there
	return f.load()
}

// ---------------------------------------------------------------------------
// Drawing

// contentHeight is the number of lines left for the tab's content.
func (f *ficheScreen) contentHeight() int {
	h := f.h - 1 // tab bar
	if f.notice != "" {
		h -= len(wrapText(f.notice, f.w-2))
	}
	return max(h, 1)
}

func (f *ficheScreen) clampOffset() {
	n := len(f.tabLines())
	maxOff := max(n-f.contentHeight(), 0)
	if n > f.contentHeight() {
		maxOff = n - (f.contentHeight() - 1) // the last line shows the scroll hint
	}
	f.offset = max(min(f.offset, maxOff), 0)
}

func (f *ficheScreen) View() string {
	var b strings.Builder
	b.WriteString(f.tabBar())
	body := f.h - 1
	var notice []string
	if f.notice != "" {
		style := f.st.Success
		if f.noticeErr {
			style = f.st.Error
		}
		for _, l := range wrapText(f.notice, f.w-2) {
			notice = append(notice, " "+style.Render(l))
		}
	}
	avail := max(body-len(notice), 0)

	var lines []string
	if f.dialog != nil {
		lines = strings.Split(f.dialog.View(f.w-2), "\n")
		for i := range lines {
			lines[i] = " " + lines[i]
		}
	} else {
		all := f.tabLines()
		if len(all) > avail && avail > 1 {
			end := min(f.offset+avail-1, len(all))
			lines = append(lines, all[f.offset:end]...)
			hint := fmt.Sprintf("  ↑↓ défiler · lignes %d–%d sur %d", f.offset+1, end, len(all))
			lines = append(lines, f.st.Muted.Render(hint))
		} else {
			lines = all
		}
	}
	if len(lines) > avail {
		lines = lines[:avail]
	}
	for _, l := range lines {
		b.WriteString("\n" + l)
	}
	for i := len(lines); i < avail && len(notice) > 0; i++ {
		b.WriteString("\n")
	}
	for _, l := range notice {
		b.WriteString("\n" + l)
	}
	return fitBlock(b.String(), f.w, f.h)
}

func (f *ficheScreen) tabBar() string {
	// The widest form that fits: full names first, then short ones; spaced
	// separators first, then tight ones.
	for _, short := range []bool{false, true} {
		for _, sep := range []string{" │ ", "│"} {
			var parts []string
			width := 1 + ansi.StringWidth(sep)*(ficheTabCount-1)
			for i, names := range ficheTabNames {
				name := names[0]
				if short {
					name = names[1]
				}
				if i == f.tab {
					parts = append(parts, f.st.ActiveTab.Render("["+name+"]"))
					width += 2
				} else {
					parts = append(parts, f.st.Tab.Render(name))
				}
				width += ansi.StringWidth(name)
			}
			if width <= f.w || (short && sep == "│") {
				return " " + strings.Join(parts, f.st.Muted.Render(sep))
			}
		}
	}
	return ""
}

// ficheItem is one label/value pair of a tab.
type ficheItem struct {
	label, value string
	wide         bool // on its own line, wrapped
}

// tabLines renders the current tab's content, one string per line.
func (f *ficheScreen) tabLines() []string {
	switch {
	case f.gone:
		return []string{"", "  " + f.st.Muted.Render("Cette fiche n'existe plus (effacée, ou hors de votre périmètre)."), "  " + f.st.Muted.Render("esc pour revenir.")}
	case f.loadErr != nil && !f.loaded:
		return []string{"", "  " + f.st.Error.Render(ficheErrText(f.loadErr)), "  " + f.st.Muted.Render("r pour réessayer · esc pour revenir.")}
	case !f.loaded:
		return []string{"", "  " + f.st.Muted.Render("Chargement de la fiche…")}
	}
	if f.tab == ficheTabHistory {
		return f.historyLines()
	}
	items, notes := f.groupItems(ficheTabNames[f.tab][0])
	if f.tab == ficheTabOrg {
		items = append(items, f.recordItems()...)
	}
	return append(f.grid(items), notes...)
}

// groupItems are the attributes the form has in group, each named by its
// short label (model.Fields: as the journal, in the Historique tab, names
// it), and the lines of its notes.
func (f *ficheScreen) groupItems(group string) (items []ficheItem, notes []string) {
	for _, s := range formSpecs() {
		switch {
		case s.group != group:
		case s.field.Type == model.TypeNotes:
			notes = append(notes, f.notesLines(*s.field.Str(&f.p))...)
		default:
			items = append(items, ficheItem{label: s.field.Short, value: f.fieldValue(s.field)})
		}
	}
	return items, notes
}

// fieldValue is an attribute's value as the fiche shows it ("" for none).
func (f *ficheScreen) fieldValue(fd *model.Field) string {
	p := &f.p
	switch fd.Type {
	case model.TypeUnit:
		if id := model.UnitID(fd.Num(p)); id != 0 {
			return f.unitName(id)
		}
		return "— (sans " + strings.ToLower(fd.Short) + ")"
	case model.TypePhone:
		return model.FormatPhone(*fd.Str(p))
	case model.TypeChannels:
		if v := fd.Text(p); v != "" {
			return v
		}
		return "aucun canal indiqué"
	case model.TypeYesNo:
		return model.YesNo(*fd.FlagPtr(p))
	}
	switch fd.Key {
	case model.FieldKind:
		return ficheKindLabel(p) // in the feminine for a woman
	case model.FieldLastName:
		return strings.ToUpper(p.LastName)
	case model.FieldBirthDate:
		if birth, age := fd.Text(p), p.BirthDate.AgeAt(ficheToday(f.c)); birth != "" && age >= 0 {
			return fmt.Sprintf("%s · %d ans", birth, age)
		}
	}
	return fd.Text(p)
}

// recordItems are what the file keeps about the fiche besides its
// attributes: dues, identifier, archiving, mutations, who made it.
func (f *ficheScreen) recordItems() []ficheItem {
	p := &f.p
	items := []ficheItem{
		{label: "Cotisation", value: ficheDues(f.dues, p.Contribution), wide: true},
		{label: "ID unique", value: FormatCount(int(p.ID))},
	}
	if p.Archived {
		items = append(items, ficheItem{label: model.FieldFor(model.FieldArchived).Short, value: "oui — masquée des listes (a pour la restaurer)", wide: true})
	}
	items = append(items, ficheMutationItems(p)...)
	return append(items,
		ficheItem{label: "Créée", value: ficheWhen(p.CreatedAt, p.CreatedBy), wide: true},
		ficheItem{label: "Modifiée", value: ficheWhen(p.UpdatedAt, p.UpdatedBy), wide: true},
	)
}

// notesLines are a text of several lines, each wrapped to the width.
func (f *ficheScreen) notesLines(text string) []string {
	notes := strings.TrimSpace(model.StripControlMultiline(text))
	if notes == "" {
		return []string{"  " + f.st.Muted.Render("— aucune note (e pour en ajouter)")}
	}
	var out []string
	for _, para := range strings.Split(notes, "\n") {
		for _, l := range wrapText(para, f.w-4) {
			out = append(out, "  "+l)
		}
	}
	return out
}

// grid lays items out in two columns when the width allows (wide items,
// and values too long for a column, on their own line, wrapped), in one
// column otherwise. The labels' column is as wide as the longest label.
func (f *ficheScreen) grid(items []ficheItem) []string {
	labelW := 0
	for _, it := range items {
		labelW = max(labelW, ansi.StringWidth(it.label)+1)
	}
	labelW = min(labelW, 22)
	if f.w < 64 {
		labelW = min(labelW, max(f.w/3, 8))
	}
	twoCols := f.w >= 70
	colW := (f.w - 2) / 2
	for i := range items {
		if twoCols && ansi.StringWidth(ficheClean(items[i].value)) > colW-labelW-1 {
			items[i].wide = true
		}
	}
	cell := func(it ficheItem, width int) string {
		v := ficheClean(it.value)
		label := f.st.Label.Render(labelCell(it.label, labelW))
		if v == "" {
			return label + f.st.Muted.Render("—") + strings.Repeat(" ", max(width-labelW-1, 0))
		}
		v = ansi.Truncate(v, max(width-labelW-1, 1), "…")
		return label + f.st.Value.Render(v) + strings.Repeat(" ", max(width-labelW-ansi.StringWidth(v), 0))
	}
	var out []string
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.wide || !twoCols {
			v := ficheClean(it.value)
			if v == "" {
				out = append(out, "  "+f.st.Label.Render(labelCell(it.label, labelW))+f.st.Muted.Render("—"))
				continue
			}
			for j, l := range wrapText(v, max(f.w-2-labelW, 10)) {
				label := strings.Repeat(" ", labelW)
				if j == 0 {
					label = labelCell(it.label, labelW)
				}
				out = append(out, "  "+f.st.Label.Render(label)+f.st.Value.Render(l))
			}
			continue
		}
		line := "  " + cell(it, colW)
		if i+1 < len(items) && !items[i+1].wide {
			i++
			line += cell(items[i], colW)
		}
		out = append(out, strings.TrimRight(line, " "))
	}
	return out
}

// historyLines renders the journal of the fiche, newest first.
func (f *ficheScreen) historyLines() []string {
	if f.histErr != nil {
		return []string{"  " + f.st.Error.Render(ficheErrText(f.histErr))}
	}
	if len(f.hist) == 0 {
		return []string{"  " + f.st.Muted.Render("— aucun historique")}
	}
	var out []string
	width := max(f.w-6, 10)
	for _, e := range f.hist {
		head := dateTime(e.At) + "  " + ficheClean(e.Actor) + "  " + e.Action.HistoryLabel()
		out = append(out, "  "+f.st.Key.Render(ansi.Truncate(head, f.w-2, "…")))
		if d := ficheClean(e.Detail); d != "" {
			for _, l := range wrapText(d, width) {
				out = append(out, "    "+f.st.Muted.Render(l))
			}
		}
		for _, ch := range e.Changes {
			if strings.Contains(ch.Old, "\n") || strings.Contains(ch.New, "\n") {
				out = append(out, f.multiLineChange(ch, width)...)
				continue
			}
			old, nw := ficheChangeValues(ch)
			line := ficheClean(ch.Field) + " : " + old + " → " + nw
			for _, l := range wrapText(line, width) {
				out = append(out, "    "+l)
			}
		}
	}
	return out
}

func (f *ficheScreen) unitName(id model.UnitID) string {
	if id == 0 {
		return ""
	}
	u, ok := f.units[id]
	if !ok {
		return "#" + strconv.FormatUint(uint64(id), 10)
	}
	return unitLabel(u)
}

// unitLabel is a unit as the fiche and the form name it: a federation with
// its department number, a closed unit said so.
func unitLabel(u model.Unit) string {
	name := ficheClean(u.Name)
	if u.Level == model.LevelFederation && u.Code != "" {
		name += " (" + ficheClean(u.Code) + ")"
	}
	if u.Closed {
		name += " (fermée)"
	}
	return name
}

// ---------------------------------------------------------------------------
// Helpers shared by the fiche view and the form (prefixed to stay out of the
// way of the rest of the package).

func fichePtr[T any](v T) *T { return &v }

// multiLineChange shows a change of a text of several lines (notes) as
// two blocks, before and after, each keeping its lines.
func (f *ficheScreen) multiLineChange(ch model.Change, width int) []string {
	out := []string{"    " + ficheClean(ch.Field) + " :"}
	for _, side := range []struct{ label, text string }{{"avant", ch.Old}, {"après", ch.New}} {
		prefix := "      " + side.label + " : "
		lines := strings.Split(side.text, "\n") // each line cleaned below
		if strings.TrimSpace(side.text) == "" {
			lines = []string{"—"}
		}
		for _, l := range lines {
			for _, w := range wrapText(ficheClean(l), max(width-len(prefix)+4, 10)) {
				out = append(out, f.st.Muted.Render(prefix)+w)
				prefix = strings.Repeat(" ", len("      avant : "))
			}
		}
	}
	return out
}

// ficheClean makes data text safe to draw on one line.
func ficheClean(s string) string {
	return strings.Join(strings.Fields(model.StripControl(s)), " ")
}

// ficheChangeValues is a journal change's old and new values as shown (the
// fiche's history and the journal entry): phones formatted, "—" for none.
func ficheChangeValues(ch model.Change) (old, nw string) {
	old, nw = ficheClean(ch.Old), ficheClean(ch.New)
	if isPhoneChange(ch) {
		old, nw = model.FormatPhone(old), model.FormatPhone(nw)
	}
	if old == "" {
		old = "—"
	}
	if nw == "" {
		nw = "—"
	}
	return old, nw
}

// isPhoneChange reports whether a journal change is a phone number's (the
// journal names an attribute by its short label, model.Diff).
func isPhoneChange(ch model.Change) bool {
	for i := range model.Fields {
		if f := &model.Fields[i]; f.Short == ch.Field {
			return f.Type == model.TypePhone
		}
	}
	return false
}

// ficheFem returns suffix for a woman (Mme or genre femme), "" otherwise.
func ficheFem(p *model.Person, suffix string) string {
	if p.Civility == model.CivilityMme || (p.Civility == model.CivilityNone && p.Gender == model.GenderFemale) {
		return suffix
	}
	return ""
}

// ficheKindLabel is the kind, in the feminine for a woman.
func ficheKindLabel(p *model.Person) string {
	switch p.Kind {
	case model.KindAdherent:
		return "adhérent" + ficheFem(p, "e")
	case model.KindCompagnon:
		if ficheFem(p, "e") != "" {
			return "compagne de route"
		}
		return "compagnon de route"
	case model.KindContact:
		return "contact"
	}
	return "type inconnu"
}

func ficheWhen(t time.Time, by string) string {
	s := dateTime(t)
	if by = ficheClean(by); by != "" {
		s += " par " + by
	}
	return s
}

func ficheToday(c *Common) model.Date {
	if c != nil && c.Now != nil {
		return model.DateOf(c.Now())
	}
	return model.DateOf(time.Now())
}

// ficheErrText is an error as shown to the user (store errors are French).
func ficheErrText(err error) string {
	var verrs model.ValidationErrors
	if errors.As(err, &verrs) {
		return "Enregistrement refusé : " + verrs.Error()
	}
	s := ficheClean(err.Error())
	if s == "" {
		return "erreur"
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// ficheDues is the dues line of the Organisation tab: the computed status
// and the agreed contribution ("" for a fiche without dues).
func ficheDues(d model.DuesStatus, c model.Contribution) string {
	text := d.String()
	if text != "" && !c.IsZero() {
		text += " · convenue " + c.String()
	}
	return text
}
