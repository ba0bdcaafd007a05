package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// duesReportScreen is "Cotisations détaillées" (screen 4): the dues received
// over a year (or a period typed with p) in the responsable's scope, per
// section (enter shows its cells), compared with a year before; the selected line's amounts by
// mode and by month; export to xlsx; the quick entry.
type duesReportScreen struct {
	c      *Common
	width  int
	height int
	keys   duesReportKeys

	year       int
	from, to   model.Date // a period typed with p; zero: the year
	periodForm *duesForm  // the period being typed
	report     *model.DuesReport
	loading    bool
	err        string
	expanded   map[model.UnitID]bool
	tab        table // over lines()
	seq        int
	grace      *duesForm // the federation's grace period being typed
}

type duesReportKeys struct {
	list                                            listKeys
	Prev, Next, Expand, Quick, Export, Reload, Back key.Binding
	Grace, Period, Relance, Statements              key.Binding
}

func (k duesReportKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Expand, k.Prev, k.Quick, k.Export, k.Back}
}
func (k duesReportKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.list.Up, k.list.Down, k.list.Top, k.list.Bottom}, {k.Expand, k.Prev, k.Next, k.Period, k.Quick, k.Relance, k.Export, k.Statements, k.Grace, k.Reload, k.Back}}
}

// The answers screen 4 waits for.
type (
	// duesReportLoaded is the report read; seq drops an answer to an
	// older request (another year asked since).
	duesReportLoaded struct {
		seq    int
		report *model.DuesReport
	}
	duesSettingsSaved model.DuesSettings
)

// NewDuesReportScreen is "4 Cotisations": this year's report.
func NewDuesReportScreen(c *Common) Screen {
	s := &duesReportScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, year: c.Now().Year(), expanded: map[model.UnitID]bool{}, tab: newTable(newListKeys())}
	s.keys = duesReportKeys{
		list:       newListKeys(),
		Prev:       binding([]string{"left", "h"}, "←→", "année"),
		Next:       binding([]string{"right", "l"}, "→", "année suivante"),
		Expand:     binding([]string{"enter"}, "entrée", "cellules"),
		Quick:      binding([]string{"r"}, "r", "saisie rapide"),
		Export:     binding([]string{"x"}, "x", "exporter (xlsx)"),
		Reload:     binding([]string{"ctrl+r"}, "ctrl+r", "recalculer"),
		Grace:      binding([]string{"d"}, "d", "délai de grâce et plafonds"),
		Period:     binding([]string{"p"}, "p", "période (du … au …)"),
		Relance:    binding([]string{"b"}, "b", "relances (adhérents en retard)"),
		Statements: binding([]string{"a"}, "a", "attestations annuelles (PDF) et liste"),
		Back:       binding([]string{"esc"}, "esc", "retour"),
	}
	return s
}

func (s *duesReportScreen) screenKey() string { return "4" }
func (s *duesReportScreen) Init() tea.Cmd     { return s.load() }

func (s *duesReportScreen) load() tea.Cmd {
	s.seq++
	s.loading = true
	st, sess, seq := s.c.Store, s.c.Session, s.seq
	from, to := s.span()
	return ask(s, func() (duesReportLoaded, error) {
		r, err := st.DuesReport(sess, from, to)
		return duesReportLoaded{seq, r}, err
	})
}

func (s *duesReportScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.tab.SetHeight(s.rowsHeight())
}
func (s *duesReportScreen) Title() string {
	if s.from != 0 {
		return "Cotisations détaillées · du " + s.from.String() + " au " + s.to.String()
	}
	return fmt.Sprintf("Cotisations détaillées · %d", s.year)
}

// span is the period shown: the one typed, or the year.
func (s *duesReportScreen) span() (model.Date, model.Date) {
	if s.from != 0 {
		return s.from, s.to
	}
	return store.YearPeriod(s.year)
}
func (s *duesReportScreen) Status() string {
	if s.report == nil {
		return "calcul…"
	}
	t := s.report.Total
	return fmt.Sprintf("%s %s · %s", FormatCount(t.Cotisants), plural(t.Cotisants, "cotisant", "cotisants"), model.FormatCents(t.Total))
}
func (s *duesReportScreen) Keys() help.KeyMap {
	switch {
	case s.grace != nil:
		return s.grace.keys(s.keys)
	case s.periodForm != nil:
		return s.periodForm.keys(s.keys)
	}
	return s.keys
}
func (s *duesReportScreen) Capturing() bool { return s.grace != nil || s.periodForm != nil }
func (s *duesReportScreen) Dirty() bool {
	return s.grace != nil && s.grace.changed() || s.periodForm != nil && s.periodForm.changed()
}

// reportLine is one drawn line: a section, one of its cells, or the total.
type reportLine struct {
	line    *model.DuesLine
	section bool
	total   bool
}

