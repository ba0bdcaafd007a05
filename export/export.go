package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// XLSXMaxCells bounds an xlsx export: tealeg/xlsx holds the whole workbook
// in memory, and writing it out makes as much garbage again — about
// 0.5 KiB per cell at the peak (measured: 10 000 complete fiches of 40 columns, 400 000
// cells, add 203 MiB; 84 000 rows of the phone list, 676 000 cells, add
// 376 MiB — docs/PERFORMANCE.md). 500 000 cells (12 195 complete fiches,
// 62 000 rows of the phone list) stay near 250 MiB, which a 2 GB laptop
// takes beside the app; beyond, the screen offers CSV, which streams.
const XLSXMaxCells = 500_000

// XLSXMaxRows is the largest number of rows of preset p that an xlsx
// export accepts.
func XLSXMaxRows(p *Preset) int { return XLSXMaxCells / max(p.Columns(), 1) }

// ErrTooBigForXLSX is returned by Write for an xlsx export above XLSXMaxRows.
var ErrTooBigForXLSX = errors.New("trop de lignes pour un classeur xlsx (il tiendrait mal en mémoire) : exportez en CSV, qui s'ouvre aussi dans Excel et LibreOffice")

// Request is what to export.
type Request struct {
	Query  string  // the filter language (docs/QUERY.md); "" = every fiche in scope
	Preset *Preset // nil = complet
	Format Format
	Path   string // where to write
	// Force writes an xlsx above XLSXMaxRows anyway (benchmarks; a
	// machine with memory to spare).
	Force bool
}

// Plan is an export worked out but not written: who is in it, who is left
// out and why.
type Plan struct {
	Request
	Matched  int              // fiches the query gives
	IDs      []model.PersonID // those the preset keeps, in list order
	PerSheet []int            // how many go to each sheet
	Excluded map[string]int   // reason → how many left out
}

// Rows is the number of data rows the file will have.
func (p *Plan) Rows() int { return len(p.IDs) }

// TooBigForXLSX reports whether the plan is above the xlsx limit.
func (p *Plan) TooBigForXLSX() bool { return p.Rows() > XLSXMaxRows(p.Preset) }

