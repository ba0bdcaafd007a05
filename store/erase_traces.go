package store

import (
	"bytes"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// erasedMark replaces a journal text that named an erased person.
const erasedMark = "(effacé)"

// eraseTraces, inside Erase's transaction, removes what still identifies
// the erased person elsewhere in the file: their responsable accounts
// (which must be disabled) are deleted and their username becomes a
// pseudonym in the journal; every journal text (details, changed values)
// and saved search (name or query) that holds one of their identifying
// values — names, email, phones, membership number, username — is blanked
// or deleted. It returns what to do to the caches once committed.
func (s *Store) eraseTraces(tx *bolt.Tx, p model.Person) (func(), error) {
	var accounts []model.User
	for _, u := range s.users.all() {
		if u.PersonID != p.ID {
			continue
		}
		if !u.Disabled {
			return nil, fmt.Errorf("cette personne est responsable (%s) : désactivez d'abord son compte (écran Responsables)", u.Username)
		}
		accounts = append(accounts, u)
	}
	needles := identifyingValues(p, accounts)
	pseudo := map[model.UserID]string{}
	byName := map[string]string{}
	for _, u := range accounts {
		pseudo[u.ID] = fmt.Sprintf("responsable effacé n° %d", u.ID)
		byName[u.Username] = pseudo[u.ID]
		if err := tx.Bucket(bUsers).Delete(itob(uint64(u.ID))); err != nil {
			return nil, err
		}
		if err := tx.Bucket(bUsernames).Delete([]byte(u.Username)); err != nil {
			return nil, err
		}
	}
	if err := scrubJournal(tx, needles, pseudo, byName); err != nil {
		return nil, err
	}
	if err := scrubSaved(tx, needles, pseudo); err != nil {
		return nil, err
	}
	return func() {
		for _, u := range accounts {
			s.users.remove(u)
		}
	}, nil
}

// identifyingValues are the folded texts that identify the person.
func identifyingValues(p model.Person, accounts []model.User) []string {
	var out []string
	add := func(v string) {
		if v = model.Fold(strings.TrimSpace(v)); len(v) >= 3 {
			out = append(out, v)
		}
	}
	add(p.LastName)
	add(p.FirstName + " " + p.LastName)
	add(p.LastName + " " + p.FirstName)
	add(p.Email)
	add(p.MemberNumber)
	for _, ph := range []string{p.Mobile, p.Landline} {
		if ph != "" {
			add(ph)
			shown := model.FormatPhone(ph)
			add(shown)
			add(strings.ReplaceAll(shown, " ", ""))
		}
	}
	for _, u := range accounts {
		add(u.Username)
	}
	return out
}

// holdsAny reports whether text holds one of the folded needles as whole
// words ("roy" is in "jean roy", not in "troyes": erasure must not blank
// every journal text that happens to contain a short name).
func holdsAny(text string, needles []string) bool {
	if text == "" {
		return false
	}
	f := model.Fold(text)
	for _, n := range needles {
		for from := 0; ; {
			i := strings.Index(f[from:], n)
			if i < 0 {
				break
			}
			i += from
			if !wordByteBefore(f, i) && !wordByteAt(f, i+len(n)) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func wordByteBefore(s string, i int) bool { return i > 0 && isWordByte(s[i-1]) }
func wordByteAt(s string, i int) bool     { return i < len(s) && isWordByte(s[i]) }

// scrubJournal rewrites every journal entry that names the person or was
// made by one of their erased accounts.
func scrubJournal(tx *bolt.Tx, needles []string, pseudo map[model.UserID]string, byName map[string]string) error {
	audit := tx.Bucket(bAudit)
	type rewrite struct{ k, v []byte }
	var out []rewrite
	err := audit.ForEach(func(k, v []byte) error {
		if !holdsAny(string(v), needles) && len(pseudo) == 0 {
			return nil // the common case: one fold of the raw entry
		}
		e, err := decodeAudit(v)
		if err != nil {
			return nil // check reports it; erasure goes on
		}
		changed := false
		if p, ok := pseudo[e.ActorID]; ok || byName[e.Actor] != "" {
			if !ok {
				p = byName[e.Actor]
			}
			e.Actor, changed = p, true
		}
		if holdsAny(e.Detail, needles) {
			e.Detail, changed = erasedMark, true
		}
		for i := range e.Changes {
			c := &e.Changes[i]
			if holdsAny(c.Old, needles) || holdsAny(c.New, needles) {
				c.Old, c.New, changed = "", "", true
			}
		}
		if !changed {
			return nil
		}
		data, err := jsonMarshal(e)
		if err != nil {
			return err
		}
		out = append(out, rewrite{bytes.Clone(k), data})
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range out {
		if err := audit.Put(r.k, r.v); err != nil {
			return err
		}
	}
	return nil
}

// scrubSaved deletes the saved searches named after the person or
// searching for them, and those of their erased accounts.
func scrubSaved(tx *bolt.Tx, needles []string, pseudo map[model.UserID]string) error {
	b := tx.Bucket(bSavedQueries)
	var del [][]byte
	_ = b.ForEach(func(k, v []byte) error {
		_, owner := pseudo[model.UserID(btoi(k[:min(8, len(k))]))]
		if owner || holdsAny(string(k[min(8, len(k)):]), needles) || holdsAny(string(v), needles) {
			del = append(del, bytes.Clone(k))
		}
		return nil
	})
	for _, k := range del {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func (c *userCache) remove(u model.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.byID, u.ID)
	delete(c.byName, u.Username)
}
