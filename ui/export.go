package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// exportScreen is "Export routage": the fiches of a search (the list's
// query, or every fiche of the scope) written to a spreadsheet with one of
// the presets. Choose the preset, the format and the file; the plan says
// how many rows and who is left out; confirm; a progress bar while it
// writes; then the path and the row count. Every step that touches the
// file runs as a tea.Cmd.
type exportScreen struct {
	c      *Common
	query  string
	width  int
	height int
	keys   exportKeys

	step       exportStep
	preset     int
	format     export.Format
	path       textinput.Model
	pathEdited bool
	editing    bool // the path field has the focus

	plan     *export.Plan
	confirm  *ConfirmDialog
	bar      progress.Model
	done     export.Progress
	cancel   context.CancelFunc
	result   export.Result
	err      string
	canWrite bool // the export right
}

type exportStep uint8

const (
	exportChoose exportStep = iota
	exportPlanning
	exportConfirm
	exportWriting
	exportDone
)

type exportKeys struct {
	list                          listKeys
	Run, Format, Path, Leave      key.Binding
	Yes, No, Cancel, Close, Clear key.Binding
	Import, Doublons              key.Binding
	step                          exportStep
	editing                       bool
}

func (k exportKeys) ShortHelp() []key.Binding {
	switch {
	case k.editing:
		return []key.Binding{k.Leave, k.Clear}
	case k.step == exportConfirm:
		return []key.Binding{k.Yes, k.No, k.Format}
	case k.step == exportWriting:
		return []key.Binding{k.Cancel}
	case k.step == exportDone:
		return []key.Binding{k.Close}
	}
	return []key.Binding{k.Run, arrowsHelp, k.Format, k.Path, k.Import, k.Doublons}
}

func (k exportKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.list.Up, k.list.Down, k.Run, k.Format, k.Path}, {k.Import, k.Doublons, k.Close}}
}

// The answers of the export's commands.
type (
	// exportPlanned is the plan worked out; nil when only the right to
	// export was checked.
	exportPlanned struct{ plan *export.Plan }
	// exportProgress is how far the writing is; ch brings what comes next.
	exportProgress struct {
		p  export.Progress
		ch <-chan tea.Msg
	}
	exportWritten export.Result
)

// NewExportScreen exports the fiches of query ("" = every fiche of the
// responsable's scope).
func NewExportScreen(c *Common, query string) Screen { return newExportScreen(c, query) }

func newExportScreen(c *Common, query string) *exportScreen {
	s := &exportScreen{c: c, query: strings.TrimSpace(query), width: defaultWidth, height: defaultHeight - Chrome}
	s.keys = exportKeys{
		list:     newListKeys(),
		Run:      binding([]string{"enter"}, "entrée", "préparer l'export"),
		Format:   binding([]string{"f"}, "f", "xlsx / CSV"),
		Path:     binding([]string{"tab", "c"}, "tab", "changer le fichier"),
		Leave:    binding([]string{"enter", "tab", "esc"}, "entrée", "valider le chemin"),
		Clear:    binding([]string{"ctrl+u"}, "ctrl+u", "effacer"),
		Yes:      binding([]string{"o", "enter"}, "o", "exporter"),
		No:       binding([]string{"n", "esc"}, "n/esc", "revenir"),
		Cancel:   binding([]string{"esc"}, "esc", "annuler l'export"),
		Close:    binding([]string{"esc", "enter"}, "esc", "fermer"),
		Import:   binding([]string{"i"}, "i", "importer"),
		Doublons: binding([]string{"d"}, "d", "doublons"),
	}
	s.canWrite = c.User.Rights.Has(model.RightExport)
	s.format = c.exportFormat
	s.path = newInput(c.Styles, "chemin du fichier", 4096)
	s.bar = progress.New(progress.WithSolidFill("#B0122B"), progress.WithoutPercentage(),
		progress.WithColorProfile(c.Styles.Renderer().ColorProfile()), progress.WithWidth(40))
	s.resetPath()
	return s
}

func (s *exportScreen) screenKey() string { return "3" }

func (s *exportScreen) presetNow() *export.Preset { return export.Presets[s.preset] }

