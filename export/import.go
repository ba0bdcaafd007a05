package export

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/store"
)

// Input is a file read for import: the table, how its columns map, and its
// rows as fiches (each with its own reading problems, if any).
type Input struct {
	Table   *Table
	Mapping Mapping
	Rows    []store.ImportRow
	Blank   int // empty rows, skipped
	index   map[int]int
}

// Load reads a CSV or xlsx file and maps its columns.
func Load(path string) (*Input, error) {
	t, err := ReadTable(path)
	if err != nil {
		return nil, err
	}
	return NewInput(t), nil
}

// NewInput maps a table's columns and parses its rows.
func NewInput(t *Table) *Input {
	in := &Input{Table: t, Mapping: MapColumns(t.Header), index: make(map[int]int, len(t.Rows)), Rows: make([]store.ImportRow, 0, len(t.Rows))}
	for i, r := range t.Rows {
		blank := true
		for _, c := range r.Cells {
			if c != "" {
				blank = false
				break
			}
		}
		if blank {
			in.Blank++
			continue
		}
		in.index[r.Line] = i
		in.Rows = append(in.Rows, parseRow(in.Mapping, t.Header, r))
	}
	return in
}

// Mapped reports whether any column gives a name: without one, nothing
// can be imported.
func (in *Input) Mapped() bool {
	return in.Mapping.Has(model.FieldLastName)
}

// Options are the importer's choices.
type Options struct {
	Source      string         // required: « Pétition hôpital 2026 »
	ConsentDate model.Date     // 0 = today
	Channels    model.Channels // 0 = the channels whose details each row gives
	Unit        model.Org      // where rows without units go (see store.ImportOptions)
	DryRun      bool
}

// Apply checks (DryRun) or imports the input's rows. The columns of an
// attribute that needs a right the importer lacks (the agreed contribution)
// are read as ignored: they are left out anyway (the report says so), and
// a cell there that does not read rejects no row.
func Apply(st *store.Store, sess *store.Session, in *Input, opt Options) (store.ImportReport, error) {
	if !in.Mapped() {
		return store.ImportReport{}, fmt.Errorf("%s : aucune colonne « Nom » reconnue ; titres lus : %s", in.Table.Name, strings.Join(in.Table.Header, ", "))
	}
	rows := in.Rows
	if u, err := sess.User(); err == nil {
		if m, ok := in.Mapping.withheld(u.Rights); ok {
			rows = in.parsed(m)
		}
	}
	return st.Import(sess, rows, store.ImportOptions{
		Source: opt.Source, File: in.Table.Name, ConsentDate: opt.ConsentDate, Channels: opt.Channels,
		Unit: opt.Unit, Columns: in.Mapping.MergeKeys(), DryRun: opt.DryRun,
	})
}

// parsed is in's rows read again with m.
func (in *Input) parsed(m Mapping) []store.ImportRow {
	rows := make([]store.ImportRow, len(in.Rows))
	for i, r := range in.Rows {
		rows[i] = parseRow(m, in.Table.Header, in.Table.Rows[in.index[r.Line]])
	}
	return rows
}

