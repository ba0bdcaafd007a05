package ui

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"fichier/export"
	"fichier/model"
	"fichier/model/query"
	"fichier/model/stats"
)

// statsScreen is « 8 Statistiques »: the figures of the viewer's scope,
// narrowed by a search typed with /, in six blocks — effectifs, âges,
// composition sociale, qualité du fichier, cotisations, mutations. Each block has a cursor on its
// lines (and, in the quality table, on its fields); Enter opens the list of
// the fiches behind the figure under it — in the quality table, those that
// miss the field, ready for a phone round; in the dues table, the
// adherents of that section in that state.
type statsScreen struct {
	c      *Common
	width  int
	height int
	keys   statsKeys

	filter  textinput.Model
	focused bool
	ferr    string

	st     stats.Stats
	loaded bool
	gate   loadGate // one load at a time
	seq    uint64

	block     int
	cursors   [statsBlocks]table // each block's cursor, over its items
	windows   [statsBlocks]table // each block's lines shown, following its cursor
	field     int                // quality: the field column
	pop       int                // quality: population (stats.Populations index)
	duesCol   int                // dues: the state column (stats.DuesStates index)
	bandYears int
}

// The blocks, in tab order.
const (
	blockCounts = iota
	blockAges
	blockSocial
	blockQuality
	blockDues
	blockMoves
	statsBlocks
)

// statsBlockNames name each block in full, then shorter for the tabs of a
// narrower screen.
var statsBlockNames = [statsBlocks][3]string{
	{"Effectifs", "Effectifs", "Effect."},
	{"Pyramide des âges", "Âges", "Âges"},
	{"Composition sociale", "Composition", "Compo."},
	{"Qualité du fichier", "Qualité", "Qualité"},
	{"Cotisations", "Cotisations", "Cotis."},
	{"Mutations", "Mutations", "Mutations"},
}

type statsKeys struct {
	list                      listKeys
	Next, Prev, Left, Right   key.Binding
	Open, Filter, Leave, Back key.Binding
	Clear, Pop, Bands, Export key.Binding
	focused                   bool
	block                     int
}

func (k statsKeys) ShortHelp() []key.Binding {
	if k.focused {
		return []key.Binding{k.Leave, k.Clear}
	}
	switch k.block {
	case blockQuality:
		return []key.Binding{k.Next, k.Open, arrowsHelp, k.Left, k.Pop, k.Filter, k.Export}
	case blockDues:
		return []key.Binding{k.Next, k.Open, arrowsHelp, k.Left, k.Filter, k.Export}
	case blockAges:
		return []key.Binding{k.Next, k.Open, k.Bands, k.Filter, k.Export, k.Back}
	case blockMoves:
		return []key.Binding{k.Next, k.Filter, k.Export, k.Back}
	}
	return []key.Binding{k.Next, k.Open, arrowsHelp, k.Filter, k.Export, k.Back}
}

func (k statsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.list.Up, k.list.Down, k.list.PageUp, k.list.PageDown},
		{k.Open, k.Left, k.Right, k.Pop, k.Bands},
		{k.Filter, k.Clear, k.Export, k.Back},
	}
}

// statsLoaded is the figures computed; seq drops an answer to an older
// search.
type statsLoaded struct {
	seq uint64
	st  stats.Stats
}

// NewStatsScreen is « 8 Statistiques » over query ("" = the whole scope).
func NewStatsScreen(c *Common, query string) Screen { return newStatsScreen(c, query) }

func newStatsScreen(c *Common, query string) *statsScreen {
	s := &statsScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, bandYears: 10, pop: int(model.KindAdherent)}
	s.keys = statsKeys{
		list:   newListKeys(),
		Next:   binding([]string{"tab"}, "tab", "bloc suivant"),
		Prev:   binding([]string{"shift+tab"}, "maj+tab", "bloc précédent"),
		Left:   binding([]string{"left", "h"}, "←→", "colonne"),
		Right:  binding([]string{"right", "l"}, "→", "champ suivant"),
		Open:   binding([]string{"enter"}, "entrée", "lister ces fiches"),
		Filter: binding([]string{"/"}, "/", "restreindre"),
		Leave:  binding([]string{"enter", "esc"}, "entrée", "vers les chiffres"),
		Back:   binding([]string{"esc"}, "esc", "retour"),
		Clear:  binding([]string{"ctrl+u"}, "ctrl+u", "effacer"),
		Pop:    binding([]string{"p"}, "p", "adh./comp./contacts/tous"),
		Bands:  binding([]string{"b"}, "b", "tranches de 5 ou 10 ans"),
		Export: binding([]string{"x"}, "x", "exporter (xlsx)"),
	}
	for b := range statsBlocks {
		s.cursors[b], s.windows[b] = newTable(s.keys.list), newTable(s.keys.list)
	}
	s.filter = newInput(c.Styles, "type:adh section:sud …", 300)
	s.filter.SetValue(strings.TrimSpace(query))
	return s
}

