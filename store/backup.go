package store

import (
	"fmt"
	"io"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"fichier/internal/safefile"
	"fichier/model"
)

// Backup writes a consistent copy of the whole file to w while the store
// stays in use (bbolt's Tx.WriteTo inside a read transaction).
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes a hot backup to path through safefile: a crash never
// leaves a half backup under the final name, and the copy a killed run left
// beside it is removed by the next backup to that path.
func (s *Store) BackupFile(sess *Session, path string) (int64, error) {
	u, err := sess.user()
	if err != nil {
		return 0, err
	}
	if u.Scope.Level() != model.LevelNational && sess.system == nil {
		return 0, ErrForbidden // a backup holds the whole file
	}
	abs, _ := filepath.Abs(path)
	if own, _ := filepath.Abs(s.path); abs == own {
		return 0, fmt.Errorf("la sauvegarde ne peut pas remplacer le fichier lui-même")
	}
	// Journal first, as exports do: a copy of the whole file never exists
	// unrecorded (a read-only store, which cannot journal, refuses).
	err = s.update(func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionBackup, Detail: path})
	})
	if err != nil {
		return 0, fmt.Errorf("sauvegarde impossible : %w", err)
	}
	tmp, err := safefile.Create(path)
	if err != nil {
		return 0, fmt.Errorf("sauvegarde impossible : %w", frenchOSError(err))
	}
	defer tmp.Discard()
	n, err := s.Backup(tmp)
	if err == nil {
		err = tmp.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("sauvegarde impossible : %w", frenchOSError(err))
	}
	return n, nil
}
