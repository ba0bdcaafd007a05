// Package store is the only owner of the bbolt file: people, units,
// responsables and the audit journal. Every method takes the acting
// responsable's session and enforces scope and rights itself; every write is
// one transaction that also appends its audit entry.
package store

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"fichier/internal/safefile"
	"fichier/model"
)

// Bucket names.
var (
	bMeta          = []byte("meta")
	bPeople        = []byte("people")
	bMemberNumbers = []byte("member_numbers") // membership number → person id
	bUnits         = []byte("units")
	bUsers         = []byte("users")
	bUsernames     = []byte("usernames") // username → user id
	bAudit         = []byte("audit")
	bAuditByPerson = []byte("audit_by_person") // person id ‖ audit id → nothing
	bSavedQueries  = []byte("saved_queries")   // user id ‖ name → query
	bSequences     = []byte("sequences")       // named counters (membership numbers per federation)
	bMutations     = []byte("mutations")       // mutation id → model.Mutation (JSON)
	bTransfers     = []byte("transfers")       // transfer id → mutation id (a transfer file is imported once)

	allBuckets = [][]byte{bMeta, bPeople, bMemberNumbers, bUnits, bUsers, bUsernames, bAudit, bAuditByPerson, bSavedQueries, bSequences,
		bPayments, bPaymentsByPerson, bDuesGrace, bMutations, bTransfers, bDuesSummary}

	kSchema = []byte("schema")
)

// appendFill packs pages of buckets whose keys only grow (people, audit):
// bbolt's default of 0.5 leaves append-only pages half empty, doubling the
// file and the memory its map takes.
const appendFill = 0.95

// Errors callers may test with errors.Is. Their texts are French: the UI shows them as they are.
var (
	ErrInUse         = errors.New("le fichier est déjà ouvert par un autre programme fichier ; pour y travailler à plusieurs en même temps, utilisez « fichier serve » et connectez-vous par SSH")
	ErrNewerSchema   = errors.New("ce fichier a été créé par une version plus récente de fichier : mettez fichier à jour")
	ErrNotFound      = errors.New("fiche introuvable")
	ErrForbidden     = errors.New("accès refusé : hors de votre périmètre ou sans le droit nécessaire")
	ErrStale         = errors.New("la fiche a été modifiée entre-temps par quelqu'un d'autre : rechargez-la avant d'enregistrer")
	ErrBadLogin      = errors.New("identifiant ou mot de passe incorrect")
	ErrDisabled      = errors.New("ce compte de responsable est désactivé")
	ErrSessionEnded  = errors.New("session terminée : reconnectez-vous")
	ErrDuplicateNum  = errors.New("ce numéro d'adhérent est déjà attribué à une autre fiche")
	ErrReadOnlyStore = errors.New("fichier ouvert en lecture seule")
)

// Options tunes Open. The zero value is what the app uses.
type Options struct {
	Timeout  time.Duration // wait for another process's lock; default 1 s
	ReadOnly bool
	NoSync   bool                  // tests and bulk demo generation only
	Existing bool                  // refuse a missing or empty file (only init, demo and the first run create one)
	Now      func() time.Time      // clock; default time.Now
	Sleep    func(d time.Duration) // login back-off; default time.Sleep
	// PasswordCost lowers argon2id's memory for tests (KiB); 0 = production cost.
	PasswordCost uint32
}

// Store is an open fichier file. It is safe for concurrent use by many
// goroutines (every SSH session shares one Store).
type Store struct {
	db   *safeDB
	path string
	opt  Options

	wmu sync.Mutex    // serialises writes so the index follows commit order
	gen atomic.Uint64 // counts committed writes

	idx   *index
	units *unitCache
	users *userCache
	dues  duesSettings
	subs  subscribers
	fails failures
	live  liveSessions // open `fichier serve` connections

	rappel rappel // phone rounds' queues and claims (rappel.go)
}

// SchemaVersion is the layout this build writes.
const SchemaVersion = 4

