package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// journalScreen is « Journal »: the audit log in the viewer's scope,
// newest first, filtered by a small language typed in its bar (par:,
// compte:, fiche:, type:, du:, au:). Entries come by pages (journalPageSize),
// loaded by commands as the cursor nears the end; only the visible rows are
// drawn, and the names of their fiches are read from the index for those
// rows only — as the list of fiches does.
type journalScreen struct {
	c      *Common
	width  int
	height int
	keys   journalKeys

	filter  textinput.Model
	focused bool
	text    string // the filter the entries on screen answer
	ferr    string

	entries []model.AuditEntry
	end     bool // no older entry
	loaded  bool
	loading bool
	stale   bool // a change was committed: reload the first page when idle
	seq     uint64
	spec    store.JournalFilter // the filter of the pages being loaded

	tab   table                     // over entries
	names map[model.PersonID]string // fiches of the visible rows
}

// journalPageSize is how many entries one command loads.
const journalPageSize = 200

type journalKeys struct {
	list                      listKeys
	Filter, Leave, Open, Back key.Binding
	Clear                     key.Binding
	focused                   bool
}

func (k journalKeys) ShortHelp() []key.Binding {
	if k.focused {
		return []key.Binding{k.Leave, k.Clear}
	}
	return []key.Binding{k.Open, k.Filter, arrowsHelp, k.Back}
}

func (k journalKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		k.list.moves(),
		{k.Open, k.Filter, k.Clear, k.Back},
	}
}

// journalPage is a page of entries for the filter text (spec) of load seq;
// first is the first page of that filter.
type journalPage struct {
	seq     uint64
	text    string
	spec    store.JournalFilter
	entries []model.AuditEntry
	first   bool
}

// NewJournalScreen is « 9 Journal ».
func NewJournalScreen(c *Common) Screen { return newJournalScreen(c, "") }

func newJournalScreen(c *Common, filter string) *journalScreen {
	j := &journalScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, names: map[model.PersonID]string{}}
	j.keys = journalKeys{
		list:   newListKeys(),
		Filter: binding([]string{"/"}, "/", "filtrer"),
		Leave:  binding([]string{"enter", "esc"}, "entrée", "vers le journal"),
		Open:   binding([]string{"enter"}, "entrée", "détails"),
		Back:   binding([]string{"esc"}, "esc", "effacer le filtre / retour"),
		Clear:  binding([]string{"ctrl+u"}, "ctrl+u", "effacer"),
	}
	j.filter = newInput(c.Styles, "par:amartin compte:mroux fiche:123 type:connexion du:01/11/2026 au:30/11/2026", 300)
	j.filter.SetValue(filter)
	j.tab = newTable(j.keys.list)
	j.tab.SetHeight(j.rowsHeight())
	return j
}

func (j *journalScreen) screenKey() string { return "9" }

func (j *journalScreen) Init() tea.Cmd { return j.reload(j.filter.Value()) }

func (j *journalScreen) SetSize(w, h int) {
	j.width, j.height = w, h
	j.filter.Width = max(w-5, 5)
	j.tab.SetHeight(j.rowsHeight())
	j.fillNames()
}

func (j *journalScreen) Title() string {
	if t := strings.TrimSpace(j.text); t != "" {
		return "Journal · /" + t
	}
	return "Journal"
}

func (j *journalScreen) Status() string {
	if !j.loaded {
		return "chargement…"
	}
	more := ""
	if !j.end {
		more = "+"
	}
	st := FormatCount(len(j.entries)) + more + " " + plural(len(j.entries), "entrée", "entrées")
	if j.loading {
		st += " · chargement…"
	}
	return st + " · les plus récentes d'abord"
}

func (j *journalScreen) Keys() help.KeyMap { j.keys.focused = j.focused; return j.keys }
func (j *journalScreen) Capturing() bool   { return j.focused }
func (j *journalScreen) Dirty() bool       { return false }

// reload starts over on a filter: its first page.
func (j *journalScreen) reload(text string) tea.Cmd {
	spec, account, err := parseJournalFilter(text, j.c.Now())
	if err != nil {
		j.ferr = err.Error()
		return nil
	}
	j.ferr = ""
	j.seq++
	j.loading, j.stale = true, false
	seq, st, sess := j.seq, j.c.Store, j.c.Session
	return ask(j, func() (p journalPage, err error) {
		p = journalPage{seq: seq, text: text, first: true}
		if account != "" {
			users, err := st.Users(sess)
			if err != nil {
				return p, err
			}
			found := false
			for _, u := range users {
				if u.Username == account {
					spec.UserID, found = u.ID, true
				}
			}
			if !found {
				return p, fmt.Errorf("aucun responsable « %s » dans votre périmètre", account)
			}
		}
		spec.Limit = journalPageSize
		p.spec = spec
		p.entries, err = st.Journal(sess, spec)
		return p, err
	})
}

