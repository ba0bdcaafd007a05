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
		sure bool
	}{
		{"same email", person(2, "Marie", "Martin", "Famille.Dupont@example.fr", "", "", 0, false), []string{SameEmail}, true},
		{"same email, first name unknown", person(2, "", "Dupont", "famille.dupont@example.fr", "", "", 0, false), []string{SameEmail}, true},
		{"same email, other first name", person(2, "Jean", "Dupont", "famille.dupont@example.fr", "", "", 0, false), []string{SameEmail}, false},
		{"same mobile", person(2, "Marie", "Dupont", "", "06 12 34 56 78", "", 0, false), []string{SamePhone}, true},
		{"mobile given as landline", person(2, "Marie", "", "", "", "+33612345678", 0, false), []string{SamePhone}, true},
		{"same landline, other first name", person(2, "Jean", "Dupont", "", "", "04 76 00 00 00", 0, false), []string{SamePhone}, false},
		{"same name and birth date", person(2, "Marie", "DUPONT", "", "", "", born, false), []string{SameNameBirth}, true},
		{"same name and birth date, accents", person(2, "Marié", "Dupont", "", "", "", born, false), []string{SameNameBirth}, true},
		{"homonym without birth date", person(2, "Marie", "Dupont", "", "", "", 0, false), nil, false},
		{"homonym born another day", person(2, "Marie", "Dupont", "", "", "", NewDate(1982, 1, 3), false), nil, false},
		{"everything in common", person(2, "Marie", "Dupont", "famille.dupont@example.fr", "0612345678", "", born, false), []string{SameEmail, SamePhone, SameNameBirth}, true},
		{"archived is the same person", person(2, "Marie", "Dupont", "famille.dupont@example.fr", "", "", 0, true), []string{SameEmail}, true},
		{"a fiche is not its own duplicate", person(1, "Marie", "Dupont", "famille.dupont@example.fr", "", "", born, false), nil, false},
		{"nothing in common", person(2, "Paul", "Durand", "paul@example.fr", "0700000000", "", born, false), nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, sure := SamePerson(&marie, &c.b)
			if !slices.Equal(got, c.want) || sure != c.sure {
				t.Fatalf("SamePerson = %q, %v; want %q, %v", got, sure, c.want, c.sure)
			}
			if back, backSure := SamePerson(&c.b, &marie); !slices.Equal(back, got) || backSure != sure {
				t.Fatalf("not symmetric: %q %v then %q %v", got, sure, back, backSure)
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
