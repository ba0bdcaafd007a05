package model

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Cents is an amount of money in euro cents: every total is exact.
type Cents int64

// MaxPayment is the largest single payment accepted (10 000 €): anything
// above is taken for a typing mistake (an extra zero, a cheque number typed
// in the amount field).
const MaxPayment Cents = 10_000_00

// ParseAmount reads an amount typed the French way — "12,50", "12.50",
// "12,50 €", "1 200", "1 200,5" — into cents. Zero, negative, non-numeric,
// more than two decimals and absurd amounts are refused with a French message.
func ParseAmount(s string) (Cents, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(strings.TrimSuffix(t, "€"), "EUR")
	// Thousands separators: spaces, non-breaking spaces.
	t = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\t':
			return -1
		}
		return r
	}, t)
	if t == "" {
		return 0, errors.New("montant vide : tapez par exemple 12,50")
	}
	if strings.HasPrefix(t, "-") {
		return 0, errors.New("montant négatif refusé : une erreur se corrige par une contre-passation")
	}
	t = strings.Replace(t, ",", ".", 1)
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	if !allDigits(whole) || (hasFrac && !allDigits(frac)) || (hasFrac && frac == "") {
		return 0, errors.New("« " + s + " » n'est pas un montant : tapez par exemple 12,50")
	}
	if len(frac) > 2 {
		return 0, errors.New("montant « " + s + " » : deux décimales au plus (les centimes)")
	}
	if len(whole) > 9 {
		return 0, errors.New("montant « " + s + " » trop élevé : " + FormatCents(MaxPayment) + " au plus")
	}
	e, _ := strconv.ParseInt(whole, 10, 64)
	c := Cents(e) * 100
	if frac != "" {
		f, _ := strconv.ParseInt((frac + "0")[:2], 10, 64)
		c += Cents(f)
	}
	switch {
	case c == 0:
		return 0, errors.New("montant nul refusé")
	case c > MaxPayment:
		return 0, errors.New("montant « " + s + " » trop élevé : " + FormatCents(MaxPayment) + " au plus par versement")
	}
	return c, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatCents is the French display form: "1 200,50 €", "-12,00 €".
func FormatCents(c Cents) string { return FormatCentsBare(c) + " €" }

