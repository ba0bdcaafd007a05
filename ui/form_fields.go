package ui

// The fields of the fiche form: what each edits in a model.Person, how it
// is typed (text, date, phone, closed list, toggle …), how it is checked
// when the focus leaves it, and how it is drawn.

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// formKind is how a field is typed.
type formKind uint8

const (
	fkText     formKind = iota // free text, one line
	fkDate                     // jj/mm/aaaa
	fkPhone                    // French or international number
	fkEmail                    // one address
	fkPostal                   // five digits
	fkList                     // comma-separated entries
	fkNotes                    // multi-line text
	fkChoice                   // closed list, cycled with ←/→ or space
	fkToggle                   // yes/no
	fkChannels                 // consent channels, one toggle each
)

// Keys of the form's fields without a model.Field* constant.
const (
	formKeyInterests    = "interets"
	formKeyOffices      = "mandats"
	formKeyUnions       = "syndicats"
	formKeyAssociations = "associations"
	formKeyChannels     = "canaux"
	formKeyLetter       = "lettre"
	formKeyDoNotCall    = "nepasappeler"
	formKeyNPAI         = "npai"
)

// formChoice is one option of a closed list.
type formChoice struct {
	label string
	value int
}

// formSpec ties a field to the fiche. Exactly one accessor is set, by kind.
type formSpec struct {
	key, label, group, hint string
	kind                    formKind
	str                     func(p *model.Person) *string
	date                    func(p *model.Person) *model.Date
	list                    func(p *model.Person) *[]string
	flag                    func(p *model.Person) *bool
	get                     func(p *model.Person) int
	set                     func(p *model.Person, v int)
	choices                 []formChoice // static closed lists; org lists are filled from the units
}

// Groups of the form, as the article groups the attributes.
const (
	formGroupOrg     = "Organisation"
	formGroupCivil   = "État civil"
	formGroupEngage  = "Engagements"
	formGroupConsent = "Consentement & source"
	formGroupNotes   = "Notes"
)

const (
	hintChoice = "←/→ ou espace pour choisir"
	hintDate   = "date jj/mm/aaaa"
	hintList   = "plusieurs valeurs séparées par des virgules"
	hintToggle = "espace pour cocher ou décocher"
)

func enumChoices[T ~uint8](none string, values []T, name func(T) string) []formChoice {
	var out []formChoice
	if none != "" {
		out = append(out, formChoice{none, 0})
	}
	for _, v := range values {
		out = append(out, formChoice{name(v), int(v)})
	}
	return out
}