// resetPath suggests the default file for the preset and format, unless
// the responsable typed their own (then only its extension follows).
func (s *exportScreen) resetPath() {
	if s.pathEdited {
		p := s.path.Value()
		if ext := filepath.Ext(p); strings.EqualFold(ext, ".xlsx") || strings.EqualFold(ext, ".csv") {
			s.path.SetValue(strings.TrimSuffix(p, ext) + s.format.Ext())
		}
		return
	}
	// By default in the current directory, where the volunteer started the
	// app (not the home folder): that is where they look for the file.
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	s.path.SetValue(export.DefaultPath(dir, s.presetNow(), s.format, s.query, s.c.Now()))
	s.path.CursorEnd()
}

func (s *exportScreen) Init() tea.Cmd {
	if !s.canWrite {
		return nil
	}
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (exportPlanned, error) { return exportPlanned{}, st.CanExport(sess) })
}

func (s *exportScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.path.Width = max(w-16, 10)
	s.bar.Width = clamp(w-10, 10, 60)
}

func (s *exportScreen) Title() string {
	if s.query != "" {
		return "Export · /" + s.query
	}
	return "Export"
}

func (s *exportScreen) Status() string {
	switch s.step {
	case exportWriting:
		return fmt.Sprintf("export : %s / %s lignes", FormatCount(s.done.Done), FormatCount(s.done.Total))
	case exportDone:
		return "export terminé : " + FormatCount(s.result.Rows) + " " + plural(s.result.Rows, "ligne", "lignes")
	}
	return "export " + s.presetNow().Name + " · " + s.format.String()
}

func (s *exportScreen) Keys() help.KeyMap {
	s.keys.step, s.keys.editing = s.step, s.editing
	if s.confirm != nil {
		return s.confirm.Keys()
	}
	return s.keys
}

func (s *exportScreen) Capturing() bool { return s.editing }

// Dirty: leaving while a file is being written would abandon it.
func (s *exportScreen) Dirty() bool { return s.step == exportWriting }

func (s *exportScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[exportPlanned]:
		if msg.err != nil {
			s.step = exportChoose
			if errors.Is(msg.err, store.ErrForbidden) {
				s.canWrite = false
			}
			return s, keepErr(&s.err, msg.err)
		}
		if msg.val.plan == nil || s.step != exportPlanning {
			return s, nil // the right was checked, or the responsable went back meanwhile
		}
		s.plan, s.step = msg.val.plan, exportConfirm
		s.setConfirm()
		return s, nil
	case reply[exportProgress]:
		s.done = msg.val.p
		return s, waitExport(msg.val.ch)
	case reply[exportWritten]:
		s.cancel = nil
		if msg.err != nil {
			s.step = exportChoose
			return s, keepErr(&s.err, msg.err)
		}
		s.step, s.result = exportDone, export.Result(msg.val)
		return s, Flash(fmt.Sprintf("Export écrit : %s (%s %s)", s.result.Path, FormatCount(s.result.Rows), plural(s.result.Rows, "ligne", "lignes")), false)
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *exportScreen) setConfirm() {
	p := s.plan
	lines := []string{fmt.Sprintf("%s %s sur %s %s de la recherche.", FormatCount(p.Rows()), plural(p.Rows(), "ligne", "lignes"),
		FormatCount(p.Matched), plural(p.Matched, "fiche", "fiches"))}
	if len(p.Preset.Sheets) > 1 {
		var parts []string
		for i, sh := range p.Preset.Sheets {
			parts = append(parts, fmt.Sprintf("« %s » : %s", sh.Name, FormatCount(p.PerSheet[i])))
		}
		lines = append(lines, "Feuilles "+strings.Join(parts, ", ")+".")
	}
	if ex := p.ExclusionText(); ex != "" {
		lines = append(lines, "Laissées de côté : "+ex+".")
	}
	lines = append([]string{"Export de " + s.what() + ".", "Fichier : " + model.StripControl(p.Path)}, lines...)
	title := fmt.Sprintf("Exporter en %s ?", s.format)
	if s.format == export.XLSX && p.TooBigForXLSX() {
		lines = append(lines, fmt.Sprintf("Trop de lignes pour un classeur xlsx (%s au plus pour ce préréglage : il tiendrait mal en mémoire). Appuyez sur f pour exporter en CSV, qui s'ouvre aussi dans Excel et LibreOffice.", FormatCount(export.XLSXMaxRows(p.Preset))))
		title = "Export xlsx impossible à cette taille"
	}
	if p.Rows() == 0 {
		lines = append(lines, "Aucune ligne à exporter : le fichier serait vide.")
	}
	if p.Preset.Neutral {
		lines = append(lines, "Fichier neutre : ni type de fiche, ni section, ni engagement — il peut être confié à un imprimeur ou un routeur.")
	}
	s.confirm = NewConfirm(s.c.Styles, title, lines...)
}

