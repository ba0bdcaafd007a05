package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/store"
)

// colLastCall is the rappel preset's "Dernier appel / notes": the last
// call (day, outcome, caller, note), then the fiche's notes.
var colLastCall = Column{Header: "Dernier appel / notes", Width: 40,
	Get: func(p *model.Person, _ Units) Value { return Value{Text: lastCallText(p, nil)} },
	LastCall: func(p *model.Person, last *model.Call) Value {
		return Value{Text: lastCallText(p, last)}
	}}

func lastCallText(p *model.Person, last *model.Call) string {
	var parts []string
	if last != nil {
		s := model.DateOf(last.At).String() + " " + last.Outcome.Label() + " (" + model.StripControl(last.Caller) + ")"
		if last.Note != "" {
			s += " : " + model.StripControl(last.Note)
		}
		parts = append(parts, s)
	}
	if n := strings.Join(strings.Fields(model.StripControl(p.Notes)), " "); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, " — ")
}

// lastCalls reads the last calls when a column of the plan shows them.
func lastCalls(st *store.Store, sess *store.Session, plan *Plan) (map[model.PersonID]model.Call, error) {
	for _, sh := range plan.Preset.Sheets {
		for _, c := range sh.Columns {
			if c.LastCall != nil {
				return st.LastCalls(sess, plan.IDs)
			}
		}
	}
	return nil, nil
}

// A round on paper: a sheet of the people still to call (ID, name, phones,
// one column per question, the outcome with its allowed values, a detail,
// a note and a suite à donner), filled by hand or in a spreadsheet, then
// read back: each row with an outcome records a call against the round by
// the fiche's ID. Nothing else is changed and no fiche is ever created.

// The paper sheet's own headers (the question columns are the questions).
var (
	paperOutcome  = "Résultat (" + model.OutcomeWords.Labels() + ")"
	paperDetail   = "Précision (à rappeler : jj/mm hh:mm ; faux numéro : mobile ou fixe)"
	paperNote     = "Note"
	paperFollowUp = "Suite à donner"
)

func blank(header string, width float64) Column {
	return text(header, width, func(*model.Person) string { return "" })
}

// roundPreset is the paper sheet of a round, as a preset of one sheet.
func roundPreset(r *model.Round) *Preset {
	cols := []Column{textual("ID", 9, func(p *model.Person) string { return strconv.FormatUint(uint64(p.ID), 10) }),
		colLastName, colFirstName, colMobile, colLandline}
	for _, q := range r.Questions {
		cols = append(cols, blank(q.Label+" ("+q.Hint()+")", 20))
	}
	cols = append(cols, blank(paperOutcome, 24), blank(paperDetail, 22), blank(paperNote, 36), blank(paperFollowUp, 28))
	return &Preset{Name: "rappel-papier", Label: "Rappel sur papier", Stem: "rappel-papier",
		Sheets: []Sheet{{Name: "Rappel", Columns: cols}},
		Route:  func(*model.Person) (int, string) { return 0, "" }}
}

// PaperRequest names a round to print and where.
type PaperRequest struct {
	Round  model.RoundID
	Format Format
	Path   string
}

// WritePaper writes a round's paper sheet (the export right is needed; the
// export is journaled like any other, as the query rappel:"NOM").
func WritePaper(ctx context.Context, st *store.Store, sess *store.Session, req PaperRequest) (Result, error) {
	if err := st.CanExport(sess); err != nil {
		return Result{}, exportRightError(err)
	}
	info, err := st.Round(sess, req.Round)
	if err != nil {
		return Result{}, err
	}
	ids, err := st.RoundTargets(sess, req.Round)
	if err != nil {
		return Result{}, err
	}
	plan := &Plan{Request: Request{Query: `rappel:"` + info.Round.Name + `"`, Preset: roundPreset(&info.Round), Format: req.Format, Path: req.Path},
		Matched: len(ids), IDs: ids, PerSheet: []int{len(ids)}, Excluded: map[string]int{}}
	return Write(ctx, st, sess, plan, nil)
}

// PaperRejected is a row of a filled sheet that was not recorded.
type PaperRejected struct {
	Line   int
	ID     string
	Reason string
}

// PaperReport is what reading a filled sheet did.
type PaperReport struct {
	Recorded int
	Blank    int // rows without an outcome: not called
	Rejected []PaperRejected
}