// formSpecs lists the fields in form order.
func formSpecs() []formSpec {
	strField := func(key, label, group, hint string, kind formKind, acc func(p *model.Person) *string) formSpec {
		return formSpec{key: key, label: label, group: group, hint: hint, kind: kind, str: acc}
	}
	listField := func(key, label string, acc func(p *model.Person) *[]string) formSpec {
		return formSpec{key: key, label: label, group: formGroupEngage, hint: hintList, kind: fkList, list: acc}
	}
	boolField := func(key, label string, acc func(p *model.Person) *bool) formSpec {
		hint := hintToggle
		if key == formKeyNPAI {
			hint += " : n'habite pas à l'adresse indiquée, le courrier revient"
		}
		return formSpec{key: key, label: label, group: formGroupConsent, hint: hint, kind: fkToggle, flag: acc}
	}
	return []formSpec{
		{key: model.FieldKind, label: "Type de fiche", group: formGroupOrg, hint: hintChoice, kind: fkChoice,
			get:     func(p *model.Person) int { return int(p.Kind) },
			set:     func(p *model.Person, v int) { p.Kind = model.Kind(v) },
			choices: enumChoices("", model.Kinds, func(k model.Kind) string { return k.String() })},
		{key: model.FieldStatus, label: "Statut", group: formGroupOrg, hint: hintChoice, kind: fkChoice,
			get:     func(p *model.Person) int { return int(p.Status) },
			set:     func(p *model.Person, v int) { p.Status = model.Status(v) },
			choices: enumChoices("", model.Statuses, func(s model.Status) string { return s.String() })},
		{key: model.FieldFederation, label: "Fédération", group: formGroupOrg, hint: hintChoice, kind: fkChoice,
			get: func(p *model.Person) int { return int(p.Org.Federation) },
			set: func(p *model.Person, v int) { p.Org.Federation = model.UnitID(v) }},
		{key: model.FieldSection, label: "Section", group: formGroupOrg, hint: hintChoice, kind: fkChoice,
			get: func(p *model.Person) int { return int(p.Org.Section) },
			set: func(p *model.Person, v int) { p.Org.Section = model.UnitID(v) }},
		{key: model.FieldCell, label: "Cellule", group: formGroupOrg, hint: hintChoice, kind: fkChoice,
			get: func(p *model.Person) int { return int(p.Org.Cell) },
			set: func(p *model.Person, v int) { p.Org.Cell = model.UnitID(v) }},
		strField(model.FieldMemberNumber, "N° d'adhérent", formGroupOrg, "attribué automatiquement à l'adhésion s'il est vide", fkText,
			func(p *model.Person) *string { return &p.MemberNumber }),
		{key: model.FieldJoinDate, label: "Date d'adhésion", group: formGroupOrg, hint: hintDate + " (adhérents seulement)", kind: fkDate,
			date: func(p *model.Person) *model.Date { return &p.JoinDate }},

		{key: model.FieldCivility, label: "Civilité", group: formGroupCivil, hint: hintChoice, kind: fkChoice,
			get: func(p *model.Person) int { return int(p.Civility) },
			set: func(p *model.Person, v int) { p.Civility = model.Civility(v) },
			choices: []formChoice{{"— non renseignée", int(model.CivilityNone)},
				{"Mme", int(model.CivilityMme)}, {"M.", int(model.CivilityM)}}},
		strField(model.FieldFirstName, "Prénom", formGroupCivil, "", fkText, func(p *model.Person) *string { return &p.FirstName }),
		strField(model.FieldLastName, "Nom", formGroupCivil, "obligatoire", fkText, func(p *model.Person) *string { return &p.LastName }),
		{key: model.FieldBirthDate, label: "Date de naissance", group: formGroupCivil, hint: hintDate, kind: fkDate,
			date: func(p *model.Person) *model.Date { return &p.BirthDate }},
		{key: model.FieldGender, label: "Genre", group: formGroupCivil, hint: hintChoice + " (sert à la pyramide des âges)", kind: fkChoice,
			get: func(p *model.Person) int { return int(p.Gender) },
			set: func(p *model.Person, v int) { p.Gender = model.Gender(v) },
			choices: enumChoices("— non renseigné", []model.Gender{model.GenderFemale, model.GenderMale, model.GenderOther},
				func(g model.Gender) string { return g.String() })},
		strField(model.FieldStreet, "Adresse", formGroupCivil, "numéro et rue", fkText, func(p *model.Person) *string { return &p.Address.Street }),
		strField(model.FieldPostalCode, "Code postal", formGroupCivil, "5 chiffres", fkPostal, func(p *model.Person) *string { return &p.Address.PostalCode }),
		strField(model.FieldCommune, "Commune", formGroupCivil, "", fkText, func(p *model.Person) *string { return &p.Address.Commune }),
		strField(model.FieldQuartier, "Quartier", formGroupCivil, "", fkText, func(p *model.Person) *string { return &p.Quartier }),
		strField(model.FieldCirco, "Circonscription", formGroupCivil, "", fkText, func(p *model.Person) *string { return &p.Circonscription }),
		strField(model.FieldMobile, "Mobile", formGroupCivil, "ex. 06 12 34 56 78, ou +41 … pour l'étranger", fkPhone, func(p *model.Person) *string { return &p.Mobile }),
		strField(model.FieldLandline, "Téléphone fixe", formGroupCivil, "ex. 04 76 00 00 00", fkPhone, func(p *model.Person) *string { return &p.Landline }),
		strField(model.FieldEmail, "Courriel", formGroupCivil, "prenom.nom@exemple.fr", fkEmail, func(p *model.Person) *string { return &p.Email }),
		strField(model.FieldProfession, "Profession", formGroupCivil, "", fkText, func(p *model.Person) *string { return &p.Profession }),
		{key: model.FieldPCS, label: "PCS", group: formGroupCivil, hint: hintChoice + " (catégorie socio-professionnelle)", kind: fkChoice,
			get:     func(p *model.Person) int { return int(p.PCS) },
			set:     func(p *model.Person, v int) { p.PCS = model.PCS(v) },
			choices: enumChoices("— non renseignée", model.PCSGroups, func(g model.PCS) string { return g.String() })},
		strField(model.FieldEmployer, "Employeur / secteur", formGroupCivil, "", fkText, func(p *model.Person) *string { return &p.Employer }),

		listField(formKeyInterests, "Centres d'intérêt", func(p *model.Person) *[]string { return &p.Interests }),
		listField(formKeyOffices, "Mandats électifs", func(p *model.Person) *[]string { return &p.ElectedOffices }),
		listField(formKeyUnions, "Syndicats", func(p *model.Person) *[]string { return &p.Unions }),
		listField(formKeyAssociations, "Associations", func(p *model.Person) *[]string { return &p.Associations }),

		strField(model.FieldSource, "Source", formGroupConsent, "pétition, événement … d'où vient la personne", fkText, func(p *model.Person) *string { return &p.Source }),
		{key: model.FieldConsentDate, label: "Consentement le", group: formGroupConsent, hint: hintDate + " : quand la personne a donné ses coordonnées", kind: fkDate,
			date: func(p *model.Person) *model.Date { return &p.Consent.Date }},
		{key: formKeyChannels, label: "Canaux consentis", group: formGroupConsent, hint: "←/→ pour se déplacer, espace pour cocher", kind: fkChannels,
			get: func(p *model.Person) int { return int(p.Consent.Channels) },
			set: func(p *model.Person, v int) { p.Consent.Channels = model.Channels(v) }},
		{key: formKeyLetter, label: "Lettre des adhérents", group: formGroupConsent, hint: hintChoice, kind: fkChoice,
			get:     func(p *model.Person) int { return formBool(p.Preferences.LetterOnPaper) },
			set:     func(p *model.Person, v int) { p.Preferences.LetterOnPaper = v == 1 },
			choices: []formChoice{{"par courriel", 0}, {"sur papier", 1}}},
		boolField(formKeyDoNotCall, "Ne pas appeler", func(p *model.Person) *bool { return &p.Preferences.DoNotCall }),
		boolField(formKeyNPAI, "NPAI", func(p *model.Person) *bool { return &p.Preferences.NPAI }),

		strField(model.FieldNotes, "Notes", formGroupNotes, "entrée : nouvelle ligne · tab : champ suivant", fkNotes, func(p *model.Person) *string { return &p.Notes }),
	}
}

