package query

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"fichier/model"
)

func TestParseQueryCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   \t ", ""},
		{"  dupont  ", "dupont"},
		{"Dupont émilie", "Dupont émilie"},
		{"-dupont", "-dupont"},
		{"--dupont", `-"-dupont"`},
		{`"Émilie Dupont"`, `"Émilie Dupont"`},
		{`-"saint martin"`, `-"saint martin"`},
		{`"a\"b"`, `"a\"b"`},
		{`"dupont"`, "dupont"},
		{`"a:b"`, `"a:b"`},
		{"quartier:villeneuve", "quartier:villeneuve"},
		{"QUARTIER:Villeneuve", "quartier:Villeneuve"},
		{"quartiers:villeneuve", "quartier:villeneuve"},
		{"type:adh", "type:adhérent"},
		{"type:adhérente", "type:adhérent"},
		{"type:adherents", "type:adhérent"},
		{"type:adhérent,compagnon", "type:adhérent,compagnon"},
		{"type:cont,\"compagnon de route\"", "type:contact,compagnon"},
		{"type:compagnon-de-route", "type:compagnon"},
		{"statut:actif", "statut:actif"},
		{"statut:retard", "statut:retard"},
		{"statut:mute", "statut:muté"},
		{"statut:démissionnaires", "statut:démissionnaire"},
		{"statut:décédée", "statut:décédé"},
		{"genre:f", "genre:femme"},
		{"genre:h", "genre:homme"},
		{"genre:femme,autre", "genre:femme,autre"},
		{"genre:", "genre:"},
		{"pcs:1", "pcs:agriculteurs"},
		{"pcs:8", "pcs:sans-activité"},
		{"pcs:ouvriers", "pcs:ouvriers"},
		{"pcs:ouvrier", "pcs:ouvriers"},
		{"pcs:cadres", "pcs:cadres"},
		{"pcs:employées", "pcs:employés"},
		{"pcs:retraites", "pcs:retraités"},
		{"csp:intermediaires", "pcs:intermédiaires"},
		{"pcs:commerçants", "pcs:artisans"},
		{"pcs:sans-activité", "pcs:sans-activité"},
		{"interet:santé", "intérêt:santé"},
		{"intérêts:santé", "intérêt:santé"},
		{"tel:", "tél:"},
		{"-telephone:", "-tél:"},
		{"tél:06.12", "tél:0612"},
		{`tél:"06 12 34"`, "tél:061234"},
		{"tél:+33612", "tél:0612"},
		{"tél:0033612", "tél:0612"},
		{"tél:+41", "tél:0041"},
		{"tél:5678", "tél:5678"},
		{"email:gmail", "courriel:gmail"},
		{"e-mail:", "courriel:"},
		{"mail:x", "courriel:x"},
		{"-courriel:", "-courriel:"},
		{`courriel:""`, "courriel:"},
		{"age:40", "âge:40"},
		{"âge:=40", "âge:40"},
		{"âge:30-45", "âge:30-45"},
		{"âge:45-30", "âge:30-45"},
		{`âge:"30 - 45"`, "âge:30-45"},
		{"âge:>60", "âge:>60"},
		{"âge:<30", "âge:<30"},
		{"âge:>=60", "âge:>=60"},
		{"âge:≥60", "âge:>=60"},
		{"âge:=<60", "âge:<=60"},
		{"âge:<30,>60", "âge:<30,>60"},
		{"adhesion:<2015", "adhésion:<2015"},
		{"adhésion:2010-2015", "adhésion:2010-2015"},
		{"adhésion:>=2020", "adhésion:>=2020"},
		{"naissance:1960-1970", "naissance:1960-1970"},
		{"naissance:1/6/1980", "naissance:01/06/1980"},
		{"naissance:6/1980-1990", "naissance:06/1980-1990"},
		{"maj:<2025", "maj:<2025"},
		{"maj:>=1.11.2025", "maj:>=01/11/2025"},
		{"federation:38", "fédération:38"},
		{"fede:isère", "fédération:isère"},
		{"section:sud", "section:sud"},
		{"cellule:", "cellule:"},
		{"circonscription:3", "circo:3"},
		{"cp:38", "cp:38"},
		{`cp:"38 1"`, "cp:381"},
		{"numero:38-004", "numéro:38004"},
		{"id:18342", "id:18342"},
		{`id:"18 342"`, "id:18342"},
		{"id:1,2,3", "id:1,2,3"},
		{"npai:oui", "npai:oui"},
		{"npai:o", "npai:oui"},
		{"npai:non", "npai:non"},
		{"courrier:vrai", "courrier:oui"},
		{"nepasappeler:oui", "nepasappeler:oui"},
		{"ne-pas-appeler:non", "nepasappeler:non"},
		{"archive:oui", "archivé:oui"},
		{"archivé:tous", "archivé:tous"},
		{"consent:courriel", "consent:courriel"},
		{"consentement:tel,sms", "consent:téléphone,sms"},
		{"consent:", "consent:"},
		{"consent:courrier", "consent:courrier"},
		{"nom:dupont prenom:émilie", "nom:dupont prénom:émilie"},
		{"commune:\"Saint-Martin-d'Hères\"", "commune:Saint-Martin-d'Hères"},
		{`commune:"Le Pont-de-Claix",eybens`, `commune:"Le Pont-de-Claix",eybens`},
		{`commune:a:b`, `commune:"a:b"`},
		{`commune:-x`, `commune:-x`},
		{`profession:a\b`, `profession:a\b`},
		{`profession:"a b\\c"`, `profession:"a b\\c"`},
		{"mandat:maire syndicat:cgt asso:secours", "mandat:maire syndicat:cgt asso:secours"},
		{"association:x employeur:chu source:pétition", "asso:x employeur:chu source:pétition"},
		{"mobile: fixe:", "mobile: fixe:"},
		{"type:adhérent quartier:villeneuve -tél:", "type:adhérent quartier:villeneuve -tél:"},
		{"quartier:villeneuve\u00a0type:adh", "quartier:villeneuve type:adhérent"},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		q2, err := Parse(q.String())
		if err != nil || q2.String() != q.String() {
			t.Errorf("round trip of %q: %v, %q", q.String(), err, q2)
		}
		if q.Empty() != (tt.want == "") {
			t.Errorf("Parse(%q).Empty() = %v", tt.in, q.Empty())
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		want string // the whole Error()
	}{
		{"quartié:villeneuve", 1, "champ inconnu « quartié » (col. 1) — vouliez-vous quartier ?"},
		{"type:adhérent quartié:villeneuve", 15, "champ inconnu « quartié » (col. 15) — vouliez-vous quartier ?"},
		{"-quartié:x", 2, "champ inconnu « quartié » (col. 2) — vouliez-vous quartier ?"},
		{"interé:santé", 1, "champ inconnu « interé » (col. 1) — vouliez-vous intérêt ?"},
		{"prenon:x", 1, "champ inconnu « prenon » (col. 1) — vouliez-vous prénom ?"},
		{"tle:", 1, "champ inconnu « tle » (col. 1) — vouliez-vous tél ?"},
		{"xyz:1", 1, "champ inconnu « xyz » (col. 1)"},
		{"bidule:1", 1, "champ inconnu « bidule » (col. 1)"},
		{"âge:30-abc", 5, "plage invalide « 30-abc » (col. 5) : attendu âge:30-45, âge:<30 ou âge:>60"},
		{"âge:abc", 5, "plage invalide « abc » (col. 5) : attendu âge:30-45, âge:<30 ou âge:>60"},
		{"âge:>", 5, "plage invalide « > » (col. 5) : attendu âge:30-45, âge:<30 ou âge:>60"},
		{"âge:30-", 5, "plage invalide « 30- » (col. 5) : attendu âge:30-45, âge:<30 ou âge:>60"},
		{"âge:-30", 5, "plage invalide « -30 » (col. 5) : attendu âge:30-45, âge:<30 ou âge:>60"},
		{"âge:200", 5, "plage invalide « 200 » (col. 5) : attendu âge:30-45, âge:<30 ou âge:>60"},
		{"adhésion:15", 10, "plage invalide « 15 » (col. 10) : attendu adhésion:2010-2015, adhésion:<2015 ou adhésion:>=2020"},
		{"naissance:31/02/1980", 11, "plage invalide « 31/02/1980 » (col. 11) : attendu naissance:1960-1970, naissance:<1960 ou naissance:>=01/06/1980"},
		{"maj:2025/01", 5, "plage invalide « 2025/01 » (col. 5) : attendu maj:<2025, maj:2024 ou maj:>=01/11/2025"},
		{`commune:"Saint-Martin`, 9, `guillemet non fermé (col. 9) : ajoutez " à la fin de la valeur`},
		{`dupont "émilie`, 8, `guillemet non fermé (col. 8) : ajoutez " à la fin de la valeur`},
		{`a"b"`, 2, `guillemet au milieu d'un mot (col. 2) : mettez toute la valeur entre guillemets, par ex. commune:"Saint-Martin-d'Hères"`},
		{`commune:st"x"`, 11, `guillemet au milieu d'un mot (col. 11) : mettez toute la valeur entre guillemets, par ex. commune:"Saint-Martin-d'Hères"`},
		{`"a"b`, 4, "texte collé au guillemet fermant (col. 4) : ajoutez une espace après le guillemet"},
		{`commune:"a"b`, 12, "texte collé au guillemet fermant (col. 12) : ajoutez une espace ou une virgule après le guillemet"},
		{`""`, 1, `guillemets vides (col. 1) : attendu un nom entre les guillemets, par ex. "Émilie Dupont"`},
		{`commune:"a",""`, 13, "valeur vide entre guillemets (col. 13)"},
		{"dupont -", 8, "« - » seul (col. 8) : attendu -mot ou -champ:valeur, par ex. -courriel:"},
		{"--", 2, "mot sans lettre ni chiffre « - » (col. 2)"},
		{":x", 1, "nom de champ manquant avant « : » (col. 1) : attendu champ:valeur, par ex. quartier:villeneuve"},
		{"type:adh,", 9, "valeur manquante après la virgule (col. 9) : attendu champ:valeur1,valeur2"},
		{"type:adh,,contact", 9, "valeur manquante après la virgule (col. 9) : attendu champ:valeur1,valeur2"},
		{"type:,adh", 6, "valeur manquante avant la virgule (col. 6) : attendu champ:valeur1,valeur2"},
		{"type:c", 6, "valeur ambiguë « c » pour type (col. 6) : contact ou compagnon ?"},
		{"type:membres-actifs", 6, "valeur inconnue « membres-actifs » pour type (col. 6) : attendu contact, compagnon ou adhérent"},
		{"type:adherant", 6, "valeur inconnue « adherant » pour type (col. 6) : attendu contact, compagnon ou adhérent — vouliez-vous type:adhérent ?"},
		{"statut:x", 8, "valeur inconnue « x » pour statut (col. 8) : attendu actif, retard, muté, démissionnaire ou décédé"},
		{"pcs:9", 5, "valeur inconnue « 9 » pour pcs (col. 5) : attendu 1 à 8 ou agriculteurs, artisans, cadres, intermédiaires, employés, ouvriers, retraités ou sans-activité"},
		{"genre:x", 7, "valeur inconnue « x » pour genre (col. 7) : attendu femme, homme ou autre"},
		{"consent:cour", 9, "valeur ambiguë « cour » pour consent (col. 9) : courrier ou courriel ?"},
		{"npai:peut-être", 6, "valeur inconnue « peut-être » pour npai (col. 6) : attendu non ou oui"},
		{"npai:", 1, "valeur manquante après « npai: » (col. 1) : attendu npai:oui ou npai:non"},
		{"archivé:", 1, "valeur manquante après « archivé: » (col. 1) : attendu archivé:oui, archivé:non ou archivé:tous"},
		{"id:", 1, "valeur manquante après « id: » (col. 1) : attendu un identifiant de fiche, par ex. id:18342"},
		{"id:abc", 4, "identifiant invalide « abc » (col. 4) : attendu un numéro de fiche, par ex. id:18342"},
		{"id:0", 4, "identifiant invalide « 0 » (col. 4) : attendu un numéro de fiche, par ex. id:18342"},
		{"tél:abc", 5, "numéro invalide « abc » (col. 5) : attendu des chiffres, par ex. tél:0612 ou tél:5678"},
		{"mobile:06a", 8, "numéro invalide « 06a » (col. 8) : attendu des chiffres, par ex. mobile:06"},
		{"tél:+", 5, "numéro invalide « + » (col. 5) : attendu des chiffres, par ex. tél:0612 ou tél:5678"},
		{"quartier:-", 10, "valeur sans lettre ni chiffre « - » (col. 10)"},
		{"cotisation:payé-hier", 12, "valeur inconnue « payé-hier » pour cotisation (col. 12) : attendu à-jour, retard ou jamais"},
		{"cotisé:26", 8, "année invalide « 26 » (col. 8) : attendu une année, par ex. cotisé:2026"},
		{"retard:beaucoup", 8, "plage invalide « beaucoup » (col. 8) : attendu retard:>3, retard:6 ou retard:6-12"},
		{"zz:x", 1, "champ inconnu « zz » (col. 1)"},
		{"éé:x", 1, "champ inconnu « éé » (col. 1) — vouliez-vous naissance ?"},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) = %q, want an error", tt.in, q)
			continue
		}
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%q): error %T is not a *Error", tt.in, err)
			continue
		}
		if qe.Pos != tt.pos || qe.Len < 1 {
			t.Errorf("Parse(%q): Pos %d Len %d, want Pos %d", tt.in, qe.Pos, qe.Len, tt.pos)
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestQueryErrorSuggestionField(t *testing.T) {
	_, err := Parse("dupont quartié:x")
	var qe *Error
	if !errors.As(err, &qe) || qe.Suggestion != "quartier" || qe.Msg != "champ inconnu « quartié »" || qe.Pos != 8 || qe.Len != 7 {
		t.Fatalf("got %#v", err)
	}
}

func TestQueryFieldsTable(t *testing.T) {
	want := []string{"type", "statut", "section", "cellule", "fédération", "commune", "quartier", "circo", "cp",
		"profession", "pcs", "employeur", "intérêt", "mandat", "syndicat", "asso", "source", "tél", "mobile", "fixe",
		"courriel", "âge", "naissance", "adhésion", "genre", "npai", "courrier", "nepasappeler", "consent", "numéro",
		"id", "maj", "archivé", "nom", "prénom", "cotisation", "cotisé", "retard"}
	have := map[string]bool{}
	for _, f := range Fields() {
		have[f.Name] = true
		if f.Help == "" {
			t.Errorf("field %s has no help", f.Name)
		}
	}
	for _, n := range want {
		if !have[n] {
			t.Errorf("field %s missing", n)
		}
	}
	for _, alias := range []string{"interet", "intérêts", "tel", "telephone", "email", "mail", "e-mail", "age",
		"adhesion", "federation", "fede", "circonscription", "association", "Quartier", "PRÉNOM", "code_postal"} {
		if qLookupField(alias) == nil {
			t.Errorf("alias %q not accepted", alias)
		}
	}
}

// ---------------------------------------------------------------------------
// Matching

var (
	qtToday = model.NewDate(2025, 11, 25)
	qtUnits = []model.Unit{
		{ID: 1, Level: model.LevelFederation, Path: model.Org{Federation: 1}, Name: "Isère", Code: "38"},
		{ID: 2, Level: model.LevelFederation, Path: model.Org{Federation: 2}, Name: "Rhône", Code: "69"},
		{ID: 10, Level: model.LevelSection, Path: model.Org{Federation: 1, Section: 10, Cell: 0}, Name: "Sud-Grenoblois"},
		{ID: 12, Level: model.LevelSection, Path: model.Org{Federation: 1, Section: 12, Cell: 0}, Name: "Saint-Martin-d'Hères"},
		{ID: 13, Level: model.LevelSection, Path: model.Org{Federation: 1, Section: 13, Cell: 0}, Name: "Grenoble Centre"},
		{ID: 20, Level: model.LevelSection, Path: model.Org{Federation: 2, Section: 20, Cell: 0}, Name: "Lyon 8e"},
		{ID: 11, Level: model.LevelCell, Path: model.Org{Federation: 1, Section: 10, Cell: 11}, Name: "Échirolles Centre"},
		{ID: 14, Level: model.LevelCell, Path: model.Org{Federation: 1, Section: 10, Cell: 14}, Name: "Villeneuve"},
		{ID: 15, Level: model.LevelCell, Path: model.Org{Federation: 1, Section: 10, Cell: 15}, Name: "Villeneuve Sud"},
		{ID: 2000000, Level: model.LevelCell, Path: model.Org{Federation: 2, Section: 20, Cell: 2000000}, Name: "Monplaisir"},
	}
)

func qtPeople() []model.Person {
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.Local) }
	return []model.Person{
		{
			ID: 1, Kind: model.KindAdherent, Status: model.StatusActif, MemberNumber: "38-004512",
			FirstName: "Émilie", LastName: "DUPONT-MARTIN", BirthDate: model.NewDate(1980, 5, 10), Gender: model.GenderFemale,
			Address:  model.Address{Street: "3 rue des Lilas", PostalCode: "38320", Commune: "Eybens"},
			Quartier: "Le Village", Circonscription: "Isère 3e", Landline: "+33476000000",
			Profession: "Infirmière", PCS: model.PCSIntermediaires, Employer: "CHU Grenoble Alpes", JoinDate: model.NewDate(2011, 3, 14),
			Org:       model.Org{Federation: 1, Section: 10, Cell: 0},
			Interests: []string{"Santé", "Logement"}, ElectedOffices: []string{"Conseillère municipale"},
			Unions: []string{"CGT"}, Associations: []string{"Secours populaire"},
			Source:      "Pétition Hôpital Sud 2026",
			Consent:     model.Consent{Date: model.NewDate(2026, 3, 12), Channels: model.ChannelCourrier | model.ChannelCourriel | model.ChannelTelephone},
			Preferences: model.Preferences{LetterOnPaper: true},
			UpdatedAt:   at(2025, 6, 1),
		},
		{
			ID: 2, Kind: model.KindAdherent, Status: model.StatusEnRetard, MemberNumber: "38-010001",
			FirstName: "Samira", LastName: "BENALI", BirthDate: model.NewDate(1995, 11, 25), Gender: model.GenderFemale,
			Address:  model.Address{PostalCode: "38130", Commune: "Échirolles"},
			Quartier: "Villeneuve", Circonscription: "Isère 2e", Mobile: "+33612345678", Email: "Samira.Benali@example.fr",
			Profession: "Secrétaire médicale", PCS: model.PCSEmployes, JoinDate: model.NewDate(2020, 1, 15),
			Org:       model.Org{Federation: 1, Section: 10, Cell: 11},
			Interests: []string{"Éducation", "Santé publique"},
			Consent:   model.Consent{Channels: model.ChannelSMS | model.ChannelCourriel},
			UpdatedAt: at(2025, 11, 2),
		},
		{
			ID: 3, Kind: model.KindCompagnon, Status: model.StatusActif,
			FirstName: "Jean-Pierre", LastName: "Lefèvre", BirthDate: model.NewDate(1950, 11, 26), Gender: model.GenderMale,
			Address:  model.Address{PostalCode: "38400", Commune: "Saint-Martin-d'Hères"},
			Quartier: "Renaudie", Circonscription: "Isère 13e", Mobile: "+33698765432", Landline: "+33476123456",
			Profession: "Retraité (cheminot)", PCS: model.PCSRetraites,
			Org:         model.Org{Federation: 1, Section: 12, Cell: 0},
			Unions:      []string{"SUD Rail"},
			Preferences: model.Preferences{NPAI: true, DoNotCall: true},
			UpdatedAt:   at(2024, 12, 31),
		},
		{
			ID: 4, Kind: model.KindContact, Status: model.StatusActif,
			FirstName: "Françoise", LastName: "Roux",
			Address: model.Address{PostalCode: "38000", Commune: "Grenoble"},
			Email:   "f.roux@example.org", Source: "Fête de la rose 2025",
			Org: model.Org{Federation: 1, Section: 13, Cell: 0},
		},
		{
			ID: 5, Kind: model.KindAdherent, Status: model.StatusDemissionnaire, Archived: true,
			FirstName: "Marc", LastName: "Archambault", BirthDate: model.NewDate(1970, 1, 1), Gender: model.GenderMale,
			Address: model.Address{PostalCode: "38100", Commune: "Grenoble"}, JoinDate: model.NewDate(1998, 9, 1),
			Org: model.Org{Federation: 1, Section: 13, Cell: 0},
		},
		{
			ID: 6, Kind: model.KindAdherent, Status: model.StatusMute, MemberNumber: "69-000042",
			FirstName: "Léa", LastName: "Nguyen", BirthDate: model.NewDate(2001, 2, 28), Gender: model.GenderOther,
			Address: model.Address{PostalCode: "69008", Commune: "Lyon"},
			Mobile:  "+41791234567", Email: "lea@example.ch", PCS: model.PCSCadres, Employer: "Université Lyon 2",
			JoinDate: model.NewDate(2022, 10, 1),
			Org:      model.Org{Federation: 2, Section: 20, Cell: 2000000},
			Consent:  model.Consent{Channels: model.ChannelTelephone},
		},
	}
}

