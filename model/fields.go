package model

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The registry of a fiche's attributes. Each attribute of Person is
// described here once: its key, French labels, type, limit, import names,
// how to read and set it. Validation, the journal's diff, merging, the
// form, exports, imports and the query language read this table; adding an
// attribute is one entry here plus its field in Person (see
// docs/ARCHITECTURE.md).

// FieldType is how an attribute is typed, checked and shown.
type FieldType uint8

const (
	TypeText       FieldType = iota + 1 // one line of text
	TypeNotes                           // multi-line text
	TypeDate                            // jj/mm/aaaa
	TypePhone                           // canonical E.164
	TypeEmail                           // one address
	TypePostalCode                      // five digits
	TypeEnum                            // one word of a Vocab
	TypeChannels                        // a set of consent channels
	TypeYesNo                           // a flag
	TypeList                            // several entries
	TypeUnit                            // an organisation unit (federation, section, cell)
	TypeMoney                           // an agreed amount and its rhythm (Contribution)
)

// MergeRule is how merging two fiches treats an attribute.
type MergeRule uint8

const (
	MergeOne     MergeRule = iota // one side's value is kept; set on both sides and different: a conflict
	MergeUnion                    // the other side's values are added: never a conflict
	MergeAddress                  // part of the postal address, taken whole from one side
	MergeOrg                      // part of the organisation path, taken whole from one side
	MergeNever                    // not merged (archiving is decided apart)
)

// Field describes one attribute of a fiche.
type Field struct {
	Key   string // stable key: form, merge, import mapping, FieldError
	Label string // French, as in the form and error messages
	Short string // French, as in the journal and the merge screen
	Go    string // the Person field it describes ("Address.Street"), checked by a test
	Type  FieldType
	// Max is the most characters a value may have (for a list, each entry);
	// 0 for types whose values are not free text. It is enforced where a
	// value enters (form, import, merge, CLI): a stored value longer than
	// that is kept as long as nobody changes it.
	Max   int
	Vocab *Vocab    // TypeEnum: the words
	Level Level     // TypeUnit: which level
	Merge MergeRule //
	// Names are the column titles an import recognises for it besides
	// Label and Short (compared without accents, case or punctuation),
	// French first.
	Names []string
	// Query are the names the filter language accepts for it, its canonical
	// name first (none: it cannot be searched); QueryHelp is the line of
	// help shown for it (docs/QUERY.md).
	Query     []string
	QueryHelp string
	// Right, when set, is the right it takes to give the attribute a new
	// value (the agreed contribution: cotisations); see CheckRights.
	Right Rights

	str   func(p *Person) *string
	date  func(p *Person) *Date
	list  func(p *Person) *[]string
	flag  func(p *Person) *bool
	num   func(p *Person) int // TypeEnum, TypeChannels, TypeUnit
	set   func(p *Person, v int)
	money func(p *Person) *Contribution // TypeMoney
}

// access is acc(p), or nil when the field has no such accessor.
func access[T any](acc func(p *Person) *T, p *Person) *T {
	if acc == nil {
		return nil
	}
	return acc(p)
}

// Str is the text of a text-like field (TypeText, TypeNotes, TypePhone,
// TypeEmail, TypePostalCode); nil otherwise.
func (f *Field) Str(p *Person) *string { return access(f.str, p) }

// DatePtr is the date of a TypeDate field; nil otherwise.
func (f *Field) DatePtr(p *Person) *Date { return access(f.date, p) }

// ListPtr is the list of a TypeList field; nil otherwise.
func (f *Field) ListPtr(p *Person) *[]string { return access(f.list, p) }

// FlagPtr is the flag of a TypeYesNo field; nil otherwise.
func (f *Field) FlagPtr(p *Person) *bool { return access(f.flag, p) }

// MoneyPtr is the contribution of a TypeMoney field; nil otherwise.
func (f *Field) MoneyPtr(p *Person) *Contribution { return access(f.money, p) }

// Num is the value of a TypeEnum, TypeChannels or TypeUnit field (0 for
// other types).
func (f *Field) Num(p *Person) int {
	if f.num == nil {
		return 0
	}
	return f.num(p)
}

