package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"fichier/model"
)

// Two-factor authentication: TOTP (RFC 6238, 6 digits, 30 s, SHA-1 — what
// every authenticator app reads from a QR code) and recovery codes.
//
// The secret is kept in the account's record only (it must be read back to
// check codes), never in the journal, events or messages. Recovery codes
// are random (50 bits each, crypto/rand) and stored as salted SHA-256
// hashes: a slow hash would add nothing, since whoever can read the file
// also reads the TOTP secret itself. Each recovery code works once; each
// TOTP code is accepted once (RFC 6238 §5.2), one step of clock drift
// either way allowed.

const (
	totpIssuer        = "fichier"
	totpSecretBytes   = 20 // 160 bits, RFC 4226's recommendation
	totpPeriod        = 30
	totpSkew          = 1
	recoveryCodeCount = 8
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPKey is a new second factor waiting for its first code: the secret as
// text (to type into the app) and the otpauth:// URL (for the QR code).
type TOTPKey struct {
	Secret string
	URL    string
}

// NewTOTPKey draws a new secret for the session's account. Nothing is
// stored until EnableTOTP confirms it with a first code.
func (s *Store) NewTOTPKey(sess *Session) (TOTPKey, error) {
	u, err := sess.account()
	if err != nil {
		return TOTPKey{}, err
	}
	if sess.system != nil {
		return TOTPKey{}, ErrForbidden
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Username, SecretSize: totpSecretBytes, Rand: rand.Reader})
	if err != nil {
		return TOTPKey{}, err
	}
	return TOTPKey{Secret: key.Secret(), URL: totpURL(u.Username, key.Secret())}, nil
}

// totpURL is the shortest otpauth URL apps read ("fichier:" in the label
// names the issuer), so that the QR code stays small enough for 80×24.
func totpURL(username, secret string) string {
	return "otpauth://totp/" + totpIssuer + ":" + username + "?secret=" + secret
}

// EnableTOTP turns two-factor authentication on for the session's account
// (or moves it to a new phone), once code proves the app holds secret. It
// returns the new recovery codes, in clear for the only time.
func (s *Store) EnableTOTP(sess *Session, secret, code string) ([]string, error) {
	u, err := sess.account()
	if err != nil {
		return nil, err
	}
	if sess.system != nil {
		return nil, ErrForbidden
	}
	secret = strings.ToUpper(strings.Join(strings.Fields(secret), ""))
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(secret, "="))
	if err != nil || len(raw) < 16 {
		return nil, errors.New("clé de double authentification invalide")
	}
	step, ok := totpMatch(secret, code, s.now(), 0)
	if !ok {
		return nil, errors.New("code incorrect : vérifiez l'heure du téléphone et tapez le code affiché maintenant")
	}
	codes, salt, hashes := newRecoveryCodes()
	_, err = s.changeUser(u.ID, u.Username, func(t *model.User) (*model.AuditEntry, error) {
		detail := "activée"
		if t.TOTPEnabled() {
			detail = "nouvel appareil"
		}
		t.TOTPSecret, t.TOTPLastStep, t.RecoveryCodes, t.RecoverySalt = secret, step, hashes, salt
		return &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionTOTPEnable, UserID: u.ID, Org: t.Scope,
			Detail: t.Username + " : double authentification " + detail}, nil
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// DisableTOTP turns the session's own second factor off; the password is
// required, and it cannot be done when the account's granter requires it.
func (s *Store) DisableTOTP(sess *Session, password string) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if sess.system != nil {
		return ErrForbidden
	}
	if u.TOTPRequired {
		return errors.New("la double authentification est exigée pour votre compte : vous pouvez changer d'appareil, pas la retirer")
	}
	ok, err := verifyPassword(password, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("mot de passe incorrect")
	}
	_, err = s.changeUser(u.ID, u.Username, func(t *model.User) (*model.AuditEntry, error) {
		if !t.TOTPEnabled() {
			return nil, errors.New("la double authentification n'est pas activée")
		}
		clearTOTP(t)
		return &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionTOTPDisable, UserID: u.ID, Org: t.Scope,
			Detail: t.Username + " : double authentification retirée"}, nil
	})
	return err
}

