package export

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tealeg/xlsx/v3"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/store"
)

// DuesPreset names the dues report in the journal.
const DuesPreset = "cotisations détaillées"

// xlsxEuroFormat shows a number as euros, the French way once the
// spreadsheet is in French ("1 200,50 €").
const xlsxEuroFormat = `#,##0.00\ "€"`

// DuesColumns are the report's columns, the same on every sheet: the unit,
// the counts and amounts, then one column per month of the period.
func DuesColumns(r *model.DuesReport, first string) []string {
	cols := []string{first, "Cotisants", "Total"}
	for _, m := range model.PayModes {
		cols = append(cols, capitalize(m.String()))
	}
	cols = append(cols, "Pas à jour", "Cotisants N-1", "Total N-1")
	for _, m := range r.Months {
		cols = append(cols, m.String())
	}
	return cols
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// WriteDuesReport writes the report as an xlsx workbook at path: a summary
// sheet (one line per section and the total) and one sheet per section
// (its cells and its total). Amounts are numbers formatted in euros; every
// total is the exact sum of its lines. It needs the export right and is
// journaled before anything is written; the file appears whole or not at all.
func WriteDuesReport(st *store.Store, sess *store.Session, r *model.DuesReport, path string) (string, error) {
	path, err := exportPath(st, sess, path, XLSX)
	if err != nil {
		return "", err
	}
	f := xlsx.NewFile()
	names := sheetNames{}
	sum, err := f.AddSheet(names.unique("Synthèse"))
	if err != nil {
		return "", err
	}
	duesHeader(sum, DuesColumns(r, "Section"))
	for _, s := range r.Sections {
		duesRow(sum, &s.DuesLine, false)
	}
	duesRow(sum, &r.Total, true)
	prevFrom, prevTo := r.PrevPeriod()
	note := sum.AddRow()
	note.AddCell()
	note.AddCell().SetString(fmt.Sprintf("Période du %s au %s, comparée à celle du %s au %s. « Pas à jour » : adhérents en retard ou n'ayant jamais cotisé, à ce jour.",
		r.From, r.To, prevFrom, prevTo))
	for _, s := range r.Sections {
		sh, err := f.AddSheet(names.unique(s.Name))
		if err != nil {
			return "", err
		}
		duesHeader(sh, DuesColumns(r, "Cellule"))
		for _, c := range s.Cells {
			duesRow(sh, &c, false)
		}
		total := s.DuesLine
		total.Name = "Total " + s.Name
		duesRow(sh, &total, true)
	}
	logged := func() error {
		if err := st.LogExport(sess, "période du "+r.From.String()+" au "+r.To.String(), DuesPreset, path, len(r.Sections)); err != nil {
			return exportRightError(err)
		}
		return nil
	}
	return path, writeWhole(path, logged, func(w *bufio.Writer) error { return f.Write(w) })
}

func duesHeader(sh *xlsx.Sheet, cols []string) {
	bold := xlsx.NewStyle()
	bold.Font.Bold, bold.ApplyFont = true, true
	sh.SheetViews = []xlsx.SheetView{{Pane: &xlsx.Pane{XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight", State: "frozen"}}}
	row := sh.AddRow()
	for i, c := range cols {
		cell := row.AddCell()
		cell.SetString(c)
		cell.SetStyle(bold)
		col := xlsx.NewColForRange(i+1, i+1)
		col.SetWidth(max(12, float64(len([]rune(c)))+2))
		if i == 0 {
			col.SetWidth(28)
		}
		sh.SetColParameters(col)
	}
}

func duesRow(sh *xlsx.Sheet, l *model.DuesLine, total bool) {
	row := sh.AddRow()
	var style *xlsx.Style
	if total {
		style = xlsx.NewStyle()
		style.Font.Bold, style.ApplyFont = true, true
	}
	add := func(set func(c *xlsx.Cell)) {
		c := row.AddCell()
		set(c)
		if style != nil {
			c.SetStyle(style)
		}
	}
	euros := func(c model.Cents) {
		add(func(cell *xlsx.Cell) { cell.SetFloatWithFormat(float64(c)/100, xlsxEuroFormat) })
	}
	count := func(n int) { add(func(cell *xlsx.Cell) { cell.SetInt(n) }) }
	add(func(c *xlsx.Cell) { c.SetString(l.Name) })
	count(l.Cotisants)
	euros(l.Total)
	for _, m := range model.PayModes {
		euros(l.ByMode[m])
	}
	count(l.Behind)
	count(l.PrevCotisants)
	euros(l.PrevTotal)
	for _, c := range l.ByMonth {
		euros(c)
	}
}

// sheetNames makes spreadsheet-safe, unique sheet names (31 characters at
// most, none of : \ / ? * [ ]).
type sheetNames map[string]bool

func (s sheetNames) unique(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || r < ' ' {
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(name, "' ")
	if name == "" {
		name = "Section"
	}
	base := []rune(name)
	for i := 1; ; i++ {
		cand := string(base[:min(len(base), 31)])
		if i > 1 {
			suffix := fmt.Sprintf(" (%d)", i)
			cand = string(base[:min(len(base), 31-len(suffix))]) + suffix
		}
		if !s[strings.ToLower(cand)] {
			s[strings.ToLower(cand)] = true
			return cand
		}
	}
}

// writeWhole writes a file through safefile (whole or not at all). before
// runs once the temporary file exists — a folder where nothing can be
// written is refused first — and before anything is written (the journal).
func writeWhole(path string, before func() error, write func(w *bufio.Writer) error) error {
	tmp, err := safefile.Create(path)
	if err != nil {
		return fmt.Errorf("impossible d'écrire dans %s : %w", filepath.Dir(path), safefile.French(err))
	}
	defer tmp.Discard()
	if err := before(); err != nil {
		return err
	}
	buf := bufio.NewWriterSize(tmp, 256<<10)
	if err := errors.Join(write(buf), buf.Flush(), tmp.Commit()); err != nil {
		return fmt.Errorf("écriture de %s impossible : %w", path, safefile.French(err))
	}
	return nil
}

// DuesDefaultPath is the suggested file for the report of from–to in dir
// (the home folder when empty): "cotisations-2026.xlsx" for a calendar
// year, "cotisations-2026-01-01-2026-03-31.xlsx" otherwise.
func DuesDefaultPath(dir string, from, to model.Date) string {
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = home
		}
	}
	name := fmt.Sprintf("cotisations-%d.xlsx", from.Year())
	if y1, y2 := store.YearPeriod(from.Year()); from != y1 || to != y2 {
		name = fmt.Sprintf("cotisations-%04d-%02d-%02d-%04d-%02d-%02d.xlsx",
			from.Year(), from.Month(), from.Day(), to.Year(), to.Month(), to.Day())
	}
	return filepath.Join(dir, name)
}
