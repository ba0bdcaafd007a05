package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// mergeScreen compares two fiches field by field. The kept fiche gets the
// union of both: what it lacks is taken from the other, lists and notes
// are joined; for each field set differently on both sides, the
// responsable picks a side (the kept fiche's by default). The other fiche
// is then deleted, its history attached to the kept one (store.MergePeople).
type mergeScreen struct {
	c       *Common
	ids     [2]model.PersonID
	reasons []string
	width   int
	height  int
	keys    mergeKeys

	loaded   bool
	people   [2]model.Person
	keep     int             // 0 or 1: the fiche kept
	choice   map[string]bool // conflict key → take the other fiche's value
	merged   model.Person
	rows     []mergeRow
	tab      table // over rows
	confirm  *ConfirmDialog
	busy     bool
	err      string
	conflict []string
}

type mergeRow struct {
	key      string
	label    string
	a, b     string
	result   string
	conflict bool
}

type mergeKeys struct {
	nav                      listKeys
	Pick, Swap, Merge, Close key.Binding
}

func (k mergeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Merge, k.Pick, k.Swap, k.Close, arrowsHelp} // m first: never dropped at 80 columns
}
func (k mergeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.nav.Up, k.nav.Down}, {k.Pick, k.Swap, k.Merge, k.Close}}
}

type (
	mergeLoaded [2]model.Person // the two fiches
	merged      model.Person    // the fiche kept, with all
)

func newMergeScreen(c *Common, a, b model.PersonID, reasons []string) *mergeScreen {
	s := &mergeScreen{c: c, ids: [2]model.PersonID{a, b}, reasons: reasons, width: defaultWidth, height: defaultHeight - Chrome, choice: map[string]bool{}}
	s.keys = mergeKeys{
		nav:   newListKeys(),
		Pick:  binding([]string{"left", "right", " "}, "←→", "choisir la valeur"),
		Swap:  binding([]string{"g"}, "g", "garder l'autre fiche"),
		Merge: binding([]string{"m"}, "m", "fusionner"),
		Close: binding([]string{"esc"}, "esc", "retour"),
	}
	s.tab = newTable(s.keys.nav)
	return s
}

func (s *mergeScreen) Init() tea.Cmd {
	st, sess, ids := s.c.Store, s.c.Session, s.ids
	return ask(s, func() (people mergeLoaded, err error) {
		for i, id := range ids {
			if people[i], err = st.Get(sess, id); err != nil {
				return people, err
			}
		}
		return people, nil
	})
}

func (s *mergeScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *mergeScreen) Title() string {
	return fmt.Sprintf("Doublons · fiches ID %d et ID %d", s.ids[0], s.ids[1])
}
func (s *mergeScreen) Status() string {
	if !s.loaded {
		return "lecture des deux fiches…"
	}
	n := len(s.conflict)
	return fmt.Sprintf("fiche gardée : ID %d · %d %s", s.people[s.keep].ID, n, plural(n, "valeur à choisir", "valeurs à choisir"))
}
func (s *mergeScreen) Keys() help.KeyMap {
	if s.confirm != nil {
		return s.confirm.Keys()
	}
	return s.keys
}
func (s *mergeScreen) Capturing() bool { return false }
func (s *mergeScreen) Dirty() bool     { return false }

// compute builds the merged fiche and the rows shown.
func (s *mergeScreen) compute() {
	keep, other := s.people[s.keep], s.people[1-s.keep]
	s.merged = keep.Clone()
	model.FillEmpty(&s.merged, &other, nil)
	s.conflict = model.ConflictKeys(&keep, &other)
	for _, k := range s.conflict {
		if s.choice[k] {
			f, _ := model.MergeFieldFor(k)
			f.Take(&s.merged, &other)
		}
	}
	s.rows = s.rows[:0]
	show := func(k string, p *model.Person) string {
		f, _ := model.MergeFieldFor(k)
		switch k {
		case model.FieldOrg:
			if p.Org == (model.Org{}) {
				return ""
			}
			return s.c.Store.Describe(p.Org)
		case model.FieldMobile, model.FieldLandline:
			return model.FormatPhone(f.Get(p))
		}
		return f.Get(p)
	}
	for _, f := range model.MergeFields {
		a, b := show(f.Key, &s.people[0]), show(f.Key, &s.people[1])
		if a == "" && b == "" {
			continue
		}
		s.rows = append(s.rows, mergeRow{key: f.Key, label: f.Label, a: a, b: b, result: show(f.Key, &s.merged), conflict: slices.Contains(s.conflict, f.Key)})
	}
	s.tab.SetLen(len(s.rows))
}

