package model

import "testing"

// An incoming row whose address is only the postcode and town of the
// fiche's full address says nothing new: no conflict (issue 9). A different
// town, or a street, still is one.
func TestFillEmptyAddressCoveredByFiche(t *testing.T) {
	fiche := Person{Address: Address{Street: "5 allée des Cèdres", PostalCode: "38100", Commune: "Grenoble"}}
	for _, c := range []struct {
		in       Address
		conflict bool
	}{
		{Address{PostalCode: "38100", Commune: "Grenoble"}, false},
		{Address{PostalCode: "38100", Commune: "GRENOBLE"}, false},
		{Address{Commune: "Grenoble"}, false},
		{Address{PostalCode: "38100"}, false},
		{Address{PostalCode: "38000", Commune: "Grenoble"}, true},
		{Address{PostalCode: "38100", Commune: "Échirolles"}, true},
		{Address{Street: "7 rue Lesdiguières", PostalCode: "38100", Commune: "Grenoble"}, true},
	} {
		dst, src := fiche, Person{Address: c.in}
		_, conflicts := FillEmpty(&dst, &src, nil)
		if got := len(conflicts) > 0; got != c.conflict {
			t.Errorf("%+v: conflict %v, want %v (%v)", c.in, got, c.conflict, conflicts)
		}
		if dst.Address != fiche.Address {
			t.Errorf("%+v: the fiche's address changed to %+v", c.in, dst.Address)
		}
	}
}