// ReadPaper records the calls of a filled paper sheet against a round.
func ReadPaper(st *store.Store, sess *store.Session, round model.RoundID, t *Table) (PaperReport, error) {
	info, err := st.Round(sess, round)
	if err != nil {
		return PaperReport{}, err
	}
	r := &info.Round
	col := map[string]int{}
	qcol := make([]int, len(r.Questions))
	for i := range qcol {
		qcol[i] = -1
	}
	for i, h := range t.Header {
		fh := model.Fold(strings.TrimSpace(h))
		for _, name := range []string{"ID", paperOutcome, paperDetail, paperNote, paperFollowUp} {
			key := model.Fold(strings.SplitN(name, " (", 2)[0])
			if _, seen := col[name]; !seen && (fh == key || strings.HasPrefix(fh, key+" (")) {
				col[name] = i
			}
		}
		for j, q := range r.Questions {
			if qcol[j] < 0 && strings.HasPrefix(fh, model.Fold(q.Label)) {
				qcol[j] = i
			}
		}
	}
	if _, ok := col["ID"]; !ok {
		return PaperReport{}, errors.New("colonne « ID » introuvable : utilisez la feuille exportée pour ce rappel")
	}
	if _, ok := col[paperOutcome]; !ok {
		return PaperReport{}, errors.New("colonne « Résultat » introuvable : utilisez la feuille exportée pour ce rappel")
	}
	cellOf := func(row TableRow, name string) string {
		if i, ok := col[name]; ok && i < len(row.Cells) {
			return strings.TrimSpace(row.Cells[i])
		}
		return ""
	}
	var rep PaperReport
	for _, row := range t.Rows {
		idText := cellOf(row, "ID")
		reject := func(reason string) {
			rep.Rejected = append(rep.Rejected, PaperRejected{Line: row.Line, ID: idText, Reason: reason})
		}
		out := cellOf(row, paperOutcome)
		if out == "" {
			rep.Blank++
			continue
		}
		id, err := strconv.ParseUint(idText, 10, 64)
		if err != nil || id == 0 {
			reject("identifiant « " + model.StripControl(idText) + " » invalide")
			continue
		}
		o, ok := model.ParseOutcome(out)
		if !ok {
			reject("résultat inconnu « " + model.StripControl(out) + " » : " + model.OutcomeWords.Labels())
			continue
		}
		c := model.Call{Round: round, Person: model.PersonID(id), Outcome: o,
			Note: cellOf(row, paperNote), FollowUp: cellOf(row, paperFollowUp)}
		if err := paperDetailInto(&c, cellOf(row, paperDetail), st.Now()); err != nil {
			reject(err.Error())
			continue
		}
		for _, i := range qcol {
			v := ""
			if i >= 0 && i < len(row.Cells) {
				v = strings.TrimSpace(row.Cells[i])
			}
			c.Answers = append(c.Answers, v)
		}
		if o != model.OutcomeReached {
			c.Answers = nil
		}
		if _, err := st.RecordCall(sess, c); err != nil {
			if errors.Is(err, store.ErrSessionEnded) {
				return rep, err
			}
			reject(err.Error())
			continue
		}
		rep.Recorded++
	}
	return rep, nil
}

// paperDetailInto reads the detail cell: the call-back day and time, or
// which number is wrong.
func paperDetailInto(c *model.Call, v string, now time.Time) error {
	switch c.Outcome {
	case model.OutcomeWrongNumber:
		switch model.Fold(v) {
		case "mobile", "m", "portable":
			c.WrongNumber = model.FieldMobile
		case "fixe", "f":
			c.WrongNumber = model.FieldLandline
		default:
			return errors.New("faux numéro : précisez « mobile » ou « fixe »")
		}
	case model.OutcomeCallBack:
		day, at, _ := strings.Cut(strings.TrimSpace(v), " ")
		cb, err := model.ParseCallBack(day, at, now)
		if err != nil {
			return err
		}
		c.CallBackDay, c.CallBackAfter = cb.Day, cb.After
	}
	return nil
}

// Summary reads a round's results.
func Summary(st *store.Store, sess *store.Session, id model.RoundID) (model.Round, model.RoundSummary, error) {
	info, err := st.Round(sess, id)
	if err != nil {
		return model.Round{}, model.RoundSummary{}, err
	}
	calls, err := st.RoundCalls(sess, id)
	if err != nil {
		return model.Round{}, model.RoundSummary{}, err
	}
	return info.Round, model.SummarizeRound(&info.Round, info.Progress.Total, calls), nil
}

// WriteSummary writes a round's results as a spreadsheet (export right
// needed; journaled before the file exists, like every export).
func WriteSummary(st *store.Store, sess *store.Session, id model.RoundID, f Format, path string) (string, error) {
	if err := st.CanExport(sess); err != nil {
		return "", exportRightError(err)
	}
	r, sum, err := Summary(st, sess, id)
	if err != nil {
		return "", err
	}
	if path, err = checkPath(path, f); err != nil {
		return "", err
	}
	tmp, err := safefile.Create(path)
	if err != nil {
		return "", fmt.Errorf("impossible d'écrire dans %s : %w", filepath.Dir(path), safefile.French(err))
	}
	defer tmp.Discard()
	lines := sum.Lines(&r)
	if err := st.LogExport(sess, `rappel:"`+r.Name+`"`, "rappel-bilan", path, len(lines)); err != nil {
		return "", exportRightError(err)
	}
	sheets := []Sheet{{Name: "Bilan", Columns: []Column{blank("Campagne « "+r.Name+" »", 48), blank("Nombre", 20)}}}
	buf := bufio.NewWriter(tmp)
	w, err := NewWriter(f, buf, sheets)
	if err != nil {
		return "", err
	}
	for _, l := range lines {
		if err := w.Row(0, []Value{{Text: l[0]}, {Text: l[1]}}); err != nil {
			return "", err
		}
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	if err := buf.Flush(); err != nil {
		return "", err
	}
	return path, tmp.Commit()
}

// PaperPath and SummaryPath are the suggested files for a round's paper
// sheet and results, in dir (the home folder when empty).
func PaperPath(dir string, r *model.Round, f Format, today time.Time) string {
	return DefaultPath(dir, &Preset{Stem: "rappel-papier"}, f, r.Name, today)
}

func SummaryPath(dir string, r *model.Round, f Format, today time.Time) string {
	return DefaultPath(dir, &Preset{Stem: "rappel-bilan"}, f, r.Name, today)
}