func (s *mergeScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[mergeLoaded]:
		if msg.err != nil {
			return s, tea.Batch(closeScreen(s), reportErr(msg.err))
		}
		s.people, s.loaded = msg.val, true
		// Keep the fiche further along the path (an adherent's), else the older.
		if s.people[1].Kind > s.people[0].Kind {
			s.keep = 1
		}
		s.compute()
		return s, nil
	case reply[merged]:
		s.busy = false
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		return s, closeSaying(s, fmt.Sprintf("Fiches fusionnées : la fiche ID %d garde tout, son historique compris", msg.val.ID))
	case StoreEventMsg:
		return s, nil
	case tea.KeyMsg:
		if s.busy || !s.loaded {
			if msg.String() == "esc" && !s.busy {
				return s, closeScreen(s)
			}
			return s, nil
		}
		if s.confirm != nil {
			return s, confirmKey(&s.confirm, msg, s.merge, nil)
		}
		s.tab.SetHeight(max(s.height-6, 1))
		if s.tab.Move(msg) {
			return s, nil
		}
		switch {
		case key.Matches(msg, s.keys.Pick):
			if i := s.tab.Selected(); i >= 0 && s.rows[i].conflict {
				k := s.rows[i].key
				s.choice[k] = !s.choice[k]
				s.compute()
			}
		case key.Matches(msg, s.keys.Swap):
			s.keep = 1 - s.keep
			clear(s.choice)
			s.compute()
		case key.Matches(msg, s.keys.Merge):
			keep, drop := s.people[s.keep], s.people[1-s.keep]
			s.err = ""
			s.confirm = NewConfirm(s.c.Styles, "Fusionner ces deux fiches ?",
				fmt.Sprintf("La fiche ID %d (%s) est gardée, complétée comme ci-dessus.", keep.ID, model.StripControl(keep.SortName())),
				fmt.Sprintf("La fiche ID %d (%s) est supprimée ; son historique est rattaché à la fiche gardée. La fusion est inscrite au journal.", drop.ID, model.StripControl(drop.SortName())))
		case key.Matches(msg, s.keys.Close):
			return s, closeScreen(s)
		}
	}
	return s, nil
}

func (s *mergeScreen) merge() tea.Cmd {
	s.busy = true
	st, sess := s.c.Store, s.c.Session
	keep, drop := s.merged.Clone(), s.people[1-s.keep]
	return ask(s, func() (merged, error) {
		p, err := st.MergePeople(sess, keep, drop.ID, drop.Version)
		return merged(p), err
	})
}

func (s *mergeScreen) View() string {
	st := s.c.Styles
	if !s.loaded {
		return "\n  " + st.Muted.Render("lecture des deux fiches…")
	}
	if s.confirm != nil {
		return strings.Join(dialogBody(s.confirm, s.width), "\n")
	}
	labelW := 20
	colW := max((s.width-labelW-8)/3, 8)
	kept := func(i int) string {
		t := fmt.Sprintf("Fiche ID %d", s.people[i].ID)
		if i == s.keep {
			t += " (gardée)"
		}
		return t
	}
	out := []string{
		"  " + st.Title.Render("Même personne ?") + st.Muted.Render(" "+strings.Join(s.reasons, ", ")),
		"  " + st.Label.Render(padRight("", labelW)+" "+cell(kept(0), colW)+" "+cell(kept(1), colW)+" "+cell("Après fusion", colW)),
	}
	s.tab.SetHeight(max(s.height-6, 1))
	for _, i := range s.tab.Window() {
		r := s.rows[i]
		flat := func(v string) string { return model.StripControl(strings.ReplaceAll(v, "\n", " ⏎ ")) }
		a, b := cell(flat(r.a), colW), cell(flat(r.b), colW)
		if r.conflict {
			if s.choice[r.key] == (s.keep == 0) {
				b = st.Key.Render(b)
			} else {
				a = st.Key.Render(a)
			}
		}
		line := padRight(r.label, labelW) + " " + a + " " + b + " " + cell(flat(r.result), colW)
		mark := "  "
		if r.conflict {
			mark = st.Warning.Render("≠ ")
		}
		if i == s.tab.Selected() {
			out = append(out, "▸"+mark+st.Selected.Render(fit(line, s.width-4)))
		} else {
			out = append(out, " "+mark+fit(line, s.width-4))
		}
	}
	out = append(out, "")
	if status := formStatus(st, s.busy, "fusion…", s.err, s.width); status != nil {
		return strings.Join(append(out, status...), "\n")
	}
	out = append(out, "  "+st.Muted.Render("≠ : valeurs différentes, ←→ pour choisir (en gras : la valeur gardée) · g : garder l'autre fiche · m : fusionner"))
	return strings.Join(out, "\n")
}
