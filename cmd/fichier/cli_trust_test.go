package main

import (
	"bytes"
	bin "encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sharedDemo is one small demo file made once for these tests; each test
// works on its own copy (demoCopy).
var sharedDemo struct {
	once sync.Once
	data []byte
}

func demoCopy(t *testing.T) string {
	t.Helper()
	sharedDemo.once.Do(func() {
		data, err := os.ReadFile(demoDB(t, 300))
		if err != nil {
			t.Fatal(err)
		}
		sharedDemo.data = data
	})
	if sharedDemo.data == nil {
		t.Fatal("no demo file")
	}
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(db, sharedDemo.data, 0o600); err != nil {
		t.Fatal(err)
	}
	return db
}

// everyCommand lists each command that opens a file, with what it needs
// besides --db (an output beside dir).
func everyCommand(dir string) map[string][]string {
	return map[string][]string{
		"app":            {},
		"check":          {"check"},
		"export":         {"export", "--user", "amartin", "--out", filepath.Join(dir, "x.csv")},
		"import":         {"import", "--user", "amartin", "--source", "test", filepath.Join(dir, "in.csv")},
		"backup":         {"backup", "--out", filepath.Join(dir, "sauvegarde.db")},
		"reset-password": {"reset-password", "--generer", "amartin"},
		"demo":           {"demo", "--no-ui", "--people", "10"},
		"init":           {"init", "--prenom", "A", "--nom", "B"},
		"compact":        {"compact"},
	}
}

// A damaged file — truncated, with a flipped page, a directory, unreadable
// — gives every command a French message, a non-zero exit and a pointer to
// what to do; never a panic; and no command writes to it (issue 9).
func TestDamagedFileEveryCommand(t *testing.T) {
	db := demoCopy(t)
	good, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "in.csv"), []byte("Nom;Prénom\nDupont;Jean\n"), 0o600)
	m := readMeta(good)
	cases := map[string][]byte{
		"tronqué à 16 Kio":                 good[:16<<10],
		"tronqué aux 3/4 des pages":        good[:m.used*3/4],
		"page racine retournée":            flipped(good, m.root, 2),
		"liste des pages libres retournée": flipped(good, m.freelist+8, 2),
	}
	for name, data := range cases {
		f := filepath.Join(dir, "abime.db")
		for cmdName, args := range everyCommand(dir) {
			if err := os.WriteFile(f, data, 0o600); err != nil {
				t.Fatal(err)
			}
			out, ok := run(t, []string{demoPassword}, append(args, "--db", f)...)
			if ok || !strings.Contains(out, "endommagé") || !strings.Contains(out, "fichier recuperer") || strings.Contains(out, "goroutine") {
				t.Errorf("%s, %s: ok=%v\n%s", name, cmdName, ok, out)
			}
			if now, _ := os.ReadFile(f); !bytes.Equal(now, data) {
				t.Errorf("%s, %s: the damaged file was written", name, cmdName)
			}
		}
	}
	// A directory.
	d := filepath.Join(dir, "dossier.db")
	os.Mkdir(d, 0o700)
	for cmdName, args := range everyCommand(dir) {
		out, ok := run(t, []string{demoPassword}, append(args, "--db", d)...)
		if ok || !strings.Contains(out, "dossier") || strings.Contains(out, "goroutine") {
			t.Errorf("directory, %s: ok=%v\n%s", cmdName, ok, out)
		}
	}
	// Unreadable (root reads everything: nothing to test then).
	if os.Getuid() != 0 && runtime.GOOS != "windows" {
		f := filepath.Join(dir, "illisible.db")
		os.WriteFile(f, good, 0o000)
		out, ok := run(t, nil, "check", "--db", f)
		if ok || !strings.Contains(out, "permission refusée") {
			t.Errorf("unreadable: %s", out)
		}
	}
}

// fileMeta locates, from a file's current meta page, the byte offsets of
// its root page and free list, and the bytes its pages use.
type fileMeta struct{ root, freelist, used int }

func readMeta(b []byte) fileMeta {
	ps := int(bin.LittleEndian.Uint32(b[16+8:]))
	m := b[16:]
	if other := b[ps+16:]; bin.LittleEndian.Uint64(other[48:]) > bin.LittleEndian.Uint64(m[48:]) {
		m = other
	}
	return fileMeta{root: int(bin.LittleEndian.Uint64(m[16:])) * ps, freelist: int(bin.LittleEndian.Uint64(m[32:])) * ps,
		used: int(bin.LittleEndian.Uint64(m[40:])) * ps}
}

func flipped(b []byte, at, n int) []byte {
	out := bytes.Clone(b)
	for i := at; i < at+n && i < len(out); i++ {
		out[i] ^= 0x5A
	}
	return out
}

var versements = regexp.MustCompile(`versements: \d+`)

