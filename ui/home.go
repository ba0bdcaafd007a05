package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// homeScreen is "Accueil": what needs attention in the responsable's scope,
// the counts of the file, and the menu of screens.
type homeScreen struct {
	c      *Common
	width  int
	height int
	keys   homeKeys
	data   homeData
	loaded bool
	gate   loadGate // one load at a time
	tab    table    // over todos
}

type homeKeys struct {
	list       listKeys
	Open       key.Binding
	Search     key.Binding
	New        key.Binding
	Account    key.Binding
	ScreenKeys key.Binding
	write      bool
}

func (k homeKeys) ShortHelp() []key.Binding {
	if !k.write {
		return []key.Binding{k.ScreenKeys, k.Open, k.Search}
	}
	return []key.Binding{k.ScreenKeys, k.Open, k.Search, k.New}
}

func (k homeKeys) FullHelp() [][]key.Binding {
	if !k.write {
		return [][]key.Binding{{k.list.Up, k.list.Down, k.Open}, {k.Search, k.Account}}
	}
	return [][]key.Binding{{k.list.Up, k.list.Down, k.Open}, {k.Search, k.New, k.Account}}
}

// homeData is what the home screen shows, computed by a command.
type homeData struct {
	counts  store.Counts
	week    int              // fiches modified since Monday
	dues    store.DuesCounts // adherents by computed dues status
	arrive  int              // arrivals of mutation to process
	year    int              // the cards' year (this year)
	cards   [2]int           // this year's cards handed over, out of the adherents followed
	weekQ   string
	scopeLv model.Level
}

