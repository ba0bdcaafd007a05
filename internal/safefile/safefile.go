// Package safefile writes a file so that nobody ever sees half of it, and
// so that a killed run leaves nothing readable behind for long: the data
// goes to a temporary file beside the destination (mode 0600, whatever the
// umask), which is synced and then renamed over the destination. Creating
// one first removes the temporaries that earlier, killed runs left for the
// same destination — an export or a backup holds personal data.
package safefile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// File is the temporary file of a write to Path. Write to it (or, for a
// database, reopen Name), then Commit; defer Discard in every case.
type File struct {
	*os.File
	path string
	done bool
}

// active holds the temporaries this process is writing: never stale.
var active sync.Map // temporary path → struct{}

// tempPrefix is how the temporaries of path start: hidden, named after it.
func tempPrefix(path string) string {
	return "." + filepath.Base(path) + ".tmp-"
}

// Create removes stale temporaries of path (RemoveStale), then creates a new
// one in path's folder, mode 0600.
func Create(path string) (*File, error) {
	RemoveStale(path)
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	name := filepath.Join(filepath.Dir(path), tempPrefix(path)+strconv.Itoa(os.Getpid())+"-"+hex.EncodeToString(rnd[:]))
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	active.Store(name, struct{}{})
	// The umask can only remove bits from 0600, but a folder's default
	// ACLs or an odd umask must not leave it less private than that.
	if err := f.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		f.Close()
		os.Remove(name)
		active.Delete(name)
		return nil, err
	}
	return &File{File: f, path: path}, nil
}

// Path is the destination.
func (f *File) Path() string { return f.path }

// Commit syncs and closes the temporary file, then renames it over the
// destination. On failure the temporary file is removed and the destination
// is untouched.
func (f *File) Commit() error {
	if f.done {
		return errors.New("safefile: already committed or discarded")
	}
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		f.Discard()
		return err
	}
	f.done = true
	active.Delete(f.Name())
	syncDir(filepath.Dir(f.path))
	return nil
}

// Discard closes and removes the temporary file, unless committed. It is
// safe to call more than once.
func (f *File) Discard() {
	if f.done {
		return
	}
	f.done = true
	f.Close()
	os.Remove(f.Name())
	active.Delete(f.Name())
}

// RemoveStale removes the temporaries of path left by runs that no longer
// exist (a killed export, backup or compaction); those of a live run, in
// this process or another, are kept. Errors are ignored: this is cleaning.
func RemoveStale(path string) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	removeLegacy(path)
	prefix := tempPrefix(path)
	for _, e := range entries {
		name := e.Name()
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		full := filepath.Join(dir, name)
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil {
			continue // not one of ours
		}
		if _, writing := active.Load(full); writing {
			continue
		}
		if pid != os.Getpid() && alive(pid) {
			continue
		}
		os.Remove(full)
	}
}

// syncDir makes the rename durable where the system allows it.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}
