package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/model/demo"
	"fichier/store"
)

// Benchmarks (not run by `go test`): see docs/PERFORMANCE.md, section
// « Export et import (issue 5) ». Each reports the peak memory the Go
// runtime held during the operation (peak-MiB, store index included) and
// the process's peak resident size so far (hwm-MiB: run one benchmark per
// process, -benchtime 1x, for a meaningful figure).

// benchStore opens a private copy of the n-fiche demo file (exports write
// their journal entry).
func benchStore(b *testing.B, n int) *store.Store {
	b.Helper()
	src := storetest.DemoFile(b, n)
	dst := filepath.Join(b.TempDir(), "f.db")
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	in.Close()
	out.Close()
	return storetest.Open(b, dst)
}

// peakMeter samples the Go runtime's memory while an operation runs: the
// total it holds from the system (peak), and the live heap measured by
// each collection (what the operation keeps, without garbage awaiting
// collection: the figure that shows whether it streams).
type peakMeter struct {
	stop       chan struct{}
	done       sync.WaitGroup
	peak, live atomic.Uint64
	base, lb   uint64 // at the start, after a collection: the store and its index
}

func setMax(a *atomic.Uint64, v uint64) {
	for {
		old := a.Load()
		if v <= old || a.CompareAndSwap(old, v) {
			return
		}
	}
}

func startPeak() *peakMeter {
	runtime.GC()
	m := &peakMeter{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}, {Name: "/gc/heap/live:bytes"}}
	read := func() {
		metrics.Read(sample)
		setMax(&m.peak, sample[0].Value.Uint64()-sample[1].Value.Uint64())
		setMax(&m.live, sample[2].Value.Uint64())
	}
	read()
	m.base, m.lb = m.peak.Load(), m.live.Load()
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				read()
				return
			case <-t.C:
				read()
			}
		}
	}()
	return m
}

// end returns the peak, the part of it above the start (the operation's
// own memory and its garbage, without the store's index) and the largest
// live heap growth seen by a collection.
func (m *peakMeter) end() (peak, added, live float64) {
	close(m.stop)
	m.done.Wait()
	p := m.peak.Load()
	return float64(p) / (1 << 20), float64(p-m.base) / (1 << 20), float64(m.live.Load()-m.lb) / (1 << 20)
}

// hwm is the process's peak resident size (Linux), in MiB; 0 elsewhere.
func hwm() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

func benchExport(b *testing.B, n int, preset string, f Format) {
	st := benchStore(b, n)
	sess := st.SystemSession("bench")
	p, _ := PresetByName(preset)
	dir := b.TempDir()
	var peak, added, live float64
	var rows int
	var size int64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m := startPeak()
		plan, err := Prepare(st, sess, Request{Preset: p, Format: f, Force: true, Path: filepath.Join(dir, "e"+strconv.Itoa(i)+f.Ext())})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Write(context.Background(), st, sess, plan, nil)
		if err != nil {
			b.Fatal(err)
		}
		p, a, l := m.end()
		peak, added, live = max(peak, p), max(added, a), max(live, l)
		rows = res.Rows
		if fi, err := os.Stat(res.Path); err == nil {
			size = fi.Size()
		}
		os.Remove(res.Path)
	}
	b.ReportMetric(peak, "peak-MiB")
	b.ReportMetric(added, "added-MiB")
	b.ReportMetric(live, "live-MiB")
	b.ReportMetric(hwm(), "hwm-MiB")
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(size)/(1<<20), "file-MiB")
}

func BenchmarkExportXLSX10kComplet(b *testing.B) { benchExport(b, 10_000, "complet", XLSX) }
func BenchmarkExportXLSX100kRappel(b *testing.B) { benchExport(b, 100_000, "rappel", XLSX) }
func BenchmarkExportCSV100kComplet(b *testing.B) { benchExport(b, 100_000, "complet", CSV) }
func BenchmarkExportCSV100kRappel(b *testing.B)  { benchExport(b, 100_000, "rappel", CSV) }
func BenchmarkExportXLSX30kComplet(b *testing.B) { benchExport(b, 30_000, "complet", XLSX) }
func BenchmarkExportXLSX10kRappel(b *testing.B)  { benchExport(b, 10_000, "rappel", XLSX) }
func BenchmarkExportCSV10kComplet(b *testing.B)  { benchExport(b, 10_000, "complet", CSV) }
func BenchmarkExportCSV1MRappel(b *testing.B) {
	benchExportSkipUnlessLong(b, 1_000_000, "rappel", CSV)
}
func BenchmarkExportXLSX100kComplet(b *testing.B) {
	benchExportSkipUnlessLong(b, 100_000, "complet", XLSX)
}

func benchExportSkipUnlessLong(b *testing.B, n int, preset string, f Format) {
	if os.Getenv("FICHIER_LONG_BENCH") == "" {
		b.Skip("FICHIER_LONG_BENCH=1 pour ce banc (long)")
	}
	benchExport(b, n, preset, f)
}

// importCSVFile writes (once, cached in the temp directory) a CSV of n
// petition-like rows: names, email, mobile, postal code, commune; one row
// in 50 repeats an earlier one (a duplicate to merge).
func importCSVFile(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("fichier-bench-import-%d-v1.csv", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	g := demo.New(demo.Config{People: n, Seed: 7, Today: model.DateOf(storetest.Now)})
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("\uFEFFNom;Prénom;Courriel;Portable;Adresse;CP;Ville;Date de naissance\r\n")
	var earlier []string
	for i := 0; i < n; i++ {
		p, ok := g.Next()
		if !ok {
			break
		}
		line := strings.Join([]string{p.LastName, p.FirstName, p.Email, model.FormatPhone(p.Mobile), p.Address.Street, p.Address.PostalCode, p.Address.Commune, p.BirthDate.String()}, ";")
		if i%50 == 49 && len(earlier) > 0 {
			line = earlier[i%len(earlier)]
		}
		if i%97 == 0 {
			earlier = append(earlier, line)
		}
		w.WriteString(line + "\r\n")
	}
	w.Flush()
	f.Close()
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

func benchImport(b *testing.B, n int) {
	src := importCSVFile(b, n)
	var peak, added, live float64
	var rep store.ImportReport
	for b.Loop() {
		b.StopTimer()
		st := benchStore(b, 10_000) // a federation's file, to merge into and check against
		sess := st.SystemSession("bench")
		units, _ := st.Units(sess)
		var unit model.Org
		for _, u := range units {
			if u.Level == model.LevelSection {
				unit = u.Path
				break
			}
		}
		b.StartTimer()
		m := startPeak()
		in, err := Load(src)
		if err != nil {
			b.Fatal(err)
		}
		rep, err = Apply(st, sess, in, Options{Source: "Pétition banc", Unit: unit})
		if err != nil {
			b.Fatal(err)
		}
		p, a, l := m.end()
		peak, added, live = max(peak, p), max(added, a), max(live, l)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(peak, "peak-MiB")
	b.ReportMetric(added, "added-MiB")
	b.ReportMetric(live, "live-MiB")
	b.ReportMetric(hwm(), "hwm-MiB")
	b.ReportMetric(float64(rep.Created), "created")
	b.ReportMetric(float64(rep.Merged+rep.Unchanged), "merged")
	b.ReportMetric(float64(rep.Rejected), "rejected")
}

func BenchmarkImportCSV100k(b *testing.B) { benchImport(b, 100_000) }
func BenchmarkImportCSV10k(b *testing.B)  { benchImport(b, 10_000) }
