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

	PasswordHash       string // PHC-formatted argon2id; never the password
	MustChangePassword bool
	Disabled           bool

	CreatedAt time.Time
	CreatedBy string
	LastLogin time.Time
}

// Level is the level the account was granted at.
func (u *User) Level() Level { return u.Scope.Level() }

// CanSee reports whether the responsable may read anything at org.
func CanSee(u *User, org Org) bool {
	return u != nil && !u.Disabled && u.Scope.Contains(org)
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
