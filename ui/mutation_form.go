package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// formFederationHint replaces the federation picker's hint when editing: a
// fiche changes federation only by a mutation.
const formFederationHint = "par une mutation : touche m (ici ou sur la fiche)"

// startMutation leaves the form for the departure dialog (m on the
// federation field). Unsaved changes are kept: the user saves or abandons
// them first, since the mutation needs the fiche as stored.
func (fm *formScreen) startMutation() tea.Cmd {
	if fm.Dirty() {
		fm.setMsg("Enregistrez (ctrl+s) ou abandonnez (esc) vos modifications avant la mutation.", true)
		return nil
	}
	fm.done = true
	return tea.Sequence(closeScreen(fm), Push(NewDepartureScreen(fm.c, fm.base)))
}

// ficheMutationItems are the fiche view's lines about mutations: an
// arrival waiting for its section, the numbers held before.
func ficheMutationItems(p *model.Person) []ficheItem {
	var out []ficheItem
	if p.Arrival {
		out = append(out, ficheItem{label: "Mutation", value: "arrivée à traiter — section à attribuer (écran 5 Mutations)", wide: true})
	}
	if len(p.PreviousNumbers) > 0 {
		out = append(out, ficheItem{label: "Anciens n°", value: strings.Join(p.PreviousNumbers, ", "), wide: true})
	}
	return out
}

// ficheMutatedNotice tells the fiche view that its fiche has just left its
// federation (if it is now out of scope, the view then says it is gone).
func ficheMutatedNotice(by string) string {
	return "Mutation (départ) enregistrée par " + ficheClean(by) + " : la fiche a quitté sa fédération (écran 5 Mutations)."
}
