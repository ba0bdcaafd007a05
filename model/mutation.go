package model

import (
	"errors"
	"time"
	"unicode/utf8"
)

// MutationID identifies a mutation record: assigned once by the store.
type MutationID uint64

// MutationKind says where a mutation goes or comes from.
type MutationKind uint8

const (
	// MutationInFile: from one federation of this file to another; the same
	// record is the origin's departure and the destination's arrival.
	MutationInFile MutationKind = iota + 1
	// MutationOut: to a federation outside this file, by a transfer file.
	MutationOut
	// MutationIn: an arrival imported from a transfer file.
	MutationIn
)

func (k MutationKind) String() string {
	switch k {
	case MutationInFile:
		return "dans le fichier"
	case MutationOut:
		return "départ hors du fichier"
	case MutationIn:
		return "arrivée d'un autre fichier"
	}
	return "?"
}

// MaxReasonLen bounds a mutation's reason (in characters).
const MaxReasonLen = 200

// Mutation is the record of one move of a fiche between federations. It
// holds who moved (name and number), when, from and to where, and by whom —
// never the fiche's contents: the origin keeps this record after the fiche
// has left its sight.
type Mutation struct {
	ID        MutationID
	Kind      MutationKind
	PersonID  PersonID
	Name      string // "NOM Prénom" when the mutation was made
	OldNumber string // membership number before the mutation ("" if none)
	Date      Date   // date of the move, as typed
	Reason    string
	From      Org         // origin in this file (its fiche's path); zero for an imported arrival
	FromDept  Departement // origin federation: code and name
	To        Org         // destination federation in this file; zero for a departure outside
	ToDept    Departement // destination federation or département: code and name
	By        string      // who made the departure (or the import)
	At        time.Time

	TransferID  string `json:",omitempty"` // MutationOut, MutationIn: the transfer's identifier
	Fingerprint string `json:",omitempty"` // MutationIn: fingerprint of the key that signed the transfer file
	// History is what a transfer file said of the fiche's past (MutationIn),
	// and Created when the origin wrote it (MutationOut, MutationIn).
	History []TransferEvent `json:",omitempty"`
	Created time.Time       `json:",omitempty"`

	// Set when the arrival is processed (MutationInFile, MutationIn).
	Processed   bool      `json:",omitempty"`
	ProcessedAt time.Time `json:",omitempty"`
	ProcessedBy string    `json:",omitempty"`
	NewNumber   string    `json:",omitempty"`
}

// IsDeparture reports whether the record is a departure from a place of this file.
func (m *Mutation) IsDeparture() bool { return m.Kind == MutationInFile || m.Kind == MutationOut }

// IsArrival reports whether the record is an arrival into a place of this file.
func (m *Mutation) IsArrival() bool { return m.Kind == MutationInFile || m.Kind == MutationIn }

// PendingArrival reports whether the arrival still waits for its section.
func (m *Mutation) PendingArrival() bool { return m.IsArrival() && !m.Processed }

// SeesDeparture reports whether u sees the record as a departure (from their scope).
func (m *Mutation) SeesDeparture(u *User) bool { return m.IsDeparture() && CanSee(u, m.From) }

// SeesArrival reports whether u sees the record as an arrival (into their scope).
func (m *Mutation) SeesArrival(u *User) bool { return m.IsArrival() && CanSee(u, m.To) }

// VisibleTo reports whether u sees the record at all.
func (m *Mutation) VisibleTo(u *User) bool { return m.SeesDeparture(u) || m.SeesArrival(u) }

// Destination is where a departure goes: a federation of this file
// (Federation ≠ 0) or a département outside it.
type Destination struct {
	Federation UnitID
	Dept       Departement
}

// Errors of the mutation preconditions; French, shown as they are.
var (
	ErrMutationKind      = errors.New("cette fiche ne peut pas être mutée : elle est archivée, mutée, décédée ou démissionnaire")
	ErrMutationPending   = errors.New("cette fiche est une arrivée de mutation à traiter : attribuez-lui d'abord une section (écran Mutations)")
	ErrMutationSameFed   = errors.New("la fiche est déjà dans cette fédération : un changement de section ou de cellule se fait dans le formulaire")
	ErrMutationNoDest    = errors.New("choisissez la fédération ou le département de destination")
	ErrMutationDate      = errors.New("date de mutation invalide")
	ErrMutationFuture    = errors.New("la date de mutation est dans le futur")
	ErrMutationReason    = errors.New("le motif est trop long (200 caractères au plus)")
	ErrArrivalNoSection  = errors.New("choisissez la section d'arrivée")
	ErrArrivalWrongFed   = errors.New("la section choisie n'est pas dans la fédération d'arrivée")
	ErrArrivalProcessed  = errors.New("cette arrivée a déjà été traitée")
	ErrMutationForbidden = errors.New("accès refusé : une mutation demande le droit de création et modification sur la fiche")
)

// CheckDeparture checks that u may start a mutation of p to dest on date,
// with reason (already stripped of control sequences).
func CheckDeparture(u *User, p *Person, dest Destination, date, today Date, reason string) error {
	if err := CanStartDeparture(u, p); err != nil {
		return err
	}
	switch {
	case dest.Federation == 0 && dest.Dept.Code == "":
		return ErrMutationNoDest
	case dest.Federation != 0 && dest.Federation == p.Org.Federation:
		return ErrMutationSameFed
	case !date.Valid() || date.Year() < minDateYear:
		return ErrMutationDate
	case today != 0 && date > today:
		return ErrMutationFuture
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		return ErrMutationReason
	}
	return nil
}

// CanStartDeparture checks what does not depend on the dialog's answers:
// the right on the fiche and its state.
func CanStartDeparture(u *User, p *Person) error {
	switch {
	case !CanEdit(u, p.Org):
		return ErrMutationForbidden
	case p.Arrival:
		return ErrMutationPending
	case p.Archived || p.Status == StatusMute || p.Status == StatusDecede || p.Status == StatusDemissionnaire:
		return ErrMutationKind
	}
	return nil
}

// CheckArrival checks that u may process the arrival m into to (a section,
// optionally a cell, of the arrival's federation).
func CheckArrival(u *User, m *Mutation, to Org) error {
	switch {
	case !m.PendingArrival():
		return ErrArrivalProcessed
	case to.Section == 0:
		return ErrArrivalNoSection
	case to.Federation != m.To.Federation:
		return ErrArrivalWrongFed
	case !CanEdit(u, to) || !CanEdit(u, m.To):
		return ErrMutationForbidden
	}
	return nil
}
