package export

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fichier/internal/safefile"
	"fichier/model"
	"fichier/store"
)

// Input is a file read for import: the table, how its columns map, and its
// rows as fiches (each with its own reading problems, if any).
type Input struct {
	Table   *Table
	Mapping Mapping
	Rows    []store.ImportRow
	Blank   int // empty rows, skipped
	index   map[int]int
}

// Load reads a CSV or xlsx file and maps its columns.
func Load(path string) (*Input, error) {
	t, err := ReadTable(path)
	if err != nil {
		return nil, err
	}
	return NewInput(t), nil
}

// NewInput maps a table's columns and parses its rows.
func NewInput(t *Table) *Input {
	in := &Input{Table: t, Mapping: MapColumns(t.Header), index: make(map[int]int, len(t.Rows)), Rows: make([]store.ImportRow, 0, len(t.Rows))}
	for i, r := range t.Rows {
		blank := true
		for _, c := range r.Cells {
			if c != "" {
				blank = false
				break
			}
		}
		if blank {
			in.Blank++
			continue
		}
		in.index[r.Line] = i
		in.Rows = append(in.Rows, parseRow(in.Mapping, t.Header, r))
	}
	return in
}

// Mapped reports whether any column gives a name: without one, nothing
// can be imported.
func (in *Input) Mapped() bool {
	return in.Mapping.Has(model.FieldLastName)
}

// Options are the importer's choices.
type Options struct {
	Source      string         // required: « Pétition hôpital 2026 »
	ConsentDate model.Date     // 0 = today
	Channels    model.Channels // 0 = the channels whose details each row gives
	Unit        model.Org      // where rows without units go (see store.ImportOptions)
	DryRun      bool
}

// Apply checks (DryRun) or imports the input's rows.
func Apply(st *store.Store, sess *store.Session, in *Input, opt Options) (store.ImportReport, error) {
	if !in.Mapped() {
		return store.ImportReport{}, fmt.Errorf("%s : aucune colonne « Nom » reconnue ; titres lus : %s", in.Table.Name, strings.Join(in.Table.Header, ", "))
	}
	return st.Import(sess, in.Rows, store.ImportOptions{
		Source: opt.Source, File: in.Table.Name, ConsentDate: opt.ConsentDate, Channels: opt.Channels,
		Unit: opt.Unit, Columns: in.Mapping.MergeKeys(), DryRun: opt.DryRun,
	})
}

