package model

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A transfer file carries one fiche from a federation of one file to a
// federation of another (docs/MUTATIONS.md). It is text: four header lines,
// an empty line, then the payload, a JSON document:
//
//	fichier-mutation 1
//	sha256 <hex SHA-256 of the payload>
//	cle <base64 ed25519 public key of the origin file>
//	signature <base64 ed25519 signature of the payload>
//
//	{"id": …}
//
// The checksum tells a damaged file; the signature, a file changed by
// someone without the origin's key. Who holds that key is only known by
// comparing its fingerprint (TransferFingerprint) with the origin's, by
// another channel: the signature alone proves nothing about the sender.

const (
	transferMagic = "fichier-mutation"
	// TransferVersion is the format this build writes and reads.
	TransferVersion = 1
	// MaxTransferSize bounds a transfer file: one fiche and its history.
	MaxTransferSize = 1 << 20
	// TransferExt is the extension of transfer files.
	TransferExt = ".mutation"

	maxTransferText  = 500    // any one-line text of the payload
	maxTransferNotes = 10_000 // notes
	maxTransferList  = 200    // elements of any list
)

// Transfer is the payload of a transfer file.
type Transfer struct {
	ID      string      `json:"id"` // 32 hex digits, random: importing twice is recognised by it
	Created time.Time   `json:"cree_le"`
	From    Departement `json:"origine"`     // origin federation
	To      Departement `json:"destination"` // destination département
	Date    TDate       `json:"date"`        // date of the move
	Reason  string      `json:"motif,omitempty"`
	By      string      `json:"par"` // username of who made the departure

	Person TransferPerson `json:"fiche"`
	// Numbers are the membership numbers the person held, oldest first,
	// the one at departure last.
	Numbers     []string        `json:"numeros,omitempty"`
	Cotisations []TransferDue   `json:"cotisations,omitempty"`
	History     []TransferEvent `json:"historique,omitempty"`
}

// TransferPerson is the fiche as the receiving federation needs it: no
// units, quartier or circonscription (they belong to the origin), no
// bookkeeping of the origin file.
type TransferPerson struct {
	Kind            string      `json:"type"`                // "adherent", "compagnon", "contact"
	Civility        string      `json:"civilite,omitempty"`  // "Mme", "M."
	FirstName       string      `json:"prenom,omitempty"`    //
	LastName        string      `json:"nom,omitempty"`       //
	BirthDate       TDate       `json:"naissance,omitempty"` //
	Gender          string      `json:"genre,omitempty"`     // "femme", "homme", "autre"
	Street          string      `json:"adresse,omitempty"`
	PostalCode      string      `json:"code_postal,omitempty"`
	Commune         string      `json:"commune,omitempty"`
	Mobile          string      `json:"mobile,omitempty"` // E.164
	Landline        string      `json:"fixe,omitempty"`
	Email           string      `json:"courriel,omitempty"`
	Profession      string      `json:"profession,omitempty"`
	PCS             int         `json:"pcs,omitempty"` // INSEE group 1–8
	Employer        string      `json:"employeur,omitempty"`
	JoinDate        TDate       `json:"adhesion,omitempty"`
	Interests       []string    `json:"interets,omitempty"`
	ElectedOffices  []string    `json:"mandats,omitempty"`
	Unions          []string    `json:"syndicats,omitempty"`
	Associations    []string    `json:"associations,omitempty"`
	Source          string      `json:"source,omitempty"`
	ConsentDate     TDate       `json:"consentement,omitempty"`
	ConsentChannels []string    `json:"canaux,omitempty"` // "courrier", "courriel", "téléphone", "SMS"
	Preferences     Preferences `json:"preferences"`
	Notes           string      `json:"notes,omitempty"`
}

// TransferDue is one cotisation paid at the origin (counter-entries and
// the payments they cancel are left out).
type TransferDue struct {
	Year   int    `json:"annee"`
	Amount int64  `json:"montant_centimes"`
	Date   TDate  `json:"date,omitempty"`
	Mode   string `json:"mode,omitempty"`
	Period string `json:"periode,omitempty"`
}

