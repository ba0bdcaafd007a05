//go:build !windows

package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"fichier/model"
)

// TestMutationCrashKill kills, at random moments, a process that creates
// Isère adherents and moves each to Rhône: on reopening, every fiche is
// either at its origin with no record of a departure, or at its
// destination as an arrival with exactly one record — never both, never
// neither — and the file passes Check.
func TestMutationCrashKill(t *testing.T) {
	if os.Getenv("FICHIER_MUTATION_HELPER") != "" {
		return
	}
	w := newWorld(t)
	w.st.Close()
	for round := 0; round < 4; round++ {
		cmd, out := startHelper(t, "TestHelperMutationWriter", "FICHIER_MUTATION_HELPER", w.path, w.fed.ID, w.secA.ID, w.fed2.ID)
		// Kill at a random moment once a first departure has committed
		// (a loaded machine may take long to start the helper).
		first := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(out)
			once := false
			for sc.Scan() {
				if !once && strings.HasPrefix(sc.Text(), "moved ") {
					once = true
					close(first)
				}
			}
		}()
		select {
		case <-first:
		case <-time.After(30 * time.Second):
		}
		time.Sleep(time.Duration(rand.IntN(60)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
	}
	st := openTest(t, w.path)
	sys := st.SystemSession("test")
	ms, err := st.Mutations(sys, MutationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	records := map[model.PersonID]int{}
	for _, m := range ms {
		records[m.PersonID]++
	}
	res, _ := st.Search(sys, nil, SortName)
	if len(res.IDs) == 0 {
		t.Fatal("the writer created nothing: the test proves nothing")
	}
	moved := 0
	for _, id := range res.IDs {
		p, err := st.Get(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case p.Org.Federation == w.fed.ID && !p.Arrival && records[id] == 0 && p.MemberNumber != "":
		case p.Org.Federation == w.fed2.ID && p.Arrival && records[id] == 1 && p.MemberNumber == "" && len(p.PreviousNumbers) == 1:
			moved++
		default:
			t.Errorf("fiche %d half moved: %+v org, arrival %v, %d records", id, p.Org, p.Arrival, records[id])
		}
	}
	if moved == 0 {
		t.Fatal("no departure committed: the test proves nothing")
	}
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check after kills: %v %v", err, r.Problems)
	}
	t.Logf("%d fiches, %d moved, 4 kills", len(res.IDs), moved)
}

func TestHelperMutationWriter(t *testing.T) {
	st, units := helperFile(t, "FICHIER_MUTATION_HELPER")
	sys := st.SystemSession("crash")
	org := model.Org{Federation: units[0], Section: units[1]}
	for i := 0; ; i++ {
		p, err := st.Create(sys, person("Test", fmt.Sprintf("Mute%d", i), model.KindAdherent, org))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Depart(sys, Departure{PersonID: p.ID, Version: p.Version,
			Dest: model.Destination{Federation: units[2]}, Date: model.DateOf(fixedNow)}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("moved %d\n", p.ID)
	}
}
