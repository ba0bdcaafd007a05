package model

import "testing"

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Échirolles":            "echirolles",
		"Saint-Martin-d'Hères":  "saint-martin-d'heres",
		"Saint-Martin-d’Hères":  "saint-martin-d'heres",
		"CŒUR":                  "coeur",
		"Læticia":               "laeticia",
		"NGUYỄN Văn":            "nguyen van",
		"déjà plain":            "deja plain",
		"already folded":        "already folded",
		"Øystein Ñúñez Ÿvonne":  "oystein nunez yvonne",
		"Ελένη":                 "ελενη",
		"Straße":                "strasse",
		"Zoë D'Aubigné-Lefèvre": "zoe d'aubigne-lefevre",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("DUPONT-MARTIN Émilie Échirolles")
	}
}
