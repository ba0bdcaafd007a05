package store

import (
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// MaxImportRows bounds one import. An import is applied in one transaction
// — all of it or nothing — and 200 000 rows is about 60 MB of changes
// written at once (measured: docs/PERFORMANCE.md); larger files are split.
const MaxImportRows = 200_000

// smallImport is the size up to which the index is updated fiche by fiche
// after an import; above it, it is rebuilt from the file in one pass.
const smallImport = 2000

// Errors of Import that concern the whole file (row problems are in the report).
var (
	ErrImportNoUnit = errors.New("choisissez l'unité (fédération, section ou cellule) où ranger les fiches importées : le fichier n'a pas de colonne Fédération, Section ni Cellule")
	ErrImportSource = errors.New("indiquez la source de l'import (par ex. « Pétition hôpital 2026 ») : elle est inscrite sur chaque fiche")
)

// ImportUnits are the organisation units a row names ("" = not given).
type ImportUnits struct{ Federation, Section, Cell string }

func (u ImportUnits) empty() bool { return u.Federation == "" && u.Section == "" && u.Cell == "" }

// ImportRow is one data row of a spreadsheet, read and parsed by export/.
type ImportRow struct {
	Line   int          // the row's number in the source (the header is 1), for reports
	Person model.Person // the values read; zero fields were not given
	Units  ImportUnits
	Err    string // a reading problem (e.g. an unreadable date): the row is rejected with it
	// SourceGiven, ConsentDateGiven and ChannelsGiven are set when the file
	// has that column: its cells are then taken as they are, an empty one
	// meaning none (a full export re-imports into the same fiches). Without
	// the column, rows get the import's source and consent date, and the
	// channels whose details they give.
	SourceGiven, ConsentDateGiven, ChannelsGiven bool
}

// ImportOptions say where imported people go and what they get.
type ImportOptions struct {
	Source      string         // required: every created fiche gets it (unless the row has its own)
	File        string         // the file's name, for the journal
	ConsentDate model.Date     // 0 = today
	Channels    model.Channels // consented channels; 0 = those whose details the row gives
	// Unit is where rows that name no unit (or a unit above it) go. Zero:
	// the importer's own scope when it is a section or a cell; a national
	// or federation importer must choose one unless the file has unit columns.
	Unit model.Org
	// Columns are the merge-field keys (model.MergeFields) the file has: a
	// match with an existing fiche reports conflicts on those only.
	Columns []string
	DryRun  bool
}

// ImportOutcome is what happened (or would happen) to one row.
type ImportOutcome uint8

const (
	ImportCreated   ImportOutcome = iota + 1 // a new fiche
	ImportMerged                             // completed an existing fiche (or an earlier row)
	ImportUnchanged                          // matched a fiche that already had everything
	ImportRejected                           // not imported: see Reason
)

func (o ImportOutcome) String() string {
	switch o {
	case ImportCreated:
		return "créée"
	case ImportMerged:
		return "fusionnée"
	case ImportUnchanged:
		return "déjà présente"
	case ImportRejected:
		return "rejetée"
	}
	return "?"
}

// ImportLine reports one row.
type ImportLine struct {
	Line      int
	Outcome   ImportOutcome
	PersonID  model.PersonID // the fiche created or completed (0 for a creation in a dry run)
	Name      string         // "NOM Prénom"
	Reason    string         // why rejected; for a merge, which fiche and why it is the same person
	Filled    []string       // labels of the fields a merge filled in
	Conflicts []model.Change // values that differ from the fiche's: kept as they were (Old), not taken (New)
}

// ImportReport is the result of an import or of its dry run.
type ImportReport struct {
	Lines                                []ImportLine
	Created, Merged, Unchanged, Rejected int
	DryRun                               bool
	// Ignored says, in French, which columns were left out of the whole
	// import and why (a right the importer lacks); Summary repeats it.
	Ignored []string
}

// Conflicting counts the rows whose values conflicted with a fiche.
func (r *ImportReport) Conflicting() int {
	n := 0
	for _, l := range r.Lines {
		if len(l.Conflicts) > 0 {
			n++
		}
	}
	return n
}

// Import checks rows against the file and, unless opt.DryRun, applies them
// in one transaction: every row is validated with the model's rules; a row
// matching a fiche of the importer's scope (same email, same phone, or same
// name and birth date) completes it — empty fields filled, lists added to,
// nothing overwritten, differing values reported; the other rows become new
// fiches with the import's source and consent, in the importer's scope.
// A failure leaves the file exactly as it was (nothing of the import is
// written) and says so. The dry run writes nothing at all.
func (s *Store) Import(sess *Session, rows []ImportRow, opt ImportOptions) (ImportReport, error) {
	u, err := sess.user()
	if err != nil {
		return ImportReport{}, err
	}
	if !u.Rights.Has(model.RightWrite) {
		return ImportReport{}, ErrForbidden
	}
	opt.Source = strings.TrimSpace(model.StripControl(opt.Source))
	if opt.Source == "" {
		return ImportReport{}, ErrImportSource
	}
	if msg := model.FieldFor(model.FieldSource).TooLong(opt.Source); msg != "" {
		return ImportReport{}, errors.New("source de l'import : " + msg)
	}
	if len(rows) > MaxImportRows {
		return ImportReport{}, fmt.Errorf("fichier trop grand : %d lignes, %d au plus par import ; découpez-le en plusieurs fichiers", len(rows), MaxImportRows)
	}
	if opt.ConsentDate == 0 {
		opt.ConsentDate = s.today()
	}
	def, err := s.importUnit(&u, opt)
	if err != nil {
		return ImportReport{}, err
	}
	if opt.DryRun {
		var plan *importPlan
		err := s.db.View(func(tx *bolt.Tx) error {
			plan = s.planImport(tx, &u, rows, opt, def)
			return nil
		})
		plan.report.DryRun = true
		return plan.report, err
	}
	if s.opt.ReadOnly {
		return ImportReport{}, ErrReadOnlyStore
	}

	var plan *importPlan
	var changed []model.Person
	err = s.write(func(tx *bolt.Tx) error {
		plan = s.planImport(tx, &u, rows, opt, def)
		changed = changed[:0]
		var err error
		if changed, err = s.applyImport(tx, &u, plan, opt, def); err != nil {
			return err
		}
		return nil
	}, func() Event {
		if len(changed) > smallImport {
			return Event{} // reindexed below, outside the write lock
		}
		for _, p := range changed {
			s.idx.set(p)
		}
		return Event{}
	})
	if err != nil {
		return ImportReport{}, fmt.Errorf("import annulé, rien n'a été écrit dans le fichier : %w", err)
	}
	if len(changed) > smallImport {
		if err := s.reindex(); err != nil {
			return plan.report, err
		}
	}
	ev := Event{What: model.ActionImport, By: u.Username, Orgs: []model.Org{u.Scope}}
	if len(changed) <= smallImport {
		for _, p := range changed {
			ev.Persons = append(ev.Persons, p.ID)
			ev.Orgs = append(ev.Orgs, p.Org)
		}
	}
	s.subs.publish(ev)
	return plan.report, nil
}

// importUnit checks and returns the unit rows without units go to.
func (s *Store) importUnit(u *model.User, opt ImportOptions) (model.Org, error) {
	def := opt.Unit
	if def == (model.Org{}) {
		if u.Scope.Level() >= model.LevelSection {
			def = u.Scope
		} else if !containsKey(opt.Columns, model.FieldOrg) {
			return model.Org{}, ErrImportNoUnit
		}
	}
	if def != (model.Org{}) {
		if err := s.units.checkOpenPath(def); err != nil {
			return model.Org{}, err
		}
		if !model.CanSee(u, def) && !def.Contains(u.Scope) {
			return model.Org{}, ErrForbidden // without naming a unit the importer cannot see
		}
		if !model.CanEdit(u, def) {
			return model.Org{}, fmt.Errorf("%w (%s)", ErrForbidden, s.units.describe(def))
		}
	}
	return def, nil
}

func containsKey(list []string, k string) bool {
	for _, s := range list {
		if s == k {
			return true
		}
	}
	return false
}

// importPlan is what an import does, row by row.
type importPlan struct {
	report  ImportReport
	creates []*pendingCreate // in row order
	updates []*pendingUpdate // in first-match order
}

type pendingCreate struct {
	p     model.Person
	lines []int // indexes into report.Lines of the rows that make it
}

type pendingUpdate struct {
	old, cur model.Person
	lines    []int
}

// dupIndex finds the target of a row by model.SamePerson: existing fiches
// (id > 0) or rows created earlier in the import (id = -(index+1) into
// plan.creates), filed under model.SamePersonKeys.
type dupIndex map[string][]dupCand

type dupCand struct {
	id  int64
	who *model.Identity
}

func (d dupIndex) add(r *query.Row, id int64) {
	who := identity(r)
	c := dupCand{id, &who}
	for _, k := range model.SamePersonKeys(&who) {
		d[k] = append(d[k], c)
	}
}

// find returns the first target that is surely the same person as r, and
// why (import acts without asking: see model.SamePerson).
func (d dupIndex) find(r *query.Row) (int64, string) {
	who := identity(r)
	for _, k := range model.SamePersonKeys(&who) {
		for _, c := range d[k] {
			if why, sure := model.SamePerson(&who, c.who); sure {
				return c.id, why[0]
			}
		}
	}
	return 0, ""
}

func rowOf(p *model.Person) *query.Row {
	r := query.NewRow(p)
	return &r
}

// planImport works out, inside tx, what each row does.
func (s *Store) planImport(tx *bolt.Tx, u *model.User, rows []ImportRow, opt ImportOptions, def model.Org) *importPlan {
	plan := &importPlan{}
	rep := &plan.report
	today := s.today()
	cols := map[string]bool{}
	for _, c := range opt.Columns {
		cols[c] = true
	}
	withheld := withheldFields(u, rows, cols)
	for _, f := range withheld {
		rep.Ignored = append(rep.Ignored, "colonne « "+f.Label+" » ignorée : il faut le droit « "+f.Right.String()+" » pour la renseigner")
	}
	quiet := map[string]bool{} // conflicts nobody asked about: defaults, not the file's values
	for _, f := range []string{model.FieldSource, model.FieldConsentDate} {
		if !cols[f] {
			quiet[mergeLabel(f)] = true
		}
	}
	consider := func(k string) bool {
		return cols[k] || k == model.FieldSource || k == model.FieldConsentDate || k == model.FieldChannels
	}

	// The fiches of the scope, by key.
	dups := dupIndex{}
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if !model.CanSee(u, e.Org) {
			continue
		}
		dups.add(e, int64(e.ID))
	}
	s.idx.mu.RUnlock()

	nums := tx.Bucket(bMemberNumbers)
	numbers := map[string]int64{} // membership numbers given by earlier rows → their target
	numberFree := func(num string, target int64) bool {
		if num == "" {
			return true
		}
		if t, ok := numbers[num]; ok && t != target {
			return false
		}
		if owner := nums.Get([]byte(num)); owner != nil && int64(btoi(owner)) != target {
			return false
		}
		return true
	}
	finder := s.newUnitFinder(u)
	updates := map[model.PersonID]*pendingUpdate{}

	for _, row := range rows {
		line := ImportLine{Line: row.Line}
		reject := func(why string) {
			line.Outcome, line.Reason = ImportRejected, why
			rep.Lines = append(rep.Lines, line)
			rep.Rejected++
		}
		p := row.Person.Clone()
		for _, f := range withheld {
			f.Copy(&p, &model.Person{})
		}
		line.Name = model.StripControl(p.SortName())
		if row.Err != "" {
			reject(row.Err)
			continue
		}
		p.ID, p.Version = 0, 0
		p.CreatedAt, p.UpdatedAt, p.CreatedBy, p.UpdatedBy = time.Time{}, time.Time{}, "", ""
		if p.Kind == 0 {
			p.Kind = model.KindContact
		}
		if strings.TrimSpace(p.Source) == "" && !row.SourceGiven {
			p.Source = opt.Source
		}
		if p.Consent.Date == 0 && !row.ConsentDateGiven {
			p.Consent.Date = opt.ConsentDate
		}
		org, err := finder.resolve(row.Units, def, u.Scope)
		if err != nil {
			reject(err.Error())
			continue
		}
		p.Org = org
		if errs := append(model.NormalizePerson(&p, today), model.CheckLimits(&p)...); len(errs) > 0 {
			reject(errs.Error())
			continue
		}
		line.Name = model.StripControl(p.SortName())
		if p.Consent.Channels == 0 && !row.ChannelsGiven {
			p.Consent.Channels = opt.Channels
			if p.Consent.Channels == 0 {
				p.Consent.Channels = givenChannels(&p)
			}
		}
		if err := s.units.checkOpenPath(p.Org); err != nil {
			reject(err.Error())
			continue
		}
		if !model.CanEdit(u, p.Org) {
			reject("hors de votre périmètre (" + s.units.describe(p.Org) + ")")
			continue
		}
		row := query.NewRow(&p)
		target, why := dups.find(&row)
		// complete fills in base, the fiche or earlier row target (named
		// by into), with what the row adds; false when that rejects the row.
		complete := func(base model.Person, into string, stored ...*model.Person) (model.Person, bool) {
			merged := base.Clone()
			filled, conflicts := model.FillEmpty(&merged, &p, consider)
			if len(filled) > 0 {
				if errs := append(model.NormalizePerson(&merged, today), model.CheckLimits(&merged, stored...)...); len(errs) > 0 {
					reject(fmt.Sprintf("compléterait %s (%s) de façon invalide : %s", into, why, errs.Error()))
					return merged, false
				}
				if !numberFree(merged.MemberNumber, target) {
					reject(ErrDuplicateNum.Error())
					return merged, false
				}
			}
			if merged.MemberNumber != "" {
				numbers[merged.MemberNumber] = target
			}
			dups.add(rowOf(&merged), target)
			line.Conflicts = dropQuiet(conflicts, quiet)
			if len(filled) > 0 {
				line.Outcome, line.Filled = ImportMerged, mergeLabels(filled)
				rep.Merged++
			} else {
				line.Outcome = ImportUnchanged
				rep.Unchanged++
			}
			return merged, true
		}
		switch {
		case target > 0: // an existing fiche of the scope
			id := model.PersonID(target)
			up := updates[id]
			if up == nil {
				old, err := getPerson(tx, id)
				if err != nil || !model.CanEdit(u, old.Org) {
					target = 0
					break
				}
				up = &pendingUpdate{old: old, cur: old.Clone()}
			}
			merged, ok := complete(up.cur, fmt.Sprintf("la fiche n° %d", id), &up.old)
			if !ok {
				continue
			}
			if updates[id] == nil {
				updates[id] = up
				plan.updates = append(plan.updates, up)
			}
			up.cur = merged
			line.PersonID = id
			line.Reason = fmt.Sprintf("fiche n° %d, %s (%s)", id, model.StripControl(up.old.SortName()), why)
			up.lines = append(up.lines, len(rep.Lines))
			rep.Lines = append(rep.Lines, line)
			continue
		case target < 0: // an earlier row of this file
			pc := plan.creates[-target-1]
			first := rep.Lines[pc.lines[0]].Line
			merged, ok := complete(pc.p, fmt.Sprintf("la ligne %d", first))
			if !ok {
				continue
			}
			pc.p = merged
			line.Reason = fmt.Sprintf("doublon de la ligne %d (%s)", first, why)
			pc.lines = append(pc.lines, len(rep.Lines))
			rep.Lines = append(rep.Lines, line)
			continue
		}
		// A new fiche.
		id := -int64(len(plan.creates) + 1)
		if !numberFree(p.MemberNumber, id) {
			reject(ErrDuplicateNum.Error())
			continue
		}
		if p.MemberNumber != "" {
			numbers[p.MemberNumber] = id
		}
		dups.add(&row, id)
		line.Outcome = ImportCreated
		plan.creates = append(plan.creates, &pendingCreate{p: p, lines: []int{len(rep.Lines)}})
		rep.Lines = append(rep.Lines, line)
		rep.Created++
	}
	return plan
}

