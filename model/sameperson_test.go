package model

import (
	"slices"
	"testing"
)

func TestSamePerson(t *testing.T) {
	born := NewDate(1970, 5, 12)
	// Identities are folded (the search index folds them: store's tests
	// check the rule on fiches as typed). Archived fiches: an Identity has no
	// such flag, so the rule cannot set them apart;
	// store's TestDuplicatesIncludeArchivedFiches checks its three callers.
	person := func(id PersonID, first, last, email, mobile, landline string, birth Date) Identity {
		name := last
		if first != "" {
			name += " " + first
		}
		return Identity{ID: id, Name: name, FirstName: first, Email: email, Mobile: mobile, Landline: landline, BirthDate: birth}
	}
	marie := person(1, "marie", "dupont", "famille.dupont@example.fr", "0612345678", "0476000000", born)
	for _, c := range []struct {
		name string
		b    Identity
		want []string
		sure bool
	}{
		{"same email", person(2, "marie", "martin", "famille.dupont@example.fr", "", "", 0), []string{SameEmail}, true},
		{"same email, first name unknown", person(2, "", "dupont", "famille.dupont@example.fr", "", "", 0), []string{SameEmail}, true},
		{"same email, other first name", person(2, "jean", "dupont", "famille.dupont@example.fr", "", "", 0), []string{SameEmail}, false},
		{"same mobile", person(2, "marie", "dupont", "", "0612345678", "", 0), []string{SamePhone}, true},
		{"mobile given as landline", person(2, "marie", "", "", "", "0612345678", 0), []string{SamePhone}, true},
		{"same landline, other first name", person(2, "jean", "dupont", "", "", "0476000000", 0), []string{SamePhone}, false},
		{"same name and birth date", person(2, "marie", "dupont", "", "", "", born), []string{SameNameBirth}, true},
		{"same name and birth date, other email", person(2, "marie", "dupont", "marie.dupont@example.fr", "", "", born), []string{SameNameBirth}, true},
		{"homonym without birth date", person(2, "marie", "dupont", "", "", "", 0), nil, false},
		{"homonym born another day", person(2, "marie", "dupont", "", "", "", NewDate(1982, 1, 3)), nil, false},
		{"everything in common", person(2, "marie", "dupont", "famille.dupont@example.fr", "0612345678", "", born), []string{SameEmail, SamePhone, SameNameBirth}, true},
		{"a fiche is not its own duplicate", person(1, "marie", "dupont", "famille.dupont@example.fr", "", "", born), nil, false},
		{"nothing in common", person(2, "paul", "durand", "paul@example.fr", "0700000000", "", born), nil, false},
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
