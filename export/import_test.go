package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tealeg/xlsx/v3"
	"golang.org/x/text/encoding/charmap"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/model/demo"
	"fichier/store"
)

func mustTable(t *testing.T, name string, data []byte) *Table {
	t.Helper()
	tbl, err := ParseTable(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

func TestSeparatorsAndEncodings(t *testing.T) {
	for _, c := range []struct {
		name, data string
		sep        rune
	}{
		{"pv.csv", "Nom;Prénom;Ville\r\nLefèvre;Françoise;Échirolles\r\n", ';'},
		{"virgule.csv", "Nom,Prénom,Ville\nLefèvre,Françoise,Échirolles\n", ','},
		{"tab.txt", "Nom\tPrénom\tVille\nLefèvre\tFrançoise\tÉchirolles\n", '\t'},
		{"bom.csv", "\uFEFFNom;Prénom;Ville\r\nLefèvre;Françoise;Échirolles", ';'},
		{"quoted.csv", "\"Nom\",\"Prénom, usuel\",\"Ville\"\n\"Lefèvre\",\"Françoise\",\"Échirolles\"\n", ','},
		{"mixed.csv", "Nom;Prénom;Ville\n\"Lefèvre, née Roux\";Françoise;Échirolles\n", ';'},
	} {
		tbl := mustTable(t, c.name, []byte(c.data))
		if tbl.Separator != c.sep || tbl.Encoding != "UTF-8" {
			t.Errorf("%s: separator %q, encoding %s", c.name, tbl.Separator, tbl.Encoding)
		}
		if tbl.Header[0] != "Nom" || len(tbl.Rows) != 1 || !strings.HasPrefix(tbl.Rows[0].Cells[0], "Lefèvre") || tbl.Rows[0].Cells[2] != "Échirolles" {
			t.Errorf("%s: %q %+v", c.name, tbl.Header, tbl.Rows)
		}
	}
	// French Excel's CSV: Windows-1252.
	enc, err := charmap.Windows1252.NewEncoder().String("Nom;Prénom;Ville;Note\r\nLefèvre;Françoise;Échirolles;« œuvre » 5 €\r\n")
	if err != nil {
		t.Fatal(err)
	}
	tbl := mustTable(t, "excel.csv", []byte(enc))
	if tbl.Encoding != "Windows-1252" || tbl.Rows[0].Cells[1] != "Françoise" || tbl.Rows[0].Cells[2] != "Échirolles" || tbl.Rows[0].Cells[3] != "« œuvre » 5 €" {
		t.Errorf("cp1252: %s %q", tbl.Encoding, tbl.Rows[0].Cells)
	}
	if in := NewInput(tbl); in.Mapping.Fields[1] != model.FieldFirstName || in.Mapping.Fields[2] != model.FieldCommune {
		t.Errorf("mapping %v", in.Mapping.Fields)
	}
}

func TestHeaderSynonyms(t *testing.T) {
	header := []string{"Nom de famille", "First name", "E-mail", "Tél.", "Portable", "CP", "Ville", "Date of birth", "Signature", "", "N° d'adhérent", "Mail", "ID", "Adresse (rue)", "Sexe", "Catégorie socio-professionnelle"}
	m := MapColumns(header)
	want := []string{model.FieldLastName, model.FieldFirstName, model.FieldEmail, fieldPhone, model.FieldMobile, model.FieldPostalCode, model.FieldCommune, model.FieldBirthDate, "", "", model.FieldMemberNumber, "", fieldIgnored, model.FieldStreet, model.FieldGender, model.FieldPCS}
	if !slices.Equal(m.Fields, want) {
		t.Errorf("fields\n got %q\nwant %q", m.Fields, want)
	}
	var un []string
	for _, u := range m.Unmapped {
		un = append(un, u.Header+": "+u.Why)
	}
	wantUn := []string{"Signature: titre non reconnu", ": colonne sans titre", "Mail: même champ que la colonne « E-mail », déjà lue", "ID: identifiant d'une fiche d'origine : le fichier attribue les siens"}
	if !slices.Equal(un, wantUn) {
		t.Errorf("unmapped\n got %q\nwant %q", un, wantUn)
	}
	// Every column of a full export is recognised.
	var hs []string
	for _, c := range completeColumns {
		hs = append(hs, c.Header)
	}
	m = MapColumns(hs)
	for i, f := range m.Fields {
		if f == "" {
			t.Errorf("complet column %q not recognised", hs[i])
		}
	}
	// English headers too.
	m = MapColumns([]string{"Last name", "Firstname", "Email address", "Phone", "Zip code", "City", "Street"})
	if slices.Contains(m.Fields, "") {
		t.Errorf("english: %q", m.Fields)
	}
}

func load(t *testing.T, path string) *Input {
	t.Helper()
	in, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func lineOf(rep store.ImportReport, line int) store.ImportLine {
	for _, l := range rep.Lines {
		if l.Line == line {
			return l
		}
	}
	return store.ImportLine{}
}

func countPeople(t *testing.T, w *world) int {
	t.Helper()
	c, err := w.st.Count(w.sys)
	if err != nil {
		t.Fatal(err)
	}
	return c.Total() + c.Archived
}

func TestImportValidatesMergesAndReports(t *testing.T) {
	w := newWorld(t)
	path := storetest.TempFile(t, "petition.csv", strings.Join([]string{
		"Nom;Prénom;Courriel;Tél.;CP;Ville;Date de naissance;Signature",
		// 2: new contact
		"Garcia;Lucía;lucia.garcia@exemple.fr;06 01 02 03 04;;;03/04/1990;oui",
		// 3: Benali's email, new birth date: fills nothing set, conflicts on the phone
		"BENALI;samira;Samira.Benali@exemple.fr;06 98 76 54 32;;;;oui",
		// 4: Dupont-Martin's landline: fills her email
		"Dupont-Martin;Émilie;emilie.dm@exemple.fr;04 76 12 34 56;;;;oui",
		// 5: invalid email
		"Petit;Jean;jean.petit@;;;;;oui",
		// 6: bad date
		"Durand;Anne;;;;;31/02/1980;oui",
		// 7: no name
		";;anonyme@exemple.fr;;;;;oui",
		// 8: same person as line 2 (email), adds a postal address
		"Garcia;Lucía;lucia.garcia@exemple.fr;;38400;Saint-Martin-d'Hères;;oui",
		// 9: Jean Dupont-Martin shares Émilie's landline: another person
		"Dupont-Martin;Jean;;04 76 12 34 56;;;;oui",
		// 10: empty
		";;;;;;;",
		// 11: a postal code that lost its zero in a CSV: refused with a hint
		"Blanc;Louise;;;1000;Bourg-en-Bresse;;oui",
	}, "\r\n")+"\r\n")
	in := load(t, path)
	if in.Blank != 1 || len(in.Rows) != 9 {
		t.Fatalf("blank %d rows %d", in.Blank, len(in.Rows))
	}
	if len(in.Mapping.Unmapped) != 1 || in.Mapping.Unmapped[0].Header != "Signature" {
		t.Errorf("unmapped %+v", in.Mapping.Unmapped)
	}
	beforePeople := countPeople(t, w)
	beforeJournal, _ := w.st.Journal(w.sys, store.JournalFilter{})
	opt := Options{Source: "Pétition hôpital", Unit: w.sud.Path, DryRun: true}

	dry, err := Apply(w.st, w.sys, in, opt)
	if err != nil {
		t.Fatal(err)
	}
	// A dry run writes nothing at all.
	if countPeople(t, w) != beforePeople {
		t.Error("dry run created fiches")
	}
	if j, _ := w.st.Journal(w.sys, store.JournalFilter{}); len(j) != len(beforeJournal) {
		t.Error("dry run journaled")
	}
	if p, _ := w.st.Get(w.sys, w.p["Dupont-Martin"].ID); p.Email != "" {
		t.Error("dry run merged")
	}
	check := func(rep store.ImportReport) {
		t.Helper()
		if rep.Created != 2 || rep.Merged != 2 || rep.Unchanged != 1 || rep.Rejected != 4 {
			t.Errorf("created %d merged %d unchanged %d rejected %d", rep.Created, rep.Merged, rep.Unchanged, rep.Rejected)
			for _, l := range rep.Lines {
				t.Logf("%d %s %s %v %v", l.Line, l.Outcome, l.Reason, l.Filled, l.Conflicts)
			}
		}
		for line, want := range map[int]store.ImportOutcome{2: store.ImportCreated, 3: store.ImportUnchanged, 4: store.ImportMerged, 5: store.ImportRejected, 6: store.ImportRejected, 7: store.ImportRejected, 8: store.ImportMerged, 9: store.ImportCreated, 11: store.ImportRejected} {
			if got := lineOf(rep, line).Outcome; got != want {
				t.Errorf("line %d: %s, want %s (%s)", line, got, want, lineOf(rep, line).Reason)
			}
		}
		for line, want := range map[int]string{5: "Courriel : courriel invalide", 6: "le 31/02/1980 n'existe pas", 7: "le nom est obligatoire", 11: "01000 ?"} {
			if r := lineOf(rep, line).Reason; !strings.Contains(r, want) {
				t.Errorf("line %d reason %q, want %q", line, r, want)
			}
		}
		l3 := lineOf(rep, 3)
		if len(l3.Conflicts) != 1 || l3.Conflicts[0].Field != "Mobile" || l3.Conflicts[0].Old != "+33612345678" || l3.Conflicts[0].New != "+33698765432" {
			t.Errorf("line 3 conflicts %+v", l3.Conflicts)
		}
		if !strings.Contains(l3.Reason, "même courriel") || l3.PersonID != w.p["Benali"].ID {
			t.Errorf("line 3: %+v", l3)
		}
		if l4 := lineOf(rep, 4); !slices.Equal(l4.Filled, []string{"Courriel", "Source", "Canaux consentis"}) || !strings.Contains(l4.Reason, "même téléphone") {
			t.Errorf("line 4: %+v", l4)
		}
		if l8 := lineOf(rep, 8); !strings.Contains(l8.Reason, "doublon de la ligne 2") || !slices.Equal(l8.Filled, []string{"Adresse"}) {
			t.Errorf("line 8: %+v", l8)
		}
	}
	check(dry)
	if !dry.DryRun {
		t.Error("not marked dry")
	}

	opt.DryRun = false
	rep, err := Apply(w.st, w.sys, in, opt)
	if err != nil {
		t.Fatal(err)
	}
	check(rep)
	if countPeople(t, w) != beforePeople+2 {
		t.Errorf("%d fiches, want %d", countPeople(t, w), beforePeople+2)
	}
	garcia, err := w.st.Get(w.sys, lineOf(rep, 2).PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if garcia.Kind != model.KindContact || garcia.Source != "Pétition hôpital" || garcia.Consent.Date != model.DateOf(testNow) ||
		garcia.Org != w.sud.Path || garcia.Mobile != "+33601020304" || garcia.Address.PostalCode != "38400" || garcia.BirthDate != model.NewDate(1990, 4, 3) ||
		!garcia.Consent.Channels.Has(model.ChannelCourriel|model.ChannelTelephone) {
		t.Errorf("created: %+v", garcia)
	}
	if lineOf(rep, 8).PersonID != garcia.ID {
		t.Error("line 8 not merged into line 2's fiche")
	}
	// Merges fill, never overwrite.
	benali, _ := w.st.Get(w.sys, w.p["Benali"].ID)
	if benali.Mobile != "+33612345678" || benali.Version != w.p["Benali"].Version {
		t.Errorf("Benali overwritten: %s v%d", benali.Mobile, benali.Version)
	}
	dm, _ := w.st.Get(w.sys, w.p["Dupont-Martin"].ID)
	if dm.Email != "emilie.dm@exemple.fr" || dm.Source != "Pétition hôpital" {
		t.Errorf("Dupont-Martin not completed: %q %q", dm.Email, dm.Source)
	}
	hist, _ := w.st.History(w.sys, dm.ID)
	if len(hist) == 0 || !strings.Contains(hist[0].Detail, "complétée par l'import « Pétition hôpital » (petition.csv), ligne 4") {
		t.Errorf("history %+v", hist)
	}
	if j, _ := w.st.Journal(w.sys, store.JournalFilter{Action: model.ActionImport}); len(j) != 1 || !strings.Contains(j[0].Detail, "2 créées, 2 complétées, 1 déjà présente, 4 rejetées") {
		t.Errorf("import journal %+v", j)
	}
	if h, _ := w.st.History(w.sys, garcia.ID); len(h) != 1 || h[0].Action != model.ActionPersonImport || !strings.Contains(h[0].Detail, "lignes 2, 8") {
		t.Errorf("created history %+v", h)
	}

	// The rejected rows, with their reason, in a file that can be fixed and re-imported.
	rej := RejectedPath(path)
	if rej != filepath.Join(filepath.Dir(path), "petition-rejets.csv") {
		t.Errorf("rejects path %s", rej)
	}
	n, err := WriteRejected(rej, in, rep)
	if err != nil || n != 4 {
		t.Fatalf("rejects: %d %v", n, err)
	}
	back := load(t, rej)
	if len(back.Rows) != 4 || back.Table.Header[len(back.Table.Header)-1] != "Motif du rejet" || back.Rows[0].Line != 2 {
		t.Fatalf("rejects file: %q %d", back.Table.Header, len(back.Rows))
	}
	if r := back.Table.Rows[0].Cells; r[0] != "Petit" || !strings.Contains(r[len(r)-1], "courriel invalide") {
		t.Errorf("rejected row %q", r)
	}
	if back.Mapping.Fields[len(back.Mapping.Fields)-1] != fieldIgnored {
		t.Error("the reason column is imported")
	}
}

func TestImportScope(t *testing.T) {
	w := newWorld(t)
	csv := "Nom;Prénom;Section;Cellule;Courriel\r\n" +
		"Nouveau;Un;;;un@exemple.fr\r\n" + // 2: no unit → the responsable's section
		"Nouveau;Deux;Grenoble;;deux@exemple.fr\r\n" + // 3: another section: refused
		"Nouveau;Trois;;Eybens;trois@exemple.fr\r\n" + // 4: a cell of the section
		"Haddad;Karim;;;karim.haddad@exemple.fr\r\n" + // 5: Haddad is in Grenoble: unseen, so a new fiche here
		"Nouveau;Quatre;Nulle-Part;;quatre@exemple.fr\r\n" // 6: unknown section
	in := load(t, storetest.TempFile(t, "section.csv", csv))
	sud := w.user(t, "", "", w.sud.Path, model.RightWrite, w.p["Dupont-Martin"].ID)
	rep, err := Apply(w.st, sud, in, Options{Source: "Fichier de la section"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Rejected != 2 {
		for _, l := range rep.Lines {
			t.Logf("%d %s %s", l.Line, l.Outcome, l.Reason)
		}
		t.Fatalf("created %d rejected %d", rep.Created, rep.Rejected)
	}
	// Another section reads as unknown: its name is not confirmed.
	if r := lineOf(rep, 3).Reason; !strings.Contains(r, "section « Grenoble » inconnue") {
		t.Errorf("line 3: %q", r)
	}
	if r := lineOf(rep, 6).Reason; !strings.Contains(r, "section « Nulle-Part » inconnue") {
		t.Errorf("line 6: %q", r)
	}
	for line, org := range map[int]model.Org{2: w.sud.Path, 4: w.cellEy.Path, 5: w.sud.Path} {
		p, err := w.st.Get(sud, lineOf(rep, line).PersonID)
		if err != nil || p.Org != org {
			t.Errorf("line %d: org %+v (%v), want %+v", line, p.Org, err, org)
		}
	}
	// Haddad in Grenoble was not touched (nor revealed).
	if h, _ := w.st.Get(w.sys, w.p["Haddad"].ID); h.Version != w.p["Haddad"].Version {
		t.Error("a fiche out of scope was merged")
	}
	// A national importer must say where the fiches go.
	plain := load(t, storetest.TempFile(t, "p.csv", "Nom;Prénom\r\nSans;Unité\r\n"))
	if _, err := Apply(w.st, w.sys, plain, Options{Source: "x", DryRun: true}); !errors.Is(err, store.ErrImportNoUnit) {
		t.Errorf("no unit: %v", err)
	}
	if _, err := Apply(w.st, w.sys, plain, Options{DryRun: true, Unit: w.sud.Path}); !errors.Is(err, store.ErrImportSource) {
		t.Errorf("no source: %v", err)
	}
	// A section responsable cannot choose a unit outside the section.
	if _, err := Apply(w.st, sud, plain, Options{Source: "x", Unit: w.gre.Path, DryRun: true}); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("unit out of scope: %v", err)
	}
	// Reading only: no import.
	reader := w.user(t, "Luc", "Lecteur", w.fed.Path, model.ReadOnly)
	if _, err := Apply(w.st, reader, plain, Options{Source: "x", Unit: w.sud.Path, DryRun: true}); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("read-only importer: %v", err)
	}
	// A file without a name column.
	noName := load(t, storetest.TempFile(t, "n.csv", "Courriel\r\na@exemple.fr\r\n"))
	if _, err := Apply(w.st, w.sys, noName, Options{Source: "x", Unit: w.sud.Path}); err == nil || !strings.Contains(err.Error(), "aucune colonne « Nom »") {
		t.Errorf("no name column: %v", err)
	}
}

func TestTruncatedOrCorruptFilesAreRefused(t *testing.T) {
	w := newWorld(t)
	// A valid workbook, cut in half.
	res := writeExport(t, w, w.sys, "complet", "", XLSX)
	data, _ := os.ReadFile(res.Path)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"coupé.xlsx", data[:len(data)/2], "tronqué ou abîmé"},
		{"coupé2.xlsx", data[:len(data)-30], "tronqué ou abîmé"},
		{"faux.xlsx", []byte("bonjour, je ne suis pas un classeur"), "tronqué ou abîmé"},
		{"vieux.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0}, make([]byte, 100)...), "Excel 97-2003"},
		{"guillemet.csv", []byte("Nom;Notes\r\nDupont;\"une note qui ne finit pas\r\nRoux;x\r\n"), "guillemet non fermé"},
		{"coupé.csv", []byte("Nom;Prénom;Courriel;Ville\r\nDupont;Jean;j@exemple.fr;Grenoble\r\nRoux;Ma"), "semble tronqué"},
		{"vide.csv", []byte("  \r\n"), "est vide"},
		{"binaire.csv", []byte("Nom;Prénom\r\nab\x00cd;x\r\n"), "données binaires"},
		{"sans-titres.csv", []byte(";;\r\nDupont;Jean;x\r\n"), "titres des colonnes"},
	} {
		path := storetest.TempFile(t, c.name, string(c.data))
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if countPeople(t, w) != 7 {
		t.Error("something was written")
	}
	// A directory, a missing file.
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "dossier") {
		t.Errorf("dir: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "absent.csv")); err == nil || !strings.Contains(err.Error(), "inexistant") {
		t.Errorf("absent: %v", err)
	}
}

func TestXLSXImportNumbersAndDates(t *testing.T) {
	f := xlsx.NewFile()
	sh, _ := f.AddSheet("Feuil1")
	row := sh.AddRow()
	for _, h := range []string{"Nom", "Prénom", "CP", "Portable", "Naissance"} {
		row.AddCell().SetString(h)
	}
	row = sh.AddRow()
	row.AddCell().SetString("Martin")
	row.AddCell().SetString("Jeanne")
	row.AddCell().SetInt(1000)      // Excel ate the zero of 01000
	row.AddCell().SetInt(612345678) // and of 06 12 34 56 78
	serial, _ := DateSerial(model.NewDate(1985, 6, 6))
	row.AddCell().SetDateTimeWithFormat(float64(serial), "dd/mm/yyyy")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	in := NewInput(mustTable(t, "feuille.xlsx", buf.Bytes()))
	if in.Table.Sheet != "Feuil1" || len(in.Rows) != 1 {
		t.Fatalf("%+v", in.Table)
	}
	p := in.Rows[0].Person
	if p.Address.PostalCode != "01000" || p.BirthDate != model.NewDate(1985, 6, 6) || in.Rows[0].Err != "" {
		t.Errorf("%+v %q", p, in.Rows[0].Err)
	}
	if e, err := model.NormalizePhone(p.Mobile); err != nil || e != "+33612345678" {
		t.Errorf("mobile %q → %q %v", p.Mobile, e, err)
	}
}

// TestRoundTrip imports a full export into an empty file with the same
// organisation and gets the same fiches back, field by field.
func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		t.Run(f.String(), func(t *testing.T) {
			src := storetest.Open(t, filepath.Join(t.TempDir(), "source.db"))
			g := demo.New(demo.Config{People: 400, Seed: 3, Today: model.DateOf(testNow)})
			units := g.Units()
			if _, err := src.LoadDemo(src.SystemSession("test"), units, g.Next, nil); err != nil {
				t.Fatal(err)
			}
			sys := src.SystemSession("test")
			// A few awkward values.
			ids, _ := src.Search(sys, nil, store.SortName)
			p, _ := src.Get(sys, ids.IDs[0])
			p.Notes, p.FirstName, p.Address.PostalCode = "=1+1\n- deuxième ligne ; « guillemets »", "-Anne", "01000"
			p.Landline = "+41 22 123 45 67"
			if _, err := src.Update(sys, p); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "complet"+f.Ext())
			plan, err := Prepare(src, sys, Request{Preset: presetComplet, Format: f, Path: path})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Write(context.Background(), src, sys, plan, nil); err != nil {
				t.Fatal(err)
			}

			dst := storetest.Open(t, filepath.Join(t.TempDir(), "dest.db"))
			if _, err := dst.LoadDemo(dst.SystemSession("test"), units, func() (model.Person, bool) { return model.Person{}, false }, nil); err != nil {
				t.Fatal(err)
			}
			in := load(t, path)
			if len(in.Mapping.Unmapped) != 5 { // ID, created/modified on and by
				t.Errorf("unmapped %+v", in.Mapping.Unmapped)
			}
			rep, err := Apply(dst, dst.SystemSession("test"), in, Options{Source: "Retour"})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Created != len(plan.IDs) || rep.Rejected+rep.Merged+rep.Unchanged != 0 {
				for _, l := range rep.Lines {
					if l.Outcome != store.ImportCreated {
						t.Logf("%d %s %s %v", l.Line, l.Outcome, l.Reason, l.Conflicts)
					}
				}
				t.Fatalf("created %d of %d", rep.Created, len(plan.IDs))
			}
			all := func(st *store.Store) []model.Person {
				sess := st.SystemSession("test")
				res, _ := st.Search(sess, nil, store.SortName)
				var out []model.Person
				st.ExportPeople(sess, res.IDs, func(c []model.Person) error {
					for _, p := range c {
						out = append(out, p.Clone())
					}
					return nil
				})
				slices.SortFunc(out, func(a, b model.Person) int {
					return strings.Compare(a.LastName+"|"+a.FirstName+"|"+a.Email+"|"+a.BirthDate.String()+a.Mobile, b.LastName+"|"+b.FirstName+"|"+b.Email+"|"+b.BirthDate.String()+b.Mobile)
				})
				return out
			}
			before, after := all(src), all(dst)
			if len(before) != len(after) {
				t.Fatalf("%d fiches, then %d", len(before), len(after))
			}
			agreed := 0 // fiches with an agreed contribution: it comes back too
			for i := range before {
				a, b := before[i], after[i]
				for _, p := range []*model.Person{&a, &b} {
					p.ID, p.Version = 0, 0
					p.CreatedAt, p.UpdatedAt, p.CreatedBy, p.UpdatedBy = p.CreatedAt.AddDate(-3000, 0, 0), p.CreatedAt.AddDate(-3000, 0, 0), "", ""
				}
				if !a.Contribution.IsZero() {
					agreed++
				}
				b.CreatedAt, b.UpdatedAt = a.CreatedAt, a.UpdatedAt
				if d := model.Diff(&a, &b); len(d) > 0 {
					t.Errorf("%s: %+v", a.SortName(), d)
				}
				if !slices.Equal(a.Interests, b.Interests) || a.Consent != b.Consent || a.Preferences != b.Preferences || a.Org != b.Org || a.Contribution != b.Contribution {
					t.Errorf("%s differs: %+v\n%+v", a.SortName(), a, b)
				}
			}
			if agreed < 50 {
				t.Errorf("only %d fiches with an agreed contribution: the round trip does not test it", agreed)
			}
		})
	}
}

// FuzzParseTable: whatever the bytes, reading gives a table or an error,
// never a panic; a table's rows parse into import rows without panic.
func FuzzParseTable(f *testing.F) {
	f.Add("t.csv", []byte("Nom;Prénom;Tél.;CP;Date de naissance\r\nDupont;Jean;06 12 34 56 78;38000;01/02/1980\r\n"))
	f.Add("t.csv", []byte("\"Nom\",\"Notes\"\n\"a\",\"b\"\"c\n"))
	f.Add("t.csv", []byte{0xff, 0xfe, 'N', 0, 'o', 0, 'm', 0})
	f.Add("t.xlsx", []byte("PK\x03\x04garbage"))
	var buf bytes.Buffer
	wr, _ := NewWriter(XLSX, &buf, presetCourrier.Sheets)
	wr.Row(0, []Value{{Text: "Mme"}, {Text: "Curie"}, {Text: "Marie"}, {Text: "1 rue"}, {Text: "01000"}, {Text: "Bourg"}})
	wr.Close()
	f.Add("t.xlsx", buf.Bytes())
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		tbl, err := ParseTable(name, data)
		if err != nil {
			return
		}
		NewInput(tbl)
	})
}

