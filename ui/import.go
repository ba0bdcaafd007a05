package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// importScreen brings a spreadsheet in (a section's old file, a petition's
// signatures): the file, its source and where the fiches go; then a dry
// run shows the mapping of the columns, the first rows and what would be
// created, merged or rejected, and why; then the import is applied in one
// go and the rejected rows are written beside the file.
type importScreen struct {
	c      *Common
	width  int
	height int
	keys   importKeys

	step    importStep
	inputs  []textinput.Model // file, source, consent date
	focus   int               // 0-2 the inputs, 3 the unit
	units   []importUnit
	unit    int     // 0: by the file's columns; i: units[i-1]
	pick    *picker // the search typed on the unit, while open
	fixed   bool    // the responsable's scope is the unit (section, cell)
	err     string
	busy    string
	confirm *ConfirmDialog

	in       *export.Input
	report   store.ImportReport
	lines    []string // the preview or the report, scrolled
	offset   int
	rejPath  string
	rejected int
	canWrite bool
}

type importUnit struct {
	org  model.Org
	name string
}

type importStep uint8

const (
	importForm importStep = iota
	importPreview
	importDone
)

type importKeys struct {
	list                     listKeys
	Next, Prev, Check, Units key.Binding
	Apply, Back, Close       key.Binding
	step                     importStep
}

func (k importKeys) ShortHelp() []key.Binding {
	switch k.step {
	case importPreview:
		return []key.Binding{k.Apply, k.Back, arrowsHelp}
	case importDone:
		return []key.Binding{k.Close, arrowsHelp}
	}
	return []key.Binding{k.Check, k.Next, k.Units, k.Close}
}

func (k importKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Check, k.Next, k.Prev, k.Units}, {k.Apply, k.Back, k.Close, k.list.Up, k.list.Down, k.list.PageUp, k.list.PageDown}}
}

type (
	importUnits []importUnit // the open units of the scope, to import into
	// importChecked is the file read and what importing it would do.
	importChecked struct {
		in  *export.Input
		rep store.ImportReport
	}
	// importApplied is what the import did, and where the rejected rows went.
	importApplied struct {
		rep      store.ImportReport
		rejPath  string
		rejected int
	}
)

// NewImportScreen opens the import of a spreadsheet.
func NewImportScreen(c *Common) Screen { return newImportScreen(c) }

func newImportScreen(c *Common) *importScreen {
	s := &importScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	s.keys = importKeys{
		list:  newListKeys(),
		Next:  fieldNext,
		Prev:  fieldPrev,
		Check: binding([]string{"enter"}, "entrée", "vérifier (sans rien écrire)"),
		Units: binding([]string{"left", "right"}, "←→ ou nom", "unité"),
		Apply: binding([]string{"a"}, "a", "importer"),
		Back:  binding([]string{"esc"}, "esc", "modifier"),
		Close: binding([]string{"esc"}, "esc", "fermer"),
	}
	s.canWrite = c.User.Rights.Has(model.RightWrite)
	file := newInput(c.Styles, "chemin du fichier CSV ou xlsx, ex. ~/petition.csv", 4096)
	source := newInput(c.Styles, "ex. Pétition hôpital Nord 2026", 200)
	consent := newInput(c.Styles, "jj/mm/aaaa", 10)
	consent.SetValue(model.DateOf(c.Now()).String())
	s.inputs = []textinput.Model{file, source, consent}
	s.inputs[0].Focus()
	return s
}

func (s *importScreen) Init() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (importUnits, error) {
		u, err := sess.User()
		if err != nil {
			return nil, err
		}
		all, err := st.Units(sess)
		if err != nil {
			return nil, err
		}
		var units []importUnit
		for _, unit := range all {
			if u.Scope.Contains(unit.Path) && !unit.Closed {
				units = append(units, importUnit{unit.Path, st.Describe(unit.Path)})
			}
		}
		sortUnits(units)
		return units, nil
	})
}

