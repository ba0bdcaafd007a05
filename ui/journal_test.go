package ui

import (
	"strings"
	"testing"
	"time"

	"fichier/model"
)

func TestJournalFilterAcceptsEveryKind(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, k := range model.ActionKinds {
		f, _, err := parseJournalFilter("type:"+string(k), now)
		if err != nil || f.Kind != k {
			t.Errorf("type:%s → %+v, %v", k, f, err)
		}
	}
	f, _, err := parseJournalFilter("type:import", now)
	if err != nil || f.Kind != model.KindImport {
		t.Fatalf("type:import → %+v, %v", f, err)
	}
	if _, _, err := parseJournalFilter("type:zzz", now); err == nil || !strings.Contains(err.Error(), "import") {
		t.Fatalf("the error must list import: %v", err)
	}
}
