package safefile

import (
	"errors"
	"os"
	"strings"
)

// French is a file error as the user reads it: the usual causes (no
// permission, no such folder or file, a full disk) in French, others as
// the system words them.
func French(err error) error {
	switch {
	case errors.Is(err, os.ErrPermission):
		return errors.New("permission refusée")
	case errors.Is(err, os.ErrNotExist):
		return errors.New("dossier ou fichier inexistant")
	case strings.Contains(err.Error(), "no space left"):
		return errors.New("disque plein")
	}
	return err
}
