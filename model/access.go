package model

import (
	"strings"
	"time"
)

// Rights a responsable holds at their scope. Reading is implied by any access.
type Rights uint8

const (
	RightWrite       Rights = 1 << iota // création et modification
	RightCotisations                    // record and report dues
	RightExport                         // export routage
	RightManage                         // appoint and manage responsables
)

// ReadOnly is "lecture seule": no right beyond reading.
const ReadOnly Rights = 0

// AllRights is every right.
const AllRights = RightWrite | RightCotisations | RightExport | RightManage

// AllRightsList lists each right once, in display order.
var AllRightsList = []Rights{RightWrite, RightCotisations, RightExport, RightManage}

// Has reports whether every right of r is held.
func (s Rights) Has(r Rights) bool { return s&r == r }

func (s Rights) String() string {
	if s == ReadOnly {
		return "lecture seule"
	}
	var parts []string
	for _, r := range AllRightsList {
		if s.Has(r) {
			parts = append(parts, r.name())
		}
	}
	return strings.Join(parts, ", ")
}

func (r Rights) name() string {
	switch r {
	case RightWrite:
		return "création et modification"
	case RightCotisations:
		return "cotisations"
	case RightExport:
		return "export"
	case RightManage:
		return "responsables"
	}
	return "?"
}

// UserID identifies a responsable account.
type UserID uint64

// User is a responsable: an account with a scope and rights.
type User struct {
	ID        UserID
	Username  string
	PersonID  PersonID // the adherent's fiche (0 for an account created by `fichier init`)
	FirstName string
	LastName  string
	Scope     Org
	Rights    Rights
	// Round, when set, makes the account a caller of that phone round only:
	// it sees the round's people through the round, and nothing else.
	Round RoundID `json:",omitempty"`

	PasswordHash       string // PHC-formatted argon2id; never the password
	MustChangePassword bool
	Disabled           bool

	// Two-factor authentication (TOTP, RFC 6238). The secret lives only in
	// this record, in the store: never in the journal, events or logs.
	TOTPSecret    string   `json:",omitempty"` // base32; "" = not enabled
	TOTPRequired  bool     `json:",omitempty"` // required by the granter: set up at first login
	TOTPLastStep  int64    `json:",omitempty"` // last accepted time step: a code is accepted once
	RecoveryCodes []string `json:",omitempty"` // salted hashes of the unused recovery codes
	RecoverySalt  string   `json:",omitempty"`
	// Epoch is bumped when someone else resets the account's password or
	// second factor: sessions opened before end at their next action.
	Epoch uint32 `json:",omitempty"`
	// SSHKeys are the public keys that log in to `fichier serve` as this
	// account (public: not secrets).
	SSHKeys []SSHKey `json:",omitempty"`

	totpOn bool // set by Redacted: the secret is hidden, not absent

	CreatedAt time.Time
	CreatedBy string
	LastLogin time.Time
}

// SSHKey is one registered SSH public key of an account.
type SSHKey struct {
	Line        string // authorized_keys form: "ssh-ed25519 AAAA… comment"
	Fingerprint string // SHA256:…, what ssh-keygen -l shows
	Name        string // the comment, or what the owner called it
	AddedAt     time.Time
	AddedBy     string
}

// Level is the level the account was granted at.
func (u *User) Level() Level { return u.Scope.Level() }

// TOTPEnabled reports whether the account asks for a code after the password.
func (u *User) TOTPEnabled() bool { return u.TOTPSecret != "" || u.totpOn }

// Redacted is the account without its secrets (password hash, TOTP secret,
// recovery codes), for listing.
func (u User) Redacted() User {
	u.totpOn = u.TOTPEnabled()
	u.PasswordHash, u.TOTPSecret, u.RecoverySalt = "", "", ""
	if n := len(u.RecoveryCodes); n > 0 {
		u.RecoveryCodes = make([]string, n) // the count stays visible, not the hashes
	}
	return u
}

// CanSee reports whether the responsable may read anything at org.
func CanSee(u *User, org Org) bool {
	return u != nil && !u.Disabled && u.Round == 0 && u.Scope.Contains(org)
}

// Nowhere is a scope that holds no fiche and no unit (no unit has these
// IDs): the acting scope of a caller account, which sees people only
// through its round.
var Nowhere = Org{Federation: ^UnitID(0), Section: ^UnitID(0), Cell: ^UnitID(0)}

// CanCall reports whether u may call the people of round r: its caller
// account, or a responsable who sees where the round lives.
func CanCall(u *User, r *Round) bool {
	if u == nil || u.Disabled {
		return false
	}
	if u.Round != 0 {
		return u.Round == r.ID
	}
	return u.Scope.Contains(r.Scope)
}

// CanEdit reports whether the responsable may create or modify fiches at org.
func CanEdit(u *User, org Org) bool {
	return CanSee(u, org) && u.Rights.Has(RightWrite)
}

// Can reports whether the responsable holds right r at org.
func Can(u *User, r Rights, org Org) bool {
	return CanSee(u, org) && u.Rights.Has(r)
}

// CanDelegate reports whether granter may appoint a responsable at target with
// rights: only with the right to manage responsables, at the granter's own
// level or the one just below, inside the granter's scope, and never with more
// rights than the granter holds.
func CanDelegate(granter *User, target Org, rights Rights) bool {
	if !Can(granter, RightManage, target) {
		return false
	}
	gl, tl := granter.Scope.Level(), target.Level()
	if tl != gl && tl != gl+1 {
		return false
	}
	return granter.Rights&rights == rights
}

// CanManage reports whether granter may manage the existing account target
// (disable, re-enable, reset its password or second factor, change it): with
// the right to manage responsables, over an account inside the granter's
// scope whose rights the granter all holds — so nobody can take over an
// account that can do more than they can. Changes of level or rights are
// checked by CanReassign as well.
func CanManage(granter, target *User) bool {
	if target == nil || !Can(granter, RightManage, target.Scope) {
		return false
	}
	return granter.Rights&target.Rights == target.Rights
}

// CanReassign reports whether granter may give target the scope and rights
// to: CanManage on target, and the new rights never more than the granter
// holds. The new level is the granter's own or the one just below (as for an
// appointment, CanDelegate), or the level target already has, so that a
// national responsable can adjust a section responsable's rights without
// moving them. Nobody raises their own rights or changes their own level.
func CanReassign(granter, target *User, to Org, rights Rights) bool {
	if !CanManage(granter, target) || !CanSee(granter, to) || granter.Rights&rights != rights {
		return false
	}
	if granter.ID != 0 && granter.ID == target.ID {
		return to == target.Scope && target.Rights&rights == rights
	}
	gl, tl := granter.Scope.Level(), to.Level()
	return tl == gl || tl == gl+1 || tl == target.Scope.Level()
}

// CoversManagement reports whether u, active with the right to manage
// responsables, can manage responsables at org.
func CoversManagement(u *User, org Org) bool { return Can(u, RightManage, org) }
