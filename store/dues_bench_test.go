package store

import (
	"testing"

	"fichier/model"
	"fichier/model/query"
)

// openDemo100k opens the 100k demo file read-only, on the tests' day (its
// dues are dated by it); it is closed at the end of the benchmark.
func openDemo100k(b *testing.B) *Store {
	b.Helper()
	st, err := Open(demoFile(b, 100_000), Options{ReadOnly: true, Now: testOptions().Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkDuesReport100k is a federation's yearly report over the 100k
// demo file and its payments (issue 12: ≤ 1 s).
func BenchmarkDuesReport100k(b *testing.B) {
	st := openDemo100k(b)
	sys := st.SystemSession("bench")
	from, to := YearPeriod(2026)
	var r *model.DuesReport
	var err error
	for b.Loop() {
		if r, err = st.DuesReport(sys, from, to); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Total.Cotisants), "cotisants")
}

// BenchmarkDuesStatus100k is the cost the dues status adds to a search at
// 100k (issue 12: ≤ 1 ms): a scan of every row as Search does it, without
// and with the status of each row (the difference is the cost).
func BenchmarkDuesStatus100k(b *testing.B) {
	st := openDemo100k(b)
	scope := model.Org{}
	for _, withStatus := range []bool{false, true} {
		name := "scan"
		if withStatus {
			name = "scan+statut"
		}
		b.Run(name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = 0
				rules := st.duesRules()
				st.idx.mu.RLock()
				for _, e := range st.idx.sorted {
					if !scope.Contains(e.Org) || e.Archived {
						continue
					}
					if withStatus && rules.of(e).Behind() {
						n++
					}
				}
				st.idx.mu.RUnlock()
			}
			b.ReportMetric(float64(n), "behind")
		})
	}
}

// BenchmarkSearchDues100k is a search on the computed dues status over the
// 100k demo file (the status is computed for every row the scan reaches).
func BenchmarkSearchDues100k(b *testing.B) {
	st := openDemo100k(b)
	sys := st.SystemSession("bench")
	for _, text := range []string{"type:adh", "cotisation:retard", "retard:>3 section:sud", "cotisé:2026"} {
		q, err := query.Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(text, func(b *testing.B) {
			var res Result
			for b.Loop() {
				sys.rememberSearch(searchMemo{}) // no narrowing from the previous run
				if res, err = st.Search(sys, q, SortName); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.IDs)), "hits")
		})
	}
}

// BenchmarkStatements100k is the yearly statements of the whole 100k demo
// file (every adherent who paid in 2026): the data behind the financing
// association's list and the attestations.
func BenchmarkStatements100k(b *testing.B) {
	st := openDemo100k(b)
	sys := st.SystemSession("bench")
	var lines []StatementLine
	var err error
	for b.Loop() {
		if lines, err = st.Statements(sys, 2026); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(lines)), "attestations")
}
