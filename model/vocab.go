package model

import "strings"

// The French words of each enumeration, described once: what a fiche shows,
// what the query language and an import accept.

// Word is one value of an enumeration with its French words.
type Word struct {
	Value uint8
	// Label is the canonical word as shown on a fiche, in the journal and in
	// exports ("compagnon de route").
	Label string
	// Short is the word the query language prints and suggests ("compagnon");
	// empty when it is the Label.
	Short string
	// Synonyms are other spellings accepted in a query or an import cell,
	// compared without accents or case ("sympathisant", "cdr").
	Synonyms []string
	// Retired words are still read (old files, imports, queries) but no
	// longer offered as a choice ("en retard de cotisation": computed now).
	Retired bool
}

// Canon is the word the query language prints.
func (w Word) Canon() string {
	if w.Short != "" {
		return w.Short
	}
	return w.Label
}

// Names lists every accepted spelling: the label, the short word, then the
// synonyms.
func (w Word) Names() []string {
	out := []string{w.Label}
	if w.Short != "" {
		out = append(out, w.Short)
	}
	return append(out, w.Synonyms...)
}

// Vocab is the table of an enumeration's words, in display order. The zero
// value of the enumeration means "not given" and has no word.
type Vocab struct {
	What  string // French name of the enumeration, for messages ("genre")
	Words []Word
}

// Label is v's canonical word, or "" when v is zero or unknown.
func (vc *Vocab) Label(v uint8) string { return vc.LabelOr(v, "") }

// LabelOr is v's canonical word, or none when v is zero or unknown: the
// String of each enumeration.
func (vc *Vocab) LabelOr(v uint8, none string) string {
	if w, ok := vc.Word(v); ok {
		return w.Label
	}
	return none
}

// ByLabel is the value whose canonical word is exactly s, the way a
// transfer file writes it (no synonyms, no folding); "" is 0.
func (vc *Vocab) ByLabel(s string) (uint8, bool) {
	if s == "" {
		return 0, true
	}
	for _, w := range vc.Words {
		if w.Label == s {
			return w.Value, true
		}
	}
	return 0, false
}

// Word returns the entry of value v.
func (vc *Vocab) Word(v uint8) (Word, bool) {
	for _, w := range vc.Words {
		if w.Value == v {
			return w, true
		}
	}
	return Word{}, false
}

// Labels lists the canonical words: "actif, muté ou décédé".
func (vc *Vocab) Labels() string {
	names := make([]string, len(vc.Words))
	for i, w := range vc.Words {
		names[i] = w.Label
	}
	return OrList(names)
}

// OrList joins words as French does: "a, b ou c".
func OrList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	n := len(names)
	out := ""
	for i, s := range names[:n-1] {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out + " ou " + names[n-1]
}