// NewRecoveryCodes replaces the session's recovery codes (a code of the app
// is required) and returns the new ones, in clear for the only time.
func (s *Store) NewRecoveryCodes(sess *Session, code string) ([]string, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	if sess.system != nil {
		return nil, ErrForbidden
	}
	codes, salt, hashes := newRecoveryCodes()
	_, err = s.changeUser(u.ID, u.Username, func(t *model.User) (*model.AuditEntry, error) {
		if !t.TOTPEnabled() {
			return nil, errors.New("la double authentification n'est pas activée")
		}
		step, ok := totpMatch(t.TOTPSecret, code, s.now(), t.TOTPLastStep)
		if !ok {
			return nil, ErrBadCode
		}
		t.TOTPLastStep, t.RecoveryCodes, t.RecoverySalt = step, hashes, salt
		return &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionRecoveryCodes, UserID: u.ID, Org: t.Scope,
			Detail: fmt.Sprintf("%s : %d nouveaux codes de secours", t.Username, len(hashes))}, nil
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// useSecondFactor checks a code typed at login against u and consumes it:
// a 6-digit code of the app (its time step is remembered so it cannot be
// replayed), else a recovery code (removed). It reports how, for the journal.
func (s *Store) useSecondFactor(u *model.User, code string) (string, bool) {
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(code))
	if len(digits) == 6 && strings.Trim(digits, "0123456789") == "" {
		step, ok := totpMatch(u.TOTPSecret, digits, s.now(), u.TOTPLastStep)
		if !ok {
			return "", false
		}
		u.TOTPLastStep = step
		return "avec le code de l'application", true
	}
	norm := normalizeRecovery(code)
	if len(norm) != recoveryCodeLen {
		return "", false
	}
	h := hashRecovery(u.RecoverySalt, norm)
	for i, stored := range u.RecoveryCodes {
		if subtle.ConstantTimeCompare([]byte(stored), []byte(h)) == 1 {
			u.RecoveryCodes = append(u.RecoveryCodes[:i:i], u.RecoveryCodes[i+1:]...)
			return fmt.Sprintf("avec un code de secours (%d restants)", len(u.RecoveryCodes)), true
		}
	}
	return "", false
}

// totpMatch checks a 6-digit code against secret at now, one step of drift
// either way, refusing steps not after last. It returns the step matched.
func totpMatch(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	for _, step := range []int64{cur, cur - totpSkew, cur + totpSkew} {
		if step <= last {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

func clearTOTP(u *model.User) {
	u.TOTPSecret, u.TOTPLastStep, u.RecoveryCodes, u.RecoverySalt = "", 0, nil, ""
}

const (
	recoveryAlphabet = "abcdefghijkmnpqrstuvwxyz23456789" // no 0/o, 1/l
	recoveryCodeLen  = 10                                 // 50 bits
)

// newRecoveryCodes draws recoveryCodeCount codes from crypto/rand, shown as
// "kw7f9-trexm", and returns them with a new salt and their hashes.
func newRecoveryCodes() (codes []string, salt string, hashes []string) {
	sb := make([]byte, 16)
	if _, err := rand.Read(sb); err != nil {
		panic("crypto/rand: " + err.Error()) // no entropy: nothing safe can be done
	}
	salt = hex.EncodeToString(sb)
	max := big.NewInt(int64(len(recoveryAlphabet)))
	for range recoveryCodeCount {
		var b strings.Builder
		for i := range recoveryCodeLen {
			if i == recoveryCodeLen/2 {
				b.WriteByte('-')
			}
			n, err := rand.Int(rand.Reader, max)
			if err != nil {
				panic("crypto/rand: " + err.Error())
			}
			b.WriteByte(recoveryAlphabet[n.Int64()])
		}
		code := b.String()
		codes = append(codes, code)
		hashes = append(hashes, hashRecovery(salt, normalizeRecovery(code)))
	}
	return codes, salt, hashes
}

// normalizeRecovery keeps the code's letters and digits, in lower case.
func normalizeRecovery(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hashRecovery(salt, norm string) string {
	h := sha256.Sum256([]byte(salt + ":" + norm))
	return hex.EncodeToString(h[:])
}
