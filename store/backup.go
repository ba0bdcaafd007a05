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
	abs, _ := filepath.Abs(path)
	if own, _ := filepath.Abs(s.path); abs == own {
		return 0, fmt.Errorf("la sauvegarde ne peut pas remplacer le fichier lui-même")
	}
	if err := s.journalBackup(sess, path); err != nil {
		return 0, err
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

// journalBackup checks that the session may copy the whole file (national
// level) and journals the copy first, as exports do: a copy of the whole
// file never exists unrecorded (a read-only store, which cannot journal,
// refuses).
func (s *Store) journalBackup(sess *Session, dest string) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if u.Scope.Level() != model.LevelNational && sess.system == nil {
		return ErrForbidden // a backup holds the whole file
	}
	err = s.update(func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionBackup, Detail: dest})
	})
	if err != nil {
		return fmt.Errorf("sauvegarde impossible : %w", err)
	}
	return nil
}

// BackupTo writes a hot backup to w (`ssh … sauvegarde > copie.db` while
// the file is served), with the same rights and journal entry as BackupFile.
func (s *Store) BackupTo(sess *Session, w io.Writer, dest string) (int64, error) {
	if err := s.journalBackup(sess, dest); err != nil {
		return 0, err
	}
	return s.Backup(w)
}
