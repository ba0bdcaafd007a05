package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// cotisationsScreen is one adherent's cotisations (c from the list or the
// fiche): the payments and counter-entries, the status, the agreed
// contribution; record a payment, cancel one by a counter-entry, set the
// agreed contribution. Read-only accounts see it all and change nothing.
type cotisationsScreen struct {
	c      *Common
	id     model.PersonID
	width  int
	height int
	keys   cotisationsKeys

	p        model.Person
	payments []model.Payment // newest first
	status   model.DuesStatus
	loaded   bool
	err      string
	notice   string
	tab      table // over payments
	busy     bool
	canWrite bool

	form    *duesForm // a payment or the agreed contribution being typed
	formFor cotisationsForm
	dialog  *ConfirmDialog // cancelling a payment, or confirming one despite a warning
	pending *model.Payment // the payment the dialog confirms
	card    model.Card     // this year's card
	cardAsk bool           // the dialog asks about the card
}

type cotisationsForm uint8

const (
	formNone cotisationsForm = iota
	formPayment
	formContribution
)

type cotisationsKeys struct {
	list                      listKeys
	New, Cancel, Agreed, Card key.Binding
	Back                      key.Binding
	Save, Leave               key.Binding
	inForm                    bool
}

func (k cotisationsKeys) ShortHelp() []key.Binding {
	if k.inForm {
		return []key.Binding{k.Save, k.Leave, binding([]string{"tab"}, "tab", "champ suivant")}
	}
	return []key.Binding{k.New, k.Cancel, k.Agreed, k.Card, k.Back}
}

func (k cotisationsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.list.Up, k.list.Down, k.list.PageUp, k.list.PageDown}, {k.New, k.Cancel, k.Agreed, k.Card, k.Back}}
}

// cotisationsLoaded is what the screen shows, read in one go.
type cotisationsLoaded struct {
	p        model.Person
	payments []model.Payment
	status   model.DuesStatus
	card     model.Card
}

// cotisationsDone is the message a successful change flashes.
type cotisationsDone string

// NewCotisationsScreen opens the cotisations of fiche id.
func NewCotisationsScreen(c *Common, id model.PersonID) Screen { return newCotisationsScreen(c, id) }

func newCotisationsScreen(c *Common, id model.PersonID) *cotisationsScreen {
	s := &cotisationsScreen{c: c, id: id, width: defaultWidth, height: defaultHeight - Chrome, tab: newTable(newListKeys())}
	s.keys = cotisationsKeys{
		list:   newListKeys(),
		New:    binding([]string{"n"}, "n", "nouveau versement"),
		Cancel: binding([]string{"a"}, "a", "contre-passer"),
		Agreed: binding([]string{"v"}, "v", "cotisation convenue"),
		Card:   binding([]string{"r"}, "r", "carte remise"),
		Back:   binding([]string{"esc"}, "esc", "retour"),
		Save:   binding([]string{"enter"}, "entrée", "enregistrer"),
		Leave:  binding([]string{"esc"}, "esc", "abandonner"),
	}
	return s
}

func (s *cotisationsScreen) Init() tea.Cmd { return s.load() }

func (s *cotisationsScreen) load() tea.Cmd {
	st, sess, id, year := s.c.Store, s.c.Session, s.id, s.c.Now().Year()
	return ask(s, func() (v cotisationsLoaded, err error) {
		if v.p, err = st.Get(sess, id); err != nil {
			return v, err
		}
		if v.payments, err = st.Payments(sess, id); err != nil {
			return v, err
		}
		if list, err := st.DuesStatus(sess, []model.PersonID{id}); err == nil {
			v.status = list[0]
		}
		v.card, err = st.Card(sess, id, year)
		return v, err
	})
}

func (s *cotisationsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.tab.SetHeight(s.rowsHeight())
}
func (s *cotisationsScreen) Title() string {
	if !s.loaded {
		return "Cotisations"
	}
	return "Cotisations · " + model.StripControl(s.p.FullName())
}
func (s *cotisationsScreen) Status() string {
	if !s.loaded {
		return ""
	}
	return FormatCount(len(s.payments)) + " " + plural(len(s.payments), "versement", "versements")
}
func (s *cotisationsScreen) Keys() help.KeyMap {
	if s.dialog != nil {
		return s.dialog.Keys()
	}
	s.keys.inForm = s.form != nil
	if s.form != nil {
		return s.form.keys(s.keys)
	}
	return s.keys
}
func (s *cotisationsScreen) Capturing() bool { return s.form != nil || s.dialog != nil }
func (s *cotisationsScreen) Dirty() bool     { return s.form != nil && s.form.changed() }

