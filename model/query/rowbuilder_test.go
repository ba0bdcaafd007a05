package query

import (
	"math/rand/v2"
	"reflect"
	"strings"
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

// TestSortKeyOrdersAsCompareNames: wherever two rows' keys differ, they
// order the rows as CompareNames does.
func TestSortKeyOrdersAsCompareNames(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", " ", "z", "é", "\x00", "dupont", "martin"}
	word := func() string {
		var s strings.Builder
		for range rng.IntN(5) {
			s.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return s.String()
	}
	differ := 0
	for range 20000 {
		a := NewRow(&model.Person{LastName: word(), FirstName: word()})
		b := NewRow(&model.Person{LastName: word(), FirstName: word()})
		ka, kb := SortKey(&a), SortKey(&b)
		if ka == kb {
			continue
		}
		differ++
		if c := CompareNames(&a, &b); (ka < kb) != (c < 0) || c == 0 {
			t.Fatalf("%q/%q vs %q/%q: keys %x %x, CompareNames %d", a.LastName, a.FirstName, b.LastName, b.FirstName, ka, kb, c)
		}
	}
	if differ < 10000 {
		t.Fatalf("only %d pairs with different keys", differ)
	}
}