// qtMatch runs query over the test people and returns the matching IDs.
func qtMatch(t *testing.T, query string) []model.PersonID {
	t.Helper()
	q, err := Parse(query)
	if err != nil {
		t.Fatalf("Parse(%q): %v", query, err)
	}
	m, err := q.Bind(Env{Today: qtToday, Units: qtUnits})
	if err != nil {
		t.Fatalf("Bind(%q): %v", query, err)
	}
	var ids []model.PersonID
	for _, p := range qtPeople() {
		f := NewRow(&p)
		if m.Match(&f) {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

func TestQueryMatchFields(t *testing.T) {
	tests := []struct {
		query string
		want  []model.PersonID
	}{
		// empty query: everyone but the archived
		{"", []model.PersonID{1, 2, 3, 4, 6}},
		{"   ", []model.PersonID{1, 2, 3, 4, 6}},
		// free words: prefix of a word of the name or commune
		{"dupont", []model.PersonID{1}},
		{"DUPONT-MARTIN", []model.PersonID{1}},
		{"martin", []model.PersonID{1, 3}}, // DUPONT-MARTIN, Saint-Martin-d'Hères
		{"emil", []model.PersonID{1}},
		{"Émilie", []model.PersonID{1}},
		{"milie", nil}, // not a word prefix
		{"dupont emilie", []model.PersonID{1}},
		{`"emilie dupont"`, []model.PersonID{1}},
		{`"dupont martin emilie"`, []model.PersonID{1}},
		{`"martin emilie"`, []model.PersonID{1}},
		{`"emilie martin"`, nil},
		{"jean-pierre", []model.PersonID{3}},
		{"pierre", []model.PersonID{3}},
		{"lefevre", []model.PersonID{3}},
		{"grenoble", []model.PersonID{4}},
		{"echi", []model.PersonID{2}},
		{"heres", []model.PersonID{3}},
		{"d'heres", []model.PersonID{3}},
		{"-grenoble", []model.PersonID{1, 2, 3, 6}},
		{"-dupont -benali", []model.PersonID{3, 4, 6}},
		// type, statut
		{"type:adh", []model.PersonID{1, 2, 6}},
		{"type:adhérente", []model.PersonID{1, 2, 6}},
		{"type:contact", []model.PersonID{4}},
		{"type:compagnon", []model.PersonID{3}},
		{"type:adhérent,compagnon", []model.PersonID{1, 2, 3, 6}},
		{"-type:adh", []model.PersonID{3, 4}},
		{"statut:actif", []model.PersonID{1, 3, 4}},
		{"statut:retard", []model.PersonID{2}},
		{"statut:muté", []model.PersonID{6}},
		{"statut:démissionnaire archivé:oui", []model.PersonID{5}},
		{"statut:décédé", nil},
		// archived
		{"archivé:oui", []model.PersonID{5}},
		{"archivé:tous", []model.PersonID{1, 2, 3, 4, 5, 6}},
		{"archivé:non", []model.PersonID{1, 2, 3, 4, 6}},
		{"archivé:oui,non", []model.PersonID{1, 2, 3, 4, 5, 6}},
		{"-archivé:oui", []model.PersonID{1, 2, 3, 4, 6}},
		{"-archivé:non", []model.PersonID{5}},
		{"grenoble archivé:tous", []model.PersonID{4, 5}},
		// organisation
		{"fédération:38", []model.PersonID{1, 2, 3, 4}},
		{"fédération:isere", []model.PersonID{1, 2, 3, 4}},
		{"fede:rhône", []model.PersonID{6}},
		{"fédération:69,38", []model.PersonID{1, 2, 3, 4, 6}},
		{"-fédération:38", []model.PersonID{6}},
		{"fédération:", nil},
		{"section:sud-grenoblois", []model.PersonID{1, 2}},
		{"section:sud", []model.PersonID{1, 2}},
		{"section:SUD", []model.PersonID{1, 2}},
		{`section:"saint martin"`, []model.PersonID{3}},
		{"section:grenob", []model.PersonID{1, 2, 4}}, // Sud-Grenoblois and Grenoble Centre
		{"section:lyon", []model.PersonID{6}},
		{"section:", nil},
		{"cellule:", []model.PersonID{1, 3, 4}},
		{"type:adh cellule:", []model.PersonID{1}},
		{"-cellule:", []model.PersonID{2, 6}},
		{"cellule:echirolles", []model.PersonID{2}},
		{"cellule:monplaisir", []model.PersonID{6}},
		{"cellule:monplaisir,échirolles", []model.PersonID{2, 6}},
		{"cellule:villeneuve", nil}, // exact name wins over "Villeneuve Sud"; nobody in it
		// address
		{"commune:grenoble", []model.PersonID{4}},
		{"commune:eybens,échirolles", []model.PersonID{1, 2}},
		{`commune:"Saint-Martin-d'Hères"`, []model.PersonID{3}},
		{`commune:"saint martin d heres"`, []model.PersonID{3}},
		{"commune:saint-martin", []model.PersonID{3}},
		{"commune:", nil},
		{"quartier:villeneuve", []model.PersonID{2}},
		{"quartier:village", []model.PersonID{1}},
		{"quartier:", []model.PersonID{4, 6}},
		{"-quartier:", []model.PersonID{1, 2, 3}},
		{"circo:3", []model.PersonID{1}},
		{"circo:13", []model.PersonID{3}},
		{"circo:03", []model.PersonID{1}},
		{"circo:isère", []model.PersonID{1, 2, 3}},
		{"circo:2e", []model.PersonID{2}},
		{"circo:", []model.PersonID{4, 6}},
		{"cp:38", []model.PersonID{1, 2, 3, 4}},
		{"cp:381", []model.PersonID{2}},
		{"cp:69008", []model.PersonID{6}},
		{`cp:"38 3"`, []model.PersonID{1}},
		// names
		{"nom:dupont", []model.PersonID{1}},
		{"nom:martin", []model.PersonID{1}},
		{"nom:emilie", nil},
		{"prénom:émilie", []model.PersonID{1}},
		{"prénom:pierre", []model.PersonID{3}},
		{"prénom:dupont", nil},
		// personal
		{"genre:f", []model.PersonID{1, 2}},
		{"genre:homme", []model.PersonID{3}},
		{"genre:autre", []model.PersonID{6}},
		{"genre:", []model.PersonID{4}},
		{"âge:40", nil},
		{"âge:45", []model.PersonID{1}},
		{"âge:30", []model.PersonID{2}}, // 30 today
		{"âge:74", []model.PersonID{3}}, // 75 tomorrow
		{"âge:24", []model.PersonID{6}}, // born 28/02/2001
		{"âge:30-45", []model.PersonID{1, 2}},
		{"âge:>60", []model.PersonID{3}},
		{"âge:>=74", []model.PersonID{3}},
		{"âge:>74", nil},
		{"âge:<30", []model.PersonID{6}},
		{"âge:<=30", []model.PersonID{2, 6}},
		{"âge:<30,>60", []model.PersonID{3, 6}},
		{"âge:", []model.PersonID{4}},
		{"-âge:", []model.PersonID{1, 2, 3, 6}},
		{"-âge:>60", []model.PersonID{1, 2, 4, 6}}, // unknown ages included
		{"naissance:1960-1970", nil},
		{"naissance:1980", []model.PersonID{1}},
		{"naissance:1950-1980", []model.PersonID{1, 3}},
		{"naissance:<1960", []model.PersonID{3}},
		{"naissance:>=01/06/1980", []model.PersonID{2, 6}},
		{"naissance:>=10/05/1980", []model.PersonID{1, 2, 6}},
		{"naissance:>10/05/1980", []model.PersonID{2, 6}},
		{"naissance:05/1980", []model.PersonID{1}},
		{"naissance:<=02/2001", []model.PersonID{1, 2, 3, 6}},
		{"naissance:<02/2001", []model.PersonID{1, 2, 3}},
		{"naissance:", []model.PersonID{4}},
		// work
		{"profession:infirm", []model.PersonID{1}},
		{"profession:retraite", []model.PersonID{3}},
		{"profession:", []model.PersonID{4, 6}},
		{"pcs:intermédiaires", []model.PersonID{1}},
		{"pcs:4", []model.PersonID{1}},
		{"pcs:employes", []model.PersonID{2}},
		{"pcs:cadres", []model.PersonID{6}},
		{"pcs:retraités", []model.PersonID{3}},
		{"pcs:ouvriers", nil},
		{"pcs:", []model.PersonID{4}},
		{"employeur:chu", []model.PersonID{1}},
		{"employeur:universite", []model.PersonID{6}},
		// engagement
		{"intérêt:santé", []model.PersonID{1, 2}},
		{"interet:sante", []model.PersonID{1, 2}},
		{"intérêt:logement,éducation", []model.PersonID{1, 2}},
		{"type:adh intérêt:santé", []model.PersonID{1, 2}},
		{"intérêt:", []model.PersonID{3, 4, 6}},
		{"mandat:conseill", []model.PersonID{1}},
		{"mandat:", []model.PersonID{2, 3, 4, 6}},
		{"syndicat:cgt", []model.PersonID{1}},
		{"syndicat:sud", []model.PersonID{3}},
		{"asso:secours", []model.PersonID{1}},
		{"source:petition", []model.PersonID{1}},
		{"source:rose", []model.PersonID{4}},
		{"source:", []model.PersonID{2, 3, 6}},
		// phones
		{"tél:", []model.PersonID{4}},
		{"-tél:", []model.PersonID{1, 2, 3, 6}},
		{"tél:0612", []model.PersonID{2}},
		{"tél:06", []model.PersonID{2, 3}},
		{"tél:0476", []model.PersonID{1, 3}},
		{"tél:5678", []model.PersonID{2}},
		{`tél:"+33 6 12"`, []model.PersonID{2}},
		{"tél:0041", []model.PersonID{6}},
		{`tél:"+41 79"`, []model.PersonID{6}},
		{"mobile:", []model.PersonID{1, 4}},
		{"-mobile:", []model.PersonID{2, 3, 6}},
		{"mobile:0476", nil},
		{"fixe:0476", []model.PersonID{1, 3}},
		{"fixe:", []model.PersonID{2, 4, 6}},
		// email
		{"courriel:", []model.PersonID{1, 3}},
		{"-courriel:", []model.PersonID{2, 4, 6}},
		{"courriel:benali", []model.PersonID{2}},
		{"courriel:BENALI@", []model.PersonID{2}},
		{"courriel:.ch", []model.PersonID{6}},
		{"type:adh courriel:", []model.PersonID{1}},
		// membership
		{"adhésion:<2015", []model.PersonID{1}},
		{"adhésion:2010-2015", []model.PersonID{1}},
		{"adhésion:>=2020", []model.PersonID{2, 6}},
		{"adhésion:2020", []model.PersonID{2}},
		{"adhésion:", []model.PersonID{3, 4}},
		{"numéro:38", []model.PersonID{1, 2}},
		{"numéro:38-0045", []model.PersonID{1}},
		{"numéro:380045", []model.PersonID{1}},
		{"numéro:", []model.PersonID{3, 4}},
		{"id:3", []model.PersonID{3}},
		{"id:1,6", []model.PersonID{1, 6}},
		{"id:5", nil},
		{"id:5 archivé:oui", []model.PersonID{5}},
		{"-id:3", []model.PersonID{1, 2, 4, 6}},
		{"maj:<2025", []model.PersonID{3}},
		{"maj:2025", []model.PersonID{1, 2}},
		{"maj:>=01/11/2025", []model.PersonID{2}},
		{"maj:", []model.PersonID{4, 6}},
		// preferences and consent
		{"npai:oui", []model.PersonID{3}},
		{"npai:non", []model.PersonID{1, 2, 4, 6}},
		{"-npai:oui", []model.PersonID{1, 2, 4, 6}},
		{"courrier:oui", []model.PersonID{1}},
		{"type:adh courrier:non", []model.PersonID{2, 6}},
		{"nepasappeler:oui", []model.PersonID{3}},
		{"-tél: nepasappeler:non", []model.PersonID{1, 2, 6}},
		{"consent:courriel", []model.PersonID{1, 2}},
		{"consent:téléphone", []model.PersonID{1, 6}},
		{"consent:sms", []model.PersonID{2}},
		{"consent:courrier", []model.PersonID{1}},
		{"consent:sms,courrier", []model.PersonID{1, 2}},
		{"consent:courriel consent:téléphone", []model.PersonID{1}},
		{"consent:", []model.PersonID{3, 4}},
		// combinations from the organisers' jobs
		{"quartier:villeneuve type:adhérent intérêt:santé -courriel:", []model.PersonID{2}},
		{"quartier:villeneuve type:adhérent intérêt:santé courriel:", nil},
		{"type:adhérent courrier:oui npai:non", []model.PersonID{1}},
		{"type:adh courriel: npai:non", []model.PersonID{1}},
		{"type:adh -courriel:", []model.PersonID{2, 6}},
		{"circo:2 type:adh,compagnon", []model.PersonID{2}},
	}
	for _, tt := range tests {
		got := qtMatch(t, tt.query)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%-40q matched %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestQueryBindErrors(t *testing.T) {
	env := Env{Today: qtToday, Units: qtUnits}
	tests := []struct {
		query string
		want  string
	}{
		{"section:xyz", "section inconnue « xyz » (col. 9)"},
		{"type:adh section:sud-grenobloi", "section:sud-grenobloi"}, // substring: fine
		{"section:sud-grenobles", "section inconnue « sud-grenobles » (col. 9) — vouliez-vous section:Sud-Grenoblois ?"},
		{"cellule:echirolle-centr", "cellule inconnue « echirolle-centr » (col. 9) — vouliez-vous cellule:\"Échirolles Centre\" ?"},
		{"fédération:74", "fédération inconnue « 74 » (col. 12)"},
		{"section:38", "section inconnue « 38 » (col. 9)"}, // codes are per level
		{"section:sud,xyz", "section inconnue « xyz » (col. 13)"},
	}
	for _, tt := range tests {
		q, err := Parse(tt.query)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.query, err)
		}
		m, err := q.Bind(env)
		if strings.Contains(tt.want, "inconnue") {
			var qe *Error
			if m != nil || !errors.As(err, &qe) || err.Error() != tt.want {
				t.Errorf("Bind(%q) = %v, %v; want %s", tt.query, m, err, tt.want)
			}
		} else if err != nil {
			t.Errorf("Bind(%q): %v", tt.query, err)
		}
	}
	// no units at all: every unit name is unknown
	q, _ := Parse("section:sud")
	if _, err := q.Bind(Env{}); err == nil {
		t.Error("Bind without units: want an error")
	}
	// the empty forms need no unit
	q, _ = Parse("section: cellule: fédération:")
	if _, err := q.Bind(Env{}); err != nil {
		t.Error(err)
	}
}

func TestQueryBindNilAndDefaults(t *testing.T) {
	var q *Query
	if !q.Empty() || q.String() != "" {
		t.Error("nil query")
	}
	m, err := q.Bind(Env{})
	if err != nil {
		t.Fatal(err)
	}
	p := model.Person{ID: 1, Kind: model.KindContact}
	f := NewRow(&p)
	if !m.Match(&f) {
		t.Error("nil query should match")
	}
	p.Archived = true
	f = NewRow(&p)
	if m.Match(&f) {
		t.Error("nil query should not match archived")
	}
	// Today defaults to the current date.
	q, _ = Parse("âge:0")
	m, _ = q.Bind(Env{})
	p = model.Person{ID: 2, BirthDate: model.DateOf(time.Now())}
	f = NewRow(&p)
	if !m.Match(&f) {
		t.Error("âge:0 with Today unset should match a baby born today")
	}
}

func TestQueryBindDoesNotModifyQuery(t *testing.T) {
	q, _ := Parse("type:adh section:sud âge:30-45 -courriel:")
	before := q.String()
	for range 2 {
		if _, err := q.Bind(Env{Today: qtToday, Units: qtUnits}); err != nil {
			t.Fatal(err)
		}
	}
	if q.String() != before {
		t.Errorf("query changed: %q → %q", before, q.String())
	}
}

// TestAgeIntervalExhaustive checks the birth-date intervals against AgeAt
// for every day of two years around a 29 February.
func TestQueryAgeIntervalExhaustive(t *testing.T) {
	todays := []model.Date{model.NewDate(2024, 2, 29), model.NewDate(2025, 2, 28), model.NewDate(2025, 3, 1), model.NewDate(2025, 12, 31), model.NewDate(2026, 1, 1)}
	ranges := []string{"0", "1", "30", "<1", "<=1", ">0", ">=1", "0-1", "1-2", ">100", "<0"}
	for _, today := range todays {
		for _, rs := range ranges {
			r, ok := qParseRange(rs, qAgeBound)
			if !ok {
				t.Fatalf("range %q", rs)
			}
			iv := qAgeInterval(r, today)
			start := today.Time().AddDate(-35, 0, 0)
			for d := start; !d.After(today.Time()); d = d.AddDate(0, 0, 1) {
				birth := model.DateOf(d)
				age := birth.AgeAt(today)
				var want bool
				switch r.op {
				case '=':
					want = age == r.a.n
				case '-':
					want = age >= r.a.n && age <= r.b.n
				case '<':
					want = age < r.a.n
				case 'l':
					want = age <= r.a.n
				case '>':
					want = age > r.a.n
				case 'g':
					want = age >= r.a.n
				}
				if got := iv[0] <= birth && birth <= iv[1]; got != want {
					t.Fatalf("today %v âge:%s born %v (age %d): got %v", today, rs, birth, age, got)
				}
			}
		}
	}
}

func TestQueryFoldPerson(t *testing.T) {
	p := qtPeople()[0]
	f := NewRow(&p)
	check := func(name, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	check("Name", f.Name, "dupont martin emilie")
	check("NameFL", f.NameFL, "emilie dupont martin")
	check("LastName", f.LastName, "dupont martin")
	check("FirstName", f.FirstName, "emilie")
	check("Commune", f.Commune, "eybens")
	check("Quartier", f.Quartier, "le village")
	check("Circo", f.Circo, "isere 3e")
	check("Landline", f.Landline, "0476000000")
	check("Mobile", f.Mobile, "")
	check("Number", f.Number, "38004512")
	check("PostalCode", f.PostalCode, "38320")
	check("Source", f.Source, "petition hopital sud 2026")
	if !slices.Equal(f.Interests, []string{"sante", "logement"}) {
		t.Errorf("Interests = %q", f.Interests)
	}
	if f.Updated != model.NewDate(2025, 6, 1) {
		t.Errorf("Updated = %v", f.Updated)
	}

	p = model.Person{FirstName: "Léa"}
	f = NewRow(&p)
	check("first only", f.Name+"|"+f.NameFL+"|"+f.FirstName+"|"+f.LastName, "lea|lea|lea|")
	p = model.Person{LastName: "N'GUYEN", Email: " X@Y.FR ", Interests: []string{" ", "Santé"}}
	f = NewRow(&p)
	check("last only", f.Name+"|"+f.NameFL+"|"+f.FirstName+"|"+f.LastName, "n guyen|n guyen||n guyen")
	check("Email", f.Email, "x@y.fr")
	if !slices.Equal(f.Interests, []string{"sante"}) {
		t.Errorf("Interests = %q", f.Interests)
	}
}

func TestQuerySearchFold(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"dupont":                  "dupont",
		"  Saint-Martin-d’Hères ": "saint martin d heres",
		"DUPONT--MARTIN":          "dupont martin",
		"Œuvre\tÉlan":             "oeuvre elan",
		"a  b":                    "a b",
		"l'Isle-d'Abeau":          "l isle d abeau",
	} {
		if got := SearchFold(in); got != want {
			t.Errorf("SearchFold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryPhoneDigits(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"+33612345678":   "0612345678",
		"+262692123456":  "0692123456",
		"+41221234567":   "0041221234567",
		"06 12 34 56 78": "0612345678",
		"0033612345678":  "0612345678",
	} {
		if got := qPhoneDigits(in); got != want {
			t.Errorf("qPhoneDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQueryHasWordPrefix(t *testing.T) {
	for _, tt := range []struct {
		s, w string
		want bool
	}{
		{"dupont martin emilie", "dupont", true},
		{"dupont martin emilie", "martin", true},
		{"dupont martin emilie", "mart", true},
		{"dupont martin emilie", "upont", false},
		{"dupont martin emilie", "emilie dupont", false},
		{"aaab", "ab", false},
		{"aa ab", "ab", true},
		{"(dupont)", "dupont", true},
		{"ødupont", "dupont", false},
		{"", "a", false},
	} {
		if got := qHasWordPrefix(tt.s, tt.w); got != tt.want {
			t.Errorf("qHasWordPrefix(%q, %q) = %v", tt.s, tt.w, got)
		}
	}
}

func TestQueryMatcherConcurrent(t *testing.T) {
	q, _ := Parse("type:adh section:sud âge:30-45 dupont")
	m, err := q.Bind(Env{Today: qtToday, Units: qtUnits})
	if err != nil {
		t.Fatal(err)
	}
	people := qtPeople()
	folded := make([]Row, len(people))
	for i := range people {
		folded[i] = NewRow(&people[i])
	}
	done := make(chan int)
	for range 4 {
		go func() {
			n := 0
			for range 100 {
				for i := range people {
					if m.Match(&folded[i]) {
						n++
					}
				}
			}
			done <- n
		}()
	}
	for range 4 {
		if n := <-done; n != 100 {
			t.Errorf("got %d matches, want 100", n)
		}
	}
}

// ---------------------------------------------------------------------------
// Fuzzing

var qtFuzzSeeds = []string{
	"", " ", "dupont", "-dupont", `"emilie dupont"`, `-"a b"`, "type:adh,compagnon", "quartier:villeneuve",
	"type:adhérent quartier:villeneuve intérêt:santé -courriel:", "tél:", "-tél:", "tél:06 12", "âge:30-45",
	"âge:>60", "âge:<30", "adhésion:>=2020", "naissance:1960-1970", "maj:<2025", "maj:>=01/11/2025",
	`commune:"Saint-Martin-d'Hères"`, `commune:"a\"b",c`, "cellule:", "section:sud", "fédération:38",
	"npai:oui", "archivé:tous", "consent:sms,courrier", "pcs:3", "genre:f", "id:12", "numéro:38-", "cp:38",
	"quartié:x", `"abc`, `a"b`, "-", "--", ":", "a:", "type:", "type:,", `x:"`, `"\`, `"\\"`, `"\"`,
	"âge:30-abc", "âge:≥5", "naissance:29/02/2000", "\u00a0\t", "\xff", "é:é", "circo:003", "tél:+",
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range qtFuzzSeeds {
		f.Add(s)
	}
	env := Env{Today: qtToday, Units: qtUnits}
	people := qtPeople()
	folded := make([]Row, len(people))
	for i := range people {
		folded[i] = NewRow(&people[i])
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("error %T is not a *Error", err)
			}
			n := len([]rune(in))
			if qe.Pos < 1 || qe.Pos > n+1 || qe.Len < 1 || qe.Msg == "" {
				t.Fatalf("bad error position for %q: %#v", in, qe)
			}
			_ = err.Error()
			return
		}
		s := q.String()
		q2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q fails: %v", in, s, err)
		}
		if s2 := q2.String(); s2 != s {
			t.Fatalf("not canonical: %q → %q → %q", in, s, s2)
		}
		m, err := q.Bind(env)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) || qe.Pos < 1 {
				t.Fatalf("bad bind error %#v", err)
			}
			return
		}
		m2, err := q2.Bind(env)
		if err != nil {
			t.Fatalf("bind of canonical form: %v", err)
		}
		for i := range people {
			if a, b := m.Match(&folded[i]), m2.Match(&folded[i]); a != b {
				t.Fatalf("%q and its canonical form %q disagree on person %d", in, s, people[i].ID)
			}
		}
	})
}

// ---------------------------------------------------------------------------
// Benchmarks

// qtSynthetic builds n plausible people with a fixed seed.
func qtSynthetic(n int) ([]model.Person, []Row) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	firsts := []string{"Émilie", "Jean-Pierre", "Samira", "Françoise", "Léa", "Mohamed", "Hélène", "Lucas", "Chloé", "Noël", "Agnès", "Théo", "Inès", "Karim", "Zoé"}
	lasts := []string{"DUPONT-MARTIN", "Benali", "Lefèvre", "Roux", "Nguyen", "Garcia", "Bernard", "Petit", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Fournier", "Girard", "Bonnet", "Mercier", "Chevalier"}
	communes := []string{"Grenoble", "Échirolles", "Saint-Martin-d'Hères", "Eybens", "Fontaine", "Seyssinet-Pariset", "Le Pont-de-Claix", "Meylan", "Voiron", "Vienne", "Bourgoin-Jallieu", "L'Isle-d'Abeau"}
	quartiers := []string{"", "", "Villeneuve", "Mistral", "Teisseire", "Berriat", "Centre-ville", "Village Olympique", "Renaudie"}
	interests := []string{"Santé", "Logement", "Éducation", "Transports", "Écologie", "Culture", "Sport", "Services publics"}
	professions := []string{"", "Infirmière", "Enseignant", "Ouvrier", "Cheminot", "Retraitée", "Étudiant", "Aide-soignante", "Ingénieur"}
	people := make([]model.Person, n)
	folded := make([]Row, n)
	for i := range people {
		p := &people[i]
		p.ID = model.PersonID(i + 1)
		p.Kind = model.Kinds[rng.IntN(3)]
		p.Status = model.Statuses[rng.IntN(2)]
		p.Archived = rng.IntN(50) == 0
		p.FirstName, p.LastName = pick(firsts), pick(lasts)
		p.BirthDate = model.NewDate(1935+rng.IntN(70), 1+rng.IntN(12), 1+rng.IntN(28))
		p.Gender = model.Gender(rng.IntN(3))
		p.Address = model.Address{Commune: pick(communes), PostalCode: fmt.Sprintf("38%03d", rng.IntN(1000))}
		p.Quartier = pick(quartiers)
		p.Circonscription = fmt.Sprintf("Isère %de", 1+rng.IntN(10))
		if rng.IntN(3) > 0 {
			p.Mobile = fmt.Sprintf("+336%08d", rng.IntN(1e8))
		}
		if rng.IntN(3) == 0 {
			p.Landline = fmt.Sprintf("+334%08d", rng.IntN(1e8))
		}
		if rng.IntN(2) == 0 {
			p.Email = fmt.Sprintf("p%d@example.fr", i)
		}
		p.Profession = pick(professions)
		p.PCS = model.PCS(rng.IntN(9))
		if p.Kind == model.KindAdherent {
			p.JoinDate = model.NewDate(1990+rng.IntN(36), 1+rng.IntN(12), 1+rng.IntN(28))
			p.MemberNumber = fmt.Sprintf("38-%06d", i)
		}
		p.Org = model.Org{Federation: 1, Section: model.UnitID(10 + rng.IntN(4)), Cell: 0}
		if rng.IntN(3) > 0 {
			p.Org.Cell = model.UnitID(100 + rng.IntN(40))
		}
		for range rng.IntN(3) {
			p.Interests = append(p.Interests, pick(interests))
		}
		p.Preferences.LetterOnPaper = rng.IntN(5) == 0
		p.Preferences.NPAI = rng.IntN(30) == 0
		p.UpdatedAt = time.Date(2020+rng.IntN(6), 1, 1, 12, 0, 0, 0, time.UTC)
		folded[i] = NewRow(p)
	}
	return people, folded
}

func BenchmarkMatch100k(b *testing.B) {
	people, folded := qtSynthetic(100_000)
	units := append([]model.Unit(nil), qtUnits...)
	for i := range 40 {
		units = append(units, model.Unit{ID: model.UnitID(100 + i), Level: model.LevelCell, Name: fmt.Sprintf("Cellule %d", i)})
	}
	queries := []string{
		"",
		"dupont",
		"quartier:villeneuve",
		"type:adhérent intérêt:santé",
		"circo:3 type:adh,compagnon",
		"type:adh -courriel: courrier:oui npai:non",
		"type:adh cellule:",
		"section:sud âge:30-45 -tél:",
		"quartier:villeneuve type:adhérent intérêt:santé -courriel:",
		`"emilie dupont" commune:grenoble`,
	}
	runtime.GC() // do not bill the setup's garbage to the first query
	for _, qs := range queries {
		b.Run(fmt.Sprintf("%q", qs), func(b *testing.B) {
			n := 0
			for b.Loop() {
				q, err := Parse(qs)
				if err != nil {
					b.Fatal(err)
				}
				m, err := q.Bind(Env{Today: qtToday, Units: units})
				if err != nil {
					b.Fatal(err)
				}
				n = 0
				for i := range people {
					if m.Match(&folded[i]) {
						n++
					}
				}
			}
			b.ReportMetric(float64(n), "hits")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(people)), "ns/person")
		})
	}
}