func (s *duesReportScreen) lines() []reportLine {
	if s.report == nil {
		return nil
	}
	var out []reportLine
	for i := range s.report.Sections {
		sec := &s.report.Sections[i]
		out = append(out, reportLine{line: &sec.DuesLine, section: true})
		if s.expanded[sec.Unit] {
			for j := range sec.Cells {
				out = append(out, reportLine{line: &sec.Cells[j]})
			}
		}
	}
	return append(out, reportLine{line: &s.report.Total, total: true})
}

func (s *duesReportScreen) rowsHeight() int { return max(s.height-8, 1) }

func (s *duesReportScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[duesReportLoaded]:
		if msg.val.seq != s.seq {
			return s, nil
		}
		s.loading = false
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		s.report, s.err = msg.val.report, ""
		s.tab.SetLen(len(s.lines()))
		return s, nil
	case reply[duesSettingsSaved]:
		if msg.err != nil {
			return s, keepErr(&s.grace.err, msg.err)
		}
		s.grace = nil
		set := msg.val
		return s, tea.Batch(s.load(), Flash(fmt.Sprintf("Paramètres de la fédération : délai de grâce %d mois, réduction %d %%, plafond %s, espèces %s.",
			set.GraceMonths, set.TaxRatePct, model.FormatCents(set.Ceiling), model.FormatCents(set.CashLimit)), false))
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		if s.grace != nil {
			return s, s.grace.edit(msg, func() { s.grace = nil }, s.saveSettings)
		}
		if s.periodForm != nil {
			return s, s.periodForm.edit(msg, func() { s.periodForm = nil }, s.applyPeriod)
		}
		k := s.keys
		lines := s.lines()
		if s.tab.Move(msg) {
			return s, nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return s, closeScreen(s)
		case key.Matches(msg, k.Prev):
			s.year, s.from, s.to = s.year-1, 0, 0
			return s, s.load()
		case key.Matches(msg, k.Next):
			s.year, s.from, s.to = s.year+1, 0, 0
			return s, s.load()
		case key.Matches(msg, k.Reload):
			return s, s.load()
		case key.Matches(msg, k.Expand):
			if i := s.tab.Selected(); i >= 0 && lines[i].section {
				id := lines[i].line.Unit
				s.expanded[id] = !s.expanded[id]
				s.tab.SetLen(len(s.lines()))
			}
		case key.Matches(msg, k.Period):
			from, to := s.span()
			s.periodForm = newDuesForm(s.c.Styles, []string{"Du", "Au"}, []string{"01/01/2026", "31/03/2026"},
				[]string{"premier jour de la période, jj/mm/aaaa", "dernier jour de la période, jj/mm/aaaa (comparée à la même période un an plus tôt)"}, []int{10, 10})
			s.periodForm.set(0, from.String())
			s.periodForm.set(1, to.String())
			return s, nil
		case key.Matches(msg, k.Grace):
			u := s.c.User
			if u.Scope.Level() != model.LevelFederation || !u.Rights.Has(model.RightCotisations) {
				return s, Flash("le délai de grâce se règle depuis un compte de fédération ayant le droit de cotisations", true)
			}
			s.grace = newSettingsForm(s.c.Styles, s.c.Store.DuesSettings(u.Scope))
			return s, nil
		case key.Matches(msg, k.Statements):
			if !s.c.User.Rights.Has(model.RightExport) {
				return s, Flash("votre compte n'a pas le droit d'export", true)
			}
			_, to := s.span()
			return s, s.writeStatements(to.Year())
		case key.Matches(msg, k.Relance):
			return s, Push(newRelanceScreen(s.c))
		case key.Matches(msg, k.Quick):
			if !s.c.User.Rights.Has(model.RightCotisations) {
				return s, Flash("votre compte n'a pas le droit de saisir les cotisations", true)
			}
			return s, Push(NewQuickDuesScreen(s.c))
		case key.Matches(msg, k.Export):
			if !s.c.User.Rights.Has(model.RightExport) {
				return s, Flash("votre compte n'a pas le droit d'export", true)
			}
			if s.report == nil {
				return s, nil
			}
			st, sess, r := s.c.Store, s.c.Session, s.report
			return s, flashResult(func() (string, error) {
				path, err := export.WriteDuesReport(st, sess, r, export.DuesDefaultPath("", r.From, r.To))
				return "Cotisations exportées : " + path, err
			})
		}
	}
	return s, nil
}

