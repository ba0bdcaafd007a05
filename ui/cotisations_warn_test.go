package ui

import (
	"testing"

	"fichier/model"
)

// TestRecordScreenWarnsOnCashAndCeiling: cash above the federation's limit
// asks for confirmation with the reason (n goes back to the form, o
// records); a payment taking the year above the ceiling warns too.
func TestRecordScreenWarnsOnCashAndCeiling(t *testing.T) {
	w := newAppWorld(t, true)
	benali := w.idOf(t, "Benali")
	d := openBenaliCotisations(t, w, w.session(t), 80, 24, "120,00 €")
	d.press("n")
	d.waitScreen("Nouveau versement")
	d.typeText("200")
	d.press("tab")
	d.typeText("esp")
	d.press("enter")
	d.waitScreen("Enregistrer ce versement malgré tout ?", "espèces de 200,00 €", "au-delà de 150,00 €")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("n")
	d.waitScreen("Nouveau versement")
	if list, _ := w.st.Payments(w.sys, benali); len(list) != 1 {
		t.Fatalf("recorded after n: %+v", list)
	}
	d.press("enter")
	d.waitScreen("Enregistrer ce versement malgré tout ?")
	d.press("o")
	d.waitScreen("Versement enregistré : 200,00 €, espèces")
	if list, _ := w.st.Payments(w.sys, benali); len(list) != 2 || list[1].Cents != 200_00 {
		t.Fatalf("not recorded after o: %+v", list)
	}
	// The ceiling: 320 € paid in 2026 so far, a cheque of 14 700 € would
	// pass 15 000 € — above the 10 000 € a payment may be, so lower the
	// federation's ceiling instead.
	set := w.st.DuesSettings(w.sec.Path)
	set.Ceiling = 500_00
	if err := w.st.SetDuesSettings(w.sys, w.fed.ID, set); err != nil {
		t.Fatal(err)
	}
	d.press("n")
	d.waitScreen("Nouveau versement")
	d.typeText("200")
	d.press("tab")
	d.typeText("ch")
	d.press("enter")
	d.waitScreen("cotisations 2026 portées à 520,00 €", "plafond annuel de", "500,00 € par foyer fiscal")
	d.press("o")
	d.waitScreen("Versement enregistré : 200,00 €, chèque")
	if list, _ := w.st.Payments(w.sys, benali); len(list) != 3 {
		t.Fatalf("%+v", list)
	}
}

func TestQuickEntryWarnsOnCash(t *testing.T) {
	w := newAppWorld(t, true)
	d := openQuickDues(t, w, 80, 24)
	d.typeText("bena")
	d.waitScreen("▸ BENALI Samira")
	d.press("enter")
	d.typeText("180")
	d.press("enter")
	d.typeText("esp")
	d.press("enter")
	d.waitScreen("Enregistrer ce versement malgré tout ?", "espèces de 180,00 €")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("n")
	d.waitScreen("0 versement", "Montant")
	d.press("backspace", "backspace", "backspace")
	d.typeText("100")
	d.press("enter", "enter")
	d.waitScreen("1 versement · total 100,00 €")
	d.typeText("bena")
	d.waitScreen("▸ BENALI Samira")
	d.press("enter")
	d.press("ctrl+u")
	d.typeText("151")
	d.press("enter", "enter")
	d.waitScreen("espèces de 151,00 €")
	d.press("o")
	d.waitScreen("2 versements · total 251,00 €")
	list, _ := w.st.Payments(w.sys, w.idOf(t, "Benali"))
	var cash model.Cents
	for _, p := range list {
		if p.Mode == model.ModeEspeces {
			cash += p.Cents
		}
	}
	if cash != 251_00 {
		t.Errorf("cash recorded %v: %+v", cash, list)
	}
}

// TestDuesSettingsFormSetsTheLegalFigures: from a federation account, d on
// screen 4 shows the figures with their defaults and sets them.
func TestDuesSettingsFormSetsTheLegalFigures(t *testing.T) {
	w := newAppWorld(t, true)
	d := openDuesSettings(t, w, 60, 20)
	d.waitScreen("Réduction d'impôt", "66", "15\u00a0000,00", "150,00", "oui")
	appCheckFits(t, d.screen(), 60, 20)
	d.press("tab", "tab", "tab")
	d.press("ctrl+u")
	d.typeText("1O0")
	d.press("enter")
	d.waitScreen("plafond des espèces")
	d.press("ctrl+u")
	d.typeText("100")
	d.press("tab", "ctrl+u")
	d.typeText("non")
	d.press("tab", "tab")
	d.press("ctrl+u")
	d.typeText("60")
	d.press("enter")
	d.waitScreen("Paramètres de la fédération")
	want := model.DefaultDuesSettings()
	want.CashLimit, want.CashEligible, want.TaxRatePct = 100_00, false, 60
	if got := w.st.DuesSettings(w.fed.Path); got != want {
		t.Errorf("settings %+v", got)
	}
}