// SetNum sets the value of a TypeEnum, TypeChannels or TypeUnit field.
func (f *Field) SetNum(p *Person, v int) {
	if f.set != nil {
		f.set(p, v)
	}
}

// Text is the value as the journal and the merge screen show it; "" when
// the attribute is not given (zero, false, empty). Units appear as #id
// (the store names them), phones in canonical form.
func (f *Field) Text(p *Person) string {
	switch f.Type {
	case TypeDate:
		return f.date(p).String()
	case TypeEnum:
		return f.Vocab.Label(uint8(f.num(p)))
	case TypeChannels:
		return Channels(f.num(p)).String()
	case TypeYesNo:
		if *f.flag(p) {
			return YesNo(true)
		}
		return ""
	case TypeList:
		return strings.Join(*f.list(p), ", ")
	case TypeUnit:
		return unitRef(UnitID(f.num(p)))
	case TypeMoney:
		return f.money(p).String()
	}
	return *f.str(p)
}

// Copy sets the attribute of dst to src's value.
func (f *Field) Copy(dst, src *Person) {
	switch {
	case f.str != nil:
		*f.str(dst) = *f.str(src)
	case f.date != nil:
		*f.date(dst) = *f.date(src)
	case f.list != nil:
		*f.list(dst) = cloneStrings(*f.list(src))
	case f.flag != nil:
		*f.flag(dst) = *f.flag(src)
	case f.money != nil:
		*f.money(dst) = *f.money(src)
	default:
		f.set(dst, f.num(src))
	}
}

// TooLong is the French message for a value of more than f.Max
// characters, or "" when v fits.
func (f *Field) TooLong(v string) string {
	if f.Max == 0 || utf8.RuneCountInString(v) <= f.Max {
		return ""
	}
	return "texte trop long : " + strconv.Itoa(f.Max) + " caractères au plus (" + strconv.Itoa(utf8.RuneCountInString(v)) + " saisis)"
}

// Field keys. They name the attributes in FieldError, the form, merging
// and import mappings.
const (
	FieldKind         = "type"
	FieldStatus       = "statut"
	FieldArchived     = "archivee"
	FieldMemberNumber = "numero"
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
	FieldContribution = "cotisation"
	FieldFederation   = "federation"
	FieldSection      = "section"
	FieldCell         = "cellule"
	FieldInterests    = "interets"
	FieldOffices      = "mandats"
	FieldUnions       = "syndicats"
	FieldAssociations = "associations"
	FieldSource       = "source"
	FieldConsentDate  = "consentement"
	FieldChannels     = "canaux"
	FieldPaperLetter  = "lettrepapier"
	FieldDoNotCall    = "nepasappeler"
	FieldNPAI         = "npai"
	FieldNotes        = "notes"
)

// Limits, in characters.
const (
	MaxName   = 200    // first and last names, commune, profession …
	MaxStreet = 300    // street line
	MaxShort  = 64     // postal code, phones, membership number, circonscription
	MaxEmail  = 254    // RFC 5321
	MaxEntry  = 200    // one entry of a list
	MaxNotes  = 64_000 // notes accumulate over years of calls
)

// bookkeeping are the Person fields the store maintains itself: no one
// types, imports or merges them. The previous numbers and the arrival mark
// are kept by the mutation steps (MUTATIONS.md).
var bookkeeping = []string{"ID", "Version", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy",
	"PreviousNumbers", "Arrival"}

func textField(key, label, short, goName string, typ FieldType, max int, acc func(p *Person) *string, names ...string) Field {
	return Field{Key: key, Label: label, Short: short, Go: goName, Type: typ, Max: max, str: acc, Names: names}
}

func dateField(key, label, short, goName string, acc func(p *Person) *Date, names ...string) Field {
	return Field{Key: key, Label: label, Short: short, Go: goName, Type: TypeDate, date: acc, Names: names}
}

func listField(key, label, goName string, acc func(p *Person) *[]string, names ...string) Field {
	return Field{Key: key, Label: label, Short: label, Go: goName, Type: TypeList, Max: MaxEntry, Merge: MergeUnion, list: acc, Names: names}
}

