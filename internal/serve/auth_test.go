package serve

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/pquerna/otp/totp"
	gossh "golang.org/x/crypto/ssh"

	"fichier/model"
	"fichier/store"
	"fichier/ui"
)

// The paths of a password login over SSH (keyboard-interactive) that the
// app's login screen also has: the second factor, the provisional password
// to change, and the end of the sessions of an account reset or disabled.

// dialogue answers the server's keyboard-interactive prompts in turn and
// keeps what the server said (instructions and prompts), as a user reads it.
type dialogue struct {
	mu      sync.Mutex
	answers [][]string
	said    []string
}

// answer queues the answers to the next prompts, one slice per round.
func answer(rounds ...[]string) *dialogue { return &dialogue{answers: rounds} }

func (d *dialogue) method() gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(_, instruction string, questions []string, _ []bool) ([]string, error) {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.said = append(d.said, instruction+" | "+strings.Join(questions, " | "))
		if len(questions) == 0 {
			return nil, nil // a message only
		}
		if len(d.answers) == 0 {
			return nil, errors.New("no answer left for " + strings.Join(questions, ", "))
		}
		a := d.answers[0]
		d.answers = d.answers[1:]
		return a, nil
	})
}

// transcript is everything the server said, one round a line.
func (d *dialogue) transcript() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return strings.Join(d.said, "\n")
}

