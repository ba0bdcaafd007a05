package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// account creates a responsable directly (no delegation rules, no password
// change pending) and returns it with a logged-in session.
func (w *world) account(t testing.TB, first, last string, scope model.Org, rights model.Rights) (model.User, *Session) {
	t.Helper()
	sess := w.user(t, first, last, scope, rights)
	u, err := sess.User()
	if err != nil {
		t.Fatal(err)
	}
	return u, sess
}

// appointer is the usual scene of an appointment: Sam Benali, responsable
// of section A who may manage others, and Émilie Dupont-Martin, an
// adherent of cell A1 he may appoint.
func (w *world) appointer(t testing.TB) (*Session, model.Person) {
	t.Helper()
	_, sec := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite|model.RightManage)
	return sec, w.create(t, person("Émilie", "Dupont-Martin", model.KindAdherent, w.cellA1.Path))
}

// TestResponsablesAccessTable: each role × each operation on responsables
// and on the structure × in or out of scope is allowed exactly when the rules
// say so. Expectations are written out by hand.
func TestResponsablesAccessTable(t *testing.T) {
	w := newWorld(t)
	targets := map[string]model.Org{
		"national": {}, "fed": w.fed.Path, "secA": w.secA.Path, "cellA1": w.cellA1.Path,
		"secB": w.secB.Path, "cellB1": w.cellB1.Path, "fed2": {Federation: w.fed2.ID},
	}
	type role struct {
		name     string
		scope    model.Org
		rights   model.Rights
		delegate []string // levels where it may appoint a read-only responsable
		manage   []string // accounts it may disable, reset, change ("tA1", "tSecA", "tB1")
		renames  []string // units it may rename (and close): "cellA1", "secA", "fed"
		creates  []string // parents under which it may create a unit: "secA", "fed"
		allMore  bool     // may appoint with every right
	}
	roles := []role{
		{"national admin", model.Org{}, model.AllRights,
			[]string{"national", "fed", "fed2"}, []string{"tA1", "tSecA", "tB1"}, []string{"cellA1", "secA", "fed"}, []string{"secA", "fed"}, true},
		{"fédération lecture seule", w.fed.Path, model.ReadOnly, nil, nil, nil, nil, false},
		{"fédération gestion", w.fed.Path, model.RightWrite | model.RightManage,
			[]string{"fed", "secA", "secB"}, []string{"tA1", "tB1"}, []string{"cellA1", "secA"}, []string{"secA", "fed"}, false},
		{"section A création et modification", w.secA.Path, model.RightWrite | model.RightExport, nil, nil, []string{"cellA1"}, []string{"secA"}, false},
		{"section A sans export", w.secA.Path, model.RightWrite, nil, nil, []string{"cellA1"}, []string{"secA"}, false},
		{"section A gestion", w.secA.Path, model.RightWrite | model.RightManage,
			[]string{"secA", "cellA1"}, []string{"tA1"}, []string{"cellA1"}, []string{"secA"}, false},
		{"section A gestion lecture seule", w.secA.Path, model.RightManage,
			[]string{"secA", "cellA1"}, []string{"tA1"}, nil, nil, false},
		{"cellule A1 lecture seule", w.cellA1.Path, model.ReadOnly, nil, nil, nil, nil, false},
		{"section B gestion", w.secB.Path, model.RightWrite | model.RightManage,
			[]string{"secB", "cellB1"}, []string{"tB1"}, nil, nil, false},
	}
	check := func(t *testing.T, op string, err error, allowed bool) {
		t.Helper()
		if allowed && err != nil {
			t.Errorf("%s: refused: %v", op, err)
		}
		if !allowed && err == nil {
			t.Errorf("%s: allowed", op)
		}
		if !allowed && err != nil && !errors.Is(err, ErrForbidden) && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrUnknownUser) && !errors.Is(err, ErrUnitNotFound) {
			t.Errorf("%s: unexpected error %v", op, err)
		}
	}
	for i, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			_, sess := w.account(t, "Resp", fmt.Sprintf("Role%d", i), r.scope, r.rights)
			// Appointing a read-only responsable at each level.
			for name, org := range targets {
				at := org
				if org.Level() == model.LevelNational {
					at = w.fed.Path
				}
				adh := w.create(t, person("Nommé", fmt.Sprintf("Nomme-%d-%s", i, name), model.KindAdherent, at))
				_, _, err := w.st.CreateUser(sess, UserSpec{PersonID: adh.ID, Scope: org, Rights: model.ReadOnly})
				check(t, "appoint at "+name, err, slices.Contains(r.delegate, name))
			}
			// With every right: only who holds them all.
			adh := w.create(t, person("Nommé", fmt.Sprintf("Tous-%d", i), model.KindAdherent, w.fed.Path))
			_, _, err := w.st.CreateUser(sess, UserSpec{PersonID: adh.ID, Scope: w.fed.Path, Rights: model.AllRights})
			check(t, "appoint with every right", err, r.allMore)

			// Managing existing accounts.
			accounts := map[string]struct {
				scope  model.Org
				rights model.Rights
			}{
				"tA1":   {w.cellA1.Path, model.ReadOnly},
				"tSecA": {w.secA.Path, model.RightWrite | model.RightExport},
				"tB1":   {w.cellB1.Path, model.ReadOnly},
			}
			for name, a := range accounts {
				tu, tsess := w.account(t, "Cible", fmt.Sprintf("%s-%d", name, i), a.scope, a.rights)
				allowed := slices.Contains(r.manage, name)
				_, err := w.st.UpdateUser(sess, tu.ID, UserChange{Scope: a.scope, Rights: a.rights, RequireTOTP: true})
				check(t, "change "+name, err, allowed)
				_, err = w.st.ResetUserPassword(sess, tu.ID)
				check(t, "reset password of "+name, err, allowed)
				if allowed {
					if _, err := tsess.User(); !errors.Is(err, ErrSessionEnded) {
						t.Errorf("%s: the session survived the password reset: %v", name, err)
					}
				}
				_, err = w.st.SetUserDisabled(sess, tu.ID, true)
				check(t, "disable "+name, err, allowed)
				if allowed {
					_, err = w.st.SetUserDisabled(sess, tu.ID, false)
					check(t, "re-enable "+name, err, true)
				}
			}
			// Nobody raises their own rights.
			me, _ := sess.User()
			_, err = w.st.UpdateUser(sess, me.ID, UserChange{Scope: me.Scope, Rights: me.Rights | model.RightCotisations})
			if err == nil && r.rights != model.AllRights {
				t.Errorf("raised own rights")
			}

			// The structure.
			units := map[string]model.Unit{"cellA1": w.cellA1, "secA": w.secA, "fed": w.fed}
			for name, unit := range units {
				allowed := slices.Contains(r.renames, name)
				_, err := w.st.RenameUnit(sess, unit.ID, unit.Name+" bis", unit.Code)
				check(t, "rename "+name, err, allowed)
				if err == nil {
					if _, err := w.st.RenameUnit(w.sys, unit.ID, unit.Name, unit.Code); err != nil {
						t.Fatal(err)
					}
				}
			}
			for name, parent := range map[string]model.Org{"secA": w.secA.Path, "fed": w.fed.Path} {
				allowed := slices.Contains(r.creates, name)
				unit, err := w.st.CreateUnit(sess, parent, fmt.Sprintf("Nouvelle %d", i), "")
				check(t, "create under "+name, err, allowed)
				// Closing follows the same rule as renaming (création et modification at the parent).
				if err != nil {
					unit, err = w.st.CreateUnit(w.sys, parent, fmt.Sprintf("Nouvelle %d", i), "")
					if err != nil {
						t.Fatal(err)
					}
				}
				_, err = w.st.CloseUnit(sess, unit.ID, model.Org{})
				check(t, "close a unit under "+name, err, allowed)
			}
			// What it sees of the structure and of the responsables.
			counts, _ := w.st.UnitCounts(sess)
			for id := range counts {
				if id == 0 {
					continue
				}
				u, _ := w.st.units.get(id)
				if !r.scope.Contains(u.Path) {
					t.Errorf("counts of out-of-scope unit %s", u.Name)
				}
			}
			users, _ := w.st.Users(sess)
			for _, u := range users {
				if !r.scope.Contains(u.Scope) {
					t.Errorf("lists out-of-scope responsable %s", u.Username)
				}
				if u.PasswordHash != "" || u.TOTPSecret != "" {
					t.Errorf("lists secrets of %s", u.Username)
				}
			}
		})
	}
}

