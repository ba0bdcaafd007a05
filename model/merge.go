package model

import (
	"slices"
	"strings"
)

// MergeField is one field of a fiche as merging sees it: when two fiches
// are found to be the same person (doublons) or an imported row matches an
// existing fiche. Fields that only make sense together are one MergeField:
// the postal address (street, postal code, commune and NPAI) is taken whole
// from one side, never stitched from both.
type MergeField struct {
	Key   string // a Field key ("adresse" stands for the whole address, "structure" for the units)
	Label string // French, as shown
	// Union fields (lists, consent channels, yes-flags, notes) are merged
	// by adding what the other side has: they never conflict.
	Union bool
	// Get is the field's value as compared and shown ("" = empty). Units
	// appear as #id (the store names them); phones in canonical form.
	Get func(p *Person) string
	// Take copies the field from src into dst (for Union fields: adds src's
	// values to dst's).
	Take func(dst, src *Person)
}

// FieldOrg names the merge field of the whole organisation path
// (fédération › section › cellule); FieldStreet stands for the whole address.
const FieldOrg = "structure"

// MergeFields lists every field of a fiche as merging sees it, in the
// registry's order: the address parts (and NPAI) make one field, the
// organisation levels another.
var MergeFields = func() []MergeField {
	var out []MergeField
	for i := range Fields {
		f := &Fields[i]
		switch f.Merge {
		case MergeNever:
		case MergeAddress:
			if f.Key == FieldStreet {
				out = append(out, MergeField{Key: FieldStreet, Label: f.Short, Get: addressText,
					Take: func(d, s *Person) { d.Address = s.Address; d.Preferences.NPAI = s.Preferences.NPAI }})
			}
		case MergeOrg:
			if f.Level == LevelFederation {
				out = append(out, MergeField{Key: FieldOrg, Label: "Structure", Get: orgRef,
					Take: func(d, s *Person) { d.Org = s.Org }})
			}
		case MergeUnion:
			out = append(out, MergeField{Key: f.Key, Label: f.Short, Union: true, Get: f.Text, Take: f.union})
		default:
			out = append(out, MergeField{Key: f.Key, Label: f.Short, Get: f.Text, Take: f.Copy})
		}
	}
	return out
}()

// union adds src's values of the attribute to dst's.
func (f *Field) union(dst, src *Person) {
	switch f.Type {
	case TypeList:
		*f.list(dst) = unionList(*f.list(dst), *f.list(src))
	case TypeChannels:
		f.set(dst, f.num(dst)|f.num(src))
	case TypeYesNo:
		*f.flag(dst) = *f.flag(dst) || *f.flag(src)
	case TypeNotes:
		*f.str(dst) = unionNotes(*f.str(dst), *f.str(src))
	default:
		panic("model: no union for field " + f.Key)
	}
}

// MergeFieldFor returns the merge field with that key.
func MergeFieldFor(key string) (MergeField, bool) {
	for _, f := range MergeFields {
		if f.Key == key {
			return f, true
		}
	}
	return MergeField{}, false
}

// FillEmpty completes dst with src: each field empty in dst and set in src
// is copied, union fields get src's values added, and nothing set in dst is
// ever replaced. It returns the keys of the fields it changed and, for each
// field set on both sides with different values, the conflict (Old = dst's
// value, kept; New = src's, not taken). consider, when not nil, limits the
// fields looked at (an import only compares the columns its file has).
func FillEmpty(dst, src *Person, consider func(key string) bool) (filled []string, conflicts []Change) {
	for _, f := range MergeFields {
		if consider != nil && !consider(f.Key) {
			continue
		}
		dv, sv := f.Get(dst), f.Get(src)
		if sv == "" || dv == sv {
			continue
		}
		if f.Union {
			f.Take(dst, src)
			if f.Get(dst) != dv {
				filled = append(filled, f.Key)
			}
			continue
		}
		if dv == "" {
			f.Take(dst, src)
			filled = append(filled, f.Key)
			continue
		}
		if f.Key == FieldLastName || f.Key == FieldFirstName {
			// The same name typed differently (case, accents) is no conflict.
			if Fold(dv) == Fold(sv) {
				continue
			}
		}
		if f.Key == FieldStreet && addressCovers(dst, src) {
			continue
		}
		conflicts = append(conflicts, Change{Field: f.Label, Old: dv, New: sv})
	}
	return filled, conflicts
}

// ConflictKeys lists the keys of the fields set on both sides with
// different values (those a merge of two fiches must choose).
func ConflictKeys(a, b *Person) []string {
	var out []string
	for _, f := range MergeFields {
		if f.Union {
			continue
		}
		av, bv := f.Get(a), f.Get(b)
		if av != "" && bv != "" && av != bv {
			out = append(out, f.Key)
		}
	}
	return out
}

// addressCovers reports whether src's address says nothing dst's does not:
// only the postcode and/or town of dst's address (a spreadsheet without a
// street column), nor a new NPAI mark.
func addressCovers(dst, src *Person) bool {
	a, b := dst.Address, src.Address
	return b.Street == "" &&
		(b.PostalCode == "" || b.PostalCode == a.PostalCode) &&
		(b.Commune == "" || Fold(b.Commune) == Fold(a.Commune)) &&
		(!src.Preferences.NPAI || dst.Preferences.NPAI)
}

func addressText(p *Person) string {
	a := p.Address
	s := joinNonEmpty(", ", a.Street, joinNonEmpty(" ", a.PostalCode, a.Commune))
	if s != "" && p.Preferences.NPAI {
		s += " (NPAI)"
	}
	return s
}

func orgRef(p *Person) string {
	if p.Org == (Org{}) {
		return ""
	}
	return joinNonEmpty(" › ", unitRef(p.Org.Federation), unitRef(p.Org.Section), unitRef(p.Org.Cell))
}

// unionList adds to a the entries of b it lacks (ignoring case and accents).
func unionList(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	for _, s := range a {
		seen[Fold(s)] = true
	}
	out := slices.Clone(a)
	for _, s := range b {
		if k := Fold(s); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// unionNotes appends b to a unless a already contains it.
func unionNotes(a, b string) string {
	switch {
	case b == "" || strings.Contains(a, b):
		return a
	case a == "" || strings.Contains(b, a):
		return b
	}
	return a + "\n" + b
}
