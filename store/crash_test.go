//go:build !windows

package store

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fichier/model"
)

// TestCrashKeepsCommittedWrites kills a writing process with SIGKILL at a
// random moment, several times: every fiche it reported as committed must be
// there on reopening, and the file must pass Check.
func TestCrashKeepsCommittedWrites(t *testing.T) {
	if os.Getenv("FICHIER_CRASH_HELPER") != "" {
		return
	}
	w := newWorld(t)
	w.st.Close()
	var committed []model.PersonID
	for round := 0; round < 5; round++ {
		cmd, out := startHelper(t, "TestHelperCrashWriter", "FICHIER_CRASH_HELPER", w.path, w.fed.ID, w.secA.ID)
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// The random moment is counted from the writer's first commit, so
		// that a slow start on a loaded machine does not kill it before it
		// has written anything.
		var deadline <-chan time.Time
		giveUp := time.After(30 * time.Second)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if id, found := strings.CutPrefix(l, "committed "); found {
					n, _ := strconv.ParseUint(id, 10, 64)
					committed = append(committed, model.PersonID(n))
					if deadline == nil {
						deadline = time.After(time.Duration(rand.IntN(250)) * time.Millisecond)
					}
				}
			case <-deadline:
				break read
			case <-giveUp:
				break read
			}
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		for l := range lines { // lines printed before the kill count too
			if id, found := strings.CutPrefix(l, "committed "); found {
				n, _ := strconv.ParseUint(id, 10, 64)
				committed = append(committed, model.PersonID(n))
			}
		}
	}
	if len(committed) == 0 {
		t.Fatal("the writer committed nothing: the test proves nothing")
	}
	st := openTest(t, w.path)
	sys := st.SystemSession("test")
	for _, id := range committed {
		if _, err := st.Get(sys, id); err != nil {
			t.Errorf("committed fiche %d lost: %v", id, err)
		}
	}
	r, err := st.Check()
	if err != nil || !r.OK() {
		t.Fatalf("check after crashes: %v %v", err, r.Problems)
	}
	t.Logf("%d committed fiches survived 5 kills", len(committed))
}

func TestHelperCrashWriter(t *testing.T) {
	st, units := helperFile(t, "FICHIER_CRASH_HELPER")
	sys := st.SystemSession("crash")
	org := model.Org{Federation: units[0], Section: units[1]}
	for i := 0; ; i++ {
		p, err := st.Create(sys, person("Test", fmt.Sprintf("Crash%d", i), model.KindAdherent, org))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %d\n", p.ID)
	}
}

// startHelper runs the test named test of this binary in a child process,
// telling it in the environment variable env the file to write and the
// units to use (see helperFile), and returns it and its standard output.
func startHelper(t *testing.T, test, env, path string, units ...model.UnitID) (*exec.Cmd, io.Reader) {
	t.Helper()
	ids := make([]string, len(units))
	for i, u := range units {
		ids[i] = strconv.FormatUint(uint64(u), 10)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^"+test+"$")
	cmd.Env = append(os.Environ(), env+"="+path, env+"_UNITS="+strings.Join(ids, ","))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// helperFile is, in a helper process started by startHelper, the file to
// write and the units to use; run as an ordinary test, it skips it. The
// file is opened the way the real program does, fsync on every commit: the
// helper will be killed.
func helperFile(t *testing.T, env string) (*Store, []model.UnitID) {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		t.Skip("helper process")
	}
	var units []model.UnitID
	for _, id := range strings.Split(os.Getenv(env+"_UNITS"), ",") {
		n, _ := strconv.ParseUint(id, 10, 32)
		units = append(units, model.UnitID(n))
	}
	opt := testOptions()
	opt.NoSync = false
	opt.Timeout = 5 * time.Second
	st, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return st, units
}
