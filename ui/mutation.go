package ui

// The Mutations screen (5): arrivals to process (give them a section and,
// optionally, a cell), and the departures and arrivals of a period, with
// filters; export of the list (xlsx, export right, journaled); import of a
// transfer file from another file; a lost transfer file written again.

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// Views of the list, cycled with f.
const (
	mutViewAll = iota
	mutViewPending
	mutViewDepartures
	mutViewArrivals
	mutViewCount
)

var mutViewNames = [mutViewCount]string{"toutes", "arrivées à traiter", "départs", "arrivées"}

// What the one-line prompt at the bottom asks.
const (
	mutAskNone = iota
	mutAskPeriod
	mutAskImport
	mutAskExport
	mutAskRewrite
)

// The answers screen 5 waits for.
type (
	mutLoaded []model.Mutation
	// mutDone is what to say when an import, export, rewrite or
	// processing has finished.
	mutDone string
	// mutRead is a transfer file read, to confirm its import.
	mutRead struct {
		data []byte
		t    *model.Transfer
		fp   string
	}
	// mutUnits is the units, to offer an arrival its section.
	mutUnits []model.Unit
)

type mutKeys struct {
	list                                                 listKeys
	Process, View, Period, Import, Export, Rewrite, Back key.Binding
}

func (k mutKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Process, k.View, k.Period, k.Import, k.Export, k.Back}
}

func (k mutKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.list.Up, k.list.Down, k.list.PageUp, k.list.PageDown},
		{k.Process, k.View, k.Period},
		{k.Import, k.Export, k.Rewrite, k.Back},
	}
}

// mutPlace is a section (or a cell of it) an arrival can be given.
type mutPlace struct {
	label string
	org   model.Org
}

// mutationsScreen lists mutations.
type mutationsScreen struct {
	c    *Common
	st   *Styles
	keys mutKeys

	view     int
	from, to model.Date
	list     []model.Mutation
	loaded   bool
	tab      table // over list
	w, h     int

	ask    int
	input  textinput.Model
	dialog *ConfirmDialog
	onYes  func() tea.Cmd

	places     []mutPlace // processing an arrival: the places offered
	placeTab   table      // over places, type-to-search
	processing *model.Mutation

	busy      bool
	notice    string
	noticeErr bool
}

// NewMutationsScreen opens screen 5.
func NewMutationsScreen(c *Common) Screen {
	st := c.Styles
	if st == nil {
		st = NewStyles(nil)
	}
	m := &mutationsScreen{c: c, st: st, w: 80, h: 19, tab: newTable(newListKeys()), placeTab: newTable(newListKeys().arrowsOnly())}
	m.keys = mutKeys{
		list:    newListKeys(),
		Process: binding([]string{"enter"}, "entrée", "traiter l'arrivée"),
		View:    binding([]string{"f"}, "f", "filtre"),
		Period:  binding([]string{"p"}, "p", "période"),
		Import:  binding([]string{"i"}, "i", "importer un transfert"),
		Export:  binding([]string{"x"}, "x", "exporter"),
		Rewrite: binding([]string{"w"}, "w", "réécrire le fichier de transfert"),
		Back:    binding([]string{"esc"}, "esc", "retour"),
	}
	m.input = newInput(st, "", 400)
	return m
}

func (m *mutationsScreen) Init() tea.Cmd { return m.load() }

func (m *mutationsScreen) load() tea.Cmd {
	f := store.MutationFilter{From: m.from, To: m.to}
	switch m.view {
	case mutViewPending:
		f.PendingOnly = true
	case mutViewDepartures:
		f.Departures = true
	case mutViewArrivals:
		f.Arrivals = true
	}
	st, sess := m.c.Store, m.c.Session
	return ask(m, func() (mutLoaded, error) { return st.Mutations(sess, f) })
}

func (m *mutationsScreen) SetSize(w, h int) {
	m.w, m.h = max(w, 20), max(h, 5)
	m.tab.SetHeight(m.rows() - 3)
	m.placeTab.SetHeight(max(m.h-5, 3))
}

func (m *mutationsScreen) Title() string {
	t := "Mutations · " + mutViewNames[m.view]
	if p := m.periodText(); p != "" {
		t += " · " + p
	}
	return t
}