// more loads the next page when the cursor nears the end.
func (j *journalScreen) more() tea.Cmd {
	if j.loading || j.end || !j.loaded || len(j.entries) == 0 || j.tab.Cursor() < len(j.entries)-2*j.rowsHeight() {
		return nil
	}
	j.loading = true
	spec := j.spec
	spec.Before = j.entries[len(j.entries)-1].ID
	seq, text, st, sess := j.seq, j.text, j.c.Store, j.c.Session
	return ask(j, func() (journalPage, error) {
		entries, err := st.Journal(sess, spec)
		return journalPage{seq: seq, text: text, spec: spec, entries: entries}, err
	})
}

func (j *journalScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[journalPage]:
		page := msg.val
		if page.seq != j.seq {
			return j, nil // an older filter's page
		}
		j.loading = false
		if msg.err != nil {
			return j, keepErr(&j.ferr, msg.err)
		}
		if page.first {
			j.entries = nil
			j.tab.SetCursor(0)
			j.text, j.spec = page.text, page.spec
		}
		j.spec.Before = 0
		j.entries = append(j.entries, page.entries...)
		j.tab.SetLen(len(j.entries))
		j.end = len(page.entries) < journalPageSize
		j.loaded = true
		j.fillNames()
		if j.stale && j.tab.Cursor() == 0 {
			return j, j.reload(j.text)
		}
		return j, j.more()
	case StoreEventMsg:
		// New entries go on top: reload the first page, unless the
		// responsable is reading further down (it would move under them).
		if j.tab.Cursor() == 0 && !j.loading {
			return j, j.reload(j.text)
		}
		j.stale = true // reloaded once idle and back at the top
		return j, nil
	case tea.KeyMsg:
		if j.focused {
			return j, j.filterKey(msg)
		}
		return j, j.key(msg)
	}
	return j, nil
}

func (j *journalScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := j.keys
	if j.tab.Move(msg) {
		if j.tab.Cursor() == 0 && j.stale && !j.loading {
			return j.reload(j.text) // back at the top: the entries committed meanwhile
		}
		j.fillNames()
		return j.more()
	}
	switch {
	case key.Matches(msg, k.Filter):
		j.focused = true
		j.filter.Focus()
		j.filter.CursorEnd()
	case key.Matches(msg, k.Open):
		if i := j.tab.Selected(); i >= 0 {
			e := j.entries[i]
			return Push(newJournalEntryScreen(j.c, e, j.names[e.PersonID]))
		}
	case key.Matches(msg, k.Back):
		if j.filter.Value() != "" {
			j.filter.SetValue("")
			return j.reload("")
		}
		return closeScreen(j)
	}
	return nil
}

func (j *journalScreen) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, j.keys.Leave):
		j.focused = false
		j.filter.Blur()
		if j.filter.Value() != j.text || j.ferr != "" {
			return j.reload(j.filter.Value())
		}
		return nil
	case key.Matches(msg, j.keys.Clear):
		j.filter.SetValue("")
		return j.reload("")
	}
	before := j.filter.Value()
	var cmd tea.Cmd
	j.filter, cmd = j.filter.Update(msg)
	if after := j.filter.Value(); after != before {
		// Filter as one types, once what is typed parses.
		if _, _, err := parseJournalFilter(after, j.c.Now()); err == nil {
			return tea.Batch(cmd, j.reload(after))
		} else {
			j.ferr = err.Error()
		}
	}
	return cmd
}

// parseJournalFilter reads the journal's filter: words par:USERNAME (who
// did it), compte:USERNAME (about which account), fiche:ID (about which
// fiche; a bare number too), type:KIND (fiche, export, import, connexion, échec,
// responsable, structure, autre — a prefix is enough), du:JJ/MM/AAAA and
// au:JJ/MM/AAAA (both days included); a bare word is par:.
func parseJournalFilter(text string, now time.Time) (f store.JournalFilter, account string, err error) {
	loc := now.Location()
	for _, w := range strings.Fields(text) {
		name, value, hasColon := strings.Cut(w, ":")
		if !hasColon {
			name, value = "", w
		}
		name = model.Fold(name)
		value = strings.TrimSpace(value)
		switch name {
		case "":
			if _, err := strconv.ParseUint(value, 10, 64); err == nil {
				name = "fiche"
			} else {
				name = "par"
			}
		}
		switch name {
		case "par", "auteur":
			f.Actor = strings.ToLower(value)
		case "compte", "responsable":
			account = strings.ToLower(value)
		case "fiche", "id":
			n, err := strconv.ParseUint(strings.TrimPrefix(value, "#"), 10, 64)
			if err != nil || n == 0 {
				return f, "", fmt.Errorf("fiche:%s : tapez l'ID de la fiche (un nombre)", value)
			}
			f.PersonID = model.PersonID(n)
		case "type", "quoi":
			v := model.Fold(value)
			if v == "" {
				return f, "", errors.New("type: " + journalKindWords())
			}
			if strings.HasPrefix("echec", v) && len(v) >= 2 {
				f.Action = model.ActionLoginFail
				continue
			}
			var found []model.ActionKind
			for _, k := range model.ActionKinds {
				if strings.HasPrefix(model.Fold(string(k)), v) {
					found = append(found, k)
				}
			}
			if len(found) != 1 {
				return f, "", fmt.Errorf("type:%s inconnu : %s", value, journalKindWords())
			}
			f.Kind = found[0]
		case "du", "depuis", "au", "jusqua":
			d, err := model.ParseDate(value)
			if err != nil || d == 0 {
				return f, "", fmt.Errorf("%s:%s : date attendue comme 25/11/2026", name, value)
			}
			t := time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, loc)
			if name == "du" || name == "depuis" {
				f.Since = t
			} else {
				f.Until = t.AddDate(0, 0, 1)
			}
		default:
			return f, "", fmt.Errorf("« %s: » inconnu : par:, compte:, fiche:, type:, du:, au:", name)
		}
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		return f, "", errors.New("la date « au: » précède la date « du: »")
	}
	return f, account, nil
}