func (s *statsScreen) screenKey() string { return "8" }

func (s *statsScreen) Init() tea.Cmd { return s.load() }

func (s *statsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.filter.Width = max(w-5, 5)
	for b := range s.cursors {
		s.cursors[b].SetHeight(max(h-4, 1)) // the page of pgup and pgdown
	}
}

func (s *statsScreen) Title() string {
	if q := strings.TrimSpace(s.st.Query); s.loaded && q != "" {
		return "Statistiques · /" + model.StripControl(q)
	}
	return "Statistiques"
}

func (s *statsScreen) Status() string {
	if !s.loaded {
		return "chargement…"
	}
	n := s.st.Counts.Total()
	st := FormatCount(n) + " " + plural(n, "fiche", "fiches") + " au " + s.st.Today.String()
	if s.gate.loading {
		st += " · calcul…"
	}
	return st
}

func (s *statsScreen) Keys() help.KeyMap {
	s.keys.focused, s.keys.block = s.focused, s.block
	return s.keys
}
func (s *statsScreen) Capturing() bool { return s.focused }
func (s *statsScreen) Dirty() bool     { return false }

// load computes the figures for the search in the bar, in a command.
func (s *statsScreen) load() tea.Cmd {
	q, err := query.Parse(s.filter.Value())
	if err != nil {
		s.ferr = err.Error()
		return nil
	}
	if !s.gate.start() {
		return nil
	}
	s.seq++
	seq, st, sess, bands := s.seq, s.c.Store, s.c.Session, s.bandYears
	return ask(s, func() (statsLoaded, error) {
		res, err := st.Stats(sess, q, bands)
		return statsLoaded{seq, res}, err
	})
}

func (s *statsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[statsLoaded]:
		if s.gate.done() {
			return s, s.load() // the data or the search changed meanwhile
		}
		if msg.val.seq != s.seq {
			return s, nil
		}
		if msg.err != nil {
			return s, keepErr(&s.ferr, msg.err)
		}
		s.st, s.loaded, s.ferr = msg.val.st, true, ""
		s.setItems()
		return s, nil
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		if s.focused {
			return s, s.filterKey(msg)
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *statsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	items := s.items()
	if s.cursors[s.block].Move(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Next):
		s.block = (s.block + 1) % statsBlocks
	case key.Matches(msg, k.Prev):
		s.block = (s.block + statsBlocks - 1) % statsBlocks
	case key.Matches(msg, k.Left) && s.block == blockQuality:
		s.field = (s.field + len(stats.Fields) - 1) % len(stats.Fields)
	case key.Matches(msg, k.Right) && s.block == blockQuality:
		s.field = (s.field + 1) % len(stats.Fields)
	case key.Matches(msg, k.Left) && s.block == blockDues:
		s.duesCol = (s.duesCol + len(stats.DuesStates) - 1) % len(stats.DuesStates)
	case key.Matches(msg, k.Right) && s.block == blockDues:
		s.duesCol = (s.duesCol + 1) % len(stats.DuesStates)
	case key.Matches(msg, k.Pop) && s.block == blockQuality:
		s.pop = (s.pop + stats.Populations - 1) % stats.Populations // adhérents, compagnons, contacts, tous
	case key.Matches(msg, k.Bands):
		s.bandYears = 15 - s.bandYears
		s.block = blockAges
		return s.load()
	case key.Matches(msg, k.Open):
		if c := s.cursors[s.block].Selected(); c >= 0 && c < len(items) && items[c].query != "" {
			return Push(newListScreen(s.c, items[c].query, false))
		}
	case key.Matches(msg, k.Filter):
		s.focused = true
		s.filter.Focus()
		s.filter.CursorEnd()
	case key.Matches(msg, k.Export):
		return s.export()
	case key.Matches(msg, k.Back):
		if s.filter.Value() != "" {
			s.filter.SetValue("")
			return s.load()
		}
		return closeScreen(s)
	}
	return nil
}

