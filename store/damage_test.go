package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/demo"
)

// damagedFixture is a small real file (demo fiches, a journal, a
// responsable, a saved search), closed, and its bytes.
func damagedFixture(t testing.TB, people int) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sain.db")
	st, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	g := demo.New(demo.Config{People: people, Seed: 3, Today: model.DateOf(fixedNow)})
	sys := st.SystemSession("test")
	if _, err := st.LoadDemo(sys, g.Units(), g.Next, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateFirstUser(UserSpec{FirstName: "Annie", LastName: "Martin", Password: "correct-horse-battery"}); err != nil {
		t.Fatal(err)
	}
	fed := g.Units()[0].Path
	for i := range 20 {
		if _, err := st.Create(sys, person(fmt.Sprint("Prénom", i), "Nom", model.KindContact, fed)); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, data
}

// damageVariant is one way of damaging the fixture.
type damageVariant struct {
	name   string
	damage func(b []byte) []byte
}

// damageVariants truncates the file at many offsets and flips bytes in
// headers and elements of the pages the tree uses (branch, leaf, free
// list, meta), and at random places.
func damageVariants(t testing.TB, path string, data []byte) []damageVariant {
	r, err := openRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ps := int(r.psize)
	used := int(r.meta.hwm) * ps
	var vs []damageVariant
	for off := 16 << 10; off < used; off += max(ps, (used-16<<10)/12) {
		vs = append(vs, damageVariant{fmt.Sprint("tronqué à ", off), func(b []byte) []byte { return b[:off] }})
	}
	flip := func(name string, at int) {
		if at < len(data) {
			vs = append(vs, damageVariant{fmt.Sprintf("%s (octet %d)", name, at), func(b []byte) []byte { b[at] ^= 0xA5; return b }})
		}
	}
	// The pages of the tree, by kind.
	var branches, leaves []int
	tree := r.walk(nil) // the pages in use (free ones may look like leaves)
	for id := 2; id < int(r.meta.hwm); id++ {
		p, err := r.page(uint64(id), nil)
		if err != nil || !tree.seen[id] {
			continue
		}
		switch le.Uint16(p[8:]) {
		case flagBranch:
			branches = append(branches, id)
		case flagLeaf:
			leaves = append(leaves, id)
		}
	}
	if len(branches) == 0 || len(leaves) < 4 {
		t.Fatalf("fixture too small: %d branch, %d leaf pages", len(branches), len(leaves))
	}
	for _, id := range append(branches[:min(3, len(branches))], leaves[0], leaves[len(leaves)/2], leaves[len(leaves)-1]) {
		base := id * ps
		flip("page id", base)
		flip("page flags", base+8)
		flip("page count", base+10)
		flip("page overflow", base+12)
		flip("element pos", base+pageHeaderSize+4)
		flip("element size", base+pageHeaderSize+8+2)
		flip("data", base+ps-100)
	}
	fl := int(r.meta.freelist) * ps
	flip("free list flags", fl+8)
	flip("free list count", fl+10)
	flip("free list id", fl+pageHeaderSize+3)
	for _, meta := range []int{0, ps} {
		flip("meta root", meta+pageHeaderSize+16)
		flip("meta hwm", meta+pageHeaderSize+40)
		flip("meta magic", meta+pageHeaderSize)
	}
	vs = append(vs, damageVariant{"les deux métas", func(b []byte) []byte { b[pageHeaderSize] ^= 1; b[ps+pageHeaderSize] ^= 1; return b }})
	rnd := rand.New(rand.NewPCG(9, 9))
	for range 12 {
		flip("au hasard", 2*ps+rnd.IntN(used-2*ps))
	}
	return vs
}

// TestDamagedFileBattery runs the battery in a child process, so that a
// crash (a fault under bbolt's memory map cannot be recovered) fails the
// test instead of killing the test binary.
func TestDamagedFileBattery(t *testing.T) {
	if os.Getenv("FICHIER_DAMAGE_CHILD") == "1" {
		damageBattery(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDamagedFileBattery$", "-test.v")
	cmd.Env = append(os.Environ(), "FICHIER_DAMAGE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("panic")) || bytes.Contains(out, []byte("SIGSEGV")) {
		t.Fatalf("battery failed (%v):\n%s", err, tail(out, 4000))
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

func damageBattery(t *testing.T) {
	path, data := damagedFixture(t, 600)
	fed := model.Org{}
	if st, err := Open(path, testOptions()); err == nil {
		fed = st.units.list()[0].Path
		st.Close()
	}
	dir := t.TempDir()
	for i, v := range damageVariants(t, path, data) {
		fmt.Fprintln(os.Stderr, "variante :", v.name) // the last line before a crash says which
		f := filepath.Join(dir, fmt.Sprintf("abime%d.db", i))
		bad := v.damage(bytes.Clone(data))
		if err := os.WriteFile(f, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		modes := []bool{false} // writable; read-only too for one variant in four
		if i%4 == 0 {
			modes = append(modes, true)
		}
		for _, ro := range modes {
			opt := testOptions()
			opt.ReadOnly = ro
			st, err := Open(f, opt)
			mustFail := strings.HasPrefix(v.name, "tronqué") || strings.HasPrefix(v.name, "page id") ||
				strings.HasPrefix(v.name, "page flags") || strings.HasPrefix(v.name, "les deux")
			if mustFail && err == nil {
				t.Errorf("%s: opened without a word", v.name)
			}
			if err != nil {
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "fichier recuperer") {
					t.Errorf("%s: open: %v", v.name, err)
				}
				if now, _ := os.ReadFile(f); !bytes.Equal(now, bad) {
					t.Errorf("%s: a refused open changed the file", v.name)
				}
				continue
			}
			// Undetected damage (a flipped byte inside a value): every
			// use stays free of panics.
			sys := st.SystemSession("test")
			_, _ = st.Search(sys, nil, SortName)
			if !ro {
				_, _ = st.Create(sys, person("Zoé", "Nouvelle", model.KindContact, fed))
			}
			if i%8 == 0 {
				_, _ = st.Check()
				_, _ = st.BackupFile(sys, filepath.Join(dir, fmt.Sprintf("s%d.db", i)))
			}
			st.Close()
		}
		rep, err := CheckFile(f)
		if err != nil {
			t.Errorf("%s: check: %v", v.name, err)
		}
		if strings.HasPrefix(v.name, "tronqué") && rep.OK() {
			t.Errorf("%s: check found nothing", v.name)
		}
		out := filepath.Join(dir, fmt.Sprintf("recupere%d.db", i))
		srep, err := Salvage(f, out)
		if err != nil {
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("%s: salvage: %v", v.name, err)
			}
			continue
		}
		st, err := Open(out, testOptions())
		if err != nil {
			t.Errorf("%s: salvaged file: %v", v.name, err)
			continue
		}
		if got := st.idx.len(); got != srep.Counts.Total()+srep.Counts.Archived {
			t.Errorf("%s: salvaged %d fiches, file has %d", v.name, srep.Counts.Total(), got)
		}
		st.Close()
		if i%4 != 0 {
			continue
		}
		// Fiches whose unit was lost stay (check names them); the file
		// itself is sound.
		if r, err := CheckFile(out); err != nil || r.Unreadable[kindPages]+r.Unreadable[kindPeople]+r.Unreadable[kindIndexes] > 0 {
			t.Errorf("%s: salvaged file: %v %v", v.name, err, r.Problems)
		}
	}
}
