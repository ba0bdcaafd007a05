package export

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/store"
)

var statementNow = time.Date(2027, 1, 20, 10, 0, 0, 0, time.UTC)

// statementsWorld: Benali paid in 2026 a cheque of 120 €, 30 € in cash and
// a transfer of 50 € cancelled by its counter-entry, and in December 2025 a
// cheque for 2026 (it counts in 2025); Roux paid 10 € by card.
func statementsWorld(t *testing.T) (*world, []store.StatementLine) {
	w := newWorld(t)
	w.pay(t, "Benali", model.NewDate(2026, 1, 5), 120_00, model.ModeCheque)
	w.pay(t, "Benali", model.NewDate(2026, 3, 9), 30_00, model.ModeEspeces)
	w.payCancelled(t, "Benali", model.NewDate(2026, 4, 2), 50_00, model.ModeVirement)
	w.pay(t, "Benali", model.NewDate(2025, 12, 20), 99_00, model.ModeCheque)
	w.pay(t, "Roux", model.NewDate(2026, 6, 1), 10_00, model.ModeCarte)
	lines, err := w.st.Statements(w.sys, 2026)
	if err != nil || len(lines) != 2 || lines[0].LastName != "Benali" {
		t.Fatalf("%v %+v", err, lines)
	}
	return w, lines
}

