package export

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"fichier/model"
	"fichier/store"
)

// StatementsPreset names the yearly statements in the journal.
const StatementsPreset = "attestations annuelles"

// AttestationName is the neutral file name of one adherent's statement:
// "attestation-2026-38-000123.pdf" — the year and the membership number
// (the fiche's number when it has none), never a name nor a search.
func AttestationName(l *store.StatementLine) string {
	id := safeFilePart(l.MemberNumber)
	if id == "" {
		id = "fiche-" + strconv.FormatUint(uint64(l.Person), 10)
	}
	return fmt.Sprintf("attestation-%d-%s.pdf", l.Year, id)
}

// AttestationsBatchName is the neutral name of a batch's single file.
func AttestationsBatchName(year int) string { return fmt.Sprintf("attestations-%d.pdf", year) }

func safeFilePart(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '-' {
			return r
		}
		return -1
	}, s)
}

// WriteAttestations writes the yearly statements of lines into the folder
// dir: one PDF per adherent, or, with batch, one multi-page file (a page or
// more per adherent, never two adherents on a page). It needs the export
// right; the statements are journaled (each with its total) once the
// folder is known to be writable and before any file is written. It
// returns the files written.
func WriteAttestations(st *store.Store, sess *store.Session, lines []store.StatementLine, dir string, batch bool, now time.Time) ([]string, error) {
	if err := st.CanExport(sess); err != nil {
		return nil, exportRightError(err)
	}
	if len(lines) == 0 {
		return nil, errors.New("aucune attestation à écrire : personne n'a cotisé cette année-là dans votre périmètre")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("le dossier %s n'existe pas", dir)
	}
	issued := false
	issue := func() error {
		if issued {
			return nil
		}
		issued = true
		if err := st.IssueStatements(sess, lines); err != nil {
			return exportRightError(err)
		}
		return st.LogExport(sess, "année "+strconv.Itoa(lines[0].Year), StatementsPreset, dir, len(lines))
	}
	if batch {
		path := filepath.Join(dir, AttestationsBatchName(lines[0].Year))
		pdf := newAttestationPDF(now)
		for i := range lines {
			attestationPage(pdf, &lines[i], now)
		}
		return []string{path}, writePDF(path, issue, pdf)
	}
	var out []string
	for i := range lines {
		path := filepath.Join(dir, AttestationName(&lines[i]))
		pdf := newAttestationPDF(now)
		attestationPage(pdf, &lines[i], now)
		if err := writePDF(path, issue, pdf); err != nil {
			return out, err
		}
		out = append(out, path)
	}
	return out, nil
}

func writePDF(path string, before func() error, pdf *fpdf.Fpdf) error {
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("attestation : %w", err)
	}
	return writeWhole(path, before, func(w *bufio.Writer) error { return pdf.Output(w) })
}

// RenderAttestation writes one adherent's statement as PDF to w (tests,
// previews).
func RenderAttestation(l *store.StatementLine, now time.Time, w *bufio.Writer) error {
	pdf := newAttestationPDF(now)
	attestationPage(pdf, l, now)
	if err := pdf.Output(w); err != nil {
		return err
	}
	return w.Flush()
}

func newAttestationPDF(now time.Time) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetTitle("Attestation annuelle de cotisations", true)
	return pdf
}

