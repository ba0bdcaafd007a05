package model

import "testing"

// Hand-computed: 2026 holds a cheque of 120 €, cash of 30 €, a transfer of
// 50 € cancelled by its counter-entry, and a prélèvement of 15 €; a cheque
// dated 20/12/2025 paying 2026 counts in 2025.
func TestBuildStatement(t *testing.T) {
	y26 := Period{From: NewMonth(2026, 1), To: NewMonth(2026, 12)}
	pay := []Payment{
		{ID: 1, Date: NewDate(2025, 12, 20), Cents: 240_00, Mode: ModeCheque, Period: Period{From: NewMonth(2026, 1), To: NewMonth(2027, 12)}},
		{ID: 2, Date: NewDate(2026, 3, 2), Cents: 120_00, Mode: ModeCheque, Period: y26},
		{ID: 3, Date: NewDate(2026, 2, 1), Cents: 30_00, Mode: ModeEspeces, Period: y26},
		{ID: 4, Date: NewDate(2026, 5, 1), Cents: 50_00, Mode: ModeVirement, Period: y26},
		{ID: 5, Date: NewDate(2026, 5, 1), Cents: -50_00, Mode: ModeVirement, Period: y26, Cancels: 4},
		{ID: 6, Date: NewDate(2026, 6, 5), Cents: 15_00, Mode: ModePrelevement, Period: y26},
	}
	set := DefaultDuesSettings()
	st := BuildStatement(7, 2026, pay, set)
	if len(st.Payments) != 5 || st.Payments[0].ID != 3 {
		t.Fatalf("payments %+v", st.Payments)
	}
	if st.Total != 165_00 || st.Eligible != 165_00 || st.ByMode[ModeVirement] != 0 || st.ByMode[ModeEspeces] != 30_00 || st.ByMode[ModeCheque] != 120_00 {
		t.Errorf("totals %+v", st)
	}
	if st.Reduction() != 108_90 {
		t.Errorf("reduction %v", st.Reduction())
	}
	set.CashEligible = false
	st = BuildStatement(7, 2026, pay, set)
	if st.Total != 165_00 || st.Eligible != 135_00 {
		t.Errorf("cash not eligible: %v %v", st.Total, st.Eligible)
	}
	if y25 := BuildStatement(7, 2025, pay, set); y25.Total != 240_00 || y25.Eligible != 240_00 {
		t.Errorf("2025 (by the payment's date): %+v", y25)
	}
	st.Issued = &IssuedStatement{On: NewDate(2027, 1, 15), Eligible: 135_00}
	if st.Changed() {
		t.Error("unchanged")
	}
	st.Issued.Eligible = 185_00
	if !st.Changed() {
		t.Error("changed by a correction")
	}
	big := Statement{Eligible: 20_000_00, Settings: DefaultDuesSettings()}
	if big.Reduction() != 9_900_00 {
		t.Errorf("ceiling: %v", big.Reduction())
	}
	if AddressComplete(Address{PostalCode: "13001", Commune: "Marseille"}) || !AddressComplete(Address{Street: "1 rue A", PostalCode: "13001", Commune: "Marseille"}) {
		t.Error("address")
	}
}
