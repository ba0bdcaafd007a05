package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fichier/model"
)

// TestAccessTable: each role × each operation × each subject (in or out of
// scope) is allowed exactly when the rules say so. Expectations are written
// out by hand, not derived from the rules under test.
func TestAccessTable(t *testing.T) {
	w := newWorld(t)
	subjects := map[string]model.Org{
		"cellA1": w.cellA1.Path, // in section A, cell A1
		"secA":   w.secA.Path,   // in section A, no cell
		"secB":   w.cellB1.Path, // in section B
		"fed2":   {Federation: w.fed2.ID},
	}
	type role struct {
		name   string
		scope  model.Org
		rights model.Rights
		sees   []string // subjects visible
		edits  bool     // may edit what it sees
		export bool
	}
	roles := []role{
		{"national", model.Org{}, model.AllRights, []string{"cellA1", "secA", "secB", "fed2"}, true, true},
		{"fédération lecture seule", w.fed.Path, model.ReadOnly, []string{"cellA1", "secA", "secB"}, false, false},
		{"section A écriture", w.secA.Path, model.RightWrite | model.RightExport, []string{"cellA1", "secA"}, true, true},
		{"section A sans export", w.secA.Path, model.RightWrite, []string{"cellA1", "secA"}, true, false},
		{"cellule A1 lecture seule", w.cellA1.Path, model.ReadOnly, []string{"cellA1"}, false, false},
		{"section B écriture", w.secB.Path, model.RightWrite, []string{"secB"}, true, false},
	}
	for i, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			sess := w.user(t, "Resp", fmt.Sprintf("Role%d", i), r.scope, r.rights)
			for name, org := range subjects {
				p := w.create(t, person("Sujet", "Sujet-"+name, model.KindContact, org))
				visible := slices.Contains(r.sees, name)
				canEdit := visible && r.edits
				check := func(op string, err error, allowed bool) {
					t.Helper()
					if allowed && err != nil {
						t.Errorf("%s on %s: refused: %v", op, name, err)
					}
					if !allowed && err == nil {
						t.Errorf("%s on %s: allowed", op, name)
					}
					if !allowed && err != nil && !errors.Is(err, ErrForbidden) && !errors.Is(err, ErrNotFound) {
						t.Errorf("%s on %s: unexpected error %v", op, name, err)
					}
				}
				_, err := w.st.Get(sess, p.ID)
				check("get", err, visible)
				_, err = w.st.History(sess, p.ID)
				check("history", err, visible)
				res, err := w.st.Search(sess, mustParse(t, "sujet-"+name), SortName)
				if err != nil {
					t.Fatal(err)
				}
				if found := slices.Contains(res.IDs, p.ID); found != visible {
					t.Errorf("search %s: found=%v", name, found)
				}
				peek, _ := w.st.Peek(sess, []model.PersonID{p.ID})
				if (len(peek) == 1) != visible {
					t.Errorf("peek %s: %d rows", name, len(peek))
				}
				upd := p
				upd.Notes = "modifié"
				_, err = w.st.Update(sess, upd)
				check("update", err, canEdit)
				cur, _ := w.st.Get(w.sys, p.ID)
				_, err = w.st.Promote(sess, p.ID, cur.Version)
				check("promote", err, canEdit)
				cur, _ = w.st.Get(w.sys, p.ID)
				_, err = w.st.SetArchived(sess, p.ID, cur.Version, true)
				check("archive", err, canEdit)
				_, err = w.st.Create(sess, person("Nouveau", "Créé-"+name, model.KindContact, org))
				check("create", err, canEdit)
				// Moving a visible fiche out of one's scope is refused too.
				if canEdit && name != "fed2" && r.scope.Level() != model.LevelNational {
					cur, _ = w.st.Get(w.sys, p.ID)
					cur.Org = subjects["fed2"]
					_, err = w.st.Update(sess, cur)
					check("move out of scope", err, false)
				}
				err = w.st.Erase(sess, p.ID)
				check("erase", err, canEdit)
			}
			// Counting sees only the scope.
			c, _ := w.st.Count(sess)
			all, _ := w.st.Search(sess, nil, SortName)
			if c.Total() != all.Total {
				t.Errorf("count %d vs search total %d", c.Total(), all.Total)
			}
			for _, id := range all.IDs {
				p, _ := w.st.Get(w.sys, id)
				if !r.scope.Contains(p.Org) {
					t.Errorf("listed out-of-scope fiche %d", id)
				}
			}
			err := w.st.LogExport(sess, "", "rappel", "/tmp/x.xlsx", 3)
			if (err == nil) != r.export {
				t.Errorf("export allowed=%v, err=%v", r.export, err)
			}
			j, _ := w.st.Journal(sess, JournalFilter{})
			for _, e := range j {
				if !r.scope.Contains(e.Org) {
					t.Errorf("journal shows out-of-scope entry %+v", e)
				}
			}
		})
	}
}

