package export

import (
	"bufio"
	"fmt"
	"path/filepath"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/store"
)

// mutationSheet is the Mutations screen's list as a workbook.
var mutationSheet = Sheet{Name: "Mutations", Columns: []Column{
	{Header: "Date", Width: 11}, {Header: "Sens", Width: 10}, {Header: "Nom", Width: 26},
	{Header: "Ancien n°", Width: 11, AsText: true}, {Header: "Nouveau n°", Width: 11, AsText: true},
	{Header: "Origine", Width: 18}, {Header: "Destination", Width: 18}, {Header: "Motif", Width: 30},
	{Header: "Par", Width: 12}, {Header: "Arrivée traitée le", Width: 11},
}}

// MutationDirection is how u sees m: « départ », « arrivée », or « interne »
// when u sees both ends.
func MutationDirection(u *model.User, m *model.Mutation) string {
	dep, arr := m.SeesDeparture(u), m.SeesArrival(u)
	switch {
	case dep && arr:
		return "interne"
	case dep:
		return "départ"
	}
	return "arrivée"
}

// WriteMutations writes the mutations ms (as listed by the Mutations
// screen) to an xlsx file at path, for u. It needs the export right and is
// journaled before anything is written; filter describes the list in the
// journal. The file is written whole or not at all.
func WriteMutations(st *store.Store, sess *store.Session, u *model.User, ms []model.Mutation, filter, path string) (string, error) {
	path, err := checkPath(path, XLSX)
	if err != nil {
		return "", err
	}
	tmp, err := safefile.Create(path)
	if err != nil {
		return "", fmt.Errorf("impossible d'écrire dans %s : %w", filepath.Dir(path), safefile.French(err))
	}
	defer tmp.Discard()
	if err := st.LogExport(sess, filter, "mutations", path, len(ms)); err != nil {
		return "", exportRightError(err)
	}
	buf := bufio.NewWriter(tmp)
	w, err := NewWriter(XLSX, buf, []Sheet{mutationSheet})
	if err != nil {
		return "", err
	}
	text := func(s string) Value { return Value{Text: model.StripControl(s)} }
	for i := range ms {
		m := &ms[i]
		var done model.Date
		if m.Processed {
			done = civil(m.ProcessedAt)
		}
		row := []Value{{Kind: Date, Date: m.Date}, text(MutationDirection(u, m)), text(m.Name), text(m.OldNumber),
			text(m.NewNumber), text(m.FromDept.String()), text(m.ToDept.String()), text(m.Reason), text(m.By),
			{Kind: Date, Date: done}}
		if err := w.Row(0, row); err != nil {
			return "", err
		}
	}
	for _, step := range []func() error{w.Close, buf.Flush, tmp.Commit} {
		if err := step(); err != nil {
			return "", fmt.Errorf("écriture de %s impossible : %w", path, safefile.French(err))
		}
	}
	return path, nil
}