// ExclusionText is "12 sans téléphone, 3 ne souhaite pas être appelé" ("" if none).
func (p *Plan) ExclusionText() string {
	reasons := make([]string, 0, len(p.Excluded))
	for r := range p.Excluded {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if p.Excluded[reasons[i]] != p.Excluded[reasons[j]] {
			return p.Excluded[reasons[i]] > p.Excluded[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%d %s", p.Excluded[r], r)
	}
	return strings.Join(parts, ", ")
}

// Prepare runs the query in the session's scope and sorts the fiches into
// the preset's sheets. It needs the export right and writes nothing.
func Prepare(st *store.Store, sess *store.Session, req Request) (*Plan, error) {
	if err := st.CanExport(sess); err != nil {
		return nil, exportRightError(err)
	}
	if req.Preset == nil {
		req.Preset = presetComplet
	}
	q, err := query.Parse(req.Query)
	if err != nil {
		return nil, err
	}
	res, err := st.Search(sess, q, store.SortName)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Request: req, Matched: len(res.IDs), IDs: make([]model.PersonID, 0, len(res.IDs)),
		PerSheet: make([]int, len(req.Preset.Sheets)), Excluded: map[string]int{}}
	err = st.ExportPeople(sess, res.IDs, func(chunk []model.Person) error {
		for i := range chunk {
			sheet, why := req.Preset.Route(&chunk[i])
			if sheet < 0 {
				plan.Excluded[why]++
				continue
			}
			plan.IDs = append(plan.IDs, chunk[i].ID)
			plan.PerSheet[sheet]++
		}
		return nil
	})
	if err != nil {
		return nil, exportRightError(err)
	}
	return plan, nil
}

// exportPath checks that sess may export and returns the file to write
// (see checkPath): the start of every export.
func exportPath(st *store.Store, sess *store.Session, path string, f Format) (string, error) {
	if err := st.CanExport(sess); err != nil {
		return "", exportRightError(err)
	}
	return checkPath(path, f)
}

func exportRightError(err error) error {
	if errors.Is(err, store.ErrForbidden) {
		return fmt.Errorf("%w : votre compte n'a pas le droit d'export", store.ErrForbidden)
	}
	return err
}

// Progress is where a running export stands.
type Progress struct {
	Done, Total int
	Finishing   bool // every row is in; the file is being completed
}

// Result is a written export.
type Result struct {
	Path     string
	Rows     int
	PerSheet []int
	Elapsed  time.Duration
}

// Write journals the export (query, preset, rows, path) — before the file
// exists, so that no export goes unrecorded — then writes it to a temporary
// file beside the destination and renames it into place: a failure or a
// cancellation never leaves a half file under the final name. progress, if
// set, is called as rows are written (from the calling goroutine).
func Write(ctx context.Context, st *store.Store, sess *store.Session, plan *Plan, progress func(Progress)) (Result, error) {
	start := time.Now()
	if plan.Format == XLSX && plan.TooBigForXLSX() && !plan.Force {
		return Result{}, ErrTooBigForXLSX
	}
	path, err := checkPath(plan.Path, plan.Format)
	if err != nil {
		return Result{}, err
	}
	units, err := st.UnitNames(sess)
	if err != nil {
		return Result{}, err
	}
	// The temporary file is made first, empty, so that a folder where
	// nothing can be written is refused before anything is journaled.
	tmp, err := safefile.Create(path)
	if err != nil {
		return Result{}, fmt.Errorf("impossible d'écrire dans %s : %w", filepath.Dir(path), safefile.French(err))
	}
	defer tmp.Discard()
	if err := st.LogExport(sess, plan.Query, plan.Preset.Name, path, plan.Rows()); err != nil {
		return Result{}, exportRightError(err)
	}
	buf := bufio.NewWriterSize(tmp, 256<<10)
	w, err := NewWriter(plan.Format, buf, plan.Preset.Sheets)
	if err != nil {
		return Result{}, err
	}
	last, err := lastCalls(st, sess, plan)
	if err != nil {
		return Result{}, err
	}
	res := Result{Path: path, PerSheet: make([]int, len(plan.Preset.Sheets))}
	total := plan.Rows()
	rows := make([][]Value, len(plan.Preset.Sheets))
	for i, s := range plan.Preset.Sheets {
		rows[i] = make([]Value, len(s.Columns))
	}
	err = st.ExportPeople(sess, plan.IDs, func(chunk []model.Person) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range chunk {
			p := &chunk[i]
			sheet, _ := plan.Preset.Route(p) // again: the fiche may have changed since Prepare
			if sheet < 0 {
				continue
			}
			vals := rows[sheet]
			for j, c := range plan.Preset.Sheets[sheet].Columns {
				if c.LastCall != nil {
					var lc *model.Call
					if call, ok := last[p.ID]; ok {
						lc = &call
					}
					vals[j] = c.LastCall(p, lc)
					continue
				}
				vals[j] = c.Get(p, units)
			}
			if err := w.Row(sheet, vals); err != nil {
				return err
			}
			res.Rows++
			res.PerSheet[sheet]++
		}
		if progress != nil {
			progress(Progress{Done: res.Rows, Total: total})
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return Result{}, errors.New("export annulé : aucun fichier écrit")
		}
		return Result{}, exportRightError(err)
	}
	if progress != nil {
		progress(Progress{Done: res.Rows, Total: total, Finishing: true})
	}
	if err := w.Close(); err != nil {
		return Result{}, fmt.Errorf("écriture de %s impossible : %w", path, safefile.French(err))
	}
	if err := buf.Flush(); err != nil {
		return Result{}, fmt.Errorf("écriture de %s impossible : %w", path, safefile.French(err))
	}
	if ctx.Err() != nil {
		return Result{}, errors.New("export annulé : aucun fichier écrit")
	}
	if err := tmp.Commit(); err != nil {
		return Result{}, fmt.Errorf("écriture de %s impossible : %w", path, safefile.French(err))
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// checkPath validates the destination: a file name in an existing folder,
// with the format's extension (added when missing).
func checkPath(path string, f Format) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", errors.New("indiquez le fichier à écrire")
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return "", fmt.Errorf("%s est un dossier : indiquez un nom de fichier", path)
	}
	if got, ok := FormatOf(path); !ok {
		path += f.Ext()
	} else if got != f {
		return "", fmt.Errorf("le nom du fichier finit par %s mais le format choisi est %s", filepath.Ext(path), f)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	dir := filepath.Dir(abs)
	st, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("le dossier %s n'existe pas", dir)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%s n'est pas un dossier", dir)
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return "", fmt.Errorf("%s est un dossier : indiquez un nom de fichier", abs)
	}
	return abs, nil
}

// DefaultPath is the suggested file in dir (the home folder when empty):
// "export-routage-2026-11-25-quartier-villeneuve.xlsx" — the preset's stem,
// the day and, for presets that are not neutral, the search; a number is
// added when the name is taken. Neutral and mailing presets (courrier,
// courriel, lettre) never repeat the search in the name: it may say
// "adhérents" or "pétition".
func DefaultPath(dir string, p *Preset, f Format, query string, today time.Time) string {
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = home
		} else {
			dir = "."
		}
	}
	if p == nil {
		p = presetComplet
	}
	name := p.Stem + "-" + today.Format("2006-01-02")
	if !p.Neutral && !p.Mailing {
		if s := Slug(query); s != "" {
			name += "-" + s
		}
	}
	path := filepath.Join(dir, name+f.Ext())
	for i := 2; i < 1000; i++ {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", name, i, f.Ext()))
	}
	return path
}

// asciiWords is the runs of ASCII lower-case letters and digits of s,
// joined by sep: anything else only separates them.
func asciiWords(s string, sep byte) string {
	var b strings.Builder
	gap := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte(sep)
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	return b.String()
}

// Slug makes a file-name part of a query: "quartier:Villeneuve type:adh" →
// "quartier-villeneuve-type-adh" (letters and digits, at most 48 characters).
func Slug(query string) string {
	s := asciiWords(model.Fold(query), '-')
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	return s
}
