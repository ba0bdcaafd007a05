package store

import (
	"fmt"
	"slices"
	"testing"

	"fichier/model"
)

func TestQueryHistoryPerAccountSurvivesReopen(t *testing.T) {
	w := newWorld(t)
	annie := w.user(t, "Annie", "Martin", w.fed.Path, model.RightWrite)
	bob := w.user(t, "Bob", "Durand", w.secA.Path, model.RightWrite)
	if h, err := w.st.QueryHistory(annie); err != nil || len(h) != 0 {
		t.Fatalf("empty history = %v, %v", h, err)
	}
	for _, q := range []string{"type:adh", "dupont", "  ", "quartié:x", "type:adh", "commune:eybens"} {
		if err := w.st.AddQueryHistory(annie, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.st.AddQueryHistory(bob, "martin"); err != nil {
		t.Fatal(err)
	}
	want := []string{"dupont", "type:adh", "commune:eybens"}
	if h, _ := w.st.QueryHistory(annie); !slices.Equal(h, want) {
		t.Fatalf("annie's history = %q, want %q (blank and invalid dropped, repeats moved last)", h, want)
	}
	if h, _ := w.st.QueryHistory(bob); !slices.Equal(h, []string{"martin"}) {
		t.Fatalf("bob's history = %q", h)
	}
	for i := range HistoryLimit + 5 {
		_ = w.st.AddQueryHistory(bob, fmt.Sprintf("dupont%d", i+1))
	}
	u, err := bob.User()
	if err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	st := openTest(t, w.path)
	sess, err := st.Login(u.Username, "correct-horse-battery")
	if err != nil {
		t.Fatal(err)
	}
	h, err := st.QueryHistory(sess)
	if err != nil || len(h) != HistoryLimit || h[0] != "dupont6" || h[len(h)-1] != fmt.Sprintf("dupont%d", HistoryLimit+5) {
		t.Fatalf("after reopening, bob's history = %q, %v", h, err)
	}
}
