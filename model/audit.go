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
	ActionImport         Action = "import"       // one entry per import: source, file, counts
	ActionPersonImport   Action = "fiche.import" // a fiche created by an import
	ActionPersonMerge    Action = "fiche.fusion" // two fiches merged into one (doublons)
	ActionLoginOK        Action = "connexion"
	ActionLoginFail      Action = "connexion.échec"
	ActionLogout         Action = "connexion.fin" // end of a `fichier serve` session
	ActionUserCreate     Action = "responsable.création"
	ActionUserUpdate     Action = "responsable.modification"
	ActionPasswordChange Action = "responsable.mot-de-passe"
	ActionUnitCreate     Action = "structure.création"
	ActionUnitUpdate     Action = "structure.modification"
	ActionBackup         Action = "sauvegarde"
	ActionMigration      Action = "migration"
	ActionCompact        Action = "compactage"
)

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