// parseRow turns a table row into a fiche, collecting the values it cannot read.
func parseRow(m Mapping, header []string, r TableRow) store.ImportRow {
	row := store.ImportRow{Line: r.Line}
	p := &row.Person
	var errs []string
	bad := func(col int, msg string) {
		errs = append(errs, fmt.Sprintf("colonne « %s » : %s", model.StripControl(header[col]), msg))
	}
	for col, field := range m.Fields {
		if field == "" || field == fieldIgnored || col >= len(r.Cells) {
			continue
		}
		v := r.Cells[col]
		if v == "" {
			continue
		}
		switch field {
		case model.FieldLastName:
			p.LastName = v
		case model.FieldFirstName:
			p.FirstName = v
		case model.FieldCivility:
			c, ok := parseCivility(v)
			if !ok {
				bad(col, "civilité « "+v+" » inconnue (Mme ou M.)")
			}
			p.Civility = c
		case model.FieldMobile:
			p.Mobile = v
		case model.FieldLandline:
			p.Landline = v
		case fieldPhone:
			e164, err := model.NormalizePhone(v)
			switch {
			case err != nil:
				bad(col, err.Error())
			case model.IsMobile(e164) && p.Mobile == "":
				p.Mobile = e164
			case p.Landline == "":
				p.Landline = e164
			case p.Mobile == "":
				p.Mobile = e164
			default:
				bad(col, "troisième numéro de téléphone : une fiche en garde deux (mobile et fixe)")
			}
		case model.FieldEmail:
			p.Email = v
		case model.FieldStreet:
			p.Address.Street = v
		case model.FieldPostalCode:
			if col < len(r.Numeric) && r.Numeric[col] && len(v) == 4 && isDigits(v) {
				v = "0" + v // a number cell lost the leading zero: 1000 was 01000
			}
			p.Address.PostalCode = v
		case model.FieldCommune:
			p.Address.Commune = v
		case model.FieldQuartier:
			p.Quartier = v
		case model.FieldCirco:
			p.Circonscription = v
		case model.FieldProfession:
			p.Profession = v
		case model.FieldEmployer:
			p.Employer = v
		case model.FieldMemberNumber:
			p.MemberNumber = v
		case model.FieldSource:
			p.Source = v
		case model.FieldNotes:
			p.Notes = v
		case model.FieldBirthDate, model.FieldJoinDate, model.FieldConsentDate:
			d, err := parseDate(v)
			if err != nil {
				bad(col, err.Error())
			}
			switch field {
			case model.FieldBirthDate:
				p.BirthDate = d
			case model.FieldJoinDate:
				p.JoinDate = d
			default:
				p.Consent.Date = d
			}
		case model.FieldGender:
			g, ok := parseGender(v)
			if !ok {
				bad(col, "genre « "+v+" » inconnu (femme, homme ou autre)")
			}
			p.Gender = g
		case model.FieldPCS:
			c, ok := parsePCS(v)
			if !ok {
				bad(col, "catégorie « "+v+" » inconnue (1 à 8, ou le nom du groupe de l'INSEE)")
			}
			p.PCS = c
		case model.FieldKind:
			k, ok := parseKind(v)
			if !ok {
				bad(col, "type « "+v+" » inconnu (contact, compagnon de route ou adhérent)")
			}
			p.Kind = k
		case model.FieldStatus:
			s, ok := parseStatus(v)
			if !ok {
				bad(col, "statut « "+v+" » inconnu (actif, en retard de cotisation, muté, démissionnaire, décédé)")
			}
			p.Status = s
		case model.FieldFederation:
			row.Units.Federation = v
		case model.FieldSection:
			row.Units.Section = v
		case model.FieldCell:
			row.Units.Cell = v
		case fieldInterests:
			p.Interests = splitList(v)
		case fieldOffices:
			p.ElectedOffices = splitList(v)
		case fieldUnions:
			p.Unions = splitList(v)
		case fieldAssocs:
			p.Associations = splitList(v)
		case fieldChannels:
			c, ok := parseChannels(v)
			if !ok {
				bad(col, "canaux « "+v+" » non reconnus (courrier, courriel, téléphone, SMS)")
			}
			p.Consent.Channels = c
		case fieldPaper, fieldDoNotCall, fieldNPAI, fieldArchived:
			b, ok := parseYesNo(v)
			if !ok {
				bad(col, "« "+v+" » : oui ou non attendu")
			}
			switch field {
			case fieldPaper:
				p.Preferences.LetterOnPaper = b
			case fieldDoNotCall:
				p.Preferences.DoNotCall = b
			case fieldNPAI:
				p.Preferences.NPAI = b
			default:
				p.Archived = b
			}
		}
	}
	row.ChannelsGiven = m.Has(fieldChannels)
	row.SourceGiven = m.Has(model.FieldSource)
	row.ConsentDateGiven = m.Has(model.FieldConsentDate)
	if len(errs) > 0 {
		row.Err = strings.Join(errs, " ; ")
	}
	return row
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseDate reads jj/mm/aaaa (and the other forms model.ParseDate knows),
// ignoring a time of day that some spreadsheets add ("01/06/1980 00:00").
func parseDate(s string) (model.Date, error) {
	if i := strings.IndexByte(s, ' '); i > 0 {
		rest := strings.TrimSpace(s[i:])
		if strings.Count(rest, ":") >= 1 && strings.Trim(rest, "0123456789:.") == "" {
			s = s[:i]
		}
	}
	if i := strings.IndexByte(s, 'T'); i == 10 { // 1980-06-01T00:00:00
		s = s[:i]
	}
	return model.ParseDate(s)
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' })
}

// matchWord finds the entry whose folded name starts with the folded value.
func matchWord(v string, names map[string]uint8) (uint8, bool) {
	f := strings.TrimRight(normHeader(v), " ")
	if f == "" {
		return 0, false
	}
	if n, ok := names[f]; ok {
		return n, true
	}
	found, n := 0, uint8(0)
	for name, val := range names {
		if strings.HasPrefix(name, f) {
			if found > 0 && val != n {
				return 0, false // ambiguous
			}
			found, n = found+1, val
		}
	}
	return n, found > 0
}

func parseCivility(v string) (model.Civility, bool) {
	n, ok := matchWord(v, map[string]uint8{
		"mme": uint8(model.CivilityMme), "madame": uint8(model.CivilityMme), "mlle": uint8(model.CivilityMme), "mademoiselle": uint8(model.CivilityMme), "mrs": uint8(model.CivilityMme), "ms": uint8(model.CivilityMme),
		"m": uint8(model.CivilityM), "monsieur": uint8(model.CivilityM), "mr": uint8(model.CivilityM),
	})
	return model.Civility(n), ok
}

// The words accepted in the closed-list columns, built once (they were
// rebuilt for every cell).
var (
	genderWords = map[string]uint8{
		"femme": uint8(model.GenderFemale), "f": uint8(model.GenderFemale), "feminin": uint8(model.GenderFemale), "female": uint8(model.GenderFemale),
		"homme": uint8(model.GenderMale), "h": uint8(model.GenderMale), "m": uint8(model.GenderMale), "masculin": uint8(model.GenderMale), "male": uint8(model.GenderMale),
		"autre": uint8(model.GenderOther), "other": uint8(model.GenderOther),
	}
	pcsWords = func() map[string]uint8 {
		names := map[string]uint8{"inactifs": uint8(model.PCSSansActivite), "sans activite": uint8(model.PCSSansActivite)}
		for _, g := range model.PCSGroups {
			names[normHeader(g.String())] = uint8(g)
		}
		return names
	}()
	kindWords = map[string]uint8{
		"contact": uint8(model.KindContact), "compagnon de route": uint8(model.KindCompagnon), "compagne de route": uint8(model.KindCompagnon),
		"sympathisant": uint8(model.KindCompagnon), "adherent": uint8(model.KindAdherent), "adherente": uint8(model.KindAdherent), "membre": uint8(model.KindAdherent),
	}
	statusWords = func() map[string]uint8 {
		names := map[string]uint8{"retard": uint8(model.StatusEnRetard)}
		for _, s := range model.Statuses {
			names[normHeader(s.String())] = uint8(s)
		}
		names["mutee"] = uint8(model.StatusMute)
		names["demissionnaire"] = uint8(model.StatusDemissionnaire)
		names["decedee"] = uint8(model.StatusDecede)
		return names
	}()
	channelWords = map[string]uint8{
		"courrier": uint8(model.ChannelCourrier), "poste": uint8(model.ChannelCourrier), "postal": uint8(model.ChannelCourrier),
		"courriel": uint8(model.ChannelCourriel), "email": uint8(model.ChannelCourriel), "e mail": uint8(model.ChannelCourriel), "mail": uint8(model.ChannelCourriel),
		"telephone": uint8(model.ChannelTelephone), "tel": uint8(model.ChannelTelephone), "phone": uint8(model.ChannelTelephone),
		"sms": uint8(model.ChannelSMS),
	}
)

func parseGender(v string) (model.Gender, bool) {
	switch normHeader(v) {
	case "non renseigne", "inconnu", "nc":
		return model.GenderUnknown, true
	}
	n, ok := matchWord(v, genderWords)
	return model.Gender(n), ok
}

func parsePCS(v string) (model.PCS, bool) {
	if len(v) == 1 && v[0] >= '1' && v[0] <= '8' {
		return model.PCS(v[0] - '0'), true
	}
	n, ok := matchWord(v, pcsWords)
	return model.PCS(n), ok
}

func parseKind(v string) (model.Kind, bool) {
	n, ok := matchWord(v, kindWords)
	return model.Kind(n), ok
}

func parseStatus(v string) (model.Status, bool) {
	n, ok := matchWord(v, statusWords)
	return model.Status(n), ok
}

func parseChannels(v string) (model.Channels, bool) {
	var c model.Channels
	for _, part := range splitList(v) {
		n, ok := matchWord(part, channelWords)
		if !ok {
			return 0, false
		}
		c |= model.Channels(n)
	}
	return c, true
}

func parseYesNo(v string) (bool, bool) {
	switch normHeader(v) {
	case "oui", "o", "yes", "y", "vrai", "true", "1", "x":
		return true, true
	case "non", "n", "no", "faux", "false", "0", "":
		return false, true
	}
	return false, false
}

// RejectedPath is where the rejected rows of an import of source go:
// beside it, "petition-rejets.csv" (a number is added when taken).
func RejectedPath(source string) string {
	dir, base := filepath.Split(source)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	path := filepath.Join(dir, stem+"-rejets.csv")
	for i := 2; i < 1000; i++ {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("%s-rejets-%d.csv", stem, i))
	}
	return path
}