// applyImport writes a plan inside tx and returns the fiches as written.
func (s *Store) applyImport(tx *bolt.Tx, u *model.User, plan *importPlan, opt ImportOptions, def model.Org) ([]model.Person, error) {
	now := s.now()
	people := tx.Bucket(bPeople)
	people.FillPercent = appendFill
	tx.Bucket(bAudit).FillPercent = appendFill
	seqs := tx.Bucket(bSequences)
	rep := &plan.report
	origin := "import « " + opt.Source + " »"
	if opt.File != "" {
		origin += " (" + model.StripControl(opt.File) + ")"
	}
	out := make([]model.Person, 0, len(plan.creates)+len(plan.updates))
	for _, pc := range plan.creates {
		p := &pc.p
		seq, err := people.NextSequence()
		if err != nil {
			return nil, err
		}
		p.ID, p.Version = model.PersonID(seq), 1
		p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy = now, u.Username, now, u.Username
		if err := s.assignMembership(tx, p); err != nil {
			return nil, err
		}
		if err := putPerson(tx, p, ""); err != nil {
			return nil, fmt.Errorf("ligne %d : %w", rep.Lines[pc.lines[0]].Line, err)
		}
		if err := bumpMemberSequence(seqs, p.MemberNumber); err != nil {
			return nil, err
		}
		for _, i := range pc.lines {
			rep.Lines[i].PersonID = p.ID
		}
		if err := appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonImport,
			PersonID: p.ID, Org: p.Org, Detail: origin + ", " + linesText(rep, pc.lines)}); err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	for _, up := range plan.updates {
		p := &up.cur
		changes := model.Diff(&up.old, p)
		if len(changes) == 0 {
			continue
		}
		p.Version = up.old.Version + 1
		p.UpdatedAt, p.UpdatedBy = now, u.Username
		if err := putPerson(tx, p, up.old.MemberNumber); err != nil {
			return nil, fmt.Errorf("fiche n° %d : %w", p.ID, err)
		}
		if err := appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonUpdate,
			PersonID: p.ID, Org: p.Org, Changes: s.nameUnits(changes), Detail: "complétée par l'" + origin + ", " + linesText(rep, up.lines)}); err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	org := def
	if org == (model.Org{}) {
		org = u.Scope
	}
	return out, appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionImport, Org: org,
		Detail: origin + " : " + rep.Summary()})
}

