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
// be open elsewhere. It returns the file's sizes on disk before and after.
func Compact(path string) (before, after int64, err error) {
	if err := precheckFile(path, true); err != nil {
		return 0, 0, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, safefile.French(err)
	}
	before = st.Size()
	src, err := openBolt(path, &bolt.Options{}, nil)
	if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	if err := src.View(func(tx *bolt.Tx) error {
		if v := schemaOf(tx); v != SchemaVersion {
			return fmt.Errorf("ce fichier (version %d) doit d'abord être ouvert par cette version de fichier", v)
		}
		return nil
	}); err != nil {
		return 0, 0, err
	}
	// The compaction itself goes in the journal of the new file.
	tmp, after, err := compactTo(src, path, func(tx *bolt.Tx, size int64) error {
		return appendAudit(tx, &model.AuditEntry{At: time.Now(), Actor: systemActor, Action: model.ActionCompact,
			Detail: fmt.Sprintf("fichier réécrit sans les pages libérées (%d → %d octets)", before, size)})
	})
	if err == nil {
		src.Close() // before the rename: Windows renames no open file
		err = tmp.Commit()
	}
	if err != nil {
		return 0, 0, fmt.Errorf("compactage impossible, fichier inchangé : %w", safefile.French(err))
	}
	return before, after, nil
}