// The vocabularies.
var (
	KindWords = &Vocab{What: "type", Words: []Word{
		{Value: uint8(KindContact), Label: "contact"},
		{Value: uint8(KindCompagnon), Label: "compagnon de route", Short: "compagnon",
			Synonyms: []string{"compagne de route", "cdr", "sympathisant"}},
		{Value: uint8(KindAdherent), Label: "adhérent", Synonyms: []string{"adhérente", "membre"}},
	}}
	StatusWords = &Vocab{What: "statut", Words: []Word{
		{Value: uint8(StatusActif), Label: "actif", Synonyms: []string{"active"}},
		{Value: uint8(StatusEnRetard), Label: "en retard de cotisation", Short: "retard", Retired: true},
		{Value: uint8(StatusMute), Label: "muté", Synonyms: []string{"mutée", "mutation"}},
		{Value: uint8(StatusDemissionnaire), Label: "démissionnaire", Synonyms: []string{"démission"}},
		{Value: uint8(StatusDecede), Label: "décédé", Synonyms: []string{"décédée"}},
	}}
	GenderWords = &Vocab{What: "genre", Words: []Word{
		{Value: uint8(GenderFemale), Label: "femme", Synonyms: []string{"féminin", "f", "female"}},
		{Value: uint8(GenderMale), Label: "homme", Synonyms: []string{"masculin", "h", "m", "male"}},
		{Value: uint8(GenderOther), Label: "autre", Synonyms: []string{"other"}},
	}}
	PCSWords = &Vocab{What: "pcs", Words: []Word{
		{Value: uint8(PCSAgriculteurs), Label: "Agriculteurs exploitants", Short: "agriculteurs"},
		{Value: uint8(PCSArtisans), Label: "Artisans, commerçants, chefs d'entreprise", Short: "artisans"},
		{Value: uint8(PCSCadres), Label: "Cadres et professions intellectuelles supérieures", Short: "cadres"},
		{Value: uint8(PCSIntermediaires), Label: "Professions intermédiaires", Short: "intermédiaires"},
		{Value: uint8(PCSEmployes), Label: "Employés", Short: "employés"},
		{Value: uint8(PCSOuvriers), Label: "Ouvriers", Short: "ouvriers"},
		{Value: uint8(PCSRetraites), Label: "Retraités", Short: "retraités"},
		{Value: uint8(PCSSansActivite), Label: "Autres sans activité professionnelle", Short: "sans-activité",
			Synonyms: []string{"sans activité", "inactifs"}},
	}}
	CivilityWords = &Vocab{What: "civilité", Words: []Word{
		{Value: uint8(CivilityMme), Label: "Mme", Synonyms: []string{"madame", "mlle", "mademoiselle", "mrs", "ms"}},
		{Value: uint8(CivilityM), Label: "M.", Synonyms: []string{"m", "monsieur", "mr"}},
	}}
	// ChannelWords' values are the Channels bits.
	ChannelWords = &Vocab{What: "canal", Words: []Word{
		{Value: uint8(ChannelCourrier), Label: "courrier", Synonyms: []string{"postal", "poste", "lettre"}},
		{Value: uint8(ChannelCourriel), Label: "courriel", Synonyms: []string{"email", "e-mail", "mail", "mel"}},
		{Value: uint8(ChannelTelephone), Label: "téléphone", Synonyms: []string{"tel", "appel", "phone"}},
		{Value: uint8(ChannelSMS), Label: "SMS", Short: "sms"},
	}}
	// YesNoWords' values are 1 (non) and 2 (oui), so that 0 stays "not given".
	YesNoWords = &Vocab{What: "oui ou non", Words: []Word{
		{Value: No, Label: "non", Synonyms: []string{"n", "no", "faux", "false", "0"}},
		{Value: Yes, Label: "oui", Synonyms: []string{"o", "yes", "y", "vrai", "true", "1", "x"}},
	}}
)

// The values of YesNoWords.
const (
	No  uint8 = 1
	Yes uint8 = 2
)

// YesNoValue is b as a YesNoWords value.
func YesNoValue(b bool) uint8 {
	if b {
		return Yes
	}
	return No
}

// YesNo is "oui" or "non": the one way a yes/no attribute is shown.
func YesNo(b bool) string { return YesNoWords.Label(YesNoValue(b)) }

// Label is the kind's word, "" when not given.
func (k Kind) Label() string { return KindWords.Label(uint8(k)) }

// Label is the status's words, "" when not given.
func (s Status) Label() string { return StatusWords.Label(uint8(s)) }

// Label is the gender's word, "" when not given.
func (g Gender) Label() string { return GenderWords.Label(uint8(g)) }

// Label is the group's name, "" when not given.
func (p PCS) Label() string { return PCSWords.Label(uint8(p)) }

// Lookup finds the value of a word (any accepted spelling, compared without
// accents or case; spaces and hyphens are the same).
func (vc *Vocab) Lookup(s string) (uint8, bool) {
	key := foldWord(s)
	if key == "" {
		return 0, false
	}
	for _, w := range vc.Words {
		for _, n := range w.Names() {
			if foldWord(n) == key {
				return w.Value, true
			}
		}
	}
	return 0, false
}

func foldWord(s string) string {
	return strings.Join(strings.FieldsFunc(Fold(s), func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), " ")
}
