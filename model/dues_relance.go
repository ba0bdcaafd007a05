package model

// Arrears is what an adherent behind owes, for a reminder: the first month
// not covered and, when a contribution was agreed, the amount for the
// periods from it to today's.
type Arrears struct {
	Status DuesStatus
	Since  Month // first month not covered (never paid: the month of adhesion, or January)
	Due    Cents // 0 when no contribution was agreed: the amount is unknown
}

// ArrearsAt is what an adherent with summary s, agreed contribution c,
// adhesion date joined owes on today: every period of the agreed rhythm
// from the first month not covered to today's month, each at the agreed
// amount (a period begun is due).
func ArrearsAt(status DuesStatus, s DuesSummary, c Contribution, joined, today Date) Arrears {
	a := Arrears{Status: status}
	if !status.Behind() {
		return a
	}
	now := MonthOf(today)
	switch {
	case s.PaidThrough != 0:
		a.Since = s.PaidThrough + 1
	case joined != 0 && joined <= today:
		a.Since = MonthOf(joined)
	default:
		a.Since = NewMonth(today.Year(), 1)
	}
	if c.IsZero() || a.Since > now {
		return a
	}
	n := c.Rhythm.Months()
	periods := (int(now-a.Since) + n) / n
	a.Due = Cents(periods) * c.Cents
	return a
}

// PeriodText is the period owed, "depuis mars 2026".
func (a Arrears) PeriodText() string {
	if a.Since == 0 {
		return ""
	}
	return "depuis " + a.Since.String()
}
