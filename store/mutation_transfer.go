package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	bolt "go.etcd.io/bbolt"

	"fichier/internal/safefile"
	"fichier/model"
)

// kMutationKey in meta holds the seed of the file's ed25519 key, which
// signs its transfer files. It is made at the first departure outside.
var kMutationKey = []byte("mutation_key")

// signingKey returns the file's transfer key, creating it if needed.
func (s *Store) signingKey() (ed25519.PrivateKey, error) {
	var seed []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		seed = append([]byte(nil), tx.Bucket(bMeta).Get(kMutationKey)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(seed) == ed25519.SeedSize {
		return ed25519.NewKeyFromSeed(seed), nil
	}
	err = s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if v := meta.Get(kMutationKey); len(v) == ed25519.SeedSize {
			seed = append([]byte(nil), v...)
			return nil
		}
		seed = make([]byte, ed25519.SeedSize)
		_, _ = rand.Read(seed)
		return meta.Put(kMutationKey, seed)
	})
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// TransferFingerprint is the fingerprint of this file's transfer key, for
// the origin to read to the receiver, who compares it with the one shown
// at import. It creates the key if needed.
func (s *Store) TransferFingerprint() (string, error) {
	key, err := s.signingKey()
	if err != nil {
		return "", err
	}
	return model.TransferFingerprint(key.Public().(ed25519.PublicKey)), nil
}

// signedTransfer is the transfer file of fiche p leaving by mutation m,
// signed with key.
func signedTransfer(tx *bolt.Tx, p *model.Person, m *model.Mutation, key ed25519.PrivateKey) ([]byte, error) {
	t, err := buildTransfer(tx, p, m)
	if err != nil {
		return nil, err
	}
	return model.EncodeTransfer(t, key)
}

// buildTransfer makes the payload for fiche p leaving by mutation m.
func buildTransfer(tx *bolt.Tx, p *model.Person, m *model.Mutation) (*model.Transfer, error) {
	t := &model.Transfer{
		ID: m.TransferID, Created: m.Created, From: m.FromDept, To: m.ToDept, Date: model.TDate(m.Date), Reason: m.Reason,
		By: m.By, Person: model.TransferFromPerson(p), Numbers: append([]string(nil), p.PreviousNumbers...),
	}
	if p.MemberNumber != "" {
		t.Numbers = append(t.Numbers, p.MemberNumber)
	}
	if p.JoinDate != 0 {
		t.History = append(t.History, model.TransferEvent{Date: model.TDate(p.JoinDate), What: "adhésion"})
	}
	_ = tx.Bucket(bMutations).ForEach(func(_, v []byte) error {
		var old model.Mutation
		if jsonUnmarshal(v, &old) != nil || old.PersonID != p.ID || old.ID == m.ID {
			return nil
		}
		t.History = append(t.History, old.History...)
		t.History = append(t.History, model.TransferEvent{Date: model.TDate(old.Date),
			What: fmt.Sprintf("mutation de %s vers %s", old.FromDept, old.ToDept)})
		return nil
	})
	t.History = append(t.History, model.TransferEvent{Date: model.TDate(m.Date), What: fmt.Sprintf("mutation de %s vers %s", m.FromDept, m.ToDept)})
	payments, err := personPayments(tx, p.ID)
	if err != nil {
		return nil, err // a transfer never leaves without its cotisations
	}
	slices.SortStableFunc(payments, func(a, b model.Payment) int { return int(a.Date) - int(b.Date) })
	t.Cotisations = model.TransferDues(payments)
	return t, nil
}

