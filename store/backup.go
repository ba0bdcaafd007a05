package store

import (
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// BackupFile writes a hot backup to path, the way Compact writes: the live
// data only, copied into a fresh file (bbolt's Compact), so that a backup
// taken after an erasure holds no freed page with the erased fiche. It is
// written beside path, synced, then renamed: a crash never leaves a half
// backup under the final name.
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
	tmp, n, err := compactTo(s.db.DB, path, ".fichier-sauvegarde-*", nil)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("sauvegarde impossible : %w", frenchOSError(err))
	}
	return n, nil
}

// compactTo copies src's live data into a new temporary file beside path
// (bbolt's Compact), runs last (if set) in a transaction of the new file,
// syncs it and returns its name, for the caller to rename, and its size: it
// is cut to the pages in use, where bbolt leaves it grown to its memory-map
// size. On an error the temporary file is already removed.
func compactTo(src *bolt.DB, path, pattern string, last func(tx *bolt.Tx, size int64) error) (string, int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return "", 0, frenchOSError(err)
	}
	name := tmp.Name()
	tmp.Close()
	dst, err := bolt.Open(name, 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		os.Remove(name)
		return "", 0, frenchOSError(err)
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
		err = syncTruncated(name, size)
	}
	if err != nil {
		os.Remove(name)
		return "", 0, frenchOSError(err)
	}
	return name, size, nil
}

// syncTruncated cuts the file to size and syncs it.
func syncTruncated(name string, size int64) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Truncate(size)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
