package peer

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"fichier/internal/storetest"
	"fichier/model/query"
	"fichier/store"
)

// ftsPeer is an in-memory SQLite database holding, for every fiche a search
// can return, the words free words match (name, first name, commune) in an
// FTS5 table with prefix indexes, rowid = the fiche's rank by name (so that
// rowid order is fichier's order).
func ftsPeer(b *testing.B, st *store.Store) (*sql.DB, *sql.Stmt) {
	b.Helper()
	sys := st.SystemSession("bench")
	all, err := st.Search(sys, nil, store.SortName)
	if err != nil {
		b.Fatal(err)
	}
	people, err := st.Peek(sys, all.IDs)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1) // one in-memory database
	if _, err := db.Exec(`CREATE VIRTUAL TABLE people USING fts5(name, commune,
		tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.Prepare(`INSERT INTO people(rowid, name, commune) VALUES (?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for i, p := range people {
		if _, err := ins.Exec(i, p.LastName+" "+p.FirstName, p.Address.Commune); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	stmt, err := db.Prepare(`SELECT rowid FROM people WHERE people MATCH ?`)
	if err != nil {
		b.Fatal(err)
	}
	return db, stmt
}

func ftsSearch(b *testing.B, stmt *sql.Stmt, word string) int {
	rows, err := stmt.Query(`"` + strings.ReplaceAll(word, `"`, `""`) + `"*`)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	var id int64
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Close(); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkFreeWordVsFTS5 times, in the same loop and so in the same
// conditions, fichier's Store.Search (parse, bind, index, IDs in name order,
// a fresh session: nothing remembered) and FTS5's prefix query returning its
// rowids, for free words typed in the filter bar. Metrics: fichier-µs and
// fts5-µs per query, and their ratio (fichier / FTS5).
func BenchmarkFreeWordVsFTS5(b *testing.B) {
	st, err := store.Open(storetest.DemoFile(b, 100_000), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	db, stmt := ftsPeer(b, st)
	defer db.Close()
	for _, w := range []string{"dupont", "martin", "dup", "ma", "d", "grenoble"} {
		b.Run(w, func(b *testing.B) {
			q, err := query.Parse(w)
			if err != nil {
				b.Fatal(err)
			}
			var ours, theirs time.Duration
			var hits, ftsHits int
			for b.Loop() {
				start := time.Now()
				res, err := st.Search(st.SystemSession("bench"), q, store.SortName)
				if err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				ftsHits = ftsSearch(b, stmt, w)
				ours, theirs = ours+mid.Sub(start), theirs+time.Since(mid)
				hits = len(res.IDs)
			}
			if hits != ftsHits {
				b.Errorf("%s: fichier %d hits, FTS5 %d", w, hits, ftsHits)
			}
			n := float64(b.N)
			b.ReportMetric(float64(hits), "hits")
			b.ReportMetric(float64(ours.Microseconds())/n, "fichier-µs")
			b.ReportMetric(float64(theirs.Microseconds())/n, "fts5-µs")
			b.ReportMetric(float64(ours)/float64(theirs), "ratio")
		})
	}
}