func pdfText(t *testing.T, path string, page int) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext absent (paquet Debian poppler-utils, installé par .ci/run) : le texte des attestations n'est pas vérifié")
	}
	args := []string{"-layout"}
	if page > 0 {
		args = append(args, "-f", itoa(page), "-l", itoa(page))
	}
	out, err := exec.Command("pdftotext", append(args, path, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestAttestationsBatchText(t *testing.T) {
	w, lines := statementsWorld(t)
	dir := t.TempDir()
	files, err := WriteAttestations(w.st, w.sys, lines, dir, true, statementNow)
	if err != nil || len(files) != 1 || filepath.Base(files[0]) != "attestations-2026.pdf" {
		t.Fatalf("%v %v", err, files)
	}
	one := pdfText(t, files[0], 1)
	for _, want := range []string{"Attestation annuelle de cotisations 2026", "Mme Samira BENALI", "12 avenue des Îles", "38130 Échirolles",
		"Fédération Isère — section Sud-Grenoblois", "05/01/2026", "chèque", "espèces", "annulation (contre-passation)", "-50,00 €",
		"Total des cotisations", "150,00 €", "Dont ouvrant droit au reçu fiscal", "66 %", "15 000,00 €", "99,00 €" /* 66 % of 150 */, "Établie le 20/01/2027"} {
		if !strings.Contains(one, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, one)
		}
	}
	if strings.Contains(one, "20/12/2025") {
		t.Error("a 2025 payment on the 2026 statement")
	}
	two := pdfText(t, files[0], 2)
	if !strings.Contains(two, "ROUX") || !strings.Contains(two, "10,00 €") {
		t.Errorf("page 2:\n%s", two)
	}
	// Never another fiche's data on an adherent's page.
	for _, other := range []string{"Benali", "BENALI", "Îles", "120,00"} {
		if strings.Contains(two, other) {
			t.Errorf("Roux's page shows %q", other)
		}
	}
	for _, other := range []string{"Roux", "ROUX", "Mairie"} {
		if strings.Contains(one, other) {
			t.Errorf("Benali's page shows %q", other)
		}
	}
	j, _ := w.st.Journal(w.sys, store.JournalFilter{})
	n := 0
	for _, e := range j {
		if e.Action == store.ActionStatement {
			n++
			if e.PersonID == w.p["Benali"].ID && !strings.Contains(e.Detail, "150,00") {
				t.Errorf("journal %q", e.Detail)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d statements journaled", n)
	}
}

func TestAttestationShowsALaterCorrection(t *testing.T) {
	w, lines := statementsWorld(t)
	if _, err := WriteAttestations(w.st, w.sys, lines, t.TempDir(), false, statementNow); err != nil {
		t.Fatal(err)
	}
	w.pay(t, "Benali", model.NewDate(2026, 11, 20), 15_00, model.ModePrelevement)
	lines, _ = w.st.Statements(w.sys, 2026)
	dir := t.TempDir()
	files, err := WriteAttestations(w.st, w.sys, lines, dir, false, statementNow)
	if err != nil || len(files) != 2 {
		t.Fatal(err, files)
	}
	for _, f := range files {
		base := filepath.Base(f)
		if !strings.HasPrefix(base, "attestation-2026-") || strings.Contains(strings.ToLower(base), "benali") || strings.Contains(strings.ToLower(base), "roux") {
			t.Errorf("file name %q not neutral", base)
		}
	}
	one := pdfText(t, files[0], 0)
	if !strings.Contains(one, "165,00 €") || !strings.Contains(one, "remplace celle du 25/11/2026") || !strings.Contains(one, "150,00 €") {
		t.Errorf("correction not shown:\n%s", one)
	}
	if two := pdfText(t, files[1], 0); strings.Contains(two, "remplace") {
		t.Errorf("unchanged statement says it replaces one:\n%s", two)
	}
}

func TestAttestationsNeedTheExportRight(t *testing.T) {
	w, lines := statementsWorld(t)
	reader := w.user(t, "Lecteur", "Isère", w.fed.Path, model.RightCotisations)
	if _, err := WriteAttestations(w.st, reader, lines, t.TempDir(), true, statementNow); err == nil {
		t.Error("written without the export right")
	}
	if _, err := WriteStatementsList(w.st, reader, 2026, lines, filepath.Join(t.TempDir(), "l.xlsx")); err == nil {
		t.Error("list written without the export right")
	}
}

func TestStatementsListXLSXAndCSV(t *testing.T) {
	w, _ := statementsWorld(t)
	full, _ := w.st.Get(w.sys, w.p["Roux"].ID)
	full.Address.Street = ""
	if _, err := w.st.Update(w.sys, full); err != nil {
		t.Fatal(err)
	}
	lines, _ := w.st.Statements(w.sys, 2026)
	dir := t.TempDir()
	path, err := WriteStatementsList(w.st, w.sys, 2026, lines, filepath.Join(dir, "liste.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	book, err := xlsx.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, nums := readSheet(t, book.Sheets[0])
	cols := StatementsListColumns()
	if strings.Join(text[0], "|") != strings.Join(cols, "|") || len(text) != 4 {
		t.Fatalf("%q", text)
	}
	// Benali: espèces 30, chèque 120, virement 0, prélèvement 0, carte 0, total 150, eligible 150.
	want := []int64{30_00, 120_00, 0, 0, 0, 150_00, 150_00}
	for i, c := range want {
		if nums[1][8+i] != c {
			t.Errorf("Benali col %s: %d, want %d", cols[8+i], nums[1][8+i], c)
		}
	}
	if text[1][1] != "Benali" || text[1][6] == "" || nums[3][8+5] != 160_00 {
		t.Errorf("rows %q total %v", text, nums[3])
	}
	missing, _ := readSheet(t, book.Sheets[1])
	if len(missing) != 2 || missing[1][1] != "Roux" {
		t.Errorf("incomplete addresses %q", missing)
	}
	csvPath, err := WriteStatementsList(w.st, w.sys, 2026, lines, filepath.Join(dir, "liste.csv"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(csvPath)
	if !bytes.HasPrefix(b, []byte("\uFEFFCivilité;Nom;")) || !strings.Contains(string(b), ";Benali;Samira;12 avenue des Îles;38130;Échirolles;") ||
		!strings.Contains(string(b), "30,00;120,00;0,00;0,00;0,00;150,00;150,00;;") || !strings.Contains(string(b), ";Roux;Marc;;38000;") {
		t.Errorf("csv:\n%s", b)
	}
}

func TestRenderAttestationAccents(t *testing.T) {
	_, lines := statementsWorld(t)
	path := filepath.Join(t.TempDir(), "a.pdf")
	f, _ := os.Create(path)
	if err := RenderAttestation(&lines[0], statementNow, bufio.NewWriter(f)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := pdfText(t, path, 0); !strings.Contains(got, "Réduction d'impôt") || !strings.Contains(got, "€") {
		t.Errorf("%s", got)
	}
}

// BenchmarkAttestationsBatch1000 renders a batch of 1 000 attestations
// (one PDF) and journals them.
func BenchmarkAttestationsBatch1000(b *testing.B) {
	w := newWorld(b)
	if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: w.p["Benali"].ID, Date: model.NewDate(2026, 1, 5), Cents: 120_00, Mode: model.ModeCheque}); err != nil {
		b.Fatal(err)
	}
	one, err := w.st.Statements(w.sys, 2026)
	if err != nil || len(one) != 1 {
		b.Fatal(err)
	}
	lines := make([]store.StatementLine, 1000)
	for i := range lines {
		lines[i] = one[0]
	}
	dir := b.TempDir()
	var size int64
	for b.Loop() {
		files, err := WriteAttestations(w.st, w.sys, lines, dir, true, statementNow)
		if err != nil {
			b.Fatal(err)
		}
		fi, _ := os.Stat(files[0])
		size = fi.Size()
	}
	b.ReportMetric(float64(size)/1000, "octets/page")
}
