package export

import (
	"strings"

	"fichier/model"
)

// Import fields: the model's Field* keys, plus these.
const (
	fieldPhone     = "telephone" // a phone column that does not say which: mobile or landline by the number
	fieldIgnored   = "-"         // recognised, deliberately not imported
	fieldArchived  = model.FieldArchived
	fieldChannels  = model.FieldChannels
	fieldPaper     = model.FieldPaperLetter
	fieldDoNotCall = model.FieldDoNotCall
	fieldNPAI      = model.FieldNPAI
	fieldInterests = model.FieldInterests
	fieldOffices   = model.FieldOffices
	fieldUnions    = model.FieldUnions
	fieldAssocs    = model.FieldAssociations
)

// fieldNames are the French names of the import fields, for the preview.
var fieldNames = map[string]string{
	fieldPhone:     "Téléphone (mobile ou fixe selon le numéro)",
	fieldArchived:  "Archivée",
	fieldChannels:  "Canaux consentis",
	fieldPaper:     "Lettre sur papier",
	fieldDoNotCall: "Ne pas appeler",
	fieldNPAI:      "NPAI",
	fieldInterests: "Centres d'intérêt",
	fieldOffices:   "Mandats électifs",
	fieldUnions:    "Syndicats",
	fieldAssocs:    "Associations",
}

// FieldName is the French name of an import field.
func FieldName(key string) string {
	if n, ok := fieldNames[key]; ok {
		return n
	}
	if n, ok := model.FieldLabels[key]; ok {
		return n
	}
	return key
}

// synonyms maps normalised column titles (see normHeader) to fields. French
// first, then English; the titles of fichier's own exports are all here.
var synonyms = map[string]string{}

// ignoredColumns are titles recognised and left out on purpose, with why.
var ignoredColumns = map[string]string{}

func init() {
	add := func(field string, titles ...string) {
		for _, t := range titles {
			synonyms[normHeader(t)] = field
		}
	}
	add(model.FieldLastName, "Nom", "Nom de famille", "Nom d'usage", "Nom usuel", "Patronyme", "Last name", "Lastname", "Surname", "Family name", "Name")
	add(model.FieldFirstName, "Prénom", "Prénoms", "First name", "Firstname", "Given name", "Forename")
	add(model.FieldCivility, "Civilité", "Civ", "Titre", "Title", "Salutation", "M/Mme", "Mme/M")
	add(model.FieldMobile, "Mobile", "Portable", "Tél. portable", "Téléphone portable", "Tél portable", "Tél. mobile", "Téléphone mobile", "GSM", "Cellulaire", "Mobile phone", "Cell phone", "Cellphone")
	add(model.FieldLandline, "Fixe", "Tél. fixe", "Téléphone fixe", "Tél. domicile", "Téléphone domicile", "Landline", "Home phone")
	add(fieldPhone, "Tél.", "Tél", "Téléphone", "Telephone", "Phone", "Phone number", "Numéro de téléphone", "N° de téléphone", "N° de tél")
	add(model.FieldEmail, "Courriel", "E-mail", "Email", "Mail", "Mél", "Adresse mail", "Adresse e-mail", "Adresse email", "Adresse électronique", "Adresse courriel", "Email address", "E-mail address")
	add(model.FieldStreet, "Adresse", "Adresse postale", "Rue", "Voie", "N° et rue", "Numéro et rue", "Address", "Street", "Street address", "Adresse 1", "Address 1", "Address line 1")
	add(model.FieldPostalCode, "CP", "Code postal", "Codepostal", "Postal code", "Postcode", "Zip", "Zip code", "Zipcode")
	add(model.FieldCommune, "Commune", "Ville", "City", "Town", "Localité", "Locality")
	add(model.FieldBirthDate, "Date de naissance", "Naissance", "Né le", "Née le", "Né(e) le", "DDN", "Birth date", "Birthdate", "Date of birth", "DOB", "Birthday")
	add(model.FieldGender, "Genre", "Sexe", "Gender", "Sex")
	add(model.FieldQuartier, "Quartier", "Neighbourhood", "Neighborhood")
	add(model.FieldCirco, "Circonscription", "Circo")
	add(model.FieldProfession, "Profession", "Métier", "Occupation", "Job", "Emploi")
	add(model.FieldPCS, "PCS", "CSP", "Catégorie socio-professionnelle", "Catégorie socioprofessionnelle")
	add(model.FieldEmployer, "Employeur / secteur", "Employeur ou secteur", "Employeur", "Entreprise", "Secteur", "Employer")
	add(model.FieldJoinDate, "Date d'adhésion", "Adhésion", "Date adhésion", "Join date", "Membership date")
	add(model.FieldMemberNumber, "N° d'adhérent", "Numéro d'adhérent", "No d'adhérent", "N° adhérent", "Numéro adhérent", "Num adhérent", "N° de carte", "Numéro de carte", "Carte", "Member number", "Membership number")
	add(model.FieldKind, "Type", "Type de fiche", "Kind")
	add(model.FieldStatus, "Statut", "Status", "État")
	add(model.FieldFederation, "Fédération", "Fédé", "Federation")
	add(model.FieldSection, "Section")
	add(model.FieldCell, "Cellule")
	add(fieldInterests, "Centres d'intérêt", "Centre d'intérêt", "Intérêts", "Intérêt", "Thèmes", "Interests")
	add(fieldOffices, "Mandats électifs", "Mandat électif", "Mandats", "Mandat", "Élu", "Offices")
	add(fieldUnions, "Syndicats", "Syndicat", "Trade union", "Trade unions")
	add(fieldAssocs, "Associations", "Association", "Assos")
	add(model.FieldSource, "Source", "Origine", "Provenance")
	add(model.FieldConsentDate, "Date du consentement", "Date de consentement", "Consentement", "Consent date")
	add(fieldChannels, "Canaux consentis", "Canaux", "Consent channels", "Channels")
	add(fieldPaper, "Lettre sur papier", "Lettre papier", "Papier")
	add(fieldDoNotCall, "Ne pas appeler", "Nepasappeler", "Do not call")
	add(fieldNPAI, "NPAI")
	add(fieldArchived, "Archivée", "Archivé", "Archived")
	add(model.FieldNotes, "Notes", "Note", "Commentaire", "Commentaires", "Remarque", "Remarques", "Observations", "Comments", "Comment", "Dernier appel / notes")

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
	var b strings.Builder
	space := false
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
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

// MergeKeys are the model.MergeFields keys the mapped columns give values
// for (a match with an existing fiche reports conflicts on those only).
func (m Mapping) MergeKeys() []string {
	set := map[string]bool{}
	for _, f := range m.Fields {
		switch f {
		case "", fieldIgnored:
		case model.FieldPostalCode, model.FieldCommune, model.FieldStreet, fieldNPAI:
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
