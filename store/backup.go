package store

import (
	"fmt"
	"io"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"fichier/internal/safefile"
	"fichier/model"
)

// BackupFile writes a hot backup to path, the way Compact writes: the live
// data only, copied into a fresh file (bbolt's Compact), so that a backup
// taken after an erasure holds no freed page with the erased fiche. It goes
// through safefile: a crash never leaves a half backup under the final
// name, and the copy a killed run left beside it is removed by the next
// backup to that path.
func (s *Store) BackupFile(sess *Session, path string) (int64, error) {
	abs, _ := filepath.Abs(path)
	if own, _ := filepath.Abs(s.path); abs == own {
		return 0, fmt.Errorf("la sauvegarde ne peut pas remplacer le fichier lui-même")
	}
	if err := s.journalBackup(sess, path); err != nil {
		return 0, err
	}
	tmp, n, err := compactTo(s.db.DB, path, nil)
	if err == nil {
		err = tmp.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("sauvegarde impossible : %w", safefile.French(err))
	}
	return n, nil
}

// compactTo copies src's live data into a new temporary file beside path
// (safefile; bbolt's Compact, bbolt opening the file by name through its
// own handle), runs last (if set) in a transaction of the new file, and
// returns it uncommitted — the caller commits it (synced, renamed) or on
// an error nothing is left — with its size: cut to the pages in use, where
// bbolt leaves it grown to its memory-map size.
func compactTo(src *bolt.DB, path string, last func(tx *bolt.Tx, size int64) error) (*safefile.File, int64, error) {
	tmp, err := safefile.Create(path)
	if err != nil {
		return nil, 0, safefile.French(err)
	}
	dst, err := bolt.Open(tmp.Name(), 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		tmp.Discard()
		return nil, 0, safefile.French(err)
	}
	var size int64
	err = guardPanic(func() error { return bolt.Compact(dst, src, 64<<20) })
	if err == nil && last != nil {
		err = dst.Update(func(tx *bolt.Tx) error { return last(tx, tx.Size()) })
	}
	if err == nil {
		err = dst.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = tmp.Truncate(size)
	}
	if err != nil {
		tmp.Discard()
		return nil, 0, err
	}
	return tmp, size, nil
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

// Backup writes a copy of the live data to w: compacted like BackupFile
// into a temporary file beside the store's own file, then streamed (the
// freed pages of an erasure never leave the machine).
func (s *Store) Backup(w io.Writer) (int64, error) {
	tmp, _, err := compactTo(s.db.DB, s.path, nil)
	if err != nil {
		return 0, fmt.Errorf("sauvegarde impossible : %w", err)
	}
	defer tmp.Discard()
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, tmp)
}
