package ui

import (
	"errors"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// One load at a time: asked again while it runs, the loader loads once
// more after it answers, not meanwhile; a failed load goes to the app and
// shows nothing.
func TestLoaderRunsOneLoadAtATime(t *testing.T) {
	var l loader[int]
	s := &doublonsScreen{}
	runs := 0
	load := func() tea.Cmd { return l.ask(s, func() (int, error) { runs++; return runs, nil }) }
	first := load()
	if first == nil {
		t.Fatal("the first load did not start")
	}
	if load() != nil {
		t.Fatal("a second load started while the first ran")
	}
	var shown []int
	show := func(v int) { shown = append(shown, v) }
	again := l.answer(first().(reply[int]), show, load)
	if len(shown) != 1 || shown[0] != 1 {
		t.Fatalf("shown %v after the first answer", shown)
	}
	if again == nil {
		t.Fatal("the load asked meanwhile was dropped")
	}
	if l.answer(again().(reply[int]), show, load) != nil || len(shown) != 2 {
		t.Fatalf("after the owed load: shown %v", shown)
	}
	boom := errors.New("boom")
	failing := l.ask(s, func() (int, error) { return 0, boom })
	cmd := l.answer(failing().(reply[int]), show, load)
	if msg, ok := cmd().(ErrMsg); !ok || !errors.Is(msg.Err, boom) || len(shown) != 2 {
		t.Fatalf("a failed load: %#v, shown %v", cmd(), shown)
	}
}
