package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// migrations[v] upgrades a file from schema v to v+1, inside the one
// transaction that Open runs: a failed migration leaves the file untouched.
var migrations = map[uint32]func(tx *bolt.Tx) error{
	0: migrate0to1,
	1: migrate1to2,
	2: migrate2to3,
	3: migrate3to4,
}

func schemaOf(tx *bolt.Tx) uint32 {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(kSchema)
	if len(v) != 4 {
		return 0
	}
	return binary.BigEndian.Uint32(v)
}

func (s *Store) checkSchemaReadOnly() error {
	return s.db.View(func(tx *bolt.Tx) error {
		v := schemaOf(tx)
		if v > SchemaVersion {
			return ErrNewerSchema
		}
		if v < SchemaVersion {
			return fmt.Errorf("ce fichier (version %d) doit d'abord être ouvert en écriture pour être mis à jour", v)
		}
		return nil
	})
}

// migrate brings the file to this schema; it reports whether it wrote.
func (s *Store) migrate() (bool, error) {
	// A file already at this version is left alone: even an empty bbolt
	// commit rewrites a meta page, and a file found damaged later during
	// the open must not have been written.
	current := false
	if err := s.db.View(func(tx *bolt.Tx) error {
		current = tx.Bucket(bMeta) != nil && schemaOf(tx) == SchemaVersion
		return nil
	}); err != nil || current {
		return false, err
	}
	return true, s.db.Update(func(tx *bolt.Tx) error {
		fresh := tx.Bucket(bMeta) == nil && tx.Bucket(bPeople) == nil
		if fresh {
			return createBuckets(tx)
		}
		v := schemaOf(tx)
		if v > SchemaVersion {
			return ErrNewerSchema
		}
		for ; v < SchemaVersion; v++ {
			m, ok := migrations[v]
			if !ok {
				return fmt.Errorf("aucune migration connue depuis la version %d du fichier", v)
			}
			if err := m(tx); err != nil {
				return fmt.Errorf("mise à jour du fichier (version %d → %d) impossible, fichier inchangé : %w", v, v+1, err)
			}
			if err := setSchema(tx, v+1); err != nil {
				return err
			}
		}
		return nil
	})
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return setSchema(tx, SchemaVersion)
}

func setSchema(tx *bolt.Tx, v uint32) error {
	meta, err := tx.CreateBucketIfNotExists(bMeta)
	if err != nil {
		return err
	}
	return meta.Put(kSchema, binary.BigEndian.AppendUint32(nil, v))
}

// v0Person is the layout of the first prototype: JSON values in "people", no
// meta bucket, no membership-number index.
type v0Person struct {
	Kind         string `json:"kind"` // "contact", "compagnon", "adherent"
	MemberNumber string `json:"member_number"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Email        string `json:"email"`
	Mobile       string `json:"mobile"`
	Commune      string `json:"commune"`
	PostalCode   string `json:"postal_code"`
	Federation   uint32 `json:"federation"`
	Section      uint32 `json:"section"`
	Cell         uint32 `json:"cell"`
}

// migrate0to1 re-encodes v0 JSON people in the binary codec, creates the
// buckets v1 has, and builds the membership-number index.
func migrate0to1(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	people := tx.Bucket(bPeople)
	nums := tx.Bucket(bMemberNumbers)
	type kv struct{ k, v []byte }
	var out []kv
	err := people.ForEach(func(k, v []byte) error {
		var old v0Person
		if err := json.Unmarshal(v, &old); err != nil {
			return fmt.Errorf("fiche %d : %w", btoi(k), err)
		}
		p := model.Person{
			Version: 1, Status: model.StatusActif, MemberNumber: old.MemberNumber,
			FirstName: old.FirstName, LastName: old.LastName, Email: old.Email, Mobile: old.Mobile,
			Address: model.Address{Commune: old.Commune, PostalCode: old.PostalCode},
			Org:     model.Org{Federation: model.UnitID(old.Federation), Section: model.UnitID(old.Section), Cell: model.UnitID(old.Cell)},
		}
		switch old.Kind {
		case "adherent":
			p.Kind = model.KindAdherent
		case "compagnon":
			p.Kind = model.KindCompagnon
		default:
			p.Kind = model.KindContact
		}
		out = append(out, kv{append([]byte(nil), k...), encodePerson(nil, &p)})
		if p.MemberNumber != "" {
			return nums.Put([]byte(p.MemberNumber), append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range out {
		if err := people.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return appendAudit(tx, &model.AuditEntry{
		At: nowUTC(), Actor: systemActor, Action: model.ActionMigration,
		Detail: fmt.Sprintf("schéma 0 → 1 : %d fiches converties", len(out)),
	})
}

// migrate1to2 adds the dues buckets and retires the hand-set status "en
// retard de cotisation": the dues status is computed from the payments now.
// Each flagged fiche becomes "actif" and its journal says so (the old flag
// stays readable there); nothing else of the fiche changes, not even its
// version, so an edit opened before the upgrade still saves.
func migrate1to2(tx *bolt.Tx) error {
	for _, name := range [][]byte{bPayments, bPaymentsByPerson, bDuesGrace} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	people := tx.Bucket(bPeople)
	var flagged []model.Person
	err := people.ForEach(func(k, v []byte) error {
		p, err := decodePerson(model.PersonID(btoi(k)), v, nil)
		if err != nil {
			return fmt.Errorf("fiche %d : %w", btoi(k), err)
		}
		if p.Status == model.StatusEnRetard {
			flagged = append(flagged, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	at := nowUTC()
	for i := range flagged {
		p := &flagged[i]
		p.Status = model.StatusActif
		if err := people.Put(itob(uint64(p.ID)), encodePerson(nil, p)); err != nil {
			return err
		}
		if err := appendAudit(tx, &model.AuditEntry{
			At: at, Actor: systemActor, Action: model.ActionMigration, PersonID: p.ID, Org: p.Org,
			Changes: []model.Change{{Field: "Statut", Old: "en retard de cotisation", New: model.StatusActif.String()}},
			Detail:  "statut « en retard de cotisation » retiré : la situation de cotisation se calcule désormais à partir des versements",
		}); err != nil {
			return err
		}
	}
	return appendAudit(tx, &model.AuditEntry{
		At: at, Actor: systemActor, Action: model.ActionMigration,
		Detail: fmt.Sprintf("schéma 1 → 2 : cotisations ; %d fiches « en retard de cotisation » passées à « actif »", len(flagged)),
	})
}

// migrate2to3 adds the mutation buckets (issue 13). Fiches need no change:
// the codec's new tags (previous numbers, arrival) are simply absent.
func migrate2to3(tx *bolt.Tx) error {
	for _, name := range [][]byte{bMutations, bTransfers} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// migrate3to4 adds the dues summaries (dues_summary.go), made from the
// payments: opening the file no longer reads every payment.
func migrate3to4(tx *bolt.Tx) error {
	return rebuildDuesSummaries(tx)
}