// parseRow turns a table row into a fiche, collecting the values it cannot
// read. Each column is read as its field's registry entry says.
func parseRow(m Mapping, header []string, r TableRow) store.ImportRow {
	row := store.ImportRow{Line: r.Line}
	p := &row.Person
	var errs []string
	bad := func(col int, msg string) {
		errs = append(errs, fmt.Sprintf("colonne « %s » : %s", model.StripControl(header[col]), msg))
	}
	for col, key := range m.Fields {
		if key == "" || key == fieldIgnored || col >= len(r.Cells) {
			continue
		}
		v := r.Cells[col]
		if v == "" {
			continue
		}
		if key == fieldPhone {
			e164, err := model.NormalizePhone(v)
			switch {
			case err != nil:
				bad(col, err.Error())
			case model.IsMobile(e164) && p.Mobile == "":
				p.Mobile = e164
			case p.Landline == "":
				p.Landline = e164
			case p.Mobile == "":
				p.Mobile = e164
			default:
				bad(col, "troisième numéro de téléphone : une fiche en garde deux (mobile et fixe)")
			}
			continue
		}
		f := model.FieldFor(key)
		if f == nil {
			continue
		}
		switch f.Type {
		case model.TypeDate:
			d, err := parseDate(v)
			if err != nil {
				bad(col, err.Error())
			}
			*f.DatePtr(p) = d
		case model.TypeEnum:
			n, ok := parseEnum(f, v)
			if !ok {
				bad(col, "« "+v+" » non reconnu : attendu "+enumExpected(f))
			}
			f.SetNum(p, int(n))
		case model.TypeChannels:
			c, ok := parseChannels(v)
			if !ok {
				bad(col, "canaux « "+v+" » non reconnus (courrier, courriel, téléphone, SMS)")
			}
			f.SetNum(p, int(c))
		case model.TypeYesNo:
			b, ok := parseYesNo(v)
			if !ok {
				bad(col, "« "+v+" » : oui ou non attendu")
			}
			*f.FlagPtr(p) = b
		case model.TypeUnit:
			switch f.Level {
			case model.LevelFederation:
				row.Units.Federation = v
			case model.LevelSection:
				row.Units.Section = v
			default:
				row.Units.Cell = v
			}
		case model.TypeMoney:
			c, err := model.ParseContribution(v)
			if err != nil {
				bad(col, err.Error())
			}
			*f.MoneyPtr(p) = c
		case model.TypeList:
			list := splitList(v)
			for _, e := range list {
				if msg := f.TooLong(strings.TrimSpace(e)); msg != "" {
					bad(col, msg)
					break
				}
			}
			*f.ListPtr(p) = list
		default:
			if f.Type == model.TypePostalCode && col < len(r.Numeric) && r.Numeric[col] && len(v) == 4 && isDigits(v) {
				v = "0" + v // a number cell lost the leading zero: 1000 was 01000
			}
			if msg := f.TooLong(strings.TrimSpace(v)); msg != "" {
				bad(col, msg)
			}
			*f.Str(p) = v
		}
	}
	row.ChannelsGiven = m.Has(model.FieldChannels)
	row.SourceGiven = m.Has(model.FieldSource)
	row.ConsentDateGiven = m.Has(model.FieldConsentDate)
	if len(errs) > 0 {
		row.Err = strings.Join(errs, " ; ")
	}
	return row
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseDate reads jj/mm/aaaa (and the other forms model.ParseDate knows),
// ignoring a time of day that some spreadsheets add ("01/06/1980 00:00").
func parseDate(s string) (model.Date, error) {
	if i := strings.IndexByte(s, ' '); i > 0 {
		rest := strings.TrimSpace(s[i:])
		if strings.Count(rest, ":") >= 1 && strings.Trim(rest, "0123456789:.") == "" {
			s = s[:i]
		}
	}
	if i := strings.IndexByte(s, 'T'); i == 10 { // 1980-06-01T00:00:00
		s = s[:i]
	}
	return model.ParseDate(s)
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// matchWord finds the entry whose folded name starts with the folded value.
func matchWord(v string, names map[string]uint8) (uint8, bool) {
	f := strings.TrimRight(normHeader(v), " ")
	if f == "" {
		return 0, false
	}
	if n, ok := names[f]; ok {
		return n, true
	}
	found, n := 0, uint8(0)
	for name, val := range names {
		if strings.HasPrefix(name, f) {
			if found > 0 && val != n {
				return 0, false // ambiguous
			}
			found, n = found+1, val
		}
	}
	return n, found > 0
}

// vocabWords maps each vocabulary's words (normHeader form) to their
// values, built once.
var vocabWords = func() map[*model.Vocab]map[string]uint8 {
	out := map[*model.Vocab]map[string]uint8{}
	for _, vc := range []*model.Vocab{model.KindWords, model.StatusWords, model.GenderWords, model.PCSWords,
		model.CivilityWords, model.ChannelWords, model.YesNoWords} {
		names := map[string]uint8{}
		for _, w := range vc.Words {
			for _, n := range w.Names() {
				names[normHeader(n)] = w.Value
			}
		}
		out[vc] = names
	}
	return out
}()

// parseEnum reads an enumeration's cell: a word of its vocabulary (or the
// start of one), 1 to 8 for the PCS, and "non renseigné" for the gender.
func parseEnum(f *model.Field, v string) (uint8, bool) {
	switch {
	case f.Vocab == model.PCSWords && len(v) == 1 && v[0] >= '1' && v[0] <= '8':
		return v[0] - '0', true
	case f.Vocab == model.GenderWords:
		switch normHeader(v) {
		case "non renseigne", "inconnu", "nc":
			return uint8(model.GenderUnknown), true
		}
	}
	return matchWord(v, vocabWords[f.Vocab])
}

func enumExpected(f *model.Field) string {
	if f.Vocab == model.PCSWords {
		return "1 à 8, ou le nom du groupe de l'INSEE"
	}
	return f.Vocab.Labels()
}

func parseChannels(v string) (model.Channels, bool) {
	var c model.Channels
	for _, part := range splitList(v) {
		n, ok := matchWord(part, vocabWords[model.ChannelWords])
		if !ok {
			return 0, false
		}
		c |= model.Channels(n)
	}
	return c, true
}

func parseYesNo(v string) (bool, bool) {
	if strings.TrimSpace(v) == "" {
		return false, true
	}
	n, ok := matchWord(v, vocabWords[model.YesNoWords])
	return n == model.Yes, ok
}

// RejectedPath is where the rejected rows of an import of source go:
// beside it, "petition-rejets.csv" (a number is added when taken).
func RejectedPath(source string) string {
	dir, base := filepath.Split(source)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	path := filepath.Join(dir, stem+"-rejets.csv")
	for i := 2; i < 1000; i++ {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("%s-rejets-%d.csv", stem, i))
	}
	return path
}

// WriteRejected writes the rejected rows of a report — as they were in the
// file, with a last column « Motif du rejet » — to a CSV (UTF-8, « ; »)
// that can be corrected and imported again. It returns how many rows it
// wrote; with none, it writes no file.
func WriteRejected(path string, in *Input, rep store.ImportReport) (int, error) {
	var lines []store.ImportLine
	for _, l := range rep.Lines {
		if l.Outcome == store.ImportRejected {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return 0, nil
	}
	cols := make([]Column, 0, len(in.Table.Header)+1)
	for _, h := range in.Table.Header {
		cols = append(cols, Column{Header: h})
	}
	cols = append(cols, Column{Header: "Motif du rejet"})
	tmp, err := safefile.Create(path)
	if err != nil {
		return 0, fmt.Errorf("impossible d'écrire les rejets dans %s : %w", filepath.Dir(path), safefile.French(err))
	}
	defer tmp.Discard()
	buf := bufio.NewWriter(tmp)
	w, err := NewWriter(CSV, buf, []Sheet{{Name: "Rejets", Columns: cols}})
	if err != nil {
		return 0, err
	}
	vals := make([]Value, len(cols))
	for _, l := range lines {
		clear(vals)
		if i, ok := in.index[l.Line]; ok {
			for j, c := range in.Table.Rows[i].Cells {
				if j < len(in.Table.Header) {
					vals[j] = Value{Text: c}
				}
			}
		}
		vals[len(vals)-1] = Value{Text: l.Reason}
		if err := w.Row(0, vals); err != nil {
			return 0, err
		}
	}
	// One err through the whole tail: a failed Close or Flush must not be
	// lost (it would leave a truncated rejects file under the final name).
	err = w.Close()
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = tmp.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("impossible d'écrire les rejets dans %s : %w", path, safefile.French(err))
	}
	return len(lines), nil
}
