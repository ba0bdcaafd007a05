package model

import "strconv"

// DefaultGraceMonths is the grace period of the dues status when the
// federation sets none: two months. A monthly payment may arrive during the
// following month (prélèvements are debited early in the month, cheques come
// at the next meeting), and a yearly payer settles the new year at the first
// meetings of January–February: neither should show as behind for that.
const DefaultGraceMonths = 2

// MaxGraceMonths bounds the setting.
const MaxGraceMonths = 12

// DuesSummary is what the dues status needs of an adherent's payments, small
// enough to live in every index row: the last month covered and the years
// with at least one month covered (bit y-DuesYearBase).
type DuesSummary struct {
	PaidThrough Month  // 0 = never paid
	PaidYears   uint64 // bit y-DuesYearBase set when year y has a covered month
	// Cards has bit y-DuesYearBase set when the card of year y was handed
	// over (store.SetCard); the payments never change it.
	Cards uint64
}

// HasCard reports whether the card of year y was handed over.
func (s DuesSummary) HasCard(y int) bool {
	b := y - DuesYearBase
	return b >= 0 && b < 64 && s.Cards&(1<<b) != 0
}

// SetCard records (or, with handed false, withdraws) the card of year y.
func (s *DuesSummary) SetCard(y int, handed bool) {
	b := y - DuesYearBase
	if b < 0 || b >= 64 {
		return
	}
	if handed {
		s.Cards |= 1 << b
	} else {
		s.Cards &^= 1 << b
	}
}

// DuesYearBase is the first year PaidYears can tell.
const DuesYearBase = 2000

// Ever reports whether any payment counts.
func (s DuesSummary) Ever() bool { return s.PaidThrough != 0 }

// PaidFor reports whether some month of year y is covered.
func (s DuesSummary) PaidFor(y int) bool {
	b := y - DuesYearBase
	return b >= 0 && b < 64 && s.PaidYears&(1<<b) != 0
}

// SummarizeDues reduces an adherent's payments (counter-entries included) to
// their summary.
func SummarizeDues(payments []Payment) DuesSummary {
	var s DuesSummary
	for _, p := range Effective(payments) {
		s.Add(p.Period)
	}
	return s
}

// Add counts the period of an effective payment (not a counter-entry, not
// cancelled).
func (s *DuesSummary) Add(p Period) {
	s.PaidThrough = max(s.PaidThrough, p.To)
	for y := p.From.Year(); y <= p.To.Year(); y++ {
		if b := y - DuesYearBase; b >= 0 && b < 64 {
			s.PaidYears |= 1 << b
		}
	}
}

// DuesState is where an adherent stands with their dues.
type DuesState uint8

const (
	DuesNone   DuesState = iota // not an adherent: no dues
	DuesAJour                   // à jour
	DuesRetard                  // en retard
	DuesJamais                  // never paid
)

// DuesStatus is a DuesState with, when behind, the number of months.
type DuesStatus struct {
	State      DuesState
	MonthsLate int // months since the last month covered (en retard only)
}

func (s DuesStatus) String() string {
	return s.words("en retard (", " mois)")
}

// Short is the list column's form: "à jour", "-5 m", "jamais".
func (s DuesStatus) Short() string {
	return s.words("-", " m")
}

// words names the state; a delay is written between before and after.
func (s DuesStatus) words(before, after string) string {
	switch s.State {
	case DuesAJour:
		return "à jour"
	case DuesRetard:
		return before + strconv.Itoa(s.MonthsLate) + after
	case DuesJamais:
		return "jamais"
	}
	return ""
}

// Behind reports whether the adherent is not up to date (late or never paid).
func (s DuesStatus) Behind() bool { return s.State == DuesRetard || s.State == DuesJamais }

// DuesStatusAt is the dues rule: an adherent who never paid is `jamais`; one
// whose last covered month is more than grace months before today's month
// is `en retard` by the number of months elapsed since it; else `à jour`.
// A negative grace means DefaultGraceMonths.
func DuesStatusAt(s DuesSummary, today Date, grace int) DuesStatus {
	return NewDuesRule(today, grace).Status(s)
}

// DuesRule is the dues rule for one day and grace period, prepared once for
// a scan over many rows.
type DuesRule struct {
	now   Month
	grace Month
}

// NewDuesRule prepares the rule; a negative grace means DefaultGraceMonths.
func NewDuesRule(today Date, grace int) DuesRule {
	if grace < 0 {
		grace = DefaultGraceMonths
	}
	return DuesRule{now: MonthOf(today), grace: Month(grace)}
}

// Status applies the rule (see DuesStatusAt).
func (r DuesRule) Status(s DuesSummary) DuesStatus {
	if s.PaidThrough == 0 {
		return DuesStatus{State: DuesJamais}
	}
	if late := r.now - s.PaidThrough; late > r.grace {
		return DuesStatus{State: DuesRetard, MonthsLate: int(late)}
	}
	return DuesStatus{State: DuesAJour}
}

// Of is the status of a fiche of that kind and status with that summary
// (DuesNone when OwesDues is false).
func (r DuesRule) Of(kind Kind, status Status, archived bool, s DuesSummary) DuesStatus {
	if !OwesDues(kind, status, archived) {
		return DuesStatus{}
	}
	return r.Status(s)
}

// OwesDues reports whether a fiche's dues are followed: an active adherent
// (not archived, not muté, démissionnaire or décédé).
func OwesDues(kind Kind, status Status, archived bool) bool {
	return kind == KindAdherent && !archived && (status == StatusActif || status == StatusEnRetard)
}
