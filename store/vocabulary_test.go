package store

import (
	"slices"
	"testing"

	"fichier/model"
)

func TestVocabularyStaysInTheScope(t *testing.T) {
	w := newWorld(t)
	w.create(t, model.Person{Kind: model.KindContact, LastName: "Un", Org: w.cellA1.Path, Interests: []string{"Santé", "logement"}})
	w.create(t, model.Person{Kind: model.KindContact, LastName: "Deux", Org: w.cellB1.Path, Interests: []string{"transports"}, Unions: []string{"CGT"}})
	sess := w.user(t, "Annie", "Martin", w.secA.Path, model.RightWrite)
	v, err := w.st.Vocabulary(sess)
	if err != nil {
		t.Fatal(err)
	}
	if got := v[model.FieldInterests]; !slices.Equal(got, []string{"logement", "sante"}) {
		t.Errorf("interests in section A: %q", got)
	}
	if got := v[model.FieldUnions]; len(got) != 0 {
		t.Errorf("unions of section B leak: %q", got)
	}
}
