package serve

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"fichier/store"
)

// loginExt names, in the SSH permissions of a completed keyboard-interactive
// authentication, the token of the session our password check opened.
const loginExt = "fichier-login"

type pendingLogin struct {
	sess *store.Session
	at   time.Time
}

// publicKeyProbe answers "would this key do for this user?". It decides
// nothing about identity: identify does, after authentication completed.
func (s *Server) publicKeyProbe(ctx ssh.Context, key ssh.PublicKey) bool {
	if s.closing.Load() {
		return false
	}
	return s.st.SSHKeyAllowed(ctx.User(), key)
}

// keyboardInteractive is the responsable's password (with the store's
// growing delay on failures), then the second factor if the account has
// one, then — for a provisional password — the new password. On success
// the opened session is left in s.pending under a token that only this
// authentication's permissions carry. A refusal after the right password
// (too many wrong codes, a new password not chosen) is told before SSH
// says no.
func (s *Server) keyboardInteractive(ctx ssh.Context, ask gossh.KeyboardInteractiveChallenge) bool {
	if s.closing.Load() {
		return false
	}
	user, from := ctx.User(), ctx.RemoteAddr().String()
	answers, err := ask("", "fichier : connexion de "+cleanName(user), []string{"Mot de passe : "}, []bool{false})
	if err != nil || len(answers) != 1 {
		return false
	}
	password := answers[0]
	sess, challenge, err := s.st.LoginStart(user, password)
	if challenge != nil {
		sess, err = s.secondFactor(challenge, ask)
	}
	if err == nil {
		if pw, _ := sess.NeedsSetup(); pw {
			err = s.changeProvisional(sess, password, ask)
		}
	}
	if err != nil || sess == nil {
		s.logf("échec de connexion : %s depuis %s (%s)", s.knownName(user), from, errText(err))
		if (challenge != nil || sess != nil) && !errors.Is(err, errNoAnswer) {
			// The password was right: say why it ends here.
			_, _ = ask("", "fichier : "+errText(err), nil, nil)
		}
		return false
	}
	token := make([]byte, 16)
	_, _ = rand.Read(token)
	t := hex.EncodeToString(token)
	s.pending.Store(t, pendingLogin{sess: sess, at: time.Now()})
	perms := ctx.Permissions()
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[loginExt] = t
	return true
}

// secondFactor asks the code of the authenticator app (or a recovery code)
// until one is right or the store ends the challenge (five wrong codes).
func (s *Server) secondFactor(challenge *store.LoginChallenge, ask gossh.KeyboardInteractiveChallenge) (*store.Session, error) {
	note := "Double authentification"
	for {
		a, err := ask("", note, []string{"Code à 6 chiffres (ou code de secours) : "}, []bool{true})
		if err != nil || len(a) != 1 {
			return nil, errNoAnswer
		}
		sess, err := s.st.LoginCode(challenge, a[0])
		if !errors.Is(err, store.ErrBadCode) {
			return sess, err
		}
		note = "Code incorrect : réessayez (le code affiché maintenant par l'application, ou un code de secours)."
	}
}

// changeProvisional makes the responsable choose their password when theirs
// is provisional (three tries), as the app's login screen does; old is the
// provisional password they just typed.
func (s *Server) changeProvisional(sess *store.Session, old string, ask gossh.KeyboardInteractiveChallenge) error {
	note := "Votre mot de passe est provisoire : choisissez le vôtre (10 caractères au moins)."
	why := ""
	for range 3 {
		a, err := ask("", note, []string{"Nouveau mot de passe : ", "Encore une fois : "}, []bool{false, false})
		if err != nil || len(a) != 2 {
			return errNoAnswer
		}
		why = "les deux saisies diffèrent"
		if a[0] == a[1] {
			if err = s.st.ChangePassword(sess, old, a[0]); err == nil {
				return nil
			}
			why = err.Error()
		}
		note = "Refusé, " + why + " : recommencez."
	}
	return fmt.Errorf("%w (refusé, %s)", errProvisionalKept, why)
}

var (
	errProvisionalKept = errors.New("mot de passe provisoire non changé : reconnectez-vous pour le choisir")
	errNoAnswer        = errors.New("connexion interrompue pendant l'authentification")
)

// takePending returns (once) the session a password login opened.
func (s *Server) takePending(token string) *store.Session {
	v, ok := s.pending.LoadAndDelete(token)
	if !ok {
		return nil
	}
	p := v.(pendingLogin)
	if time.Since(p.at) > time.Minute {
		return nil
	}
	// Drop what failed connections left behind.
	s.pending.Range(func(k, v any) bool {
		if time.Since(v.(pendingLogin).at) > time.Minute {
			s.pending.Delete(k)
		}
		return true
	})
	return p.sess
}

// authenticated decides who the completed authentication is: the session
// of the password login that succeeded, or the account of the SSH user
// whose registered key the authentication used.
func (s *Server) authenticated(ss ssh.Session) (sess *store.Session, method string, err error) {
	from := ss.RemoteAddr().String()
	if perms := ss.Permissions(); perms.Permissions != nil {
		if t, ok := perms.Extensions[loginExt]; ok {
			if sess := s.takePending(t); sess != nil {
				return sess, "mot de passe", nil
			}
			return nil, "", store.ErrBadLogin
		}
	}
	if key := ss.PublicKey(); key != nil {
		sess, err := s.st.KeyLogin(ss.User(), key, "depuis "+from)
		return sess, "clé SSH", err
	}
	return nil, "", store.ErrBadLogin
}

// knownName is the username for the log, or « (inconnu) »: an unknown one is
// often a password typed in the wrong field.
func (s *Server) knownName(user string) string {
	if s.st.UserExists(user) {
		return cleanName(user)
	}
	return "(inconnu)"
}

func errText(err error) string {
	if err == nil {
		return "refusé"
	}
	return err.Error()
}
