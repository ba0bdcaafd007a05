package store

import (
	"fichier/model/query"
	"runtime"
	"testing"
	"time"
)

func BenchmarkDbgMem(b *testing.B) {
	path := demoFile(b, 100_000)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	ta := ms.TotalAlloc
	t0 := time.Now()
	st, _ := Open(path, Options{ReadOnly: true})
	el := time.Since(t0)
	runtime.ReadMemStats(&ms)
	b.Logf("open %v totalalloc %d MiB heapsys %d inuse %d idle %d released %d numgc %d rss %.0f", el, (ms.TotalAlloc-ta)>>20, ms.HeapSys>>20, ms.HeapInuse>>20, ms.HeapIdle>>20, ms.HeapReleased>>20, ms.NumGC, procStatusMiB("VmRSS:"))
	t0 = time.Now()
	st.idx.text = buildTextIndex(st.idx.sorted)
	runtime.ReadMemStats(&ms)
	b.Logf("text %v totalalloc %d MiB heapsys %d inuse %d idle %d released %d numgc %d rss %.0f", time.Since(t0), (ms.TotalAlloc-ta)>>20, ms.HeapSys>>20, ms.HeapInuse>>20, ms.HeapIdle>>20, ms.HeapReleased>>20, ms.NumGC, procStatusMiB("VmRSS:"))
	st.Close()
}

func BenchmarkDbgBuildText(b *testing.B) {
	st, _ := Open(demoFile(b, 100_000), Options{ReadOnly: true})
	defer st.Close()
	for b.Loop() {
		buildTextIndex(st.idx.sorted)
	}
}

func BenchmarkDbgMartin(b *testing.B) {
	st, _ := Open(demoFile(b, 100_000), Options{ReadOnly: true})
	defer st.Close()
	for _, w := range []string{"martin", "ma", "mart"} {
		b.Run(w, func(b *testing.B) {
			q, _ := query.Parse(w)
			for b.Loop() {
				st.Search(st.SystemSession("bench"), q, SortName)
			}
		})
	}
}
