package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// quickSurnames are the adherents a treasurer enters after a meeting.
var quickSurnames = []string{"Arnaud", "Barbier", "Chevalier", "Duval", "Etienne", "Fabre", "Garnier", "Hoarau", "Imbert", "Joly",
	"Klein", "Lacroix", "Marchand", "Noel", "Olivier", "Perrin", "Quentin", "Renaud", "Schmitt", "Tessier"}

// TestQuickEntryTwentyPayments: a section treasurer enters a meeting's 20
// payments with the quick entry, sees the running total, undoes the last
// line; the store holds exactly what was typed.
func TestQuickEntryTwentyPayments(t *testing.T) {
	w := newAppWorld(t, true)
	ids := map[string]model.PersonID{}
	for _, name := range quickSurnames {
		p := w.addPerson(t, model.Person{Kind: model.KindAdherent, FirstName: "Jean", LastName: name, Org: w.cellE.Path})
		ids[name] = p.ID
	}
	d := openQuickDues(t, w, 80, 24)
	var want model.Cents
	for i, name := range quickSurnames {
		d.typeText(strings.ToLower(name[:4]))
		d.waitScreen("▸ " + strings.ToUpper(name) + " Jean")
		d.press("enter")
		amount := fmt.Sprintf("%d,50", 10+i)
		d.typeText(amount)
		d.press("enter")
		if i == 0 {
			d.typeText("ch")
		}
		d.press("enter")
		want += model.Cents(1000+100*i) + 50
		d.waitScreen(fmt.Sprintf("%d %s · total %s", i+1, plural(i+1, "versement", "versements"), model.FormatCents(want)))
		if i == 0 {
			screenHas(t, d.screen(), "ARNAUD Jean", "10,50 €", "chèque")
			appCheckFits(t, d.screen(), 80, 24)
		}
	}
	// Every payment is in the store, for the right adherent.
	for i, name := range quickSurnames {
		list, err := w.st.Payments(w.sys, ids[name])
		if err != nil || len(list) != 1 || list[0].Cents != model.Cents(1000+100*i)+50 || list[0].Mode != model.ModeCheque {
			t.Fatalf("%s: %v %+v", name, err, list)
		}
	}
	// Undo the last line: a counter-entry, the total goes down.
	d.press("ctrl+z")
	want -= 2950
	d.waitScreen("19 versements · total "+model.FormatCents(want), "annulée")
	if list, _ := w.st.Payments(w.sys, ids["Tessier"]); len(list) != 2 || list[1].Cancels != list[0].ID {
		t.Errorf("undo: %+v", list)
	}
	// A contact is not found; a typo says so.
	d.typeText("morel")
	d.waitScreen("aucun adhérent ne correspond")
	d.press("esc")
}

func TestCotisationsScreenRecordCancelAndContribution(t *testing.T) {
	w := newAppWorld(t, true)
	d := openBenaliCotisations(t, w, w.session(t), 80, 24, "Situation à jour", "120,00 €", "année 2026", "chèque")
	appCheckFits(t, d.screen(), 80, 24)
	// A payment: amount refused, then right.
	d.press("n")
	d.waitScreen("Nouveau versement")
	d.typeText("0")
	d.press("enter")
	d.waitScreen("montant nul refusé")
	d.press("backspace")
	d.typeText("15")
	d.press("tab")
	d.typeText("esp")
	d.press("tab", "tab", "tab")
	d.typeText("reçu 12")
	d.press("enter")
	d.waitScreen("15,00 €", "espèces", "reçu 12")
	// The newest is first: cancel it.
	d.press("a")
	d.waitScreen("Contre-passer ce versement ?")
	d.press("o")
	d.waitScreen("contre-passation", "(contre-passé) reçu 12", "-15,00 €")
	list, _ := w.st.Payments(w.sys, w.idOf(t, "Benali"))
	if len(list) != 3 || list[2].Cancels != list[1].ID {
		t.Fatalf("payments %+v", list)
	}
	// The agreed contribution.
	d.open("v", "montant convenu par période")
	d.typeText("12,5")
	d.press("tab")
	d.typeText("m")
	d.press("enter")
	d.waitScreen("Cotisation convenue 12,50 €, mensuel")
	if p, _ := w.st.Get(w.sys, w.idOf(t, "Benali")); p.Contribution != (model.Contribution{Cents: 1250, Rhythm: model.RhythmMensuel}) {
		t.Errorf("contribution %+v", p.Contribution)
	}
	// Back to the list: the column; the fiche shows the status too.
	d.press("esc")
	d.waitScreen("Cotis.", "-11 m")
	d.press("enter")
	d.waitScreen("Cotisation", "à jour · convenue 12,50 €, mensuel")
	d.press("c")
	d.waitScreen("Cotisations · Samira BENALI")
}