func (s *cotisationsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[cotisationsLoaded]:
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		v := msg.val
		s.p, s.status, s.loaded, s.err, s.card = v.p, v.status, true, "", v.card
		s.payments = v.payments
		for i, j := 0, len(s.payments)-1; i < j; i, j = i+1, j-1 {
			s.payments[i], s.payments[j] = s.payments[j], s.payments[i]
		}
		s.canWrite = model.Can(&s.c.User, model.RightCotisations, s.p.Org)
		s.tab.SetLen(len(s.payments))
		return s, nil
	case reply[cotisationsDone]:
		s.busy = false
		if msg.err != nil {
			if s.form != nil {
				s.form.err = msg.err.Error()
			} else {
				s.notice = msg.err.Error()
			}
			return s, errCmd(msg.err)
		}
		s.form, s.formFor = nil, formNone
		return s, tea.Batch(s.load(), Flash(string(msg.val), false))
	case reply[paymentWarnings]:
		s.busy = false
		var cmd tea.Cmd
		s.dialog, s.pending, cmd = confirmDespite(msg, s.c.Styles, s.form)
		return s, cmd
	case StoreEventMsg:
		if s.form == nil {
			return s, s.load()
		}
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		if s.dialog != nil {
			return s, s.updateDialog(msg)
		}
		if s.form != nil {
			return s, s.formKey(msg)
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *cotisationsScreen) rowsHeight() int { return max(s.height-7, 1) }

func (s *cotisationsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	s.notice = ""
	if s.tab.Move(msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		return closeScreen(s)
	case key.Matches(msg, k.New), key.Matches(msg, k.Agreed), key.Matches(msg, k.Cancel), key.Matches(msg, k.Card):
		if !s.loaded {
			return nil
		}
		if !s.canWrite {
			return Flash("votre compte n'a pas le droit de saisir les cotisations de cette fiche", true)
		}
		if s.p.Kind != model.KindAdherent {
			return Flash(store.ErrNotAdherent.Error(), true)
		}
		switch {
		case key.Matches(msg, k.New):
			s.openPaymentForm()
		case key.Matches(msg, k.Agreed):
			s.openContributionForm()
		case key.Matches(msg, k.Card):
			s.askCard()
		default:
			return s.askCancel()
		}
	}
	return nil
}

func (s *cotisationsScreen) openPaymentForm() {
	today := model.DateOf(s.c.Now())
	s.form = newDuesForm(s.c.Styles,
		[]string{"Montant", "Mode", "Date", "Période", "Référence"},
		[]string{"12,50", "chèque", today.String(), "auto", "n° de chèque…"},
		[]string{"montant en euros : 12,50 · 12.50 · 1 200", payModeHint, "date du versement, jj/mm/aaaa (vide : aujourd'hui)",
			"période payée : 2026, 03/2026 ou 01/2026-06/2026 (vide : selon la cotisation convenue)", "numéro de chèque, libellé du virement… (facultatif)"},
		[]int{20, 20, 10, 20, model.MaxReference})
	if c := s.p.Contribution; !c.IsZero() {
		s.form.set(0, model.FormatCentsBare(c.Cents))
	}
	s.formFor = formPayment
}

func (s *cotisationsScreen) openContributionForm() {
	s.form = newDuesForm(s.c.Styles,
		[]string{"Montant", "Rythme"},
		[]string{"15,00", "mensuel"},
		[]string{"montant convenu par période, en euros (vide : aucune cotisation convenue)", "mensuel, trimestriel ou annuel (m, t, a)"},
		[]int{20, 20})
	if c := s.p.Contribution; !c.IsZero() {
		s.form.set(0, model.FormatCentsBare(c.Cents))
		s.form.set(1, c.Rhythm.String())
	}
	s.formFor = formContribution
}

func (s *cotisationsScreen) formKey(msg tea.KeyMsg) tea.Cmd {
	save := s.saveContribution
	if s.formFor == formPayment {
		save = s.savePayment
	}
	return s.form.edit(msg, func() { s.form, s.formFor = nil, formNone }, save)
}

// paymentFromForm reads the payment form; the error names the field.
func paymentFromForm(f *duesForm, who model.PersonID, today model.Date) (model.Payment, error) {
	p := model.Payment{Person: who, Date: today, Reference: f.value(4)}
	var err error
	if p.Cents, err = model.ParseAmount(f.value(0)); err != nil {
		f.setFocus(0)
		return p, err
	}
	if p.Mode, err = model.ParsePayMode(f.value(1)); err != nil {
		f.setFocus(1)
		return p, err
	}
	if v := f.value(2); v != "" {
		if p.Date, err = model.ParseDate(v); err != nil || p.Date == 0 {
			f.setFocus(2)
			return p, errors.New("date du versement : attendu jj/mm/aaaa")
		}
	}
	if v := f.value(3); v != "" && v != "auto" {
		if p.Period, err = model.ParsePeriod(v); err != nil {
			f.setFocus(3)
			return p, err
		}
	}
	return p, nil
}

func (s *cotisationsScreen) savePayment() tea.Cmd {
	p, err := paymentFromForm(s.form, s.id, model.DateOf(s.c.Now()))
	if err != nil {
		s.form.err = err.Error()
		return nil
	}
	s.busy = true
	return checkPayment(s.c, s, p, s.recordPayment(p))
}

func (s *cotisationsScreen) recordPayment(p model.Payment) tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (cotisationsDone, error) {
		got, err := st.RecordPayment(sess, p)
		return cotisationsDone("Versement enregistré : " + model.FormatCents(got.Cents) + ", " + got.Mode.String() + ", " + got.Period.String()), err
	})
}