// recuperer copies what is readable into a new file and says what was lost.
func TestRecupererCommand(t *testing.T) {
	db := demoCopy(t)
	good, _ := os.ReadFile(db)
	dir := t.TempDir()
	bad := filepath.Join(dir, "abime.db")
	cut := good[:readMeta(good).used*3/4]
	os.WriteFile(bad, cut, 0o600)
	out := filepath.Join(dir, "nouveau.db")
	res, ok := run(t, nil, "recuperer", "--db", bad, "--out", out)
	if !ok || !strings.Contains(res, "récupéré :") || !strings.Contains(res, "non récupéré") {
		t.Fatalf("recuperer: %v\n%s", ok, res)
	}
	if now, _ := os.ReadFile(bad); !bytes.Equal(now, cut) {
		t.Error("recuperer wrote to the damaged file")
	}
	if res, ok := run(t, nil, "check", "--db", out); !strings.Contains(res, "fiches:") || strings.Contains(res, "pages du fichier") {
		t.Errorf("check of the salvaged file: %v\n%s", ok, res)
	}
	if st, _ := os.Stat(out); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("salvaged file mode %v", st.Mode().Perm())
	}
	// On a sound file, everything is copied: fiches, payments, journal.
	sound := filepath.Join(dir, "sain.db")
	if res, ok := run(t, nil, "recuperer", "--db", db, "--out", sound); !ok || !strings.Contains(res, "tout a été repris") {
		t.Errorf("recuperer of a sound file: %v\n%s", ok, res)
	}
	before, _ := run(t, nil, "check", "--db", db)
	after, _ := run(t, nil, "check", "--db", sound)
	if firstLine(before) != firstLine(after) || !strings.Contains(after, "versements: ") ||
		versements.FindString(before) != versements.FindString(after) {
		t.Errorf("sound file:\n%s\nsalvaged:\n%s", before, after)
	}
	// An existing --out is never overwritten.
	if res, ok := run(t, nil, "recuperer", "--db", bad, "--out", out); ok || !strings.Contains(res, "existe déjà") {
		t.Errorf("existing out: %s", res)
	}
}

// check reports every problem with counts, not only the first.
func TestCheckReportsEveryProblem(t *testing.T) {
	db := demoCopy(t)
	good, _ := os.ReadFile(db)
	f := filepath.Join(t.TempDir(), "abime.db")
	os.WriteFile(f, good[:readMeta(good).used*3/4], 0o600)
	res, ok := run(t, nil, "check", "--db", f)
	if ok || !strings.Contains(res, "illisibles :") || !strings.Contains(res, "problème(s)") || !strings.Contains(res, "fichier recuperer") {
		t.Errorf("check: %v\n%s", ok, res)
	}
}

// Only init, demo (and the first-run screen) turn a zero-byte or missing
// file into a database; every other command refuses it and leaves it be.
func TestEmptyFileRefused(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "in.csv"), []byte("Nom;Prénom\nDupont;Jean\n"), 0o600)
	for cmdName, args := range everyCommand(dir) {
		if cmdName == "init" || cmdName == "demo" || cmdName == "app" {
			continue
		}
		for _, empty := range []bool{true, false} {
			f := filepath.Join(dir, "vide.db")
			os.Remove(f)
			if empty {
				os.WriteFile(f, nil, 0o600)
			}
			out, ok := run(t, []string{demoPassword}, append(args, "--db", f)...)
			if ok || !strings.Contains(out, "fichier vide ou absent") {
				t.Errorf("%s (empty=%v): ok=%v\n%s", cmdName, empty, ok, out)
			}
			st, err := os.Stat(f)
			if empty && (err != nil || st.Size() != 0) || !empty && err == nil {
				t.Errorf("%s (empty=%v): the file was created or written", cmdName, empty)
			}
		}
	}
	out, ok := run(t, nil, "recuperer", "--db", filepath.Join(dir, "vide.db"), "--out", filepath.Join(dir, "n.db"))
	if ok || !strings.Contains(out, "fichier vide ou absent") {
		t.Errorf("recuperer of an empty file: %s", out)
	}
}

// A database file is 0600, also when it existed before (touch, umask 022).
func TestFileModeAlways0600(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	f := filepath.Join(t.TempDir(), "f.db")
	os.WriteFile(f, nil, 0o644)
	os.Chmod(f, 0o644)
	if out, ok := run(t, []string{"FICHIER_PASSWORD=un-mot-de-passe-solide"}, "init", "--db", f, "--prenom", "A", "--nom", "Bé"); !ok {
		t.Fatal(out)
	}
	if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}

// demo opens only files it created; a demo cut short is regenerated.
func TestDemoRefusesRealFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "vrai.db")
	if out, ok := run(t, []string{"FICHIER_PASSWORD=un-mot-de-passe-solide"}, "init", "--db", f, "--prenom", "Annie", "--nom", "Martin"); !ok {
		t.Fatal(out)
	}
	before, _ := os.ReadFile(f)
	out, ok := run(t, nil, "demo", "--db", f, "--no-ui")
	if ok || !strings.Contains(out, "pas été créé par « fichier demo »") {
		t.Errorf("demo on a real file: %v\n%s", ok, out)
	}
	if now, _ := os.ReadFile(f); !bytes.Equal(now, before) {
		t.Error("demo wrote to a real file")
	}
}

