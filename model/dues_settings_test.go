package model

import (
	"strings"
	"testing"
)

func TestDuesSettingsDefaultsAndValidate(t *testing.T) {
	d := DefaultDuesSettings()
	if d.TaxRatePct != 66 || d.Ceiling != 1_500_000 || d.CashLimit != 15_000 || !d.CashEligible || d.GraceMonths != 2 {
		t.Fatalf("defaults %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []DuesSettings{
		{GraceMonths: 13, TaxRatePct: 66, Ceiling: 1, CashLimit: 1},
		{TaxRatePct: 101, Ceiling: 1, CashLimit: 1},
		{TaxRatePct: 66, Ceiling: 0, CashLimit: 1},
		{TaxRatePct: 66, Ceiling: 1, CashLimit: MaxPayment + 1},
	} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if !d.Eligible(ModeEspeces) || !d.Eligible(ModeCheque) {
		t.Error("eligible")
	}
	d.CashEligible = false
	if d.Eligible(ModeEspeces) || !d.Eligible(ModeCarte) {
		t.Error("cash not eligible")
	}
}

func TestPaymentWarnings(t *testing.T) {
	s := DefaultDuesSettings()
	at := NewDate(2026, 3, 1)
	cases := []struct {
		p      Payment
		before Cents
		want   []string
	}{
		{Payment{Date: at, Cents: 150_00, Mode: ModeEspeces}, 0, nil},                               // at the limit: fine
		{Payment{Date: at, Cents: 150_01, Mode: ModeEspeces}, 0, []string{"espèces de 150,01"}},     // a cent above
		{Payment{Date: at, Cents: 900_00, Mode: ModeCheque}, 0, nil},                                // cheque: no limit
		{Payment{Date: at, Cents: 100_00, Mode: ModeCheque}, 14_900_00, nil},                        // exactly the ceiling
		{Payment{Date: at, Cents: 100_01, Mode: ModeCheque}, 14_900_00, []string{"plafond annuel"}}, // above
		{Payment{Date: at, Cents: 200_00, Mode: ModeEspeces}, 14_900_00, []string{"espèces", "cotisations 2026 portées à 15\u00a0100,00"}},
	}
	for i, c := range cases {
		got := s.PaymentWarnings(&c.p, c.before)
		if len(got) != len(c.want) {
			t.Errorf("%d: %q", i, got)
			continue
		}
		for j := range got {
			if !strings.Contains(got[j], c.want[j]) {
				t.Errorf("%d: %q lacks %q", i, got[j], c.want[j])
			}
		}
	}
}