func formBool(b bool) int {
	if b {
		return 1
	}
	return 0
}

// formField is one field of the form, with its editing state.
type formField struct {
	formSpec
	input   textinput.Model
	area    textarea.Model
	val     int // fkChoice, fkToggle (0/1), fkChannels (bit set)
	chanPos int // fkChannels: the channel under the cursor
	initial string
	err     string // French message, shown under the field
	warn    string // e.g. also changed by someone else meanwhile
}

func newFormField(spec formSpec, st *Styles) *formField {
	f := &formField{formSpec: spec}
	r := st.Renderer()
	switch spec.kind {
	case fkNotes:
		f.area = textarea.New()
		f.area.ShowLineNumbers = false
		f.area.Prompt = ""
		f.area.CharLimit = 4000
		f.area.SetHeight(3)
		plain := r.NewStyle()
		ts := textarea.Style{Base: plain, CursorLine: plain, CursorLineNumber: plain, EndOfBuffer: plain,
			LineNumber: plain, Placeholder: st.Muted, Prompt: plain, Text: plain}
		f.area.FocusedStyle, f.area.BlurredStyle = ts, ts
		f.area.Cursor.Style = r.NewStyle().Reverse(true)
		f.area.Cursor.TextStyle = plain
		f.area.Cursor.SetMode(cursor.CursorStatic)
	case fkChoice, fkToggle, fkChannels:
	default:
		f.input = textinput.New()
		f.input.Prompt = ""
		f.input.CharLimit = 200
		if spec.kind == fkList {
			f.input.CharLimit = 1000
		}
		f.input.PromptStyle = r.NewStyle()
		f.input.TextStyle = r.NewStyle()
		f.input.PlaceholderStyle = st.Muted
		f.input.Cursor.Style = r.NewStyle().Reverse(true)
		f.input.Cursor.TextStyle = r.NewStyle()
		f.input.Cursor.SetMode(cursor.CursorStatic)
		if spec.kind == fkDate {
			f.input.Placeholder = "jj/mm/aaaa"
		}
	}
	return f
}

// isText reports whether the field takes typed text.
func (f *formField) isText() bool {
	switch f.kind {
	case fkChoice, fkToggle, fkChannels:
		return false
	}
	return true
}

// load shows p's value in the field and makes it the unchanged value.
func (f *formField) load(p *model.Person) {
	switch f.kind {
	case fkNotes:
		f.area.SetValue(model.StripControlMultiline(*f.str(p)))
	case fkPhone:
		f.input.SetValue(ficheClean(model.FormatPhone(*f.str(p))))
	case fkDate:
		f.input.SetValue(f.date(p).String())
	case fkList:
		var parts []string
		for _, s := range *f.list(p) {
			parts = append(parts, ficheClean(s))
		}
		f.input.SetValue(strings.Join(parts, ", "))
	case fkChoice, fkChannels:
		f.val = f.get(p)
	case fkToggle:
		f.val = formBool(*f.flag(p))
	default:
		f.input.SetValue(ficheClean(*f.str(p)))
	}
	if f.isText() && f.kind != fkNotes {
		f.input.CursorEnd()
	}
	f.initial = f.value()
	f.err, f.warn = "", ""
}

// value is the field's current value as a string, to tell changes.
func (f *formField) value() string {
	switch f.kind {
	case fkNotes:
		return f.area.Value()
	case fkChoice, fkToggle, fkChannels:
		return strconv.Itoa(f.val)
	}
	return f.input.Value()
}

