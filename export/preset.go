// Package export writes spreadsheets of fiches (export routage: xlsx or
// CSV, with presets that match the organisers' jobs) and reads them back in
// (import of a section's old spreadsheets, a petition's signatures). It
// owns the files; every fiche it reads or writes goes through the store,
// with the session's rights and scope.
package export

import (
	"strconv"
	"strings"

	"fichier/model"
)

// Units names organisation units for the Fédération / Section / Cellule
// columns (store.UnitNames).
type Units map[model.UnitID]string

func (u Units) name(id model.UnitID) string {
	if id == 0 {
		return ""
	}
	if n, ok := u[id]; ok {
		return n
	}
	return "#" + strconv.FormatUint(uint64(id), 10)
}

// ValueKind says how a cell is written.
type ValueKind uint8

const (
	Text ValueKind = iota // a string; phone numbers and postal codes are text too (leading zeros kept)
	Date                  // a real date cell shown jj/mm/aaaa (CSV: the text jj/mm/aaaa)
)

// Value is one cell.
type Value struct {
	Kind ValueKind
	Text string
	Date model.Date
}

// Empty reports whether the cell has nothing to show.
func (v Value) Empty() bool {
	if v.Kind == Date {
		return v.Date == 0
	}
	return v.Text == ""
}

// String is the value as text (dates jj/mm/aaaa).
func (v Value) String() string {
	if v.Kind == Date {
		return v.Date.String()
	}
	return v.Text
}

// Column is one column of a sheet.
type Column struct {
	Header string
	Width  float64 // in characters
	// AsText marks columns whose values look like numbers but must stay
	// text (phones, postal codes, membership numbers): the whole column is
	// formatted as text so that an edit does not turn 01000 into 1000.
	AsText bool
	Get    func(p *model.Person, u Units) Value
	// LastCall, when set, is used instead of Get by columns that show the
	// person's last phone call (rappel.go): the export then reads the calls.
	LastCall func(p *model.Person, last *model.Call) Value
}

// Sheet is one sheet of a workbook (CSV: one list, see NewWriter).
type Sheet struct {
	Name    string // ≤ 31 characters, none of : \ / ? * [ ]
	Columns []Column
}

// Preset is a kind of export: the columns a job needs and who is in it.
type Preset struct {
	Name  string // rappel, courrier, courriel, lettre, complet
	Label string // French, for menus
	Help  string // what it is for and who is left out
	// Neutral presets make files handed to a printer or a mailing
	// contractor: no political attribute (kind, section, cell, interests,
	// dues) in their columns, and neutral sheet and file names that do not
	// repeat the search (CNIL recommendation for party files).
	Neutral bool
	// Mailing presets make files for a printer or a mailing contractor
	// too (neutral ones, and lettre, whose columns keep NPAI): their
	// default file name never says who is in it nor repeats the search.
	Mailing bool
	Stem    string // start of the default file name
	Sheets  []Sheet
	// Route gives the sheet a fiche goes to, or -1 and why it is left out.
	Route func(p *model.Person) (sheet int, excluded string)
}

// Columns is the number of columns of the widest sheet.
func (p *Preset) Columns() int {
	n := 0
	for _, s := range p.Sheets {
		n = max(n, len(s.Columns))
	}
	return n
}

// Reasons a fiche is left out of an export.
const (
	OutDeceased   = "décédé"
	OutDoNotCall  = "ne souhaite pas être appelé"
	OutNoPhone    = "sans téléphone"
	OutNPAI       = "NPAI (courrier revenu)"
	OutNoPost     = "pas de consentement au courrier"
	OutNoAddress  = "adresse incomplète"
	OutNoEmail    = "sans courriel"
	OutNoEmailOK  = "pas de consentement au courriel"
	OutNotMember  = "pas adhérent"
	OutNotCurrent = "adhérent démissionnaire ou muté"
)

// Presets are the exports the organisers' jobs call for (MISSION.md).
var Presets = []*Preset{presetRappel, presetCourrier, presetCourriel, presetLettre, presetComplet}

// PresetByName finds a preset (accents and case ignored).
func PresetByName(name string) (*Preset, bool) {
	n := model.Fold(strings.TrimSpace(name))
	for _, p := range Presets {
		if p.Name == n {
			return p, true
		}
	}
	return nil, false
}