func (m *mutationsScreen) periodText() string {
	switch {
	case m.from != 0 && m.to != 0:
		return "du " + m.from.String() + " au " + m.to.String()
	case m.from != 0:
		return "depuis le " + m.from.String()
	case m.to != 0:
		return "jusqu'au " + m.to.String()
	}
	return ""
}

func (m *mutationsScreen) Status() string {
	if !m.loaded {
		return "chargement…"
	}
	pending := 0
	for i := range m.list {
		if m.list[i].SeesArrival(&m.c.User) && m.list[i].PendingArrival() {
			pending++
		}
	}
	s := FormatCount(len(m.list)) + " " + plural(len(m.list), "mutation", "mutations")
	if pending > 0 {
		s += " · " + FormatCount(pending) + " " + plural(pending, "arrivée à traiter", "arrivées à traiter")
	}
	return s
}

func (m *mutationsScreen) Keys() help.KeyMap {
	if m.dialog != nil {
		return m.dialog.Keys()
	}
	if m.ask != mutAskNone || m.processing != nil {
		k := keyMap{short: []key.Binding{binding([]string{"enter"}, "entrée", "valider"), binding([]string{"esc"}, "esc", "annuler")}}
		k.full = [][]key.Binding{k.short}
		return k
	}
	return m.keys
}

func (m *mutationsScreen) Capturing() bool {
	return m.ask != mutAskNone || m.dialog != nil || m.processing != nil
}

func (m *mutationsScreen) Dirty() bool { return false }

func (m *mutationsScreen) setNotice(text string, isErr bool) { m.notice, m.noticeErr = text, isErr }

// replyFailed takes the error of a reply to a store call: the screen is no
// longer busy, and an error is shown. It reports whether there was one.
func (m *mutationsScreen) replyFailed(err error) bool {
	m.busy = false
	if err != nil {
		m.setNotice(err.Error(), true)
		return true
	}
	return false
}