func TestAppointeeRules(t *testing.T) {
	w := newWorld(t)
	_, secA := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite|model.RightManage)
	contact := w.create(t, person("Jean", "Contact", model.KindContact, w.cellA1.Path))
	compagnon := w.create(t, person("Paul", "Compagnon", model.KindCompagnon, w.cellA1.Path))
	outside := w.create(t, person("Olga", "Dehors", model.KindAdherent, w.cellB1.Path))
	gone := person("Rémi", "Parti", model.KindAdherent, w.cellA1.Path)
	gone.Status = model.StatusDemissionnaire
	goneP := w.create(t, gone)
	adh := w.create(t, person("Émilie", "Dupont-Martin", model.KindAdherent, w.cellA1.Path))

	for _, c := range []struct {
		id   model.PersonID
		want string
	}{
		{contact.ID, "est un contact"},
		{compagnon.ID, "compagnon de route"},
		{goneP.ID, "démissionnaire"},
	} {
		_, err := w.st.CheckAppointee(secA, c.id)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("appointee %d: %v, want %q", c.id, err, c.want)
		}
		if _, _, err := w.st.CreateUser(secA, UserSpec{PersonID: c.id, Scope: w.cellA1.Path}); err == nil {
			t.Errorf("appointed %d", c.id)
		}
	}
	if _, err := w.st.CheckAppointee(secA, outside.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("out of scope: %v", err)
	}
	if _, _, err := w.st.CreateUser(secA, UserSpec{PersonID: outside.ID, Scope: w.cellA1.Path}); !errors.Is(err, ErrNotFound) {
		t.Errorf("appointed out of scope: %v", err)
	}
	if _, _, err := w.st.CreateUser(secA, UserSpec{FirstName: "Sans", LastName: "Fiche", Scope: w.cellA1.Path}); err == nil {
		t.Error("appointed without a fiche")
	}
	if p, err := w.st.CheckAppointee(secA, adh.ID); err != nil || p.ID != adh.ID {
		t.Fatalf("adherent refused: %v", err)
	}
	if got := w.st.ProposeUsername(adh.FirstName, adh.LastName); got != "edupont-martin" {
		t.Errorf("proposed %q", got)
	}
	u, pw, err := w.st.CreateUser(secA, UserSpec{PersonID: adh.ID, Scope: w.cellA1.Path, Rights: model.ReadOnly, RequireTOTP: true,
		FirstName: "Faux", LastName: "Nom"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "edupont-martin" || u.FirstName != "Émilie" || !u.MustChangePassword || !u.TOTPRequired || u.PasswordHash != "" {
		t.Errorf("created %+v", u)
	}
	if len(pw) != 19 || strings.Count(pw, "-") != 3 {
		t.Errorf("generated password %q", pw)
	}
	if _, err := w.st.CheckAppointee(secA, adh.ID); err == nil || !strings.Contains(err.Error(), "déjà responsable (edupont-martin)") {
		t.Errorf("second account: %v", err)
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionUserCreate, UserID: u.ID})
	if len(j) != 1 || j[0].Actor != "sbenali" || j[0].PersonID != adh.ID || !strings.Contains(j[0].Detail, "cellule") ||
		!strings.Contains(j[0].Detail, "lecture seule") || !strings.Contains(j[0].Detail, "double authentification exigée") {
		t.Errorf("journal: %+v", j)
	}
	// The section responsable sees it in their journal; the fiche's history too.
	if j, _ := w.st.Journal(secA, JournalFilter{Kind: model.KindResponsable}); len(j) == 0 {
		t.Error("the granter does not see the appointment in their journal")
	}
	if h, _ := w.st.History(w.sys, adh.ID); len(h) == 0 || h[0].Action != model.ActionUserCreate {
		t.Errorf("fiche history: %+v", h)
	}
}