// withheldFields are the attributes that u lacks the right to set (the
// agreed contribution needs the cotisations right) and that the file has a
// column for (cols) or the rows give a value for: the import leaves them
// out, and its report says so.
func withheldFields(u *model.User, rows []ImportRow, cols map[string]bool) []*model.Field {
	var out []*model.Field
	for i := range model.Fields {
		f := &model.Fields[i]
		if f.Right == 0 || u.Rights.Has(f.Right) {
			continue
		}
		if cols[f.Key] {
			out = append(out, f)
			continue
		}
		for i := range rows {
			if f.Text(&rows[i].Person) != "" {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Summary is "12 créées, 3 complétées, 1 déjà présente, 2 rejetées", then
// the columns left out, if any.
func (r *ImportReport) Summary() string {
	n := func(v int, one, many string) string {
		if v > 1 {
			return itoa(v) + " " + many
		}
		return itoa(v) + " " + one
	}
	out := n(r.Created, "créée", "créées") + ", " + n(r.Merged, "complétée", "complétées") + ", " +
		n(r.Unchanged, "déjà présente", "déjà présentes") + ", " + n(r.Rejected, "rejetée", "rejetées")
	for _, why := range r.Ignored {
		out += " ; " + why
	}
	return out
}

func linesText(rep *ImportReport, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = itoa(rep.Lines[j].Line)
	}
	if len(parts) == 1 {
		return "ligne " + parts[0]
	}
	return "lignes " + strings.Join(parts, ", ")
}

// givenChannels are the channels whose details a fiche holds.
func givenChannels(p *model.Person) model.Channels {
	var c model.Channels
	if p.Address.Street != "" && (p.Address.PostalCode != "" || p.Address.Commune != "") {
		c |= model.ChannelCourrier
	}
	if p.Email != "" {
		c |= model.ChannelCourriel
	}
	if p.Mobile != "" || p.Landline != "" {
		c |= model.ChannelTelephone
	}
	return c
}

func mergeLabel(key string) string {
	if f, ok := model.MergeFieldFor(key); ok {
		return f.Label
	}
	return key
}

func mergeLabels(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = mergeLabel(k)
	}
	return out
}

func dropQuiet(conflicts []model.Change, quiet map[string]bool) []model.Change {
	out := conflicts[:0]
	for _, c := range conflicts {
		if !quiet[c.Field] {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// unitFinder resolves the unit names of rows (accents and case ignored;
// federations also by their code, "38").
type unitFinder struct {
	byName map[string][]model.Unit
	feds   []model.Unit
}

// newUnitFinder knows the open units the importer can name: those of their
// scope and the ones above it. Other units read as unknown, as everywhere
// out of scope; closed ones take no new fiche.
func (s *Store) newUnitFinder(viewer *model.User) *unitFinder {
	f := &unitFinder{byName: map[string][]model.Unit{}}
	for _, u := range s.units.list() {
		if u.Closed || !(viewer.Scope.Contains(u.Path) || u.Path.Contains(viewer.Scope)) {
			continue
		}
		k := model.Fold(strings.TrimSpace(u.Name))
		f.byName[k] = append(f.byName[k], u)
		if u.Level == model.LevelFederation {
			f.feds = append(f.feds, u)
			if u.Code != "" {
				if c := model.Fold(u.Code); c != k {
					f.byName[c] = append(f.byName[c], u)
				}
			}
		}
	}
	return f
}

// find lists the units of a level named name under parent.
func (f *unitFinder) find(level model.Level, parent model.Org, name string) []model.Unit {
	var out []model.Unit
	for _, u := range f.byName[model.Fold(strings.TrimSpace(name))] {
		if u.Level == level && parent.Contains(u.Path) {
			out = append(out, u)
		}
	}
	return out
}

// resolve gives the organisation path of a row: the units it names, the
// levels above them taken from def (or the importer's scope); a row naming
// nothing, or only units above def, goes to def.
func (f *unitFinder) resolve(names ImportUnits, def, scope model.Org) (model.Org, error) {
	if names.empty() {
		if def == (model.Org{}) {
			return model.Org{}, ErrImportNoUnit
		}
		return def, nil
	}
	ctx := def
	if ctx == (model.Org{}) {
		ctx = scope
	}
	var org model.Org
	switch {
	case names.Federation != "":
		c := f.find(model.LevelFederation, model.Org{}, names.Federation)
		if len(c) != 1 {
			return model.Org{}, unitError("fédération", names.Federation, "", len(c))
		}
		org.Federation = c[0].ID
	case ctx.Federation != 0:
		org.Federation = ctx.Federation
	case len(f.feds) == 1:
		org.Federation = f.feds[0].ID
	default:
		return model.Org{}, errors.New("fédération non indiquée : ajoutez une colonne Fédération ou choisissez l'unité de l'import")
	}
	fedName := func() string {
		for _, u := range f.feds {
			if u.ID == org.Federation {
				return u.Name
			}
		}
		return ""
	}
	switch {
	case names.Section != "":
		c := f.find(model.LevelSection, org, names.Section)
		if len(c) != 1 {
			return model.Org{}, unitError("section", names.Section, fedName(), len(c))
		}
		org.Section = c[0].ID
	case names.Cell != "" && ctx.Section != 0 && ctx.Federation == org.Federation:
		org.Section = ctx.Section
	case names.Cell != "":
		c := f.find(model.LevelCell, org, names.Cell)
		if len(c) != 1 {
			return model.Org{}, unitError("cellule", names.Cell, fedName(), len(c))
		}
		return c[0].Path, nil
	}
	if names.Cell != "" {
		c := f.find(model.LevelCell, org, names.Cell)
		if len(c) != 1 {
			return model.Org{}, unitError("cellule", names.Cell, fedName(), len(c))
		}
		org.Cell = c[0].ID
	}
	// A row placed above the import's unit goes to that unit: a section's
	// import lands in the section.
	if def != (model.Org{}) && org != def && org.Contains(def) {
		return def, nil
	}
	return org, nil
}

func unitError(level, name, in string, n int) error {
	where := ""
	if in != "" {
		where = " dans « " + in + " »"
	}
	name = model.StripControl(name)
	if n == 0 {
		return fmt.Errorf("%s « %s » inconnue%s", level, name, where)
	}
	return fmt.Errorf("%s « %s » ambiguë%s : %d unités portent ce nom", level, name, where, n)
}
