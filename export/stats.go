package export

import (
	"bufio"
	"fmt"
	"time"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/model/stats"
	"fichier/store"
)

// statsPreset only names the statistics workbook (DefaultPath).
var statsPreset = &Preset{Name: "statistiques", Stem: "statistiques"}

// DefaultStatsPath is the suggested workbook of the statistics in dir (the
// home folder when empty): "statistiques-2026-11-25-type-adh.xlsx".
func DefaultStatsPath(dir, query string, today time.Time) string {
	return DefaultPath(dir, statsPreset, XLSX, query, today)
}

// WriteStats writes the figures to an xlsx workbook, one sheet per block,
// every figure a number (shares as percentages). Like an export of fiches
// it needs the export right and is journaled before the file exists; the
// file appears whole or not at all (writeWhole). It returns the path
// written.
func WriteStats(st *store.Store, sess *store.Session, s *stats.Stats, path string) (string, error) {
	path, err := exportPath(st, sess, path, XLSX)
	if err != nil {
		return "", err
	}
	f := statsWorkbook(s)
	err = writeWhole(path, func() error {
		return st.LogExport(sess, s.Query, statsPreset.Name, path, s.Counts.Total())
	}, func(w *bufio.Writer) error { return f.Write(w) })
	if err != nil {
		return "", exportRightError(err)
	}
	return path, nil
}

// Sheet names of the statistics workbook.
const (
	SheetCounts  = "Effectifs"
	SheetAges    = "Pyramide des âges"
	SheetSocial  = "Composition sociale"
	SheetQuality = "Qualité du fichier"
	SheetDues    = "Cotisations"
	SheetMoves   = "Mutations"
)

// sheetWriter appends rows of text and numbers to one sheet.
type sheetWriter struct {
	sh   *xlsx.Sheet
	bold *xlsx.Style
}

// row appends one row: string, int, float64 (a share in %, written as a
// percentage), model.Date, or nil for an empty cell.
func (s sheetWriter) row(values ...any) {
	r := s.sh.AddRow()
	for _, v := range values {
		c := r.AddCell()
		switch v := v.(type) {
		case string:
			c.SetString(v)
		case int:
			c.SetInt(v)
		case float64:
			c.SetFloatWithFormat(v/100, "0.0%")
		case model.Date:
			setDate(c, v)
		}
	}
}

// header appends a row of bold headings.
func (s sheetWriter) header(titles ...string) {
	r := s.sh.AddRow()
	for _, t := range titles {
		c := r.AddCell()
		c.SetString(t)
		c.SetStyle(s.bold)
	}
}

