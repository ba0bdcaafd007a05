package model

import (
	"reflect"
	"strings"
	"testing"
)

var testToday = NewDate(2025, 6, 15)

// validPerson is a minimal fiche NormalizePerson accepts.
func validPerson() Person {
	return Person{
		Kind:      KindAdherent,
		Status:    StatusActif,
		FirstName: "Émilie",
		LastName:  "Dupont",
		Org:       Org{Federation: 1, Section: 2, Cell: 3},
	}
}

func TestNormalizePersonValid(t *testing.T) {
	p := validPerson()
	if errs := NormalizePerson(&p, testToday); errs != nil {
		t.Fatalf("valid person rejected: %v", errs)
	}
	if err := NormalizePerson(&p, testToday).Err(); err != nil {
		t.Fatalf("Err() of no errors = %v, want nil", err)
	}
}

func TestNormalizePersonCleans(t *testing.T) {
	// Each field as typed, then as stored.
	texts := []struct{ key, typed, stored string }{
		{FieldFirstName, "  Jean\tLuc ", "Jean Luc"},
		{FieldLastName, "Dupont\x1b[31m", "Dupont"},
		{FieldMemberNumber, " 38-0042 ", "38-0042"},
		{FieldStreet, " 12  rue\nde la Paix ", "12 rue de la Paix"},
		{FieldPostalCode, " 38 000", "38000"},
		{FieldCommune, "\ufeffGrenoble", "Grenoble"},
		{FieldQuartier, " Centre\x07 ", "Centre"},
		{FieldCirco, " 1re ", "1re"},
		{FieldMobile, "06 12 34 56 78", "+33612345678"},
		{FieldLandline, "+33 (0)4 76 12 34 56", "+33476123456"},
		{FieldEmail, " Emilie.Dupont@Exemple.FR ", "emilie.dupont@exemple.fr"},
		{FieldProfession, "Infirmière\u00a0", "Infirmière"},
		{FieldEmployer, " CHU ", "CHU"},
		{FieldSource, " pétition ", "pétition"},
		{FieldNotes, "  Première ligne\x1b[2J\r\n\tseconde ligne  \n\n", "Première ligne\n seconde ligne"},
	}
	lists := []struct {
		key           string
		typed, stored []string
	}{
		{FieldInterests, []string{" écologie ", "", "Écologie", "logement", "  ", "logement", "Santé\x1b[0m"}, []string{"écologie", "logement", "Santé"}},
		{FieldOffices, []string{"", " "}, nil},
		{FieldUnions, []string{"CGT", "cgt", " FSU"}, []string{"CGT", "FSU"}},
		{FieldAssociations, nil, nil},
	}
	p, want := validPerson(), validPerson()
	for _, c := range texts {
		*FieldFor(c.key).Str(&p) = c.typed
		*FieldFor(c.key).Str(&want) = c.stored
	}
	for _, c := range lists {
		*FieldFor(c.key).ListPtr(&p) = c.typed
		*FieldFor(c.key).ListPtr(&want) = c.stored
	}
	p.Status = 0
	shared := p.Interests

	if errs := NormalizePerson(&p, testToday); errs != nil {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("NormalizePerson:\n got %+v\nwant %+v", p, want)
	}
	if shared[0] != " écologie " {
		t.Errorf("NormalizePerson wrote into the caller's slice: %q", shared)
	}

	// Normalising again changes nothing.
	again := p.Clone()
	if errs := NormalizePerson(&again, testToday); errs != nil || !reflect.DeepEqual(again, p) {
		t.Errorf("NormalizePerson not idempotent: %v\n got %+v\nwant %+v", errs, again, p)
	}
}

func TestNormalizePersonErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(p *Person)
		field string
		msg   string
	}{
		{"no last name", func(p *Person) { p.LastName = "  " }, FieldLastName, "le nom est obligatoire"},
		{"last name only controls", func(p *Person) { p.LastName = "\x1b[31m" }, FieldLastName, "le nom est obligatoire"},
		{"no kind", func(p *Person) { p.Kind = 0 }, FieldKind, "le type de fiche est obligatoire"},
		{"bad kind", func(p *Person) { p.Kind = 9 }, FieldKind, "type de fiche inconnu"},
		{"bad status", func(p *Person) { p.Status = 9 }, FieldStatus, "statut inconnu"},
		{"bad civility", func(p *Person) { p.Civility = 7 }, FieldCivility, "civilité inconnue"},
		{"bad gender", func(p *Person) { p.Gender = 7 }, FieldGender, "genre inconnu"},
		{"bad pcs", func(p *Person) { p.PCS = 42 }, FieldPCS, "catégorie socio-professionnelle inconnue"},
		{"birth in future", func(p *Person) { p.BirthDate = NewDate(2025, 6, 16) }, FieldBirthDate, "la date de naissance est dans le futur"},
		{"birth 31/02", func(p *Person) { p.BirthDate = NewDate(1990, 2, 31) }, FieldBirthDate, "date de naissance invalide"},
		{"age 121", func(p *Person) { p.BirthDate = NewDate(1904, 6, 15) }, FieldBirthDate, "date de naissance improbable : plus de 120 ans"},
		{"join in future", func(p *Person) { p.JoinDate = NewDate(2026, 1, 1) }, FieldJoinDate, "la date d'adhésion est dans le futur"},
		{"join invalid", func(p *Person) { p.JoinDate = NewDate(2020, 13, 1) }, FieldJoinDate, "date d'adhésion invalide"},
		{"join before birth", func(p *Person) {
			p.BirthDate = NewDate(1990, 1, 1)
			p.JoinDate = NewDate(1989, 1, 1)
		}, FieldJoinDate, "la date d'adhésion précède la date de naissance"},
		{"join date on contact", func(p *Person) {
			p.Kind = KindContact
			p.JoinDate = NewDate(2020, 1, 1)
		}, FieldJoinDate, "la date d'adhésion ne concerne que les adhérents"},
		{"member number on contact", func(p *Person) {
			p.Kind = KindContact
			p.MemberNumber = "123"
		}, FieldMemberNumber, "le numéro d'adhérent ne concerne que les adhérents"},
		{"member number on compagnon", func(p *Person) {
			p.Kind = KindCompagnon
			p.MemberNumber = "123"
		}, FieldMemberNumber, "le numéro d'adhérent ne concerne que les adhérents"},
		{"no federation", func(p *Person) { p.Org = Org{} }, FieldFederation, "la fédération est obligatoire"},
		{"cell without section", func(p *Person) { p.Org = Org{Federation: 1, Cell: 3} }, FieldSection, "la section est obligatoire quand une cellule est choisie"},
		{"consent in future", func(p *Person) { p.Consent.Date = NewDate(2030, 1, 1) }, FieldConsentDate, "la date du consentement est dans le futur"},
		{"mobile with letters", func(p *Person) { p.Mobile = "06 12 AB 56 78" }, FieldMobile, "numéro de téléphone invalide : il contient des lettres"},
		{"landline too short", func(p *Person) { p.Landline = "04 76 12 34" }, FieldLandline, "numéro de téléphone invalide : pas assez de chiffres (10 attendus)"},
		{"bad email", func(p *Person) { p.Email = "Bob <bob@exemple.fr>" }, FieldEmail, "courriel invalide : indiquez l'adresse seule, sans nom (prenom.nom@exemple.fr)"},
		{"bad postal code", func(p *Person) { p.Address.PostalCode = "8000" }, FieldPostalCode, "code postal invalide : 5 chiffres attendus (08000 ?)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validPerson()
			p.BirthDate = NewDate(1980, 5, 1)
			c.edit(&p)
			errs := NormalizePerson(&p, testToday)
			if len(errs) != 1 {
				t.Fatalf("got %d errors %v, want exactly one on %q", len(errs), errs, c.field)
			}
			if got := errs.For(c.field); got != c.msg {
				t.Errorf("For(%q) = %q, want %q (all: %v)", c.field, got, c.msg, errs)
			}
			if errs.Err() == nil {
				t.Error("Err() = nil with errors")
			}
		})
	}
}