func (m *mutationsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[mutLoaded]:
		if msg.err != nil {
			m.setNotice(msg.err.Error(), true)
			return m, errCmd(msg.err)
		}
		m.list, m.loaded = msg.val, true
		m.tab.SetLen(len(m.list))
		m.tab.SetHeight(m.rows() - 3)
		return m, nil
	case reply[mutDone]:
		if m.replyFailed(msg.err) {
			return m, errCmd(msg.err)
		}
		m.setNotice(string(msg.val), false)
		return m, m.load()
	case reply[mutRead]:
		if m.replyFailed(msg.err) {
			return m, nil
		}
		m.confirmImport(msg.val)
		return m, nil
	case reply[mutUnits]:
		if m.replyFailed(msg.err) {
			m.processing = nil
			return m, errCmd(msg.err)
		}
		m.offerPlaces(msg.val)
		return m, nil
	case StoreEventMsg:
		return m, m.load()
	case tea.KeyMsg:
		if m.busy {
			return m, nil
		}
		switch {
		case m.dialog != nil:
			res, cmd := m.dialog.Update(msg)
			switch res {
			case ConfirmYes:
				m.dialog = nil
				return m, m.onYes()
			case ConfirmNo:
				m.dialog, m.processing = nil, nil
			}
			return m, cmd
		case m.ask != mutAskNone:
			return m, m.askKey(msg)
		case m.processing != nil:
			return m, m.placeKey(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

func (m *mutationsScreen) selected() (*model.Mutation, bool) {
	i := m.tab.Selected()
	if i < 0 || i >= len(m.list) {
		return nil, false
	}
	return &m.list[i], true
}

func (m *mutationsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if m.tab.Move(msg) {
		return nil
	}
	m.setNotice("", false)
	switch {
	case key.Matches(msg, k.Back):
		return closeScreen(m)
	case key.Matches(msg, k.View):
		m.view = (m.view + 1) % mutViewCount
		m.tab.SetCursor(0)
		return m.load()
	case key.Matches(msg, k.Period):
		m.prompt(mutAskPeriod, strings.TrimSpace(m.periodText()), "du jj/mm/aaaa au jj/mm/aaaa (vide : toutes)")
	case key.Matches(msg, k.Import):
		if !m.c.User.Rights.Has(model.RightWrite) {
			m.setNotice("lecture seule : importer une arrivée demande le droit de création et modification", true)
			return nil
		}
		m.prompt(mutAskImport, "", "chemin du fichier de transfert (.mutation)")
	case key.Matches(msg, k.Export):
		if !m.c.User.Rights.Has(model.RightExport) {
			m.setNotice("votre compte n'a pas le droit d'export", true)
			return nil
		}
		m.prompt(mutAskExport, m.defaultExportPath(), "fichier xlsx à écrire")
	case key.Matches(msg, k.Rewrite):
		mu, ok := m.selected()
		if !ok || mu.Kind != model.MutationOut || !mu.SeesDeparture(&m.c.User) {
			m.setNotice("choisissez un départ vers un autre fichier pour en réécrire le fichier de transfert", true)
			return nil
		}
		m.prompt(mutAskRewrite, transferDefaultPath(m.c, mu.Name), "chemin du fichier de transfert à écrire")
	case key.Matches(msg, k.Process):
		mu, ok := m.selected()
		if !ok {
			return nil
		}
		if !mu.SeesArrival(&m.c.User) || !mu.PendingArrival() {
			m.setNotice("seule une arrivée à traiter se traite (elle reçoit alors sa section)", false)
			return nil
		}
		if !model.CanEdit(&m.c.User, mu.To) {
			m.setNotice(model.ErrMutationForbidden.Error(), true)
			return nil
		}
		cp := *mu
		m.processing, m.busy = &cp, true
		st, sess := m.c.Store, m.c.Session
		return ask(m, func() (mutUnits, error) { return st.Units(sess) })
	}
	return nil
}

func (m *mutationsScreen) prompt(what int, value, placeholder string) {
	m.ask = what
	m.input.Placeholder = placeholder
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.input.Focus()
}

func (m *mutationsScreen) defaultExportPath() string {
	return inHome("mutations-" + ficheToday(m.c).Time().Format("2006-01-02") + ".xlsx")
}

var mutDateRe = regexp.MustCompile(`\d{1,2}/\d{1,2}/\d{2,4}`)

func (m *mutationsScreen) askKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.ask = mutAskNone
		m.input.Blur()
		return nil
	case "enter":
	default:
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	}
	asked, value := m.ask, m.input.Value()
	m.ask = mutAskNone
	m.input.Blur()
	st, sess, u := m.c.Store, m.c.Session, m.c.User
	switch asked {
	case mutAskPeriod:
		var dates []model.Date
		for _, s := range mutDateRe.FindAllString(value, 2) {
			d, err := model.ParseDate(s)
			if err != nil {
				m.setNotice(err.Error(), true)
				return nil
			}
			dates = append(dates, d)
		}
		var from, to model.Date
		switch {
		case len(dates) == 2 && dates[0] > dates[1]:
			m.setNotice("la période commence après sa fin : du jj/mm/aaaa au jj/mm/aaaa", true)
			return nil
		case len(dates) == 2:
			from, to = dates[0], dates[1]
		case len(dates) == 1 && strings.Contains(value, "au") && !strings.Contains(value, "du"):
			to = dates[0]
		case len(dates) == 1:
			from = dates[0]
		}
		m.from, m.to = from, to
		return m.load()
	case mutAskImport:
		path := expandHome(strings.TrimSpace(value))
		m.busy = true
		return ask(m, func() (mutRead, error) { return readTransferFile(path) })
	case mutAskExport:
		list := append([]model.Mutation(nil), m.list...)
		filter := mutViewNames[m.view] + " " + m.periodText()
		m.busy = true
		return ask(m, func() (mutDone, error) {
			path, err := export.WriteMutations(st, sess, &u, list, strings.TrimSpace(filter), expandHome(strings.TrimSpace(value)))
			return mutDone(fmt.Sprintf("%d %s → %s", len(list), plural(len(list), "mutation exportée", "mutations exportées"), path)), err
		})
	case mutAskRewrite:
		mu, ok := m.selected()
		if !ok {
			return nil
		}
		id, path := mu.ID, expandHome(strings.TrimSpace(value))
		m.busy = true
		return ask(m, func() (mutDone, error) {
			return mutDone("fichier de transfert écrit : " + path), st.RewriteTransfer(sess, id, path)
		})
	}
	return nil
}

// readTransferFile reads a transfer file, refusing one too big before
// reading it.
func readTransferFile(path string) (r mutRead, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return r, fmt.Errorf("impossible de lire %s : fichier introuvable", model.StripControl(path))
	}
	if info.Size() > model.MaxTransferSize {
		return r, model.ErrTransferTooBig
	}
	if r.data, err = os.ReadFile(path); err != nil {
		return r, fmt.Errorf("impossible de lire %s", model.StripControl(path))
	}
	r.t, r.fp, err = store.ReadTransfer(r.data)
	return r, err
}