// TransferDues lists the payments that stand (not cancelled, not
// counter-entries), in date order as given.
func TransferDues(payments []Payment) []TransferDue {
	cancelled := map[PaymentID]bool{}
	for _, p := range payments {
		if p.IsCounter() {
			cancelled[p.Cancels] = true
		}
	}
	var out []TransferDue
	for _, p := range payments {
		if p.IsCounter() || cancelled[p.ID] {
			continue
		}
		out = append(out, TransferDue{Year: p.Year(), Amount: int64(p.Cents), Date: TDate(p.Date), Mode: p.Mode.String(), Period: p.Period.String()})
	}
	return out
}

// HistoryLine is how a cotisation of the transfer reads in the arrival's
// history: « cotisation 2026 : 60,00 € (chèque, janv.–déc. 2026) ».
func (d *TransferDue) HistoryLine() TransferEvent {
	what := fmt.Sprintf("cotisation %d : %s", d.Year, FormatCents(Cents(d.Amount)))
	if extra := strings.Trim(d.Mode+", "+d.Period, ", "); extra != "" {
		what += " (" + extra + ")"
	}
	return TransferEvent{Date: d.Date, What: what}
}

// TransferEvent is one line of the history the receiver keeps (adhesion,
// earlier mutations …).
type TransferEvent struct {
	Date TDate  `json:"date,omitempty"`
	What string `json:"quoi"`
}

// TDate is a Date written "2026-11-30" in a transfer file ("" when unset).
type TDate Date

// MarshalJSON writes a date as "2026-11-30" ("" when unset).
func (d TDate) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte(`""`), nil
	}
	return fmt.Appendf(nil, `"%04d-%02d-%02d"`, Date(d).Year(), Date(d).Month(), Date(d).Day()), nil
}

// UnmarshalJSON reads "2026-11-30" or "".
func (d *TDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("date attendue sous la forme aaaa-mm-jj")
	}
	if s == "" {
		*d = 0
		return nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("date invalide « %s »", StripControl(s))
	}
	*d = TDate(DateOf(t))
	return nil
}

// TransferFromPerson builds the payload's fiche from p.
func TransferFromPerson(p *Person) TransferPerson {
	t := TransferPerson{
		Kind: kindWord(p.Kind), Civility: p.Civility.String(), FirstName: p.FirstName, LastName: p.LastName,
		BirthDate: TDate(p.BirthDate), Street: p.Address.Street, PostalCode: p.Address.PostalCode, Commune: p.Address.Commune,
		Mobile: p.Mobile, Landline: p.Landline, Email: p.Email, Profession: p.Profession, PCS: int(p.PCS),
		Employer: p.Employer, JoinDate: TDate(p.JoinDate), Interests: p.Interests, ElectedOffices: p.ElectedOffices,
		Unions: p.Unions, Associations: p.Associations, Source: p.Source, ConsentDate: TDate(p.Consent.Date),
		Preferences: p.Preferences, Notes: p.Notes,
	}
	if p.Gender != GenderUnknown {
		t.Gender = p.Gender.String()
	}
	for _, c := range AllChannels {
		if p.Consent.Channels.Has(c) {
			t.ConsentChannels = append(t.ConsentChannels, c.String())
		}
	}
	return t
}

// Person is the fiche the payload describes (no ID, units or number: the
// receiving file gives them). Enum words it does not know are errors.
func (t *TransferPerson) Person() (Person, error) {
	p := Person{
		FirstName: t.FirstName, LastName: t.LastName, BirthDate: Date(t.BirthDate),
		Address: Address{Street: t.Street, PostalCode: t.PostalCode, Commune: t.Commune},
		Mobile:  t.Mobile, Landline: t.Landline, Email: t.Email, Profession: t.Profession, PCS: PCS(t.PCS),
		Employer: t.Employer, JoinDate: Date(t.JoinDate), Interests: t.Interests, ElectedOffices: t.ElectedOffices,
		Unions: t.Unions, Associations: t.Associations, Source: t.Source, Consent: Consent{Date: Date(t.ConsentDate)},
		Preferences: t.Preferences, Notes: t.Notes, Status: StatusActif,
	}
	switch t.Kind {
	case "adherent":
		p.Kind = KindAdherent
	case "compagnon":
		p.Kind = KindCompagnon
	case "contact":
		p.Kind = KindContact
	default:
		return p, fmt.Errorf("type de fiche inconnu « %s »", StripControl(t.Kind))
	}
	civility, ok := CivilityWords.ByLabel(t.Civility)
	if !ok {
		return p, fmt.Errorf("civilité inconnue « %s »", StripControl(t.Civility))
	}
	gender, ok := GenderWords.ByLabel(t.Gender)
	if !ok {
		return p, fmt.Errorf("genre inconnu « %s »", StripControl(t.Gender))
	}
	p.Civility, p.Gender = Civility(civility), Gender(gender)
	if t.PCS < 0 || t.PCS > int(PCSSansActivite) {
		return p, fmt.Errorf("catégorie socio-professionnelle inconnue (%d)", t.PCS)
	}
	for _, w := range t.ConsentChannels {
		c, ok := ChannelWords.ByLabel(w)
		if !ok || c == 0 {
			return p, fmt.Errorf("canal de consentement inconnu « %s »", StripControl(w))
		}
		p.Consent.Channels |= Channels(c)
	}
	return p, nil
}

