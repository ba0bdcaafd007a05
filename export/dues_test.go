package export

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/store"
)

func (w *world) pay(t *testing.T, last string, d model.Date, c model.Cents, m model.PayMode) model.Payment {
	t.Helper()
	p, err := w.st.RecordPayment(w.sys, model.Payment{Person: w.p[last].ID, Date: d, Cents: c, Mode: m})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// payCancelled records a payment and its counter-entry (a typing mistake
// corrected).
func (w *world) payCancelled(t *testing.T, last string, d model.Date, c model.Cents, m model.PayMode) {
	t.Helper()
	if _, err := w.st.CancelPayment(w.sys, w.pay(t, last, d, c, m).ID); err != nil {
		t.Fatal(err)
	}
}

// readSheet reads a sheet back as text rows and, per cell, the number (for
// amounts: cents) when the cell is numeric.
func readSheet(t *testing.T, sh *xlsx.Sheet) (text [][]string, nums [][]int64) {
	t.Helper()
	err := sh.ForEachRow(func(r *xlsx.Row) error {
		var ts []string
		var ns []int64
		err := r.ForEachCell(func(c *xlsx.Cell) error {
			ts = append(ts, c.Value)
			f, err := c.Float()
			if err != nil {
				ns = append(ns, math.MinInt64)
				return nil
			}
			ns = append(ns, int64(math.Round(f*100)))
			return nil
		}, xlsx.SkipEmptyCells)
		text, nums = append(text, ts), append(nums, ns)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return text, nums
}

func TestWriteDuesReportReadBack(t *testing.T) {
	w := newWorld(t)
	w.pay(t, "Benali", model.NewDate(2026, 1, 5), 1250, model.ModePrelevement)
	w.pay(t, "Benali", model.NewDate(2026, 2, 5), 1250, model.ModePrelevement)
	w.pay(t, "Dupont-Martin", model.NewDate(2026, 3, 14), 12000, model.ModeCheque)
	w.pay(t, "Haddad", model.NewDate(2026, 11, 2), 3333, model.ModeEspeces)
	w.payCancelled(t, "Haddad", model.NewDate(2026, 11, 3), 99999, model.ModeCarte)
	w.pay(t, "Roux", model.NewDate(2025, 6, 1), 5000, model.ModeVirement)

	tres := w.user(t, "Trésorière", "Fédérale", w.fed.Path, model.RightCotisations|model.RightExport)
	from, to := store.YearPeriod(2026)
	r, err := w.st.DuesReport(tres, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Total != 1250*2+12000+3333 || r.Total.Cotisants != 3 || r.Total.PrevTotal != 5000 {
		t.Fatalf("report total %+v", r.Total)
	}
	path := filepath.Join(t.TempDir(), "cotisations-2026.xlsx")
	got, err := WriteDuesReport(w.st, tres, r, path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := xlsx.OpenFile(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Sheets) != 3 || f.Sheets[0].Name != "Synthèse" || f.Sheets[1].Name != "Grenoble" || f.Sheets[2].Name != "Sud-Grenoblois" {
		t.Fatalf("sheets %v", sheetList(f))
	}
	text, nums := readSheet(t, f.Sheets[0])
	header := text[0]
	if header[2] != "Total" || header[3] != "Espèces" || header[len(header)-1] != "décembre 2026" {
		t.Errorf("header %q", header)
	}
	// Summary: the section lines add up to the total line, in every numeric column.
	totalRow := len(r.Sections) + 1
	if text[totalRow][0] != "Total" || nums[totalRow][2] != int64(r.Total.Total) {
		t.Fatalf("total row %q %v", text[totalRow], nums[totalRow])
	}
	for col := 1; col < len(header); col++ {
		var sum int64
		for row := 1; row < totalRow; row++ {
			sum += nums[row][col]
		}
		if sum != nums[totalRow][col] {
			t.Errorf("summary column %q: lines %d, total %d", header[col], sum, nums[totalRow][col])
		}
	}
	// Each section sheet: cells add up to the section total, equal to its summary line.
	for i, sec := range r.Sections {
		text, nums := readSheet(t, f.Sheets[i+1])
		last := len(text) - 1
		if text[last][0] != "Total "+sec.Name || nums[last][2] != int64(sec.Total) {
			t.Errorf("%s total row %q", sec.Name, text[last])
		}
		var sum int64
		for row := 1; row < last; row++ {
			sum += nums[row][2]
		}
		if sum != nums[last][2] {
			t.Errorf("%s: cells %d, total %d", sec.Name, sum, nums[last][2])
		}
	}
	// The Sud-Grenoblois sheet: Échirolles by prélèvement, the rest without a cell.
	text, nums = readSheet(t, f.Sheets[2])
	if text[1][0] != "Échirolles" || nums[1][2] != 2500 || nums[1][6] != 2500 || text[3][0] != "sans cellule" || nums[3][2] != 12000 {
		t.Errorf("Sud-Grenoblois %q %v", text, nums)
	}
	// Journaled as an export.
	j, _ := w.st.Journal(w.sys, store.JournalFilter{Action: model.ActionExport})
	if len(j) != 1 || !strings.Contains(j[0].Detail, DuesPreset) {
		t.Errorf("journal %+v", j)
	}
}

func sheetList(f *xlsx.File) []string {
	var out []string
	for _, s := range f.Sheets {
		out = append(out, s.Name)
	}
	return out
}

func TestWriteDuesReportNeedsExportRight(t *testing.T) {
	w := newWorld(t)
	reader := w.user(t, "Lecture", "Seule", w.fed.Path, model.RightCotisations)
	from, to := store.YearPeriod(2026)
	r, err := w.st.DuesReport(reader, from, to)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := WriteDuesReport(w.st, reader, r, filepath.Join(dir, "x.xlsx")); err == nil {
		t.Fatalf("written without the export right: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}

func TestSheetNames(t *testing.T) {
	n := sheetNames{}
	for in, want := range map[string]string{"Synthèse": "Synthèse", "a/b:c": "a-b-c", "": "Section"} {
		if got := n.unique(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	long := "Section du canton de Saint-Martin-d'Hères et environs"
	a, b := n.unique(long), n.unique(long)
	if len([]rune(a)) > 31 || len([]rune(b)) > 31 || a == b {
		t.Errorf("%q %q", a, b)
	}
}
