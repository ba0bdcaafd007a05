package model

import "strings"

// MaxAge is the oldest age accepted for a birth date.
const MaxAge = 120

// FieldError is a problem with one field; Message is French, for the user.
type FieldError struct {
	Field   string // a Field key
	Message string
}

func (e FieldError) Error() string {
	if f := FieldFor(e.Field); f != nil {
		return f.Label + " : " + e.Message
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

	for i := range Fields {
		f := &Fields[i]
		switch {
		case f.Type == TypeNotes:
			*f.str(p) = cleanText(*f.str(p))
		case f.str != nil:
			*f.str(p) = cleanLine(*f.str(p))
		case f.list != nil:
			*f.list(p) = cleanList(*f.list(p))
		}
	}

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
	if err := p.Contribution.Check(); err != nil {
		errs.add(FieldContribution, err.Error())
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
