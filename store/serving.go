package store

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"fichier/model"
)

// While `fichier serve` holds a file it writes a small note beside it
// (PATH.serve, 0600, removed on exit) with the ssh command to use, so that
// a local `fichier` or any command refused by the lock can tell the user
// where to go instead. A note left by a killed server is harmless: it is
// read only when the file is actually locked.

// ServeInfoPath is where `fichier serve` leaves its note for path.
func ServeInfoPath(path string) string { return path + ".serve" }

// WriteServeInfo writes the note: the ssh command organisers use.
func WriteServeInfo(path, sshLine string) error {
	return os.WriteFile(ServeInfoPath(path), []byte(sshLine+"\n"), 0o600)
}

// RemoveServeInfo removes the note (on the server's exit).
func RemoveServeInfo(path string) error {
	err := os.Remove(ServeInfoPath(path))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// servedError is ErrInUse when the holder is `fichier serve`.
func servedError(path string) error {
	b, err := os.ReadFile(ServeInfoPath(path))
	if err != nil || len(b) == 0 || len(b) > 1024 {
		return fmt.Errorf("%s : %w", path, ErrInUse)
	}
	line := strings.TrimSpace(model.StripControl(string(b)))
	return &ServedError{Path: path, SSH: line}
}

// ServedError says that `fichier serve` holds the file. It is an ErrInUse.
type ServedError struct {
	Path string
	SSH  string // e.g. "ssh -p 2222 VOTRE-IDENTIFIANT@machine"
}

func (e *ServedError) Error() string {
	return fmt.Sprintf("%s est servi par « fichier serve » en ce moment : connectez-vous à lui par SSH :\n  %s", e.Path, e.SSH)
}

func (e *ServedError) Unwrap() error { return ErrInUse }
