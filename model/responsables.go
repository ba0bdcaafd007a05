package model

// Journal actions about responsables and the structure, beside those of
// audit.go.
const (
	ActionUserDisable   Action = "responsable.désactivation"
	ActionUserEnable    Action = "responsable.réactivation"
	ActionPasswordReset Action = "responsable.mot-de-passe-réinitialisé"
	ActionTOTPEnable    Action = "responsable.double-authentification"
	ActionTOTPDisable   Action = "responsable.double-authentification-retirée"
	ActionRecoveryCodes Action = "responsable.codes-de-secours"
	ActionUnitClose     Action = "structure.fermeture"
)

// ActionKind groups actions for the journal's filter ("type:").
type ActionKind string

const (
	KindFiche       ActionKind = "fiche"       // fiches created, changed, archived, erased, merged …
	KindExport      ActionKind = "export"      // exports
	KindImport      ActionKind = "import"      // imports and the fiches they created
	KindLogin       ActionKind = "connexion"   // logins, failed or not
	KindResponsable ActionKind = "responsable" // accounts granted, changed, disabled, passwords
	KindStructure   ActionKind = "structure"   // units created, renamed, closed
	KindOther       ActionKind = "autre"       // backups, migrations
)

// ActionKinds lists the kinds in display order.
var ActionKinds = []ActionKind{KindFiche, KindExport, KindImport, KindLogin, KindResponsable, KindStructure, KindOther}

// KindOf is the kind of an action.
func KindOf(a Action) ActionKind {
	if d, ok := actions[a]; ok {
		return d.kind
	}
	return KindOther
}