// A demo file without its responsable is one whose creation was killed
// before the end (the responsable is created last): demo makes it again.
func TestDemoCutShortIsRegenerated(t *testing.T) {
	cut := cutShortDemo(t)
	out, ok := run(t, []string{demoPassword}, "demo", "--db", cut, "--people", "50", "--no-ui")
	if !ok || !strings.Contains(out, "recréé") || !strings.Contains(out, "utilisateur: amartin") {
		t.Errorf("cut-short demo: %v\n%s", ok, out)
	}
}

// cutShortDemo kills a demo while it loads fiches.
func cutShortDemo(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "coupe.db")
	cmd := exec.Command(binary, "demo", "--db", f, "--people", "200000", "--no-ui")
	cmd.Env = append(os.Environ(), demoPassword)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(f); err == nil && st.Size() > 1<<20 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return f
}

// reset-password never takes $FICHIER_PASSWORD silently.
func TestResetPasswordEnvOnlyWhenAsked(t *testing.T) {
	db := demoCopy(t)
	env := []string{"FICHIER_PASSWORD=nouveau-mot-de-passe-1"}
	// Without the option, the variable is not used: the password is asked
	// (stdin is empty: the command stops, saying why it ignored it).
	out, ok := run(t, env, "reset-password", "--db", db, "amartin")
	if ok || !strings.Contains(out, "n'est pas utilisé ici") {
		t.Errorf("without --mot-de-passe-env: %v\n%s", ok, out)
	}
	out, ok = run(t, env, "reset-password", "--db", db, "--mot-de-passe-env", "amartin")
	if !ok || !strings.Contains(out, "pris dans $FICHIER_PASSWORD") {
		t.Errorf("with --mot-de-passe-env: %v\n%s", ok, out)
	}
	out, _ = run(t, nil, "reset-password", "--help")
	if !strings.Contains(out, "--mot-de-passe-env") || !strings.Contains(out, "$FICHIER_PASSWORD n'est pris") {
		t.Errorf("help: %s", out)
	}
}

// compact prints the file's real sizes: it never reports a growth.
func TestCompactCommandSizes(t *testing.T) {
	db := demoCopy(t)
	st, _ := os.Stat(db)
	out, ok := run(t, nil, "compact", "--db", db)
	now, _ := os.Stat(db)
	want := "(" + strconv.FormatInt(st.Size(), 10) + " → " + strconv.FormatInt(now.Size(), 10) + " octets)"
	if !ok || !strings.Contains(out, want) || now.Size() > st.Size() {
		t.Errorf("compact: %s (want %s)", out, want)
	}
}

// Text from a file, a fiche or a file name reaches the terminal stripped of
// control sequences, on every command: import's column names, file names
// with escapes, the rejects file's path, error messages quoting them.
func TestOutputHasNoControlSequences(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file names with ESC")
	}
	db := demoCopy(t)
	dir := t.TempDir()
	hostile := "x\x1b[2J\x1b]0;TITRE\x07y"
	in := filepath.Join(dir, "in"+hostile+".csv")
	csv := "Nom;Prénom;Hdr" + hostile + "\nDupont;Jean;1\n;;\n" + "Martin\x1b[31m;Zoé;2\n" + ";Sans nom;3\n"
	if err := os.WriteFile(in, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	runs := [][]string{
		{"import", "--db", db, "--user", "amartin", "--source", "essai" + hostile, "--unite", "Isère", "--rejets", filepath.Join(dir, "rejets"+hostile+".csv"), in},
		{"import", "--db", db, "--user", "amartin", "--source", "essai", "--dry-run", in},
		{"export", "--db", db, "--user", "amartin", "--query", "nom:martin", "--out", filepath.Join(dir, "out"+hostile+".csv")},
		{"export", "--db", db, "--user", "amartin" + hostile},
		{"backup", "--db", db, "--out", filepath.Join(dir, "s"+hostile+".db")},
		{"check", "--db", filepath.Join(dir, "absent"+hostile+".db")},
		{"check", "--db", db},
		{"reset-password", "--db", db, "--generer", "inconnu" + hostile},
		{"demo", "--db", filepath.Join(dir, "d"+hostile+".db"), "--people", "5", "--no-ui"},
		{"compact", "--db", filepath.Join(dir, "d"+hostile+".db")},
		{"recuperer", "--db", db, "--out", filepath.Join(dir, "r"+hostile+".db")},
		{"init", "--db", filepath.Join(dir, "i"+hostile+".db"), "--prenom", "A" + hostile, "--nom", "B"},
	}
	for _, args := range runs {
		out, _ := run(t, []string{"FICHIER_PASSWORD=demo-secret-123"}, args...)
		if strings.ContainsAny(out, "\x1b\x07\u009b") {
			t.Errorf("%s printed a control sequence: %q", args[0], out)
		}
	}
}
