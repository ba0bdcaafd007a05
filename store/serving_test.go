package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// While `fichier serve` holds the file, another opening says so with the
// ssh line; without the note it is the plain "in use" message.
func TestOpenWhileServed(t *testing.T) {
	w := newWorld(t)
	opt := testOptions()
	opt.Timeout = 100 * time.Millisecond
	_, err := Open(w.path, opt)
	if !errors.Is(err, ErrInUse) || strings.Contains(err.Error(), "ssh") {
		t.Fatalf("plain lock: %v", err)
	}
	if err := WriteServeInfo(w.path, "ssh -p 2222 VOTRE-IDENTIFIANT@machine"); err != nil {
		t.Fatal(err)
	}
	_, err = Open(w.path, opt)
	var served *ServedError
	if !errors.Is(err, ErrInUse) || !errors.As(err, &served) || !strings.Contains(err.Error(), "fichier serve") || !strings.Contains(err.Error(), "ssh -p 2222 VOTRE-IDENTIFIANT@machine") {
		t.Fatalf("served: %v", err)
	}
	if err := RemoveServeInfo(w.path); err != nil {
		t.Fatal(err)
	}
}
