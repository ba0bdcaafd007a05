package model

import "strings"

// Field names, used as keys of FieldError and FieldLabels; they are also the
// short names of the fiche's fields in forms and imports.
const (
	FieldKind         = "type"
	FieldStatus       = "statut"
	FieldCivility     = "civilite"
	FieldFirstName    = "prenom"
	FieldLastName     = "nom"
	FieldBirthDate    = "naissance"
	FieldGender       = "genre"
	FieldStreet       = "adresse"
	FieldPostalCode   = "cp"
	FieldCommune      = "commune"
	FieldQuartier     = "quartier"
	FieldCirco        = "circo"
	FieldMobile       = "mobile"
	FieldLandline     = "fixe"
	FieldEmail        = "courriel"
	FieldProfession   = "profession"
	FieldPCS          = "pcs"
	FieldEmployer     = "employeur"
	FieldJoinDate     = "adhesion"
	FieldMemberNumber = "numero"
	FieldFederation   = "federation"
	FieldSection      = "section"
	FieldCell         = "cellule"
	FieldSource       = "source"
	FieldConsentDate  = "consentement"
	FieldNotes        = "notes"
)

// FieldLabels are the French labels of the fields, as shown in forms.
var FieldLabels = map[string]string{
	FieldKind:         "Type de fiche",
	FieldStatus:       "Statut",
	FieldCivility:     "Civilité",
	FieldFirstName:    "Prénom",
	FieldLastName:     "Nom",
	FieldBirthDate:    "Date de naissance",
	FieldGender:       "Genre",
	FieldStreet:       "Adresse",
	FieldPostalCode:   "Code postal",
	FieldCommune:      "Commune",
	FieldQuartier:     "Quartier",
	FieldCirco:        "Circonscription",
	FieldMobile:       "Mobile",
	FieldLandline:     "Téléphone fixe",
	FieldEmail:        "Courriel",
	FieldProfession:   "Profession",
	FieldPCS:          "Catégorie socio-professionnelle",
	FieldEmployer:     "Employeur ou secteur",
	FieldJoinDate:     "Date d'adhésion",
	FieldMemberNumber: "Numéro d'adhérent",
	FieldFederation:   "Fédération",
	FieldSection:      "Section",
	FieldCell:         "Cellule",
	FieldSource:       "Source",
	FieldConsentDate:  "Date du consentement",
	FieldNotes:        "Notes",
}

// MaxAge is the oldest age accepted for a birth date.
const MaxAge = 120

// FieldError is a problem with one field; Message is French, for the user.
type FieldError struct {
	Field   string // one of the Field* constants
	Message string
}

func (e FieldError) Error() string {
	if label, ok := FieldLabels[e.Field]; ok {
		return label + " : " + e.Message
	}
	return e.Message
}

// ValidationErrors lists the problems of a fiche, at most one per field, in
// form order. A nil or empty list means the fiche is valid.
type ValidationErrors []FieldError