func sortUnits(units []importUnit) {
	for i := 1; i < len(units); i++ {
		for j := i; j > 0 && model.Fold(units[j].name) < model.Fold(units[j-1].name); j-- {
			units[j], units[j-1] = units[j-1], units[j]
		}
	}
}

func (s *importScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	for i := range s.inputs {
		s.inputs[i].Width = max(w-26, 10)
	}
}

func (s *importScreen) Title() string { return "Importer un tableur" }

func (s *importScreen) Status() string {
	switch s.step {
	case importPreview:
		return "simulation : " + s.report.Summary()
	case importDone:
		return "importé : " + s.report.Summary()
	}
	return ""
}

func (s *importScreen) Keys() help.KeyMap {
	if s.confirm != nil {
		return s.confirm.Keys()
	}
	s.keys.step = s.step
	return s.keys
}

func (s *importScreen) Capturing() bool {
	return s.canWrite && s.step == importForm && (s.focus < len(s.inputs) || s.pick != nil) && s.busy == ""
}
func (s *importScreen) Dirty() bool { return s.busy != "" && s.step == importPreview }

// unitChoice is where rows that name no unit go.
func (s *importScreen) unitChoice() model.Org {
	if s.fixed || s.unit == 0 || s.unit > len(s.units) {
		return model.Org{}
	}
	return s.units[s.unit-1].org
}

// unitNames are the choices of unit, in the order of s.unit.
func (s *importScreen) unitNames() []string {
	names := []string{importByColumns}
	for _, u := range s.units {
		names = append(names, u.name)
	}
	return names
}

const importByColumns = "selon les colonnes Fédération / Section / Cellule du fichier"

func (s *importScreen) unitText() string {
	switch {
	case s.fixed:
		return s.c.Store.Describe(s.c.User.Scope) + " (votre périmètre)"
	case s.unit == 0:
		return importByColumns
	}
	return s.units[s.unit-1].name
}

