package store

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"fichier/model"
)

// mergeWorld is the test world with four fiches: two pairs of likely
// duplicates in section A, and a look-alike in section B.
type mergeWorld struct {
	*world
	p map[string]model.Person
}

func newMergeWorld(t *testing.T) *mergeWorld {
	t.Helper()
	w := &mergeWorld{world: newWorld(t), p: map[string]model.Person{}}
	st := w.st
	for key, p := range map[string]model.Person{
		"jean1": {Kind: model.KindAdherent, FirstName: "Jean", LastName: "Dupont", Org: w.secA.Path, Email: "jean.dupont@exemple.fr",
			Mobile: "06 12 34 56 78", Interests: []string{"santé"}, Notes: "appelé en mars"},
		"jean2": {Kind: model.KindContact, FirstName: "Jean", LastName: "Dupont", Org: w.secA.Path, Email: "jean.dupont@exemple.fr",
			Mobile: "06 99 99 99 99", Profession: "infirmier", Interests: []string{"logement", "Santé"}, Notes: "pétition hôpital",
			Address: model.Address{Street: "1 rue A", PostalCode: "38000", Commune: "Grenoble"}},
		"marie": {Kind: model.KindContact, FirstName: "Marie", LastName: "Curie", Org: w.secA.Path, BirthDate: model.NewDate(1967, 11, 7)},
		"marie2": {Kind: model.KindCompagnon, FirstName: "Marie", LastName: "CURIE", Org: w.secA.Path, BirthDate: model.NewDate(1967, 11, 7),
			Landline: "04 76 00 00 00"},
		"nord": {Kind: model.KindContact, FirstName: "Jean", LastName: "Dupont", Org: w.secB.Path, Email: "jean.dupont@exemple.fr"},
	} {
		out, err := st.Create(w.sys, p)
		if err != nil {
			t.Fatal(err)
		}
		w.p[key] = out
	}
	return w
}

func (w *mergeWorld) sectionSession(t *testing.T, sec model.Unit, person model.PersonID) *Session {
	t.Helper()
	fs := w.account(t, w.sys, UserSpec{FirstName: "F", LastName: "Fed" + sec.Name, Scope: w.fed.Path, Rights: model.AllRights, Password: "Cerise-Abricot-92!"})
	return w.account(t, fs, UserSpec{PersonID: person, Scope: sec.Path, Rights: model.RightWrite, Password: "Cerise-Abricot-92!"})
}