func kindWord(k Kind) string {
	switch k {
	case KindAdherent:
		return "adherent"
	case KindCompagnon:
		return "compagnon"
	}
	return "contact"
}

// Errors of a transfer file; French, shown as they are.
var (
	ErrTransferNotOne    = errors.New("ce n'est pas un fichier de transfert de mutation de fichier")
	ErrTransferTruncated = errors.New("fichier de transfert tronqué ou abîmé : l'en-tête est incomplet")
	ErrTransferTooBig    = errors.New("fichier de transfert trop gros (1 Mo au plus) : ce n'est pas un transfert d'une fiche")
	ErrTransferChecksum  = errors.New("fichier de transfert modifié ou abîmé : la somme de contrôle ne correspond pas (demandez à la fédération d'origine de le renvoyer)")
	ErrTransferSignature = errors.New("fichier de transfert modifié : la signature ne correspond pas au contenu (demandez à la fédération d'origine de le renvoyer)")
)

// EncodeTransfer writes the transfer file of t, signed with key.
func EncodeTransfer(t *Transfer, key ed25519.PrivateKey) ([]byte, error) {
	payload, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, err
	}
	payload = append(payload, '\n')
	sum := sha256.Sum256(payload)
	pub := key.Public().(ed25519.PublicKey)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %d\n", transferMagic, TransferVersion)
	fmt.Fprintf(&b, "sha256 %s\n", hex.EncodeToString(sum[:]))
	fmt.Fprintf(&b, "cle %s\n", base64.StdEncoding.EncodeToString(pub))
	fmt.Fprintf(&b, "signature %s\n\n", base64.StdEncoding.EncodeToString(ed25519.Sign(key, payload)))
	b.Write(payload)
	return b.Bytes(), nil
}

// DecodeTransfer reads and checks a transfer file: format, version,
// checksum, signature, then the payload's contents (lengths, enum words,
// identifier). It returns the payload and the fingerprint of the key that
// signed it. Any damage is a French error; nothing panics.
func DecodeTransfer(data []byte) (*Transfer, string, error) {
	if len(data) > MaxTransferSize {
		return nil, "", ErrTransferTooBig
	}
	head, payload, ok := bytes.Cut(data, []byte("\n\n"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	magic, version, _ := strings.Cut(string(first), " ")
	if magic != transferMagic {
		return nil, "", ErrTransferNotOne
	}
	v, err := strconv.Atoi(version)
	switch {
	case err != nil || v < 1:
		return nil, "", ErrTransferTruncated
	case v > TransferVersion:
		return nil, "", fmt.Errorf("fichier de transfert au format %d, plus récent que celui que cette version de fichier lit (%d) : mettez fichier à jour", v, TransferVersion)
	case !ok:
		return nil, "", ErrTransferTruncated
	}
	lines := strings.Split(string(head), "\n")
	if len(lines) != 4 {
		return nil, "", ErrTransferTruncated
	}
	field := func(line, name string) (string, bool) {
		rest, ok := strings.CutPrefix(line, name+" ")
		return rest, ok && rest != ""
	}
	sumHex, ok1 := field(lines[1], "sha256")
	keyB64, ok2 := field(lines[2], "cle")
	sigB64, ok3 := field(lines[3], "signature")
	if !ok1 || !ok2 || !ok3 {
		return nil, "", ErrTransferTruncated
	}
	sum := sha256.Sum256(payload)
	if want, err := hex.DecodeString(sumHex); err != nil || !bytes.Equal(want, sum[:]) {
		return nil, "", ErrTransferChecksum
	}
	pub, err1 := base64.StdEncoding.Strict().DecodeString(keyB64)
	sig, err2 := base64.StdEncoding.Strict().DecodeString(sigB64)
	if err1 != nil || err2 != nil || len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize ||
		!ed25519.Verify(ed25519.PublicKey(pub), payload, sig) {
		return nil, "", ErrTransferSignature
	}
	var t Transfer
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return nil, "", fmt.Errorf("contenu du fichier de transfert illisible : %s", StripControl(err.Error()))
	}
	if err := t.check(); err != nil {
		return nil, "", fmt.Errorf("fichier de transfert refusé : %w", err)
	}
	return &t, TransferFingerprint(ed25519.PublicKey(pub)), nil
}

// TransferFingerprint is a short form of a public key to read aloud and
// compare by telephone: 20 hex digits of its SHA-256, in groups of four.
func TransferFingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := hex.EncodeToString(sum[:10])
	var parts []string
	for i := 0; i < len(h); i += 4 {
		parts = append(parts, h[i:i+4])
	}
	return strings.Join(parts, "-")
}