// attestationPage draws one adherent's statement from a new page: only
// what l holds, which is about them alone.
func attestationPage(pdf *fpdf.Fpdf, l *store.StatementLine, now time.Time) {
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252: every French letter and €
	// A non-breaking space keeps an amount with its euro sign.
	txt := func(s string) string { return tr(strings.ReplaceAll(model.StripControl(s), " €", "\u00a0€")) }
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 10)
	org := l.Federation
	if l.Section != "" {
		org = "Fédération " + l.Federation + " — section " + l.Section
	}
	pdf.CellFormat(0, 5, txt(org), "", 1, "L", false, 0, "")
	pdf.Ln(8)
	pdf.SetFont("Helvetica", "B", 15)
	pdf.CellFormat(0, 8, txt(fmt.Sprintf("Attestation annuelle de cotisations %d", l.Year)), "", 1, "C", false, 0, "")
	pdf.Ln(6)

	pdf.SetFont("Helvetica", "", 11)
	name := strings.TrimSpace(strings.Join([]string{l.Civility.String(), l.FirstName, strings.ToUpper(l.LastName)}, " "))
	for _, line := range []string{name, l.Address.Street, strings.TrimSpace(l.Address.PostalCode + " " + l.Address.Commune)} {
		if strings.TrimSpace(line) != "" {
			pdf.CellFormat(0, 5.5, txt(line), "", 1, "L", false, 0, "")
		}
	}
	if l.MemberNumber != "" {
		pdf.CellFormat(0, 5.5, txt("N° d'adhérent : "+l.MemberNumber), "", 1, "L", false, 0, "")
	}
	pdf.Ln(6)
	pdf.MultiCell(0, 5, txt(fmt.Sprintf("Versements reçus du 1er janvier au 31 décembre %d (date de réception) :", l.Year)), "", "L", false)
	pdf.Ln(2)

	widths := []float64{28, 32, 70, 40}
	pdf.SetFont("Helvetica", "B", 10)
	for i, h := range []string{"Date", "Mode", "Référence", "Montant"} {
		align := "L"
		if i == 3 {
			align = "R"
		}
		pdf.CellFormat(widths[i], 6, txt(h), "B", 0, align, false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 10)
	for _, p := range l.Payments {
		ref := p.Reference
		if p.IsCounter() {
			ref = "annulation (contre-passation)"
		}
		cells := []string{p.Date.String(), p.Mode.String(), ref, model.FormatCents(p.Cents)}
		for i, c := range cells {
			align := "L"
			if i == 3 {
				align = "R"
			}
			pdf.CellFormat(widths[i], 6, txt(fitRunes(c, 40)), "", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.SetFont("Helvetica", "B", 10)
	pdf.CellFormat(widths[0]+widths[1]+widths[2], 7, txt("Total des cotisations"), "T", 0, "L", false, 0, "")
	pdf.CellFormat(widths[3], 7, txt(model.FormatCents(l.Total)), "T", 1, "R", false, 0, "")
	pdf.CellFormat(widths[0]+widths[1]+widths[2], 7, txt("Dont ouvrant droit au reçu fiscal"), "", 0, "L", false, 0, "")
	pdf.CellFormat(widths[3], 7, txt(model.FormatCents(l.Eligible)), "", 1, "R", false, 0, "")
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 9.5)
	set := l.Settings
	notes := []string{
		fmt.Sprintf("Réduction d'impôt sur le revenu indicative : %s (%d %% des sommes ouvrant droit au reçu).", model.FormatCents(l.Reduction()), set.TaxRatePct),
		fmt.Sprintf("Plafond : %s par foyer fiscal et par an, dons et cotisations à des partis politiques réunis.", model.FormatCents(set.Ceiling)),
	}
	if !set.CashEligible {
		notes = append(notes, "Les versements en espèces n'ouvrent pas droit au reçu fiscal.")
	}
	if l.Changed() {
		notes = append(notes, fmt.Sprintf("Cette attestation remplace celle du %s (%s ouvrant droit au reçu) : une correction a été enregistrée depuis.",
			l.Issued.On, model.FormatCents(l.Issued.Eligible)))
	}
	notes = append(notes, "Le reçu fiscal est délivré par l'association de financement agréée du parti ; cette attestation n'en tient pas lieu.")
	for _, n := range notes {
		pdf.MultiCell(0, 4.8, txt(n), "", "L", false)
		pdf.Ln(1.5)
	}
	pdf.Ln(6)
	pdf.CellFormat(0, 5, txt("Établie le "+model.DateOf(now).String()+"."), "", 1, "R", false, 0, "")
}

func fitRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
