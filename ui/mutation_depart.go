package ui

// The departure dialog of a mutation (m on the fiche or the list): choose
// the destination — a federation of this file or any French département,
// by number or name — the date, an optional reason and, outside the file,
// where to write the transfer file; then confirm a summary.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// Steps of the departure dialog.
const (
	departDest = iota
	departDate
	departReason
	departPath
	departStepCount
)

// departOption is one destination offered.
type departOption struct {
	label string
	dest  model.Destination
}

// departed is the mutation recorded.
type departed model.Mutation

// departureScreen asks for a mutation's departure.
type departureScreen struct {
	c    *Common
	st   *Styles
	p    model.Person // the fiche as read (ID, Version, names, Org)
	step int

	search  textinput.Model
	options []departOption
	tab     table // over options
	chosen  departOption
	date    textinput.Model
	reason  textinput.Model
	path    textinput.Model
	dialog  *ConfirmDialog
	err     string
	busy    bool
	done    bool
	w, h    int
	keys    keyMap
}

// NewDepartureScreen opens the departure dialog for fiche p (as read).
func NewDepartureScreen(c *Common, p model.Person) Screen {
	st := c.Styles
	if st == nil {
		st = NewStyles(nil)
	}
	d := &departureScreen{c: c, st: st, p: p, w: 80, h: 19, tab: newTable(newListKeys().arrowsOnly())}
	d.search = newInput(st, "numéro ou nom : 69, rhône, paris…", 40)
	d.search.Focus()
	d.date = newInput(st, "jj/mm/aaaa", 10)
	d.date.SetValue(ficheToday(c).String())
	d.reason = newInput(st, "facultatif (déménagement, études…)", model.MaxReasonLen)
	d.path = newInput(st, "fichier de transfert à écrire", 400)
	next := binding([]string{"enter"}, "entrée", "suivant")
	back := binding([]string{"esc"}, "esc", "retour")
	d.keys = keyMap{short: []key.Binding{binding([]string{"up", "down"}, "↑↓", "choisir"), next, back}}
	d.keys.full = [][]key.Binding{d.keys.short}
	d.filter()
	return d
}

func (d *departureScreen) Init() tea.Cmd { return nil }

func (d *departureScreen) SetSize(w, h int) {
	d.w, d.h = max(w, 20), max(h, 5)
	d.tab.SetHeight(max(d.h-6, 3))
}

func (d *departureScreen) Title() string {
	return "Mutation (départ) · " + ficheClean(d.p.FullName())
}

func (d *departureScreen) Status() string {
	return fmt.Sprintf("étape %d/%d", min(d.step+1, d.steps()), d.steps())
}

func (d *departureScreen) Keys() help.KeyMap {
	if d.dialog != nil {
		return d.dialog.Keys()
	}
	return d.keys
}

func (d *departureScreen) Capturing() bool { return true }

func (d *departureScreen) Dirty() bool { return !d.done && d.step > departDest }

// outside reports whether the chosen destination is outside the file.
func (d *departureScreen) outside() bool { return d.chosen.dest.Federation == 0 }

func (d *departureScreen) steps() int {
	if d.step > departDest && !d.outside() {
		return departStepCount - 1
	}
	return departStepCount
}

// filter rebuilds the options from the search text: the file's other
// federations first, then the départements (those of the file's
// federations are offered as federations only).
func (d *departureScreen) filter() {
	text := query.SearchFold(strings.TrimSpace(d.search.Value()))
	d.options = d.options[:0]
	inFile := map[string]bool{}
	for _, f := range d.c.Store.Federations() {
		inFile[f.Code] = true
		if f.ID == d.p.Org.Federation {
			continue
		}
		label := ficheClean(f.Name)
		if f.Code != "" {
			label = ficheClean(f.Code) + " " + label
		}
		if text == "" || strings.Contains(query.SearchFold(label), text) {
			d.options = append(d.options, departOption{label + " — dans ce fichier", model.Destination{Federation: f.ID}})
		}
	}
	for _, dep := range model.SearchDepartements(text) {
		if !inFile[dep.Code] {
			d.options = append(d.options, departOption{dep.String() + " — autre fichier (fichier de transfert)", model.Destination{Dept: dep}})
		}
	}
	d.tab.SetLen(len(d.options))
}