// setValue restores a value obtained from value().
func (f *formField) setValue(v string) {
	switch f.kind {
	case fkNotes:
		f.area.SetValue(v)
	case fkChoice, fkToggle, fkChannels:
		f.val, _ = strconv.Atoi(v)
	default:
		f.input.SetValue(v)
		f.input.CursorEnd()
	}
}

func (f *formField) changed() bool { return f.value() != f.initial }

func (f *formField) focus() tea.Cmd {
	switch f.kind {
	case fkNotes:
		return f.area.Focus()
	case fkChoice, fkToggle, fkChannels:
		return nil
	}
	return f.input.Focus()
}

func (f *formField) blur() {
	switch f.kind {
	case fkNotes:
		f.area.Blur()
	case fkChoice, fkToggle, fkChannels:
	default:
		f.input.Blur()
	}
}

// check validates the field alone, as when the focus leaves it. With
// tidy, a valid value is rewritten in its display form (06 12 34 56 78,
// 01/03/1980 …). It sets and returns the error message ("" when valid).
func (f *formField) check(tidy bool) string {
	f.err = ""
	v := strings.TrimSpace(f.value())
	set := func(s string) {
		if tidy && s != f.input.Value() {
			f.input.SetValue(s)
			f.input.CursorEnd()
		}
	}
	switch f.kind {
	case fkDate:
		if d, err := model.ParseDate(v); err != nil {
			f.err = err.Error()
		} else {
			set(d.String())
		}
	case fkPhone:
		if n, err := model.NormalizePhone(v); err != nil {
			f.err = err.Error()
		} else {
			set(model.FormatPhone(n))
		}
	case fkEmail:
		if e, err := model.NormalizeEmail(v); err != nil {
			f.err = err.Error()
		} else {
			set(e)
		}
	case fkPostal:
		if c, err := model.NormalizePostalCode(v); err != nil {
			f.err = err.Error()
		} else {
			set(c)
		}
	}
	if f.err == "" && f.key == model.FieldLastName && ficheClean(v) == "" {
		f.err = "le nom est obligatoire"
	}
	return f.err
}

// apply writes the field's value into p; it returns the field's own error
// (the value could not be read), if any.
func (f *formField) apply(p *model.Person) string {
	v := f.value()
	switch f.kind {
	case fkNotes:
		*f.str(p) = v
	case fkDate:
		d, err := model.ParseDate(v)
		if err != nil {
			return err.Error()
		}
		*f.date(p) = d
	case fkPhone:
		n, err := model.NormalizePhone(v)
		if err != nil {
			return err.Error()
		}
		*f.str(p) = n
	case fkList:
		var out []string
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		*f.list(p) = out
	case fkChoice, fkChannels:
		f.set(p, f.val)
	case fkToggle:
		*f.flag(p) = f.val == 1
	default: // fkText, fkEmail, fkPostal: NormalizePerson checks them
		*f.str(p) = v
	}
	return ""
}

// choiceIndex is the position of the current value among the choices (-1).
func (f *formField) choiceIndex() int {
	for i, c := range f.choices {
		if c.value == f.val {
			return i
		}
	}
	return -1
}

// cycle moves a closed list by delta options; it reports a change.
func (f *formField) cycle(delta int) bool {
	n := len(f.choices)
	if n == 0 {
		return false
	}
	i := f.choiceIndex()
	switch {
	case i < 0 && delta > 0:
		i = 0
	case i < 0:
		i = n - 1
	default:
		i = ((i+delta)%n + n) % n
	}
	old := f.val
	f.val = f.choices[i].value
	return f.val != old
}

// jump selects the next option whose label starts with letter r.
func (f *formField) jump(r rune) bool {
	n := len(f.choices)
	if n == 0 {
		return false
	}
	want := model.Fold(string(r))
	start := max(f.choiceIndex(), 0)
	for k := 1; k <= n; k++ {
		c := f.choices[(start+k)%n]
		label := strings.TrimLeft(model.Fold(c.label), "— ")
		if strings.HasPrefix(label, want) {
			old := f.val
			f.val = c.value
			return f.val != old
		}
	}
	return false
}

// choiceLabel is the label of the current value.
func (f *formField) choiceLabel() string {
	if i := f.choiceIndex(); i >= 0 {
		return f.choices[i].label
	}
	if f.val == 0 {
		return "— à choisir"
	}
	return "#" + strconv.Itoa(f.val)
}

// setWidth sizes the field's editor to w cells.
func (f *formField) setWidth(w int) {
	switch f.kind {
	case fkNotes:
		f.area.SetWidth(max(w, 4))
	case fkChoice, fkToggle, fkChannels:
	default:
		f.input.Width = max(w-1, 1)
	}
}