func TestNormalizePersonBoundaries(t *testing.T) {
	ok := []func(p *Person){
		func(p *Person) { p.BirthDate = testToday },                     // born today
		func(p *Person) { p.BirthDate = NewDate(1905, 6, 15) },          // exactly 120
		func(p *Person) { p.JoinDate = testToday },                      // joined today
		func(p *Person) { p.MemberNumber = "" },                         // store assigns it
		func(p *Person) { p.Org = Org{Federation: 1} },                  // federation only
		func(p *Person) { p.Org = Org{Federation: 1, Section: 2} },      // no cell
		func(p *Person) { p.Kind = KindCompagnon; p.MemberNumber = "" }, // compagnon
		func(p *Person) { p.Mobile = "01 23 45 67 89" },                 // any valid number in either field
		func(p *Person) { p.Landline = "06 12 34 56 78" },
		func(p *Person) { p.Mobile = "+41 22 123 45 67" },
	}
	for i, edit := range ok {
		p := validPerson()
		edit(&p)
		if errs := NormalizePerson(&p, testToday); errs != nil {
			t.Errorf("case %d: unexpected errors %v", i, errs)
		}
	}

	// today == 0 skips the checks against today.
	p := validPerson()
	p.BirthDate = NewDate(2999, 1, 1)
	if errs := NormalizePerson(&p, 0); errs != nil {
		t.Errorf("today=0: unexpected errors %v", errs)
	}
}

func TestNormalizePersonKeepsBadValues(t *testing.T) {
	p := validPerson()
	p.Mobile = " 06 12 AB 56 78\x1b[0m "
	p.Email = " Bob@Exemple "
	p.Address.PostalCode = " 3800 "
	errs := NormalizePerson(&p, testToday)
	if len(errs) != 3 {
		t.Fatalf("got %v, want 3 errors", errs)
	}
	if p.Mobile != "06 12 AB 56 78" || p.Email != "Bob@Exemple" || p.Address.PostalCode != "3800" {
		t.Errorf("bad values not kept as typed: %q %q %q", p.Mobile, p.Email, p.Address.PostalCode)
	}
}

func TestNormalizePersonManyErrors(t *testing.T) {
	p := Person{BirthDate: NewDate(2030, 1, 1), Email: "x", Org: Org{Cell: 4}}
	errs := NormalizePerson(&p, testToday)
	fields := make([]string, len(errs))
	for i, e := range errs {
		fields[i] = e.Field
	}
	want := []string{FieldKind, FieldLastName, FieldBirthDate, FieldEmail, FieldFederation, FieldSection}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("fields = %v, want %v", fields, want)
	}
	if p.Status != StatusActif {
		t.Errorf("zero status not defaulted: %v", p.Status)
	}
	msg := errs.Error()
	for _, part := range []string{"Type de fiche : le type de fiche est obligatoire", "; Nom : le nom est obligatoire", "; Date de naissance : "} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() = %q, missing %q", msg, part)
		}
	}
	if errs.For(FieldNotes) != "" {
		t.Error("For on a field without error should be empty")
	}
	var none ValidationErrors
	if none.Err() != nil || none.For(FieldLastName) != "" || none.Error() != "" {
		t.Error("empty ValidationErrors misbehaves")
	}
}

func TestFieldLabels(t *testing.T) {
	for _, f := range Fields {
		if f.Label == "" || f.Short == "" {
			t.Errorf("no label for %q", f.Key)
		}
	}
	if FieldLabel(FieldLastName) != "Nom" || FieldLabel(FieldEmail) != "Courriel" || FieldLabel(FieldBirthDate) != "Date de naissance" {
		t.Error("unexpected labels")
	}
}