func TestCotisationsReadOnlySeesButCannotRecord(t *testing.T) {
	w := newAppWorld(t, true)
	d := openBenaliCotisations(t, w, w.readOnlySession(t), 80, 24, "120,00 €")
	d.press("n")
	d.waitScreen("n'a pas le droit de saisir")
	screenLacks(t, d.screen(), "Nouveau versement")
}

func TestDuesReportScreen(t *testing.T) {
	w := newAppWorld(t, true)
	d := openDues(t, w, w.session(t), 80, 24, "Cotisations détaillées · 2026", "Sud-Grenoblois", "180,00 €", "50,00 €", "Total")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("enter")
	d.waitScreen("▾ Sud-Grenoblois", "Échirolles", "sans cellule", "chèque 120,00 €", "cartes 2026 remises : 0 / 3")
	d.press("left")
	d.waitScreen("Cotisations détaillées · 2025", "50,00 €")
	for _, size := range [][2]int{{60, 20}, {100, 30}} {
		d.tm.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		appCheckFits(t, d.screen(), size[0], size[1])
	}
}

// openDues starts the app for sess at width×height and opens screen 4,
// « Cotisations détaillées », waiting for texts.
func openDues(t *testing.T, w *appWorld, sess *store.Session, width, height int, texts ...string) *appDriver {
	t.Helper()
	d := startApp(t, w.st, sess, width, height)
	d.waitFor("adhérents")
	d.press("4")
	d.waitScreen(append([]string{"Cotisations détaillées"}, texts...)...)
	return d
}

// openQuickDues opens the quick entry from screen 4.
func openQuickDues(t *testing.T, w *appWorld, width, height int) *appDriver {
	t.Helper()
	d := openDues(t, w, w.session(t), width, height)
	d.press("r")
	d.waitScreen("Saisie rapide des cotisations", "0 versement")
	return d
}

// openDuesSettings opens, as a federation treasurer (Émilie Dupont-Martin),
// the dues settings of screen 4.
func openDuesSettings(t *testing.T, w *appWorld, width, height int) *appDriver {
	t.Helper()
	_, sess := w.responsable(t, "Dupont-Martin", w.fed.Path, model.RightCotisations)
	d := openDues(t, w, sess, width, height, "délai de grâce 2 mois")
	d.press("d")
	d.waitScreen("Délai de grâce")
	return d
}

// onBenali starts the app for sess at width×height, opens the list and
// presses key (a control key: in the list, letters search) on its first
// fiche, Samira Benali's.
func onBenali(t *testing.T, w *appWorld, sess *store.Session, width, height int, key string) *appDriver {
	t.Helper()
	d := startApp(t, w.st, sess, width, height)
	d.waitFor("adhérents")
	d.press("1")
	d.waitFor("BENALI Samira")
	d.press(key)
	return d
}

// openBenaliCotisations opens Samira Benali's cotisations from the list,
// waiting for texts.
func openBenaliCotisations(t *testing.T, w *appWorld, sess *store.Session, width, height int, texts ...string) *appDriver {
	t.Helper()
	d := onBenali(t, w, sess, width, height, "ctrl+d")
	d.waitScreen(append([]string{"Cotisations · Samira BENALI"}, texts...)...)
	return d
}