// Open opens (creating if needed) the file at path, migrates it to the
// current schema in one transaction, and builds the in-memory index.
func Open(path string, opt Options) (*Store, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = time.Sleep
	}
	if err := precheckFile(path, opt.Existing || opt.ReadOnly); err != nil {
		return nil, err
	}
	// The index is built from the fiches the structure check reads, while
	// it reads them (indexbuild.go).
	build := startIndexBuild()
	defer build.abandon() // unless finished
	db, err := openBolt(path, &bolt.Options{Timeout: opt.Timeout, ReadOnly: opt.ReadOnly, NoSync: opt.NoSync}, build)
	if err != nil {
		return nil, err
	}
	s := &Store{db: &safeDB{DB: db, path: path}, path: path, opt: opt}
	s.fails.db, s.fails.now = db, opt.Now
	if !opt.ReadOnly {
		migrated, err := s.migrate()
		if err != nil {
			db.Close()
			return nil, err
		}
		if migrated { // the fiches read before may have changed
			build.abandon()
			build = nil
		}
	} else if err := s.checkSchemaReadOnly(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.load(build); err != nil {
		db.Close()
		return nil, asDamage(path, err)
	}
	return s, nil
}

// Close releases the file. Sessions must not be used afterwards.
func (s *Store) Close() error {
	s.subs.closeAll()
	s.idx.mu.RLock()
	s.idx.text.shutdown() // nothing left running in the background
	s.idx.mu.RUnlock()
	return s.db.Close()
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

func (s *Store) now() time.Time { return s.opt.Now() }

func (s *Store) today() model.Date { return model.DateOf(s.now()) }

// load builds the in-memory caches from the file, the index from build
// (finished here) when it is set.
func (s *Store) load(build *indexBuild) error {
	return s.db.View(func(tx *bolt.Tx) error {
		var err error
		if s.units, err = loadUnits(tx); err != nil {
			return err
		}
		if s.users, err = loadUsers(tx); err != nil {
			return err
		}
		if build != nil {
			s.idx, err = build.finish()
		} else {
			s.idx, err = buildIndex(tx)
		}
		if err != nil {
			return err
		}
		if err := s.idx.loadCalls(tx, s.now().Location()); err != nil { // rappel.go
			return err
		}
		return s.loadDues(tx)
	})
}

// reindex rebuilds the in-memory index from the file.
func (s *Store) reindex() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.View(func(tx *bolt.Tx) error {
		idx, err := buildIndex(tx)
		if err != nil {
			return err
		}
		if err := loadDuesIndex(tx, idx); err != nil {
			return err
		}
		if err := idx.loadCalls(tx, s.now().Location()); err != nil { // rappel.go
			return err
		}
		s.idx.mu.Lock()
		s.idx.byID, s.idx.sorted, s.idx.text, s.idx.intern = idx.byID, idx.sorted, idx.text, idx.intern
		s.idx.mu.Unlock()
		return nil
	})
}

// write runs fn in one write transaction while holding the write lock, then,
// only if it committed, runs after (index and cache updates) before the lock
// is released, so the index follows commit order; then it broadcasts the
// event after returns, if any.
func (s *Store) write(fn func(tx *bolt.Tx) error, after func() Event) error {
	if s.opt.ReadOnly {
		return ErrReadOnlyStore
	}
	s.wmu.Lock()
	err := s.db.Update(fn)
	var ev Event
	if err == nil && after != nil {
		ev = after()
	}
	if err == nil {
		s.gen.Add(1) // invalidates the sessions' remembered searches
	}
	s.wmu.Unlock()
	if ev.What != "" {
		s.subs.publish(ev)
	}
	return err
}

// update is write without index work or event.
func (s *Store) update(fn func(tx *bolt.Tx) error) error { return s.write(fn, nil) }

// openBolt opens a bbolt file with the options every opening needs (map
// freelist; a lock held elsewhere within the timeout is ErrInUse, never a
// wait forever) and French errors. v, if set, receives entries the
// structure check reads (validateFile).
func openBolt(path string, o *bolt.Options, v walkVisitor) (*bolt.DB, error) {
	o.FreelistType = bolt.FreelistMapType
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	if err := precheckFile(path, false); err != nil {
		return nil, err
	}
	db, err := guardedOpen(path, o)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, servedError(path)
	}
	if errors.Is(err, ErrDamaged) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("impossible d'ouvrir %s : %w", path, safefile.French(err))
	}
	// The whole structure is checked before anything reads or writes it,
	// with the file locked (see validateFile).
	if err := validateFile(path, v); err != nil {
		db.Close()
		return nil, err
	}
	if !o.ReadOnly {
		// A database file is private, also one that existed before (touch).
		_ = os.Chmod(path, 0o600)
	}
	return db, nil
}