func (s *importScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[importUnits]:
		if msg.err != nil {
			return s, reportErr(msg.err)
		}
		s.units = msg.val
		s.fixed = s.c.User.Scope.Level() >= model.LevelSection
		return s, nil
	case reply[importChecked]:
		s.busy = ""
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		s.in, s.report, s.step, s.offset = msg.val.in, msg.val.rep, importPreview, 0
		s.lines = s.previewLines()
		return s, nil
	case reply[importApplied]:
		s.busy = ""
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		done := msg.val
		s.report, s.rejPath, s.rejected, s.step, s.offset = done.rep, done.rejPath, done.rejected, importDone, 0
		s.lines = s.reportLines()
		return s, Flash("Import terminé : "+done.rep.Summary(), false)
	case tea.KeyMsg:
		if s.busy != "" {
			return s, nil
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *importScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if !s.canWrite {
		if msg.String() == "esc" {
			return closeScreen(s)
		}
		return nil
	}
	switch s.step {
	case importPreview:
		if s.confirm != nil {
			return confirmKey(&s.confirm, msg, s.apply, nil)
		}
		switch {
		case key.Matches(msg, k.Apply):
			if s.report.Created+s.report.Merged == 0 {
				s.err = "rien à importer : aucune ligne ne serait créée ni ne compléterait une fiche"
				return nil
			}
			s.err = ""
			s.confirm = NewConfirm(s.c.Styles, "Importer maintenant ?",
				"« "+model.StripControl(strings.TrimSpace(s.inputs[1].Value()))+" » : "+s.report.Summary()+".",
				"Tout est écrit d'un coup (ou rien en cas d'erreur) et inscrit au journal ; les lignes rejetées sont écrites dans un fichier à côté du tableur.")
			return nil
		case key.Matches(msg, k.Back):
			s.step, s.err = importForm, ""
			return nil
		}
		s.scroll(msg)
		return nil
	case importDone:
		if key.Matches(msg, k.Close) || msg.String() == "enter" {
			return closeScreen(s)
		}
		s.scroll(msg)
		return nil
	}
	// The form.
	if s.pick != nil {
		open, used := s.pick.Key(msg)
		s.unit = s.pick.Chosen()
		if !open {
			s.pick = nil
		}
		if used {
			return nil
		}
	}
	switch msg.String() {
	case "esc":
		return closeScreen(s)
	case "tab", "down":
		s.setFocus((s.focus + 1) % 4)
		return nil
	case "shift+tab", "up":
		s.setFocus((s.focus + 3) % 4)
		return nil
	case "enter":
		return s.check()
	}
	if s.focus == 3 {
		n := len(s.units) + 1
		switch msg.String() {
		case "left":
			s.unit = (s.unit + n - 1) % n
		case "right", " ":
			s.unit = (s.unit + 1) % n
		default:
			if isTyping(msg) && !s.fixed {
				s.pick = openPicker(s.unitNames(), s.unit, msg)
				s.unit = s.pick.Chosen()
			}
		}
		return nil
	}
	var cmd tea.Cmd
	s.inputs[s.focus], cmd = s.inputs[s.focus].Update(msg)
	s.err = ""
	return cmd
}

func (s *importScreen) setFocus(i int) {
	if s.focus < len(s.inputs) {
		s.inputs[s.focus].Blur()
	}
	s.focus = i
	if i < len(s.inputs) {
		s.inputs[i].Focus()
		s.inputs[i].CursorEnd()
	}
}

func (s *importScreen) scroll(msg tea.KeyMsg) {
	page := max(s.height-4, 1)
	cur := s.offset
	n := len(s.wrapped())
	if s.keys.list.move(msg, &cur, n, page) {
		s.offset = clamp(cur, 0, max(n-page, 0))
	}
}

// wrapped is the simulation or report, each line wrapped to the width:
// hints and rejection reasons are read whole, not cut.
func (s *importScreen) wrapped() []string {
	var out []string
	for _, l := range s.lines {
		out = append(out, wrapIndent(l, max(s.width-2, 20), "", "    ")...)
	}
	return out
}

// options reads the form; "" error when it is complete.
func (s *importScreen) options(dryRun bool) (string, export.Options, string) {
	path := expandHome(strings.TrimSpace(s.inputs[0].Value()))
	src := strings.TrimSpace(s.inputs[1].Value())
	switch {
	case path == "":
		return "", export.Options{}, "indiquez le fichier à importer (CSV ou xlsx)"
	case src == "":
		return "", export.Options{}, "indiquez la source : d'où viennent ces personnes (pétition, fête, ancien fichier de section …) ; elle est inscrite sur chaque fiche"
	}
	d, err := model.ParseDate(s.inputs[2].Value())
	if err != nil {
		return "", export.Options{}, "date du consentement : " + err.Error()
	}
	return path, export.Options{Source: src, ConsentDate: d, Unit: s.unitChoice(), DryRun: dryRun}, ""
}

func (s *importScreen) check() tea.Cmd {
	path, opt, msg := s.options(true)
	if msg != "" {
		s.err = msg
		return nil
	}
	s.err, s.busy = "", "lecture et vérification du fichier…"
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (v importChecked, err error) {
		if v.in, err = export.Load(path); err != nil {
			return importChecked{}, err
		}
		v.rep, err = export.Apply(st, sess, v.in, opt)
		return v, err
	})
}

func (s *importScreen) apply() tea.Cmd {
	path, opt, msg := s.options(false)
	if msg != "" {
		s.step, s.err = importForm, msg
		return nil
	}
	s.busy = "import en cours…"
	st, sess, in := s.c.Store, s.c.Session, s.in
	return ask(s, func() (out importApplied, err error) {
		if out.rep, err = export.Apply(st, sess, in, opt); err != nil {
			return importApplied{}, err
		}
		if out.rep.Rejected > 0 {
			out.rejPath = export.RejectedPath(path)
			if out.rejected, err = export.WriteRejected(out.rejPath, in, out.rep); err != nil {
				return importApplied{rep: out.rep}, fmt.Errorf("import fait (%s), mais %w", out.rep.Summary(), err)
			}
		}
		return out, nil
	})
}

