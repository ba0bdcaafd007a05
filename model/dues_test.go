package model

import (
	"slices"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	ok := []struct {
		in   string
		want Cents
	}{
		{"12,50", 1250}, {"12.50", 1250}, {"12,50 €", 1250}, {"12,50€", 1250}, {"1 200", 120000},
		{"1\u00a0200,5", 120050}, {"  8 ", 800}, {"0,01", 1}, {",5", 50}, {"10000", 1000000}, {"15 EUR", 1500},
	}
	for _, c := range ok {
		got, err := ParseAmount(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"", "vide"}, {"0", "nul"}, {"0,00", "nul"}, {"-5", "négatif"}, {"abc", "n'est pas un montant"},
		{"12,345", "deux décimales"}, {"10 000,01", "trop élevé"}, {"99999999999999", "trop élevé"},
		{"1,2,3", "n'est pas un montant"}, {"12,", "n'est pas un montant"}, {"1e3", "n'est pas un montant"},
	}
	for _, c := range bad {
		_, err := ParseAmount(c.in)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ParseAmount(%q) error = %v; want one saying %q", c.in, err, c.msg)
		}
	}
}

func TestFormatCents(t *testing.T) {
	for c, want := range map[Cents]string{0: "0,00 €", 5: "0,05 €", 1250: "12,50 €", 120000: "1\u00a0200,00 €", -123456789: "-1\u00a0234\u00a0567,89 €"} {
		if got := FormatCents(c); got != want {
			t.Errorf("FormatCents(%d) = %q, want %q", c, got, want)
		}
	}
}