// Error joins the problems as "Label : message; Label : message".
func (v ValidationErrors) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the message for field, or "" when the field has no problem.
func (v ValidationErrors) For(field string) string {
	for _, e := range v {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// Err returns v as an error, or a true nil when v is empty (a nil
// ValidationErrors stored in an error interface would not compare to nil).
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

func (v *ValidationErrors) add(field, message string) {
	if v.For(field) == "" {
		*v = append(*v, FieldError{Field: field, Message: message})
	}
}

// NormalizePerson cleans p in place and checks it, as of day `today` (0 skips
// the checks against today).
//
// Every text field is stripped of control characters and escape sequences
// and trimmed (newlines are kept in Notes only); list entries are cleaned,
// and empty or duplicate entries (ignoring case and accents) dropped. Phones,
// email and postal code are put in canonical form; a value that cannot be
// keeps its (cleaned) text and yields a FieldError. A zero Status becomes
// StatusActif. Uniqueness of the membership number is not checked here.
func NormalizePerson(p *Person, today Date) ValidationErrors {
	var errs ValidationErrors

	p.MemberNumber = cleanLine(p.MemberNumber)
	p.FirstName = cleanLine(p.FirstName)
	p.LastName = cleanLine(p.LastName)
	p.Address.Street = cleanLine(p.Address.Street)
	p.Address.PostalCode = cleanLine(p.Address.PostalCode)
	p.Address.Commune = cleanLine(p.Address.Commune)
	p.Quartier = cleanLine(p.Quartier)
	p.Circonscription = cleanLine(p.Circonscription)
	p.Mobile = cleanLine(p.Mobile)
	p.Landline = cleanLine(p.Landline)
	p.Email = cleanLine(p.Email)
	p.Profession = cleanLine(p.Profession)
	p.Employer = cleanLine(p.Employer)
	p.Source = cleanLine(p.Source)
	p.Notes = cleanText(p.Notes)
	p.Interests = cleanList(p.Interests)
	p.ElectedOffices = cleanList(p.ElectedOffices)
	p.Unions = cleanList(p.Unions)
	p.Associations = cleanList(p.Associations)

	// Checks, in form order.
	switch {
	case p.Kind == 0:
		errs.add(FieldKind, "le type de fiche est obligatoire")
	case !validKind(p.Kind):
		errs.add(FieldKind, "type de fiche inconnu")
	}
	if p.Status == 0 || p.Status == StatusEnRetard { // the dues status is computed now
		p.Status = StatusActif
	}
	if !validStatus(p.Status) {
		errs.add(FieldStatus, "statut inconnu")
	}
	if p.Civility > CivilityM {
		errs.add(FieldCivility, "civilité inconnue")
	}
	if p.LastName == "" {
		errs.add(FieldLastName, "le nom est obligatoire")
	}
	checkDate(&errs, FieldBirthDate, "date de naissance", p.BirthDate, today)
	if errs.For(FieldBirthDate) == "" && today != 0 && p.BirthDate.AgeAt(today) > MaxAge {
		errs.add(FieldBirthDate, "date de naissance improbable : plus de 120 ans")
	}
	if p.Gender > GenderOther {
		errs.add(FieldGender, "genre inconnu")
	}

	if v, err := NormalizePostalCode(p.Address.PostalCode); err != nil {
		errs.add(FieldPostalCode, err.Error())
	} else {
		p.Address.PostalCode = v
	}
	if v, err := NormalizePhone(p.Mobile); err != nil {
		errs.add(FieldMobile, err.Error())
	} else {
		p.Mobile = v
	}
	if v, err := NormalizePhone(p.Landline); err != nil {
		errs.add(FieldLandline, err.Error())
	} else {
		p.Landline = v
	}
	if v, err := NormalizeEmail(p.Email); err != nil {
		errs.add(FieldEmail, err.Error())
	} else {
		p.Email = v
	}
	if p.PCS > PCSSansActivite {
		errs.add(FieldPCS, "catégorie socio-professionnelle inconnue")
	}

	if p.JoinDate != 0 && validKind(p.Kind) && p.Kind != KindAdherent {
		errs.add(FieldJoinDate, "la date d'adhésion ne concerne que les adhérents")
	}
	checkDate(&errs, FieldJoinDate, "date d'adhésion", p.JoinDate, today)
	if errs.For(FieldJoinDate) == "" && p.JoinDate != 0 && p.BirthDate != 0 &&
		errs.For(FieldBirthDate) == "" && p.JoinDate < p.BirthDate {
		errs.add(FieldJoinDate, "la date d'adhésion précède la date de naissance")
	}
	if p.MemberNumber != "" && validKind(p.Kind) && p.Kind != KindAdherent {
		errs.add(FieldMemberNumber, "le numéro d'adhérent ne concerne que les adhérents")
	}

	if p.Org.Federation == 0 {
		errs.add(FieldFederation, "la fédération est obligatoire")
	}
	if p.Org.Cell != 0 && p.Org.Section == 0 {
		errs.add(FieldSection, "la section est obligatoire quand une cellule est choisie")
	}

	checkDate(&errs, FieldConsentDate, "date du consentement", p.Consent.Date, today)

	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkDate checks that d (what: "date de naissance" …) exists and is not
// after today.
func checkDate(errs *ValidationErrors, field, what string, d, today Date) {
	switch {
	case d == 0:
	case !d.Valid() || d.Year() < minDateYear || d.Year() > maxDateYear:
		errs.add(field, what+" invalide")
	case today != 0 && d > today:
		errs.add(field, "la "+what+" est dans le futur")
	}
}

func validKind(k Kind) bool {
	return k >= KindContact && k <= KindAdherent
}

func validStatus(s Status) bool {
	return s >= StatusActif && s <= StatusDecede
}

// cleanList cleans each entry, dropping empty ones and duplicates (ignoring
// case and accents; the first spelling is kept). An empty result is nil.
func cleanList(list []string) []string {
	var out []string
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		s = cleanLine(s)
		if s == "" {
			continue
		}
		key := Fold(s)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, s)
	}
	return out
}
