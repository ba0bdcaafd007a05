package query

import (
	"reflect"
	"testing"

	"fichier/model"
	"fichier/model/demo"
)

// TestRowBuilderMatchesNewRow: rows made by one builder (folded values
// remembered and shared) are NewRow's, value for value.
func TestRowBuilderMatchesNewRow(t *testing.T) {
	g := demo.New(demo.Config{People: 3000, Seed: 7, Today: model.NewDate(2026, 11, 25)})
	var b RowBuilder
	odd := model.Person{LastName: "  D'Ôrnano-Ĝ ", FirstName: "Ἀλέξανδρος", Address: model.Address{Commune: "Saint-Martin-d’Hères"},
		Interests: []string{"Santé", " ", "santé"}, Profession: "Ἀλέξανδρος"}
	for i := range 3000 {
		p, _ := g.Next()
		if i%500 == 0 {
			p = odd
		}
		var got Row
		b.Fill(&got, &p)
		if want := NewRow(&p); !reflect.DeepEqual(got, want) {
			t.Fatalf("fiche %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	if len(b.folded) > 2500 {
		t.Errorf("%d folded values remembered for 3000 fiches: repeated values not shared?", len(b.folded))
	}
}