// NewHomeScreen builds the home screen of a logged-in session.
func NewHomeScreen(c *Common) Screen {
	h := &homeScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	h.keys = homeKeys{
		list:       newListKeys(),
		Open:       binding([]string{"enter"}, "entrée", "ouvrir"),
		Search:     binding([]string{"/"}, "/", "chercher"),
		New:        binding([]string{"n"}, "n", "nouvelle fiche"),
		Account:    binding([]string{"0"}, "0", "mon compte"),
		ScreenKeys: binding([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "écran"),
	}
	h.keys.write = c.User.Rights.Has(model.RightWrite)
	h.tab = newTable(h.keys.list)
	return h
}

func (h *homeScreen) Init() tea.Cmd { return h.load() }

func (h *homeScreen) load() tea.Cmd {
	if !h.gate.start() {
		return nil
	}
	st, sess, now := h.c.Store, h.c.Session, h.c.Now
	return ask(h, func() (d homeData, err error) {
		u, err := sess.User()
		if err != nil {
			return d, err
		}
		d.scopeLv = u.Scope.Level()
		if d.counts, err = st.Count(sess); err != nil {
			return d, err
		}
		today := now()
		monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
		d.weekQ = "maj:>=" + monday.Format(layoutDate)
		count := func(q string) (int, error) {
			pq, err := query.Parse(q)
			if err != nil {
				return 0, err
			}
			res, err := st.Search(sess, pq, store.SortName)
			return len(res.IDs), err
		}
		if d.week, err = count(d.weekQ); err != nil {
			return d, err
		}
		if d.dues, err = st.DuesCount(sess); err != nil {
			return d, err
		}
		if d.arrive, err = st.PendingArrivals(sess); err != nil {
			return d, err
		}
		d.year = today.Year()
		d.cards[0], d.cards[1], err = st.CardCount(sess, d.year)
		return d, err
	})
}

func (h *homeScreen) SetSize(w, hh int) { h.width, h.height = w, hh }
func (h *homeScreen) Title() string     { return "Accueil" }
func (h *homeScreen) Keys() help.KeyMap { return h.keys }
func (h *homeScreen) Capturing() bool   { return false }
func (h *homeScreen) Dirty() bool       { return false }

func (h *homeScreen) Status() string {
	if !h.loaded {
		return "Accueil · chargement…"
	}
	return "Accueil · " + FormatCount(h.data.counts.Total()) + " " + plural(h.data.counts.Total(), "fiche", "fiches")
}

// todo is one line of "À traiter": a count and the search that lists it.
type todo struct {
	n     int
	text  string
	query string
	open  func(c *Common) Screen // instead of a search (arrivals: the Mutations screen)
}

func (h *homeScreen) todos() []todo {
	if !h.loaded {
		return nil
	}
	var out []todo
	if h.data.arrive > 0 {
		out = append(out, todo{n: h.data.arrive, text: plural(h.data.arrive, "arrivée de mutation", "arrivées de mutation"),
			open: func(c *Common) Screen { return NewMutationsScreen(c) }})
	}
	out = append(out, []todo{
		{n: h.data.dues.Retard, text: plural(h.data.dues.Retard, "adhérent en retard de cotisation", "adhérents en retard de cotisation"),
			query: "cotisation:retard"},
		{n: h.data.dues.Jamais, text: plural(h.data.dues.Jamais, "adhérent n'ayant jamais cotisé", "adhérents n'ayant jamais cotisé"),
			query: "cotisation:jamais"},
		{n: h.data.week, text: plural(h.data.week, "fiche modifiée cette semaine", "fiches modifiées cette semaine"), query: h.data.weekQ},
	}...)
	if handed, members := h.data.cards[0], h.data.cards[1]; members > 0 {
		y := strconv.Itoa(h.data.year)
		// « 812 / 1 285 cartes 2026 remises »; opens those still to hand over.
		out = append(out, todo{n: handed,
			text:  "/ " + FormatCount(members) + " " + plural(members, "carte "+y+" remise", "cartes "+y+" remises"),
			query: "type:adhérent statut:actif -carte:" + y})
	}
	return out
}

func (h *homeScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[homeData]:
		again := h.gate.done()
		var cmd tea.Cmd
		if msg.err != nil {
			cmd = func() tea.Msg { return ErrMsg{msg.err} }
		} else {
			h.data, h.loaded = msg.val, true
		}
		if again {
			return h, tea.Batch(cmd, h.load())
		}
		return h, cmd
	case StoreEventMsg:
		return h, h.load()
	case tea.KeyMsg:
		todos := h.todos()
		h.tab.SetLen(len(todos))
		h.tab.SetHeight(len(todos)) // all shown
		if h.tab.Move(msg) {
			return h, nil
		}
		switch {
		case key.Matches(msg, h.keys.Open):
			if i := h.tab.Selected(); i >= 0 && todos[i].open != nil {
				return h, Push(todos[i].open(h.c))
			}
			if i := h.tab.Selected(); i >= 0 {
				return h, Push(newListScreen(h.c, todos[i].query, false))
			}
		case key.Matches(msg, h.keys.Account):
			return h, Push(NewAccountScreen(h.c))
		case key.Matches(msg, h.keys.Search):
			return h, Push(newListScreen(h.c, "", true))
		case key.Matches(msg, h.keys.New):
			if !h.keys.write {
				return h, Flash("lecture seule : votre compte ne permet pas de créer de fiche", true)
			}
			return h, Push(NewFormScreen(h.c, nil))
		}
	}
	return h, nil
}

func (h *homeScreen) scopeTitle() string {
	switch h.c.User.Scope.Level() {
	case model.LevelFederation:
		return "Le fichier de la fédération"
	case model.LevelSection:
		return "Le fichier de la section"
	case model.LevelCell:
		return "Le fichier de la cellule"
	}
	return "Le fichier national"
}