func flagField(key, label, goName string, merge MergeRule, acc func(p *Person) *bool, names ...string) Field {
	return Field{Key: key, Label: label, Short: label, Go: goName, Type: TypeYesNo, Merge: merge, flag: acc, Names: names}
}

func enumField(key, label, short, goName string, vocab *Vocab, get func(p *Person) int, set func(p *Person, v int), names ...string) Field {
	return Field{Key: key, Label: label, Short: short, Go: goName, Type: TypeEnum, Vocab: vocab, num: get, set: set, Names: names}
}

func unitField(key, label, goName string, level Level, get func(p *Person) *UnitID, names ...string) Field {
	return Field{Key: key, Label: label, Short: label, Go: goName, Type: TypeUnit, Level: level, Merge: MergeOrg,
		num: func(p *Person) int { return int(*get(p)) }, set: func(p *Person, v int) { *get(p) = UnitID(v) }, Names: names}
}

// Fields lists every attribute of a fiche, in the journal's order.
var Fields = []Field{
	withQuery("contact, compagnon (de route) ou adhérent", []string{"type", "types", "categorie"},
		enumField(FieldKind, "Type de fiche", "Type", "Kind", KindWords,
			func(p *Person) int { return int(p.Kind) }, func(p *Person, v int) { p.Kind = Kind(v) },
			"Kind")),
	withQuery("actif, retard (de cotisation), muté, démissionnaire ou décédé", []string{"statut", "status", "etat"},
		enumField(FieldStatus, "Statut", "Statut", "Status", StatusWords,
			func(p *Person) int { return int(p.Status) }, func(p *Person, v int) { p.Status = Status(v) },
			"Status", "État")),
	withQuery("oui : seulement les fiches archivées ; tous : archivées comprises", []string{"archivé", "archive", "archivee", "archives", "archivees"},
		flagField(FieldArchived, "Archivée", "Archived", MergeNever, func(p *Person) *bool { return &p.Archived },
			"Archivé", "Archived")),
	withQuery("début du numéro d'adhérent, ou d'un ancien numéro (avant une mutation)", []string{"numéro", "numero", "num", "numeros", "numerodadherent"},
		textField(FieldMemberNumber, "Numéro d'adhérent", "N° d'adhérent", "MemberNumber", TypeText, MaxShort,
			func(p *Person) *string { return &p.MemberNumber },
			"No d'adhérent", "N° adhérent", "Numéro adhérent", "Num adhérent", "N° de carte", "Numéro de carte", "Carte", "Member number", "Membership number")),
	enumField(FieldCivility, "Civilité", "Civilité", "Civility", CivilityWords,
		func(p *Person) int { return int(p.Civility) }, func(p *Person, v int) { p.Civility = Civility(v) },
		"Civ", "Titre", "Title", "Salutation", "M/Mme", "Mme/M"),
	withQuery("prénom (partie du prénom)", []string{"prénom", "prenom", "prenoms"},
		textField(FieldFirstName, "Prénom", "Prénom", "FirstName", TypeText, MaxName, func(p *Person) *string { return &p.FirstName },
			"Prénoms", "First name", "Firstname", "Given name", "Forename")),
	withQuery("nom de famille (partie du nom)", []string{"nom", "noms", "nomdefamille"},
		textField(FieldLastName, "Nom", "Nom", "LastName", TypeText, MaxName, func(p *Person) *string { return &p.LastName },
			"Nom de famille", "Nom d'usage", "Nom usuel", "Patronyme", "Last name", "Lastname", "Surname", "Family name", "Name")),
	withQuery("année (ou date) de naissance : naissance:1960-1970", []string{"naissance", "nee", "datedenaissance", "ddn"},
		dateField(FieldBirthDate, "Date de naissance", "Date de naissance", "BirthDate", func(p *Person) *Date { return &p.BirthDate },
			"Naissance", "Né le", "Née le", "Né(e) le", "DDN", "Birth date", "Birthdate", "Date of birth", "DOB", "Birthday")),
	withQuery("femme, homme ou autre (f, h) ; vide : non renseigné", []string{"genre", "sexe"},
		enumField(FieldGender, "Genre", "Genre", "Gender", GenderWords,
			func(p *Person) int { return int(p.Gender) }, func(p *Person, v int) { p.Gender = Gender(v) },
			"Sexe", "Gender", "Sex")),
	withMerge(MergeAddress, textField(FieldStreet, "Adresse", "Adresse", "Address.Street", TypeText, MaxStreet,
		func(p *Person) *string { return &p.Address.Street },
		"Adresse postale", "Rue", "Voie", "N° et rue", "Numéro et rue", "Address", "Street", "Street address", "Adresse 1", "Address 1", "Address line 1")),
	withQuery("début du code postal (cp:38 : tout le département)", []string{"cp", "codepostal", "postal"},
		withMerge(MergeAddress, textField(FieldPostalCode, "Code postal", "Code postal", "Address.PostalCode", TypePostalCode, MaxShort,
			func(p *Person) *string { return &p.Address.PostalCode },
			"CP", "Codepostal", "Postal code", "Postcode", "Zip", "Zip code", "Zipcode"))),
	withQuery("commune (partie du nom)", []string{"commune", "communes", "ville"},
		withMerge(MergeAddress, textField(FieldCommune, "Commune", "Commune", "Address.Commune", TypeText, MaxName,
			func(p *Person) *string { return &p.Address.Commune },
			"Ville", "City", "Town", "Localité", "Locality"))),
	withQuery("quartier (partie du nom)", []string{"quartier", "quartiers"},
		textField(FieldQuartier, "Quartier", "Quartier", "Quartier", TypeText, MaxName, func(p *Person) *string { return &p.Quartier },
			"Neighbourhood", "Neighborhood")),
	withQuery("circonscription (circo:3 : la 3e)", []string{"circo", "circonscription", "circonscriptions", "circos"},
		textField(FieldCirco, "Circonscription", "Circonscription", "Circonscription", TypeText, MaxName,
			func(p *Person) *string { return &p.Circonscription }, "Circo")),
	withQuery("chiffres du mobile ; vide : pas de mobile", []string{"mobile", "mobiles", "portable", "portables", "port", "gsm"},
		textField(FieldMobile, "Mobile", "Mobile", "Mobile", TypePhone, MaxShort, func(p *Person) *string { return &p.Mobile },
			"Portable", "Tél. portable", "Téléphone portable", "Tél portable", "Tél. mobile", "Téléphone mobile", "GSM", "Cellulaire", "Mobile phone", "Cell phone", "Cellphone")),
	withQuery("chiffres du téléphone fixe ; vide : pas de fixe", []string{"fixe", "fixes"},
		textField(FieldLandline, "Téléphone fixe", "Fixe", "Landline", TypePhone, MaxShort, func(p *Person) *string { return &p.Landline },
			"Tél. fixe", "Tél. domicile", "Téléphone domicile", "Landline", "Home phone")),
	withQuery("adresse de courriel (partie du texte) ; vide : sans courriel", []string{"courriel", "courriels", "email", "emails", "mail", "mails", "mel", "adressemail"},
		textField(FieldEmail, "Courriel", "Courriel", "Email", TypeEmail, MaxEmail, func(p *Person) *string { return &p.Email },
			"E-mail", "Email", "Mail", "Mél", "Adresse mail", "Adresse e-mail", "Adresse email", "Adresse électronique", "Adresse courriel", "Email address", "E-mail address")),
	withQuery("profession (partie du texte)", []string{"profession", "professions", "metier", "metiers"},
		textField(FieldProfession, "Profession", "Profession", "Profession", TypeText, MaxName, func(p *Person) *string { return &p.Profession },
			"Métier", "Occupation", "Job", "Emploi")),
	withQuery("groupe socioprofessionnel : 1 à 8 ou début du nom (pcs:ouvriers, pcs:cadres)", []string{"pcs", "csp", "categoriesocioprofessionnelle"},
		enumField(FieldPCS, "Catégorie socio-professionnelle", "PCS", "PCS", PCSWords,
			func(p *Person) int { return int(p.PCS) }, func(p *Person, v int) { p.PCS = PCS(v) },
			"CSP", "Catégorie socioprofessionnelle")),
	withQuery("employeur ou secteur (partie du texte)", []string{"employeur", "employeurs", "employer", "entreprise", "secteur"},
		textField(FieldEmployer, "Employeur ou secteur", "Employeur / secteur", "Employer", TypeText, MaxName,
			func(p *Person) *string { return &p.Employer },
			"Employeur", "Entreprise", "Secteur", "Employer")),
	withQuery("année (ou date) d'adhésion : adhésion:<2015, adhésion:2010-2015", []string{"adhésion", "adhesion", "adhesions", "dateadhesion"},
		dateField(FieldJoinDate, "Date d'adhésion", "Date d'adhésion", "JoinDate", func(p *Person) *Date { return &p.JoinDate },
			"Adhésion", "Date adhésion", "Join date", "Membership date")),
	// The agreed contribution is dues data: the cotisations screen sets it
	// (store.SetContribution), the fiche form leaves it as it is, and an
	// import needs the cotisations right to fill it.
	{Key: FieldContribution, Label: "Cotisation convenue", Short: "Cotisation convenue", Go: "Contribution", Type: TypeMoney,
		Right: RightCotisations, money: func(p *Person) *Contribution { return &p.Contribution },
		Names: []string{"Cotisation", "Agreed contribution"}},
	withQuery("nom ou numéro de la fédération (fédération:38) ; vide : sans fédération", []string{"fédération", "federation", "federations", "fede", "fed"},
		unitField(FieldFederation, "Fédération", "Org.Federation", LevelFederation, func(p *Person) *UnitID { return &p.Org.Federation },
			"Fédé", "Federation")),
	withQuery("nom (ou partie du nom) de la section ; vide : sans section", []string{"section", "sections"},
		unitField(FieldSection, "Section", "Org.Section", LevelSection, func(p *Person) *UnitID { return &p.Org.Section })),
	withQuery("nom (ou partie du nom) de la cellule ; vide : sans cellule", []string{"cellule", "cellules", "cell"},
		unitField(FieldCell, "Cellule", "Org.Cell", LevelCell, func(p *Person) *UnitID { return &p.Org.Cell })),
	withQuery("un des centres d'intérêt contient la valeur", []string{"intérêt", "interet", "interets", "centresdinteret", "theme", "themes"},
		listField(FieldInterests, "Centres d'intérêt", "Interests", func(p *Person) *[]string { return &p.Interests },
			"Centre d'intérêt", "Intérêts", "Intérêt", "Thèmes", "Interests")),
	withQuery("un des mandats électifs contient la valeur", []string{"mandat", "mandats", "elu", "elue", "elus"},
		listField(FieldOffices, "Mandats électifs", "ElectedOffices", func(p *Person) *[]string { return &p.ElectedOffices },
			"Mandat électif", "Mandats", "Mandat", "Élu", "Offices")),
	withQuery("un des syndicats contient la valeur", []string{"syndicat", "syndicats", "syndic"},
		listField(FieldUnions, "Syndicats", "Unions", func(p *Person) *[]string { return &p.Unions },
			"Syndicat", "Trade union", "Trade unions")),
	withQuery("une des associations contient la valeur", []string{"asso", "assos", "association", "associations"},
		listField(FieldAssociations, "Associations", "Associations", func(p *Person) *[]string { return &p.Associations },
			"Association", "Assos")),
	withQuery("source de la fiche (pétition, événement …)", []string{"source", "sources", "origine"},
		textField(FieldSource, "Source", "Source", "Source", TypeText, MaxName, func(p *Person) *string { return &p.Source },
			"Origine", "Provenance")),
	dateField(FieldConsentDate, "Date du consentement", "Date du consentement", "Consent.Date", func(p *Person) *Date { return &p.Consent.Date },
		"Date de consentement", "Consentement", "Consent date"),
	withQuery("canal consenti : courriel, téléphone, sms ou courrier ; vide : aucun", []string{"consent", "consents", "consentement", "consentements"},
		Field{Key: FieldChannels, Label: "Canaux consentis", Short: "Canaux consentis", Go: "Consent.Channels", Type: TypeChannels, Merge: MergeUnion,
			num:   func(p *Person) int { return int(p.Consent.Channels) },
			set:   func(p *Person, v int) { p.Consent.Channels = Channels(v) },
			Names: []string{"Canaux", "Consent channels", "Channels"}}),
	withQuery("oui : reçoit la lettre aux adhérents sur papier", []string{"courrier", "papier", "lettrepapier"},
		flagField(FieldPaperLetter, "Lettre sur papier", "Preferences.LetterOnPaper", MergeUnion, func(p *Person) *bool { return &p.Preferences.LetterOnPaper },
			"Lettre papier", "Papier")),
	withQuery("oui : ne souhaite pas être appelé", []string{"nepasappeler", "nappelerpas", "pasdappel"},
		flagField(FieldDoNotCall, "Ne pas appeler", "Preferences.DoNotCall", MergeUnion, func(p *Person) *bool { return &p.Preferences.DoNotCall },
			"Nepasappeler", "Do not call")),
	withQuery("oui : le courrier est revenu (n'habite pas à l'adresse indiquée)", []string{"npai"},
		flagField(FieldNPAI, "NPAI", "Preferences.NPAI", MergeAddress, func(p *Person) *bool { return &p.Preferences.NPAI })),
	withMerge(MergeUnion, textField(FieldNotes, "Notes", "Notes", "Notes", TypeNotes, MaxNotes, func(p *Person) *string { return &p.Notes },
		"Note", "Commentaire", "Commentaires", "Remarque", "Remarques", "Observations", "Comments", "Comment", "Dernier appel / notes")),
}