// A new responsable must change the provisional password, then enrol the
// second factor if required, before anything else: the store refuses
// every other call meanwhile.
func TestSetupRequiredBeforeWorking(t *testing.T) {
	clock := newClock(fixedNow)
	w := newWorldWith(t, clock)
	secA, adh := w.appointer(t)
	u, pw, err := w.st.CreateUser(secA, UserSpec{PersonID: adh.ID, Scope: w.cellA1.Path, Rights: model.ReadOnly, RequireTOTP: true})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := w.st.Login(u.Username, pw)
	if err != nil {
		t.Fatal(err)
	}
	if p, tot := sess.NeedsSetup(); !p || !tot {
		t.Errorf("needs setup: %v %v", p, tot)
	}
	if _, err := w.st.Search(sess, nil, SortName); !errors.Is(err, ErrSetupRequired) || !errors.Is(err, ErrSessionEnded) {
		t.Errorf("search before setup: %v", err)
	}
	if err := w.st.ChangePassword(sess, pw, "court"); err == nil {
		t.Error("weak password accepted")
	}
	if err := w.st.ChangePassword(sess, pw, "Trois-Pommes-Vertes-2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Count(sess); !errors.Is(err, ErrSetupRequired) {
		t.Errorf("count before the second factor: %v", err)
	}
	key, err := w.st.NewTOTPKey(sess)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key.URL, "otpauth://totp/fichier:edupont-martin?secret=") || len(key.Secret) != 32 {
		t.Errorf("key %+v", key)
	}
	if _, err := w.st.EnableTOTP(sess, key.Secret, "000000"); err == nil {
		t.Error("wrong first code accepted")
	}
	codes, err := w.st.EnableTOTP(sess, key.Secret, codeAt(t, key.Secret, clock.now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 8 {
		t.Errorf("%d recovery codes", len(codes))
	}
	c, err := w.st.Count(sess)
	if err != nil {
		t.Fatalf("after setup: %v", err)
	}
	if c.Total() != 1 {
		t.Errorf("the cell responsable sees %d fiches", c.Total())
	}
	// A responsable who is required to use it cannot remove it.
	if err := w.st.DisableTOTP(sess, "Trois-Pommes-Vertes-2026"); err == nil {
		t.Error("required second factor removed")
	}
}

func TestTOTPLogin(t *testing.T) {
	clock := newClock(fixedNow)
	w := newWorldWith(t, clock)
	var waits []time.Duration
	w.st.opt.Sleep = func(d time.Duration) { waits = append(waits, d) }
	u, sess := w.account(t, "Marc", "Roux", w.secA.Path, model.RightWrite)
	key, _ := w.st.NewTOTPKey(sess)
	codes, err := w.st.EnableTOTP(sess, key.Secret, codeAt(t, key.Secret, clock.now()))
	if err != nil {
		t.Fatal(err)
	}
	const pw = "correct-horse-battery"
	if _, err := w.st.Login(u.Username, pw); !errors.Is(err, ErrCodeRequired) {
		t.Fatalf("login without code: %v", err)
	}
	// The code used to enable it is not accepted again (RFC 6238 §5.2).
	s, ch, err := w.st.LoginStart(u.Username, pw)
	if err != nil || s != nil || ch == nil {
		t.Fatalf("login start: %v %v %v", s, ch, err)
	}
	if _, err := w.st.LoginCode(ch, codeAt(t, key.Secret, clock.now())); !errors.Is(err, ErrBadCode) {
		t.Errorf("replayed code: %v", err)
	}
	clock.add(30 * time.Second)
	good := codeAt(t, key.Secret, clock.now())
	if _, err := w.st.LoginCode(ch, "123456"); !errors.Is(err, ErrBadCode) {
		t.Errorf("wrong code: %v", err)
	}
	if n := w.st.fails.count(u.Username); n != 2 {
		t.Errorf("%d failures counted", n)
	}
	s, err = w.st.LoginCode(ch, good)
	if err != nil || s == nil {
		t.Fatalf("right code: %v", err)
	}
	if _, err := w.st.Count(s); err != nil {
		t.Error(err)
	}
	if n := w.st.fails.count(u.Username); n != 0 {
		t.Errorf("failures not reset: %d", n)
	}
	if _, err := w.st.LoginCode(ch, good); !errors.Is(err, ErrLoginExpired) {
		t.Errorf("challenge reused: %v", err)
	}
	// A recovery code works once, whatever its case and dashes.
	_, ch, _ = w.st.LoginStart(u.Username, pw)
	if _, err := w.st.LoginCode(ch, strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))); err != nil {
		t.Errorf("recovery code: %v", err)
	}
	_, ch, _ = w.st.LoginStart(u.Username, pw)
	if _, err := w.st.LoginCode(ch, codes[3]); !errors.Is(err, ErrBadCode) {
		t.Errorf("recovery code used twice: %v", err)
	}
	// Wrong codes count toward the back-off and end the challenge after five.
	waits = nil
	_, ch, _ = w.st.LoginStart(u.Username, pw)
	for i := 0; i < 4; i++ {
		if _, err := w.st.LoginCode(ch, "000000"); !errors.Is(err, ErrBadCode) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	if _, err := w.st.LoginCode(ch, "000000"); !errors.Is(err, ErrLoginExpired) {
		t.Errorf("fifth wrong code: %v", err)
	}
	if len(waits) == 0 {
		t.Error("wrong codes did not slow down the next attempts")
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionLoginFail, UserID: u.ID})
	if len(j) < 5 || !strings.Contains(j[0].Detail, "code") {
		t.Errorf("wrong codes journaled: %d %+v", len(j), j)
	}
	// The challenge expires.
	_, ch, _ = w.st.LoginStart(u.Username, pw)
	clock.add(10 * time.Minute)
	if _, err := w.st.LoginCode(ch, codeAt(t, key.Secret, clock.now())); !errors.Is(err, ErrLoginExpired) {
		t.Errorf("late code: %v", err)
	}
	// New recovery codes need a code of the app.
	clock.add(time.Minute)
	_, ch, _ = w.st.LoginStart(u.Username, pw)
	if s, err = w.st.LoginCode(ch, codeAt(t, key.Secret, clock.now())); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.NewRecoveryCodes(s, "000000"); err == nil {
		t.Error("new codes without a good code")
	}
	clock.add(30 * time.Second)
	if fresh, err := w.st.NewRecoveryCodes(s, codeAt(t, key.Secret, clock.now())); err != nil || len(fresh) != 8 {
		t.Errorf("new codes: %v %v", fresh, err)
	}
	// Turning it off needs the password.
	if err := w.st.DisableTOTP(s, "pas le bon"); err == nil {
		t.Error("turned off without the password")
	}
	if err := w.st.DisableTOTP(s, pw); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Login(u.Username, pw); err != nil {
		t.Errorf("login after turning it off: %v", err)
	}
}

