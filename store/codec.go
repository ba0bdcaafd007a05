package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"fichier/model"
)

// The people bucket stores each Person in a small tag-length-value format
// (chosen by measurement: see docs/PERFORMANCE.md, BenchmarkCodec*). Each field
// is a tag byte whose low bit is the wire type — 0 varint, 1 length-prefixed
// bytes — so that a newer version can add fields an older reader skips. List
// fields repeat their tag once per element. The first byte is the format version.

const codecVersion = 1

const (
	wireVarint = 0
	wireBytes  = 1
)

// Field tags: never renumber, only add.
const (
	tVersion = iota + 1
	tKind
	tStatus
	tArchived
	tMemberNumber
	tCivility
	tFirstName
	tLastName
	tBirthDate
	tGender
	tStreet
	tPostalCode
	tCommune
	tQuartier
	tCirco
	tMobile
	tLandline
	tEmail
	tProfession
	tPCS
	tEmployer
	tJoinDate
	tFederation
	tSection
	tCell
	tInterest
	tOffice
	tUnion
	tAssociation
	tSource
	tConsentDate
	tConsentChannels
	tLetterOnPaper
	tDoNotCall
	tNPAI
	tNotes
	tCreatedAt
	tCreatedBy
	tUpdatedAt
	tUpdatedBy
	tContributionCents
	tContributionRhythm
	tPreviousNumber
	tArrival
)

type encoder struct{ b []byte }

func (e *encoder) key(tag, wire int) { e.b = binary.AppendUvarint(e.b, uint64(tag<<1|wire)) }

func (e *encoder) uint(tag int, v uint64) {
	if v == 0 {
		return
	}
	e.key(tag, wireVarint)
	e.b = binary.AppendUvarint(e.b, v)
}

func (e *encoder) bool(tag int, v bool) {
	if v {
		e.uint(tag, 1)
	}
}

func (e *encoder) str(tag int, s string) {
	if s == "" {
		return
	}
	e.key(tag, wireBytes)
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) strs(tag int, list []string) {
	for _, s := range list {
		e.str(tag, s)
	}
}

func (e *encoder) time(tag int, t time.Time) {
	if t.IsZero() {
		return
	}
	e.uint(tag, uint64(t.UnixNano()))
}

// encodePerson appends p's encoding to buf. The ID is the key, not the value.
func encodePerson(buf []byte, p *model.Person) []byte {
	e := encoder{b: append(buf, codecVersion)}
	e.uint(tVersion, p.Version)
	e.uint(tKind, uint64(p.Kind))
	e.uint(tStatus, uint64(p.Status))
	e.bool(tArchived, p.Archived)
	e.str(tMemberNumber, p.MemberNumber)
	e.uint(tCivility, uint64(p.Civility))
	e.str(tFirstName, p.FirstName)
	e.str(tLastName, p.LastName)
	e.uint(tBirthDate, uint64(p.BirthDate))
	e.uint(tGender, uint64(p.Gender))
	e.str(tStreet, p.Address.Street)
	e.str(tPostalCode, p.Address.PostalCode)
	e.str(tCommune, p.Address.Commune)
	e.str(tQuartier, p.Quartier)
	e.str(tCirco, p.Circonscription)
	e.str(tMobile, p.Mobile)
	e.str(tLandline, p.Landline)
	e.str(tEmail, p.Email)
	e.str(tProfession, p.Profession)
	e.uint(tPCS, uint64(p.PCS))
	e.str(tEmployer, p.Employer)
	e.uint(tJoinDate, uint64(p.JoinDate))
	e.uint(tFederation, uint64(p.Org.Federation))
	e.uint(tSection, uint64(p.Org.Section))
	e.uint(tCell, uint64(p.Org.Cell))
	e.strs(tInterest, p.Interests)
	e.strs(tOffice, p.ElectedOffices)
	e.strs(tUnion, p.Unions)
	e.strs(tAssociation, p.Associations)
	e.str(tSource, p.Source)
	e.uint(tConsentDate, uint64(p.Consent.Date))
	e.uint(tConsentChannels, uint64(p.Consent.Channels))
	e.bool(tLetterOnPaper, p.Preferences.LetterOnPaper)
	e.bool(tDoNotCall, p.Preferences.DoNotCall)
	e.bool(tNPAI, p.Preferences.NPAI)
	e.str(tNotes, p.Notes)
	e.time(tCreatedAt, p.CreatedAt)
	e.str(tCreatedBy, p.CreatedBy)
	e.time(tUpdatedAt, p.UpdatedAt)
	e.str(tUpdatedBy, p.UpdatedBy)
	e.uint(tContributionCents, uint64(p.Contribution.Cents))
	e.uint(tContributionRhythm, uint64(p.Contribution.Rhythm))
	e.strs(tPreviousNumber, p.PreviousNumbers)
	e.bool(tArrival, p.Arrival)
	return e.b
}