func (s *statsScreen) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Leave):
		s.focused = false
		s.filter.Blur()
		if s.filter.Value() != s.st.Query || s.ferr != "" {
			return s.load()
		}
		return nil
	case key.Matches(msg, s.keys.Clear):
		s.filter.SetValue("")
		return s.load()
	}
	var cmd tea.Cmd
	s.filter, cmd = s.filter.Update(msg)
	return cmd
}

// export writes the figures to a workbook in the home folder; the export
// right is checked and the export journaled by export.WriteStats.
func (s *statsScreen) export() tea.Cmd {
	if !s.loaded {
		return nil
	}
	st, sess, figures, now := s.c.Store, s.c.Session, s.st, s.c.Now()
	return flashResult(func() (string, error) {
		path, err := export.WriteStats(st, sess, &figures, export.DefaultStatsPath("", figures.Query, now))
		return "statistiques exportées (inscrit au journal) → " + path, err
	})
}

// setItems gives each block's cursor the items of the new figures (it
// stays where it was as far as it can).
func (s *statsScreen) setItems() {
	for b := range statsBlocks {
		_, items := s.view().block(b)
		s.cursors[b].SetLen(len(items))
	}
}

// statsItem is a line the cursor can stand on and the search it opens.
type statsItem struct {
	line  int // index in the block's lines
	query string
}

func (s *statsScreen) items() []statsItem {
	if !s.loaded {
		return nil
	}
	_, items := s.view().block(s.block)
	return items
}

func (s *statsScreen) view() statsView {
	return statsView{st: &s.st, styles: s.c.Styles, width: s.width, field: s.field, pop: s.pop, duesCol: s.duesCol,
		cursor: s.cursors[s.block].Cursor(), withCursor: true}
}

func (s *statsScreen) View() string {
	st := s.c.Styles
	var out []string
	// Tabs.
	var tabs []string
	form := statsTabForm(s.width)
	for i, n := range statsBlockNames {
		name := n[form]
		if i == s.block {
			tabs = append(tabs, st.ActiveTab.Render("["+name+"]"))
		} else {
			tabs = append(tabs, st.Tab.Render(" "+name+" "))
		}
	}
	out = append(out, fit(" "+strings.Join(tabs, " "), s.width))
	switch {
	case s.focused:
		out = append(out, " / "+s.filter.View())
	case s.ferr != "":
		out = append(out, " "+st.Error.Render(fit(model.StripControl(s.ferr), s.width-2)))
	case s.st.Query != "":
		out = append(out, " "+st.Muted.Render(fit("restreint à /"+model.StripControl(s.st.Query)+" · esc : tout le périmètre", s.width-2)))
	default:
		out = append(out, "")
	}
	if !s.loaded {
		return strings.Join(append(out, st.Muted.Render("  calcul…")), "\n")
	}
	lines, items := s.view().block(s.block)
	win := &s.windows[s.block]
	win.SetLen(len(lines))
	win.SetHeight(s.height - len(out))
	if c := s.cursors[s.block].Selected(); c >= 0 && c < len(items) {
		win.Select(items[c].line)
	}
	lo, hi := win.Span()
	for _, l := range lines[lo:hi] {
		out = append(out, fit(l, s.width))
	}
	return strings.Join(out, "\n")
}

// statsTabForm is the longest form of the blocks' names whose tabs fit in
// width (each tab is its name and two cells, one space between tabs).
func statsTabForm(width int) int {
	for form := range 2 {
		w := 1
		for _, n := range statsBlockNames {
			w += ansi.StringWidth(n[form]) + 3
		}
		if w-1 <= width {
			return form
		}
	}
	return 2
}

// ---------------------------------------------------------------------------
// Drawing the blocks (shared with « fichier stats »)

// statsView draws the blocks of a Stats at a width.
type statsView struct {
	st         *stats.Stats
	styles     *Styles
	width      int
	field, pop int
	duesCol    int
	cursor     int
	withCursor bool
}

func (v statsView) block(b int) ([]string, []statsItem) {
	switch b {
	case blockAges:
		return v.ages()
	case blockSocial:
		return v.social()
	case blockQuality:
		return v.quality()
	case blockDues:
		return v.dues()
	case blockMoves:
		return v.moves(), nil
	}
	return v.counts()
}