// account creates, as by, the responsable spec describes and opens a local
// session for it.
func (w *mergeWorld) account(t *testing.T, by *Session, spec UserSpec) *Session {
	t.Helper()
	u, _, err := w.st.CreateUser(by, spec)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := w.st.LocalSession(u.Username)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func TestDuplicatePairs(t *testing.T) {
	w := newMergeWorld(t)
	pairs, total, err := w.st.DuplicatePairs(w.sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	// jean1–jean2 (email), jean1–nord, jean2–nord (email), marie–marie2 (name and birth date).
	if total != 4 || len(pairs) != 4 {
		t.Fatalf("%d pairs: %+v", total, pairs)
	}
	var got []string
	for _, p := range pairs {
		got = append(got, model.Fold(p.A.LastName+"/"+p.B.LastName)+":"+strings.Join(p.Reasons, "+"))
		if p.A.ID >= p.B.ID {
			t.Errorf("pair order %d %d", p.A.ID, p.B.ID)
		}
	}
	if !slices.Contains(got, "curie/curie:mêmes nom et date de naissance") || !slices.Contains(got, "dupont/dupont:même courriel") {
		t.Errorf("pairs %v", got)
	}
	// A section responsable sees only the pairs of the section.
	sess := w.sectionSession(t, w.secA, w.p["jean1"].ID)
	pairs, total, _ = w.st.DuplicatePairs(sess, 0)
	if total != 2 {
		t.Errorf("section sees %d pairs", total)
	}
	for _, p := range pairs {
		if p.A.ID == w.p["nord"].ID || p.B.ID == w.p["nord"].ID {
			t.Error("a fiche out of scope is shown")
		}
	}
	if pairs, total, _ := w.st.DuplicatePairs(w.sys, 1); len(pairs) != 1 || total != 4 {
		t.Errorf("limit: %d of %d", len(pairs), total)
	}
}

// The creation check, the pairs and import follow model.SamePerson: an
// archived fiche still counts, so that a person who comes back is not given
// a second fiche.
func TestDuplicatesIncludeArchivedFiches(t *testing.T) {
	w := newMergeWorld(t)
	m := w.p["marie2"]
	if _, err := w.st.SetArchived(w.sys, m.ID, m.Version, true); err != nil {
		t.Fatal(err)
	}
	_, total, err := w.st.DuplicatePairs(w.sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 {
		t.Errorf("%d pairs with marie2 archived, want 4", total)
	}
	dups, err := w.st.FindDuplicates(w.sys, model.Person{FirstName: "Marie", LastName: "Curie", BirthDate: model.NewDate(1967, 11, 7)})
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 2 {
		t.Errorf("creation check finds %d fiches, want marie and the archived marie2", len(dups))
	}
	rep, err := w.st.Import(w.sys, []ImportRow{{Line: 2, Person: model.Person{FirstName: "Marie", LastName: "Curie", Landline: "04 76 00 00 00"}}},
		ImportOptions{Source: "test", Unit: w.secA.Path, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Merged != 1 || rep.Lines[0].PersonID != m.ID {
		t.Errorf("import of the archived fiche's phone: %+v", rep)
	}
}

func TestMergePeople(t *testing.T) {
	w := newMergeWorld(t)
	keep, drop := w.p["jean1"], w.p["jean2"]
	// The union: empty fields filled, lists joined; the conflict (mobile,
	// kind) chosen field by field: here the other fiche's kind.
	merged := keep.Clone()
	filled, conflicts := model.FillEmpty(&merged, &drop, nil)
	if !slices.Contains(filled, model.FieldProfession) || !slices.Contains(filled, model.FieldStreet) || !slices.Contains(filled, model.FieldInterests) {
		t.Errorf("filled %v", filled)
	}
	if keys := model.ConflictKeys(&keep, &drop); !slices.Equal(keys, []string{model.FieldKind, model.FieldMobile}) {
		t.Errorf("conflict keys %v", keys)
	}
	if len(conflicts) != 2 {
		t.Errorf("conflicts %+v", conflicts)
	}
	if !slices.Equal(merged.Interests, []string{"santé", "logement"}) || merged.Notes != "appelé en mars\npétition hôpital" {
		t.Errorf("union: %q %q", merged.Interests, merged.Notes)
	}
	hist, _ := w.st.History(w.sys, drop.ID)

	// A stale read is refused and writes nothing.
	if _, err := w.st.MergePeople(w.sys, merged, drop.ID, drop.Version+1); !errors.Is(err, ErrStale) {
		t.Errorf("stale: %v", err)
	}
	// A section responsable cannot merge a fiche of another section.
	sess := w.sectionSession(t, w.secA, w.p["jean1"].ID)
	if _, err := w.st.MergePeople(sess, merged, w.p["nord"].ID, w.p["nord"].Version); !errors.Is(err, ErrNotFound) {
		t.Errorf("out of scope: %v", err)
	}
	if _, err := w.st.MergePeople(sess, merged, keep.ID, keep.Version); err == nil {
		t.Error("merged a fiche with itself")
	}

	out, err := w.st.MergePeople(sess, merged, drop.ID, drop.Version)
	if err != nil {
		t.Fatal(err)
	}
	if out.ID != keep.ID || out.Profession != "infirmier" || out.Mobile != keep.Mobile || out.Address.Commune != "Grenoble" || out.Version != keep.Version+1 {
		t.Errorf("merged %+v", out)
	}
	if _, err := w.st.Get(w.sys, drop.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("dropped fiche still there: %v", err)
	}
	// The dropped fiche's history now belongs to the kept one, with the merge entry.
	h, err := w.st.History(w.sys, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h[0].Action != model.ActionPersonMerge || !strings.Contains(h[0].Detail, "fiche n° "+itoa(int(drop.ID))) {
		t.Errorf("merge entry %+v", h[0])
	}
	ids := map[model.PersonID]int{}
	for _, e := range h {
		ids[e.PersonID]++
	}
	if ids[drop.ID] != len(hist) || len(hist) == 0 {
		t.Errorf("history of the dropped fiche: %d of %d entries kept", ids[drop.ID], len(hist))
	}
	// The index follows: the pair is gone.
	pairs, _, _ := w.st.DuplicatePairs(sess, 0)
	for _, p := range pairs {
		if p.A.ID == drop.ID || p.B.ID == drop.ID {
			t.Error("dropped fiche still in the index")
		}
	}
	res, _ := w.st.Search(w.sys, nil, SortName)
	if len(res.IDs) != 4 {
		t.Errorf("%d fiches after merge", len(res.IDs))
	}
}

func TestMergeKeepsTheOtherMembershipNumber(t *testing.T) {
	w := newMergeWorld(t)
	a, err := w.st.Create(w.sys, model.Person{Kind: model.KindAdherent, FirstName: "Ada", LastName: "Lovelace", Org: w.secA.Path, MemberNumber: "38-000777"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.st.Create(w.sys, model.Person{Kind: model.KindAdherent, FirstName: "Ada", LastName: "Lovelace", Org: w.secA.Path, MemberNumber: "38-000778"})
	if err != nil {
		t.Fatal(err)
	}
	merged := a.Clone()
	merged.MemberNumber = b.MemberNumber // chosen from the dropped fiche
	out, err := w.st.MergePeople(w.sys, merged, b.ID, b.Version)
	if err != nil {
		t.Fatal(err)
	}
	if out.MemberNumber != "38-000778" {
		t.Errorf("number %q", out.MemberNumber)
	}
	// The freed number can be given again; the kept one is taken.
	c, err := w.st.Create(w.sys, model.Person{Kind: model.KindAdherent, FirstName: "C", LastName: "C", Org: w.secA.Path, MemberNumber: "38-000777"})
	if err != nil || c.MemberNumber != "38-000777" {
		t.Errorf("freed number: %v", err)
	}
	if _, err := w.st.Create(w.sys, model.Person{Kind: model.KindAdherent, FirstName: "D", LastName: "D", Org: w.secA.Path, MemberNumber: "38-000778"}); err == nil {
		t.Error("kept number given twice")
	}
	if r := w.st.mustCheck(t); !r.OK() {
		t.Errorf("check: %s", r)
	}
}

func (s *Store) mustCheck(t *testing.T) Report {
	t.Helper()
	r, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The agreed contribution is merged like any one-value field — either
// side's may be kept — but a merge, like a new fiche, cannot bring a value
// of its own without the cotisations right.
func TestMergeKeepsOrChoosesTheAgreedContribution(t *testing.T) {
	w := newMergeWorld(t)
	agree := func(first string, c model.Contribution) model.Person {
		t.Helper()
		p, err := w.st.Create(w.sys, model.Person{Kind: model.KindAdherent, FirstName: first, LastName: "Lovelace", Org: w.secA.Path, Email: "ada@exemple.fr"})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = w.st.SetContribution(w.sys, p.ID, p.Version, c); err != nil {
			t.Fatal(err)
		}
		return p
	}
	monthly := model.Contribution{Cents: 1200, Rhythm: model.RhythmMensuel}
	quarterly := model.Contribution{Cents: 3600, Rhythm: model.RhythmTrimestriel}
	keep, drop := agree("Ada", monthly), agree("Ada", quarterly)
	sess := w.sectionSession(t, w.secA, w.p["jean1"].ID) // no cotisations right

	if _, err := w.st.Create(sess, model.Person{Kind: model.KindAdherent, LastName: "Neuve", Org: w.secA.Path, Contribution: monthly}); err == nil ||
		!strings.Contains(err.Error(), "Cotisation convenue : il faut le droit « cotisations »") {
		t.Errorf("a new fiche with a contribution, without the right: %v", err)
	}
	merged := keep.Clone()
	if _, conflicts := model.FillEmpty(&merged, &drop, nil); !slices.ContainsFunc(conflicts, func(c model.Change) bool { return c.Field == "Cotisation convenue" }) {
		t.Errorf("the merge does not offer the contribution: %+v", conflicts)
	}
	merged.Contribution = model.Contribution{Cents: 9900, Rhythm: model.RhythmAnnuel}
	if _, err := w.st.MergePeople(sess, merged, drop.ID, drop.Version); err == nil || !strings.Contains(err.Error(), "droit « cotisations »") {
		t.Errorf("a new contribution brought by a merge, without the right: %v", err)
	}
	merged.Contribution = drop.Contribution // the other side's, chosen
	out, err := w.st.MergePeople(sess, merged, drop.ID, drop.Version)
	if err != nil {
		t.Fatal(err)
	}
	if out.Contribution != quarterly {
		t.Errorf("kept %v", out.Contribution)
	}
	h, err := w.st.History(w.sys, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Change{Field: "Cotisation convenue", Old: "12,00 €, mensuel", New: "36,00 €, trimestriel"}
	if h[0].Action != model.ActionPersonMerge || !slices.Contains(h[0].Changes, want) {
		t.Errorf("merge entry %+v", h[0])
	}
}