func TestDelegation(t *testing.T) {
	w := newWorld(t)
	secA := w.user(t, "Sam", "Benali", w.secA.Path, model.RightWrite|model.RightManage)
	cases := []struct {
		name   string
		scope  model.Org
		rights model.Rights
		ok     bool
	}{
		{"same level", w.secA.Path, model.ReadOnly, true},
		{"cell below", w.cellA1.Path, model.RightWrite, true},
		{"other section", w.secB.Path, model.ReadOnly, false},
		{"federation above", w.fed.Path, model.ReadOnly, false},
		{"more rights", w.cellA1.Path, model.RightExport, false},
	}
	for _, c := range cases {
		// The appointee is an adherent where the account goes (or in section A).
		at := c.scope
		if !w.secA.Path.Contains(at) {
			at = w.secA.Path
		}
		adh := w.create(t, person("Émilie", "Dupont-Martin", model.KindAdherent, at))
		u, pw, err := w.st.CreateUser(secA, UserSpec{PersonID: adh.ID, Scope: c.scope, Rights: c.rights})
		if (err == nil) != c.ok {
			t.Errorf("%s: err=%v", c.name, err)
			continue
		}
		if !c.ok {
			continue
		}
		if !strings.HasPrefix(u.Username, "edupont-martin") {
			t.Errorf("username %q", u.Username)
		}
		if !u.MustChangePassword || len(pw) < 16 {
			t.Errorf("password handling: %v %q", u.MustChangePassword, pw)
		}
		if _, err := w.st.Login(u.Username, pw); err != nil {
			t.Errorf("login with generated password: %v", err)
		}
		if u.PersonID != adh.ID || u.FirstName != "Émilie" || u.LastName != "DUPONT-MARTIN" && u.LastName != "Dupont-Martin" {
			t.Errorf("account not tied to the fiche: %+v", u)
		}
	}
}

func TestLoginBackoffAndDisabled(t *testing.T) {
	w := newWorld(t)
	var waits []time.Duration
	w.st.opt.Sleep = func(d time.Duration) { waits = append(waits, d) }
	sess := w.user(t, "Marc", "Roux", w.secA.Path, model.RightWrite)
	for i := 0; i < 5; i++ {
		if _, err := w.st.Login("mroux", "mauvais mot de passe"); !errors.Is(err, ErrBadLogin) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	want := []time.Duration{time.Second, 2 * time.Second}
	if !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	// Even the right password waits once failures have piled up, then resets.
	if _, err := w.st.Login("mroux", "correct-horse-battery"); err != nil {
		t.Fatal(err)
	}
	if waits[len(waits)-1] != 4*time.Second {
		t.Errorf("right password after 5 failures did not wait: %v", waits)
	}
	waits = nil
	if _, err := w.st.Login("mroux", "correct-horse-battery"); err != nil || len(waits) != 0 {
		t.Errorf("no reset after success: %v %v", err, waits)
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionLoginFail})
	if len(j) != 5 {
		t.Errorf("%d failures journaled", len(j))
	}
	// Disabling ends the open session at its next action.
	u, _ := sess.User()
	if _, err := w.st.SetUserDisabled(w.sys, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Search(sess, nil, SortName); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("disabled session still searches: %v", err)
	}
	if _, err := w.st.Login("mroux", "correct-horse-battery"); !errors.Is(err, ErrDisabled) {
		t.Errorf("disabled login: %v", err)
	}
}

func TestPasswordsNeverStoredInClear(t *testing.T) {
	w := newWorld(t)
	w.user(t, "Marc", "Roux", w.secA.Path, model.RightWrite)
	if err := w.st.ResetPassword("mroux", "un-autre-secret-42"); err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	data, err := os.ReadFile(w.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"correct-horse-battery", "un-autre-secret-42"} {
		if bytes.Contains(data, []byte(pw)) {
			t.Errorf("password %q found in the file", pw)
		}
	}
}