func TestResetTOTPByGranterAndByFileHolder(t *testing.T) {
	clock := newClock(fixedNow)
	w := newWorldWith(t, clock)
	_, fed := w.account(t, "Fed", "Gestion", w.fed.Path, model.RightWrite|model.RightManage)
	u, sess := w.account(t, "Marc", "Roux", w.secA.Path, model.RightWrite)
	key, _ := w.st.NewTOTPKey(sess)
	if _, err := w.st.EnableTOTP(sess, key.Secret, codeAt(t, key.Secret, clock.now())); err != nil {
		t.Fatal(err)
	}
	if err := w.st.ResetUserTOTP(fed, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.User(); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("session survived: %v", err)
	}
	if _, err := w.st.Login(u.Username, "correct-horse-battery"); err != nil {
		t.Errorf("login after the reset: %v", err)
	}
	// The file holder's reset-password removes it by default, keeps it on request.
	sess, _ = w.st.Login(u.Username, "correct-horse-battery")
	clock.add(time.Minute)
	key, _ = w.st.NewTOTPKey(sess)
	if _, err := w.st.EnableTOTP(sess, key.Secret, codeAt(t, key.Secret, clock.now())); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.RecoverAccount(u.Username, "Nouveau-Depart-2026", RecoverOptions{KeepTOTP: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Login(u.Username, "Nouveau-Depart-2026"); !errors.Is(err, ErrCodeRequired) {
		t.Errorf("second factor not kept: %v", err)
	}
	if err := w.st.ResetPassword(u.Username, "Encore-Un-Depart-2027"); err != nil {
		t.Fatal(err)
	}
	s, err := w.st.Login(u.Username, "Encore-Un-Depart-2027")
	if err != nil {
		t.Fatalf("second factor not removed: %v", err)
	}
	if p, _ := s.NeedsSetup(); !p {
		t.Error("the reset password need not be changed")
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionPasswordReset})
	if len(j) != 2 || j[0].Actor != systemActor || !strings.Contains(j[0].Detail, "double authentification retirée") {
		t.Errorf("journal: %+v", j)
	}
}

func TestLastManagerCannotLeave(t *testing.T) {
	w := newWorld(t)
	boss, bossSess := w.account(t, "Annie", "Martin", model.Org{}, model.AllRights)
	if _, err := w.st.SetUserDisabled(bossSess, boss.ID, true); err == nil || !strings.Contains(err.Error(), "dernier responsable") {
		t.Errorf("last national manager disabled themselves: %v", err)
	}
	if _, err := w.st.UpdateUser(bossSess, boss.ID, UserChange{Scope: boss.Scope, Rights: model.RightWrite}); err == nil {
		t.Error("last national manager dropped the right")
	}
	// Lowering one's own rights otherwise is fine; raising them is not.
	if _, err := w.st.UpdateUser(bossSess, boss.ID, UserChange{Scope: boss.Scope, Rights: model.AllRights &^ model.RightCotisations}); err != nil {
		t.Errorf("lowering own rights: %v", err)
	}
	if _, err := w.st.UpdateUser(bossSess, boss.ID, UserChange{Scope: boss.Scope, Rights: model.AllRights}); !errors.Is(err, ErrForbidden) {
		t.Errorf("raising own rights back: %v", err)
	}
	// With a second national manager, either may step down.
	second, _ := w.account(t, "Bruno", "Second", model.Org{}, model.RightManage)
	if _, err := w.st.SetUserDisabled(bossSess, boss.ID, true); err != nil {
		t.Errorf("stepping down with a second manager: %v", err)
	}
	if _, err := bossSess.User(); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("the disabled session goes on: %v", err)
	}
	if _, err := w.st.SetUserDisabled(w.sys, second.ID, true); err == nil {
		t.Error("the file holder disabled the last manager")
	}
	// A section's only manager may step down: the federation's covers it.
	_, fed := w.account(t, "Fed", "Gestion", w.fed.Path, model.RightWrite|model.RightManage)
	sec, secSess := w.account(t, "Sam", "Benali", w.secA.Path, model.RightManage)
	if _, err := w.st.SetUserDisabled(secSess, sec.ID, true); err != nil {
		t.Errorf("section manager covered by the federation: %v", err)
	}
	fedU, _ := fed.User()
	if _, err := w.st.SetUserDisabled(fed, fedU.ID, true); err != nil {
		t.Errorf("federation manager covered by the national one: %v", err)
	}
}

