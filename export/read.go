package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tealeg/xlsx/v3"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/store"
)

// MaxImportBytes bounds the size of a file to import.
const MaxImportBytes = 256 << 20

// maxColumns bounds the width of a sheet read: no list of people has a
// thousand columns, and a damaged file may claim sixteen thousand.
const maxColumns = 1000

// Table is a spreadsheet read into memory as text: its header row and its
// data rows.
type Table struct {
	Name      string // the file's base name
	Format    Format
	Sheet     string // xlsx: the sheet read (the first one with data)
	Sheets    int    // xlsx: how many sheets the workbook has
	Encoding  string // CSV: "UTF-8" or "Windows-1252"
	Separator rune   // CSV: ';', ',' or '\t'
	Header    []string
	Rows      []TableRow
}

// TableRow is one data row.
type TableRow struct {
	Line  int      // its number in the file (the header is line 1 for a sheet; CSV: the line it starts on)
	Cells []string // as text; dates jj/mm/aaaa
	// Numeric marks xlsx cells stored as numbers (a postal code typed as a
	// number lost its leading zero there); nil for CSV.
	Numeric []bool
}

// SeparatorName is the separator in words.
func (t *Table) SeparatorName() string {
	switch t.Separator {
	case ';':
		return "point-virgule"
	case ',':
		return "virgule"
	case '\t':
		return "tabulation"
	}
	return string(t.Separator)
}

// ReadTable reads a CSV or xlsx file. A truncated, corrupt or unsupported
// file gives a French error that says so; nothing is ever half read.
func ReadTable(path string) (*Table, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, safefile.French(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s est un dossier : indiquez un fichier CSV ou xlsx", path)
	}
	if fi.Size() > MaxImportBytes {
		return nil, fmt.Errorf("%s est trop gros (%d Mo, %d Mo au plus) : découpez-le", filepath.Base(path), fi.Size()>>20, MaxImportBytes>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, safefile.French(err))
	}
	return ParseTable(filepath.Base(path), data)
}

// ParseTable reads the bytes of a CSV or xlsx file (the format is
// recognised by its content, whatever the name says).
func ParseTable(name string, data []byte) (t *Table, err error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, fmt.Errorf("%s est vide", name)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return parseXLSX(name, data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%s est au format Excel 97-2003 (.xls), que fichier ne lit pas : enregistrez-le en .xlsx ou en CSV", name)
	case strings.EqualFold(filepath.Ext(name), ".xlsx"):
		return nil, fmt.Errorf("%s n'est pas un classeur xlsx valide : il semble tronqué ou abîmé ; rien n'a été importé", name)
	}
	return parseCSV(name, data)
}

// ---------------------------------------------------------------------------
// CSV

func parseCSV(name string, data []byte) (*Table, error) {
	t := &Table{Name: name, Format: CSV, Encoding: "UTF-8"}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// Excel's "Texte Unicode": UTF-16 with a byte-order mark, tab-separated.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("%s : texte UTF-16 illisible (%v)", name, err)
		}
		data, t.Encoding = out, "UTF-16"
	case !utf8.Valid(data):
		// Not UTF-8: French Excel writes Windows-1252 ("CSV (séparateur: point-virgule)").
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("%s : encodage des caractères non reconnu (ni UTF-8 ni Windows-1252)", name)
		}
		data, t.Encoding = out, "Windows-1252"
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s n'est pas un fichier texte CSV (il contient des données binaires) : enregistrez-le en CSV ou en xlsx", name)
	}
	t.Separator = detectSeparator(data)
	records, lines, err := readCSV(data, t.Separator, false)
	var pe *csv.ParseError
	if err != nil && errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
		records, lines, err = readCSV(data, t.Separator, true) // a stray " inside a value
	}
	if err != nil {
		if errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrQuote) {
				return nil, fmt.Errorf("%s semble tronqué ou abîmé : guillemet non fermé à partir de la ligne %d ; rien n'a été importé", name, pe.StartLine)
			}
			return nil, fmt.Errorf("%s : ligne %d illisible (%v) ; rien n'a été importé", name, pe.Line, pe.Err)
		}
		return nil, fmt.Errorf("%s illisible : %v", name, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("%s est vide", name)
	}
	// A last line with fewer cells than the header and no line break after
	// it: the copy was cut short.
	last := records[len(records)-1]
	if len(records) > 1 && len(last) < len(records[0]) && !bytes.HasSuffix(bytes.TrimRight(data, " "), []byte("\n")) {
		return nil, fmt.Errorf("%s semble tronqué : la dernière ligne (n° %d) s'arrête après %d colonnes sur %d ; rien n'a été importé", name, lines[len(lines)-1], len(last), len(records[0]))
	}
	t.Header = trimCells(records[0])
	for i, rec := range records[1:] {
		cells := trimCells(rec)
		for j := range cells {
			cells[j] = unCSVSafe(cells[j])
		}
		t.Rows = append(t.Rows, TableRow{Line: lines[i+1], Cells: cells})
	}
	return t, t.check()
}