// FormatCentsBare is FormatCents without the euro sign ("1 200,50").
func FormatCentsBare(c Cents) string {
	neg := c < 0
	if neg {
		c = -c
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(GroupDigits(strconv.FormatInt(int64(c/100), 10), '\u00a0'))
	cents := int64(c % 100)
	b.WriteByte(',')
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// PayMode is how a payment was made.
type PayMode uint8

const (
	ModeEspeces PayMode = iota + 1
	ModeCheque
	ModeVirement
	ModePrelevement
	ModeCarte
)

// payModeWords is the one vocabulary table of payment modes: the French word
// shown, the short form for narrow columns and the word typed in queries and
// quick entry.
var payModeWords = []struct {
	mode         PayMode
	label, short string
	typed        string // accent-free keyword, also accepted as a prefix
}{
	{ModeEspeces, "espèces", "esp.", "especes"},
	{ModeCheque, "chèque", "chq", "cheque"},
	{ModeVirement, "virement", "vir.", "virement"},
	{ModePrelevement, "prélèvement", "prél.", "prelevement"},
	{ModeCarte, "carte", "carte", "carte"},
}

// PayModes lists every mode in display order.
var PayModes = func() []PayMode {
	out := make([]PayMode, len(payModeWords))
	for i, w := range payModeWords {
		out[i] = w.mode
	}
	return out
}()

func (m PayMode) String() string {
	for _, w := range payModeWords {
		if w.mode == m {
			return w.label
		}
	}
	return "?"
}

// Short is the abbreviation for narrow columns.
func (m PayMode) Short() string {
	for _, w := range payModeWords {
		if w.mode == m {
			return w.short
		}
	}
	return "?"
}

// Valid reports whether m is a known mode.
func (m PayMode) Valid() bool { return m >= ModeEspeces && m <= ModeCarte }

// ParsePayMode reads a mode as typed: the word, with or without accents, or
// an unambiguous prefix ("ch", "prel", "v").
func ParsePayMode(s string) (PayMode, error) {
	f := Fold(strings.TrimSpace(s))
	if f == "" {
		return 0, errors.New("mode de paiement manquant : " + payModeChoices())
	}
	var found PayMode
	for _, w := range payModeWords {
		if w.typed == f {
			return w.mode, nil
		}
		if strings.HasPrefix(w.typed, f) {
			if found != 0 {
				return 0, errors.New("mode « " + s + " » ambigu : " + payModeChoices())
			}
			found = w.mode
		}
	}
	if found == 0 {
		return 0, errors.New("mode « " + s + " » inconnu : " + payModeChoices())
	}
	return found, nil
}

func payModeChoices() string {
	words := make([]string, len(payModeWords))
	for i, w := range payModeWords {
		words[i] = w.label
	}
	return strings.Join(words, ", ")
}

// Rhythm is how often an adherent agreed to pay.
type Rhythm uint8

const (
	RhythmNone Rhythm = iota
	RhythmMensuel
	RhythmTrimestriel
	RhythmAnnuel
)

// Rhythms lists the rhythms one can choose.
var Rhythms = []Rhythm{RhythmMensuel, RhythmTrimestriel, RhythmAnnuel}

// RhythmWords are the rhythms' French words: the adjective, and the
// period it is paid for (« 12 € par mois »).
var RhythmWords = &Vocab{What: "rythme", Words: []Word{
	{Value: uint8(RhythmMensuel), Label: "mensuel", Synonyms: []string{"mensuelle", "mois", "par mois"}},
	{Value: uint8(RhythmTrimestriel), Label: "trimestriel", Synonyms: []string{"trimestrielle", "trimestre", "par trimestre"}},
	{Value: uint8(RhythmAnnuel), Label: "annuel", Synonyms: []string{"annuelle", "an", "année", "par an", "par année"}},
}}

func (r Rhythm) String() string { return RhythmWords.LabelOr(uint8(r), "non convenu") }

// Months is the length of one period of the rhythm; a payment without an
// agreed rhythm covers a year.
func (r Rhythm) Months() int {
	switch r {
	case RhythmMensuel:
		return 1
	case RhythmTrimestriel:
		return 3
	}
	return 12
}

// Contribution is the amount an adherent agreed to pay each period.
type Contribution struct {
	Cents  Cents
	Rhythm Rhythm
}

// IsZero reports whether no contribution was agreed.
func (c Contribution) IsZero() bool { return c.Cents == 0 && c.Rhythm == RhythmNone }

// String is the one written form of a contribution — "12,50 €, mensuel",
// "" when none was agreed — that ParseContribution reads back.
func (c Contribution) String() string {
	if c.IsZero() {
		return ""
	}
	return FormatCents(c.Cents) + ", " + c.Rhythm.String()
}

// Check says, in French, why c cannot be agreed: an amount outside one
// payment's bounds, or no rhythm. No contribution at all is fine.
func (c Contribution) Check() error {
	switch {
	case c.IsZero():
		return nil
	case c.Cents <= 0 || c.Cents > MaxPayment:
		return errors.New("montant de 0,01 € à " + FormatCents(MaxPayment))
	case c.Rhythm < RhythmMensuel || c.Rhythm > RhythmAnnuel:
		return errors.New("choisissez le rythme (mensuel, trimestriel, annuel)")
	}
	return nil
}

// ParseContribution reads a contribution as Contribution.String writes it
// ("12,50 €, mensuel") or as typed in a spreadsheet ("12,50 € / mois",
// "36 par trimestre", "120 € annuel"): an amount (ParseAmount), then a
// rhythm (ParseRhythm). "" is no contribution.
func ParseContribution(s string) (Contribution, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Contribution{}, nil
	}
	end := strings.LastIndexAny(t, "0123456789€")
	if end >= 0 {
		_, size := utf8.DecodeRuneInString(t[end:])
		end += size
	}
	amount, rhythm := t[:max(end, 0)], strings.TrimSpace(t[max(end, 0):])
	if r, ok := strings.CutPrefix(rhythm, "EUR"); ok {
		amount, rhythm = amount+" EUR", strings.TrimSpace(r)
	}
	rhythm = strings.TrimSpace(strings.TrimLeft(rhythm, ",/"))
	if rhythm == "" {
		return Contribution{}, errors.New("cotisation « " + s + " » : rythme manquant, par exemple 12,50 €, mensuel")
	}
	var c Contribution
	var err error
	if c.Cents, err = ParseAmount(amount); err != nil {
		return Contribution{}, err
	}
	if c.Rhythm, err = ParseRhythm(rhythm); err != nil {
		return Contribution{}, err
	}
	return c, nil
}

// Month is a calendar month counted from year 0 (year*12 + month-1), so that
// periods are plain integer ranges.
type Month int32

// MonthOf is the month a date falls in (0 for an unset date).
func MonthOf(d Date) Month {
	if d == 0 {
		return 0
	}
	return Month(d.Year()*12 + d.Month() - 1)
}

// NewMonth is the month m (1–12) of year y.
func NewMonth(y, m int) Month { return Month(y*12 + m - 1) }

func (m Month) Year() int      { return int(m) / 12 }
func (m Month) MonthNum() int  { return int(m)%12 + 1 }
func (m Month) First() Date    { return NewDate(m.Year(), m.MonthNum(), 1) }
func (m Month) String() string { return monthNames[m.MonthNum()-1] + " " + strconv.Itoa(m.Year()) }

// Short is "01/2026".
func (m Month) Short() string {
	s := strconv.Itoa(m.MonthNum())
	if len(s) == 1 {
		s = "0" + s
	}
	return s + "/" + strconv.Itoa(m.Year())
}

var monthNames = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// MonthName is the French name of month 1–12.
func MonthName(m int) string { return monthNames[m-1] }

// Period is the range of months a payment pays for, both ends included.
type Period struct{ From, To Month }

// IsZero reports an unset period.
func (p Period) IsZero() bool { return p.From == 0 && p.To == 0 }

// Months is the number of months covered.
func (p Period) Months() int { return int(p.To-p.From) + 1 }

func (p Period) String() string {
	switch {
	case p.IsZero():
		return ""
	case p.From == p.To:
		return p.From.String()
	case p.From.MonthNum() == 1 && p.To == p.From+11:
		return "année " + strconv.Itoa(p.From.Year())
	}
	return p.From.Short() + " – " + p.To.Short()
}

// DefaultPeriod is the period a payment of amount c made on date d covers
// under the agreed contribution: the period of the rhythm containing d
// (month, calendar quarter, calendar year), extended over as many periods as
// the amount pays for (three months' worth covers three months). Without an
// agreed contribution a payment covers the calendar year.
func DefaultPeriod(d Date, c Cents, agreed Contribution) Period {
	n := agreed.Rhythm.Months()
	m := MonthOf(d)
	start := m - Month((m.MonthNum()-1)%n)
	if n == 12 {
		start = NewMonth(m.Year(), 1)
	}
	periods := 1
	if agreed.Cents > 0 && c > agreed.Cents {
		periods = int(c / agreed.Cents)
	}
	periods = min(periods, 10*12/n) // never more than ten years ahead
	return Period{From: start, To: start + Month(periods*n) - 1}
}

// PaymentID identifies a payment; assigned once by the store.
type PaymentID uint64

// Payment is one sum received from an adherent, or the counter-entry
// cancelling one. Payments are never modified nor deleted: a mistake is
// corrected by a counter-entry (Cancels set, Cents negated, same Date,
// Period and Mode), so that a report of any period adds up both.
//
// Year attribution: a payment counts for the year of its Date (the day the
// money was received), which is also what a tax receipt states; Period says
// what it pays for, which is what the dues status follows.
type Payment struct {
	ID        PaymentID
	Person    PersonID
	Date      Date
	Cents     Cents
	Period    Period
	Mode      PayMode
	Reference string // cheque number, transfer label …

	RecordedBy string
	RecordedAt time.Time

	Cancels PaymentID // set on a counter-entry: the payment it cancels
}

// IsCounter reports whether p is a counter-entry.
func (p *Payment) IsCounter() bool { return p.Cancels != 0 }

// Year is the year the payment counts for (see Payment).
func (p *Payment) Year() int { return p.Date.Year() }

// MaxReference bounds the reference's length.
const MaxReference = 60

// ValidatePayment checks a payment about to be recorded (not a counter-entry).
func ValidatePayment(p *Payment, today Date) error {
	switch {
	case p.Cents <= 0:
		return errors.New("montant nul ou négatif refusé")
	case p.Cents > MaxPayment:
		return errors.New("montant trop élevé : " + FormatCents(MaxPayment) + " au plus par versement")
	case !p.Mode.Valid():
		return errors.New("mode de paiement manquant : " + payModeChoices())
	case p.Date == 0 || !p.Date.Valid():
		return errors.New("date du versement invalide")
	case p.Date > today:
		return errors.New("date du versement dans le futur")
	case p.Date.Year() < 1990:
		return errors.New("date du versement trop ancienne")
	case p.Period.IsZero() || p.Period.To < p.Period.From:
		return errors.New("période couverte invalide")
	case p.Period.Months() > 120:
		return errors.New("période couverte trop longue : dix ans au plus")
	case len(p.Reference) > MaxReference:
		return errors.New("référence trop longue : " + strconv.Itoa(MaxReference) + " caractères au plus")
	case strings.ContainsFunc(p.Reference, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return errors.New("référence : caractères de contrôle refusés")
	}
	return nil
}

// CounterEntry is the payment cancelling p, recorded by whom at when.
func CounterEntry(p Payment, by string, at time.Time) Payment {
	return Payment{
		Person: p.Person, Date: p.Date, Cents: -p.Cents, Period: p.Period, Mode: p.Mode,
		Reference: p.Reference, RecordedBy: by, RecordedAt: at, Cancels: p.ID,
	}
}

// Effective returns the payments that still count: neither counter-entries
// nor cancelled by one.
func Effective(payments []Payment) []Payment {
	cancelled := map[PaymentID]bool{}
	for i := range payments {
		if payments[i].Cancels != 0 {
			cancelled[payments[i].Cancels] = true
		}
	}
	out := make([]Payment, 0, len(payments))
	for _, p := range payments {
		if p.Cancels == 0 && !cancelled[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// ParsePeriod reads a covered period as typed: "2026" (the year),
// "03/2026" (a month), "01/2026-06/2026" or "01/2026 – 06/2026" (a range of
// months), "2025-2026" (whole years).
func ParsePeriod(s string) (Period, error) {
	t := strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(s), "–", "-"), " ", "")
	bad := errors.New("période « " + s + " » : attendu 2026, 03/2026 ou 01/2026-06/2026")
	if t == "" {
		return Period{}, bad
	}
	a, b, isRange := strings.Cut(t, "-")
	from, okA := parseMonthOrYear(a, false)
	to, okB := parseMonthOrYear(a, true)
	if isRange {
		to, okB = parseMonthOrYear(b, true)
	}
	if !okA || !okB {
		return Period{}, bad
	}
	if to < from {
		return Period{}, errors.New("période « " + s + " » : la fin précède le début")
	}
	if int(to-from) >= 120 {
		return Period{}, errors.New("période « " + s + " » trop longue : dix ans au plus")
	}
	return Period{From: from, To: to}, nil
}

// parseMonthOrYear reads "03/2026" or "2026" (its first or, with end, its
// last month).
func parseMonthOrYear(s string, end bool) (Month, bool) {
	m, y, hasMonth := strings.Cut(s, "/")
	if !hasMonth {
		m, y = "", s
	}
	if len(y) != 4 || !allDigits(y) {
		return 0, false
	}
	year, _ := strconv.Atoi(y)
	if year < 1990 || year > 2200 {
		return 0, false
	}
	if !hasMonth {
		if end {
			return NewMonth(year, 12), true
		}
		return NewMonth(year, 1), true
	}
	month, err := strconv.Atoi(m)
	if err != nil || month < 1 || month > 12 || len(m) > 2 {
		return 0, false
	}
	return NewMonth(year, month), true
}

// ParseRhythm reads a rhythm as typed: one of its words (RhythmWords) or
// the start of its name ("m", "trim").
func ParseRhythm(s string) (Rhythm, error) {
	if v, ok := RhythmWords.Lookup(s); ok {
		return Rhythm(v), nil
	}
	f := Fold(strings.TrimSpace(s))
	for _, r := range Rhythms {
		if f != "" && strings.HasPrefix(r.String(), f) {
			return r, nil
		}
	}
	return RhythmNone, errors.New("rythme « " + s + " » inconnu : mensuel, trimestriel ou annuel")
}

// GroupDigits writes a run of digits by thousands, the French way:
// "1200300" → "1 200 300" with sep between the groups.
func GroupDigits(digits string, sep rune) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteRune(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}
