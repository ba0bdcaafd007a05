package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// structScreen is « Structure »: the units of the responsable's scope as a
// tree (fédérations › sections › cellules) with the adherents, compagnons
// de route and contacts of each. With création et modification at a level,
// one creates, renames and closes the units just below it: a federation
// responsable its sections, a section responsable its cells.
type structScreen struct {
	c      *Common
	width  int
	height int
	keys   structKeys

	me         model.User
	units      map[model.UnitID]model.Unit
	counts     map[model.UnitID]store.Counts
	rows       []structRow
	showClosed bool
	loaded     bool
	loads      loader[structLoaded]
	tree       table

	mode    structMode
	form    dialogForm // the name (and a federation's code) of a unit created or renamed
	parent  model.Org
	editing model.Unit // renamed or closed
	dests   []model.Org
	destNms []string
	destTab table // picks among dests, with type-to-search
	dialog  *ConfirmDialog
	busy    bool
	err     string
}

type structMode int

const (
	structBrowse structMode = iota
	structCreate
	structRename
	structDest    // where the people of a closing unit go
	structConfirm // confirm the closing
)

// structRow is one line of the tree: a unit, the scope's root, or the
// adherents of a section who are in no cell.
type structRow struct {
	unit   model.Unit // zero for the national root and "sans cellule" rows
	path   model.Org  // where the row's people are (for the list) and its children go
	depth  int
	label  string
	counts store.Counts
	noCell bool
}

type structKeys struct {
	list                                   listKeys
	New, Rename, Close, Closed, Open, Back key.Binding
	Submit, Cancel                         key.Binding
	mode                                   structMode
	dialog                                 help.KeyMap
}

func (k structKeys) ShortHelp() []key.Binding {
	switch k.mode {
	case structCreate, structRename:
		return []key.Binding{k.Submit, k.Cancel}
	case structDest:
		return []key.Binding{k.Submit, arrowsHelp, k.Cancel}
	case structConfirm:
		return k.dialog.ShortHelp()
	}
	return []key.Binding{k.Open, k.New, k.Rename, k.Close, k.Closed}
}

func (k structKeys) FullHelp() [][]key.Binding {
	if k.mode != structBrowse {
		return [][]key.Binding{k.ShortHelp()}
	}
	return [][]key.Binding{
		k.list.moves(),
		{k.Open, k.New, k.Rename, k.Close, k.Closed, k.Back},
	}
}

type (
	// structLoaded is the responsable, the units of the scope and who is in each.
	structLoaded struct {
		me     model.User
		units  []model.Unit
		counts map[model.UnitID]store.Counts
	}
	// structDone is what a change did, for the notice.
	structDone string
	// structDests is where the people of a closing unit may go, and their names.
	structDests struct {
		dests []model.Org
		names []string
	}
)

// NewStructureScreen is « 7 Structure ».
func NewStructureScreen(c *Common) Screen { return newStructScreen(c) }

func newStructScreen(c *Common) *structScreen {
	s := &structScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	s.keys = structKeys{
		list:   newListKeys(),
		Open:   binding([]string{"enter"}, "entrée", "ses fiches"),
		New:    binding([]string{"n"}, "n", "nouvelle unité"),
		Rename: binding([]string{"r"}, "r", "renommer"),
		Close:  binding([]string{"f"}, "f", "fermer"),
		Closed: binding([]string{"h"}, "h", "unités fermées"),
		Back:   binding([]string{"esc"}, "esc", "retour"),
		Submit: binding([]string{"enter"}, "entrée", "valider"),
		Cancel: binding([]string{"esc"}, "esc", "annuler"),
	}
	s.tree = newTable(s.keys.list)
	s.destTab = newTable(newListKeys().arrowsOnly())
	return s
}

func (s *structScreen) screenKey() string { return "7" }

func (s *structScreen) Init() tea.Cmd { return s.load() }

func (s *structScreen) load() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	return s.loads.ask(s, func() (v structLoaded, err error) {
		if v.me, err = sess.User(); err != nil {
			return v, err
		}
		if v.units, err = st.Units(sess); err != nil {
			return v, err
		}
		v.counts, err = st.UnitCounts(sess)
		return v, err
	})
}

