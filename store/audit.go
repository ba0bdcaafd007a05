package store

import (
	"bytes"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

const systemActor = "système"

func nowUTC() time.Time { return time.Now().UTC() }

// appendAudit writes e inside tx: the audit entry and the change it records
// commit together or not at all.
func appendAudit(tx *bolt.Tx, e *model.AuditEntry) error {
	b := tx.Bucket(bAudit)
	b.FillPercent = appendFill
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.ID = seq
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := b.Put(itob(seq), data); err != nil {
		return err
	}
	if e.PersonID != 0 {
		key := append(itob(uint64(e.PersonID)), itob(seq)...)
		if err := tx.Bucket(bAuditByPerson).Put(key, nil); err != nil {
			return err
		}
	}
	return nil
}

// forEachPrefixed calls fn for each key of b that starts with prefix, in
// key order (the per-person and per-user buckets are keyed id ‖ …). Keys and
// values are bbolt memory: valid only inside the transaction.
func forEachPrefixed(b *bolt.Bucket, prefix []byte, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// forEachPersonAudit calls fn with the key and entry of each journal entry
// about one fiche, oldest first. The key is a copy, safe to Put with.
func forEachPersonAudit(tx *bolt.Tx, id model.PersonID, fn func(key []byte, e model.AuditEntry) error) error {
	audit := tx.Bucket(bAudit)
	return forEachPrefixed(tx.Bucket(bAuditByPerson), itob(uint64(id)), func(k, _ []byte) error {
		v := audit.Get(k[8:])
		if v == nil {
			return nil
		}
		e, err := decodeAudit(v)
		if err != nil {
			return err
		}
		return fn(append([]byte(nil), k[8:]...), e)
	})
}

func decodeAudit(v []byte) (model.AuditEntry, error) {
	var e model.AuditEntry
	err := json.Unmarshal(v, &e)
	return e, err
}

// History returns the audit entries about one fiche, newest first: those
// in the viewer's scope, like the journal (an entry made while the fiche
// lived in another section, or about its holder's account at a higher
// level, stays with that scope). An out-of-scope fiche reads as absent.
func (s *Store) History(sess *Session, id model.PersonID) ([]model.AuditEntry, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	r, ok := s.idx.get(id)
	if !ok || !model.CanSee(&u, r.Org) {
		return nil, ErrNotFound
	}
	var out []model.AuditEntry
	err = s.db.View(func(tx *bolt.Tx) error {
		return forEachPersonAudit(tx, id, func(_ []byte, e model.AuditEntry) error {
			if u.Scope.Contains(e.Org) {
				out = append(out, e)
			}
			return nil
		})
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// JournalFilter narrows the journal. Zero fields do not filter.
type JournalFilter struct {
	Action   model.Action     // one action
	Kind     model.ActionKind // a kind of action (model.KindOf)
	PersonID model.PersonID   // entries about this fiche
	Actor    string           // done by this username
	UserID   model.UserID     // about this responsable's account (their logins, rights …)
	Since    time.Time        // at or after
	Until    time.Time        // before
	Before   uint64           // entries older than this entry ID (paging: the last ID of the previous page)
	Limit    int              // 0 = 500
}

func (f *JournalFilter) match(e *model.AuditEntry) bool {
	switch {
	case f.Action != "" && e.Action != f.Action,
		f.Kind != "" && model.KindOf(e.Action) != f.Kind,
		f.PersonID != 0 && e.PersonID != f.PersonID,
		f.Actor != "" && e.Actor != f.Actor,
		f.UserID != 0 && e.UserID != f.UserID,
		!f.Since.IsZero() && e.At.Before(f.Since),
		!f.Until.IsZero() && !e.At.Before(f.Until):
		return false
	}
	return true
}

// Journal returns audit entries in the viewer's scope, newest first: at
// most f.Limit of them, older than f.Before when set (the next page starts
// after the last ID of the previous one).
func (s *Store) Journal(sess *Session, f JournalFilter) ([]model.AuditEntry, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	var out []model.AuditEntry
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bAudit).Cursor()
		k, v := c.Last()
		if f.Before != 0 {
			k, v = c.Seek(itob(f.Before))
			if k == nil {
				k, v = c.Last()
			}
			for k != nil && btoi(k) >= f.Before {
				k, v = c.Prev()
			}
		}
		for ; k != nil && len(out) < f.Limit; k, v = c.Prev() {
			e, err := decodeAudit(v)
			if err != nil {
				return err
			}
			if !u.Scope.Contains(e.Org) || !f.match(&e) {
				continue
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// JournalEntry returns one entry of the journal, if the session sees it.
func (s *Store) JournalEntry(sess *Session, id uint64) (model.AuditEntry, error) {
	u, err := sess.user()
	if err != nil {
		return model.AuditEntry{}, err
	}
	var e model.AuditEntry
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bAudit).Get(itob(id))
		if v == nil {
			return ErrNotFound
		}
		e, err = decodeAudit(v)
		return err
	})
	if err != nil {
		return model.AuditEntry{}, err
	}
	if !u.Scope.Contains(e.Org) {
		return model.AuditEntry{}, ErrNotFound
	}
	return e, nil
}

// LogExport records an export in the journal (called by export/ before the
// file is written, so that no export goes unrecorded).
func (s *Store) LogExport(sess *Session, query, preset, path string, rows int) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if !u.Rights.Has(model.RightExport) {
		return ErrForbidden
	}
	return s.update(func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{
			At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionExport, Org: u.Scope,
			Detail: exportDetail(query, preset, path, rows),
		})
	})
}

func exportDetail(query, preset, path string, rows int) string {
	if query == "" {
		query = "(toutes les fiches)"
	}
	return "préréglage " + preset + " · requête " + query + " · " + itoa(rows) + " lignes · " + path
}
