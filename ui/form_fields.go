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

// formChoice is one option of a closed list.
type formChoice struct {
	label string
	value int
}

// formSpec is one field of the form: its registry entry (what it edits in a
// model.Person, its type and limit) and how the form lays it out.
type formSpec struct {
	field                   *model.Field
	key, label, group, hint string
	kind                    formKind
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

// vocabChoices are the options of an enumeration, with none first when
// the value may be left out.
func vocabChoices(none string, vc *model.Vocab) []formChoice {
	var out []formChoice
	if none != "" {
		out = append(out, formChoice{none, 0})
	}
	for _, w := range vc.Words {
		if !w.Retired {
			out = append(out, formChoice{w.Label, int(w.Value)})
		}
	}
	return out
}

// formLayout is the form's order, groups and hints; label overrides the
// registry's label where the form words it differently.
var formLayout = []struct {
	key, group, hint, label string
	choices                 []formChoice
}{
	{key: model.FieldKind, group: formGroupOrg, hint: hintChoice, choices: vocabChoices("", model.KindWords)},
	{key: model.FieldStatus, group: formGroupOrg, hint: hintChoice, choices: vocabChoices("", model.StatusWords)},
	{key: model.FieldFederation, group: formGroupOrg, hint: hintChoice},
	{key: model.FieldSection, group: formGroupOrg, hint: hintChoice},
	{key: model.FieldCell, group: formGroupOrg, hint: hintChoice},
	{key: model.FieldMemberNumber, group: formGroupOrg, hint: "attribué automatiquement à l'adhésion s'il est vide", label: "N° d'adhérent"},
	{key: model.FieldJoinDate, group: formGroupOrg, hint: hintDate + " (adhérents seulement)"},

	{key: model.FieldCivility, group: formGroupCivil, hint: hintChoice, choices: vocabChoices("— non renseignée", model.CivilityWords)},
	{key: model.FieldFirstName, group: formGroupCivil},
	{key: model.FieldLastName, group: formGroupCivil, hint: "obligatoire"},
	{key: model.FieldBirthDate, group: formGroupCivil, hint: hintDate},
	{key: model.FieldGender, group: formGroupCivil, hint: hintChoice + " (sert à la pyramide des âges)", choices: vocabChoices("— non renseigné", model.GenderWords)},
	{key: model.FieldStreet, group: formGroupCivil, hint: "numéro et rue"},
	{key: model.FieldPostalCode, group: formGroupCivil, hint: "5 chiffres"},
	{key: model.FieldCommune, group: formGroupCivil},
	{key: model.FieldQuartier, group: formGroupCivil},
	{key: model.FieldCirco, group: formGroupCivil},
	{key: model.FieldMobile, group: formGroupCivil, hint: "ex. 06 12 34 56 78, ou +41 … pour l'étranger"},
	{key: model.FieldLandline, group: formGroupCivil, hint: "ex. 04 76 00 00 00"},
	{key: model.FieldEmail, group: formGroupCivil, hint: "prenom.nom@exemple.fr"},
	{key: model.FieldProfession, group: formGroupCivil},
	{key: model.FieldPCS, group: formGroupCivil, hint: hintChoice + " (catégorie socio-professionnelle)", label: "PCS", choices: vocabChoices("— non renseignée", model.PCSWords)},
	{key: model.FieldEmployer, group: formGroupCivil, label: "Employeur / secteur"},

	{key: model.FieldInterests, group: formGroupEngage, hint: hintList},
	{key: model.FieldOffices, group: formGroupEngage, hint: hintList},
	{key: model.FieldUnions, group: formGroupEngage, hint: hintList},
	{key: model.FieldAssociations, group: formGroupEngage, hint: hintList},

	{key: model.FieldSource, group: formGroupConsent, hint: "pétition, événement … d'où vient la personne"},
	{key: model.FieldConsentDate, group: formGroupConsent, hint: hintDate + " : quand la personne a donné ses coordonnées", label: "Consentement le"},
	{key: model.FieldChannels, group: formGroupConsent, hint: "←/→ pour se déplacer, espace pour cocher"},
	{key: model.FieldPaperLetter, group: formGroupConsent, hint: hintChoice, label: "Lettre des adhérents",
		choices: []formChoice{{"par courriel", 0}, {"sur papier", 1}}},
	{key: model.FieldDoNotCall, group: formGroupConsent, hint: hintToggle},
	{key: model.FieldNPAI, group: formGroupConsent, hint: hintToggle + " : n'habite pas à l'adresse indiquée, le courrier revient"},

	{key: model.FieldNotes, group: formGroupNotes, hint: "entrée : nouvelle ligne · tab : champ suivant"},
}

// formKinds is how each registry type is typed in the form.
var formKinds = map[model.FieldType]formKind{
	model.TypeText: fkText, model.TypeNotes: fkNotes, model.TypeDate: fkDate, model.TypePhone: fkPhone,
	model.TypeEmail: fkEmail, model.TypePostalCode: fkPostal, model.TypeEnum: fkChoice, model.TypeUnit: fkChoice,
	model.TypeChannels: fkChannels, model.TypeYesNo: fkToggle, model.TypeList: fkList,
}

// formSpecs lists the fields in form order.
func formSpecs() []formSpec {
	out := make([]formSpec, len(formLayout))
	for i, l := range formLayout {
		f := model.FieldFor(l.key)
		out[i] = formSpec{field: f, key: f.Key, label: f.Label, group: l.group, hint: l.hint, kind: formKinds[f.Type], choices: l.choices}
		if l.label != "" {
			out[i].label = l.label
		}
		if f.Type == model.TypeYesNo && l.choices != nil {
			out[i].kind = fkChoice // a yes/no worded as two choices
		}
	}
	return out
}

// getNum and setNum read and write a choice, toggle or channels field as a number.
func (s *formSpec) getNum(p *model.Person) int {
	if fl := s.field.FlagPtr(p); fl != nil {
		return formBool(*fl)
	}
	return s.field.Num(p)
}

func (s *formSpec) setNum(p *model.Person, v int) {
	if fl := s.field.FlagPtr(p); fl != nil {
		*fl = v == 1
		return
	}
	s.field.SetNum(p, v)
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
		// No CharLimit nor MaxHeight: they would cut a longer stored note
		// when it is loaded; the length is checked instead (check).
		f.area.CharLimit, f.area.MaxHeight = 0, 0
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
		f.input.CharLimit = 0 // the length is checked instead (check): a longer stored value is not cut
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
		f.area.SetValue(model.StripControlMultiline(*f.field.Str(p)))
	case fkPhone:
		f.input.SetValue(ficheClean(model.FormatPhone(*f.field.Str(p))))
	case fkDate:
		f.input.SetValue(f.field.DatePtr(p).String())
	case fkList:
		var parts []string
		for _, s := range *f.field.ListPtr(p) {
			parts = append(parts, ficheClean(s))
		}
		f.input.SetValue(strings.Join(parts, ", "))
	case fkChoice, fkChannels, fkToggle:
		f.val = f.getNum(p)
	default:
		f.input.SetValue(ficheClean(*f.field.Str(p)))
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
	if f.err == "" && f.changed() {
		f.err = f.tooLong()
	}
	return f.err
}

// tooLong is the message for a value over the field's limit ("" when it fits).
func (f *formField) tooLong() string {
	if f.kind != fkList {
		return f.field.TooLong(strings.TrimSpace(f.value()))
	}
	for _, e := range splitFormList(f.value()) {
		if msg := f.field.TooLong(e); msg != "" {
			return msg
		}
	}
	return ""
}

func splitFormList(v string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// apply writes the field's value into p; it returns the field's own error
// (the value could not be read), if any.
func (f *formField) apply(p *model.Person) string {
	v := f.value()
	switch f.kind {
	case fkNotes:
		*f.field.Str(p) = v
	case fkDate:
		d, err := model.ParseDate(v)
		if err != nil {
			return err.Error()
		}
		*f.field.DatePtr(p) = d
	case fkPhone:
		n, err := model.NormalizePhone(v)
		if err != nil {
			return err.Error()
		}
		*f.field.Str(p) = n
	case fkList:
		*f.field.ListPtr(p) = splitFormList(v)
	case fkChoice, fkChannels, fkToggle:
		f.setNum(p, f.val)
	default: // fkText, fkEmail, fkPostal: NormalizePerson checks them
		*f.field.Str(p) = v
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
