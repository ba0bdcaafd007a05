package export

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
)

func (w *world) round(t *testing.T, q string, r model.Round) model.Round {
	t.Helper()
	parsed, err := query.Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	r.Query = q
	out, err := w.st.CreateRound(w.sys, r, parsed)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRappelPresetShowsTheLastCallAndNotes(t *testing.T) {
	w := newWorld(t)
	r := w.round(t, "nom:benali", model.Round{Name: "Hôpital"})
	if _, err := w.st.RecordCall(w.sys, model.Call{Round: r.ID, Person: w.p["Benali"].ID, Outcome: model.OutcomeNoAnswer, Note: "après 18 h"}); err != nil {
		t.Fatal(err)
	}
	res := writeExport(t, w, w.sys, "rappel", "", CSV)
	data, _ := os.ReadFile(res.Path)
	text := string(data)
	for _, want := range []string{"25/11/2026 pas de réponse (test) : après 18 h — Ligne 1 Ligne 2", "\nDupont-Martin;Émilie;;04 76 12 34 56;Sud-Grenoblois;;adhérent;\r"} {
		if !strings.Contains(text, want) {
			t.Errorf("rappel export lacks %q:\n%s", want, text)
		}
	}
}

// A round on paper: the sheet lists the people to call with the questions
// as columns; filled in and read back, it records the calls by ID, refuses
// unknown outcomes with their reason and creates no fiche.
func TestPaperRoundTrip(t *testing.T) {
	w := newWorld(t)
	r := w.round(t, "section:sud-grenoblois", model.Round{Name: "Pétition", Questions: []model.Question{{Label: "Signe ?", Kind: model.QuestionYesNo}}})
	if r.Deceased != 1 || r.DoNotCall != 1 || r.NoPhone != 1 {
		t.Fatalf("left aside: %+v", r)
	}
	path := filepath.Join(t.TempDir(), "papier.csv")
	res, err := WritePaper(context.Background(), w.st, w.sys, PaperRequest{Round: r.ID, Format: CSV, Path: path})
	if err != nil || res.Rows != 3 {
		t.Fatalf("paper: %+v %v", res, err)
	}
	tbl, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(tbl.Header, ";")
	if !strings.HasPrefix(header, "ID;Nom;Prénom;Mobile;Fixe;Signe ? (oui / non);Résultat (joint, pas de réponse,") {
		t.Fatalf("header %s", header)
	}
	col := func(prefix string) int {
		for i, h := range tbl.Header {
			if strings.HasPrefix(h, prefix) {
				return i
			}
		}
		t.Fatalf("no column %s", prefix)
		return -1
	}
	byName := map[string]int{}
	for i, row := range tbl.Rows {
		byName[row.Cells[1]] = i
	}
	fill := func(name, outcome, detail, answer, note string) {
		row := tbl.Rows[byName[name]].Cells
		row[col("Résultat")], row[col("Précision")], row[col("Signe")], row[col("Note")] = outcome, detail, answer, note
	}
	fill("Benali", "Joint", "", "oui", "très motivée")
	fill("Dupont-Martin", "faux numéro", "fixe", "", "")
	fill("Morel", "peut-être", "", "", "")
	tbl.Rows = append(tbl.Rows, TableRow{Line: 99, Cells: append([]string{"999999"}, make([]string, len(tbl.Header)-1)...)})
	tbl.Rows[len(tbl.Rows)-1].Cells[col("Résultat")] = "joint"
	before, _ := w.st.Count(w.sys)

	rep, err := ReadPaper(w.st, w.sys, r.ID, tbl)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Recorded != 2 || len(rep.Rejected) != 2 {
		t.Fatalf("report %+v", rep)
	}
	if !strings.Contains(rep.Rejected[0].Reason, "résultat inconnu « peut-être »") {
		t.Errorf("reason: %+v", rep.Rejected)
	}
	if after, _ := w.st.Count(w.sys); after != before {
		t.Errorf("fiches created: %+v → %+v", before, after)
	}
	if p, _ := w.st.Get(w.sys, w.p["Dupont-Martin"].ID); p.Landline != "" {
		t.Errorf("wrong landline kept: %q", p.Landline)
	}
	_, sum, err := Summary(w.st, w.sys, r.ID)
	if err != nil || sum.ByOutcome[model.OutcomeReached] != 1 || sum.WrongNumbers != 1 || sum.Answers[0]["oui"] != 1 {
		t.Fatalf("summary %+v %v", sum, err)
	}
	out, err := WriteSummary(w.st, w.sys, r.ID, XLSX, filepath.Join(t.TempDir(), "bilan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	bilan, err := ReadTable(out)
	if err != nil || len(bilan.Rows) < 10 {
		t.Fatalf("bilan: %v %+v", err, bilan)
	}
	entries := exportEntries(t, w)
	if len(entries) != 2 || entries[0].Detail == "" {
		t.Errorf("exports journaled: %+v", entries)
	}
}