// writeStatements writes the year's list for the financing association and
// every adherent's attestation (one PDF) into the home folder.
func (s *duesReportScreen) writeStatements(year int) tea.Cmd {
	st, sess, now := s.c.Store, s.c.Session, s.c.Now()
	return flashResult(func() (string, error) {
		dir, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		lines, err := st.Statements(sess, year)
		if err != nil {
			return "", err
		}
		list, err := export.WriteStatementsList(st, sess, year, lines, filepath.Join(dir, fmt.Sprintf("recapitulatif-%d.xlsx", year)))
		if err != nil || len(lines) == 0 {
			return "Cotisations exportées : " + list, err
		}
		files, err := export.WriteAttestations(st, sess, lines, dir, true, now)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Cotisations exportées : %s et %d attestations dans %s", filepath.Base(list), len(lines), filepath.Base(files[0])), nil
	})
}

func (s *duesReportScreen) row(name, cot, total, prev, behind string) string {
	w := s.width - 2
	nameW := max(w-12-7-14-14-1, 10)
	if s.width < 70 { // narrow: no comparison column
		return cell(name, max(w-7-14-7, 8)) + padLeft(cot, 7) + padLeft(total, 14) + padLeft(fit(behind, 6), 7) // the header "Pas à jour" is wider than its numbers
	}
	return cell(name, nameW) + padLeft(cot, 7) + padLeft(total, 14) + padLeft(prev, 14) + padLeft(behind, 12)
}

func (s *duesReportScreen) View() string {
	st := s.c.Styles
	w := s.width
	prevYear := fmt.Sprintf("%d", s.year-1)
	head := fmt.Sprintf(" Année %d, comparée à %s", s.year, prevYear)
	if s.from != 0 {
		pf, pt := model.ShiftYears(s.from, -1), model.ShiftYears(s.to, -1)
		head = " Du " + s.from.String() + " au " + s.to.String() + ", comparée au " + pf.String() + "–" + pt.String()
		prevYear = "N-1"
	}
	if s.loading {
		head += st.Muted.Render("  · calcul…")
	}
	out := []string{fit(st.Title.Render(head)+st.Muted.Render(fmt.Sprintf(" · délai de grâce %d mois", s.c.Store.DuesGrace(s.c.User.Scope))), w), ""}
	if s.grace != nil {
		return strings.Join(append(out, s.grace.view(w)...), "\n")
	}
	if s.periodForm != nil {
		return strings.Join(append(out, s.periodForm.view(w)...), "\n")
	}
	if s.err != "" {
		return strings.Join(append(out, "  "+st.Error.Render(model.StripControl(s.err))), "\n")
	}
	if s.report == nil {
		return strings.Join(out, "\n")
	}
	out = append(out, "  "+st.Label.Render(s.row("Section / cellule", "Cotis.", "Total", "Total "+prevYear, "Pas à jour")))
	lines := s.lines()
	out = append(out, s.tab.Marked(func(i int, selected bool) string {
		l := lines[i]
		name := model.StripControl(l.line.Name)
		switch {
		case l.section && s.expanded[l.line.Unit]:
			name = "▾ " + name
		case l.section:
			name = "▸ " + name
		case l.total:
		default:
			name = "    " + name
		}
		text := s.row(name, FormatCount(l.line.Cotisants), model.FormatCents(l.line.Total), model.FormatCents(l.line.PrevTotal), FormatCount(l.line.Behind))
		switch {
		case selected:
			return st.Selected.Render(text)
		case l.total:
			return st.Title.Render(text)
		}
		return text
	})...)
	if i := s.tab.Selected(); i >= 0 {
		l := lines[i].line
		_, to := s.span()
		out = append(out, "", fit(" "+s.modesText(l), w), fit(" "+s.monthsText(l), w),
			fit(" "+s.c.Styles.Muted.Render(fmt.Sprintf("cartes %d remises : %s / %s", to.Year(), FormatCount(l.Cards), FormatCount(l.Members))), w))
	}
	return strings.Join(out, "\n")
}

func (s *duesReportScreen) modesText(l *model.DuesLine) string {
	var parts []string
	for _, m := range model.PayModes {
		if l.ByMode[m] != 0 {
			parts = append(parts, m.String()+" "+model.FormatCents(l.ByMode[m]))
		}
	}
	if len(parts) == 0 {
		return s.c.Styles.Muted.Render("aucun versement sur la période")
	}
	return strings.Join(parts, " · ")
}

func (s *duesReportScreen) monthsText(l *model.DuesLine) string {
	var parts []string
	for i, c := range l.ByMonth {
		name := []rune(model.MonthName(s.report.Months[i].MonthNum()))
		euros := model.FormatCentsBare(c)
		parts = append(parts, string(name[:min(len(name), 4)])+" "+euros[:len(euros)-3]) // whole euros: ",xx" dropped
	}
	return s.c.Styles.Muted.Render("par mois (€) : " + strings.Join(parts, " "))
}

