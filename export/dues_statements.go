package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/store"
)

// StatementsListPreset names the financing association's list in the journal.
const StatementsListPreset = "liste de l'association de financement"

// StatementsListColumns are the columns of the financing association's
// list: who (civility, name, postal address, membership number), the
// year's total by mode, the total and what is eligible for a receipt.
func StatementsListColumns() []string {
	cols := []string{"Civilité", "Nom", "Prénom", "Adresse", "Code postal", "Commune", "N° d'adhérent", "Section"}
	for _, m := range model.PayModes {
		cols = append(cols, capitalize(m.String()))
	}
	return append(cols, "Total", "Ouvrant droit au reçu", "Adresse incomplète", "Attestation corrigée")
}

// statementRow is one line of the list: text cells, then amounts.
func statementRow(l *store.StatementLine) (texts []string, amounts []model.Cents, tail []string) {
	texts = []string{l.Civility.String(), l.LastName, l.FirstName, l.Address.Street, l.Address.PostalCode, l.Address.Commune, l.MemberNumber, l.Section}
	for _, m := range model.PayModes {
		amounts = append(amounts, l.ByMode[m])
	}
	amounts = append(amounts, l.Total, l.Eligible)
	missing, changed := "", ""
	if l.AddressMissing {
		missing = "oui"
	}
	if l.Changed() {
		changed = "remplace celle du " + l.Issued.On.String() + " (" + model.FormatCents(l.Issued.Eligible) + ")"
	}
	return texts, amounts, []string{missing, changed}
}

// WriteStatementsList writes the financing association's list of year as
// xlsx (a sheet of every adherent with a total row, and a sheet of those
// whose address is incomplete: no receipt can be posted to them) or CSV
// (one list, the « Adresse incomplète » column telling them), by the
// file's extension. It needs the export right and is journaled before
// anything is written.
func WriteStatementsList(st *store.Store, sess *store.Session, year int, lines []store.StatementLine, path string) (string, error) {
	f, ok := FormatOf(path)
	if !ok {
		f = XLSX
	}
	path, err := exportPath(st, sess, path, f)
	if err != nil {
		return "", err
	}
	logged := func() error {
		if err := st.LogExport(sess, "année "+strconv.Itoa(year), StatementsListPreset, path, len(lines)); err != nil {
			return exportRightError(err)
		}
		return nil
	}
	if f == CSV {
		return path, writeWhole(path, logged, func(w *bufio.Writer) error { return statementsCSV(w, lines) })
	}
	book := xlsx.NewFile()
	all, err := book.AddSheet(fmt.Sprintf("Cotisations %d", year))
	if err != nil {
		return "", err
	}
	missing, err := book.AddSheet("Adresses incomplètes")
	if err != nil {
		return "", err
	}
	cols := StatementsListColumns()
	duesHeader(all, cols)
	duesHeader(missing, cols)
	var total []model.Cents
	for i := range lines {
		l := &lines[i]
		texts, amounts, tail := statementRow(l)
		statementXLSXRow(all, texts, amounts, tail, false)
		if l.AddressMissing {
			statementXLSXRow(missing, texts, amounts, tail, false)
		}
		if total == nil {
			total = make([]model.Cents, len(amounts))
		}
		for j, a := range amounts {
			total[j] += a
		}
	}
	if total != nil {
		texts := make([]string, 8)
		texts[0] = fmt.Sprintf("Total (%d adhérents)", len(lines))
		statementXLSXRow(all, texts, total, nil, true)
	}
	return path, writeWhole(path, logged, func(w *bufio.Writer) error { return book.Write(w) })
}

func statementXLSXRow(sh *xlsx.Sheet, texts []string, amounts []model.Cents, tail []string, bold bool) {
	row := sh.AddRow()
	var style *xlsx.Style
	if bold {
		style = xlsx.NewStyle()
		style.Font.Bold, style.ApplyFont = true, true
	}
	for _, t := range texts {
		c := row.AddCell()
		c.SetString(t)
		if style != nil {
			c.SetStyle(style)
		}
	}
	for _, a := range amounts {
		c := row.AddCell()
		c.SetFloatWithFormat(float64(a)/100, xlsxEuroFormat)
		if style != nil {
			c.SetStyle(style)
		}
	}
	for _, t := range tail {
		row.AddCell().SetString(t)
	}
}

// statementsCSV writes the list as French Excel opens it: BOM, « ; »,
// CRLF, amounts with a decimal comma and no thousands separator.
func statementsCSV(w *bufio.Writer, lines []store.StatementLine) error {
	if _, err := w.WriteString("\uFEFF"); err != nil {
		return err
	}
	c := csv.NewWriter(w)
	c.Comma, c.UseCRLF = ';', true
	if err := c.Write(StatementsListColumns()); err != nil {
		return err
	}
	for i := range lines {
		texts, amounts, tail := statementRow(&lines[i])
		rec := make([]string, 0, len(texts)+len(amounts)+len(tail))
		for _, t := range texts {
			rec = append(rec, csvSafe(t))
		}
		for _, a := range amounts {
			rec = append(rec, csvAmount(a))
		}
		rec = append(rec, tail...)
		if err := c.Write(rec); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

// csvAmount is "1200,50": a number French spreadsheets read as such.
func csvAmount(a model.Cents) string {
	neg := a < 0
	if neg {
		a = -a
	}
	s := fmt.Sprintf("%d,%02d", a/100, a%100)
	if neg {
		s = "-" + s
	}
	return s
}