func (s *exportScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	if !s.canWrite {
		switch {
		case key.Matches(msg, k.Close):
			return closeScreen(s)
		case key.Matches(msg, k.Import):
			return Push(NewImportScreen(s.c))
		case key.Matches(msg, k.Doublons):
			return Push(NewDoublonsScreen(s.c))
		}
		return nil
	}
	switch s.step {
	case exportPlanning:
		if msg.String() == "esc" {
			s.step = exportChoose
		}
		return nil
	case exportWriting:
		if key.Matches(msg, k.Cancel) && s.cancel != nil {
			s.cancel()
		}
		return nil
	case exportDone:
		if key.Matches(msg, k.Close) {
			return closeScreen(s)
		}
		return nil
	case exportConfirm:
		if key.Matches(msg, k.Format) {
			s.toggleFormat()
			s.plan.Format, s.plan.Path = s.format, s.path.Value()
			s.setConfirm()
			return nil
		}
		res, _ := s.confirm.Update(msg)
		switch res {
		case ConfirmYes:
			if (s.format == export.XLSX && s.plan.TooBigForXLSX()) || s.plan.Rows() == 0 {
				return nil
			}
			s.confirm = nil
			return s.start()
		case ConfirmNo:
			s.confirm, s.step = nil, exportChoose
		}
		return nil
	}
	// Choosing.
	if s.editing {
		switch {
		case msg.String() == "enter" || msg.String() == "tab" || msg.String() == "esc":
			s.editing = false
			s.path.Blur()
			if msg.String() == "enter" {
				return s.prepare() // enter confirms the path typed: on to the export
			}
			return nil
		case key.Matches(msg, k.Clear):
			s.path.SetValue("")
			s.pathEdited = true
			return nil
		}
		before := s.path.Value()
		var cmd tea.Cmd
		s.path, cmd = s.path.Update(msg)
		if s.path.Value() != before {
			s.pathEdited, s.err = true, ""
		}
		return cmd
	}
	if k.list.move(msg, &s.preset, len(export.Presets), 1) {
		s.err = ""
		s.resetPath()
		return nil
	}
	switch {
	case key.Matches(msg, k.Format):
		s.toggleFormat()
	case key.Matches(msg, k.Path):
		s.editing = true
		s.path.Focus()
		s.path.CursorEnd()
	case key.Matches(msg, k.Import):
		return Push(NewImportScreen(s.c))
	case key.Matches(msg, k.Doublons):
		return Push(NewDoublonsScreen(s.c))
	case key.Matches(msg, k.Run):
		return s.prepare()
	case msg.String() == "esc":
		return closeScreen(s)
	}
	return nil
}

func (s *exportScreen) toggleFormat() {
	if s.format == export.XLSX {
		s.format = export.CSV
	} else {
		s.format = export.XLSX
	}
	s.c.exportFormat = s.format // remembered for the next export of the session
	s.resetPath()
}

// prepare works out the plan (the query in the store, the preset's rules).
func (s *exportScreen) prepare() tea.Cmd {
	path := strings.TrimSpace(s.path.Value())
	if path == "" {
		s.err = "indiquez le fichier à écrire (tab pour le changer)"
		return nil
	}
	s.step, s.err = exportPlanning, ""
	req := export.Request{Query: s.query, Preset: s.presetNow(), Format: s.format, Path: path}
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (exportPlanned, error) {
		plan, err := export.Prepare(st, sess, req)
		return exportPlanned{plan}, err
	})
}

// start writes the file in a goroutine; its progress comes back as
// messages, one at a time.
func (s *exportScreen) start() tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.step = cancel, exportWriting
	s.done = export.Progress{Total: s.plan.Rows()}
	ch := make(chan tea.Msg, 4)
	st, sess, me, plan := s.c.Store, s.c.Session, s, s.plan
	go func() {
		defer cancel()
		res, err := export.Write(ctx, st, sess, plan, func(p export.Progress) {
			if len(ch) < cap(ch)-1 { // one place stays free for the end
				ch <- reply[exportProgress]{to: me, val: exportProgress{p: p, ch: ch}}
			} // else the screen is behind: it will get a later one
		})
		ch <- reply[exportWritten]{to: me, val: exportWritten(res), err: err} // never blocks: see above
	}()
	return waitExport(ch)
}

