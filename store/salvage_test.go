package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// rawPeople reads the people bucket of a sound file as it is stored.
func rawPeople(t *testing.T, path string) map[model.PersonID][]byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[model.PersonID][]byte{}
	db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bPeople).ForEach(func(k, v []byte) error {
			out[model.PersonID(btoi(k))] = bytes.Clone(v)
			return nil
		})
	})
	return out
}

var lostRange = regexp.MustCompile(`n° (\d+) (?:à (\d+)|et suivants)`)

// Salvage, on a file where any one page in use is damaged, copies every
// other fiche exactly as it was, and names every fiche it lost: by number,
// or within the range of numbers of the lost page (issue 9).
func TestSalvageKeepsEveryReadableFiche(t *testing.T) {
	path, data := damagedFixture(t, 600)
	orig := rawPeople(t, path)
	r, err := openRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	tree := r.walk(nil)
	r.Close()
	dir := t.TempDir()
	tested := 0
	for id := range tree.seen {
		if id < 2 || !tree.seen[id] {
			continue
		}
		bad := bytes.Clone(data)
		bad[id*int(r.psize)] ^= 0xFF // the page no longer says it is page id
		f := filepath.Join(dir, fmt.Sprintf("abime%d.db", id))
		os.WriteFile(f, bad, 0o600)
		out := filepath.Join(dir, fmt.Sprintf("recupere%d.db", id))
		rep, err := Salvage(f, out)
		if err != nil {
			t.Errorf("page %d: %v", id, err)
			continue
		}
		got := rawPeople(t, out)
		lost := map[model.PersonID]bool{}
		for _, id := range rep.BadPeople {
			lost[id] = true
		}
		inRange := func(pid model.PersonID) bool {
			for _, p := range rep.Problems {
				if strings.Contains(p, "« people »") && strings.Contains(p, "tous ses enregistrements perdus") ||
					strings.Contains(p, "plus rien n'est lisible") {
					return true
				}
				for _, m := range lostRange.FindAllStringSubmatch(p, -1) {
					lo, _ := strconv.Atoi(m[1])
					hi := 1 << 62
					if m[2] != "" {
						hi, _ = strconv.Atoi(m[2])
					}
					if int(pid) >= lo && int(pid) <= hi {
						return true
					}
				}
			}
			return false
		}
		for pid, v := range orig {
			switch g, ok := got[pid]; {
			case ok && !bytes.Equal(g, v):
				t.Errorf("page %d: fiche %d copied changed", id, pid)
			case !ok && !lost[pid] && !inRange(pid):
				t.Errorf("page %d: fiche %d lost without a word (%v)", id, pid, rep.Problems)
			}
		}
		if len(got) > len(orig) {
			t.Errorf("page %d: %d fiches out of %d", id, len(got), len(orig))
		}
		tested++
	}
	if tested < 10 {
		t.Fatalf("only %d pages tested", tested)
	}
}

// check and recuperer read the records of this version only: an older file
// is sent to be opened (and upgraded) first, not reported as unreadable.
func TestCheckAndSalvageOfAnOlderFile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "v0.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v0.db")
	os.WriteFile(path, data, 0o600)
	if _, err := CheckFile(path); err == nil || !strings.Contains(err.Error(), "version 0") {
		t.Errorf("check: %v", err)
	}
	if _, err := Salvage(path, path+".out"); err == nil || !strings.Contains(err.Error(), "version 0") {
		t.Errorf("salvage: %v", err)
	}
}