// openBy opens a terminal session as user with the dialogue's answers.
func (f *fixture) openBy(t *testing.T, user string, d *dialogue) *term {
	t.Helper()
	cl, err := f.dial(user, d.method())
	if err != nil {
		t.Fatalf("%s by password: %v\nthe server said:\n%s", user, err, d.transcript())
	}
	tm, err := startTerm(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// enrolSecondFactor turns two-factor authentication on for user (as they
// would in « Mon compte ») and returns its secret and recovery codes.
func enrolSecondFactor(t *testing.T, st *store.Store, user, pw string) (string, []string) {
	t.Helper()
	sess := mustLogin(t, st, user, pw)
	key, err := st.NewTOTPKey(sess)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := st.EnableTOTP(sess, key.Secret, totpCode(t, key.Secret, 0))
	if err != nil {
		t.Fatal(err)
	}
	return key.Secret, codes
}

// totpCode is the authenticator app's code, steps periods of 30 s from now.
// The enrolment uses the current one, which cannot be used again: a login
// right after uses the next (one step of drift is allowed).
func totpCode(t *testing.T, secret string, steps int) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now().Add(time.Duration(steps)*30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// TestSecondFactorOverSSH: an account with two-factor authentication is
// asked its code after the password; a wrong code says so and asks again;
// a recovery code works too; five wrong codes end the attempt with the
// reason. A key login is not asked (the key is the second factor).
func TestSecondFactorOverSSH(t *testing.T) {
	f := newFixture(t, 50, Config{})
	secret, recovery := enrolSecondFactor(t, f.st, "broux", brunoPassword)

	d := answer([]string{brunoPassword}, []string{"000000"}, []string{totpCode(t, secret, 1)})
	tm := f.openBy(t, "broux", d)
	tm.expect("broux")
	said := d.transcript()
	for _, want := range []string{"Mot de passe : ", "Code à 6 chiffres (ou code de secours) : ", "Code incorrect"} {
		if !strings.Contains(said, want) {
			t.Errorf("the server did not say %q:\n%s", want, said)
		}
	}
	conns, _ := f.st.Connected(f.st.SystemSession("test"))
	if len(conns) != 1 || conns[0].Username != "broux" || conns[0].Method != "mot de passe" {
		t.Errorf("connected: %+v", conns)
	}

	// A recovery code, typed as printed.
	tm2 := f.openBy(t, "broux", answer([]string{brunoPassword}, []string{recovery[0]}))
	tm2.expect("broux")
	j, _ := f.st.Journal(f.st.SystemSession("test"), store.JournalFilter{Action: model.ActionLoginOK})
	var how []string
	for _, e := range j {
		how = append(how, e.Detail)
	}
	if joined := strings.Join(how, " / "); !strings.Contains(joined, "code de l'application") || !strings.Contains(joined, "code de secours") {
		t.Errorf("logins journaled as: %s", joined)
	}

	// Five wrong codes: refused, and told why before SSH says no.
	wrong := answer([]string{brunoPassword}, []string{"111111"}, []string{"222222"}, []string{"333333"}, []string{"444444"}, []string{"555555"}, []string{totpCode(t, secret, 1)})
	if _, err := f.dial("broux", wrong.method()); err == nil {
		t.Fatal("logged in after five wrong codes")
	}
	if said := wrong.transcript(); !strings.Contains(said, "trop d'essais") {
		t.Errorf("not told why after five wrong codes:\n%s", said)
	}
	if log := f.log.String(); !strings.Contains(log, "échec de connexion : broux") {
		t.Errorf("not logged:\n%s", log)
	}

	// By key: no code asked.
	f.open(t, "broux").expect("broux")
}

// TestProvisionalPasswordOverSSH: after a responsable gives Bruno a new
// password, his key no longer logs him in; he logs in with the provisional
// password and must choose his own right there (two prompts, told why a
// choice is refused); then that one and his key work, the provisional does
// not.
func TestProvisionalPasswordOverSSH(t *testing.T) {
	f := newFixture(t, 50, Config{})
	given, err := f.st.ResetUserPassword(mustLogin(t, f.st, "amartin", adminPassword), f.bruno.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.dial("broux", gossh.PublicKeys(f.keys["broux"])); err == nil {
		t.Error("a key logged in an account whose password is provisional")
	}
	// Three refused choices: no session, and told why.
	kept := answer([]string{given}, []string{"court", "court"}, []string{"a", "b"}, []string{given, given})
	if _, err := f.dial("broux", kept.method()); err == nil {
		t.Error("logged in without choosing a password")
	}
	if said := kept.transcript(); !strings.Contains(said, "provisoire non changé : reconnectez-vous pour le choisir (refusé, le nouveau mot de passe doit être différent de l'ancien)") {
		t.Errorf("not told why:\n%s", said)
	}
	const mine = "Cerises-Rouges-Juin-2026"
	d := answer([]string{given}, []string{mine, mine + "x"}, []string{"court", "court"}, []string{mine, mine})
	tm := f.openBy(t, "broux", d)
	tm.expect("broux")
	said := d.transcript()
	for _, want := range []string{"provisoire", "Nouveau mot de passe : ", "Encore une fois : ", "Refusé, les deux saisies diffèrent", "Refusé, mot de passe trop court"} {
		if !strings.Contains(said, want) {
			t.Errorf("the server did not say %q:\n%s", want, said)
		}
	}
	if _, err := f.st.Login("broux", given); err == nil {
		t.Error("the provisional password still works")
	}
	mustLogin(t, f.st, "broux", mine)
	f.open(t, "broux").expect("broux")
}

// TestProvisionalPasswordAndSecondFactorOverSSH: `fichier reset-password
// --garder-2fa` leaves the second factor: password, code, then the new
// password.
func TestProvisionalPasswordAndSecondFactorOverSSH(t *testing.T) {
	f := newFixture(t, 50, Config{})
	secret, _ := enrolSecondFactor(t, f.st, "broux", brunoPassword)
	const given, mine = "Provisoire-Donne-2026", "Cerises-Rouges-Juin-2026"
	if _, err := f.st.RecoverAccount("broux", given, store.RecoverOptions{KeepTOTP: true}); err != nil {
		t.Fatal(err)
	}
	d := answer([]string{given}, []string{totpCode(t, secret, 1)}, []string{mine, mine})
	tm := f.openBy(t, "broux", d)
	tm.expect("broux")
	// The chosen password is the one now (its code still asked).
	if _, ch, err := f.st.LoginStart("broux", mine); err != nil || ch == nil {
		t.Errorf("the chosen password: %v %v", ch, err)
	}
}

// TestResetEndsSessionsOverSSH: when a responsable gives Bruno a new
// password, or disables his account, every open session of his ends at
// once — by key and by password — saying why; others stay.
func TestResetEndsSessionsOverSSH(t *testing.T) {
	f := newFixture(t, 50, Config{})
	anneSess := mustLogin(t, f.st, "amartin", adminPassword)
	anne := f.open(t, "amartin")
	anne.expect("amartin")
	byKey := f.open(t, "broux")
	byKey.expect("broux")
	byPassword := f.openBy(t, "broux", answer([]string{brunoPassword}))
	byPassword.expect("broux")
	given, err := f.st.ResetUserPassword(anneSess, f.bruno.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range []*term{byKey, byPassword} {
		tm.expect("Session fermée : accès réinitialisé par un responsable ; reconnectez-vous.")
		if !tm.waitClosed(5 * time.Second) {
			t.Error("a session of the reset account is still open")
		}
	}
	if anne.waitClosed(200 * time.Millisecond) {
		t.Error("another responsable's session ended")
	}

	// Disabled: the same, for the session he opened with the new password.
	const mine = "Cerises-Rouges-Juin-2026"
	again := f.openBy(t, "broux", answer([]string{given}, []string{mine, mine}))
	again.expect("broux")
	if _, err := f.st.SetUserDisabled(anneSess, f.bruno.ID, true); err != nil {
		t.Fatal(err)
	}
	again.expect("Session fermée : votre compte de responsable a été désactivé.")
	if !again.waitClosed(5 * time.Second) {
		t.Error("the disabled account's session is still open")
	}
	if _, err := f.dial("broux", answer([]string{mine}).method()); err == nil {
		t.Error("a disabled account logged in")
	}
}

// TestSessionEndsWithoutTheEvent: a session whose account was disabled ends
// at its next tick even if the store's event never reached the server (a
// busy subscriber misses events).
func TestSessionEndsWithoutTheEvent(t *testing.T) {
	f := newFixture(t, 50, Config{})
	sess := mustLogin(t, f.st, "broux", brunoPassword)
	c := &conn{sess: sess, user: "broux"}
	m := newSessionModel(ui.NewApp(f.st, sess, ui.NewStyles(lipgloss.DefaultRenderer())), c, f.srv.cfg)
	if _, cmd := m.ticked(time.Now()); m.quitting || cmd == nil {
		t.Fatal("an active session ended")
	}
	if _, err := f.st.SetUserDisabled(f.st.SystemSession("test"), f.bruno.ID, true); err != nil {
		t.Fatal(err)
	}
	m.ticked(time.Now())
	if !m.quitting || !strings.Contains(c.reason(), "désactivé") {
		t.Errorf("the disabled account's session goes on (%q)", c.reason())
	}
}