// mark draws the cursor before a selectable line.
func (v statsView) mark(items []statsItem, line string) string {
	if v.withCursor && len(items) == v.cursor+1 {
		return "▸ " + v.styles.Selected.Render(line)
	}
	return "  " + line
}

// StatsText is every block as plain text (no colours, no cursor), for
// « fichier stats ».
func StatsText(st *stats.Stats, width int) string {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	v := statsView{st: st, styles: NewStyles(r), width: width}
	var out []string
	for b := range statsBlocks {
		if b > 0 {
			out = append(out, "")
		}
		out = append(out, strings.ToUpper(statsBlockNames[b][0]))
		if b != blockQuality {
			lines, _ := v.block(b)
			out = append(out, lines...)
			continue
		}
		for i, pop := range []model.Kind{model.KindAdherent, model.KindCompagnon, model.KindContact, 0} {
			v.pop = int(pop)
			lines, _ := v.block(b)
			if i > 0 {
				out = append(out, "")
			}
			out = append(out, lines...)
		}
		out = append(out, "")
		out = append(out, v.qualityLegend()...)
	}
	return strings.Join(out, "\n") + "\n"
}

func (v statsView) join(term string) string {
	return strings.TrimSpace(strings.TrimSpace(v.st.Query) + " " + term)
}

// pct is a share as French text: « 42 % ». It is rounded down, so that
// 100 % means complete and 0 % means none.
func pct(n, total int) string {
	if total == 0 {
		return "—"
	}
	return fmt.Sprintf("%d %%", int(math.Floor(stats.Percent(n, total))))
}

// bar is a bar of n out of most in width cells (at least one cell for n > 0).
func bar(n, most, width int) string {
	if n <= 0 || most <= 0 || width <= 0 {
		return ""
	}
	return strings.Repeat("█", max(1, n*width/most))
}

func (v statsView) counts() ([]string, []statsItem) {
	c := v.st.Counts
	s := v.styles
	w := len(FormatCount(max(c.Adherents, c.Compagnons, c.Contacts)))
	n := func(x int) string { return fmt.Sprintf("%*s", w, FormatCount(x)) }
	noCell := ""
	if c.AdherentsNoCell > 0 {
		noCell = fmt.Sprintf(" (%s sans cellule)", FormatCount(c.AdherentsNoCell))
	}
	lines := []string{
		"  " + n(c.Adherents) + " " + plural(c.Adherents, "adhérent", "adhérents") + noCell,
		"  " + n(c.Compagnons) + " " + plural(c.Compagnons, "compagnon de route", "compagnons de route"),
		"  " + n(c.Contacts) + " " + plural(c.Contacts, "contact", "contacts"),
		fmt.Sprintf("  Nouveaux adhérents : %s en %d, %s en %d", FormatCount(c.NewThisYear), c.Year, FormatCount(c.NewLastYear), c.Year-1),
	}
	lines = append(lines, v.progression()...)
	lines = append(lines, "")
	nameW := max(v.width-2-3*8, 10)
	head := padRight("Section / cellule", nameW) + fmt.Sprintf("%8s%8s%8s", "Adh.", "Comp.", "Cont.")
	lines = append(lines, "  "+s.Label.Render(head))
	var items []statsItem
	row := func(indent, name string, k stats.KindCounts, query string) {
		text := labelCell(indent+name, nameW) +
			fmt.Sprintf("%8s%8s%8s", FormatCount(k.Adherents), FormatCount(k.Compagnons), FormatCount(k.Contacts))
		items = append(items, statsItem{line: len(lines), query: query})
		lines = append(lines, v.mark(items, text))
	}
	for _, sec := range c.Sections {
		name, term := model.StripControl(sec.Name), "section:"+stats.Quote(sec.Name)
		if sec.Unit == 0 {
			name, term = "sans section", "section:"
		}
		row("", name, sec.KindCounts, v.join(term))
		for _, cell := range sec.Cells {
			cname, cterm := model.StripControl(cell.Name), "cellule:"+stats.Quote(cell.Name)
			if cell.Unit == 0 {
				cname, cterm = "sans cellule", "cellule:"
			}
			row("  ", cname, cell.KindCounts, v.join(term+" "+cterm))
		}
	}
	return lines, items
}