func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}

// previewLines describes the file and the dry run.
func (s *importScreen) previewLines() []string {
	st := s.c.Styles
	t := s.in.Table
	var out []string
	what := fmt.Sprintf("%s · %s", t.Name, t.Format)
	if t.Format == export.CSV {
		what += fmt.Sprintf(", %s, séparateur %s", t.Encoding, t.SeparatorName())
	} else {
		what += fmt.Sprintf(", feuille « %s »", t.Sheet)
		if t.Sheets > 1 {
			what += fmt.Sprintf(" (seule la première des %d feuilles est lue)", t.Sheets)
		}
	}
	n := len(s.in.Rows)
	what += fmt.Sprintf(" · %s %s", FormatCount(n), plural(n, "ligne", "lignes"))
	if s.in.Blank > 0 {
		what += fmt.Sprintf(" (%s vides ignorées)", FormatCount(s.in.Blank))
	}
	out = append(out, st.Title.Render("Simulation")+" — rien n'est encore écrit", model.StripControl(what), "")
	out = append(out, st.Label.Render("Colonnes lues"))
	for i, f := range s.in.Mapping.Fields {
		if f == "" || f == "-" {
			continue
		}
		out = append(out, "  "+model.StripControl(t.Header[i])+" → "+export.FieldName(f))
	}
	if len(s.in.Mapping.Unmapped) > 0 {
		out = append(out, st.Label.Render("Colonnes non importées"))
		for _, u := range s.in.Mapping.Unmapped {
			h := u.Header
			if h == "" {
				h = fmt.Sprintf("colonne %d", u.Column+1)
			}
			out = append(out, "  "+st.Warning.Render(model.StripControl(h))+" : "+u.Why)
		}
	}
	out = append(out, st.Label.Render("Premières lignes"))
	for i, r := range t.Rows {
		if i == 3 {
			break
		}
		var cells []string
		for j, c := range r.Cells {
			if j < len(s.in.Mapping.Fields) && s.in.Mapping.Fields[j] != "" && s.in.Mapping.Fields[j] != "-" && c != "" {
				cells = append(cells, c)
			}
		}
		out = append(out, fmt.Sprintf("  %d : %s", r.Line, model.StripControl(strings.Join(cells, " · "))))
	}
	out = append(out, "", st.Title.Render("Résultat de la simulation : ")+s.report.Summary())
	out = append(out, s.detailLines()...)
	out = append(out, "", st.Muted.Render("a : importer · esc : modifier le fichier ou la source"))
	return out
}

func (s *importScreen) reportLines() []string {
	st := s.c.Styles
	out := []string{st.Success.Render("Import terminé : ") + s.report.Summary()}
	if s.rejected > 0 {
		out = append(out, fmt.Sprintf("Lignes rejetées (avec leur motif) : %s", model.StripControl(s.rejPath)),
			st.Muted.Render("Corrigez-les dans ce fichier, puis importez-le à son tour."))
	}
	out = append(out, s.detailLines()...)
	out = append(out, "", st.Muted.Render("L'import est inscrit au journal. esc : fermer"))
	return out
}