func (d *departureScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[departed]:
		d.busy = false
		if msg.err != nil {
			return d, keepErr(&d.err, msg.err)
		}
		d.done = true
		text := "Mutation enregistrée : " + ficheClean(d.p.FullName()) + " → " + ficheClean(msg.val.ToDept.String())
		if msg.val.Kind == model.MutationOut {
			text += " ; fichier de transfert écrit : " + ficheClean(d.path.Value())
		} else {
			text += " (arrivée à traiter)"
		}
		return d, closeSaying(d, text)
	case tea.KeyMsg:
		if d.done || d.busy {
			return d, nil
		}
		if d.dialog != nil {
			res, cmd := d.dialog.Update(msg)
			switch res {
			case ConfirmYes:
				d.dialog = nil
				return d, d.run()
			case ConfirmNo:
				d.dialog = nil
			}
			return d, cmd
		}
		return d, d.key(msg)
	}
	return d, nil
}

func (d *departureScreen) input() *textinput.Model {
	switch d.step {
	case departDate:
		return &d.date
	case departReason:
		return &d.reason
	case departPath:
		return &d.path
	}
	return &d.search
}

func (d *departureScreen) focus(step int) {
	d.input().Blur()
	d.step = step
	d.input().Focus()
	d.err = ""
}

func (d *departureScreen) key(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		if d.step == departDest {
			d.done = true
			return closeScreen(d)
		}
		prev := d.step - 1
		d.focus(prev)
		return nil
	case "enter":
		return d.next()
	}
	if d.step == departDest && d.tab.Move(msg) {
		return nil
	}
	in := d.input()
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if d.step == departDest && in.Value() != before {
		d.filter()
		d.tab.SetCursor(0)
	}
	return cmd
}

// next validates the current step and goes on; after the last, it shows
// the summary to confirm.
func (d *departureScreen) next() tea.Cmd {
	switch d.step {
	case departDest:
		i := d.tab.Selected()
		if i < 0 {
			d.err = "Aucune destination ne correspond : tapez un numéro de département ou un nom."
			return nil
		}
		d.chosen = d.options[i]
		if d.outside() && d.path.Value() == "" {
			d.path.SetValue(d.defaultPath())
		}
	case departDate:
		date, err := model.ParseDate(d.date.Value())
		if err == nil && date == 0 {
			err = model.ErrMutationDate
		}
		if err != nil {
			d.err = err.Error()
			return nil
		}
		if date > ficheToday(d.c) {
			d.err = model.ErrMutationFuture.Error()
			return nil
		}
	case departReason:
		if !d.outside() {
			d.confirm()
			return nil
		}
	case departPath:
		if strings.TrimSpace(d.path.Value()) == "" {
			d.err = "Indiquez où écrire le fichier de transfert."
			return nil
		}
		d.confirm()
		return nil
	}
	d.focus(d.step + 1)
	return nil
}

// defaultPath suggests the transfer file in the home folder.
func (d *departureScreen) defaultPath() string {
	return transferDefaultPath(d.c, d.p.LastName+" "+d.p.FirstName)
}

// transferDefaultPath is mutation-dupont-emilie-2026-11-30.mutation in the
// home folder.
func transferDefaultPath(c *Common, name string) string {
	slug := strings.ReplaceAll(query.SearchFold(name), " ", "-")
	return inHome("mutation-" + slug + "-" + ficheToday(c).Time().Format("2006-01-02") + model.TransferExt)
}

// inHome is the path of file name in the home folder (in the current
// folder when there is no home).
func inHome(name string) string {
	dir, _ := os.UserHomeDir()
	return filepath.Join(dir, name)
}