func TestDisableBroadcastsAndEndsSession(t *testing.T) {
	w := newWorld(t)
	_, sec := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite|model.RightManage)
	u, cell := w.account(t, "Marc", "Roux", w.cellA1.Path, model.ReadOnly)
	events, stop := w.st.Subscribe(nil)
	defer stop()
	if _, err := w.st.SetUserDisabled(sec, u.ID, true); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-events:
		if ev.What != model.ActionUserDisable || ev.By != "sbenali" {
			t.Errorf("event %+v", ev)
		}
	case <-time.After(time.Second):
		t.Fatal("no event")
	}
	if _, err := w.st.Search(cell, nil, SortName); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("disabled session searches: %v", err)
	}
	if _, err := w.st.Login(u.Username, "correct-horse-battery"); !errors.Is(err, ErrDisabled) {
		t.Errorf("disabled login: %v", err)
	}
	if _, err := w.st.SetUserDisabled(sec, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Login(u.Username, "correct-horse-battery"); err != nil {
		t.Errorf("re-enabled login: %v", err)
	}
	// A session of an account that no longer exists (stale ID) is over too.
	ghost := &Session{st: w.st, userID: 999}
	if _, err := w.st.Count(ghost); !errors.Is(err, ErrSessionEnded) {
		t.Errorf("ghost session: %v", err)
	}
	j, _ := w.st.Journal(sec, JournalFilter{Kind: model.KindResponsable, UserID: u.ID})
	if len(j) != 3 || j[0].Action != model.ActionUserEnable || j[1].Action != model.ActionUserDisable || j[2].Action != model.ActionUserCreate {
		t.Errorf("journal: %+v", j)
	}
}

