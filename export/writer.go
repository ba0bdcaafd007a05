package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fichier/model"
)

// Format is the kind of file written.
type Format uint8

const (
	XLSX Format = iota // Excel / LibreOffice workbook
	CSV                // UTF-8 with BOM, « ; », CRLF: what French Excel opens
)

func (f Format) String() string {
	if f == CSV {
		return "CSV"
	}
	return "xlsx"
}

// Ext is the file extension, with its dot.
func (f Format) Ext() string {
	if f == CSV {
		return ".csv"
	}
	return ".xlsx"
}

// ParseFormat reads "xlsx" or "csv".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "xlsx", "excel":
		return XLSX, nil
	case "csv":
		return CSV, nil
	}
	return XLSX, fmt.Errorf("format inconnu « %s » : xlsx ou csv", model.StripControl(s))
}

// FormatOf gives the format a file name asks for by its extension.
func FormatOf(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return XLSX, true
	case ".csv":
		return CSV, true
	}
	return XLSX, false
}

// Writer writes one export file, row by row. The library behind each
// format stays behind this interface, so that it can change without
// touching the callers.
type Writer interface {
	// Row appends a row to sheet i; values follow the sheet's columns.
	Row(sheet int, values []Value) error
	// Close completes the file. Until it returns nil the output is not a
	// valid file.
	Close() error
}

// NewWriter starts a file of the given format on w, with the sheets'
// header rows.
func NewWriter(f Format, w io.Writer, sheets []Sheet) (Writer, error) {
	if len(sheets) == 0 {
		return nil, errors.New("export sans feuille")
	}
	if f == CSV {
		return newCSVWriter(w, sheets)
	}
	return newXLSXWriter(w, sheets)
}

// civil is the local civil date of an instant (0 when unset).
func civil(t time.Time) model.Date {
	if t.IsZero() {
		return 0
	}
	return model.DateOf(t.Local())
}

// ---------------------------------------------------------------------------
// CSV

// csvWriter streams rows: constant memory at any size. A workbook of
// several sheets becomes one list with a first column « Liste » naming the
// sheet, and the union of the sheets' columns.
type csvWriter struct {
	buf  *bufio.Writer
	w    *csv.Writer
	pos  [][]int // per sheet: for each column, its index in the record
	name []string
	rec  []string
	list bool
}

func newCSVWriter(w io.Writer, sheets []Sheet) (*csvWriter, error) {
	c := &csvWriter{buf: bufio.NewWriterSize(w, 64<<10), list: len(sheets) > 1}
	if _, err := c.buf.WriteString("\uFEFF"); err != nil { // BOM: Excel then reads UTF-8
		return nil, err
	}
	c.w = csv.NewWriter(c.buf)
	c.w.Comma = ';'
	c.w.UseCRLF = true
	var header []string
	if c.list {
		header = append(header, "Liste")
	}
	index := map[string]int{}
	for _, s := range sheets {
		pos := make([]int, len(s.Columns))
		for i, col := range s.Columns {
			j, ok := index[col.Header]
			if !ok {
				j = len(header)
				index[col.Header] = j
				header = append(header, col.Header)
			}
			pos[i] = j
		}
		c.pos = append(c.pos, pos)
		c.name = append(c.name, s.Name)
	}
	c.rec = make([]string, len(header))
	return c, c.w.Write(header)
}

func (c *csvWriter) Row(sheet int, values []Value) error {
	clear(c.rec)
	if c.list {
		c.rec[0] = c.name[sheet]
	}
	for i, v := range values {
		c.rec[c.pos[sheet][i]] = csvSafe(v.String())
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.buf.Flush()
}

// csvSafe keeps a spreadsheet from reading a value as a formula: text that
// starts with = + - @ (or a tab or carriage return) gets a leading
// apostrophe, which the import removes again. xlsx cells are typed text and
// need no such care.
func csvSafe(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unCSVSafe undoes csvSafe.
func unCSVSafe(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
