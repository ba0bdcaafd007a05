package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/store"
)

func headers(s Sheet) []string {
	out := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		out[i] = c.Header
	}
	return out
}

func TestPresetColumns(t *testing.T) {
	want := map[string][][]string{
		"rappel":   {{"Nom", "Prénom", "Mobile", "Fixe", "Section", "Cellule", "Type", "Dernier appel / notes"}},
		"courrier": {{"Civilité", "Nom", "Prénom", "Adresse", "Code postal", "Commune"}},
		"courriel": {{"Nom", "Prénom", "Courriel"}},
		"lettre":   {{"Civilité", "Nom", "Prénom", "Courriel"}, {"Civilité", "Nom", "Prénom", "Adresse", "Code postal", "Commune", "NPAI"}},
	}
	for name, sheets := range want {
		p, ok := PresetByName(name)
		if !ok {
			t.Fatalf("no preset %s", name)
		}
		if len(p.Sheets) != len(sheets) {
			t.Fatalf("%s: %d sheets", name, len(p.Sheets))
		}
		for i, s := range sheets {
			if got := headers(p.Sheets[i]); !slices.Equal(got, s) {
				t.Errorf("%s sheet %d: %q, want %q", name, i, got, s)
			}
		}
	}
	if p, _ := PresetByName("lettre"); p.Sheets[0].Name != "Par courriel" || p.Sheets[1].Name != "Papier" {
		t.Errorf("lettre sheets: %q, %q", p.Sheets[0].Name, p.Sheets[1].Name)
	}
	// The full preset has every attribute of the fiche.
	full := strings.Join(headers(presetComplet.Sheets[0]), "|")
	for _, f := range model.MergeFields {
		label := f.Label
		switch f.Key {
		case model.FieldOrg:
			label = "Section"
		case model.FieldStreet:
			label = "Adresse"
		}
		if !strings.Contains(full, label) {
			t.Errorf("complet lacks %q", label)
		}
	}
	// Neutral presets: nothing political in columns, sheet or file names.
	political := []string{"type", "section", "cellule", "federation", "interet", "mandat", "syndicat", "association", "statut", "cotisation", "adherent", "source", "notes", "npai", "parti", "militant", "routage", "petition"}
	for _, p := range Presets {
		if !p.Neutral {
			continue
		}
		texts := []string{p.Stem}
		for _, s := range p.Sheets {
			texts = append(texts, s.Name)
			texts = append(texts, headers(s)...)
		}
		for _, txt := range texts {
			for _, word := range political {
				if strings.Contains(model.Fold(txt), word) {
					t.Errorf("neutral preset %s shows %q (%s)", p.Name, txt, word)
				}
			}
		}
	}
	if _, ok := PresetByName("Rappel "); !ok {
		t.Error("preset names are loose")
	}
}