func TestParsePayMode(t *testing.T) {
	for in, want := range map[string]PayMode{"espèces": ModeEspeces, "ESPECES": ModeEspeces, "e": ModeEspeces, "chèque": ModeCheque,
		"ch": ModeCheque, "vir": ModeVirement, "p": ModePrelevement, "prélèvement": ModePrelevement, "carte": ModeCarte} {
		if got, err := ParsePayMode(in); err != nil || got != want {
			t.Errorf("ParsePayMode(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "c", "bitcoin"} {
		if _, err := ParsePayMode(in); err == nil {
			t.Errorf("ParsePayMode(%q) accepted", in)
		}
	}
	for _, m := range PayModes {
		if m.String() == "?" || m.Short() == "?" {
			t.Errorf("mode %d has no word", m)
		}
	}
}

func TestDefaultPeriod(t *testing.T) {
	monthly := Contribution{Cents: 1000, Rhythm: RhythmMensuel}
	quarterly := Contribution{Cents: 3000, Rhythm: RhythmTrimestriel}
	yearly := Contribution{Cents: 12000, Rhythm: RhythmAnnuel}
	cases := []struct {
		name   string
		d      Date
		c      Cents
		agreed Contribution
		want   Period
	}{
		{"monthly, one month", NewDate(2026, 3, 5), 1000, monthly, Period{NewMonth(2026, 3), NewMonth(2026, 3)}},
		{"monthly, three months at once", NewDate(2026, 11, 5), 3000, monthly, Period{NewMonth(2026, 11), NewMonth(2027, 1)}},
		{"monthly, less than agreed", NewDate(2026, 3, 5), 500, monthly, Period{NewMonth(2026, 3), NewMonth(2026, 3)}},
		{"quarterly, calendar quarter", NewDate(2026, 5, 20), 3000, quarterly, Period{NewMonth(2026, 4), NewMonth(2026, 6)}},
		{"yearly", NewDate(2026, 2, 1), 12000, yearly, Period{NewMonth(2026, 1), NewMonth(2026, 12)}},
		{"yearly, two years", NewDate(2026, 2, 1), 24000, yearly, Period{NewMonth(2026, 1), NewMonth(2027, 12)}},
		{"nothing agreed: the year", NewDate(2026, 7, 1), 5000, Contribution{}, Period{NewMonth(2026, 1), NewMonth(2026, 12)}},
		{"capped at ten years", NewDate(2026, 1, 1), 1000000, monthly, Period{NewMonth(2026, 1), NewMonth(2035, 12)}},
	}
	for _, c := range cases {
		if got := DefaultPeriod(c.d, c.c, c.agreed); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDuesStatus(t *testing.T) {
	pay := func(id PaymentID, from, to Month) Payment {
		return Payment{ID: id, Cents: 1000, Period: Period{from, to}, Date: from.First(), Mode: ModeCheque}
	}
	year := func(y int) (Month, Month) { return NewMonth(y, 1), NewMonth(y, 12) }
	y25a, y25b := year(2025)
	var monthly []Payment
	for m := NewMonth(2025, 1); m <= NewMonth(2025, 10); m++ {
		monthly = append(monthly, pay(PaymentID(m), m, m))
	}
	cancelled := []Payment{pay(1, y25a, y25b), {ID: 2, Cents: -1000, Cancels: 1, Period: Period{y25a, y25b}}}
	cases := []struct {
		name     string
		payments []Payment
		today    Date
		grace    int
		want     DuesStatus
	}{
		{"never paid", nil, NewDate(2026, 1, 1), -1, DuesStatus{State: DuesJamais}},
		{"yearly, within the year", []Payment{pay(1, y25a, y25b)}, NewDate(2025, 6, 1), -1, DuesStatus{State: DuesAJour}},
		{"yearly, January of the next year: grace", []Payment{pay(1, y25a, y25b)}, NewDate(2026, 1, 31), -1, DuesStatus{State: DuesAJour}},
		{"yearly, February: still grace", []Payment{pay(1, y25a, y25b)}, NewDate(2026, 2, 28), -1, DuesStatus{State: DuesAJour}},
		{"yearly, March: late 3 months", []Payment{pay(1, y25a, y25b)}, NewDate(2026, 3, 1), -1, DuesStatus{State: DuesRetard, MonthsLate: 3}},
		{"yearly, no grace: late in January", []Payment{pay(1, y25a, y25b)}, NewDate(2026, 1, 1), 0, DuesStatus{State: DuesRetard, MonthsLate: 1}},
		{"monthly up to October, in December", monthly, NewDate(2025, 12, 15), -1, DuesStatus{State: DuesAJour}},
		{"monthly up to October, in January", monthly, NewDate(2026, 1, 2), -1, DuesStatus{State: DuesRetard, MonthsLate: 3}},
		{"monthly up to October, a year later", monthly, NewDate(2026, 10, 2), -1, DuesStatus{State: DuesRetard, MonthsLate: 12}},
		{"one payment covering two years", []Payment{pay(1, NewMonth(2025, 1), NewMonth(2026, 12))}, NewDate(2026, 12, 31), -1, DuesStatus{State: DuesAJour}},
		{"the latest period counts, not the latest payment", []Payment{pay(2, NewMonth(2025, 1), NewMonth(2026, 12)), pay(3, NewMonth(2025, 6), NewMonth(2025, 6))}, NewDate(2026, 12, 1), -1, DuesStatus{State: DuesAJour}},
		{"counter-entry cancels the only payment", cancelled, NewDate(2025, 6, 1), -1, DuesStatus{State: DuesJamais}},
		{"counter-entry leaves the earlier year", append([]Payment{pay(3, NewMonth(2024, 1), NewMonth(2024, 12))}, cancelled...), NewDate(2025, 6, 1), -1, DuesStatus{State: DuesRetard, MonthsLate: 6}},
		{"quarter paid, grace 1", []Payment{pay(1, NewMonth(2025, 10), NewMonth(2025, 12))}, NewDate(2026, 2, 1), 1, DuesStatus{State: DuesRetard, MonthsLate: 2}},
	}
	for _, c := range cases {
		got := DuesStatusAt(SummarizeDues(c.payments), c.today, c.grace)
		if got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDuesSummaryYears(t *testing.T) {
	s := SummarizeDues([]Payment{{ID: 1, Cents: 10, Period: Period{NewMonth(2024, 11), NewMonth(2025, 2)}}})
	if !s.PaidFor(2024) || !s.PaidFor(2025) || s.PaidFor(2026) || s.PaidFor(1999) || s.PaidFor(2100) {
		t.Errorf("years: %b", s.PaidYears)
	}
}

func TestDuesOnlyForActiveAdherents(t *testing.T) {
	rule := NewDuesRule(NewDate(2026, 1, 1), -1)
	if rule.Of(KindContact, StatusActif, false, DuesSummary{}).State != DuesNone {
		t.Error("a contact has no dues")
	}
	if rule.Of(KindAdherent, StatusDemissionnaire, false, DuesSummary{}).State != DuesNone {
		t.Error("a démissionnaire owes nothing")
	}
	if rule.Of(KindAdherent, StatusActif, true, DuesSummary{}).State != DuesNone {
		t.Error("an archived fiche owes nothing")
	}
	if rule.Of(KindAdherent, StatusActif, false, DuesSummary{}).State != DuesJamais {
		t.Error("an adherent who never paid is jamais")
	}
}

func TestValidatePayment(t *testing.T) {
	today := NewDate(2026, 5, 1)
	good := Payment{Cents: 1000, Mode: ModeCheque, Date: today, Period: Period{NewMonth(2026, 5), NewMonth(2026, 5)}, Reference: "n° 1234"}
	if err := ValidatePayment(&good, today); err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func(p *Payment){
		"zero": func(p *Payment) { p.Cents = 0 }, "absurd": func(p *Payment) { p.Cents = MaxPayment + 1 },
		"mode": func(p *Payment) { p.Mode = 0 }, "future": func(p *Payment) { p.Date = NewDate(2026, 5, 2) },
		"period": func(p *Payment) { p.Period = Period{} }, "control": func(p *Payment) { p.Reference = "a\x1b[2Jb" },
		"long ref": func(p *Payment) { p.Reference = strings.Repeat("x", MaxReference+1) },
	} {
		p := good
		mut(&p)
		if ValidatePayment(&p, today) == nil {
			t.Errorf("%s accepted", name)
		}
	}
	ce := CounterEntry(good, "tresorier", good.RecordedAt)
	if ce.Cents != -good.Cents || ce.Date != good.Date || ce.Mode != good.Mode {
		t.Errorf("counter-entry %+v", ce)
	}
}

func TestDuesReport(t *testing.T) {
	secA, secB := Org{Federation: 1, Section: 10}, Org{Federation: 1, Section: 20}
	cellA1 := Org{Federation: 1, Section: 10, Cell: 11}
	r := NewDuesReport(NewDate(2026, 1, 1), NewDate(2026, 12, 31))
	p := func(id PaymentID, who PersonID, d Date, c Cents, m PayMode) *Payment {
		return &Payment{ID: id, Person: who, Date: d, Cents: c, Mode: m}
	}
	r.AddUnit(Org{Federation: 1, Section: 30})
	r.AddPayment(cellA1, p(1, 1, NewDate(2026, 1, 10), 1000, ModePrelevement))
	r.AddPayment(cellA1, p(2, 1, NewDate(2026, 2, 10), 1000, ModePrelevement))
	r.AddPayment(secA, p(3, 2, NewDate(2026, 3, 1), 5000, ModeCheque))
	r.AddPayment(secB, p(4, 3, NewDate(2026, 12, 31), 2500, ModeEspeces))
	// A payment and its counter-entry: no cotisant, nothing in the totals.
	r.AddPayment(secB, p(5, 4, NewDate(2026, 4, 1), 9900, ModeCarte))
	r.AddPayment(secB, &Payment{ID: 6, Person: 4, Date: NewDate(2026, 4, 1), Cents: -9900, Mode: ModeCarte, Cancels: 5})
	r.AddPayment(secB, p(7, 3, NewDate(2025, 6, 1), 700, ModeEspeces)) // last year
	r.AddPayment(secB, p(8, 3, NewDate(2024, 6, 1), 700, ModeEspeces)) // ignored
	r.AddBehind(cellA1)
	r.AddBehind(secB)
	names := map[UnitID]string{0: "sans cellule", 10: "Alpha", 11: "Cellule A1", 20: "Bêta", 30: "Gamma"}
	r.Finish(func(id UnitID) string { return names[id] })

	if len(r.Sections) != 3 || r.Sections[0].Name != "Alpha" || r.Sections[1].Name != "Bêta" || r.Sections[2].Name != "Gamma" {
		t.Fatalf("sections %+v", r.Sections)
	}
	a := r.Sections[0]
	if a.Cotisants != 2 || a.Total != 7000 || a.ByMode[ModePrelevement] != 2000 || a.ByMode[ModeCheque] != 5000 || a.Behind != 1 {
		t.Errorf("Alpha %+v", a.DuesLine)
	}
	if len(a.Cells) != 2 || a.Cells[0].Name != "Cellule A1" || a.Cells[0].Total != 2000 || a.Cells[0].Cotisants != 1 ||
		a.Cells[1].Name != "sans cellule" || a.Cells[1].Total != 5000 || a.Cells[1].Cotisants != 1 {
		t.Errorf("Alpha cells %+v", a.Cells)
	}
	b := r.Sections[1]
	if b.Cotisants != 1 || b.Total != 2500 || b.ByMonth[11] != 2500 || b.ByMode[ModeCarte] != 0 || b.PrevTotal != 700 || b.PrevCotisants != 1 || b.Behind != 1 {
		t.Errorf("Bêta %+v", b.DuesLine)
	}
	if r.Total.Total != 9500 || r.Total.Cotisants != 3 || r.Total.PrevTotal != 700 || r.Total.ByMonth[0] != 1000 || r.Total.Behind != 2 {
		t.Errorf("total %+v", r.Total)
	}
	var sum Cents
	for _, c := range r.Total.ByMonth {
		sum += c
	}
	var modes Cents
	for _, c := range r.Total.ByMode {
		modes += c
	}
	if sum != r.Total.Total || modes != r.Total.Total {
		t.Errorf("months %d, modes %d, total %d", sum, modes, r.Total.Total)
	}
}

func TestShiftYears(t *testing.T) {
	if got := ShiftYears(NewDate(2024, 2, 29), -1); got != NewDate(2023, 2, 28) {
		t.Error(got)
	}
	if got := ShiftYears(NewDate(2026, 12, 31), -1); got != NewDate(2025, 12, 31) {
		t.Error(got)
	}
}

func TestParsePeriod(t *testing.T) {
	ok := map[string]Period{
		"2026":              {NewMonth(2026, 1), NewMonth(2026, 12)},
		"03/2026":           {NewMonth(2026, 3), NewMonth(2026, 3)},
		"3/2026":            {NewMonth(2026, 3), NewMonth(2026, 3)},
		"01/2026-06/2026":   {NewMonth(2026, 1), NewMonth(2026, 6)},
		"11/2025 – 02/2026": {NewMonth(2025, 11), NewMonth(2026, 2)},
		"2025-2026":         {NewMonth(2025, 1), NewMonth(2026, 12)},
	}
	for in, want := range ok {
		if got, err := ParsePeriod(in); err != nil || got != want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "13/2026", "2026-2025", "abc", "03/26", "2000-2030", "1/2/2026"} {
		if _, err := ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", in)
		}
	}
	for in, want := range map[string]Rhythm{"m": RhythmMensuel, "Trimestriel": RhythmTrimestriel, "an": RhythmAnnuel} {
		if got, err := ParseRhythm(in); err != nil || got != want {
			t.Errorf("ParseRhythm(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseRhythm("x"); err == nil {
		t.Error("ParseRhythm(x) accepted")
	}
}

// The agreed contribution has one written form, which reads back; a
// spreadsheet's other spellings are read too.
func TestParseContribution(t *testing.T) {
	for _, c := range []Contribution{{1250, RhythmMensuel}, {3600, RhythmTrimestriel}, {120000, RhythmAnnuel}, {}} {
		if got, err := ParseContribution(c.String()); err != nil || got != c {
			t.Errorf("ParseContribution(%q) = %v, %v", c.String(), got, err)
		}
	}
	for in, want := range map[string]Contribution{
		"12,00 € / mois":        {1200, RhythmMensuel},
		"12 mensuelle":          {1200, RhythmMensuel},
		"36,5 par trimestre":    {3650, RhythmTrimestriel},
		"1 200 EUR annuel":      {120000, RhythmAnnuel},
		" 120€/an ":             {12000, RhythmAnnuel},
		"12,00\u00a0€, mensuel": {1200, RhythmMensuel},
	} {
		if got, err := ParseContribution(in); err != nil || got != want {
			t.Errorf("ParseContribution(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"12,00 €":          "rythme manquant",
		"mensuel":          "montant vide",
		"12 € / semaine":   "rythme « semaine » inconnu",
		"20 000 €, annuel": "trop élevé",
		"0 €, mensuel":     "montant nul",
	} {
		if _, err := ParseContribution(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseContribution(%q) = %v; want an error saying %q", in, err, msg)
		}
	}
}

func TestNormalizePersonChecksContribution(t *testing.T) {
	p := Person{Kind: KindAdherent, LastName: "Dupont", Org: Org{Federation: 1}, Contribution: Contribution{Cents: 1200}}
	if got := NormalizePerson(&p, 0).For(FieldContribution); got != "choisissez le rythme (mensuel, trimestriel, annuel)" {
		t.Errorf("no rhythm: %q", got)
	}
	p.Contribution = Contribution{Cents: MaxPayment + 1, Rhythm: RhythmAnnuel}
	if NormalizePerson(&p, 0).For(FieldContribution) == "" {
		t.Error("an amount over the limit accepted")
	}
	p.Contribution = Contribution{Cents: 1200, Rhythm: RhythmMensuel}
	if errs := NormalizePerson(&p, 0); errs != nil {
		t.Error(errs)
	}
}

// Merging offers the agreed contribution like any one-value field: an
// empty one is filled in, two different ones are a conflict to decide.
func TestMergeOffersContribution(t *testing.T) {
	f, ok := MergeFieldFor(FieldContribution)
	if !ok || f.Label != "Cotisation convenue" || f.Union {
		t.Fatalf("merge field: %+v, %v", f, ok)
	}
	monthly := Contribution{Cents: 1200, Rhythm: RhythmMensuel}
	var keep Person
	drop := Person{Contribution: monthly}
	if filled, _ := FillEmpty(&keep, &drop, nil); !slices.Contains(filled, FieldContribution) || keep.Contribution != monthly {
		t.Errorf("empty contribution not filled: %v %v", filled, keep.Contribution)
	}
	drop.Contribution = Contribution{Cents: 12000, Rhythm: RhythmAnnuel}
	_, conflicts := FillEmpty(&keep, &drop, nil)
	want := Change{Field: "Cotisation convenue", Old: "12,00 €, mensuel", New: "120,00 €, annuel"}
	if !slices.Contains(conflicts, want) || keep.Contribution != monthly {
		t.Errorf("conflicts %+v, kept %v", conflicts, keep.Contribution)
	}
	f.Take(&keep, &drop)
	if keep.Contribution != drop.Contribution {
		t.Errorf("choosing the other side's contribution: %v", keep.Contribution)
	}
	if d := Diff(&Person{Contribution: monthly}, &keep); len(d) != 1 || d[0].Field != "Cotisation convenue" {
		t.Errorf("journal diff: %+v", d)
	}
}