func (s *structScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.setWidth(clamp(w-34, 10, 40))
}

func (s *structScreen) Title() string { return "Structure" }
func (s *structScreen) Keys() help.KeyMap {
	s.keys.mode = s.mode
	if s.dialog != nil {
		s.keys.dialog = s.dialog.Keys()
	}
	if s.naming() {
		return s.form.keys(s.keys)
	}
	return s.keys
}

// naming is true while a unit's name is typed (created or renamed).
func (s *structScreen) naming() bool { return s.mode == structCreate || s.mode == structRename }

func (s *structScreen) Capturing() bool {
	return s.naming() || s.mode == structDest
}
func (s *structScreen) Dirty() bool { return s.naming() && s.form.changed() }

func (s *structScreen) Status() string {
	if !s.loaded {
		return "chargement…"
	}
	n := 0
	for _, r := range s.rows {
		if r.unit.ID != 0 && !r.unit.Closed {
			n++
		}
	}
	st := FormatCount(n) + " " + plural(n, "unité", "unités")
	if s.showClosed {
		st += " · fermées affichées"
	}
	return st
}

// show takes a load's answer and lays out the tree.
func (s *structScreen) show(v structLoaded) {
	s.me, s.counts, s.loaded = v.me, v.counts, true
	s.units = make(map[model.UnitID]model.Unit, len(v.units))
	for _, u := range v.units {
		s.units[u.ID] = u
	}
	s.build()
}

// build lays out the tree from the scope's root down.
func (s *structScreen) build() {
	var keep model.Org
	keepNoCell := false
	if r, ok := s.selected(); ok {
		keep, keepNoCell = r.path, r.noCell
	}
	s.rows = s.rows[:0]
	children := func(parent model.Org) []model.Unit {
		var out []model.Unit
		for _, u := range s.units {
			if u.Path.Parent() == parent && u.Level == parent.Level()+1 && (s.showClosed || !u.Closed) {
				out = append(out, u)
			}
		}
		slices.SortFunc(out, func(a, b model.Unit) int {
			if a.Closed != b.Closed {
				if a.Closed {
					return 1
				}
				return -1
			}
			return strings.Compare(model.Fold(a.Name), model.Fold(b.Name))
		})
		return out
	}
	var walk func(path model.Org, depth int)
	walk = func(path model.Org, depth int) {
		kids := children(path)
		if path.Level() == model.LevelSection {
			// Those of the section in no cell: they must not be forgotten.
			c := s.counts[path.Section]
			for _, k := range kids {
				kc := s.counts[k.ID]
				c.Adherents -= kc.Adherents
				c.Compagnons -= kc.Compagnons
				c.Contacts -= kc.Contacts
				c.Archived -= kc.Archived
			}
			if len(kids) > 0 {
				s.rows = append(s.rows, structRow{path: path, depth: depth, label: "(sans cellule)", counts: c, noCell: true})
			}
		}
		for _, k := range kids {
			s.rows = append(s.rows, structRow{unit: k, path: k.Path, depth: depth, label: k.Name, counts: s.counts[k.ID]})
			if k.Level < model.LevelCell {
				walk(k.Path, depth+1)
			}
		}
	}
	root := s.me.Scope
	if root.Level() == model.LevelNational {
		s.rows = append(s.rows, structRow{path: root, label: "National", counts: s.counts[0]})
	} else if u, ok := s.units[root.Leaf()]; ok {
		s.rows = append(s.rows, structRow{unit: u, path: root, label: u.Name, counts: s.counts[0]})
	}
	if root.Level() < model.LevelCell {
		walk(root, 1)
	}
	s.tree.SetLen(len(s.rows))
	s.tree.SetCursor(0)
	for i, r := range s.rows {
		if r.path == keep && r.noCell == keepNoCell {
			s.tree.Select(i)
		}
	}
}

func (s *structScreen) selected() (structRow, bool) {
	i := s.tree.Selected()
	if i < 0 || i >= len(s.rows) {
		return structRow{}, false
	}
	return s.rows[i], true
}