// readOnlySession is Marc Roux appointed "lecture seule" on the section.
func (w *appWorld) readOnlySession(t *testing.T) *store.Session {
	t.Helper()
	_, sess := w.responsable(t, "Roux", w.sec.Path, model.ReadOnly)
	return sess
}

func TestCotisationsScreensFitSmallTerminals(t *testing.T) {
	w := newAppWorld(t, true)
	for _, size := range [][2]int{{60, 20}, {80, 24}} {
		d := openBenaliCotisations(t, w, w.session(t), size[0], size[1])
		appCheckFits(t, d.screen(), size[0], size[1])
		d.press("n")
		d.waitScreen("Nouveau versement")
		appCheckFits(t, d.screen(), size[0], size[1])
		d.press("esc", "esc", "esc", "f4") // f4: a digit in the list would search
		d.waitScreen("Cotisations détaillées")
		appCheckFits(t, d.screen(), size[0], size[1])
		d.press("r")
		d.waitScreen("Saisie rapide")
		d.typeText("b")
		d.waitScreen("▸ BENALI Samira")
		appCheckFits(t, d.screen(), size[0], size[1])
	}
}

func TestDuesGraceSetByTheFederation(t *testing.T) {
	w := newAppWorld(t, true)
	d := openDuesSettings(t, w, 80, 24)
	d.press("backspace")
	d.typeText("99")
	d.press("enter")
	d.waitScreen("un nombre de mois de 0 à 12")
	d.press("backspace", "backspace")
	d.typeText("12")
	d.press("enter")
	d.waitScreen("délai de grâce 12 mois")
	if g := w.st.DuesGrace(w.fed.Path); g != 12 {
		t.Errorf("grace %d", g)
	}
	// Marc Roux, 11 months behind, is within the grace now.
	d.press("esc")
	d.waitScreen("0 adhérent en retard de cotisation")
}

func TestDuesReportOverATypedPeriod(t *testing.T) {
	w := newAppWorld(t, true)
	d := openDues(t, w, w.session(t), 80, 24, "180,00 €")
	d.press("p")
	d.waitScreen("Du", "Au", "01/01/2026")
	for range 10 {
		d.press("backspace")
	}
	d.typeText("01/02/2026")
	d.press("enter")
	d.waitScreen("Cotisations détaillées · du 01/02/2026 au 31/12/2026", "1 cotisant · 60,00 €")
	screenLacks(t, d.screen(), "180,00 €")
	d.press("p", "tab")
	for range 10 {
		d.press("backspace")
	}
	d.typeText("3l/01/2026")
	d.press("enter")
	d.waitScreen("fin : attendu jj/mm/aaaa")
	d.press("esc") // asks before dropping what was typed
	d.waitScreen("Abandonner ce qui est tapé ?")
	d.press("o") // leaves the form; the period shown stays
	d.waitScreen("Cotisations détaillées · du 01/02/2026 au 31/12/2026", "Total")
	screenLacks(t, d.screen(), "fin : attendu")
}

func TestHomeListsThoseBehind(t *testing.T) {
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitScreen("1 adhérent en retard de cotisation", "0 adhérent n'ayant jamais cotisé")
	d.press("enter")
	d.waitScreen("Fiches · /cotisation:retard", "1 / 5 fiches", "ROUX Marc", "-11 m")
	screenLacks(t, d.screen(), "BENALI")
}

func TestFormNoLongerOffersTheHandSetLateStatus(t *testing.T) {
	for _, c := range vocabChoices("", model.StatusWords) {
		if c.value == int(model.StatusEnRetard) || strings.Contains(c.label, "retard") {
			t.Errorf("the form offers %q", c.label)
		}
	}
	if len(vocabChoices("", model.StatusWords)) != 4 {
		t.Errorf("choices %v", vocabChoices("", model.StatusWords))
	}
}