func planFor(t *testing.T, w *world, sess *store.Session, preset, query string) *Plan {
	t.Helper()
	p, ok := PresetByName(preset)
	if !ok {
		t.Fatalf("no preset %s", preset)
	}
	plan, err := Prepare(w.st, sess, Request{Preset: p, Query: query, Format: XLSX, Path: filepath.Join(t.TempDir(), "x.xlsx")})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func planNames(t *testing.T, w *world, plan *Plan) []string {
	t.Helper()
	var out []model.Person
	for _, id := range plan.IDs {
		p, err := w.st.Get(w.sys, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return names(out)
}

func TestPresetExclusions(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		preset   string
		want     []string
		excluded map[string]int
	}{
		// Lefèvre has no phone; Roux does not want to be called; Ancien died.
		{"rappel", []string{"Benali", "Dupont-Martin", "Haddad", "Morel"}, map[string]int{OutNoPhone: 1, OutDoNotCall: 1, OutDeceased: 1}},
		// Lefèvre: NPAI; Morel: no consent to post; Ancien: died.
		{"courrier", []string{"Benali", "Dupont-Martin", "Haddad", "Roux"}, map[string]int{OutNPAI: 1, OutNoPost: 1, OutDeceased: 1}},
		// Dupont-Martin: no email.
		{"courriel", []string{"Benali", "Haddad", "Lefèvre", "Morel", "Roux"}, map[string]int{OutNoEmail: 1, OutDeceased: 1}},
		{"lettre", []string{"Benali", "Dupont-Martin", "Haddad", "Roux"}, map[string]int{OutNotMember: 2, OutDeceased: 1}},
		{"complet", []string{"Ancien", "Benali", "Dupont-Martin", "Haddad", "Lefèvre", "Morel", "Roux"}, map[string]int{}},
	} {
		plan := planFor(t, w, w.sys, c.preset, "")
		if got := planNames(t, w, plan); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.preset, got, c.want)
		}
		if len(plan.Excluded) != len(c.excluded) {
			t.Errorf("%s excluded %v, want %v", c.preset, plan.Excluded, c.excluded)
		}
		for k, v := range c.excluded {
			if plan.Excluded[k] != v {
				t.Errorf("%s excluded %v, want %v", c.preset, plan.Excluded, c.excluded)
			}
		}
		if plan.Matched != 7 {
			t.Errorf("%s matched %d", c.preset, plan.Matched)
		}
	}
	// The query applies first.
	plan := planFor(t, w, w.sys, "rappel", "quartier:villeneuve")
	if got := planNames(t, w, plan); !slices.Equal(got, []string{"Haddad"}) || plan.Matched != 1 {
		t.Errorf("rappel quartier:villeneuve: %v (%d matched)", got, plan.Matched)
	}
	if txt := planFor(t, w, w.sys, "rappel", "").ExclusionText(); !strings.Contains(txt, "1 sans téléphone") || !strings.Contains(txt, "1 décédé") {
		t.Errorf("exclusion text %q", txt)
	}
	if _, err := Prepare(w.st, w.sys, Request{Query: "quartié:x"}); err == nil || !strings.Contains(err.Error(), "champ inconnu") {
		t.Errorf("bad query: %v", err)
	}
}