func TestChangeLevelAndRights(t *testing.T) {
	w := newWorld(t)
	_, sec := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite|model.RightExport|model.RightManage)
	u, _ := w.account(t, "Marc", "Roux", w.cellA1.Path, model.ReadOnly)
	got, err := w.st.UpdateUser(sec, u.ID, UserChange{Scope: w.cellA2.Path, Rights: model.RightWrite | model.RightExport, RequireTOTP: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Scope != w.cellA2.Path || got.Rights != model.RightWrite|model.RightExport || !got.TOTPRequired {
		t.Errorf("after change: %+v", got)
	}
	for _, bad := range []UserChange{
		{Scope: w.cellB1.Path, Rights: model.ReadOnly},         // out of scope
		{Scope: w.fed.Path, Rights: model.ReadOnly},            // above
		{Scope: w.cellA1.Path, Rights: model.RightCotisations}, // a right the granter lacks
	} {
		if _, err := w.st.UpdateUser(sec, u.ID, bad); err == nil {
			t.Errorf("allowed %+v", bad)
		}
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionUserUpdate})
	if len(j) != 1 || len(j[0].Changes) != 3 || j[0].Changes[0].Old != "cellule Échirolles" || j[0].Changes[0].New != "cellule Eybens" {
		t.Errorf("journal: %+v", j)
	}
}

func TestCloseUnitMovesPeopleInOneTransaction(t *testing.T) {
	w := newWorld(t)
	_, sec := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite|model.RightManage)
	a := w.create(t, person("Alice", "Un", model.KindAdherent, w.cellA1.Path))
	b := w.create(t, person("Bob", "Deux", model.KindContact, w.cellA1.Path))
	arch := w.create(t, person("Carl", "Trois", model.KindCompagnon, w.cellA1.Path))
	if _, err := w.st.SetArchived(w.sys, arch.ID, arch.Version, true); err != nil {
		t.Fatal(err)
	}
	cellResp, _ := w.account(t, "Cécile", "Cellule", w.cellA1.Path, model.ReadOnly)

	counts, _ := w.st.UnitCounts(sec)
	if c := counts[w.cellA1.ID]; c.Adherents != 1 || c.Contacts != 1 || c.Archived != 1 {
		t.Errorf("counts of A1: %+v", c)
	}
	if c := counts[w.secA.ID]; c.Adherents != 1 || c.AdherentsNoCell != 0 {
		t.Errorf("counts of A: %+v", c)
	}
	dests, _ := w.st.CloseDestinations(sec, w.cellA1.ID)
	if len(dests) != 2 || dests[0] != w.secA.Path || dests[1] != w.cellA2.Path {
		t.Errorf("destinations %+v", dests)
	}
	// Not while an active responsable is attached to it.
	if _, err := w.st.CloseUnit(sec, w.cellA1.ID, w.secA.Path); err == nil || !strings.Contains(err.Error(), "ccellule") {
		t.Errorf("closed with an active responsable: %v", err)
	}
	if _, err := w.st.SetUserDisabled(sec, cellResp.ID, true); err != nil {
		t.Fatal(err)
	}
	// Nowhere to go, or somewhere invalid: refused, nothing written.
	for _, dest := range []model.Org{{}, w.cellB1.Path, w.cellA1.Path, w.fed.Path} {
		if _, err := w.st.CloseUnit(sec, w.cellA1.ID, dest); err == nil {
			t.Errorf("closed towards %+v", dest)
		}
	}
	events, stop := w.st.Subscribe(nil)
	defer stop()
	n, err := w.st.CloseUnit(sec, w.cellA1.ID, w.secA.Path)
	if err != nil || n != 3 {
		t.Fatalf("close: %d %v", n, err)
	}
	ev := <-events
	if ev.What != model.ActionUnitClose || len(ev.Persons) != 3 {
		t.Errorf("event %+v", ev)
	}
	for _, p := range []model.Person{a, b, arch} {
		got, _ := w.st.Get(w.sys, p.ID)
		if got.Org != w.secA.Path {
			t.Errorf("%s still at %+v", p.LastName, got.Org)
		}
		h, _ := w.st.History(sec, p.ID)
		if len(h) == 0 || !strings.Contains(h[0].Detail, "fermeture de cellule « Échirolles »") || !strings.Contains(fmt.Sprint(h[0].Changes), "Échirolles") {
			t.Errorf("history of %s: %+v", p.LastName, h)
		}
	}
	// The index follows: the section now counts them without a cell.
	counts, _ = w.st.UnitCounts(sec)
	if c := counts[w.secA.ID]; c.AdherentsNoCell != 1 || c.Contacts != 1 {
		t.Errorf("counts of A after: %+v", c)
	}
	res, _ := w.st.Search(sec, mustParse(t, "cellule:"), SortName)
	if len(res.IDs) != 2 { // Carl's fiche is archived
		t.Errorf("%d without cell", len(res.IDs))
	}
	unit, _ := w.st.units.get(w.cellA1.ID)
	if !unit.Closed {
		t.Error("unit not closed")
	}
	if _, err := w.st.CreateUnit(sec, w.cellA1.Path, "Sous", ""); err == nil {
		t.Error("created under a closed unit")
	}
	p := person("Dan", "Quatre", model.KindContact, w.cellA1.Path)
	if _, err := w.st.Create(sec, p); err == nil {
		t.Error("created a fiche in a closed unit")
	}
	// Closed units keep their name for queries and old journal entries.
	if _, err := query.Parse("cellule:échirolles"); err != nil {
		t.Error(err)
	}
	if res, err := w.st.Search(sec, mustParse(t, "cellule:échirolles"), SortName); err != nil || len(res.IDs) != 0 {
		t.Errorf("query on a closed cell: %v %v", res.IDs, err)
	}
	// The disabled responsable of the closed cell cannot be re-enabled there.
	if _, err := w.st.SetUserDisabled(sec, cellResp.ID, false); err == nil {
		t.Error("re-enabled in a closed cell")
	}
	j, _ := w.st.Journal(sec, JournalFilter{Action: model.ActionUnitClose})
	if len(j) != 1 || !strings.Contains(j[0].Detail, "3 fiches déplacées vers Isère › Sud-Grenoblois (sans cellule)") {
		t.Errorf("journal: %+v", j)
	}
	// Closing a section closes its cells; their people go to the other section.
	c := w.create(t, person("Eve", "Cinq", model.KindAdherent, w.cellA2.Path))
	if _, err := w.st.CloseUnit(w.sys, w.secA.ID, w.secB.Path); err == nil || !strings.Contains(err.Error(), "sbenali") {
		t.Errorf("closed the section of an active responsable: %v", err)
	}
	w.account(t, "Fed", "Gestion", w.fed.Path, model.RightWrite|model.RightManage)
	me, _ := sec.User()
	if _, err := w.st.SetUserDisabled(w.sys, me.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.CloseUnit(w.sys, w.secA.ID, w.secB.Path); err != nil {
		t.Fatal(err)
	}
	if got, _ := w.st.Get(w.sys, c.ID); got.Org != w.secB.Path {
		t.Errorf("moved to %+v", got.Org)
	}
	if u, _ := w.st.units.get(w.cellA2.ID); !u.Closed {
		t.Error("cell of a closed section still open")
	}
}