// departOut makes a departure outside the file: the transfer file is
// written and synced under a temporary name, the fiche is marked muté
// (kept, archived) in one transaction, then the file gets its name. A crash
// before the commit leaves the fiche at its origin and no transfer file; a
// crash after it leaves the fiche muté and the file to be written again
// from the Mutations screen (RewriteTransfer: same transfer, same identifier).
func (s *Store) departOut(sess *Session, d Departure) (model.Mutation, error) {
	u, err := sess.user()
	if err != nil {
		return model.Mutation{}, err
	}
	if err := checkTransferPath(d.Path); err != nil {
		return model.Mutation{}, err
	}
	key, err := s.signingKey()
	if err != nil {
		return model.Mutation{}, err
	}
	var m model.Mutation
	var data []byte
	err = s.db.View(func(tx *bolt.Tx) error {
		p, err := s.checkDeparture(tx, &u, &d)
		if err != nil {
			return err
		}
		m = model.Mutation{Kind: model.MutationOut, PersonID: p.ID, Name: p.SortName(), OldNumber: p.MemberNumber,
			Date: d.Date, Reason: d.Reason, From: p.Org, FromDept: s.fedDept(p.Org.Federation), ToDept: d.Dest.Dept,
			By: u.Username, At: s.now(), TransferID: newTransferID(), Created: s.now().UTC()}
		data, err = signedTransfer(tx, &p, &m, key)
		return err
	})
	if err != nil {
		return model.Mutation{}, err
	}
	tmp, err := stageFile(d.Path, data)
	if err != nil {
		return model.Mutation{}, err
	}
	defer tmp.Discard()
	var muted model.Person
	err = s.write(func(tx *bolt.Tx) error {
		old, err := s.checkDeparture(tx, &u, &d) // unchanged since the file was made?
		if err != nil {
			return err
		}
		p := old.Clone()
		p.Status, p.Archived = model.StatusMute, true
		p.Version++
		p.UpdatedAt, p.UpdatedBy = m.At, u.Username
		if err := putPerson(tx, &p, p.MemberNumber); err != nil {
			return err
		}
		if err := runHook("out"); err != nil {
			return err
		}
		if err := putMutation(tx, &m); err != nil {
			return err
		}
		muted = p
		return appendAudit(tx, &model.AuditEntry{At: m.At, Actor: u.Username, ActorID: u.ID, Action: model.ActionMutationOut,
			PersonID: p.ID, Org: p.Org, Detail: departureDetail(&m), Changes: model.Diff(&old, &p)})
	}, func() Event {
		s.idx.set(muted)
		return personEvent(model.ActionMutationOut, muted.ID, u.Username, muted.Org)
	})
	if err != nil {
		return model.Mutation{}, err
	}
	if err := tmp.Commit(); err != nil {
		return m, fmt.Errorf("départ enregistré, mais le fichier de transfert n'a pas pu être écrit (%w) : écrivez-le à nouveau depuis l'écran Mutations", err)
	}
	return m, nil
}

// RewriteTransfer writes again the transfer file of a departure outside the
// file (lost, or not written after a crash): the same transfer, with the
// same identifier, so the receiver cannot import it twice.
func (s *Store) RewriteTransfer(sess *Session, id model.MutationID, path string) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if err := checkTransferPath(path); err != nil {
		return err
	}
	key, err := s.signingKey()
	if err != nil {
		return err
	}
	var data []byte
	var m model.Mutation
	err = s.db.View(func(tx *bolt.Tx) error {
		if m, err = getMutation(tx, id); err != nil || m.Kind != model.MutationOut || !m.SeesDeparture(&u) {
			return errors.New("départ introuvable")
		}
		if !model.CanEdit(&u, m.From) {
			return model.ErrMutationForbidden
		}
		p, err := getPerson(tx, m.PersonID)
		if err != nil {
			return errors.New("la fiche de ce départ a été effacée : plus de fichier de transfert possible")
		}
		data, err = signedTransfer(tx, &p, &m, key)
		return err
	})
	if err != nil {
		return err
	}
	tmp, err := stageFile(path, data)
	if err != nil {
		return err
	}
	defer tmp.Discard()
	if err := tmp.Commit(); err != nil {
		return fmt.Errorf("impossible d'écrire le fichier de transfert : %w", safefile.French(err))
	}
	return s.update(func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionMutationExport,
			PersonID: m.PersonID, Org: m.From, Detail: "fichier de transfert écrit à nouveau : " + model.StripControl(path)})
	})
}

// checkTransferPath refuses an empty path, a missing folder and a file
// that already exists: a transfer file never replaces anything.
func checkTransferPath(path string) error {
	if path == "" {
		return errors.New("indiquez où écrire le fichier de transfert")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s existe déjà : choisissez un autre nom (rien n'a été écrit)", model.StripControl(path))
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return fmt.Errorf("le dossier %s n'existe pas", model.StripControl(filepath.Dir(path)))
	}
	return nil
}

// stageFile writes data, mode 0600, to a temporary file beside path
// (internal/safefile) and syncs it; Commit gives it its name.
func stageFile(path string, data []byte) (*safefile.File, error) {
	f, err := safefile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("impossible d'écrire le fichier de transfert : %w", safefile.French(err))
	}
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Discard()
		return nil, fmt.Errorf("impossible d'écrire le fichier de transfert : %w", safefile.French(err))
	}
	return f, nil
}