// check refuses what the receiving file must not take in: a bad identifier,
// an unknown destination, texts too long or with invalid UTF-8. Control
// sequences are stripped here, before anything reaches a terminal.
func (t *Transfer) check() error {
	if len(t.ID) != 32 || strings.Trim(t.ID, "0123456789abcdef") != "" {
		return errors.New("identifiant de transfert invalide")
	}
	if _, ok := DepartementByCode(t.To.Code); !ok {
		return errors.New("département de destination inconnu")
	}
	if !Date(t.Date).Valid() {
		return ErrMutationDate
	}
	var bad error
	text := func(what string, s *string, max int, multiline bool) {
		if bad != nil {
			return
		}
		if !utf8.ValidString(*s) || utf8.RuneCountInString(*s) > max {
			bad = fmt.Errorf("%s trop long ou illisible", what)
			return
		}
		if multiline {
			*s = StripControlMultiline(*s)
		} else {
			*s = StripControl(*s)
		}
	}
	list := func(what string, l []string) {
		if len(l) > maxTransferList && bad == nil {
			bad = fmt.Errorf("%s : trop d'éléments", what)
		}
		for i := range l {
			text(what, &l[i], maxTransferText, false)
		}
	}
	p := &t.Person
	text("origine", &t.From.Code, 10, false)
	text("origine", &t.From.Name, maxTransferText, false)
	text("destination", &t.To.Name, maxTransferText, false)
	text("motif", &t.Reason, MaxReasonLen, false)
	text("auteur", &t.By, maxTransferText, false)
	for _, s := range []*string{&p.Kind, &p.Civility, &p.FirstName, &p.LastName, &p.Gender, &p.Street, &p.PostalCode,
		&p.Commune, &p.Mobile, &p.Landline, &p.Email, &p.Profession, &p.Employer, &p.Source} {
		text("fiche", s, maxTransferText, false)
	}
	text("notes", &p.Notes, maxTransferNotes, true)
	list("centres d'intérêt", p.Interests)
	list("mandats", p.ElectedOffices)
	list("syndicats", p.Unions)
	list("associations", p.Associations)
	list("canaux", p.ConsentChannels)
	list("numéros", t.Numbers)
	if len(t.Cotisations) > maxTransferList || len(t.History) > maxTransferList {
		return errors.New("historique : trop d'éléments")
	}
	for i := range t.Cotisations {
		text("cotisation", &t.Cotisations[i].Mode, maxTransferText, false)
		text("cotisation", &t.Cotisations[i].Period, maxTransferText, false)
	}
	for i := range t.History {
		text("historique", &t.History[i].What, maxTransferText, false)
	}
	if bad != nil {
		return bad
	}
	if p.FirstName == "" && p.LastName == "" {
		return errors.New("la fiche n'a pas de nom")
	}
	_, err := p.Person()
	return err
}