func TestRenameUnit(t *testing.T) {
	w := newWorld(t)
	_, sec := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite)
	if _, err := w.st.RenameUnit(sec, w.cellA1.ID, "Eybens", ""); err == nil {
		t.Error("two cells with one name")
	}
	u, err := w.st.RenameUnit(sec, w.cellA1.ID, "Échirolles-Centre", "")
	if err != nil || u.Name != "Échirolles-Centre" {
		t.Fatalf("%+v %v", u, err)
	}
	if got := w.st.Describe(w.cellA1.Path); got != "Isère › Sud-Grenoblois › Échirolles-Centre" {
		t.Errorf("described %q", got)
	}
	j, _ := w.st.Journal(sec, JournalFilter{Kind: model.KindStructure})
	if len(j) == 0 || j[0].Action != model.ActionUnitUpdate || j[0].Changes[0].Old != "Échirolles" {
		t.Errorf("journal %+v", j)
	}
}

func TestJournalFiltersAndPages(t *testing.T) {
	clock := newClock(fixedNow)
	w := newWorldWith(t, clock)
	u, sec := w.account(t, "Sam", "Benali", w.secA.Path, model.RightWrite)
	var people []model.Person
	for i := range 30 {
		clock.add(time.Hour)
		p, err := w.st.Create(sec, person("P", fmt.Sprintf("Page%02d", i), model.KindContact, w.cellA1.Path))
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, p)
	}
	// Pages of 7, newest first, without gaps or repeats.
	var all []uint64
	f := JournalFilter{Kind: model.KindFiche, Actor: u.Username, Limit: 7}
	for {
		page, err := w.st.Journal(sec, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			all = append(all, e.ID)
		}
		if len(page) < f.Limit {
			break
		}
		f.Before = page[len(page)-1].ID
	}
	if len(all) != 30 || !slices.IsSortedFunc(all, func(a, b uint64) int { return int(b) - int(a) }) {
		t.Errorf("paged %d entries: %v", len(all), all)
	}
	// By fiche, by date range, by account.
	if j, _ := w.st.Journal(sec, JournalFilter{PersonID: people[4].ID}); len(j) != 1 || j[0].PersonID != people[4].ID {
		t.Errorf("by fiche: %+v", j)
	}
	since := fixedNow.Add(10*time.Hour + time.Minute)
	until := fixedNow.Add(15*time.Hour + time.Minute)
	if j, _ := w.st.Journal(sec, JournalFilter{Since: since, Until: until, Kind: model.KindFiche}); len(j) != 5 {
		t.Errorf("by dates: %d entries", len(j))
	}
	if j, _ := w.st.Journal(w.sys, JournalFilter{UserID: u.ID, Kind: model.KindLogin}); len(j) != 1 {
		t.Errorf("logins of the account: %d", len(j))
	}
	if e, err := w.st.JournalEntry(sec, all[0]); err != nil || e.ID != all[0] {
		t.Errorf("one entry: %v", err)
	}
	_, cellB := w.account(t, "Bea", "Bis", w.cellB1.Path, model.ReadOnly)
	if _, err := w.st.JournalEntry(cellB, all[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("out-of-scope entry: %v", err)
	}
}