// readXLSX opens an export with tealeg.
func readXLSX(t *testing.T, path string) *xlsx.File {
	t.Helper()
	f, err := xlsx.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func writeExport(t *testing.T, w *world, sess *store.Session, preset, query string, f Format) Result {
	t.Helper()
	p, _ := PresetByName(preset)
	path := filepath.Join(t.TempDir(), "export"+f.Ext())
	plan, err := Prepare(w.st, sess, Request{Preset: p, Query: query, Format: f, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Write(context.Background(), w.st, sess, plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != path {
		t.Fatalf("written to %s, not %s", res.Path, path)
	}
	return res
}

func TestLettreCoversEveryAdherentOnce(t *testing.T) {
	w := newWorld(t)
	res := writeExport(t, w, w.sys, "lettre", "", XLSX)
	f := readXLSX(t, res.Path)
	if len(f.Sheets) != 2 || f.Sheets[0].Name != "Par courriel" || f.Sheets[1].Name != "Papier" {
		t.Fatalf("sheets: %v", f.Sheets)
	}
	rows, err := f.ToSlice()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for si, sheet := range rows {
		for _, r := range sheet[1:] {
			name := r[1]
			if prev, dup := seen[name]; dup {
				t.Errorf("%s in %s and %s", name, prev, f.Sheets[si].Name)
			}
			seen[name] = f.Sheets[si].Name
		}
	}
	// Every current adherent, once: with an email → by email, unless
	// they prefer paper; without → on paper.
	want := map[string]string{"Benali": "Par courriel", "Haddad": "Par courriel", "Dupont-Martin": "Papier", "Roux": "Papier"}
	if len(seen) != len(want) {
		t.Errorf("sheets hold %v, want %v", seen, want)
	}
	for n, s := range want {
		if seen[n] != s {
			t.Errorf("%s in %q, want %q", n, seen[n], s)
		}
	}
	if res.PerSheet[0] != 2 || res.PerSheet[1] != 2 || res.Rows != 4 {
		t.Errorf("result %+v", res)
	}
}

func TestCSVBytes(t *testing.T) {
	w := newWorld(t)
	p := w.p["Morel"]
	p.FirstName = "=HYPERLINK(\"x\")"
	if _, err := w.st.Update(w.sys, p); err != nil {
		t.Fatal(err)
	}
	res := writeExport(t, w, w.sys, "complet", "", CSV)
	data, err := os.ReadFile(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no BOM: % x", data[:8])
	}
	text := string(data[3:])
	if !strings.HasPrefix(text, "ID;N° d'adhérent;Type;Statut;Archivée;Civilité;Nom;Prénom;Date de naissance;") {
		t.Errorf("header: %.120s", text)
	}
	// Every line ends with CRLF; no bare LF outside quoted values.
	if strings.Count(text, "\r\n") < 8 || !strings.HasSuffix(text, "\r\n") {
		t.Errorf("not CRLF: %q", text[:200])
	}
	for _, want := range []string{
		";BENALI;", "Benali;Samira;14/06/1985;", ";38130;Échirolles;", ";06 12 34 56 78;", ";01000;Bourg-en-Bresse;",
		"\"Ligne 1\r\nLigne 2 ; avec « guillemets » et \"\"doubles\"\"\"", // quoted, CRLF inside too
		";\"'=HYPERLINK(\"\"x\"\")\";",                                    // formula neutralised
		"santé, logement",
	} {
		if want == ";BENALI;" {
			continue // names are written as typed
		}
		if !strings.Contains(text, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	// Read back: the same table.
	tbl, err := ParseTable("x.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if tbl.Separator != ';' || tbl.Encoding != "UTF-8" || len(tbl.Rows) != 7 || len(tbl.Header) != len(completeColumns) {
		t.Fatalf("read back: sep %q enc %s rows %d cols %d", tbl.Separator, tbl.Encoding, len(tbl.Rows), len(tbl.Header))
	}
	found := false
	for _, r := range tbl.Rows {
		if slices.Contains(r.Cells, "=HYPERLINK(\"x\")") {
			found = true
		}
	}
	if !found {
		t.Error("the apostrophe guarding a formula is not removed on reading")
	}

	// lettre in CSV: one list with the sheet's name first.
	res = writeExport(t, w, w.sys, "lettre", "", CSV)
	data, _ = os.ReadFile(res.Path)
	lines := strings.Split(strings.TrimSuffix(string(data[3:]), "\r\n"), "\r\n")
	if lines[0] != "Liste;Civilité;Nom;Prénom;Courriel;Adresse;Code postal;Commune;NPAI" || len(lines) != 5 {
		t.Errorf("lettre CSV:\n%s", strings.Join(lines, "\n"))
	}
	if !strings.HasPrefix(lines[1], "Par courriel;") || !strings.Contains(string(data), "Papier;Mme;Dupont-Martin;Émilie;;3 rue Jean Jaurès;38320;Eybens;") {
		t.Errorf("lettre CSV:\n%s", strings.Join(lines, "\n"))
	}
}

// zipPart returns one part of an xlsx file.
func zipPart(t *testing.T, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatalf("no %s in %s", name, path)
	return ""
}

func TestXLSXReadBack(t *testing.T) {
	w := newWorld(t)
	res := writeExport(t, w, w.sys, "complet", "", XLSX)
	f := readXLSX(t, res.Path)
	if len(f.Sheets) != 1 || f.Sheets[0].Name != "Fiches" {
		t.Fatalf("sheets %v", f.Sheets)
	}
	sh := f.Sheets[0]
	// Header: bold, frozen, filterable; widths set.
	hdr, _ := sh.Cell(0, 0)
	if hdr.Value != "ID" || !hdr.GetStyle().Font.Bold {
		t.Errorf("header cell %q bold=%v", hdr.Value, hdr.GetStyle().Font.Bold)
	}
	if len(sh.SheetViews) == 0 || sh.SheetViews[0].Pane == nil || sh.SheetViews[0].Pane.State != "frozen" || sh.SheetViews[0].Pane.YSplit != 1 {
		t.Errorf("header row not frozen: %+v", sh.SheetViews)
	}
	xml := zipPart(t, res.Path, "xl/worksheets/sheet1.xml")
	lastCol := xlsx.ColIndexToLetters(len(completeColumns) - 1)
	if !strings.Contains(xml, `<autoFilter ref="A1:`+lastCol+`8"`) {
		t.Errorf("no autofilter over A1:%s8 in %.600s", lastCol, xml)
	}
	if !strings.Contains(zipPart(t, res.Path, "xl/workbook.xml"), "_xlnm._FilterDatabase") {
		t.Error("no filter database name")
	}
	if col := sh.Cols.FindColByIndex(7); col == nil || col.Width == nil || *col.Width < 15 {
		t.Errorf("Nom column width: %+v", col)
	}

	colOf := map[string]int{}
	for i, c := range completeColumns {
		colOf[c.Header] = i
	}
	byName := map[string]int{}
	for r := 1; r < sh.MaxRow; r++ {
		c, _ := sh.Cell(r, colOf["Nom"])
		byName[c.Value] = r
	}
	cell := func(name, header string) *xlsx.Cell {
		c, err := sh.Cell(byName[name], colOf[header])
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Phones and postal codes: text, leading zeros kept.
	for _, c := range []struct{ name, header, want string }{
		{"Benali", "Mobile", "06 12 34 56 78"},
		{"Dupont-Martin", "Fixe", "04 76 12 34 56"},
		{"Morel", "Code postal", "01000"},
		{"Benali", "Commune", "Échirolles"},
		{"Benali", "Adresse", "12 avenue des Îles"},
		{"Benali", "Centres d'intérêt", "santé, logement"},
		{"Benali", "Notes", "Ligne 1\nLigne 2 ; avec « guillemets » et \"doubles\""},
		{"Benali", "Canaux consentis", "courrier, courriel, téléphone"},
		{"Lefèvre", "Type", "compagnon de route"},
		{"Lefèvre", "NPAI", "oui"},
		{"Benali", "Cellule", "Échirolles"},
	} {
		got := cell(c.name, c.header)
		if got.Type() != xlsx.CellTypeString || got.Value != c.want {
			t.Errorf("%s/%s: %q (type %v), want text %q", c.name, c.header, got.Value, got.Type(), c.want)
		}
	}
	// The postal code column is formatted as text.
	if !strings.Contains(zipPart(t, res.Path, "xl/styles.xml"), `numFmtId="49"`) {
		t.Error("no text format (@) in styles")
	}
	// Dates: real date cells showing jj/mm/aaaa, the day stored.
	for _, c := range []struct {
		name, header string
		want         model.Date
	}{
		{"Benali", "Date de naissance", model.NewDate(1985, 6, 14)},
		{"Benali", "Date du consentement", model.NewDate(2024, 9, 14)},
		{"Haddad", "Date de naissance", model.NewDate(1970, 1, 1)},
		{"Benali", "Date d'adhésion", model.NewDate(2026, 11, 25)},
	} {
		got := cell(c.name, c.header)
		if got.Type() != xlsx.CellTypeNumeric || !got.IsTime() {
			t.Errorf("%s/%s: not a date cell (%v, %q)", c.name, c.header, got.Type(), got.GetNumberFormat())
			continue
		}
		if got.GetNumberFormat() != "dd/mm/yyyy" {
			t.Errorf("%s/%s: format %q", c.name, c.header, got.GetNumberFormat())
		}
		shown, err := got.FormattedValue()
		if err != nil || shown != c.want.String() {
			t.Errorf("%s/%s shows %q (%v), want %s", c.name, c.header, shown, err, c.want)
		}
		tm, _ := got.GetTime(false)
		if model.DateOf(tm) != c.want {
			t.Errorf("%s/%s reads back as %v", c.name, c.header, tm)
		}
	}
	// Empty values make no cell.
	if c, _ := sh.Cell(byName["Dupont-Martin"], colOf["Courriel"]); c.Value != "" {
		t.Errorf("empty email: %q", c.Value)
	}
	if res.Rows != 7 {
		t.Errorf("%d rows", res.Rows)
	}
}

// TestXLSXDatesInEveryZone writes and reads back dates with the machine in
// zones far from UTC: the day shown is the day stored.
func TestXLSXDatesInEveryZone(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	days := []model.Date{model.NewDate(1985, 6, 14), model.NewDate(2000, 1, 1), model.NewDate(1900, 3, 1), model.NewDate(2026, 3, 29), model.NewDate(2026, 10, 25), model.NewDate(1999, 12, 31)}
	for _, zone := range []string{"Europe/Paris", "Pacific/Kiritimati", "America/Los_Angeles", "Pacific/Pago_Pago", "UTC"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("no zone data: %v", err)
		}
		time.Local = loc
		var buf bytes.Buffer
		wr, err := NewWriter(XLSX, &buf, []Sheet{{Name: "Dates", Columns: []Column{date("Jour", func(*model.Person) model.Date { return 0 })}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range days {
			wr.Row(0, []Value{{Kind: Date, Date: d}})
		}
		if err := wr.Close(); err != nil {
			t.Fatal(err)
		}
		f, err := xlsx.OpenBinary(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range days {
			c, _ := f.Sheets[0].Cell(i+1, 0)
			shown, _ := c.FormattedValue()
			back, ok := dateFromSerial(mustFloat(t, c))
			if shown != d.String() || !ok || back != d {
				t.Errorf("%s: %s shown as %q, read back %v", zone, d, shown, back)
			}
		}
		tbl, err := ParseTable("dates.xlsx", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range days {
			if tbl.Rows[i].Cells[0] != d.String() {
				t.Errorf("%s: import reads %q for %s", zone, tbl.Rows[i].Cells[0], d)
			}
		}
	}
	// What tealeg's own SetDate would have done with local midnight in
	// Paris: the day before. (The reason for DateSerial.)
	paris, _ := time.LoadLocation("Europe/Paris")
	var c xlsx.Cell
	c.SetDate(time.Date(1985, 6, 14, 0, 0, 0, 0, paris))
	if s, _ := DateSerial(model.NewDate(1985, 6, 14)); mustFloat(t, &c) >= float64(s) {
		t.Errorf("SetDate no longer shifts to UTC (%v): the workaround may go", c.Value)
	}
	if _, ok := DateSerial(model.NewDate(1899, 5, 1)); ok {
		t.Error("a date before 1900-03-01 has no reliable serial")
	}
}

func mustFloat(t *testing.T, c *xlsx.Cell) float64 {
	t.Helper()
	f, err := c.Float()
	if err != nil {
		t.Fatalf("%q: %v", c.Value, err)
	}
	return f
}

// TestLibreOfficeOpensExports converts exports to CSV with LibreOffice,
// headless, when it is installed (CI has none: skipped).
func TestLibreOfficeOpensExports(t *testing.T) {
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		if bin, err = exec.LookPath("soffice"); err != nil {
			t.Skip("LibreOffice absent : conversion non testée")
		}
	}
	w := newWorld(t)
	res := writeExport(t, w, w.sys, "complet", "", XLSX)
	out := t.TempDir()
	cmd := exec.Command(bin, "--headless", "-env:UserInstallation=file://"+t.TempDir(), "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1", "--outdir", out, res.Path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(filepath.Base(res.Path), ".xlsx")+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"14/06/1985", "06 12 34 56 78", "01000", "Échirolles", "Dupont-Martin"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("LibreOffice's CSV lacks %q:\n%s", want, data)
		}
	}
}

func TestExportNeedsTheRightAndIsJournaledFirst(t *testing.T) {
	w := newWorld(t)
	reader := w.user(t, "Luc", "Lecteur", w.fed.Path, model.RightWrite) // no export right
	dir := t.TempDir()
	path := filepath.Join(dir, "x.xlsx")
	if _, err := Prepare(w.st, reader, Request{Preset: presetRappel, Path: path}); !errors.Is(err, store.ErrForbidden) || !strings.Contains(err.Error(), "droit d'export") {
		t.Errorf("no export right: %v", err)
	}
	// Even a plan made elsewhere cannot be written with that session.
	plan := planFor(t, w, w.sys, "rappel", "")
	plan.Path = path
	if _, err := Write(context.Background(), w.st, reader, plan, nil); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("write without the right: %v", err)
	}
	if err := w.st.ExportPeople(reader, plan.IDs, func([]model.Person) error { t.Error("rows given"); return nil }); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("ExportPeople without the right: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
	if e := exportEntries(t, w); len(e) != 0 {
		t.Errorf("journaled: %+v", e)
	}

	// With the right: the journal entry exists before the first row is written.
	exporter := w.user(t, "Eva", "Export", w.fed.Path, model.RightExport)
	plan, err := Prepare(w.st, exporter, Request{Preset: presetRappel, Query: "type:adh", Format: XLSX, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	journaledFirst := false
	res, err := Write(context.Background(), w.st, exporter, plan, func(p Progress) {
		if !journaledFirst {
			journaledFirst = len(exportEntries(t, w)) == 1
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !journaledFirst {
		t.Error("rows written before the journal entry")
	}
	e := exportEntries(t, w)
	if len(e) != 1 {
		t.Fatalf("%d export entries", len(e))
	}
	for _, want := range []string{"préréglage rappel", "requête type:adh", "3 lignes", res.Path} {
		if !strings.Contains(e[0].Detail, want) {
			t.Errorf("journal %q lacks %q", e[0].Detail, want)
		}
	}
	if e[0].Actor != "eexport" {
		t.Errorf("actor %q", e[0].Actor)
	}
	// Every export is journaled.
	writeExport(t, w, exporter, "courriel", "", CSV)
	if n := len(exportEntries(t, w)); n != 2 {
		t.Errorf("%d export entries after two exports", n)
	}
}

func TestSectionResponsableExportsTheSectionOnly(t *testing.T) {
	w := newWorld(t)
	sud := w.user(t, "", "", w.sud.Path, model.RightExport, w.p["Dupont-Martin"].ID)
	res := writeExport(t, w, sud, "complet", "", XLSX)
	rows, err := xlsx.FileToSlice(res.Path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[0][1:] {
		got = append(got, r[6])
	}
	slices.Sort(got)
	if want := []string{"Ancien", "Benali", "Dupont-Martin", "Lefèvre", "Morel", "Roux"}; !slices.Equal(got, want) {
		t.Errorf("section export: %v, want %v", got, want)
	}
	// A fiche of another section is not given, even by ID.
	var seen []model.PersonID
	w.st.ExportPeople(sud, []model.PersonID{w.p["Haddad"].ID, w.p["Benali"].ID}, func(c []model.Person) error {
		for _, p := range c {
			seen = append(seen, p.ID)
		}
		return nil
	})
	if !slices.Equal(seen, []model.PersonID{w.p["Benali"].ID}) {
		t.Errorf("out of scope fiche exported: %v", seen)
	}
	// Nor by query.
	if _, err := Prepare(w.st, sud, Request{Query: "section:grenoble"}); err == nil {
		t.Error("a section out of scope is known to the query")
	}
}

func TestFailedOrCancelledExportLeavesNoFile(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	plan, err := Prepare(w.st, w.sys, Request{Preset: presetComplet, Format: CSV, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, w.st, w.sys, plan, nil); err == nil || !strings.Contains(err.Error(), "annulé") {
		t.Errorf("cancelled: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	// Bad destinations, in French.
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "absent", "x.csv"), "n'existe pas"},
		{filepath.Join(dir, "x.xlsx"), "format choisi est CSV"},
		{dir, "dossier"},
		{"", "indiquez"},
	} {
		plan.Path = c.path
		if _, err := Write(context.Background(), w.st, w.sys, plan, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v", c.path, err)
		}
	}
	// A missing extension is added.
	plan.Path = filepath.Join(dir, "liste")
	res, err := Write(context.Background(), w.st, w.sys, plan, nil)
	if err != nil || res.Path != filepath.Join(dir, "liste.csv") {
		t.Errorf("extension: %v %v", res.Path, err)
	}
	// An xlsx too big for memory is refused before anything is written.
	big := &Plan{Request: Request{Preset: presetComplet, Format: XLSX, Path: filepath.Join(dir, "big.xlsx")}, IDs: make([]model.PersonID, XLSXMaxRows(presetComplet)+1)}
	before := len(exportEntries(t, w))
	if _, err := Write(context.Background(), w.st, w.sys, big, nil); !errors.Is(err, ErrTooBigForXLSX) {
		t.Errorf("big xlsx: %v", err)
	}
	if len(exportEntries(t, w)) != before {
		t.Error("a refused export was journaled")
	}
}

func TestDefaultPath(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 11, 25, 9, 0, 0, 0, time.Local)
	if got := DefaultPath(dir, presetComplet, XLSX, "quartier:Villeneuve", day); got != filepath.Join(dir, "export-routage-2026-11-25-quartier-villeneuve.xlsx") {
		t.Errorf("complet: %s", got)
	}
	if got := DefaultPath(dir, presetRappel, CSV, "type:adh intérêt:santé", day); got != filepath.Join(dir, "rappel-2026-11-25-type-adh-interet-sante.csv") {
		t.Errorf("rappel: %s", got)
	}
	// Neutral presets never repeat the search.
	if got := DefaultPath(dir, presetCourrier, XLSX, "type:adh source:pétition", day); got != filepath.Join(dir, "adresses-2026-11-25.xlsx") {
		t.Errorf("courrier: %s", got)
	}
	os.WriteFile(filepath.Join(dir, "courriels-2026-11-25.csv"), nil, 0o600)
	if got := DefaultPath(dir, presetCourriel, CSV, "", day); got != filepath.Join(dir, "courriels-2026-11-25-2.csv") {
		t.Errorf("taken: %s", got)
	}
	if s := Slug(strings.Repeat("quartier:villeneuve ", 10)); len(s) > 48 || strings.HasSuffix(s, "-") {
		t.Errorf("slug %q", s)
	}
	if !regexp.MustCompile(`^[a-z0-9-]*$`).MatchString(Slug("Échirolles « Sud » -tél: 06.12")) {
		t.Error("slug characters")
	}
}

func TestFormatPhoneFastPath(t *testing.T) {
	for _, n := range []string{"+33612345678", "+33712345678", "+33112345678", "+33476123456", "+33912345678", "+33800123456", "+33899123456", "+41221234567", "+262692123456", "+590690123456", ""} {
		if got, want := formatPhone(n), model.FormatPhone(n); got != want {
			t.Errorf("%s: %q, want %q", n, got, want)
		}
	}
}

// The lettre preset's file goes to a print shop too: its default name says
// neither who is in it nor the search (issue 9).
func TestMailingPresetsDefaultNameIsNeutral(t *testing.T) {
	today := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, name := range []string{"lettre", "courrier", "courriel"} {
		p, _ := PresetByName(name)
		path := DefaultPath(t.TempDir(), p, XLSX, "section:vienne intérêt:santé type:adh", today)
		base := model.Fold(filepath.Base(path))
		for _, word := range []string{"vienne", "sante", "adh", "section", "interet"} {
			if strings.Contains(base, word) {
				t.Errorf("%s: default name %s says %q", name, base, word)
			}
		}
	}
}

// The full export holds every attribute of the registry, under a header the
// import maps back to it: a new attribute cannot be left out of it.
func TestCompleteExportHasEveryField(t *testing.T) {
	m := MapColumns(func() []string {
		var h []string
		for _, c := range presetComplet.Sheets[0].Columns {
			h = append(h, c.Header)
		}
		return h
	}())
	for _, f := range model.Fields {
		if !m.Has(f.Key) {
			t.Errorf("%s (%s) is not in the full export, or its header does not import back", f.Key, f.Short)
		}
	}
}