// confirmImport shows what a transfer file holds before importing it.
func (m *mutationsScreen) confirmImport(read mutRead) {
	t := read.t
	name := ficheClean(strings.ToUpper(t.Person.LastName) + " " + t.Person.FirstName)
	lines := []string{
		name + ", de " + ficheClean(t.From.String()) + " vers " + ficheClean(t.To.String()) + ", mutation du " + model.Date(t.Date).String() + ".",
		"Empreinte de la clé de l'origine : " + read.fp + " — comparez-la avec celle que la fédération d'origine vous lit (fichier mutation empreinte).",
		"La fiche sera créée comme arrivée à traiter, sans section.",
	}
	m.dialog = NewConfirm(m.st, "Importer ce transfert ? (o/n)", lines...)
	st, sess, data := m.c.Store, m.c.Session, read.data
	m.onYes = func() tea.Cmd {
		m.busy = true
		return ask(m, func() (mutDone, error) {
			res, err := st.ImportTransfer(sess, data, 0)
			if err != nil {
				return "", err
			}
			if res.Already {
				return mutDone("Ce transfert a déjà été importé le " + formatTime(res.Mutation.At, layoutDate) + " : rien n'a été changé."), nil
			}
			notice := "Arrivée à traiter créée : " + ficheClean(res.Mutation.Name) + "."
			for _, d := range res.Matches {
				notice += fmt.Sprintf(" Même personne probable : fiche %d %s (%s) — fusionnez-les dans l'écran Doublons.",
					d.Person.ID, ficheClean(d.Person.SortName()), d.Reason)
			}
			return mutDone(notice), nil
		})
	}
}

// offerPlaces lists the open sections (and their cells) of the arrival's
// federation.
func (m *mutationsScreen) offerPlaces(units []model.Unit) {
	fed := m.processing.To.Federation
	byID := map[model.UnitID]model.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	m.places = m.places[:0]
	for _, u := range units {
		if u.Level != model.LevelSection || u.Path.Federation != fed || u.Closed {
			continue
		}
		m.places = append(m.places, mutPlace{ficheClean(u.Name) + " (sans cellule)", u.Path})
		for _, c := range units {
			if c.Level == model.LevelCell && c.Path.Section == u.ID && !c.Closed {
				m.places = append(m.places, mutPlace{ficheClean(u.Name) + " › " + ficheClean(c.Name), c.Path})
			}
		}
	}
	labels := make([]string, len(m.places))
	for i, p := range m.places {
		labels[i] = p.label
	}
	m.placeTab.SetTexts(labels)
	m.placeTab.SetQuery("")
	m.placeTab.SetCursor(0)
	m.placeTab.SetHeight(max(m.h-5, 3))
	if len(m.places) == 0 {
		m.setNotice("aucune section ouverte dans cette fédération : créez-en une (écran Structure)", true)
		m.processing = nil
	}
}

func (m *mutationsScreen) placeKey(msg tea.KeyMsg) tea.Cmd {
	if m.placeTab.Move(msg) || m.placeTab.Search(msg) {
		return nil
	}
	switch msg.String() {
	case "esc":
		m.processing = nil
	case "enter":
		i := m.placeTab.Selected()
		if i < 0 {
			return nil
		}
		place, mu := m.places[i], *m.processing
		m.dialog = NewConfirm(m.st, "Traiter cette arrivée ? (o/n)",
			ficheClean(mu.Name)+" rejoint "+place.label+".",
			"La fiche devient ordinaire ; un adhérent reçoit un nouveau numéro de la fédération (l'ancien, "+
				ficheClean(mu.OldNumber)+", reste dans son historique et retrouve la fiche).")
		st, sess := m.c.Store, m.c.Session
		m.onYes = func() tea.Cmd {
			m.processing, m.busy = nil, true
			return ask(m, func() (mutDone, error) {
				p, err := st.ProcessArrival(sess, mu.ID, place.org)
				notice := "Arrivée traitée : " + ficheClean(p.FullName())
				if p.MemberNumber != "" {
					notice += ", nouveau numéro " + p.MemberNumber
				}
				return mutDone(notice), err
			})
		}
	}
	return nil
}

