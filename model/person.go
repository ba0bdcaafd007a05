// Package model is fichier's domain: people, organisation units, responsables,
// access rules, validation, the registry of a fiche's attributes (fields.go) and
// their French words (vocab.go). It does no I/O; the query language is model/query.
package model

import "time"

// PersonID is the "identifiant unique" of a fiche: assigned once by the store,
// never reused, distinct from the membership number.
type PersonID uint64

// Kind is where a person stands on the path contact → compagnon de route → adhérent.
type Kind uint8

const (
	KindContact Kind = iota + 1
	KindCompagnon
	KindAdherent
)

// Kinds lists every kind in path order.
var Kinds = []Kind{KindContact, KindCompagnon, KindAdherent}

func (k Kind) String() string { return KindWords.LabelOr(uint8(k), "?") }

// Short is the abbreviation used in narrow list columns.
func (k Kind) Short() string {
	switch k {
	case KindContact:
		return "cont."
	case KindCompagnon:
		return "comp."
	case KindAdherent:
		return "adh."
	}
	return "?"
}

// Next is the following step on the path, or false when already adhérent.
func (k Kind) Next() (Kind, bool) {
	switch k {
	case KindContact:
		return KindCompagnon, true
	case KindCompagnon:
		return KindAdherent, true
	}
	return k, false
}

// Status is the administrative state of a fiche.
type Status uint8

const (
	StatusActif Status = iota + 1
	// StatusEnRetard is the hand-set "en retard de cotisation" of schema 1.
	// The dues status is now computed from the payments (DuesStatusAt); the
	// migration to schema 2 turns this flag into StatusActif and journals it
	// on each fiche. The value stays so that older files decode.
	StatusEnRetard
	StatusMute
	StatusDemissionnaire
	StatusDecede
)

// Statuses lists every status.
var Statuses = []Status{StatusActif, StatusMute, StatusDemissionnaire, StatusDecede}

func (s Status) String() string { return StatusWords.LabelOr(uint8(s), "?") }

// Gender is optional; it only feeds the age pyramid.
type Gender uint8

const (
	GenderUnknown Gender = iota
	GenderFemale
	GenderMale
	GenderOther
)

func (g Gender) String() string { return GenderWords.LabelOr(uint8(g), "non renseigné") }

// Civility is the form of address used on letters.
type Civility uint8

const (
	CivilityNone Civility = iota
	CivilityMme
	CivilityM
)

func (c Civility) String() string { return CivilityWords.Label(uint8(c)) }

// PCS is the INSEE socio-professional group (PCS 2020, first level).
type PCS uint8

const (
	PCSUnknown PCS = iota
	PCSAgriculteurs
	PCSArtisans
	PCSCadres
	PCSIntermediaires
	PCSEmployes
	PCSOuvriers
	PCSRetraites
	PCSSansActivite
)

// PCSGroups lists the eight groups in INSEE order.
var PCSGroups = []PCS{PCSAgriculteurs, PCSArtisans, PCSCadres, PCSIntermediaires, PCSEmployes, PCSOuvriers, PCSRetraites, PCSSansActivite}

func (p PCS) String() string { return PCSWords.LabelOr(uint8(p), "non renseigné") }

// Channel is a way the person agreed to be contacted; Channels is a set of them.
type Channels uint8

const (
	ChannelCourrier Channels = 1 << iota
	ChannelCourriel
	ChannelTelephone
	ChannelSMS
)

// AllChannels lists each channel once, in display order.
var AllChannels = []Channels{ChannelCourrier, ChannelCourriel, ChannelTelephone, ChannelSMS}

// Has reports whether every channel of c is in the set.
func (s Channels) Has(c Channels) bool { return s&c == c }

func (s Channels) String() string {
	out := ""
	for _, w := range ChannelWords.Words {
		if !s.Has(Channels(w.Value)) {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += w.Label
	}
	return out
}

// Consent records when, how and for what the person gave their details.
type Consent struct {
	Date     Date
	Channels Channels
}

// Preferences are the person's wishes about how the party reaches them.
type Preferences struct {
	LetterOnPaper bool // members' letter on paper rather than by email
	DoNotCall     bool
	NPAI          bool // "n'habite pas à l'adresse indiquée": post came back
}

// Address is a postal address.
type Address struct {
	Street     string
	PostalCode string
	Commune    string
}

// Person is one fiche. A Person value is a snapshot: the store never hands out
// pointers to the copies it keeps.
type Person struct {
	ID           PersonID
	Version      uint64 // incremented on each committed write; guards against stale edits
	Kind         Kind
	Status       Status
	Archived     bool // hidden from lists, kept
	MemberNumber string
	// PreviousNumbers are the membership numbers held before mutations,
	// oldest first: kept in the history and findable (numéro:38-000125).
	PreviousNumbers []string
	// Arrival marks an arrival of mutation to process: the fiche waits at its
	// new federation, without a section, for one to be assigned (MUTATIONS.md).
	Arrival bool

	Civility  Civility
	FirstName string
	LastName  string
	BirthDate Date
	Gender    Gender

	Address         Address
	Quartier        string
	Circonscription string
	Mobile          string // canonical E.164, e.g. +33612345678
	Landline        string
	Email           string
	Profession      string
	PCS             PCS
	Employer        string // employer or sector
	JoinDate        Date   // date of adhesion (adherents)
	// Contribution is the agreed cotisation (adherents): set with the
	// cotisations right, see store.SetContribution.
	Contribution Contribution

	Org Org

	Interests      []string
	ElectedOffices []string
	Unions         []string
	Associations   []string

	Source      string // petition, event … the person came from
	Consent     Consent
	Preferences Preferences
	Notes       string

	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
}

// Clone returns a deep copy (slices are not shared).
func (p Person) Clone() Person {
	p.PreviousNumbers = cloneStrings(p.PreviousNumbers)
	p.Interests = cloneStrings(p.Interests)
	p.ElectedOffices = cloneStrings(p.ElectedOffices)
	p.Unions = cloneStrings(p.Unions)
	p.Associations = cloneStrings(p.Associations)
	return p
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// FullName is "Prénom NOM" as shown in titles.
func (p *Person) FullName() string {
	return joinNonEmpty(" ", p.FirstName, upper(p.LastName))
}

// SortName is "NOM Prénom" as shown in lists.
func (p *Person) SortName() string {
	return joinNonEmpty(" ", upper(p.LastName), p.FirstName)
}