func (d *departureScreen) confirm() {
	date, _ := model.ParseDate(d.date.Value())
	name := ficheClean(d.p.FullName())
	if d.p.MemberNumber != "" {
		name += " (n° " + ficheClean(d.p.MemberNumber) + ")"
	}
	from := ficheClean(d.c.Store.Describe(model.Org{Federation: d.p.Org.Federation}))
	dest := strings.SplitN(d.chosen.label, " — ", 2)[0]
	lines := []string{name + " quitte " + from + " pour " + dest + ", à la date du " + date.String() + "."}
	if r := strings.TrimSpace(d.reason.Value()); r != "" {
		lines = append(lines, "Motif : "+ficheClean(r))
	}
	if d.outside() {
		lines = append(lines,
			"Un fichier de transfert (fiche, historique) sera écrit dans "+ficheClean(d.path.Value())+" : à remettre à la fédération d'arrivée, qui l'importe dans son fichier.",
			"Ici, la fiche restera conservée, marquée mutée et archivée (écran Mutations).")
	} else {
		lines = append(lines,
			"La fiche passe à "+dest+" sans section, comme arrivée à traiter ; un responsable de là-bas lui attribuera sa section et un nouveau numéro d'adhérent.",
			"Si "+dest+" n'est pas dans votre périmètre, vous ne verrez plus la fiche ; le départ reste dans l'écran Mutations et le journal.")
	}
	d.dialog = NewConfirm(d.st, "Confirmer la mutation ? (o/n)", lines...)
}

func (d *departureScreen) run() tea.Cmd {
	d.busy = true
	date, _ := model.ParseDate(d.date.Value())
	dep := store.Departure{PersonID: d.p.ID, Version: d.p.Version, Dest: d.chosen.dest, Date: date, Reason: d.reason.Value()}
	if d.outside() {
		dep.Path = expandHome(strings.TrimSpace(d.path.Value()))
	}
	st, sess := d.c.Store, d.c.Session
	return ask(d, func() (departed, error) {
		m, err := st.Depart(sess, dep)
		return departed(m), err
	})
}

func (d *departureScreen) View() string {
	s := d.st
	if d.dialog != nil {
		return "\n" + d.dialog.View(d.w)
	}
	var out []string
	field := func(step int, label string, in *textinput.Model) {
		style := s.Label
		mark := "  "
		if d.step == step {
			style, mark = s.Key, "▸ "
		}
		in.Width = max(d.w-26, 10)
		out = append(out, mark+style.Render(padRight(label, 20))+in.View())
	}
	out = append(out, "")
	if d.step == departDest {
		field(departDest, "Destination", &d.search)
		out = append(out, indentLines(d.tab.Lines(s, func(i int) string { return fit(d.options[i].label, d.w-7) }), "    ")...)
	} else {
		out = append(out, "  "+s.Label.Render(padRight("Destination", 20))+s.Value.Render(ansi.Truncate(d.chosen.label, max(d.w-24, 10), "…")))
		field(departDate, "Date de la mutation", &d.date)
		if d.step >= departReason {
			field(departReason, "Motif", &d.reason)
		}
		if d.step >= departPath && d.outside() {
			field(departPath, "Fichier de transfert", &d.path)
		}
	}
	if d.err != "" {
		out = append(out, "", "  "+s.Error.Render(ansi.Wordwrap(d.err, d.w-4, " ")))
	}
	if d.busy {
		out = append(out, "", "  "+s.Muted.Render("Mutation en cours…"))
	}
	return strings.Join(out, "\n")
}

// startDeparture reads fiche id and opens the departure dialog, or says
// why a mutation cannot start (m on the list and on the fiche).
func startDeparture(c *Common, id model.PersonID) tea.Cmd {
	st, sess, u := c.Store, c.Session, c.User
	return pushResult(func() (Screen, error) {
		p, err := st.Get(sess, id)
		if err == nil && u.Username != "" {
			err = model.CanStartDeparture(&u, &p)
		}
		if err != nil {
			return nil, err
		}
		return NewDepartureScreen(c, p), nil
	})
}