// ---- drawing

// rowsHeight is the body less the filter bar, its message line and the headers.
func (j *journalScreen) rowsHeight() int { return max(j.height-3, 1) }

// fillNames reads the names of the visible rows' fiches from the index (in
// memory, a few microseconds), as the list does for its window.
func (j *journalScreen) fillNames() {
	var ids []model.PersonID
	for _, i := range j.tab.Window() {
		if id := j.entries[i].PersonID; id != 0 {
			if _, ok := j.names[id]; !ok {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 || j.c.Session == nil {
		return
	}
	if len(j.names) > 5000 {
		clear(j.names)
	}
	people, err := j.c.Store.Peek(j.c.Session, ids)
	if err != nil {
		return
	}
	for _, id := range ids {
		j.names[id] = "" // gone or out of scope: not asked again
	}
	for _, p := range people {
		j.names[p.ID] = strings.ToUpper(model.StripControl(p.LastName)) + " " + model.StripControl(p.FirstName)
	}
}

// subject is what an entry is about, for its row.
func (j *journalScreen) subject(e *model.AuditEntry) string {
	switch {
	case e.PersonID != 0:
		if n := j.names[e.PersonID]; n != "" {
			return n
		}
		if e.Action == model.ActionPersonErase {
			return "fiche " + FormatCount(int(e.PersonID)) + " effacée"
		}
		if e.Detail != "" && model.KindOf(e.Action) == model.KindResponsable {
			return ficheClean(e.Detail)
		}
		return "fiche " + FormatCount(int(e.PersonID))
	case e.Detail != "":
		return ficheClean(e.Detail)
	case len(e.Changes) > 0:
		return ficheClean(e.Changes[0].Field)
	}
	return ""
}

func (j *journalScreen) View() string {
	s := j.c.Styles
	var b []string
	switch {
	case j.focused:
		b = append(b, fit(" "+s.Key.Render("/")+" "+j.filter.View(), j.width))
	case j.filter.Value() == "":
		b = append(b, s.Muted.Render(fit(" / filtrer : par:amartin compte:mroux fiche:123 type:connexion du:01/11/2026", j.width)))
	default:
		b = append(b, fit(" "+s.Muted.Render("/")+" "+model.StripControl(j.filter.Value()), j.width))
	}
	switch {
	case j.ferr != "":
		b = append(b, "   "+s.Error.Render(fit(model.StripControl(j.ferr), j.width-4)))
	case j.focused:
		b = append(b, s.Muted.Render(fit("   type: fiche, export, connexion, échec, responsable, structure · entrée : vers le journal", j.width)))
	default:
		b = append(b, "")
	}
	whenW, whoW, whatW := 14, 14, 22
	if j.width < 72 { // narrow: who and what shrink, the subject keeps some room
		whoW, whatW = 10, 16
	}
	subW := max(j.width-2-whenW-whoW-whatW-3, 8)
	b = append(b, "  "+s.Label.Render(cell("Quand", whenW)+" "+cell("Qui", whoW)+" "+cell("Quoi", whatW)+" "+cell("Sur", subW)))
	if j.loaded && len(j.entries) == 0 {
		b = append(b, "  "+s.Muted.Render("aucune entrée ne correspond"))
	}
	b = append(b, j.tab.Marked(func(i int, selected bool) string {
		e := &j.entries[i]
		line := cell(shortDateTime(e.At), whenW) + " " + cell(ficheClean(e.Actor), whoW) + " " + cell(e.Action.Label(), whatW) + " " + cell(j.subject(e), subW)
		switch {
		case selected:
			return s.Selected.Render(line)
		case e.Action == model.ActionLoginFail:
			return s.Warning.Render(line)
		}
		return line
	})...)
	return strings.Join(b, "\n")
}

// journalKindWords lists what type: accepts: the action kinds, and échec.
func journalKindWords() string {
	words := make([]string, 0, len(model.ActionKinds)+1)
	for _, k := range model.ActionKinds {
		words = append(words, string(k))
		if k == model.KindLogin {
			words = append(words, "échec")
		}
	}
	return model.OrList(words)
}
