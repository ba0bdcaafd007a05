package export

import (
	"fmt"
	"io"
	"time"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
)

// xlsxDateFormat shows dates the French way in Excel and LibreOffice.
const xlsxDateFormat = "dd/mm/yyyy"

// xlsxWriter builds the workbook with tealeg/xlsx, which keeps it whole in
// memory until Close writes it (see XLSXMaxRows for the size this allows).
// Only non-empty cells are created.
type xlsxWriter struct {
	out    io.Writer
	file   *xlsx.File
	sheets []*xlsx.Sheet
	width  []int
}

func newXLSXWriter(w io.Writer, sheets []Sheet) (*xlsxWriter, error) {
	x := &xlsxWriter{out: w, file: xlsx.NewFile()}
	bold := xlsx.NewStyle()
	bold.Font.Bold = true
	bold.ApplyFont = true
	for _, s := range sheets {
		sh, err := x.file.AddSheet(s.Name)
		if err != nil {
			return nil, fmt.Errorf("nom de feuille « %s » refusé : %w", s.Name, err)
		}
		n := len(s.Columns)
		// The header row stays in view and carries the filter buttons.
		sh.SheetViews = []xlsx.SheetView{{Pane: &xlsx.Pane{
			YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft", State: "frozen",
		}}}
		sh.AutoFilter = &xlsx.AutoFilter{TopLeftCell: "A1", BottomRightCell: xlsx.GetCellIDStringFromCoords(n-1, 0)}
		for i, c := range s.Columns {
			col := xlsx.NewColForRange(i+1, i+1)
			col.SetWidth(max(c.Width, float64(len([]rune(c.Header)))+4)) // room for the filter button
			if c.AsText {
				col.SetType(xlsx.CellTypeString) // format « @ »: stays text when edited
			}
			sh.SetColParameters(col)
		}
		row := sh.AddRow()
		for _, c := range s.Columns {
			cell := row.AddCell()
			cell.SetString(c.Header)
			cell.SetStyle(bold)
		}
		x.sheets = append(x.sheets, sh)
		x.width = append(x.width, n)
	}
	return x, nil
}

func (x *xlsxWriter) Row(sheet int, values []Value) error {
	sh := x.sheets[sheet]
	row := sh.AddRow()
	// Right to left: the row's slice of cells is allocated once, at the
	// last cell (tealeg reallocates it for every cell added on the right).
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		if v.Empty() {
			continue // no cell at all: less memory, same file
		}
		cell := row.GetCell(i)
		if v.Kind == Date {
			setDate(cell, v.Date)
			continue
		}
		cell.SetString(v.Text)
	}
	return nil
}

func (x *xlsxWriter) Close() error {
	// The filters cover every row written.
	for i, sh := range x.sheets {
		sh.AutoFilter.BottomRightCell = xlsx.GetCellIDStringFromCoords(x.width[i]-1, max(sh.MaxRow-1, 0))
	}
	return x.file.Write(x.out)
}

// excelEpoch is day 0 of spreadsheets' 1900 date system (day 1 is
// 01/01/1900 and Lotus's phantom 29/02/1900 is day 60).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// firstSerialDay is the first day from which serials count real days.
var firstSerialDay = model.NewDate(1900, 3, 1)

// DateSerial is the spreadsheet serial number of a civil date: a whole
// number of days, with no time and no zone, so the day shown is the day
// stored wherever the file is opened. (tealeg's SetDate takes an instant and
// converts it to UTC: local midnight in Paris would show the day before.)
// ok is false for dates before 01/03/1900, which spreadsheets count wrong.
func DateSerial(d model.Date) (serial int, ok bool) {
	if d == 0 || d < firstSerialDay || !d.Valid() {
		return 0, false
	}
	return int(d.Time().Sub(excelEpoch).Hours() / 24), true
}

func setDate(cell *xlsx.Cell, d model.Date) {
	serial, ok := DateSerial(d)
	if !ok {
		cell.SetString(d.String())
		return
	}
	cell.SetDateTimeWithFormat(float64(serial), xlsxDateFormat)
}

// dateFromSerial is the civil date of a serial (for reading back).
func dateFromSerial(v float64) (model.Date, bool) {
	if v < 61 || v > 2958465 { // 01/03/1900 … 31/12/9999
		return 0, false
	}
	return model.DateOf(excelEpoch.AddDate(0, 0, int(v))), true
}