func (m *mutationsScreen) rows() int { return max(m.h-7, 1) }

// line draws one mutation on one line.
func (m *mutationsScreen) line(mu *model.Mutation) string {
	dir := export.MutationDirection(&m.c.User, mu)
	state := ""
	switch {
	case mu.SeesArrival(&m.c.User) && mu.PendingArrival():
		state = "à traiter"
	case mu.Processed && mu.SeesArrival(&m.c.User):
		state = "traitée"
	}
	nameW := max(min(26, m.w-50), 8)
	return fmt.Sprintf("%-10s %-8s %s %s → %s  %s", mu.Date, dir,
		padRight(ansi.Truncate(ficheClean(mu.Name), nameW, "…"), nameW),
		ansi.Truncate(ficheClean(mu.FromDept.Code), 4, ""), ansi.Truncate(ficheClean(mu.ToDept.Code), 4, ""), state)
}

func (m *mutationsScreen) details(mu *model.Mutation) []string {
	out := []string{fmt.Sprintf("%s : de %s vers %s, par %s le %s", mu.Kind, ficheClean(mu.FromDept.String()),
		ficheClean(mu.ToDept.String()), ficheClean(mu.By), dateTime(mu.At))}
	nums := ""
	if mu.OldNumber != "" {
		nums = "ancien numéro " + ficheClean(mu.OldNumber)
	}
	if mu.NewNumber != "" {
		nums += " · nouveau " + ficheClean(mu.NewNumber)
	}
	if mu.Processed {
		nums += " · traitée par " + ficheClean(mu.ProcessedBy) + " le " + formatTime(mu.ProcessedAt, layoutDate)
	}
	if nums != "" {
		out = append(out, nums)
	}
	if mu.Reason != "" {
		out = append(out, "motif : "+ficheClean(mu.Reason))
	}
	if mu.Fingerprint != "" {
		out = append(out, "clé de l'origine : "+mu.Fingerprint)
	}
	return out
}

func (m *mutationsScreen) View() string {
	s := m.st
	if m.dialog != nil {
		return "\n" + m.dialog.View(m.w)
	}
	var out []string
	if m.processing != nil {
		out = append(out, "", "  "+s.Title.Render("Section d'arrivée de "+ficheClean(m.processing.Name)))
		if m.busy { // the sections are being read
			return strings.Join(append(out, "  "+s.Muted.Render("chargement…")), "\n")
		}
		out = append(out, indentLines(m.placeTab.Lines(s, func(i int) string { return fit(m.places[i].label, m.w-6) }), "  ")...)
		out = append(out, m.placeTab.SearchLine(s))
		return strings.Join(out, "\n")
	}
	out = append(out, "")
	switch {
	case !m.loaded:
		out = append(out, "  "+s.Muted.Render("chargement…"))
	case len(m.list) == 0:
		out = append(out, "  "+s.Muted.Render("Aucune mutation ("+mutViewNames[m.view]+")."))
	default:
		out = append(out, m.tab.Lines(s, func(i int) string { return fit(m.line(&m.list[i]), m.w-3) })...)
		if mu, ok := m.selected(); ok {
			out = append(out, "")
			for _, d := range m.details(mu) {
				out = append(out, "  "+s.Muted.Render(ansi.Truncate(d, m.w-4, "…")))
			}
		}
	}
	if m.ask != mutAskNone {
		label := map[int]string{mutAskPeriod: "Période : ", mutAskImport: "Importer : ", mutAskExport: "Exporter vers : ", mutAskRewrite: "Écrire vers : "}[m.ask]
		m.input.Width = max(m.w-len(label)-4, 10)
		out = append(out, "", "  "+s.Key.Render(label)+m.input.View())
	}
	if m.busy {
		out = append(out, "", "  "+s.Muted.Render("en cours…"))
	}
	if m.notice != "" {
		st := s.Success
		if m.noticeErr {
			st = s.Error
		}
		out = append(out, "", "  "+st.Render(ansi.Wordwrap(m.notice, m.w-4, " ")))
	}
	return strings.Join(out, "\n")
}
