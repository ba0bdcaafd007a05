package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"

	"fichier/model"
	"fichier/model/demo"
	"fichier/model/query"
)

// demoFile returns the path of a generated demo file with n people, built
// once per machine in the temp dir and reused by later benchmark runs.
func demoFile(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("fichier-bench-%d-v%d.db", n, SchemaVersion))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	st, err := Open(tmp, testOptions())
	if err != nil {
		b.Fatal(err)
	}
	g := demo.New(demo.Config{People: n, Seed: 1, Today: model.DateOf(fixedNow)})
	if _, err := st.LoadDemo(st.SystemSession("bench"), g.Units(), g.Next, nil); err != nil {
		b.Fatal(err)
	}
	if _, err := st.LoadDemoDues(st.SystemSession("bench"), g.Payments); err != nil {
		b.Fatal(err)
	}
	st.Close()
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// copyFile gives each write benchmark its own file.
func copyFile(b *testing.B, src string) string {
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	dst := filepath.Join(b.TempDir(), "f.db")
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkOpen100k times Open (Close, which waits for what the open left
// to finish in the background, is not timed). It also reports the CPU time
// of an open and its close (cpu-ms/op: user and system time of the
// process), the figure that holds when other work shares the machine.
func BenchmarkOpen100k(b *testing.B) {
	path := demoFile(b, 100_000)
	cpu := cpuMillis()
	for b.Loop() {
		st, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric((cpuMillis()-cpu)/float64(b.N), "cpu-ms/op")
}

var benchQueries = []string{
	"",
	"dupont",
	"type:adh quartier:villeneuve",
	"type:adhérent intérêt:santé -courriel:",
	"âge:30-45 commune:échirolles",
	"cellule: type:adh section:sud",
}

func benchSearch(b *testing.B, n int) {
	st, err := Open(demoFile(b, n), Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, qs := range benchQueries {
		b.Run(strconv.Quote(qs), func(b *testing.B) {
			var hits int
			for b.Loop() {
				q, err := query.Parse(qs)
				if err != nil {
					b.Fatal(err)
				}
				// A fresh session each time: no previous search to narrow.
				res, err := st.Search(st.SystemSession("bench"), q, SortName)
				if err != nil {
					b.Fatal(err)
				}
				hits = len(res.IDs)
			}
			b.ReportMetric(float64(hits), "hits")
		})
	}
}

func BenchmarkSearch100k(b *testing.B) { benchSearch(b, 100_000) }
func BenchmarkSearch1M(b *testing.B)   { benchSearch(b, 1_000_000) }

// BenchmarkSaveOne is one fiche edit committed with fsync and its audit entry.
func BenchmarkSaveOne(b *testing.B) {
	path := copyFile(b, demoFile(b, 100_000))
	opt := testOptions()
	opt.NoSync = false
	st, err := Open(path, opt)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	sys := st.SystemSession("bench")
	p, err := st.Get(sys, 500)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		p.Notes = "note " + strconv.Itoa(i)
		i++
		if p, err = st.Update(sys, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemory100k reports the heap and resident memory with 100k fiches
// loaded, and the process's peak (run it alone: a process never gives back
// what an earlier, bigger benchmark took).
func BenchmarkMemory100k(b *testing.B) { benchMemory(b, 100_000) }

// BenchmarkMemory1M is the same at 1M fiches (run it alone too).
func BenchmarkMemory1M(b *testing.B) { benchMemory(b, 1_000_000) }

func benchMemory(b *testing.B, n int) {
	path := demoFile(b, n)
	for b.Loop() {
		runtime.GC()
		debug.FreeOSMemory()
		st, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		sys := st.SystemSession("bench")
		for _, qs := range benchQueries {
			q, _ := query.Parse(qs)
			st.Search(sys, q, SortName)
		}
		st.idx.text.waitIdle() // the build's garbage given back
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "MiB-heap")
		b.ReportMetric(procStatusMiB("VmRSS:"), "MiB-RSS")
		b.ReportMetric(procStatusMiB("RssFile:"), "MiB-RSS-file")
		b.ReportMetric(procStatusMiB("VmHWM:"), "MiB-HWM")
		st.Close()
	}
}

func procStatusMiB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

var samplePerson = sync.OnceValue(func() model.Person {
	g := demo.New(demo.Config{People: 10, Seed: 3, Today: model.DateOf(fixedNow)})
	var p model.Person
	for i := 0; i < 10; i++ { // a well-filled one
		q, _ := g.Next()
		if len(q.Interests) > len(p.Interests) || p.LastName == "" {
			p = q
		}
	}
	p.ID = 42
	return p
})

// The codec benchmarks compare the binary codec the store uses with JSON.
func BenchmarkCodecBinaryEncode(b *testing.B) {
	p := samplePerson()
	var buf []byte
	for b.Loop() {
		buf = encodePerson(buf[:0], &p)
	}
	b.ReportMetric(float64(len(buf)), "bytes")
}

func BenchmarkCodecBinaryDecode(b *testing.B) {
	p := samplePerson()
	data := encodePerson(nil, &p)
	in := interner{}
	for b.Loop() {
		if _, err := decodePerson(p.ID, data, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecJSONEncode(b *testing.B) {
	p := samplePerson()
	var data []byte
	for b.Loop() {
		data, _ = json.Marshal(&p)
	}
	b.ReportMetric(float64(len(data)), "bytes")
}

func BenchmarkCodecJSONDecode(b *testing.B) {
	p := samplePerson()
	data, _ := json.Marshal(&p)
	for b.Loop() {
		var q model.Person
		if err := json.Unmarshal(data, &q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildTextIndex100k is the inverted index's part of an open
// (cpu-ms/op as in BenchmarkOpen100k).
func BenchmarkBuildTextIndex100k(b *testing.B) {
	st, err := Open(demoFile(b, 100_000), Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cpu := cpuMillis()
	for b.Loop() {
		buildTextIndex(st.idx.sorted, nil).waitIdle()
	}
	b.ReportMetric((cpuMillis()-cpu)/float64(b.N), "cpu-ms/op")
}