// detailLines lists the rejected rows with their reason, then the merges
// and their conflicts.
func (s *importScreen) detailLines() []string {
	st := s.c.Styles
	var rej, merged []string
	for _, l := range s.report.Lines {
		name := model.StripControl(l.Name)
		switch {
		case l.Outcome == store.ImportRejected:
			rej = append(rej, fmt.Sprintf("  ligne %d %s : %s", l.Line, name, model.StripControl(l.Reason)))
		case l.Outcome == store.ImportMerged || len(l.Conflicts) > 0:
			line := fmt.Sprintf("  ligne %d %s → %s", l.Line, name, model.StripControl(l.Reason))
			if len(l.Filled) > 0 {
				line += " ; complété : " + strings.Join(l.Filled, ", ")
			}
			merged = append(merged, line)
			for _, c := range l.Conflicts {
				merged = append(merged, "      "+st.Warning.Render("différent : "+c.Field)+fmt.Sprintf(" — gardé « %s », non repris « %s »", showValue(c.Old), showValue(c.New)))
			}
		}
	}
	var out []string
	if len(rej) > 0 {
		out = append(out, "", st.Error.Render(fmt.Sprintf("Rejetées (%d)", len(rej))))
		out = append(out, rej...)
	}
	if len(merged) > 0 {
		out = append(out, "", st.Label.Render("Doublons de fiches existantes ou de lignes du fichier"))
		out = append(out, merged...)
	}
	return out
}

// showValue shows a journal value for people: canonical phones formatted.
func showValue(v string) string {
	if strings.HasPrefix(v, "+") {
		return model.StripControl(model.FormatPhone(v))
	}
	return model.StripControl(v)
}

func (s *importScreen) View() string {
	st := s.c.Styles
	if !s.canWrite {
		return "\n  " + st.Title.Render("Importer un tableur") + "\n\n  " +
			st.Error.Render("Lecture seule : votre compte ne permet pas de créer de fiches, donc pas d'importer.") + "\n\n  " + st.Muted.Render("esc : revenir")
	}
	if s.step != importForm {
		h := max(s.height-1, 1)
		lines := s.wrapped()
		if s.offset < len(lines) {
			lines = lines[s.offset:]
		}
		if len(lines) > h {
			lines = lines[:h]
		}
		body := make([]string, 0, h+4)
		body = append(body, "")
		for _, l := range lines {
			body = append(body, "  "+l)
		}
		if s.confirm != nil {
			body = dialogBody(s.confirm, s.width)
		}
		if s.busy != "" {
			body = append(body, "  "+st.Warning.Render(s.busy))
		}
		if s.err != "" {
			body = append(body, "  "+st.Error.Render(model.StripControl(s.err)))
		}
		return strings.Join(body, "\n")
	}
	labels := []string{"Fichier", "Source", "Consentement", "Unité"}
	out := []string{""}
	out = append(out, wrapIndent(st.Title.Render("Importer un tableur")+st.Muted.Render(" · CSV (; , tab — UTF-8 ou Windows-1252) ou xlsx"), s.width, "  ", "  ")...)
	out = append(out, "")
	for i, l := range labels {
		var v string
		if i < len(s.inputs) {
			v = s.inputs[i].View()
		} else {
			v = model.StripControl(s.unitText())
			if !s.fixed && i == s.focus {
				v = "‹ " + v + " ›"
			}
		}
		out = append(out, fit(fieldLabel(st, l, 13, i == s.focus)+" "+v, s.width))
	}
	if s.pick != nil {
		out = append(out, s.pick.View(st, strings.Repeat(" ", 14), func(i int) string {
			return model.StripControl(s.unitNames()[i])
		})...)
	}
	out = append(out, "")
	switch {
	case s.err != "":
		out = append(out, wrapIndent(st.Error.Render(model.StripControl(s.err)), s.width, "  ", "  ")...)
	case s.busy != "":
		out = append(out, "  "+st.Warning.Render(s.busy))
	default:
		out = append(out, wrapIndent(st.Muted.Render("Les colonnes sont reconnues par leur titre (Nom, Prénom, Tél., Portable, Courriel, CP, Ville …)."), s.width, "  ", "  ")...)
		out = append(out, wrapIndent(st.Muted.Render("Un doublon d'une fiche existante la complète sans rien écraser. entrée : vérifier, rien n'est écrit."), s.width, "  ", "  ")...)
	}
	return strings.Join(squeeze(out, s.height), "\n")
}