func (s *cotisationsScreen) saveContribution() tea.Cmd {
	var c model.Contribution
	if v := s.form.value(0); v != "" {
		var err error
		if c.Cents, err = model.ParseAmount(v); err != nil {
			s.form.setFocus(0)
			s.form.err = err.Error()
			return nil
		}
		if c.Rhythm, err = model.ParseRhythm(s.form.value(1)); err != nil {
			s.form.setFocus(1)
			s.form.err = err.Error()
			return nil
		}
	}
	s.busy = true
	st, sess, id, version := s.c.Store, s.c.Session, s.id, s.p.Version
	return ask(s, func() (cotisationsDone, error) {
		_, err := st.SetContribution(sess, id, version, c)
		if c.IsZero() {
			return "Plus de cotisation convenue.", err
		}
		return cotisationsDone("Cotisation convenue : " + c.String()), err
	})
}

// cancellable reports whether the selected payment can be cancelled.
func (s *cotisationsScreen) selectedPayment() (model.Payment, bool) {
	i := s.tab.Selected()
	if i < 0 {
		return model.Payment{}, false
	}
	return s.payments[i], true
}

func (s *cotisationsScreen) cancelledIDs() map[model.PaymentID]bool {
	out := map[model.PaymentID]bool{}
	for _, p := range s.payments {
		if p.Cancels != 0 {
			out[p.Cancels] = true
		}
	}
	return out
}

func (s *cotisationsScreen) askCancel() tea.Cmd {
	p, ok := s.selectedPayment()
	switch {
	case !ok:
		return Flash("aucun versement à contre-passer", true)
	case p.IsCounter():
		return Flash(store.ErrCounterEntry.Error(), true)
	case s.cancelledIDs()[p.ID]:
		return Flash(store.ErrAlreadyCancelled.Error(), true)
	}
	s.dialog = NewConfirm(s.c.Styles, "Contre-passer ce versement ? (o/n)",
		fmt.Sprintf("%s du %s, %s, %s.", model.FormatCents(p.Cents), p.Date, p.Mode, p.Period),
		"Le versement reste inscrit ; une contre-passation de "+model.FormatCents(-p.Cents)+" l'annule. Les deux figurent au journal.")
	return nil
}

// askCard asks to record this year's card as handed over today, or, when
// it is, to withdraw that record (a mistake).
func (s *cotisationsScreen) askCard() {
	c := s.card
	s.cardAsk = true
	if c.Handed() {
		s.dialog = NewConfirm(s.c.Styles, fmt.Sprintf("Annuler la remise de la carte %d ? (o/n)", c.Year),
			fmt.Sprintf("Carte remise le %s par %s. L'annulation est inscrite au journal.", c.HandedOn, model.StripControl(c.HandedBy)))
		return
	}
	s.dialog = NewConfirm(s.c.Styles, fmt.Sprintf("Carte %d remise aujourd'hui ? (o/n)", c.Year),
		fmt.Sprintf("À %s, le %s, par vous.", model.StripControl(s.p.FullName()), model.DateOf(s.c.Now())))
}