// A cell longer than its field's limit rejects the row, saying why; a long
// note within the limit is read whole.
func TestImportCellOverTheLimit(t *testing.T) {
	note := strings.Repeat("rappelé, ", 600) // 5 400 characters
	in := NewInput(&Table{Name: "t.csv", Header: []string{"Nom", "Notes", "Intérêts"}, Rows: []TableRow{
		{Line: 2, Cells: []string{strings.Repeat("n", model.MaxName+1), "", ""}},
		{Line: 3, Cells: []string{"Curie", note, "santé, " + strings.Repeat("i", model.MaxEntry+1)}},
		{Line: 4, Cells: []string{"Curie", note, ""}},
	}})
	if got := in.Rows[0].Err; got != "colonne « Nom » : texte trop long : 200 caractères au plus (201 saisis)" {
		t.Errorf("name: %q", got)
	}
	if got := in.Rows[1].Err; !strings.Contains(got, "colonne « Intérêts » : texte trop long") {
		t.Errorf("interests: %q", got)
	}
	if in.Rows[2].Err != "" || in.Rows[2].Person.Notes != note {
		t.Errorf("a long note must be read whole: %q, %d chars", in.Rows[2].Err, len(in.Rows[2].Person.Notes))
	}
}

// The agreed contribution is dues data: an import fills it only for an
// account with the cotisations right; without it, the column is left out
// of the whole import and the report says so.
func TestImportContributionNeedsTheRight(t *testing.T) {
	const file = "Nom;Prénom;Type;Courriel;Cotisation convenue\r\n" +
		"Nouveau;Jean;adhérent;;12,00 €, mensuel\r\n" +
		"Benali;Samira;adhérent;samira.benali@exemple.fr;15 € / mois\r\n"
	const ignored = "colonne « Cotisation convenue » ignorée : il faut le droit « cotisations » pour la renseigner"
	agreed := func(t *testing.T, w *world, sess *store.Session, name string) model.Contribution {
		t.Helper()
		res, err := w.st.Search(sess, nil, store.SortName)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range res.IDs {
			if p, err := w.st.Get(sess, id); err == nil && p.LastName == name {
				return p.Contribution
			}
		}
		t.Fatalf("no fiche %s", name)
		return model.Contribution{}
	}

	t.Run("sans le droit cotisations", func(t *testing.T) {
		w := newWorld(t)
		writer := w.user(t, "Léa", "Écrit", w.fed.Path, model.RightWrite)
		rep, err := Apply(w.st, writer, load(t, storetest.TempFile(t, "c.csv", file)), Options{Source: "Fichier papier", Unit: w.sud.Path})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 1 || !slices.Equal(rep.Ignored, []string{ignored}) || !strings.HasSuffix(rep.Summary(), " ; "+ignored) {
			t.Errorf("report %+v, summary %q", rep, rep.Summary())
		}
		for _, name := range []string{"Nouveau", "Benali"} {
			if c := agreed(t, w, w.sys, name); !c.IsZero() {
				t.Errorf("%s: contribution %v set without the right", name, c)
			}
		}
		j, err := w.st.Journal(w.sys, store.JournalFilter{Action: model.ActionImport})
		if err != nil || len(j) != 1 || !strings.Contains(j[0].Detail, ignored) {
			t.Errorf("the journal does not say the column was left out: %+v %v", j, err)
		}
	})

	t.Run("avec le droit cotisations", func(t *testing.T) {
		w := newWorld(t)
		treasurer := w.user(t, "Léo", "Trésorier", w.fed.Path, model.RightWrite|model.RightCotisations)
		rep, err := Apply(w.st, treasurer, load(t, storetest.TempFile(t, "c.csv", file)), Options{Source: "Fichier papier", Unit: w.sud.Path})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 1 || rep.Merged != 1 || rep.Ignored != nil {
			t.Fatalf("report %+v", rep)
		}
		if l := lineOf(rep, 3); !slices.Contains(l.Filled, "Cotisation convenue") {
			t.Errorf("Benali's line: %+v", l)
		}
		if c := agreed(t, w, w.sys, "Nouveau"); c != (model.Contribution{Cents: 1200, Rhythm: model.RhythmMensuel}) {
			t.Errorf("Nouveau: %v", c)
		}
		if c := agreed(t, w, w.sys, "Benali"); c != (model.Contribution{Cents: 1500, Rhythm: model.RhythmMensuel}) {
			t.Errorf("Benali: %v", c)
		}
		hist, err := w.st.History(w.sys, w.p["Benali"].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := model.Change{Field: "Cotisation convenue", New: "15,00 €, mensuel"}
		if !slices.ContainsFunc(hist, func(e model.AuditEntry) bool { return slices.Contains(e.Changes, want) }) {
			t.Errorf("the journal does not name the contribution: %+v", hist)
		}
	})
}

// A « Cotisation » column that holds something else (« à jour », a year)
// rejects no row of an account without the cotisations right: the column
// is left out for it anyway, and the report says so. With the right, the
// cells must be read, and an unreadable one rejects its row.
func TestImportUnreadableContributionWithoutTheRight(t *testing.T) {
	const file = "Nom;Prénom;Type;Cotisation\r\n" +
		"Nouveau;Jean;adhérent;à jour\r\n" +
		"Autre;Paul;adhérent;2025\r\n"
	const ignored = "colonne « Cotisation convenue » ignorée : il faut le droit « cotisations » pour la renseigner"
	w := newWorld(t)
	writer := w.user(t, "Léa", "Écrit", w.fed.Path, model.RightWrite)
	rep, err := Apply(w.st, writer, load(t, storetest.TempFile(t, "c.csv", file)), Options{Source: "Fichier papier", Unit: w.sud.Path})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 2 || rep.Rejected != 0 || !slices.Equal(rep.Ignored, []string{ignored}) {
		t.Errorf("without the right: %s %+v", rep.Summary(), rep.Lines)
	}

	w = newWorld(t)
	treasurer := w.user(t, "Léo", "Trésorier", w.fed.Path, model.RightWrite|model.RightCotisations)
	rep, err = Apply(w.st, treasurer, load(t, storetest.TempFile(t, "c.csv", file)), Options{Source: "Fichier papier", Unit: w.sud.Path})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected != 2 || !strings.Contains(lineOf(rep, 3).Reason, "colonne « Cotisation »") {
		t.Errorf("with the right: %s %+v", rep.Summary(), rep.Lines)
	}
}
