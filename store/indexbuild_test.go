package store

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// TestIndexBuildSortsByName: the build's order (names numbered by rank,
// on several workers) is less's, for names that share long prefixes,
// repeat, are empty or hold odd bytes.
func TestIndexBuildSortsByName(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	pieces := []string{"", "a", "b", "dupont", "dupontel", "martin", "é", " ", "-", "\x01", "z"}
	name := func() string {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	b := startIndexBuild()
	n := 20_000
	for id := 1; id <= n; id++ {
		p := model.Person{ID: model.PersonID(id), Kind: model.KindContact, LastName: name(), FirstName: name()}
		b.add(itob(uint64(id)), encodePerson(nil, &p))
	}
	idx, err := b.finish()
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.sorted) != n {
		t.Fatalf("%d rows", len(idx.sorted))
	}
	if !slices.IsSortedFunc(idx.sorted, less) {
		for i := 1; i < n; i++ {
			if less(idx.sorted[i-1], idx.sorted[i]) > 0 {
				t.Fatalf("row %d %q/%q before %q/%q", i, idx.sorted[i-1].LastName, idx.sorted[i-1].FirstName, idx.sorted[i].LastName, idx.sorted[i].FirstName)
			}
		}
	}
}

// TestOpenIndexIsTheFilesIndex: the index Open builds from the records the
// structure check reads (a file of many pages, several tree levels) is the
// one built from the file through bbolt, row for row.
func TestOpenIndexIsTheFilesIndex(t *testing.T) {
	w, _ := demoWorld(t, 3000)
	w.st.Close()
	w.st = openTest(t, w.path)
	var want *index
	if err := w.st.db.View(func(tx *bolt.Tx) (err error) {
		want, err = buildIndex(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want.text.waitIdle()
	got := w.st.idx.sorted
	if len(got) != 3000 || len(got) != len(want.sorted) {
		t.Fatalf("open: %d rows, bbolt: %d", len(got), len(want.sorted))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want.sorted[i]) {
			t.Fatalf("row %d: open %+v, bbolt %+v", i, *got[i], *want.sorted[i])
		}
	}
}