func (s *structScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[structLoaded]:
		return s, s.loads.answer(msg, s.show, s.load)
	case reply[structDone]:
		s.busy = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return s, errCmd(msg.err)
			}
			s.err = msg.err.Error()
			if s.mode == structConfirm || s.mode == structDest {
				s.mode = structBrowse
				return s, Flash(s.err, true)
			}
			return s, nil
		}
		s.mode, s.err = structBrowse, ""
		return s, tea.Batch(s.load(), Flash(string(msg.val), false))
	case reply[structDests]:
		s.busy = false
		if msg.err != nil {
			s.mode = structBrowse
			return s, reportErr(msg.err)
		}
		s.dests, s.destNms = msg.val.dests, msg.val.names
		s.destTab = newTable(newListKeys().arrowsOnly())
		s.destTab.SetTexts(s.destNms)
		if len(s.dests) == 0 {
			s.mode = structBrowse
			return s, Flash("nulle part où mettre ses fiches : créez d'abord une autre unité de même niveau", true)
		}
		s.mode = structDest
		return s, nil
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// people is how many fiches a row holds (archived ones too: they move as well).
func (r structRow) people() int { return r.counts.Total() + r.counts.Archived }

func (s *structScreen) key(msg tea.KeyMsg) tea.Cmd {
	if s.busy {
		return nil
	}
	switch s.mode {
	case structCreate, structRename:
		return s.nameKey(msg)
	case structDest:
		switch {
		case key.Matches(msg, s.keys.Cancel):
			s.mode = structBrowse
		case key.Matches(msg, s.keys.Submit):
			s.confirmClose()
		default:
			if !s.destTab.Move(msg) {
				s.destTab.Search(msg)
			}
		}
		return nil
	case structConfirm:
		return confirmKey(&s.dialog, msg, s.close, func() { s.mode = structBrowse })
	}
	k := s.keys
	if s.tree.Move(msg) {
		return nil
	}
	row, ok := s.selected()
	switch {
	case key.Matches(msg, k.Back):
		return closeScreen(s)
	case key.Matches(msg, k.Closed):
		s.showClosed = !s.showClosed
		s.build()
		return nil
	case !ok:
		return nil
	case key.Matches(msg, k.Open):
		return Push(newListScreen(s.c, s.query(row), false))
	case key.Matches(msg, k.New):
		parent := row.path
		if row.unit.Level == model.LevelCell {
			parent = row.path.Parent() // a cell: another cell of its section
		}
		if row.unit.Closed {
			return Flash("cette unité est fermée", true)
		}
		if !model.CanEdit(&s.me, parent) {
			return Flash(s.needRight(parent, "créer une "+(parent.Level()+1).String()), true)
		}
		s.parent = parent
		s.openNameForm(structCreate, model.Unit{Level: parent.Level() + 1})
	case key.Matches(msg, k.Rename), key.Matches(msg, k.Close):
		if row.unit.ID == 0 {
			return Flash("choisissez une unité", true)
		}
		if row.unit.Closed {
			return Flash("cette unité est déjà fermée", true)
		}
		verb := "la renommer"
		if key.Matches(msg, k.Close) {
			verb = "la fermer"
		}
		if !model.CanEdit(&s.me, row.unit.Path.Parent()) {
			return Flash(s.needRight(row.unit.Path.Parent(), verb), true)
		}
		s.editing, s.err = row.unit, ""
		if key.Matches(msg, k.Rename) {
			s.openNameForm(structRename, row.unit)
			return nil
		}
		if row.people() == 0 {
			s.dests = nil
			s.confirmClose()
			return nil
		}
		s.busy = true
		st, sess, id, level := s.c.Store, s.c.Session, row.unit.ID, row.unit.Level
		return ask(s, func() (v structDests, err error) {
			v.dests, err = st.CloseDestinations(sess, id)
			v.names = make([]string, len(v.dests))
			for i, d := range v.dests {
				v.names[i] = leafName(st.Describe(d))
				if d.Level() < level {
					v.names[i] += " (sans " + level.String() + ")"
				}
			}
			return v, err
		})
	}
	return nil
}

// needRight says which right an action needs, for a refusal.
func (s *structScreen) needRight(at model.Org, what string) string {
	where := "national"
	if at.Level() != model.LevelNational {
		where = at.Level().String() + " " + leafName(s.c.Store.Describe(at))
	}
	return "pour " + what + ", il faut le droit de création et modification au niveau " + where
}

