// Package peer measures fichier's search side by side with the index a
// developer would otherwise pick: SQLite's FTS5 full-text index with prefix
// indexes (modernc.org/sqlite, pure Go), on the same rows, in one benchmark
// run. It is its own module so that the app does not depend on SQLite; run
// it from this directory (docs/PERFORMANCE.md).
package peer