// WriteRejected writes the rejected rows of a report — as they were in the
// file, with a last column « Motif du rejet » — to a CSV (UTF-8, « ; »)
// that can be corrected and imported again. It returns how many rows it
// wrote; with none, it writes no file.
func WriteRejected(path string, in *Input, rep store.ImportReport) (int, error) {
	var lines []store.ImportLine
	for _, l := range rep.Lines {
		if l.Outcome == store.ImportRejected {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return 0, nil
	}
	cols := make([]Column, 0, len(in.Table.Header)+1)
	for _, h := range in.Table.Header {
		cols = append(cols, Column{Header: h})
	}
	cols = append(cols, Column{Header: "Motif du rejet"})
	tmp, err := safefile.Create(path)
	if err != nil {
		return 0, fmt.Errorf("impossible d'écrire les rejets dans %s : %w", filepath.Dir(path), frenchFileError(err))
	}
	defer tmp.Discard()
	buf := bufio.NewWriter(tmp)
	w, err := NewWriter(CSV, buf, []Sheet{{Name: "Rejets", Columns: cols}})
	if err != nil {
		return 0, err
	}
	vals := make([]Value, len(cols))
	for _, l := range lines {
		clear(vals)
		if i, ok := in.index[l.Line]; ok {
			for j, c := range in.Table.Rows[i].Cells {
				if j < len(in.Table.Header) {
					vals[j] = Value{Text: c}
				}
			}
		}
		vals[len(vals)-1] = Value{Text: l.Reason}
		if err := w.Row(0, vals); err != nil {
			return 0, err
		}
	}
	// One err through the whole tail: a failed Close or Flush must not be
	// lost (it would leave a truncated rejects file under the final name).
	err = w.Close()
	if err == nil {
		err = buf.Flush()
	}
	if err == nil {
		err = tmp.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("impossible d'écrire les rejets dans %s : %w", path, frenchFileError(err))
	}
	return len(lines), nil
}