// query is the list's filter for a row's fiches.
func (s *structScreen) query(r structRow) string {
	quote := func(name string) string {
		if strings.ContainsAny(name, " \t\"") {
			return `"` + strings.ReplaceAll(name, `"`, ``) + `"`
		}
		return name
	}
	unitName := func(id model.UnitID) string { return quote(model.StripControl(s.units[id].Name)) }
	switch {
	case r.noCell:
		return "section:" + unitName(r.path.Section) + " cellule:"
	case r.path.Level() == model.LevelCell:
		return "section:" + unitName(r.path.Section) + " cellule:" + unitName(r.path.Cell)
	case r.path.Level() == model.LevelSection:
		return "section:" + unitName(r.path.Section)
	case r.path.Level() == model.LevelFederation:
		return "fédération:" + unitName(r.path.Federation)
	}
	return ""
}

// openNameForm opens the fields of unit u, created or renamed: its name
// and, for a federation, its code (the département's number).
func (s *structScreen) openNameForm(mode structMode, u model.Unit) {
	st := s.c.Styles
	name := newInput(st, "", 80)
	name.SetValue(u.Name)
	name.CursorEnd()
	fields := []dialogField{{label: "Nom", input: name}}
	if u.Level == model.LevelFederation {
		code := newInput(st, "ex. 38", 10)
		code.SetValue(u.Code)
		fields = append(fields, dialogField{label: "Code", input: code, note: "n° du département", width: 8})
	}
	s.form = newDialogForm(8, fields...)
	s.SetSize(s.width, s.height) // the new fields take the screen's width
	s.mode, s.err = mode, ""
}

func (s *structScreen) nameKey(msg tea.KeyMsg) tea.Cmd {
	if leave, used := s.form.escape(msg); used {
		if leave {
			s.mode, s.err = structBrowse, ""
		}
		return nil
	}
	switch msg.String() {
	case "enter": // from either field
		name := strings.TrimSpace(s.form.value(0))
		if name == "" {
			s.err = "tapez le nom"
			return nil
		}
		code := s.form.value(1) // "" without a code field
		if s.mode == structRename && len(s.form.fields) == 1 {
			code = s.editing.Code // a unit without a code field keeps its code
		}
		code = strings.TrimSpace(code)
		s.busy, s.err = true, ""
		st, sess := s.c.Store, s.c.Session
		if s.mode == structCreate {
			parent := s.parent
			return ask(s, func() (structDone, error) {
				u, err := st.CreateUnit(sess, parent, name, code)
				return structDone(capitalize(u.Level.String()) + " « " + u.Name + " » créée"), err
			})
		}
		id, level := s.editing.ID, s.editing.Level
		return ask(s, func() (structDone, error) {
			u, err := st.RenameUnit(sess, id, name, code)
			return structDone(capitalize(level.String()) + " renommée « " + u.Name + " »"), err
		})
	}
	cmd, _ := s.form.key(msg)
	if !key.Matches(msg, fieldNext, fieldPrev) {
		s.err = "" // typed again: the refusal is past
	}
	return cmd
}

// confirmClose asks to confirm closing the unit being edited.
func (s *structScreen) confirmClose() {
	u := s.editing
	title := "Fermer " + articleFor(u.Level) + " « " + model.StripControl(u.Name) + " » ?"
	lines := []string{}
	n := 0
	for _, r := range s.rows {
		if r.unit.ID == u.ID {
			n = r.people()
		}
	}
	if i := s.destTab.Selected(); n > 0 && i >= 0 {
		lines = append(lines, fmt.Sprintf("Ses %s %s iront à %s, dans la même opération ; chacune le note dans son historique.",
			FormatCount(n), plural(n, "fiche", "fiches"), s.destNms[i]))
	}
	if u.Level < model.LevelCell {
		lines = append(lines, "Les unités en dessous seront fermées aussi.")
	}
	lines = append(lines, "Elle disparaîtra des choix du formulaire des fiches ; le journal garde son nom.")
	s.dialog = NewConfirm(s.c.Styles, title, lines...)
	s.mode = structConfirm
}

func articleFor(l model.Level) string {
	if l == model.LevelFederation || l == model.LevelSection || l == model.LevelCell {
		return "la " + l.String()
	}
	return l.String()
}

