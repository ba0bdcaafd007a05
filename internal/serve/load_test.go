package serve

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fichier/model/query"
	"fichier/store"
)

// loadResult is what a load run measured.
type loadResult struct {
	latencies  []time.Duration // keystroke → its echo on the screen
	saved      []string        // notes tokens whose save was confirmed
	stale      int             // saves refused because another session saved first
	errors     []string
	perSession float64 // server heap per session, bytes
}

func (r *loadResult) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	s := slices.Clone(r.latencies)
	slices.Sort(s)
	return s[min(int(float64(len(s))*p), len(s)-1)]
}

// typingPause is the time between two keystrokes of a fast typist.
const typingPause = 80 * time.Millisecond

// readingPause is the time an organiser spends on a fiche after saving it.
const readingPause = time.Second

var loadWords = []string{"mar", "ber", "dup", "lau", "gar", "ro", "mo", "le", "fa", "pe"}

// runLoad opens n SSH sessions (half national, half section-scoped) on a
// file of people fiches; each types filters, opens a fiche, edits its notes
// and saves, until d has passed.
func runLoad(t testing.TB, people, n int, d time.Duration) *loadResult {
	f := newFixture(t, people, Config{})
	res := &loadResult{}
	var mu sync.Mutex
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		res.errors = append(res.errors, fmt.Sprintf(format, args...))
	}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	terms := make([]*term, n)
	for i := range terms {
		user := "amartin"
		if i%2 == 1 {
			user = "broux"
		}
		terms[i] = f.open(t, user)
	}
	for _, tm := range terms {
		tm.expect("Écrans")
		tm.markNow()
		tm.send("1")
		tm.expect("fiches")
	}
	time.Sleep(300 * time.Millisecond)
	for _, tm := range terms {
		tm.mu.Lock()
		tm.out.Reset()
		tm.mark = 0
		tm.mu.Unlock()
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	res.perSession = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)

	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i, tm := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			for round := 0; time.Now().Before(deadline); round++ {
				word := loadWords[(i+round)%len(loadWords)]
				tm.markNow()
				tm.send("/\x15") // filter bar, cleared
				if !tm.waitFor("/", 5*time.Second) {
					fail("session %d: no filter bar", i)
					return
				}
				for k := range word {
					tm.markNow()
					start := time.Now()
					tm.send(word[k : k+1])
					if !tm.waitFor(word[:k+1], 5*time.Second) {
						fail("session %d: %q not echoed", i, word[:k+1])
						return
					}
					lat = append(lat, time.Since(start))
					time.Sleep(typingPause)
				}
				time.Sleep(50 * time.Millisecond) // let the search land
				tm.markNow()
				tm.send("\r\r")                          // leave the bar, open the first fiche
				if !tm.waitFor("Créée", 5*time.Second) { // the fiche, loaded
					continue // nothing found in this scope: still on the list
				}
				tm.markNow()
				tm.send("e")
				if !tm.waitFor("Type de fiche", 5*time.Second) {
					fail("session %d: no form:\n%s", i, lastChars(tm.text(), 1500))
					return
				}
				token := fmt.Sprintf("charge-%d-%d", i, round)
				tm.markNow()
				tm.send("\x1b[Z " + token)
				if !tm.waitFor(token, 5*time.Second) {
					fail("session %d: notes not typed", i)
					return
				}
				// Save. Refused as stale (another session saved this fiche
				// first): abandon, as ctrl+r would let this session's notes
				// replace the other's (its choice, warned) and the check below
				// is that no confirmed save is lost.
				tm.markNow()
				tm.send("\x13")
				switch tm.waitAny(15*time.Second, "Fiche enregistrée", "entre-temps", "vient d'être modifiée") {
				case "Fiche enregistrée":
					mu.Lock()
					res.saved = append(res.saved, token)
					mu.Unlock()
				case "":
					fail("session %d: save not confirmed:\n%s", i, lastChars(tm.text(), 600))
					return
				default:
					mu.Lock()
					res.stale++
					mu.Unlock()
					left := false
					for range 10 { // esc is ignored while the refused save is still under way
						tm.markNow()
						tm.send("\x1b")
						if tm.waitFor("Abandonner", 2*time.Second) {
							tm.markNow()
							tm.send("o")
							left = tm.waitFor("Créée", 5*time.Second)
							break
						}
					}
					if !left {
						fail("session %d: could not leave the refused form", i)
						return
					}
				}
				time.Sleep(readingPause)
				tm.markNow()
				tm.send("\x1b")                                  // back to the list
				if !tm.waitFor("entrée ouvrir", 5*time.Second) { // the list's help line (its bar may hold a query)
					fail("session %d: not back on the list", i)
					return
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()

	// Every confirmed save is in the file.
	sys := f.st.SystemSession("test")
	q, _ := query.Parse("")
	all, _ := f.st.Search(sys, q, store.SortName)
	var notes strings.Builder
	for _, id := range all.IDs {
		p, err := f.st.Get(sys, id)
		if err == nil && strings.Contains(p.Notes, "charge-") {
			notes.WriteString(p.Notes + "\n")
		}
	}
	for _, tok := range res.saved {
		if !strings.Contains(notes.String(), tok) {
			fail("save %s confirmed but not in the file", tok)
		}
	}
	return res
}

// TestLoadShort: a short version of the load run, for the normal suite.
func TestLoadShort(t *testing.T) {
	if testing.Short() {
		t.Skip("load")
	}
	r := runLoad(t, 2000, 6, 3*time.Second)
	for _, e := range r.errors {
		t.Error(e)
	}
	if len(r.saved) == 0 {
		t.Error("no save went through")
	}
	t.Logf("%d keystrokes p50 %v p95 %v p99 %v; %d saves, %d refused as stale; %.1f KiB/session",
		len(r.latencies), r.pct(.5), r.pct(.95), r.pct(.99), len(r.saved), r.stale, r.perSession/1024)
}

// BenchmarkServeLoad100k: 20 sessions typing on a 100 000-fiche file for
// 20 s. go test ./internal/serve -run '^$' -bench ServeLoad -benchtime 1x
func BenchmarkServeLoad100k(b *testing.B) { benchLoad(b, 100_000) }

// BenchmarkServeLoad20k: the same on 20 000 fiches (a federation).
func BenchmarkServeLoad20k(b *testing.B) { benchLoad(b, 20_000) }

func benchLoad(b *testing.B, people int) {
	for range b.N {
		cpu0, start := processCPU(), time.Now()
		r := runLoad(b, people, 20, 20*time.Second)
		cpu := processCPU() - cpu0
		b.Logf("%d fiches, 20 sessions: %d keystrokes p50 %v p95 %v p99 %v; %d saves, %d stale; %.2f MiB heap/session; process CPU %v over %v (%.2f cores)",
			people, len(r.latencies), r.pct(.5), r.pct(.95), r.pct(.99), len(r.saved), r.stale, r.perSession/(1<<20),
			cpu.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), cpu.Seconds()/time.Since(start).Seconds())
		for _, e := range r.errors {
			b.Error(e)
		}
		b.ReportMetric(float64(r.pct(.5).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(r.pct(.95).Microseconds())/1000, "p95-ms")
		b.ReportMetric(float64(r.pct(.99).Microseconds())/1000, "p99-ms")
		b.ReportMetric(r.perSession/(1<<20), "MiB/session")
		b.ReportMetric(float64(len(r.saved)), "saves")
	}
}
