package store

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// ErrDamaged is what every error about a damaged file matches (errors.Is).
var ErrDamaged = errors.New("le fichier est endommagé")

// damageAdvice tells the user what to do with a damaged file.
const damageAdvice = "n'y écrivez plus ; « fichier check --db FICHIER » détaille les dégâts, " +
	"« fichier recuperer --db FICHIER --out NOUVEAU » sauve dans un nouveau fichier tout ce qui est lisible " +
	"(ou reprenez la dernière sauvegarde)"

// DamageError reports a damaged file: what was found, and what to do.
type DamageError struct {
	Path     string
	Problems []string
}

func (e *DamageError) Error() string {
	var b strings.Builder
	b.WriteString("le fichier est endommagé")
	if e.Path != "" {
		b.WriteString(" (" + model.StripControl(e.Path) + ")")
	}
	if len(e.Problems) > 0 {
		b.WriteString(" : " + model.StripControl(e.Problems[0]))
		if n := len(e.Problems) - 1; n > 0 {
			fmt.Fprintf(&b, " (et %d autre(s) problème(s))", n)
		}
	}
	b.WriteString(" — " + damageAdvice)
	return b.String()
}

func (e *DamageError) Is(target error) bool { return target == ErrDamaged }

func damaged(path string, problems ...string) error {
	return &DamageError{Path: path, Problems: problems}
}

// safeDB is the store's bbolt handle. bbolt trusts the file: a damaged page
// makes it panic (assertions) or fault (reading its memory map past the end
// of a truncated file). Open validates the file's structure first
// (validateFile), and every transaction still runs guarded, so that what
// slips through becomes a DamageError, never a crash. A panicking
// transaction has been rolled back by bbolt's own deferred rollback before
// the guard sees it, so nothing was written.
type safeDB struct {
	*bolt.DB
	path string
}

func (d *safeDB) View(fn func(*bolt.Tx) error) (err error) {
	defer recoverDamage(d.path, &err, debug.SetPanicOnFault(true))
	return d.DB.View(fn)
}

func (d *safeDB) Update(fn func(*bolt.Tx) error) (err error) {
	defer recoverDamage(d.path, &err, debug.SetPanicOnFault(true))
	return d.DB.Update(fn)
}

// recoverDamage turns a panic or memory fault under bbolt into a
// DamageError; it restores the goroutine's fault setting.
func recoverDamage(path string, err *error, oldFault bool) {
	debug.SetPanicOnFault(oldFault)
	if r := recover(); r != nil {
		*err = damaged(path, fmt.Sprintf("lecture impossible (%v)", r))
	}
}

// guardedOpen is bolt.Open, guarded the same way.
func guardedOpen(path string, o *bolt.Options) (db *bolt.DB, err error) {
	defer recoverDamage(path, &err, debug.SetPanicOnFault(true))
	return bolt.Open(path, 0o600, o)
}

// precheckFile refuses, before bbolt maps it, a path that is a directory or
// whose header is unreadable or claims more pages than the file holds (the
// memory map would fault). A missing or empty file passes: whether it may
// be created is the caller's decision (mustExist).
func precheckFile(path string, mustExist bool) error {
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return damaged(path, "c'est un dossier, pas un fichier")
	}
	if missing := errors.Is(err, os.ErrNotExist); missing || (err == nil && st.Size() == 0) {
		if mustExist {
			return emptyError(path, missing)
		}
		return nil
	}
	r, err := openRaw(path)
	if err != nil {
		return err
	}
	defer r.Close()
	// bbolt reads the free list as it opens a file for writing.
	free, err := r.freelist()
	for _, id := range free {
		if id < 2 || id >= r.meta.hwm {
			err = fmt.Errorf("liste des pages libres abîmée : page %d hors du fichier", id)
			break
		}
	}
	if err != nil {
		return damaged(path, err.Error())
	}
	return nil
}

// validateFile walks the whole structure of the file with bounds-checked
// reads: every page reached from the root lies inside the file, is of the
// right kind, holds its elements inside itself, in key order, and is not
// also in the free list. bbolt can then read and write it without touching
// memory outside the file or overwriting live pages. Called with the file
// locked (after bolt.Open). An empty file (being created) passes. v, if
// set, receives entries the walk reads (the index build's records at open).
func validateFile(path string, v walkVisitor) error {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		return nil
	}
	r, err := openRaw(path)
	if err != nil {
		return err
	}
	defer r.Close()
	var w *treeWalk
	if v != nil {
		w = r.walkPages(v.visit, false, v.wants)
	} else {
		w = r.walkPages(nil, false, nil)
	}
	w.checkPages()
	if len(w.problems) > 0 {
		return damaged(path, w.problems...)
	}
	return nil
}

// walkVisitor receives entries of the structure walk (validateFile): visit
// is given the leaf entries of the buckets wants accepts (path: the bucket's
// names from the root), valid during the call only (rawFile.walkPages).
type walkVisitor interface {
	wants(path [][]byte) bool
	visit(path [][]byte, e rawEntry)
}

// asDamage reports an error met while reading records at open as damage.
func asDamage(path string, err error) error {
	var c *corruptError
	switch {
	case errors.As(err, &c):
		return damaged(path, "fiche "+itoa(int(c.id))+" illisible ("+c.err.Error()+")")
	case errors.Is(err, ErrDamaged):
		return err
	}
	return damaged(path, err.Error())
}

// guardPanic runs fn (a bbolt call outside a transaction, such as Compact)
// with the same guard as transactions.
func guardPanic(fn func() error) (err error) {
	defer recoverDamage("", &err, debug.SetPanicOnFault(true))
	return fn()
}