func (s *structScreen) close() tea.Cmd {
	var dest model.Org
	if i := s.destTab.Selected(); i >= 0 {
		dest = s.dests[i]
	}
	s.busy = true
	st, sess, u := s.c.Store, s.c.Session, s.editing
	return ask(s, func() (structDone, error) {
		n, err := st.CloseUnit(sess, u.ID, dest)
		text := capitalize(articleFor(u.Level)) + " « " + u.Name + " » est fermée"
		if n > 0 {
			text += fmt.Sprintf(" ; %s %s", FormatCount(n), plural(n, "fiche déplacée", "fiches déplacées"))
		}
		return structDone(text), err
	})
}

// ---- drawing

func (s *structScreen) rowsHeight() int { return max(s.height-4, 1) }

func (s *structScreen) View() string {
	st := s.c.Styles
	if s.mode == structConfirm && s.dialog != nil {
		return strings.Join(dialogBody(s.dialog, s.width), "\n")
	}
	numW := 11
	nameW := max(s.width-3-3*(numW+1), 10)
	var b []string
	b = append(b, "")
	right := func(str string) string { return fmt.Sprintf("%*s", numW, str) }
	b = append(b, "  "+st.Label.Render(cell("Unité", nameW)+" "+right("Adhérents")+" "+right("Compagnons")+" "+right("Contacts")))
	h := s.rowsHeight()
	bottom := s.bottom()
	h = max(h-len(bottom), 1)
	s.tree.SetHeight(h)
	if !s.loaded {
		b = append(b, "  "+st.Muted.Render("chargement…"))
	}
	b = append(b, s.tree.Marked(func(i int, selected bool) string {
		r := s.rows[i]
		label := strings.Repeat("  ", r.depth) + model.StripControl(r.label)
		if r.unit.ID != 0 && r.unit.Level == model.LevelFederation && r.unit.Code != "" {
			label += " (" + model.StripControl(r.unit.Code) + ")"
		}
		if r.unit.Closed {
			label += " (fermée)"
		}
		num := func(n int) string {
			if n == 0 {
				return right("· ")
			}
			return right(FormatCount(n) + " ")
		}
		line := cell(label, nameW) + " " + num(r.counts.Adherents) + " " + num(r.counts.Compagnons) + " " + num(r.counts.Contacts)
		switch {
		case selected:
			return st.Selected.Render(line)
		case r.unit.Closed || r.noCell:
			return st.Muted.Render(line)
		case r.depth == 0:
			return st.Key.Render(line)
		}
		return line
	})...)
	for len(b) < h+2 {
		b = append(b, "")
	}
	return strings.Join(append(b, bottom...), "\n")
}

// bottom is the editing area under the tree (name field, destinations).
func (s *structScreen) bottom() []string {
	st := s.c.Styles
	var out []string
	switch s.mode {
	case structCreate, structRename:
		var what string
		if s.mode == structCreate {
			lvl := s.parent.Level() + 1
			what = "Nouvelle " + lvl.String()
			if s.parent.Level() != model.LevelNational {
				what += " dans " + leafName(s.c.Store.Describe(s.parent))
			}
		} else {
			what = "Renommer " + articleFor(s.editing.Level) + " « " + model.StripControl(s.editing.Name) + " »"
		}
		out = append(out, "", "  "+st.Title.Render(fit(what, s.width-4)))
		out = append(out, s.form.lines(st)...)
	case structDest:
		out = append(out, "", "  "+st.Title.Render(fit("Fermer « "+model.StripControl(s.editing.Name)+" » : où vont ses fiches ?", s.width-4)))
		out = append(out, s.destTab.SearchLine(st))
		s.destTab.SetHeight(clamp(len(s.dests), 1, max(s.rowsHeight()-7, 3)))
		out = append(out, s.destTab.Lines(st, func(i int) string { return model.StripControl(s.destNms[i]) })...)
	default:
		if s.loaded && !s.me.Rights.Has(model.RightWrite) {
			out = append(out, "", "  "+st.Muted.Render("lecture seule : vous voyez la structure sans pouvoir la changer"))
		}
	}
	return append(out, formStatus(st, s.busy, "enregistrement…", s.err, s.width)...)
}
