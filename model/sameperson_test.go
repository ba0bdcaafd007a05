package model

import (
	"slices"
	"testing"
)

func TestSamePerson(t *testing.T) {
	born := NewDate(1970, 5, 12)
	person := func(id PersonID, first, last, email, mobile, landline string, birth Date, archived bool) Row {
		p := Person{ID: id, FirstName: first, LastName: last, Email: email, Mobile: mobile, Landline: landline, BirthDate: birth, Archived: archived}
		return NewRow(&p)
	}
	marie := person(1, "Marie", "Dupont", "famille.dupont@example.fr", "+33612345678", "+33476000000", born, false)
	for _, c := range []struct {
		name string
		b    Row
		want []string
	}{
		{"same email", person(2, "Marie", "Martin", "Famille.Dupont@example.fr", "", "", 0, false), []string{SameEmail}},
		{"same email, first name unknown", person(2, "", "Dupont", "famille.dupont@example.fr", "", "", 0, false), []string{SameEmail}},
		{"same email, other first name", person(2, "Jean", "Dupont", "famille.dupont@example.fr", "", "", 0, false), nil},
		{"same mobile", person(2, "Marie", "Dupont", "", "06 12 34 56 78", "", 0, false), []string{SamePhone}},
		{"mobile given as landline", person(2, "Marie", "", "", "", "+33612345678", 0, false), []string{SamePhone}},
		{"same landline, other first name", person(2, "Jean", "Dupont", "", "", "04 76 00 00 00", 0, false), nil},
		{"same name and birth date", person(2, "Marie", "DUPONT", "", "", "", born, false), []string{SameNameBirth}},
		{"same name and birth date, accents", person(2, "Marié", "Dupont", "", "", "", born, false), []string{SameNameBirth}},
		{"homonym without birth date", person(2, "Marie", "Dupont", "", "", "", 0, false), nil},
		{"homonym born another day", person(2, "Marie", "Dupont", "", "", "", NewDate(1982, 1, 3), false), nil},
		{"everything in common", person(2, "Marie", "Dupont", "famille.dupont@example.fr", "0612345678", "", born, false), []string{SameEmail, SamePhone, SameNameBirth}},
		{"archived is the same person", person(2, "Marie", "Dupont", "famille.dupont@example.fr", "", "", 0, true), []string{SameEmail}},
		{"a fiche is not its own duplicate", person(1, "Marie", "Dupont", "famille.dupont@example.fr", "", "", born, false), nil},
		{"nothing in common", person(2, "Paul", "Durand", "paul@example.fr", "0700000000", "", born, false), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := SamePerson(&marie, &c.b)
			if !slices.Equal(got, c.want) {
				t.Fatalf("SamePerson = %q, want %q", got, c.want)
			}
			if back := SamePerson(&c.b, &marie); !slices.Equal(back, got) {
				t.Fatalf("not symmetric: %q then %q", got, back)
			}
			if len(got) > 0 && !shareKey(SamePersonKeys(&marie), SamePersonKeys(&c.b)) {
				t.Fatalf("same person but no key in common: %q / %q", SamePersonKeys(&marie), SamePersonKeys(&c.b))
			}
		})
	}
}

func shareKey(a, b []string) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}
