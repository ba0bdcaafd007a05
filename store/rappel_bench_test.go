package store

import (
	"testing"

	"fichier/model"
)

// benchRound opens a copy of the 100k demo file with a round on every fiche
// with a phone, reopened so that the round is read back from the file.
func benchRound(b *testing.B) (*Store, model.RoundID, int) {
	path := copyFile(b, demoFile(b, 100_000))
	st, err := Open(path, testOptions())
	if err != nil {
		b.Fatal(err)
	}
	r, err := st.CreateRound(st.SystemSession("bench"), model.Round{Name: "Bench", Query: ""}, nil)
	if err != nil {
		b.Fatal(err)
	}
	info, _ := st.Round(st.SystemSession("bench"), r.ID)
	st.Close()
	if st, err = Open(path, testOptions()); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st, r.ID, info.Progress.Total
}

// BenchmarkNextTarget100k: a caller is given the next person of a 100k round
// (then gives them back, so the queue stays full).
func BenchmarkNextTarget100k(b *testing.B) {
	st, id, total := benchRound(b)
	sess := st.SystemSession("bench")
	if _, err := st.NextTarget(sess, id); err != nil { // loads the round
		b.Fatal(err)
	}
	st.ReleaseTarget(sess, id)
	for b.Loop() {
		a, err := st.NextTarget(sess, id)
		if err != nil || a.Person == 0 {
			b.Fatal(a, err)
		}
		st.ReleaseTarget(sess, id)
	}
	b.ReportMetric(float64(total), "targets")
}

// BenchmarkNextTargetCall100k: next person, then the call recorded (no
// answer: back after the cooldown) — one caller's step, commit included.
func BenchmarkNextTargetCall100k(b *testing.B) {
	st, id, _ := benchRound(b)
	sess := st.SystemSession("bench")
	for b.Loop() {
		a, err := st.NextTarget(sess, id)
		if err != nil || a.Person == 0 {
			b.Fatal(a, err)
		}
		if _, err := st.RecordCall(sess, model.Call{Round: id, Person: a.Person, Outcome: model.OutcomeNoAnswer}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundLoad100k: the first use of a 100k round after opening the
// file (its targets read into the queue).
func BenchmarkRoundLoad100k(b *testing.B) {
	st, id, _ := benchRound(b)
	sess := st.SystemSession("bench")
	for b.Loop() {
		st.rappel.mu.Lock()
		delete(st.rappel.queues, id)
		st.rappel.mu.Unlock()
		if _, err := st.NextTarget(sess, id); err != nil {
			b.Fatal(err)
		}
		st.ReleaseTarget(sess, id)
	}
}
