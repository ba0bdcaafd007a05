package model

import "time"

// Action names what an audit entry records.
type Action string

const (
	ActionPersonCreate   Action = "fiche.création"
	ActionPersonUpdate   Action = "fiche.modification"
	ActionPersonArchive  Action = "fiche.archivage"
	ActionPersonRestore  Action = "fiche.désarchivage"
	ActionPersonErase    Action = "fiche.effacement"
	ActionPersonPromote  Action = "fiche.progression"
	ActionBulkLoad       Action = "fiche.chargement"
	ActionExport         Action = "export"
	ActionImport         Action = "import"              // one entry per import: source, file, counts
	ActionPersonImport   Action = "fiche.import"        // a fiche created by an import
	ActionPersonMerge    Action = "fiche.fusion"        // two fiches merged into one (doublons)
	ActionMutationOut    Action = "mutation.départ"     // a fiche leaves its federation (in this file or by transfer file)
	ActionMutationIn     Action = "mutation.arrivée"    // a fiche arrives at a federation of this file, to process
	ActionMutationDone   Action = "mutation.traitement" // an arrival gets its section: an ordinary fiche again
	ActionMutationExport Action = "mutation.transfert"  // a transfer file written again
	ActionLoginOK        Action = "connexion"
	ActionLoginFail      Action = "connexion.échec"
	ActionLogout         Action = "connexion.fin" // end of a `fichier serve` session
	ActionUserCreate     Action = "responsable.création"
	ActionUserUpdate     Action = "responsable.modification"
	ActionPasswordChange Action = "responsable.mot-de-passe"
	ActionUserDisable    Action = "responsable.désactivation"
	ActionUserEnable     Action = "responsable.réactivation"
	ActionPasswordReset  Action = "responsable.mot-de-passe-réinitialisé"
	ActionTOTPEnable     Action = "responsable.double-authentification"
	ActionTOTPDisable    Action = "responsable.double-authentification-retirée"
	ActionRecoveryCodes  Action = "responsable.codes-de-secours"
	ActionUnitCreate     Action = "structure.création"
	ActionUnitUpdate     Action = "structure.modification"
	ActionUnitClose      Action = "structure.fermeture"
	ActionBackup         Action = "sauvegarde"
	ActionMigration      Action = "migration"
	ActionCompact        Action = "compactage"
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

// actionDesc is what the journal says of an action.
type actionDesc struct {
	label   string     // in the journal: "fiche créée"
	history string     // in a fiche's history, when it differs: "création de la fiche"
	kind    ActionKind // for the journal's filter
}

// actions describes every Action (a test checks that none is missing).
var actions = map[Action]actionDesc{
	ActionPersonCreate:   {"fiche créée", "création de la fiche", KindFiche},
	ActionPersonUpdate:   {"fiche modifiée", "modification", KindFiche},
	ActionPersonArchive:  {"fiche archivée", "archivage", KindFiche},
	ActionPersonRestore:  {"fiche désarchivée", "restauration", KindFiche},
	ActionPersonErase:    {"fiche effacée", "effacement", KindFiche},
	ActionPersonPromote:  {"progression", "progression (faire avancer)", KindFiche},
	ActionBulkLoad:       {"chargement de fiches", "chargement", KindFiche},
	ActionPersonMerge:    {"fiches fusionnées", "fusion avec un doublon", KindFiche},
	ActionMutationOut:    {"mutation (départ)", "départ par mutation", KindFiche},
	ActionMutationIn:     {"arrivée de mutation", "arrivée par mutation, à traiter", KindFiche},
	ActionMutationDone:   {"arrivée traitée", "arrivée de mutation traitée", KindFiche},
	ActionMutationExport: {"transfert réécrit", "fichier de transfert écrit à nouveau", KindExport},
	ActionExport:         {"export", "", KindExport},
	ActionImport:         {"import", "", KindImport},
	ActionPersonImport:   {"fiche importée", "création par un import", KindImport},
	ActionLoginOK:        {"connexion", "", KindLogin},
	ActionLoginFail:      {"connexion refusée", "", KindLogin},
	ActionLogout:         {"fin de session", "", KindLogin},
	ActionUserCreate:     {"responsable nommé", "", KindResponsable},
	ActionUserUpdate:     {"droits modifiés", "", KindResponsable},
	ActionUserDisable:    {"responsable désactivé", "", KindResponsable},
	ActionUserEnable:     {"responsable réactivé", "", KindResponsable},
	ActionPasswordChange: {"mot de passe changé", "", KindResponsable},
	ActionPasswordReset:  {"mot de passe réinitialisé", "", KindResponsable},
	ActionTOTPEnable:     {"double auth. activée", "", KindResponsable},
	ActionTOTPDisable:    {"double auth. retirée", "", KindResponsable},
	ActionRecoveryCodes:  {"codes de secours", "", KindResponsable},
	ActionUnitCreate:     {"unité créée", "", KindStructure},
	ActionUnitUpdate:     {"unité renommée", "", KindStructure},
	ActionUnitClose:      {"unité fermée", "", KindStructure},
	ActionBackup:         {"sauvegarde", "", KindOther},
	ActionMigration:      {"migration", "", KindOther},
	ActionCompact:        {"compactage", "", KindOther},
}

// Label names the action in French, as the journal shows it. An unknown
// action (from a newer version) shows its code, stripped of controls.
func (a Action) Label() string {
	if d, ok := actions[a]; ok {
		return d.label
	}
	return StripControl(string(a))
}

// HistoryLabel names the action in a fiche's history.
func (a Action) HistoryLabel() string {
	if d, ok := actions[a]; ok && d.history != "" {
		return d.history
	}
	return a.Label()
}

// Change is one field's old and new value, as displayed.
type Change struct {
	Field string `json:"f"`
	Old   string `json:"o,omitempty"`
	New   string `json:"n,omitempty"`
}

// AuditEntry is one line of the journal: who did what, when, to what.
type AuditEntry struct {
	ID       uint64    `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"` // username, or "système"
	ActorID  UserID    `json:"actor_id,omitempty"`
	Action   Action    `json:"action"`
	PersonID PersonID  `json:"person,omitempty"`
	UserID   UserID    `json:"user,omitempty"` // subject responsable, for user events
	Org      Org       `json:"org"`            // where the subject lives: the journal is scoped by it
	Changes  []Change  `json:"changes,omitempty"`
	Detail   string    `json:"detail,omitempty"`
}