func statsWorkbook(s *stats.Stats) *xlsx.File {
	f := xlsx.NewFile()
	bold := xlsx.NewStyle()
	bold.Font.Bold = true
	bold.ApplyFont = true
	sheet := func(name string, widths ...float64) sheetWriter {
		sh, _ := f.AddSheet(name) // fixed names, valid
		for i, w := range widths {
			col := xlsx.NewColForRange(i+1, i+1)
			col.SetWidth(w)
			sh.SetColParameters(col)
		}
		return sheetWriter{sh: sh, bold: bold}
	}
	query := s.Query
	if query == "" {
		query = "(toutes les fiches du périmètre)"
	}

	c := s.Counts
	w := sheet(SheetCounts, 28, 20, 12, 20, 12, 12)
	w.row("Statistiques au", s.Today)
	w.row("Recherche", query)
	w.row()
	w.row("Adhérents", c.Adherents)
	w.row("Compagnons de route", c.Compagnons)
	w.row("Contacts", c.Contacts)
	w.row("Adhérents sans cellule", c.AdherentsNoCell)
	w.row(fmt.Sprintf("Nouveaux adhérents %d", c.Year), c.NewThisYear)
	w.row(fmt.Sprintf("Nouveaux adhérents %d", c.Year-1), c.NewLastYear)
	pr := s.Progression
	for _, r := range []struct {
		what string
		n    int
	}{
		{"contact → compagnon de route", pr.ContactToCompagnon},
		{"compagnon de route → adhérent", pr.CompagnonToAdherent},
		{"contact → adhérent", pr.ContactToAdherent},
		{"fiches créées : contacts", pr.NewContacts},
		{"fiches créées : compagnons de route", pr.NewCompagnons},
		{"fiches créées : adhérents", pr.NewAdherents},
	} {
		w.row(fmt.Sprintf("%d, %s", pr.Year, r.what), r.n)
	}
	w.row()
	w.header("Section", "Cellule", "Adhérents", "Compagnons de route", "Contacts", "Total")
	for _, sec := range c.Sections {
		name := sec.Name
		if sec.Unit == 0 {
			name = "(sans section)"
		}
		w.row(name, nil, sec.Adherents, sec.Compagnons, sec.Contacts, sec.Total())
		for _, cell := range sec.Cells {
			cname := cell.Name
			if cell.Unit == 0 {
				cname = "(sans cellule)"
			}
			w.row(name, cname, cell.Adherents, cell.Compagnons, cell.Contacts, cell.Total())
		}
	}
	w.row("Total", nil, c.Adherents, c.Compagnons, c.Contacts, c.Total())

	p := s.Pyramid
	w = sheet(SheetAges, 14, 10, 10, 10, 16, 10)
	w.header("Âge", "Femmes", "Hommes", "Autre", "Genre non renseigné", "Total")
	for _, b := range p.Bands {
		w.row(b.Label(), b.Women, b.Men, b.Other, b.Unknown, b.Total())
	}
	w.row()
	w.row("Avec date de naissance", p.WithDate)
	w.row("Sans date de naissance", p.NoBirthDate)

	so := s.Social
	w = sheet(SheetSocial, 50, 8, 10, 10)
	w.header("Groupe socioprofessionnel (PCS)", "Code", "Fiches", "Part")
	for i, g := range model.PCSGroups {
		w.row(g.String(), int(g), so.Groups[i], stats.Percent(so.Groups[i], so.Total))
	}
	w.row("Non renseignée", nil, so.Unknown, stats.Percent(so.Unknown, so.Total))
	w.row("Total", nil, so.Total, stats.Percent(so.Total, so.Total))

	q := s.Quality
	widths := []float64{24, 20, 10}
	head := []string{"Section", "Fiches de", "Nombre"}
	for _, fl := range stats.Fields {
		widths = append(widths, 14)
		head = append(head, fl.Label+" (% renseigné)")
	}
	w = sheet(SheetQuality, widths...)
	w.header(head...)
	for i, l := range append([]stats.QualityLine{q.Total}, q.Sections...) {
		name := sectionLineName(i == 0, l.Section, l.Name)
		for _, pop := range []int{int(model.KindAdherent), int(model.KindCompagnon), int(model.KindContact), 0} {
			vals := []any{name, stats.PopulationName(pop), l.Count[pop]}
			for fi := range stats.Fields {
				if l.Count[pop] == 0 {
					vals = append(vals, nil)
				} else {
					vals = append(vals, l.Filled(pop, fi))
				}
			}
			w.row(vals...)
		}
	}

	d := s.Dues
	w = sheet(SheetDues, 24, 18, 10, 10, 10)
	w.header("Section", "Adhérents actifs", "À jour", "En retard", "Jamais")
	for i, l := range append([]stats.DuesLine{d.Total}, d.Sections...) {
		vals := []any{sectionLineName(i == 0, l.Section, l.Name), l.Total()}
		for _, st := range stats.DuesStates {
			vals = append(vals, l.States[st])
		}
		w.row(vals...)
	}

	m := s.Moves
	w = sheet(SheetMoves, 24, 10, 10)
	w.header("Mutations du périmètre", fmt.Sprint(m.Year), fmt.Sprint(m.Year-1))
	w.row("Départs", m.OutThisYear, m.OutLastYear)
	w.row("Arrivées", m.InThisYear, m.InLastYear)
	w.row()
	w.row("Arrivées à traiter", m.PendingArrivals)
	return f
}

// sectionLineName names a line of a per-section sheet: the whole, the
// fiches held without a section, or a section.
func sectionLineName(all bool, section model.UnitID, name string) string {
	switch {
	case all:
		return "Ensemble"
	case section == 0:
		return "(sans section)"
	}
	return name
}