func readCSV(data []byte, sep rune, lazy bool) ([][]string, []int, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	r.ReuseRecord = false
	var records [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return records, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		if len(rec) > maxColumns {
			return nil, nil, fmt.Errorf("plus de %d colonnes à la ligne %d : ce n'est pas une liste de personnes", maxColumns, line)
		}
		records = append(records, rec)
		lines = append(lines, line)
		if len(records) > store.MaxImportRows+1 {
			return nil, nil, fmt.Errorf("plus de %d lignes : découpez le fichier", store.MaxImportRows)
		}
	}
}

// detectSeparator picks ; , or tab: the one found most often outside
// quotes in the first lines, ; on a tie (French spreadsheets).
func detectSeparator(data []byte) rune {
	counts := map[rune]int{}
	inQuote, lines := false, 0
	for _, r := range string(data[:min(len(data), 64<<10)]) {
		switch {
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '\n':
			lines++
			if lines == 5 {
				goto done
			}
		case r == ';' || r == ',' || r == '\t':
			counts[r]++
		}
	}
done:
	best := ';'
	for _, r := range []rune{'\t', ','} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func trimCells(rec []string) []string {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// check refuses a table without a header.
func (t *Table) check() error {
	empty := true
	for _, h := range t.Header {
		if h != "" {
			empty = false
		}
	}
	if empty {
		return fmt.Errorf("%s : la première ligne, qui doit donner les titres des colonnes (Nom, Prénom, Courriel …), est vide", t.Name)
	}
	if len(t.Rows) > store.MaxImportRows {
		return fmt.Errorf("%s : %d lignes, %d au plus par import ; découpez le fichier", t.Name, len(t.Rows), store.MaxImportRows)
	}
	return nil
}

// ---------------------------------------------------------------------------
// xlsx

func parseXLSX(name string, data []byte) (t *Table, err error) {
	defer func() {
		if r := recover(); r != nil { // the library panics on some broken files
			t, err = nil, fmt.Errorf("%s n'est pas un classeur xlsx valide (%v) : il semble abîmé ; rien n'a été importé", name, r)
		}
	}()
	f, err := xlsx.OpenBinary(data, xlsx.RowLimit(store.MaxImportRows+2), xlsx.ColLimit(maxColumns))
	if err != nil {
		return nil, fmt.Errorf("%s n'est pas un classeur xlsx valide : il semble tronqué ou abîmé (%v) ; rien n'a été importé", name, err)
	}
	t = &Table{Name: name, Format: XLSX, Sheets: len(f.Sheets)}
	for _, sh := range f.Sheets {
		rows, err := sheetRows(sh, f.Date1904)
		if err != nil {
			return nil, fmt.Errorf("%s, feuille « %s » illisible : %v ; rien n'a été importé", name, sh.Name, err)
		}
		if len(rows) == 0 {
			continue
		}
		t.Sheet = sh.Name
		t.Header = rows[0].Cells
		t.Rows = rows[1:]
		return t, t.check()
	}
	return nil, fmt.Errorf("%s : le classeur ne contient aucune donnée", name)
}

// sheetRows reads the non-empty rows of a sheet as text.
func sheetRows(sh *xlsx.Sheet, date1904 bool) ([]TableRow, error) {
	var rows []TableRow
	err := sh.ForEachRow(func(r *xlsx.Row) error {
		row := TableRow{Line: r.GetCoordinate() + 1}
		any := false
		err := r.ForEachCell(func(c *xlsx.Cell) error {
			x, _ := c.GetCoordinates()
			if x < 0 || x >= maxColumns {
				return fmt.Errorf("cellule au-delà de la %de colonne", maxColumns)
			}
			for len(row.Cells) <= x {
				row.Cells = append(row.Cells, "")
				row.Numeric = append(row.Numeric, false)
			}
			v, numeric := cellText(c, date1904)
			row.Cells[x], row.Numeric[x] = strings.TrimSpace(v), numeric
			if row.Cells[x] != "" {
				any = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		if any {
			rows = append(rows, row)
		}
		return nil
	}, xlsx.SkipEmptyRows)
	return rows, err
}

// cellText is a cell's value as text: dates jj/mm/aaaa, numbers without
// exponent ("612345678", "1000").
func cellText(c *xlsx.Cell, date1904 bool) (string, bool) {
	switch c.Type() {
	case xlsx.CellTypeNumeric:
		f, err := strconv.ParseFloat(c.Value, 64)
		if err != nil {
			return c.Value, false
		}
		if c.IsTime() {
			if date1904 {
				f += 1462
			}
			if d, ok := dateFromSerial(f); ok {
				return d.String(), false
			}
		}
		if s, err := c.GeneralNumericWithoutScientific(); err == nil {
			return s, true
		}
		return c.Value, true
	case xlsx.CellTypeBool:
		if c.Bool() {
			return "oui", false
		}
		return "non", false
	}
	s, err := c.FormattedValue()
	if err != nil {
		return c.Value, false
	}
	return model.StripControlMultiline(s), false
}