func BenchmarkFoldPerson(b *testing.B) {
	people, _ := qtSynthetic(1000)
	for b.Loop() {
		for i := range people {
			_ = NewRow(&people[i])
		}
	}
}

func BenchmarkParseQuery(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("quartier:villeneuve type:adhérent intérêt:santé -courriel: âge:30-45"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestQueryDocExamples keeps docs/QUERY.md honest: every recipe and every
// query of the summary table parses and binds, and the canonical forms and
// error messages it shows are the real ones.
func TestQueryDocExamples(t *testing.T) {
	data, err := os.ReadFile("../docs/QUERY.md")
	if err != nil {
		t.Skip("docs/QUERY.md not found:", err)
	}
	doc := string(data)
	section := func(title string) string {
		i := strings.Index(doc, "\n## "+title)
		if i < 0 {
			t.Fatalf("section %q missing", title)
		}
		s := doc[i+4:]
		if j := strings.Index(s, "\n## "); j >= 0 {
			s = s[:j]
		}
		return s
	}
	env := Env{Today: qtToday, Units: qtUnits}
	mustBind := func(where, qs string) {
		t.Helper()
		q, err := Parse(qs)
		if err == nil {
			_, err = q.Bind(env)
		}
		if err != nil {
			t.Errorf("%s: %q: %v", where, qs, err)
		}
	}
	// backticked cells of a table row
	cells := func(line string) []string {
		var out []string
		for _, cell := range strings.Split(line, "|") {
			parts := strings.Split(cell, "`")
			var codes []string
			for i := 1; i < len(parts); i += 2 {
				codes = append(codes, parts[i])
			}
			out = append(out, strings.Join(codes, "\x00"))
		}
		return out
	}

	recipes := section("Recettes")
	n := 0
	for _, line := range strings.Split(recipes[strings.Index(recipes, "```")+3:strings.LastIndex(recipes, "```")], "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			mustBind("recette", line)
			n++
		}
	}
	if n < 20 {
		t.Errorf("only %d recipes found", n)
	}

	for _, line := range strings.Split(section("En bref : les demandes les plus courantes"), "\n") {
		if c := cells(line); strings.HasPrefix(line, "|") && len(c) > 2 && c[2] != "" {
			for _, qs := range strings.Split(c[2], "\x00") {
				mustBind("en bref", qs)
			}
		}
	}

	for _, line := range strings.Split(section("Forme canonique"), "\n") {
		c := cells(line)
		if !strings.HasPrefix(line, "|") || len(c) < 3 || c[1] == "" || c[2] == "" {
			continue
		}
		q, err := Parse(c[1])
		if err != nil {
			t.Errorf("forme canonique: %q: %v", c[1], err)
		} else if q.String() != c[2] {
			t.Errorf("forme canonique: %q gives %q, the doc says %q", c[1], q.String(), c[2])
		}
	}

	for _, line := range strings.Split(section("Messages d'erreur"), "\n") {
		c := cells(line)
		if !strings.HasPrefix(line, "|") || len(c) < 3 || c[1] == "" || c[2] == "" {
			continue
		}
		q, err := Parse(c[1])
		if err == nil {
			_, err = q.Bind(env)
		}
		if err == nil || err.Error() != c[2] {
			t.Errorf("message d'erreur: %q gives %v, the doc says %q", c[1], err, c[2])
		}
	}
}

func TestQueryNarrows(t *testing.T) {
	cases := []struct {
		prev, next string
		want       bool
	}{
		{"", "dupont", true},
		{"dup", "dupo", true},
		{"dup", "dupont martin", true},
		{"type:adh", "type:adh quartier:villeneuve", true},
		{"type:adh du", "type:adh dup", true},
		{"dupo", "dup", false},                           // shorter word: widens
		{"-dup", "-dupo", false},                         // negated word typed further: widens
		{"âge:3", "âge:30", false},                       // a field value typed further is another value
		{"quartier:ville", "quartier:villeneuve", false}, // kept conservative
		{"dup type:adh", "dupo type:adh", false},         // only the last term may grow
		{"dupont", "", false},
		{"type:adh", "type:adh archivé:oui", false}, // brings archived fiches back
	}
	for _, c := range cases {
		prev, err1 := Parse(c.prev)
		next, err2 := Parse(c.next)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := next.Narrows(prev); got != c.want {
			t.Errorf("%q after %q: Narrows = %v, want %v", c.next, c.prev, got, c.want)
		}
	}
}

// The initials shortcut of free words must agree with the plain word-prefix
// test on every row and word.
func TestQueryFreeWordInitialsAgree(t *testing.T) {
	people := []model.Person{
		{LastName: "Dupont-Martin", FirstName: "Émilie", Address: model.Address{Commune: "Saint-Martin-d'Hères"}},
		{LastName: "N'Diaye", FirstName: "Aïssatou", Address: model.Address{Commune: "Échirolles"}},
		{LastName: "Nguyễn", FirstName: "Văn", Address: model.Address{Commune: "Lyon 8e"}},
		{LastName: "O'Brien", FirstName: "Seán"},
		{LastName: "Ελένη", FirstName: "Ζωή", Address: model.Address{Commune: "Grenoble"}},
		{LastName: "2Pac", FirstName: "x"},
	}
	words := []string{"d", "du", "m", "ma", "h", "he", "e", "n", "nd", "d", "a", "v", "l", "8", "8e", "o", "b", "s", "z", "ε", "2", "g", "gr", "x", "q"}
	for _, p := range people {
		r := NewRow(&p)
		for _, w := range words {
			w = SearchFold(w)
			plain := qHasWordPrefix(r.Name, w) || qHasWordPrefix(r.Commune, w)
			if got := (&qFreePred{w: w}).match(&r); got != plain {
				t.Errorf("%s / %q: shortcut says %v, text says %v", r.Name, w, got, plain)
			}
		}
	}
}

// Every attribute the registry names for queries has its row, under its
// canonical name.
func TestRegistryFieldsAreSearchable(t *testing.T) {
	for _, f := range model.Fields {
		if len(f.Query) == 0 {
			continue
		}
		if r := qLookupField(f.Query[0]); r == nil || r.name != f.Query[0] || r.help != f.QueryHelp {
			t.Errorf("%s: no query row named %q", f.Key, f.Query[0])
		}
	}
}

func TestFieldsDescribeTheirValues(t *testing.T) {
	byName := map[string]FieldInfo{}
	for _, f := range Fields() {
		byName[f.Name] = f
	}
	kind := byName["type"]
	if len(kind.Values) < 3 || kind.IsUnit || kind.IsList {
		t.Errorf("type: %+v", kind)
	}
	for _, v := range kind.Values {
		if _, err := Parse("type:" + v); err != nil {
			t.Errorf("type:%s refused: %v", v, err)
		}
	}
	if s := byName["section"]; !s.IsUnit || s.Unit != model.LevelSection {
		t.Errorf("section: %+v", s)
	}
	if i := byName["intérêt"]; !i.IsList {
		t.Errorf("intérêt: %+v", i)
	}
}