func (v statsView) ages() ([]string, []statsItem) {
	p := v.st.Pyramid
	s := v.styles
	most, others := 0, false
	for _, b := range p.Bands {
		most = max(most, b.Women, b.Men)
		others = others || b.Other+b.Unknown > 0
	}
	const labelW, numW, otherW = 7, 6, 7
	side := max((v.width-2-labelW-2*numW-otherW)/2, 4)
	lines := []string{
		fmt.Sprintf("  Tranches de %d ans · %s %s avec date de naissance", p.BandYears, FormatCount(p.WithDate), plural(p.WithDate, "fiche", "fiches")),
		"  " + s.Label.Render(fmt.Sprintf("%*s%s%s%-*s%*s", numW+side, "Hommes", centre("âge", labelW), "", numW+side, "Femmes", otherW, "autre/?")),
	}
	var items []statsItem
	for i := len(p.Bands) - 1; i >= 0; i-- { // the oldest on top
		b := p.Bands[i]
		men := bar(b.Men, most, side)
		women := bar(b.Women, most, side)
		other := ""
		if b.Other+b.Unknown > 0 {
			other = FormatCount(b.Other + b.Unknown)
		}
		text := fmt.Sprintf("%*s %*s%s%-*s%-*s%*s", numW-1, FormatCount(b.Men), side, men, centre(b.Label(), labelW),
			side, women, numW, " "+FormatCount(b.Women), otherW, other)
		items = append(items, statsItem{line: len(lines), query: v.join(b.Term())})
		lines = append(lines, v.mark(items, text))
	}
	lines = append(lines, "")
	total := p.WithDate + p.NoBirthDate
	noDate := fmt.Sprintf("Sans date de naissance : %s (%s des fiches)", FormatCount(p.NoBirthDate), pct(p.NoBirthDate, total))
	items = append(items, statsItem{line: len(lines), query: v.join("naissance:")})
	lines = append(lines, v.mark(items, noDate))
	if p.NoGender > 0 || others {
		lines = append(lines, "  "+s.Muted.Render(fmt.Sprintf("autre/? : genre « autre » ou non renseigné (%s sans genre)", FormatCount(p.NoGender))))
	}
	return lines, items
}

// progression is the path's movement this year, from the journal.
func (v statsView) progression() []string {
	p := v.st.Progression
	w := len(FormatCount(max(p.ContactToCompagnon, p.CompagnonToAdherent, p.ContactToAdherent)))
	n := func(x int) string { return fmt.Sprintf("%*s", w, FormatCount(x)) }
	return []string{
		fmt.Sprintf("  Progression en %d (d'après le journal) :", p.Year),
		"    " + n(p.ContactToCompagnon) + " " + plural(p.ContactToCompagnon, "contact → compagnon de route", "contacts → compagnons de route"),
		"    " + n(p.CompagnonToAdherent) + " " + plural(p.CompagnonToAdherent, "compagnon → adhérent", "compagnons → adhérents"),
		"    " + n(p.ContactToAdherent) + " " + plural(p.ContactToAdherent, "contact → adhérent", "contacts → adhérents"),
		v.styles.Muted.Render(fmt.Sprintf("    fiches créées : %s %s, %s %s, %s %s",
			FormatCount(p.NewContacts), plural(p.NewContacts, "contact", "contacts"),
			FormatCount(p.NewCompagnons), plural(p.NewCompagnons, "compagnon", "compagnons"),
			FormatCount(p.NewAdherents), plural(p.NewAdherents, "adhérent", "adhérents"))),
	}
}

// centre centres s in width cells.
func centre(s string, width int) string {
	d := width - ansi.StringWidth(s)
	if d <= 0 {
		return s
	}
	return strings.Repeat(" ", d/2) + s + strings.Repeat(" ", d-d/2)
}

// pcsShort names the PCS groups in narrow lines (model.PCS.String is the
// full INSEE name, used in spreadsheets).
var pcsShort = map[model.PCS]string{
	model.PCSAgriculteurs:   "Agriculteurs",
	model.PCSArtisans:       "Artisans, commerçants",
	model.PCSCadres:         "Cadres",
	model.PCSIntermediaires: "Prof. intermédiaires",
	model.PCSEmployes:       "Employés",
	model.PCSOuvriers:       "Ouvriers",
	model.PCSRetraites:      "Retraités",
	model.PCSSansActivite:   "Sans activité",
	model.PCSUnknown:        "non renseignée",
}

