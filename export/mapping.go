package export

import (
	"slices"
	"strings"

	"fichier/model"
)

// Import fields: the keys of model.Fields, plus these.
const (
	fieldPhone   = "telephone" // a phone column that does not say which: mobile or landline by the number
	fieldIgnored = "-"         // recognised, deliberately not imported
)

// FieldName is the French name of an import field, for the preview.
func FieldName(key string) string {
	if key == fieldPhone {
		return "Téléphone (mobile ou fixe selon le numéro)"
	}
	return model.FieldLabel(key)
}

// synonyms maps normalised column titles (see normHeader) to fields: the
// registry's labels and names of each field (French first, then English; the titles of
// fichier's own exports are all there), and the phone column that does not
// say which.
var synonyms = map[string]string{}

// ignoredColumns are titles recognised and left out on purpose, with why.
var ignoredColumns = map[string]string{}

func init() {
	add := func(field string, titles ...string) {
		for _, t := range titles {
			synonyms[normHeader(t)] = field
		}
	}
	for _, f := range model.Fields {
		add(f.Key, f.Label, f.Short)
		add(f.Key, f.Names...)
	}
	add(fieldPhone, "Tél.", "Tél", "Téléphone", "Telephone", "Phone", "Phone number", "Numéro de téléphone", "N° de téléphone", "N° de tél")

	ignore := func(why string, titles ...string) {
		for _, t := range titles {
			ignoredColumns[normHeader(t)] = why
		}
	}
	ignore("identifiant d'une fiche d'origine : le fichier attribue les siens", "ID", "Identifiant")
	ignore("tenu par le fichier lui-même", "Créée le", "Créée par", "Modifiée le", "Modifiée par", "Créé le", "Date de création", "Dernière modification")
	ignore("colonne ajoutée par fichier aux lignes rejetées", "Motif du rejet")
	ignore("nom de la liste d'un export « lettre »", "Liste")
}

// normHeader is a column title compared loosely: accents, case,
// punctuation and spaces do not count; text in brackets is dropped.
func normHeader(s string) string {
	s = model.Fold(s)
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = s[:i]
	}
	return asciiWords(s, ' ')
}

// Mapping says which field each column of a table goes to.
type Mapping struct {
	Fields   []string   // per column: the field key, "" when the column is not imported
	Unmapped []Unmapped // the columns not imported, each with the reason
}

// Unmapped is a column left out of an import.
type Unmapped struct {
	Column int
	Header string
	Why    string
}

// MapColumns maps a header row by the titles' synonyms.
func MapColumns(header []string) Mapping {
	m := Mapping{Fields: make([]string, len(header))}
	first := map[string]int{}
	for i, h := range header {
		n := normHeader(h)
		field, ok := synonyms[n]
		switch {
		case n == "":
			m.Unmapped = append(m.Unmapped, Unmapped{i, h, "colonne sans titre"})
			continue
		case !ok:
			if why, ign := ignoredColumns[n]; ign {
				m.Fields[i] = fieldIgnored
				m.Unmapped = append(m.Unmapped, Unmapped{i, h, why})
				continue
			}
			m.Unmapped = append(m.Unmapped, Unmapped{i, h, "titre non reconnu"})
			continue
		}
		if j, dup := first[field]; dup && field != fieldPhone {
			m.Unmapped = append(m.Unmapped, Unmapped{i, h, "même champ que la colonne « " + header[j] + " », déjà lue"})
			continue
		}
		first[field] = i
		m.Fields[i] = field
	}
	return m
}

// Has reports whether a column maps to field.
func (m Mapping) Has(field string) bool {
	for _, f := range m.Fields {
		if f == field {
			return true
		}
	}
	return false
}

// withheld is m with the columns of attributes that need a right held
// lacks ignored; ok reports whether there was one.
func (m Mapping) withheld(held model.Rights) (Mapping, bool) {
	ok := false
	for col, key := range m.Fields {
		if f := model.FieldFor(key); f != nil && f.Right != 0 && !held.Has(f.Right) {
			if !ok {
				m.Fields, ok = slices.Clone(m.Fields), true
			}
			m.Fields[col] = fieldIgnored
		}
	}
	return m, ok
}

// MergeKeys are the model.MergeFields keys the mapped columns give values
// for (a match with an existing fiche reports conflicts on those only).
func (m Mapping) MergeKeys() []string {
	set := map[string]bool{}
	for _, f := range m.Fields {
		switch f {
		case "", fieldIgnored:
		case model.FieldPostalCode, model.FieldCommune, model.FieldStreet, model.FieldNPAI:
			set[model.FieldStreet] = true
		case model.FieldFederation, model.FieldSection, model.FieldCell:
			set[model.FieldOrg] = true
		case fieldPhone:
			set[model.FieldMobile], set[model.FieldLandline] = true, true
		default:
			set[f] = true
		}
	}
	var out []string
	for _, f := range model.MergeFields {
		if set[f.Key] {
			out = append(out, f.Key)
		}
	}
	return out
}
