package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
)

// The traps of a volunteer's keyboard (issue 10): each test presses the
// keys that used to lose work.

// running fails if the program has ended.
func (d *appDriver) running() {
	d.t.Helper()
	if d.app.quitting {
		d.t.Fatal("the app quit")
	}
}

func TestTypingInTheListSearchesAndNeverQuits(t *testing.T) {
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	// Typing a name without / searches: the n of "dupont" does not open
	// a new fiche, the q of "quartier" does not quit.
	d.typeText("dupont")
	d.waitFor("1 / 5 fiches")
	scr := d.screen()
	screenHas(t, scr, "dupont", "DUPONT-MARTIN Émilie")
	screenLacks(t, scr, "Nouvelle fiche")
	d.press("ctrl+u")
	d.waitFor("5 / 5 fiches")
	d.press("esc")
	d.typeText("quartier:villeneuve")
	d.waitFor("0 / 5 fiches")
	d.running()
	screenHas(t, d.screen(), "quartier:villeneuve")
	// Digits search too (postal codes), they do not leave the list.
	d.press("ctrl+u", "esc")
	d.typeText("38130")
	d.waitFor("Fiches · /38130")
	d.running()
	d.quitWithCtrlC()
}

func TestQuitsOnOneLetterOnlyFromHome(t *testing.T) {
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("enter")
	d.waitFor("BENALI")
	d.waitFor("Organisation")
	d.press("q")
	d.press("?")
	d.waitFor("fermer l'aide")
	d.running()
	d.press("esc")
	scr := d.screen()
	screenHas(t, scr, "Samira")
	screenLacks(t, scr, "q quitter")
	d.press("esc")
	d.waitFor("5 / 5 fiches")
	d.press("esc")
	d.waitFor("À traiter", "q quitter")
	d.press("q")
	d.tm.WaitFinished(d.t, teatest.WithFinalTimeout(time.Second))
}

func TestEscKeepsTheQueryAndTheHistorySurvivesARestart(t *testing.T) {
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("/")
	d.typeText("type:adh")
	d.waitFor("3 / 5 fiches")
	d.press("esc") // leaves the bar, keeps the query
	d.waitFor("^u effacer")
	screenHas(t, d.screen(), "3 / 5 fiches", "type:adh")
	d.press("down")
	d.waitFor("▸ DUPONT-MARTIN")
	screenHas(t, d.screen(), "3 / 5 fiches")
	d.press("ctrl+u") // clearing is explicit
	d.waitFor("5 / 5 fiches")
	d.typeText("roux")
	d.waitFor("1 / 5 fiches")
	d.press("enter") // leaves the bar: the query goes into the history
	d.press("enter")
	d.waitFor("Organisation")
	d.quitWithCtrlC()

	// Another session of the same account, after a restart.
	d = startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("/", "up")
	d.waitFor("1 / 5 fiches")
	screenHas(t, d.screen(), "/ roux")
	d.press("up")
	d.waitFor("3 / 5 fiches")
	screenHas(t, d.screen(), "/ type:adh")
	d.press("down")
	d.waitFor("1 / 5 fiches")
	d.press("down") // past the newest: back to what was typed (nothing)
	d.waitFor("5 / 5 fiches")
	d.quitWithCtrlC()
}

// quitWithCtrlC leaves the app from any screen.
func (d *appDriver) quitWithCtrlC() {
	d.t.Helper()
	d.press("ctrl+c")
	d.tm.WaitFinished(d.t, teatest.WithFinalTimeout(time.Second))
}

var _ = strings.Contains