func (v statsView) social() ([]string, []statsItem) {
	so := v.st.Social
	const labelW, numW, pctW = 22, 8, 6
	barW := max(v.width-2-labelW-numW-pctW-2, 4)
	lines := []string{
		fmt.Sprintf("  %s %s · PCS renseignée pour %s", FormatCount(so.Total), plural(so.Total, "fiche", "fiches"), pct(so.Known(), so.Total)),
		"",
	}
	most := so.Unknown
	for _, n := range so.Groups {
		most = max(most, n)
	}
	var items []statsItem
	row := func(p model.PCS, n int) {
		text := padRight(pcsShort[p], labelW) + padRight(bar(n, most, barW), barW+1) +
			fmt.Sprintf("%*s%*s", numW, FormatCount(n), pctW, pct(n, so.Total))
		items = append(items, statsItem{line: len(lines), query: v.join(stats.PCSTerm(p))})
		lines = append(lines, v.mark(items, text))
	}
	for i, g := range model.PCSGroups {
		row(g, so.Groups[i])
	}
	lines = append(lines, "")
	row(model.PCSUnknown, so.Unknown)
	return lines, items
}

func (v statsView) quality() ([]string, []statsItem) {
	q := v.st.Quality
	s := v.styles
	g := sectionGrid{countHead: "Fiches", countW: 7, colW: 7, col: v.field}
	if v.width < 72 {
		g.colW, g.tight = 6, true
	}
	for _, f := range stats.Fields {
		g.columns = append(g.columns, f.Short)
	}
	all := append([]stats.QualityLine{q.Total}, q.Sections...)
	for i := range all {
		l := &all[i]
		row := gridRow{name: qualityName(l), count: l.Count[v.pop], query: l.Query(v.st.Query, v.pop, v.field)}
		for f := range stats.Fields {
			row.cells = append(row.cells, pct(l.Count[v.pop]-l.Missing[v.pop][f], l.Count[v.pop]))
		}
		g.rows = append(g.rows, row)
	}
	pop := stats.PopulationName(v.pop)
	lines, items := v.grid([]string{"  " + strings.ToUpper(pop[:1]) + pop[1:] + " : part des fiches où le champ est renseigné"}, g)
	if v.withCursor && v.cursor < len(all) {
		l := &all[v.cursor]
		f := stats.Fields[v.field]
		miss := l.Missing[v.pop][v.field]
		lines = append(lines, "",
			fmt.Sprintf("  %s · %s : %s sans (%s) · entrée : les lister", qualityName(l), f.Label, FormatCount(miss), pct(miss, l.Count[v.pop])),
			"  "+s.Muted.Render("p : adhérents, compagnons, contacts ou tous · ←→ : le champ"))
	}
	return lines, items
}

// duesStateNames head the dues table's columns (stats.DuesStates order).
var duesStateNames = []string{"À jour", "En retard", "Jamais"}

func (v statsView) dues() ([]string, []statsItem) {
	d := v.st.Dues
	g := sectionGrid{countHead: "Adh.", countW: 8, colW: 11, columns: duesStateNames, col: v.duesCol}
	all := append([]stats.DuesLine{d.Total}, d.Sections...)
	for i := range all {
		l := &all[i]
		row := gridRow{name: duesName(l), count: l.Total(),
			query: v.join("type:adh " + strings.TrimSpace(l.Term()+" "+stats.DuesTerm(stats.DuesStates[v.duesCol])))}
		for _, st := range stats.DuesStates {
			row.cells = append(row.cells, FormatCount(l.States[st]))
		}
		g.rows = append(g.rows, row)
	}
	lines, items := v.grid([]string{"  Adhérents actifs : situation de cotisation (délai de grâce de la fédération)"}, g)
	if v.withCursor && v.cursor < len(all) {
		l := &all[v.cursor]
		n := l.States[stats.DuesStates[v.duesCol]]
		lines = append(lines, "",
			fmt.Sprintf("  %s · %s : %s (%s) · entrée : les lister", duesName(l), strings.ToLower(duesStateNames[v.duesCol]), FormatCount(n), pct(n, l.Total())),
			"  "+v.styles.Muted.Render("←→ : à jour, en retard ou jamais"))
	}
	return lines, items
}

// sectionGrid is a table of figures by section (the whole scope first)
// whose cursor stands on a row and a column: the quality of the file by
// field, the dues by state.
type sectionGrid struct {
	countHead    string   // heading of the count column
	countW, colW int      // cells of the count column and of each column
	columns      []string // the columns' headings
	col          int      // the column under the cursor
	tight        bool     // the selected cell drops its spaces to keep one before its [ ]
	rows         []gridRow
}