func (s *cotisationsScreen) updateDialog(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.dialog.Update(msg)
	if s.cardAsk {
		switch res {
		case ConfirmNo:
			s.dialog, s.cardAsk = nil, false
		case ConfirmYes:
			s.dialog, s.cardAsk, s.busy = nil, false, true
			st, sess, id, c := s.c.Store, s.c.Session, s.id, s.card
			return ask(s, func() (cotisationsDone, error) {
				err := st.SetCard(sess, id, c.Year, !c.Handed())
				if c.Handed() {
					return cotisationsDone(fmt.Sprintf("Remise de la carte %d annulée.", c.Year)), err
				}
				return cotisationsDone(fmt.Sprintf("Carte %d remise.", c.Year)), err
			})
		}
		return cmd
	}
	if s.pending != nil { // a payment with a warning: yes records it, no goes back to the form
		p := *s.pending
		switch res {
		case ConfirmNo:
			s.dialog, s.pending = nil, nil
		case ConfirmYes:
			s.dialog, s.pending, s.busy = nil, nil, true
			return s.recordPayment(p)
		}
		return cmd
	}
	switch res {
	case ConfirmNo:
		s.dialog = nil
	case ConfirmYes:
		s.dialog = nil
		p, ok := s.selectedPayment()
		if !ok {
			return nil
		}
		s.busy = true
		st, sess := s.c.Store, s.c.Session
		return ask(s, func() (cotisationsDone, error) {
			_, err := st.CancelPayment(sess, p.ID)
			return cotisationsDone("Versement du " + p.Date.String() + " contre-passé."), err
		})
	}
	return cmd
}

func (s *cotisationsScreen) View() string {
	st := s.c.Styles
	w := s.width
	if s.err != "" && !s.loaded {
		return "\n  " + st.Error.Render(model.StripControl(s.err))
	}
	if !s.loaded {
		return "\n  " + st.Muted.Render("chargement…")
	}
	p := &s.p
	lines := []string{fit(" "+st.Title.Render(model.StripControl(p.FullName()))+st.Muted.Render(" · n° "+model.StripControl(p.MemberNumber)), w)}
	status := s.status.String()
	if status == "" {
		status = "—"
	}
	agreed := p.Contribution.String()
	if agreed == "" {
		agreed = "aucune"
	}
	lines = append(lines, fit(" "+st.Label.Render("Situation ")+duesStatusStyled(st, s.status, status)+"   "+
		st.Label.Render("Cotisation convenue ")+agreed, w))
	card := "non remise (r quand elle l'est)"
	if s.card.Handed() {
		card = "remise le " + s.card.HandedOn.String() + " par " + model.StripControl(s.card.HandedBy)
	}
	lines = append(lines, fit(" "+st.Label.Render(fmt.Sprintf("Carte %d ", s.card.Year))+card, w))
	if s.dialog != nil {
		return strings.Join(append(lines, "", s.dialog.View(w)), "\n")
	}
	if s.form != nil {
		title := "Nouveau versement"
		if s.formFor == formContribution {
			title = "Cotisation convenue"
		}
		lines = append(lines, "", " "+st.Title.Render(title))
		lines = append(lines, s.form.view(w)...)
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "", "  "+st.Label.Render(fit(s.paymentLine("Date", "Montant", "Période", "Mode", "Référence", "Saisi par"), w-2)))
	if len(s.payments) == 0 {
		lines = append(lines, "  "+st.Muted.Render("aucun versement enregistré"))
	}
	cancelled := s.cancelledIDs()
	lines = append(lines, s.tab.Lines(st, func(i int) string {
		pay := &s.payments[i]
		ref := model.StripControl(pay.Reference)
		if pay.IsCounter() {
			ref = "contre-passation"
		} else if cancelled[pay.ID] {
			ref = "(contre-passé) " + ref
		}
		return fit(s.paymentLine(pay.Date.String(), model.FormatCents(pay.Cents), pay.Period.String(), pay.Mode.String(), ref, model.StripControl(pay.RecordedBy)), w-2)
	})...)
	if s.notice != "" {
		lines = append(lines, "  "+st.Error.Render(model.StripControl(s.notice)))
	}
	return strings.Join(lines, "\n")
}

func (s *cotisationsScreen) paymentLine(date, amount, period, mode, ref, by string) string {
	line := cell(date, 10) + " " + padLeft(amount, 12) + "  " + cell(period, 17) + " " + cell(mode, 11)
	if s.width >= 90 {
		return line + " " + cell(ref, s.width-75) + " " + by
	}
	return line + " " + ref
}

// duesStatusStyled colours a status: behind in the error colour.
func duesStatusStyled(st *Styles, d model.DuesStatus, text string) string {
	switch d.State {
	case model.DuesRetard, model.DuesJamais:
		return st.Error.Render(text)
	case model.DuesAJour:
		return st.Success.Render(text)
	}
	return text
}
