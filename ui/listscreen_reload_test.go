package ui

import (
	"errors"
	"testing"

	"fichier/store"
)

// A change committed while a read runs is read again when that read
// answers, even when it failed: the list does not stay on the error.
func TestStoreListReadsAgainAfterAFailedRead(t *testing.T) {
	w := newAppWorld(t, true)
	c := sessionCommon(t, w.st, w.session(t))
	reads := 0
	l := newStoreList(c, nil, 1, func(*store.Store, *store.Session) ([]string, error) {
		reads++
		if reads == 1 {
			return nil, errors.New("lecture impossible")
		}
		return []string{"une ligne"}, nil
	})
	first := l.load()
	if cmd, _ := l.update(StoreEventMsg{}); cmd != nil {
		t.Fatal("a second read started while the first runs")
	}
	cmd, _ := l.update(first())
	if l.err == "" {
		t.Fatal("the failed read is not shown")
	}
	for _, msg := range cmdMsgs(cmd) {
		l.update(msg)
	}
	if reads != 2 || l.err != "" || len(l.rows) != 1 {
		t.Fatalf("after the change: %d reads, error %q, %d rows", reads, l.err, len(l.rows))
	}
}
