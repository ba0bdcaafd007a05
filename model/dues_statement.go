package model

import (
	"slices"
	"strings"
)

// Statement is an adherent's yearly statement of cotisations (« attestation
// annuelle de cotisations »): the payments dated in the year — the day the
// money was received decides, whatever period they pay for —, counter-
// entries included so that a cancelled payment nets to zero, the totals by
// mode and the total eligible for a tax receipt under the federation's
// settings.
type Statement struct {
	Person   PersonID
	Year     int
	Payments []Payment // dated in Year, oldest first, counter-entries included
	ByMode   [ModeCarte + 1]Cents
	Total    Cents // net total of the year
	Eligible Cents // net total of the modes eligible for a receipt

	Settings DuesSettings // the federation's figures the statement was made with

	// Issued is the last statement issued for this adherent and year, if
	// any: a later correction shows as a different total.
	Issued *IssuedStatement
}

// IssuedStatement is what the journal keeps of a statement handed out.
type IssuedStatement struct {
	On       Date
	Eligible Cents
}

// BuildStatement is the statement of year from an adherent's payments (all
// of them: those of other years are left out here).
func BuildStatement(who PersonID, year int, payments []Payment, set DuesSettings) Statement {
	st := Statement{Person: who, Year: year, Settings: set}
	for _, p := range payments {
		if p.Year() != year || !p.Mode.Valid() {
			continue
		}
		st.Payments = append(st.Payments, p)
		st.ByMode[p.Mode] += p.Cents
		st.Total += p.Cents
		if set.Eligible(p.Mode) {
			st.Eligible += p.Cents
		}
	}
	slices.SortStableFunc(st.Payments, func(a, b Payment) int { return int(a.Date) - int(b.Date) })
	return st
}

// Empty reports a statement with nothing to attest.
func (st *Statement) Empty() bool { return len(st.Payments) == 0 }

// Changed reports whether a statement was issued for the year with another
// eligible total: a correction came after it.
func (st *Statement) Changed() bool { return st.Issued != nil && st.Issued.Eligible != st.Eligible }

// Reduction is the indicative income-tax reduction: the rate applied to
// the eligible total within the yearly ceiling (rounded down to the cent).
// The tax office applies its own limits (a share of the taxable income,
// the whole household's gifts).
func (st *Statement) Reduction() Cents {
	base := min(max(st.Eligible, 0), st.Settings.Ceiling)
	return base * Cents(st.Settings.TaxRatePct) / 100
}

// AddressComplete reports whether a receipt can be posted to a: a street,
// a postal code and a commune.
func AddressComplete(a Address) bool {
	return strings.TrimSpace(a.Street) != "" && strings.TrimSpace(a.PostalCode) != "" && strings.TrimSpace(a.Commune) != ""
}