// withQuery names a field in the filter language.
func withQuery(help string, names []string, f Field) Field {
	f.Query, f.QueryHelp = names, help
	return f
}

func withMerge(m MergeRule, f Field) Field {
	f.Merge = m
	return f
}

var fieldByKey = func() map[string]*Field {
	m := make(map[string]*Field, len(Fields))
	for i := range Fields {
		if _, dup := m[Fields[i].Key]; dup {
			panic("model: duplicate field key " + Fields[i].Key)
		}
		m[Fields[i].Key] = &Fields[i]
	}
	return m
}()

// FieldFor returns the attribute with that key, or nil.
func FieldFor(key string) *Field { return fieldByKey[key] }

// FieldLabel is the French label of a field key (the key itself when unknown).
func FieldLabel(key string) string {
	if f := FieldFor(key); f != nil {
		return f.Label
	}
	return key
}

// CheckLimits reports the attributes of p whose value is longer than their
// limit and is not already stored: stored holds the fiches p comes from
// (none for a new fiche; the two merged fiches for a merge). A value that
// was already stored is thus never refused, nor shortened, by a save that
// did not change it.
func CheckLimits(p *Person, stored ...*Person) ValidationErrors {
	var errs ValidationErrors
	for i := range Fields {
		f := &Fields[i]
		if f.Max == 0 {
			continue
		}
		switch {
		case f.str != nil:
			v := *f.str(p)
			if msg := f.TooLong(v); msg != "" && !slices.ContainsFunc(stored, func(o *Person) bool { return *f.str(o) == v }) {
				errs.add(f.Key, msg)
			}
		case f.list != nil:
			for _, v := range *f.list(p) {
				if msg := f.TooLong(v); msg != "" && !slices.ContainsFunc(stored, func(o *Person) bool { return slices.Contains(*f.list(o), v) }) {
					errs.add(f.Key, "« "+clip(v, 20)+"… » "+msg)
					break
				}
			}
		}
	}
	return errs
}

// CheckRights reports the attributes of p that need a right held lacks
// (the agreed contribution: the cotisations right) and whose value is not
// one already stored: stored holds the fiches p comes from, as for
// CheckLimits. Without the right, such an attribute stays empty on a new
// fiche, and a merge may keep either side's value but not bring a new one.
func CheckRights(held Rights, p *Person, stored ...*Person) ValidationErrors {
	var errs ValidationErrors
	for i := range Fields {
		f := &Fields[i]
		if f.Right == 0 || held.Has(f.Right) {
			continue
		}
		v := f.Text(p)
		if (v == "" && len(stored) == 0) || slices.ContainsFunc(stored, func(o *Person) bool { return f.Text(o) == v }) {
			continue
		}
		errs.add(f.Key, "il faut le droit « "+f.Right.String()+" » pour la renseigner")
	}
	return errs
}

// clip is the first n characters of s.
func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