func (h *homeScreen) View() string {
	s := h.c.Styles
	// Left column: what needs attention.
	left := []string{s.Title.Render("À traiter")}
	todos := h.todos()
	if !h.loaded {
		left = append(left, s.Muted.Render("  chargement…"))
	}
	numW := 1
	for _, t := range todos {
		numW = max(numW, len(FormatCount(t.n)))
	}
	h.tab.SetLen(len(todos))
	h.tab.SetHeight(len(todos))
	left = append(left, h.tab.Lines(s, func(i int) string {
		return fmt.Sprintf("%*s %s", numW, FormatCount(todos[i].n), todos[i].text)
	})...)
	// Right column: the file's counts.
	right := []string{s.Title.Render(h.scopeTitle())}
	if h.loaded {
		c := h.data.counts
		w := max(len(FormatCount(c.Adherents)), len(FormatCount(c.Compagnons)), len(FormatCount(c.Contacts)))
		n := func(v int) string { return fmt.Sprintf("%*s", w, FormatCount(v)) }
		noCell := ""
		if c.AdherentsNoCell > 0 {
			noCell = s.Muted.Render(fmt.Sprintf("   (%s sans cellule)", FormatCount(c.AdherentsNoCell)))
		}
		right = append(right,
			n(c.Adherents)+" "+plural(c.Adherents, "adhérent", "adhérents")+noCell,
			n(c.Compagnons)+" "+plural(c.Compagnons, "compagnon de route", "compagnons de route"),
			n(c.Contacts)+" "+plural(c.Contacts, "contact", "contacts"),
		)
		if h.width >= 72 { // narrow, "À traiter" above says it already
			right = append(right, "", fmt.Sprintf("Modifiées cette semaine : %s %s", FormatCount(h.data.week), plural(h.data.week, "fiche", "fiches")))
		}
		if c.Archived > 0 {
			right = append(right, s.Muted.Render(fmt.Sprintf("Archivées : %s", FormatCount(c.Archived))))
		}
	}
	var out []string
	if note := model.StripControl(h.c.HomeNote); note != "" {
		for _, l := range strings.Split(ansi.Wordwrap(note, max(h.width-3, 20), " "), "\n") {
			out = append(out, " "+s.Warning.Render(fit(l, h.width-1)))
		}
	}
	out = append(out, "")
	if h.width >= 72 {
		// The left column takes what its lines need (never cut when the
		// right one leaves room), else about half.
		leftW, rightW := 0, 0
		for _, l := range left {
			leftW = max(leftW, ansi.StringWidth(l))
		}
		for _, r := range right {
			rightW = max(rightW, ansi.StringWidth(r))
		}
		lw := min(max(h.width*52/100, leftW+3), h.width-2-rightW)
		for i := 0; i < max(len(left), len(right)); i++ {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			out = append(out, "  "+padRight(ansi.Truncate(l, lw-3, "…"), lw-2)+r)
		}
	} else {
		for _, l := range left {
			out = append(out, "  "+l)
		}
		out = append(out, "")
		for _, r := range right {
			out = append(out, "  "+r)
		}
	}
	out = append(out, "", "  "+s.Title.Render("Écrans"))
	out = append(out, h.menu()...)
	return strings.Join(dropBlankLines(out, h.height), "\n")
}

// dropBlankLines removes blank separator lines, from the bottom up, until
// the lines fit in height: on a short terminal the spacing goes before any
// figure does.
func dropBlankLines(lines []string, height int) []string {
	for i := len(lines) - 1; i >= 0 && len(lines) > height; i-- {
		if strings.TrimSpace(lines[i]) == "" {
			lines = append(lines[:i], lines[i+1:]...)
		}
	}
	return lines
}

// menu lists every screen with its key, in three columns of three (one
// column when narrow).
func (h *homeScreen) menu() []string {
	s := h.c.Styles
	cell := func(e screenEntry) string {
		name := e.Name
		if e.New == nil {
			name = s.Muted.Render(name)
		}
		return s.Key.Render(e.Key) + " " + name
	}
	var out []string
	if h.width < 60 || h.height < 16 {
		var cells []string
		for _, e := range screenEntries {
			cells = append(cells, strings.ReplaceAll(cell(e), " ", "\u00a0")) // a key stays with its name
		}
		cells = append(cells, s.Key.Render("0")+"\u00a0Mon\u00a0compte")
		return wrapIndent(strings.Join(cells, "  "), h.width, "   ", "   ")
	}
	colW := 18
	for r := 0; r < 3; r++ {
		line := "   "
		for c := 0; c < 3; c++ {
			if i := c*3 + r; i < len(screenEntries) {
				line += padRight(cell(screenEntries[i]), colW)
			}
		}
		out = append(out, strings.TrimRight(line, " "))
	}
	out = append(out, "", "   "+s.Key.Render("0")+" Mon compte    "+s.Muted.Render("ctrl+p : chercher une commande"))
	return out
}