// PresetNames lists the presets' names, for messages.
func PresetNames() string {
	names := make([]string, len(Presets))
	for i, p := range Presets {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

func text(header string, width float64, get func(p *model.Person) string) Column {
	return Column{Header: header, Width: width, Get: func(p *model.Person, _ Units) Value { return Value{Text: get(p)} }}
}

func textual(header string, width float64, get func(p *model.Person) string) Column {
	c := text(header, width, get)
	c.AsText = true
	return c
}

func date(header string, get func(p *model.Person) model.Date) Column {
	return Column{Header: header, Width: 12, Get: func(p *model.Person, _ Units) Value { return Value{Kind: Date, Date: get(p)} }}
}

func phone(header string, get func(p *model.Person) string) Column {
	return textual(header, 16, func(p *model.Person) string { return formatPhone(get(p)) })
}

// formatPhone is model.FormatPhone with a fast path for the common French
// numbers (+33 then 1-7 or 9: "06 12 34 56 78"), which libphonenumber takes
// ~10 µs to format: a 100k-row export has 200k of them.
func formatPhone(canonical string) string {
	if len(canonical) == 12 && strings.HasPrefix(canonical, "+33") && canonical[3] >= '1' && canonical[3] <= '9' && canonical[3] != '8' {
		digits := canonical[3:]
		if isDigits(digits) {
			b := make([]byte, 0, 14)
			b = append(b, '0', digits[0])
			for i := 1; i < 9; i += 2 {
				b = append(b, ' ', digits[i], digits[i+1])
			}
			return string(b)
		}
	}
	if canonical == "" {
		return ""
	}
	return model.FormatPhone(canonical)
}

// column is the column of a fiche attribute, as the registry describes it:
// its journal label as header (the import recognises it), its value as
// shown (units named, phones spelled, yes/no as oui/non).
func column(key string, width float64) Column {
	f := model.FieldFor(key)
	switch f.Type {
	case model.TypeDate:
		return date(f.Short, func(p *model.Person) model.Date { return *f.DatePtr(p) })
	case model.TypePhone:
		return phone(f.Short, func(p *model.Person) string { return *f.Str(p) })
	case model.TypePostalCode:
		return textual(f.Short, width, func(p *model.Person) string { return *f.Str(p) })
	case model.TypeUnit:
		return Column{Header: f.Short, Width: width, Get: func(p *model.Person, u Units) Value { return Value{Text: u.name(model.UnitID(f.Num(p)))} }}
	case model.TypeYesNo:
		return text(f.Short, width, func(p *model.Person) string { return model.YesNo(*f.FlagPtr(p)) })
	}
	return text(f.Short, width, f.Text)
}

// The columns presets share.
var (
	colLastName   = column(model.FieldLastName, 22)
	colFirstName  = column(model.FieldFirstName, 18)
	colCivility   = column(model.FieldCivility, 9)
	colStreet     = column(model.FieldStreet, 36)
	colPostalCode = column(model.FieldPostalCode, 12)
	colCommune    = column(model.FieldCommune, 24)
	colMobile     = column(model.FieldMobile, 16)
	colLandline   = column(model.FieldLandline, 16)
	colEmail      = column(model.FieldEmail, 32)
	colKind       = column(model.FieldKind, 19)
	colFederation = column(model.FieldFederation, 16)
	colSection    = column(model.FieldSection, 22)
	colCell       = column(model.FieldCell, 20)
)

// leftOut is a rule of a preset: the fiches it matches are left out, and why.
type leftOut struct {
	match func(p *model.Person) bool
	why   string
}

// oneSheet routes to the one sheet the fiches no rule leaves out; the first
// rule that matches says why a fiche is left out.
func oneSheet(rules ...leftOut) func(p *model.Person) (int, string) {
	return func(p *model.Person) (int, string) {
		for _, r := range rules {
			if r.match(p) {
				return -1, r.why
			}
		}
		return 0, ""
	}
}

// outDeceased leaves out those who died, from every list but the full one.
var outDeceased = leftOut{func(p *model.Person) bool { return p.Status == model.StatusDecede }, OutDeceased}

var presetRappel = &Preset{
	Name:  "rappel",
	Label: "Rappel téléphonique",
	Help:  "pour une soirée d'appels : noms, téléphones, section, cellule, type, et une colonne pour noter l'appel ; sans ceux qui ne veulent pas être appelés ni ceux qui n'ont aucun téléphone",
	Stem:  "rappel",
	Sheets: []Sheet{{Name: "Rappel téléphonique", Columns: []Column{
		colLastName, colFirstName, colMobile, colLandline, colSection, colCell, colKind,
		colLastCall,
	}}},
	Route: oneSheet(
		outDeceased,
		leftOut{func(p *model.Person) bool { return p.Preferences.DoNotCall }, OutDoNotCall},
		leftOut{func(p *model.Person) bool { return p.Mobile == "" && p.Landline == "" }, OutNoPhone},
	),
}

var presetCourrier = &Preset{
	Name:    "courrier",
	Label:   "Courrier (étiquettes)",
	Help:    "adresses postales pour un envoi ou un routeur : civilité, nom, prénom, adresse ; rien d'autre (fichier neutre) ; sans les NPAI ni ceux qui n'ont pas accepté le courrier",
	Neutral: true,
	Stem:    "adresses",
	Sheets:  []Sheet{{Name: "Adresses", Columns: []Column{colCivility, colLastName, colFirstName, colStreet, colPostalCode, colCommune}}},
	Route: oneSheet(
		outDeceased,
		leftOut{func(p *model.Person) bool { return p.Preferences.NPAI }, OutNPAI},
		leftOut{func(p *model.Person) bool { return !p.Consent.Channels.Has(model.ChannelCourrier) }, OutNoPost},
		leftOut{func(p *model.Person) bool {
			return p.Address.Street == "" || (p.Address.PostalCode == "" && p.Address.Commune == "")
		}, OutNoAddress},
	),
}

var presetCourriel = &Preset{
	Name:    "courriel",
	Label:   "Liste de courriels",
	Help:    "nom, prénom, courriel de ceux qui ont accepté d'être écrits par courriel ; rien d'autre (fichier neutre)",
	Neutral: true,
	Stem:    "courriels",
	Sheets:  []Sheet{{Name: "Courriels", Columns: []Column{colLastName, colFirstName, colEmail}}},
	Route: oneSheet(
		outDeceased,
		leftOut{func(p *model.Person) bool { return p.Email == "" }, OutNoEmail},
		leftOut{func(p *model.Person) bool { return !p.Consent.Channels.Has(model.ChannelCourriel) }, OutNoEmailOK},
	),
}

var presetLettre = &Preset{
	Name:    "lettre",
	Label:   "Lettre aux adhérents",
	Help:    "les adhérents en deux feuilles : « Par courriel » et « Papier » (sans courriel ou qui préfèrent le papier) ; chacun une fois, personne d'oublié",
	Stem:    "lettre",
	Mailing: true,
	Sheets: []Sheet{
		{Name: "Par courriel", Columns: []Column{colCivility, colLastName, colFirstName, colEmail}},
		{Name: "Papier", Columns: []Column{colCivility, colLastName, colFirstName, colStreet, colPostalCode, colCommune,
			text("NPAI", 6, func(p *model.Person) string { return model.FieldFor(model.FieldNPAI).Text(p) })}},
	},
	Route: func(p *model.Person) (int, string) {
		switch {
		case p.Kind != model.KindAdherent:
			return -1, OutNotMember
		case outDeceased.match(p):
			return -1, OutDeceased
		case p.Status == model.StatusDemissionnaire || p.Status == model.StatusMute:
			return -1, OutNotCurrent
		case p.Email == "" || p.Preferences.LetterOnPaper:
			return 1, ""
		}
		return 0, ""
	},
}

// completeColumns are every attribute of a fiche, in form order. Their
// headers are recognised by the import, so that a full export re-imports
// into the same fiches.
var completeColumns = func() []Column {
	number := column(model.FieldMemberNumber, 14)
	number.AsText = true
	cols := []Column{
		textual("ID", 8, func(p *model.Person) string { return strconv.FormatUint(uint64(p.ID), 10) }),
		number, colKind,
		column(model.FieldStatus, 14),
		column(model.FieldArchived, 9),
		colCivility, colLastName, colFirstName,
		column(model.FieldBirthDate, 12),
		column(model.FieldGender, 8),
		colStreet, colPostalCode, colCommune,
		column(model.FieldQuartier, 18),
		column(model.FieldCirco, 18),
		colMobile, colLandline, colEmail,
		column(model.FieldProfession, 24),
		column(model.FieldPCS, 24),
		column(model.FieldEmployer, 24),
		column(model.FieldJoinDate, 12),
		column(model.FieldContribution, 20),
		colFederation, colSection, colCell,
		column(model.FieldInterests, 30),
		column(model.FieldOffices, 24),
		column(model.FieldUnions, 16),
		column(model.FieldAssociations, 24),
		column(model.FieldSource, 24),
		column(model.FieldConsentDate, 12),
		column(model.FieldChannels, 26),
		column(model.FieldPaperLetter, 9),
		column(model.FieldDoNotCall, 9),
		column(model.FieldNPAI, 6),
		column(model.FieldNotes, 40),
		date("Créée le", func(p *model.Person) model.Date { return civil(p.CreatedAt) }),
		text("Créée par", 12, func(p *model.Person) string { return p.CreatedBy }),
		date("Modifiée le", func(p *model.Person) model.Date { return civil(p.UpdatedAt) }),
		text("Modifiée par", 12, func(p *model.Person) string { return p.UpdatedBy }),
	}
	return cols
}()

var presetComplet = &Preset{
	Name:   "complet",
	Label:  "Fiches complètes",
	Help:   "toutes les informations de chaque fiche (à garder pour soi : données politiques) ; se réimporte telle quelle",
	Stem:   "export-routage",
	Sheets: []Sheet{{Name: "Fiches", Columns: completeColumns}},
	Route:  oneSheet(),
}
