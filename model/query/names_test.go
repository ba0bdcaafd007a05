package query

import (
	"testing"

	"fichier/model"
)

func TestCompareNamesPutsTheShorterLastNameFirst(t *testing.T) {
	row := func(last, first string) Row { return NewRow(&model.Person{LastName: last, FirstName: first}) }
	ordered := []Row{
		row("Bernard", "Véronique"),
		row("Bernard-Guyot", "Stéphane"),
		row("Bernardi", "Alain"),
		row("", "Bertrand"),
		row("Dupont", ""),
		row("Dupont", "Anne"),
	}
	for i := range ordered {
		for j := range ordered {
			got := CompareNames(&ordered[i], &ordered[j])
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got != want {
				t.Errorf("CompareNames(%q, %q) = %d, want %d", ordered[i].Name, ordered[j].Name, got, want)
			}
		}
	}
}
