package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fichier/model"
	"fichier/store"
)

// What the command-line and end-to-end tests share: the binary they run,
// the demo files they run it on, and the store calls that prepare a file
// or look into it afterwards. (The terminal and SSH drivers, Unix only, are
// in e2e_helpers_test.go.)

// binary is the fichier command built once for the command-line tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fichier-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "fichier")
	out, err := exec.Command("go", "build", "-race", "-o", binary, ".").CombinedOutput()
	if err != nil {
		// Without the race runtime (no cgo), build plainly.
		if out2, err2 := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err2 != nil {
			panic(string(out) + string(out2))
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run executes fichier with args and extra environment; it returns the
// combined output and whether it exited 0.
func run(t *testing.T, env []string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "XDG_DATA_HOME="+t.TempDir(), "FICHIER_DB=")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// demoPassword is the demo files' password for amartin, in the environment
// of the commands that log in.
const demoPassword = "FICHIER_PASSWORD=demo-secret-123"

// demoDB creates a demo file of people fiches in the test's temporary
// folder (seed 1; national responsable amartin, password demoPassword).
func demoDB(t *testing.T, people int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	if out, ok := run(t, []string{demoPassword}, "demo", "--db", db, "--people", strconv.Itoa(people), "--no-ui"); !ok {
		t.Fatalf("demo: %s", out)
	}
	return db
}

// fiches counts the fiches of db, as `fichier check` says.
func fiches(t *testing.T, db string) int {
	t.Helper()
	out, ok := run(t, nil, "check", "--db", db)
	m := regexp.MustCompile(`fiches: (\d+)`).FindStringSubmatch(out)
	if !ok || m == nil {
		t.Fatalf("check: %s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// openFile opens a file the binary made, to prepare it or look into it,
// with the session that acts with every right. The caller closes it before
// the binary runs on the file again.
func openFile(t *testing.T, db string, opt store.Options) (*store.Store, *store.Session) {
	t.Helper()
	st, err := store.Open(db, opt)
	if err != nil {
		t.Fatal(err)
	}
	return st, st.SystemSession("test")
}

// newResponsable appoints a responsable (as the file's holder) who has
// chosen password at their first login; it returns them and their session.
func newResponsable(t *testing.T, st *store.Store, spec store.UserSpec, password string) (model.User, *store.Session) {
	t.Helper()
	u, given, err := st.CreateUser(st.SystemSession("test"), spec)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Login(u.Username, given)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ChangePassword(sess, given, password); err != nil {
		t.Fatal(err)
	}
	return u, sess
}
