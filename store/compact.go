package store

import (
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/internal/safefile"
	"fichier/model"
)

// Compact rewrites the file at path with only its live data, then puts the
// new file in its place. bbolt never zeroes freed pages, so after an erasure
// the erased person's bytes stay in the file until Compact runs; the file
// also shrinks (bbolt never gives space back otherwise). The file must not
// be open elsewhere. It returns the sizes before and after.
func Compact(path string) (before, after int64, err error) {
	src, err := openBolt(path, &bolt.Options{})
	if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	if err := src.View(func(tx *bolt.Tx) error {
		if v := schemaOf(tx); v != SchemaVersion {
			return fmt.Errorf("ce fichier (version %d) doit d'abord être ouvert par cette version de fichier", v)
		}
		before = tx.Size()
		return nil
	}); err != nil {
		return 0, 0, err
	}
	// bbolt opens the temporary file by name, through its own handle;
	// safefile syncs it again and renames it at Commit.
	tmp, err := safefile.Create(path)
	if err != nil {
		return 0, 0, fmt.Errorf("compactage impossible : %w", frenchOSError(err))
	}
	defer tmp.Discard()
	dst, err := openBolt(tmp.Name(), &bolt.Options{})
	if err != nil {
		return 0, 0, fmt.Errorf("compactage impossible : %w", err)
	}
	err = bolt.Compact(dst, src, 64<<20)
	if err == nil {
		// The compaction itself goes in the journal of the new file.
		err = dst.Update(func(tx *bolt.Tx) error {
			return appendAudit(tx, &model.AuditEntry{At: time.Now(), Actor: systemActor, Action: model.ActionCompact,
				Detail: fmt.Sprintf("fichier réécrit sans les pages libérées (%d → %d octets)", before, dstSize(dst))})
		})
	}
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("compactage impossible, fichier inchangé : %w", err)
	}
	src.Close()
	if err := tmp.Commit(); err != nil {
		return 0, 0, fmt.Errorf("compactage impossible, fichier inchangé : %w", frenchOSError(err))
	}
	st, err := os.Stat(path)
	if err != nil {
		return before, 0, err
	}
	return before, st.Size(), nil
}

func dstSize(db *bolt.DB) int64 {
	var n int64
	_ = db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}