// Passwords (given or generated), recovery codes and TOTP secrets never
// reach the file in clear, except the TOTP secret in its account record
// (it must be read back to check codes) — never in the journal.
func TestSecretsNeverInClear(t *testing.T) {
	clock := newClock(fixedNow)
	w := newWorldWith(t, clock)
	sec, adh := w.appointer(t)
	u, generated, err := w.st.CreateUser(sec, UserSpec{PersonID: adh.ID, Scope: w.cellA1.Path})
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := w.st.Login(u.Username, generated)
	const mine = "Trois-Pommes-Vertes-2026"
	if err := w.st.ChangePassword(sess, generated, mine); err != nil {
		t.Fatal(err)
	}
	key, _ := w.st.NewTOTPKey(sess)
	codes, err := w.st.EnableTOTP(sess, key.Secret, codeAt(t, key.Secret, clock.now()))
	if err != nil {
		t.Fatal(err)
	}
	reset, err := w.st.ResetUserPassword(sec, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.st.Login(u.Username, "une-tentative-ratée")
	secrets := append([]string{generated, mine, reset, "une-tentative-ratée", "correct-horse-battery"}, codes...)
	for _, c := range codes {
		secrets = append(secrets, strings.ReplaceAll(c, "-", ""))
	}
	if generated == reset || slices.Contains(codes[1:], codes[0]) {
		t.Error("generated secrets repeat")
	}
	// Nothing the UI gets holds them.
	users, _ := w.st.Users(w.sys)
	for _, x := range users {
		if x.PasswordHash != "" || x.TOTPSecret != "" || x.RecoverySalt != "" || strings.Join(x.RecoveryCodes, "") != "" {
			t.Errorf("Users leaks secrets of %s", x.Username)
		}
	}
	// The journal does not hold the TOTP secret either.
	err = w.st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bAudit).ForEach(func(k, v []byte) error {
			if bytes.Contains(v, []byte(key.Secret)) {
				t.Errorf("journal entry %d holds the TOTP secret", btoi(k))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	data, err := os.ReadFile(w.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("%q found in the file", s)
		}
	}
}

// ---------------------------------------------------------------------------

// clock is a settable test clock, safe for concurrent use.
type clock struct{ ns atomic.Int64 }

func newClock(t time.Time) *clock {
	c := &clock{}
	c.ns.Store(t.UnixNano())
	return c
}

func (c *clock) now() time.Time      { return time.Unix(0, c.ns.Load()).In(fixedNow.Location()) }
func (c *clock) add(d time.Duration) { c.ns.Add(int64(d)) }

// newWorldWith is newWorld on a store reading the time from c.
func newWorldWith(t testing.TB, c *clock) *world {
	t.Helper()
	return newWorld(t, func(o *Options) { o.Now = c.now })
}

func codeAt(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, at, totpOpts)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestEraseAResponsablesFiche(t *testing.T) {
	w := newWorld(t)
	adh := w.create(t, person("Émilie", "Dupont-Martin", model.KindAdherent, w.cellA1.Path))
	u, _, err := w.st.CreateUser(w.sys, UserSpec{PersonID: adh.ID, Scope: w.cellA1.Path})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.Erase(w.sys, adh.ID); err == nil || !strings.Contains(err.Error(), "désactivez d'abord son compte") {
		t.Fatalf("erased the fiche of an active responsable: %v", err)
	}
	if _, err := w.st.SetUserDisabled(w.sys, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := w.st.Erase(w.sys, adh.ID); err != nil {
		t.Fatal(err)
	}
	users, _ := w.st.Users(w.sys)
	for _, x := range users {
		if x.ID == u.ID && (x.PersonID != 0 || x.FirstName != "" || x.LastName != "" || x.Username != u.Username) {
			t.Errorf("the account keeps the erased person: %+v", x)
		}
	}
}

// A password typed in the username field is not written to the journal.
func TestUnknownUsernameNotJournaled(t *testing.T) {
	w := newWorld(t)
	if _, err := w.st.Login("Mon-Secret-Tape-Trop-Tot", "x"); !errors.Is(err, ErrBadLogin) {
		t.Fatal(err)
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionLoginFail})
	if len(j) != 1 || j[0].Actor != unknownActor || strings.Contains(fmt.Sprint(j[0]), "secret") {
		t.Errorf("journal: %+v", j)
	}
	w.st.Close()
	data, _ := os.ReadFile(w.path)
	if bytes.Contains(bytes.ToLower(data), []byte("mon-secret-tape-trop-tot")) {
		t.Error("the typed username is in the file")
	}
}
