package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"fichier/model"
)

// SSH public keys of responsables, for `fichier serve`: a responsable
// registers their own keys (« Mon compte »); one who may manage another
// account (model.CanManage) may add or remove that account's keys. A key
// belongs to one account only, so that it names who logs in.

// maxKeyLine bounds an authorized_keys line (RSA 16384 bits is about 3 KiB).
const maxKeyLine = 8 << 10

// maxKeyName is the longest name (the comment ending a key's line) kept
// with a key; a longer one is refused, never cut.
const maxKeyName = 80

// ParseSSHKey reads one authorized_keys line and returns the key as it is
// stored; errors are French.
func ParseSSHKey(line string) (model.SSHKey, ssh.PublicKey, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return model.SSHKey{}, nil, errors.New("collez la clé publique (le contenu du fichier .pub)")
	}
	if len(line) > maxKeyLine {
		return model.SSHKey{}, nil, errors.New("clé trop longue : collez le contenu du fichier .pub, pas la clé privée")
	}
	if strings.Contains(line, "PRIVATE KEY") {
		return model.SSHKey{}, nil, errors.New("ceci est une clé privée : ne la donnez à personne, collez le fichier .pub")
	}
	pk, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return model.SSHKey{}, nil, errors.New("clé publique SSH illisible : collez une ligne « ssh-ed25519 AAAA… » (fichier .pub)")
	}
	comment = strings.TrimSpace(model.StripControl(comment))
	if n := utf8.RuneCountInString(comment); n > maxKeyName {
		return model.SSHKey{}, nil, fmt.Errorf("nom de la clé (fin de la ligne) trop long : %d caractères au plus (%d collés)", maxKeyName, n)
	}
	k := model.SSHKey{Fingerprint: ssh.FingerprintSHA256(pk), Name: comment}
	k.Line = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		k.Line += " " + comment
	}
	return k, pk, nil
}

// AddSSHKey registers a public key (an authorized_keys line) for account id:
// one's own, or one the session may manage.
func (s *Store) AddSSHKey(sess *Session, id model.UserID, line string) (model.SSHKey, error) {
	g, err := sess.user()
	if err != nil {
		return model.SSHKey{}, err
	}
	k, _, err := ParseSSHKey(line)
	if err != nil {
		return model.SSHKey{}, err
	}
	k.AddedAt, k.AddedBy = s.now(), g.Username
	_, err = s.changeUser(id, g.Username, func(t *model.User) (*model.AuditEntry, error) {
		if err := mayKeys(sess, &g, t); err != nil {
			return nil, err
		}
		if owner, ok := s.users.byKey(k.Fingerprint); ok {
			if owner.ID == t.ID {
				return nil, errors.New("cette clé est déjà enregistrée pour ce compte")
			}
			return nil, errors.New("cette clé est déjà enregistrée pour un autre compte : chaque personne a sa propre clé")
		}
		if len(t.SSHKeys) >= 20 {
			return nil, errors.New("20 clés au plus par compte : retirez-en une d'abord")
		}
		t.SSHKeys = append(slices.Clone(t.SSHKeys), k)
		return s.accountEntry(&g, t, model.ActionUserUpdate, t.Username+" : clé SSH ajoutée "+k.Fingerprint+keyName(k)), nil
	})
	return k, err
}

// RemoveSSHKey removes one of account id's keys, named by fingerprint.
func (s *Store) RemoveSSHKey(sess *Session, id model.UserID, fingerprint string) error {
	g, err := sess.user()
	if err != nil {
		return err
	}
	_, err = s.changeUser(id, g.Username, func(t *model.User) (*model.AuditEntry, error) {
		if err := mayKeys(sess, &g, t); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(t.SSHKeys, func(k model.SSHKey) bool { return k.Fingerprint == fingerprint })
		if i < 0 {
			return nil, errors.New("cette clé n'est plus enregistrée")
		}
		k := t.SSHKeys[i]
		t.SSHKeys = slices.Delete(slices.Clone(t.SSHKeys), i, i+1)
		return s.accountEntry(&g, t, model.ActionUserUpdate, t.Username+" : clé SSH retirée "+k.Fingerprint+keyName(k)), nil
	})
	return err
}

func keyName(k model.SSHKey) string {
	if k.Name == "" {
		return ""
	}
	return " (" + k.Name + ")"
}

// mayKeys: one's own keys, or those of an account one may manage.
func mayKeys(sess *Session, g, t *model.User) error {
	if sess.system != nil || g.ID == t.ID {
		return nil
	}
	return mayManage(g, t)
}

// byKey finds the account holding a key.
func (c *userCache) byKey(fingerprint string) (model.User, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, u := range c.byID {
		for _, k := range u.SSHKeys {
			if k.Fingerprint == fingerprint {
				return u, true
			}
		}
	}
	return model.User{}, false
}

// SSHKeyAllowed reports whether key is registered for the active account
// username. It only answers the SSH probe ("would this key do?"): who logs
// in is decided by KeyLogin once authentication has completed. A
// provisional password (after a reset) must first be changed: the key is
// refused, so that the SSH client goes on to ask the password.
func (s *Store) SSHKeyAllowed(username string, key ssh.PublicKey) bool {
	u, ok := s.users.byUsername(strings.ToLower(strings.TrimSpace(username)))
	if !ok || u.Disabled || u.MustChangePassword || key == nil {
		return false
	}
	fp := ssh.FingerprintSHA256(key)
	return slices.ContainsFunc(u.SSHKeys, func(k model.SSHKey) bool { return k.Fingerprint == fp })
}

// KeyLogin opens a session for username whose SSH key (already verified by
// the SSH server's completed authentication) is key. The login is journaled
// with detail (e.g. where from).
func (s *Store) KeyLogin(username string, key ssh.PublicKey, detail string) (*Session, error) {
	if !s.SSHKeyAllowed(username, key) {
		return nil, ErrBadLogin
	}
	u, _ := s.users.byUsername(strings.ToLower(strings.TrimSpace(username)))
	return s.loginOK(u.ID, strings.TrimSpace(fmt.Sprintf("clé SSH %s %s", ssh.FingerprintSHA256(key), detail)))
}