var errCorrupt = errors.New("enregistrement illisible")

// interner shares one copy of repeated strings (communes, professions,
// first names …) between fiches: it keeps the in-memory index small.
type interner map[string]string

func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// decodePerson decodes data (which may be bbolt memory: everything is copied).
// in may be nil; when set, low-cardinality strings are interned.
func decodePerson(id model.PersonID, data []byte, in interner) (model.Person, error) {
	return decodePersonFor(id, data, in, false)
}

// decodeRowPerson is decodePerson for an index row (query.RowBuilder):
// the text no row holds (street, notes, who created and updated the
// fiche) is left out, not copied.
func decodeRowPerson(id model.PersonID, data []byte, in interner) (model.Person, error) {
	return decodePersonFor(id, data, in, true)
}

func decodePersonFor(id model.PersonID, data []byte, in interner, rowOnly bool) (model.Person, error) {
	p := model.Person{ID: id}
	if len(data) == 0 || data[0] != codecVersion {
		return p, errCorrupt
	}
	data = data[1:]
	str := func(b []byte) string { return string(b) }
	shared := str
	if in != nil {
		shared = in.get
	}
	for len(data) > 0 {
		key, n := binary.Uvarint(data)
		if n <= 0 {
			return p, errCorrupt
		}
		data = data[n:]
		tag, wire := int(key>>1), int(key&1)
		var v uint64
		var b []byte
		if wire == wireVarint {
			v, n = binary.Uvarint(data)
			if n <= 0 {
				return p, errCorrupt
			}
			data = data[n:]
		} else {
			l, n := binary.Uvarint(data)
			if n <= 0 || l > uint64(len(data)-n) {
				return p, errCorrupt
			}
			b = data[n : n+int(l)]
			data = data[n+int(l):]
		}
		switch tag {
		case tVersion:
			p.Version = v
		case tKind:
			p.Kind = model.Kind(v)
		case tStatus:
			p.Status = model.Status(v)
		case tArchived:
			p.Archived = v != 0
		case tMemberNumber:
			p.MemberNumber = str(b)
		case tCivility:
			p.Civility = model.Civility(v)
		case tFirstName:
			p.FirstName = shared(b)
		case tLastName:
			p.LastName = shared(b)
		case tBirthDate:
			p.BirthDate = model.Date(v)
		case tGender:
			p.Gender = model.Gender(v)
		case tStreet:
			if !rowOnly {
				p.Address.Street = str(b)
			}
		case tPostalCode:
			p.Address.PostalCode = shared(b)
		case tCommune:
			p.Address.Commune = shared(b)
		case tQuartier:
			p.Quartier = shared(b)
		case tCirco:
			p.Circonscription = shared(b)
		case tMobile:
			p.Mobile = str(b)
		case tLandline:
			p.Landline = str(b)
		case tEmail:
			p.Email = str(b)
		case tProfession:
			p.Profession = shared(b)
		case tPCS:
			p.PCS = model.PCS(v)
		case tEmployer:
			p.Employer = shared(b)
		case tJoinDate:
			p.JoinDate = model.Date(v)
		case tFederation:
			p.Org.Federation = model.UnitID(v)
		case tSection:
			p.Org.Section = model.UnitID(v)
		case tCell:
			p.Org.Cell = model.UnitID(v)
		case tInterest:
			p.Interests = append(p.Interests, shared(b))
		case tOffice:
			p.ElectedOffices = append(p.ElectedOffices, shared(b))
		case tUnion:
			p.Unions = append(p.Unions, shared(b))
		case tAssociation:
			p.Associations = append(p.Associations, shared(b))
		case tSource:
			p.Source = shared(b)
		case tConsentDate:
			p.Consent.Date = model.Date(v)
		case tConsentChannels:
			p.Consent.Channels = model.Channels(v)
		case tLetterOnPaper:
			p.Preferences.LetterOnPaper = v != 0
		case tDoNotCall:
			p.Preferences.DoNotCall = v != 0
		case tNPAI:
			p.Preferences.NPAI = v != 0
		case tNotes:
			if !rowOnly {
				p.Notes = str(b)
			}
		case tCreatedAt:
			p.CreatedAt = time.Unix(0, int64(v))
		case tCreatedBy:
			if !rowOnly {
				p.CreatedBy = shared(b)
			}
		case tUpdatedAt:
			p.UpdatedAt = time.Unix(0, int64(v))
		case tUpdatedBy:
			if !rowOnly {
				p.UpdatedBy = shared(b)
			}
		case tContributionCents:
			p.Contribution.Cents = model.Cents(v)
		case tContributionRhythm:
			p.Contribution.Rhythm = model.Rhythm(v)
		case tPreviousNumber:
			p.PreviousNumbers = append(p.PreviousNumbers, str(b))
		case tArrival:
			p.Arrival = v != 0
		}
	}
	return p, nil
}

func itob(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func btoi(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