// saveSettings records the federation's dues settings typed, or says in
// the form what is wrong.
func (s *duesReportScreen) saveSettings() tea.Cmd {
	set, err := settingsFromForm(s.grace)
	if err != nil {
		s.grace.err = err.Error()
		return nil
	}
	st, sess, fed := s.c.Store, s.c.Session, s.c.User.Scope.Federation
	return ask(s, func() (duesSettingsSaved, error) { return duesSettingsSaved(set), st.SetDuesSettings(sess, fed, set) })
}

// applyPeriod shows the period typed (a whole year as that year), or says
// in the form what is wrong.
func (s *duesReportScreen) applyPeriod() tea.Cmd {
	f := s.periodForm
	from, err1 := model.ParseDate(f.value(0))
	to, err2 := model.ParseDate(f.value(1))
	switch {
	case err1 != nil || from == 0:
		f.setFocus(0)
		f.err = "début : attendu jj/mm/aaaa"
		return nil
	case err2 != nil || to == 0:
		f.setFocus(1)
		f.err = "fin : attendu jj/mm/aaaa"
		return nil
	case to < from:
		f.err = "la fin précède le début"
		return nil
	}
	s.periodForm = nil
	s.from, s.to, s.year = from, to, from.Year()
	if y1, y2 := store.YearPeriod(from.Year()); from == y1 && to == y2 {
		s.from, s.to = 0, 0
	}
	return s.load()
}

// newSettingsForm edits a federation's dues settings: the grace period and
// the legal figures (defaults to check against the law, see
// docs/COTISATIONS.md).
func newSettingsForm(st *Styles, set model.DuesSettings) *duesForm {
	def := model.DefaultDuesSettings()
	f := newDuesForm(st,
		[]string{"Délai de grâce", "Réduction d'impôt", "Plafond annuel", "Plafond espèces", "Espèces au reçu"},
		[]string{"2", "66", "15 000", "150", "oui"},
		[]string{
			fmt.Sprintf("mois après le dernier mois payé avant « en retard » (0 à %d ; défaut %d)", model.MaxGraceMonths, model.DefaultGraceMonths),
			fmt.Sprintf("%% des sommes ouvrant droit au reçu fiscal (défaut %d, CGI art. 200)", def.TaxRatePct),
			"dons et cotisations par foyer fiscal et par an, en euros (défaut " + model.FormatCents(def.Ceiling) + ")",
			"au-delà, un versement en espèces demande confirmation (défaut " + model.FormatCents(def.CashLimit) + ")",
			"les espèces ouvrent-elles droit au reçu fiscal ? oui ou non (défaut oui)",
		},
		[]int{2, 3, 20, 20, 3})
	f.set(0, strconv.Itoa(set.GraceMonths))
	f.set(1, strconv.Itoa(set.TaxRatePct))
	f.set(2, model.FormatCentsBare(set.Ceiling))
	f.set(3, model.FormatCentsBare(set.CashLimit))
	f.set(4, yesNo(set.CashEligible))
	return f
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// settingsFromForm reads the settings form; the error names the field.
func settingsFromForm(f *duesForm) (model.DuesSettings, error) {
	var set model.DuesSettings
	var err error
	if set.GraceMonths, err = strconv.Atoi(f.value(0)); err != nil || set.GraceMonths < 0 || set.GraceMonths > model.MaxGraceMonths {
		f.setFocus(0)
		return set, fmt.Errorf("délai de grâce : un nombre de mois de 0 à %d", model.MaxGraceMonths)
	}
	if set.TaxRatePct, err = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(f.value(1)), "%")); err != nil || set.TaxRatePct < 0 || set.TaxRatePct > 100 {
		f.setFocus(1)
		return set, errors.New("réduction d'impôt : un pourcentage de 0 à 100")
	}
	if set.Ceiling, err = model.ParseAmount(f.value(2)); err != nil {
		if c, ok := parseLargeAmount(f.value(2)); ok {
			set.Ceiling, err = c, nil
		}
	}
	if err != nil {
		f.setFocus(2)
		return set, errors.New("plafond annuel : " + err.Error())
	}
	if set.CashLimit, err = model.ParseAmount(f.value(3)); err != nil {
		f.setFocus(3)
		return set, errors.New("plafond des espèces : " + err.Error())
	}
	switch model.Fold(f.value(4)) {
	case "oui", "o":
		set.CashEligible = true
	case "non", "n":
	default:
		f.setFocus(4)
		return set, errors.New("espèces au reçu : oui ou non")
	}
	return set, set.Validate()
}

// parseLargeAmount reads a ceiling above the largest single payment
// (ParseAmount refuses those as typing mistakes): 15 000 or 15 000,00.
func parseLargeAmount(s string) (model.Cents, bool) {
	t := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "€", "").Replace(s)
	whole, frac, _ := strings.Cut(strings.Replace(t, ",", ".", 1), ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n <= 0 || n > 1_000_000 || (frac != "" && frac != "0" && frac != "00") {
		return 0, false
	}
	return model.Cents(n * 100), true
}
