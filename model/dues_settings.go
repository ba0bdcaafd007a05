package model

import (
	"errors"
	"strconv"
)

// DuesSettings are the figures a federation may set for its dues: the
// grace period of the status, and the legal figures of the tax receipts
// and cash limits. The defaults are those of the law as the party reads it
// (CGI art. 200; loi n° 88-227 on the financing of political life); each
// is a setting because the law changes and must be checked by the
// federation's treasurer.
type DuesSettings struct {
	GraceMonths  int   // months after the last month paid before « en retard »
	TaxRatePct   int   // income-tax reduction, percent of the eligible sums
	Ceiling      Cents // yearly ceiling of gifts and cotisations per tax household
	CashLimit    Cents // largest payment accepted in cash without a warning
	CashEligible bool  // whether cash payments count for the tax receipt
}

// Default legal figures (see DuesSettings).
const (
	DefaultTaxRatePct = 66
	DefaultCeiling    = Cents(15_000_00)
	DefaultCashLimit  = Cents(150_00)
)

// DefaultDuesSettings are the settings of a federation that set none. Cash
// within the limit is lawful and counts for the receipt.
func DefaultDuesSettings() DuesSettings {
	return DuesSettings{GraceMonths: DefaultGraceMonths, TaxRatePct: DefaultTaxRatePct,
		Ceiling: DefaultCeiling, CashLimit: DefaultCashLimit, CashEligible: true}
}

// Validate checks settings about to be stored.
func (s DuesSettings) Validate() error {
	switch {
	case s.GraceMonths < 0 || s.GraceMonths > MaxGraceMonths:
		return errors.New("délai de grâce : de 0 à " + strconv.Itoa(MaxGraceMonths) + " mois")
	case s.TaxRatePct < 0 || s.TaxRatePct > 100:
		return errors.New("taux de réduction d'impôt : de 0 à 100 %")
	case s.Ceiling <= 0 || s.Ceiling > 1_000_000_00:
		return errors.New("plafond annuel : de 0,01 € à 1 000 000 €")
	case s.CashLimit <= 0 || s.CashLimit > MaxPayment:
		return errors.New("plafond des espèces : de 0,01 € à " + FormatCents(MaxPayment))
	}
	return nil
}

// Eligible reports whether a payment made by mode counts for the tax
// receipt.
func (s DuesSettings) Eligible(m PayMode) bool {
	return m != ModeEspeces || s.CashEligible
}

// PaymentWarnings are the reasons to confirm a payment about to be
// recorded: cash above the limit, or a year's total (yearBefore: the
// adherent's net payments dated in the payment's year so far) going above
// the ceiling. Empty when nothing needs confirming.
func (s DuesSettings) PaymentWarnings(p *Payment, yearBefore Cents) []string {
	var out []string
	if p.Mode == ModeEspeces && p.Cents > s.CashLimit {
		out = append(out, "versement en espèces de "+FormatCents(p.Cents)+" : au-delà de "+FormatCents(s.CashLimit)+
			", un don ou une cotisation doit être réglé par chèque, virement, prélèvement ou carte")
	}
	if after := yearBefore + p.Cents; after > s.Ceiling && p.Cents > 0 {
		out = append(out, "cotisations "+strconv.Itoa(p.Year())+" portées à "+FormatCents(after)+
			" : au-delà du plafond annuel de "+FormatCents(s.Ceiling)+" par foyer fiscal")
	}
	return out
}