func waitExport(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg { return <-ch }
}

// what names what is exported: exactly the query of the list's filter bar.
func (s *exportScreen) what() string {
	if s.query != "" {
		return "la recherche /" + model.StripControl(s.query)
	}
	return "toutes les fiches de votre périmètre"
}

func (s *exportScreen) View() string {
	st := s.c.Styles
	w := s.width
	var out []string
	add := func(lines ...string) { out = append(out, lines...) }
	add("", "  "+st.Title.Render("Export routage")+st.Muted.Render(" · "+s.what()))
	if !s.canWrite {
		add("", "  "+st.Error.Render("Votre compte n'a pas le droit d'export : demandez-le au responsable qui vous a nommé."),
			"", "  "+st.Muted.Render("i : importer un tableur · d : doublons · esc : revenir"))
		return strings.Join(out, "\n")
	}
	switch s.step {
	case exportConfirm:
		add("")
		if s.confirm != nil {
			add(strings.Split(s.confirm.View(w-2), "\n")...)
		}
		return s.indent(out)
	case exportWriting:
		pct := 0.0
		if s.done.Total > 0 {
			pct = float64(s.done.Done) / float64(s.done.Total) * 0.9
		}
		state := fmt.Sprintf("%s / %s lignes", FormatCount(s.done.Done), FormatCount(s.done.Total))
		if s.done.Finishing {
			pct, state = 0.95, "écriture du fichier…"
		}
		add("", "  Écriture de "+model.StripControl(s.plan.Path), "", "  "+s.bar.ViewAs(pct), "", "  "+st.Muted.Render(state+" · esc : annuler"))
		return strings.Join(out, "\n")
	case exportDone:
		r := s.result
		add("", "  "+st.Success.Render("Export terminé."), "",
			"  "+st.Label.Render(padRight("Fichier", 10))+" "+model.StripControl(r.Path),
			"  "+st.Label.Render(padRight("Lignes", 10))+" "+FormatCount(r.Rows))
		if len(s.plan.Preset.Sheets) > 1 {
			for i, sh := range s.plan.Preset.Sheets {
				add("  " + st.Label.Render(padRight("", 10)) + " " + fmt.Sprintf("« %s » : %s", sh.Name, FormatCount(r.PerSheet[i])))
			}
		}
		add("", "  "+st.Muted.Render("L'export est inscrit au journal. entrée ou esc : fermer"))
		return strings.Join(out, "\n")
	}
	add("", "  "+st.Label.Render("Préréglage"))
	for i, p := range export.Presets {
		line := padRight(p.Name, 10) + " " + p.Label
		if i == s.preset {
			add("▸ " + st.Selected.Render(line))
		} else {
			add("  " + line)
		}
	}
	help := model.StripControl(s.presetNow().Help)
	for _, l := range strings.Split(ansi.Wordwrap(help, max(w-6, 20), " "), "\n") {
		add("    " + st.Muted.Render(l))
	}
	fmtLine := "xlsx (Excel, LibreOffice)    f : passer en CSV"
	if s.format == export.CSV {
		fmtLine = "CSV (UTF-8, point-virgule)   f : passer en xlsx"
	}
	add("", "  "+st.Label.Render(padRight("Format", 9))+" "+fmtLine)
	pathLabel := st.Label.Render(padRight("Fichier", 9))
	if s.editing {
		add("  " + st.Key.Render(padRight("Fichier", 9)) + " " + s.path.View())
	} else {
		add("  " + pathLabel + " " + model.StripControl(s.path.Value()))
	}
	switch {
	case s.err != "":
		add("", "  "+st.Error.Render(model.StripControl(s.err)))
	case s.step == exportPlanning:
		add("", "  "+st.Warning.Render("calcul des lignes à exporter…"))
	default:
		add("")
		add(wrapIndent(st.Muted.Render("entrée : voir ce qui sera exporté, puis confirmer · i : importer un tableur · d : doublons"), w-1, "  ", "  ")...)
	}
	return strings.Join(squeeze(out, s.height), "\n")
}

func (s *exportScreen) indent(lines []string) string {
	for i, l := range lines {
		if l != "" {
			lines[i] = " " + l
		}
	}
	return strings.Join(lines, "\n")
}
