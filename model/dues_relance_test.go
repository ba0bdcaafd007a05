package model

import "testing"

func TestArrearsAt(t *testing.T) {
	today := NewDate(2026, 11, 25)
	late := DuesStatus{State: DuesRetard, MonthsLate: 5}
	monthly := Contribution{Cents: 15_00, Rhythm: RhythmMensuel}
	cases := []struct {
		name   string
		status DuesStatus
		s      DuesSummary
		c      Contribution
		joined Date
		since  Month
		due    Cents
	}{
		{"up to date", DuesStatus{State: DuesAJour}, DuesSummary{PaidThrough: NewMonth(2026, 11)}, monthly, 0, 0, 0},
		{"monthly, paid through June", late, DuesSummary{PaidThrough: NewMonth(2026, 6)}, monthly, 0, NewMonth(2026, 7), 5 * 15_00},
		{"quarterly, paid through Q2", late, DuesSummary{PaidThrough: NewMonth(2026, 6)}, Contribution{Cents: 45_00, Rhythm: RhythmTrimestriel}, 0, NewMonth(2026, 7), 2 * 45_00},
		{"yearly, paid 2024", late, DuesSummary{PaidThrough: NewMonth(2024, 12)}, Contribution{Cents: 120_00, Rhythm: RhythmAnnuel}, 0, NewMonth(2025, 1), 2 * 120_00},
		{"never, joined in September", DuesStatus{State: DuesJamais}, DuesSummary{}, monthly, NewDate(2026, 9, 14), NewMonth(2026, 9), 3 * 15_00},
		{"never, no date", DuesStatus{State: DuesJamais}, DuesSummary{}, monthly, 0, NewMonth(2026, 1), 11 * 15_00},
		{"no contribution agreed", late, DuesSummary{PaidThrough: NewMonth(2026, 6)}, Contribution{}, 0, NewMonth(2026, 7), 0},
	}
	for _, c := range cases {
		a := ArrearsAt(c.status, c.s, c.c, c.joined, today)
		if a.Since != c.since || a.Due != c.due {
			t.Errorf("%s: since %v due %v, want %v %v", c.name, a.Since, a.Due, c.since, c.due)
		}
	}
	if got := ArrearsAt(late, DuesSummary{PaidThrough: NewMonth(2026, 2)}, monthly, 0, today).PeriodText(); got != "depuis mars 2026" {
		t.Error(got)
	}
}