// gridRow is a row of a sectionGrid and the search Enter opens on it.
type gridRow struct {
	name  string
	count int
	cells []string
	query string
}

// grid draws g under lines: its heading, then a row per line, each an
// item the cursor can stand on.
func (v statsView) grid(lines []string, g sectionGrid) ([]string, []statsItem) {
	s := v.styles
	nameW := max(v.width-2-g.countW-g.colW*len(g.columns), 8)
	head := padRight("Section", nameW) + fmt.Sprintf("%*s", g.countW, g.countHead)
	for _, c := range g.columns {
		head += fmt.Sprintf("%*s", g.colW, c)
	}
	lines = append(lines, "  "+s.Label.Render(head))
	var items []statsItem
	for _, r := range g.rows {
		selected := v.withCursor && len(items) == v.cursor
		text := labelCell(r.name, nameW) + fmt.Sprintf("%*s", g.countW, FormatCount(r.count))
		for c, cell := range r.cells {
			if selected && c == g.col {
				if g.tight {
					cell = strings.ReplaceAll(cell, " ", "") // "[60%]"
				}
				cell = s.Selected.Render("[" + cell + "]")
			}
			text += padLeft(cell, g.colW)
		}
		items = append(items, statsItem{line: len(lines), query: r.query})
		lines = append(lines, cursorLine(selected, text))
	}
	return lines, items
}

// cursorLine puts the cursor's mark before a table line (its selected
// cell is already drawn).
func cursorLine(selected bool, text string) string {
	if selected {
		return "▸ " + text
	}
	return "  " + text
}

func duesName(l *stats.DuesLine) string { return sectionLineName(l.All, l.Section, l.Name) }

// moves is the scope's mutations this year and last, from the records.
func (v statsView) moves() []string {
	m := v.st.Moves
	s := v.styles
	w := len(FormatCount(max(m.OutThisYear, m.OutLastYear, m.InThisYear, m.InLastYear, 9999)))
	lines := []string{
		"  Mutations du périmètre (départs et arrivées, à la date de la mutation)",
		"",
		"  " + s.Label.Render(fmt.Sprintf("%-12s%*d%*d", "", w+2, m.Year, w+2, m.Year-1)),
		fmt.Sprintf("  %-12s%*s%*s", "Départs", w+2, FormatCount(m.OutThisYear), w+2, FormatCount(m.OutLastYear)),
		fmt.Sprintf("  %-12s%*s%*s", "Arrivées", w+2, FormatCount(m.InThisYear), w+2, FormatCount(m.InLastYear)),
		"",
		fmt.Sprintf("  Arrivées à traiter : %s (écran 5 Mutations)", FormatCount(m.PendingArrivals)),
	}
	if strings.TrimSpace(v.st.Query) != "" {
		lines = append(lines, "  "+s.Muted.Render("tout le périmètre : une fiche partie n'est plus dans la recherche"))
	}
	return lines
}

func qualityName(l *stats.QualityLine) string { return sectionLineName(l.All, l.Section, l.Name) }

// sectionLineName names a line of a per-section table: the whole, the
// fiches held without a section, or a section.
func sectionLineName(all bool, section model.UnitID, name string) string {
	switch {
	case all:
		return "Ensemble"
	case section == 0:
		return "sans section"
	}
	return model.StripControl(name)
}

// qualityLegend names the quality table's narrow headings, in lines of
// the view's width.
func (v statsView) qualityLegend() []string {
	var lines []string
	legend := make([]string, len(stats.Fields))
	for i, f := range stats.Fields {
		legend[i] = f.Short + " " + strings.ToLower(f.Label)
	}
	line := ""
	for _, l := range legend {
		if line != "" && ansi.StringWidth(line+" · "+l) > v.width-2 {
			lines = append(lines, "  "+v.styles.Muted.Render(line))
			line = ""
		}
		if line != "" {
			line += " · "
		}
		line += l
	}
	return append(lines, "  "+v.styles.Muted.Render(line))
}

// Commands offers, from the list of fiches (palette, ctrl+p), the
// statistics of the search on screen. (Defined here, beside the screen it
// opens: the list's own keys stay the list's.)
func (l *listScreen) Commands() []Command {
	c, query := l.c, l.query
	return []Command{{Name: "Statistiques de cette recherche", Run: func() tea.Cmd { return Push(NewStatsScreen(c, query)) }}}
}
