package ui

import (
	"strings"
	"testing"
)

// esc leaves a form at once when nothing was typed (a name shown to be
// changed is not typed); over typed text it asks first: n or esc keep
// typing, another key withdraws the question and is typed, o abandons.
func TestDialogFormEscAsksBeforeDroppingTyped(t *testing.T) {
	st := testStyles()
	name := newInput(st, "", 20)
	name.SetValue("Isère")
	f := newDialogForm(10, dialogField{label: "Nom", input: name})
	esc := func() (leave, used bool) {
		msg, _ := keyMsgFor("esc")
		return f.escape(msg)
	}
	answer := func(k string) (leave, used bool) {
		msg, _ := keyMsgFor(k)
		return f.escape(msg)
	}
	if leave, used := esc(); !leave || !used {
		t.Fatalf("nothing typed: esc gave leave=%v used=%v", leave, used)
	}
	pressForm(&f, "x")
	if !f.changed() {
		t.Fatal("typed text not seen as a change")
	}
	if leave, used := esc(); leave || !used {
		t.Fatalf("typed: esc gave leave=%v used=%v", leave, used)
	}
	if !strings.Contains(strings.Join(f.lines(st), "\n"), "Abandonner ce qui est tapé ?") {
		t.Fatal("the question is not shown")
	}
	for _, k := range []string{"n", "esc"} {
		if leave, used := answer(k); leave || !used {
			t.Fatalf("%s: leave=%v used=%v", k, leave, used)
		}
		if f.leaving || f.value(0) != "Isèrex" {
			t.Fatalf("after %s: leaving=%v value %q", k, f.leaving, f.value(0))
		}
		esc()
	}
	if leave, used := answer("y"); !leave || !used {
		t.Fatalf("y: leave=%v used=%v", leave, used)
	}
	esc()
	if _, used := answer("z"); used || f.leaving {
		t.Fatalf("another key: used=%v, still asking=%v", used, f.leaving)
	}
	esc()
	if leave, _ := answer("o"); !leave {
		t.Fatal("o did not abandon")
	}
}

// In the Structure screen, a unit's name typed is not lost to one esc nor
// to a screen key; o abandons it.
func TestStructureEscKeepsTypedName(t *testing.T) {
	w := newAppWorld(t, true)
	d := startLoggedIn(t, w.st, w.session(t), 80, 24)
	d.open("7", "Sud-Grenoblois")
	d.open("n", "Nouvelle fédération")
	d.typeText("Savoie")
	d.waitScreen("▸ Nom      Savoie")
	d.open("esc", "Abandonner ce qui est tapé ?", "o abandonner")
	d.press("n")
	d.waitScreen("▸ Nom      Savoie")
	screenLacks(t, d.screen(), "Abandonner ce qui est tapé ?")
	d.open("f1", "modifications non enregistrées")
	screenHas(t, d.screen(), "▸ Nom      Savoie")
	d.press("esc", "o")
	d.waitScreen("Sud-Grenoblois")
	screenLacks(t, d.screen(), "Nouvelle fédération", "Savoie")
}

// « Mon compte »: passwords typed are not lost to one esc.
func TestAccountEscKeepsTypedPassword(t *testing.T) {
	_, d := startHome(t)
	d.open("0", "Mon compte")
	d.open("p", "Mot de passe actuel")
	d.typeText("secret")
	d.open("esc", "Abandonner ce qui est tapé ?")
	screenHas(t, d.screen(), "Mot de passe actuel")
	d.press("esc")
	d.waitScreen("Nouveau mot de passe")
	screenLacks(t, d.screen(), "Abandonner ce qui est tapé ?")
	d.press("esc", "o")
	d.waitScreen("p changer mon mot de passe")
	screenLacks(t, d.screen(), "Mot de passe actuel")
}

// The quick entry of cotisations is a form that is the whole screen: a
// half-typed line survives one esc; « o » leaves.
func TestQuickDuesEscKeepsTypedLine(t *testing.T) {
	w := newAppWorld(t, true)
	d := openQuickDues(t, w, 80, 24)
	d.typeText("Benali")
	d.escKeeps([]string{"Saisie rapide des cotisations", "Benali"}, "Cotisations détaillées")
	screenLacks(t, d.screen(), "Saisie rapide des cotisations")
}

// A payment typed on an adherent's cotisations screen survives one esc.
func TestPaymentFormEscKeepsTypedAmount(t *testing.T) {
	w := newAppWorld(t, true)
	d := openBenaliCotisations(t, w, w.session(t), 80, 24)
	d.open("n", "Montant")
	d.typeText("12")
	d.escKeeps([]string{"Montant", "12"}, "n nouveau versement")
	screenLacks(t, d.screen(), "Abandonner ce qui est tapé ?")
}
