package demo

import (
	"time"

	"fichier/model"
)

var (
	dayRGPD   = daysFromCivil(2018, 5, 25) // consent renewed for the GDPR
	day1965   = daysFromCivil(1965, 1, 1)
	dayFileLo = daysFromCivil(2017, 1, 9) // the file was set up in 2017: older members imported then
	dayFileHi = daysFromCivil(2017, 6, 30)
)

func (g *Generator) person() model.Person {
	w, r := g.w, g.r
	var p model.Person

	// Kind: ~25 % adhérents, 15 % compagnons de route, 60 % contacts.
	kind := model.KindContact
	switch u := r.Float64(); {
	case u < 0.25:
		kind = model.KindAdherent
	case u < 0.40:
		kind = model.KindCompagnon
	}
	p.Kind = kind
	adh := kind == model.KindAdherent

	// Where: federation, section, commune weighted by population, quartier.
	f := w.feds[w.fedT.pick(r)]
	s := f.sections[f.st.pick(r)]
	pl := &s.places[s.pt.pick(r)]
	c := pl.c
	var q *quartier
	postal, cell := pl.postal, pl.cell
	if len(pl.quartiers) > 0 {
		q = &pl.quartiers[pl.qt.pick(r)]
		p.Quartier, postal, cell = q.name, q.postal, q.cell
	} else if c.pop >= 3000 && chance(r, 0.25) {
		p.Quartier = "Centre"
	}
	p.Address.Commune, p.Address.PostalCode = c.name, postal
	p.Circonscription = c.circo
	p.Org = model.Org{Federation: f.id, Section: s.id}
	if cell >= 0 {
		prob := byKind(kind, s.cellProb, s.cellProb*0.4, 0)
		if chance(r, prob) {
			p.Org.Cell = s.cellIDs[cell]
		}
	}

	// Age and birth date.
	age := minAge + w.ageT[kind].pick(r)
	birth := g.birthDay(age)
	p.BirthDate = dateOfDay(birth)
	by := p.BirthDate.Year()

	// Gender and names.
	femaleP := byKind(kind, 0.45, 0.5, 0.54)
	female := chance(r, femaleP)
	gi := 0
	if female {
		gi = 1
		p.Gender, p.Civility = model.GenderFemale, model.CivilityMme
	} else {
		p.Gender, p.Civility = model.GenderMale, model.CivilityM
	}
	o := origin(s.originT.pick(r))
	fid := g.firstName(o, by, gi)
	p.FirstName = w.names[fid]
	firstF := w.folded[fid]
	var lastF string
	p.LastName, lastF = g.lastName(o, by)
	if kind == model.KindContact && chance(r, 0.02) {
		p.Gender, p.Civility = model.GenderUnknown, model.CivilityNone
	}

	// Street.
	streetP := byKind(kind, 0.98, 0.93, 0.8)
	if chance(r, streetP) {
		p.Address.Street = g.street(c, q)
	}

	// Profession.
	ji := g.profession(f, s, age, gi, kind)
	jobHint := -1
	if ji != nil {
		p.Profession = ji.m
		if female {
			p.Profession = ji.f
		}
		p.PCS = ji.pcs
		p.Employer = g.employer(ji, f, s, c)
		jobHint = ji.hint
	}

	// Membership.
	join, earliest := 0, 0
	p.Status = model.StatusActif
	if adh {
		join, earliest = g.joinDay(birth, age)
		p.Status = g.status(age)
		p.MemberNumber = g.memberNumber(f)
	}

	// Phones and e-mail.
	mobileP, landP, emailP := 0.85, 0.12, 0.86
	switch {
	case age >= 90:
		mobileP, landP, emailP = 0.25, 0.8, 0.08
	case age >= 80:
		mobileP, landP, emailP = 0.45, 0.75, 0.2
	case age >= 70:
		mobileP, landP, emailP = 0.66, 0.65, 0.42
	case age >= 55:
		mobileP, landP, emailP = 0.82, 0.45, 0.62
	case age >= 35:
		mobileP, landP, emailP = 0.86, 0.26, 0.76
	}
	if chance(r, mobileP) {
		p.Mobile = g.mobile(age)
	}
	if chance(r, landP) {
		p.Landline = g.landline(s)
	}
	if chance(r, emailP) {
		p.Email = g.email(firstF, lastF, by, age)
	}
	hasPhone := p.Mobile != "" || p.Landline != ""

	// Source and consent.
	srcHint := -1
	var consent int
	if adh {
		p.Source, join = g.joinSource(join, earliest)
		p.JoinDate = dateOfDay(join)
		consent = join
		if join < dayRGPD && dayRGPD < g.today {
			consent = between(r, dayRGPD, min(dayRGPD+400, g.today-1))
		}
	} else {
		p.Source, consent, srcHint = g.source(kind, s, c, q, birth)
	}
	p.Consent.Date = dateOfDay(consent)
	p.Consent.Channels = g.channels(&p)

	// Engagements.
	p.Interests = g.interests(kind, jobHint, srcHint, age, female)
	p.Unions = g.unions(kind, ji)
	p.Associations = g.associations(kind, age, female, q != nil && c.pop >= 10000, c.pop < 5000)
	p.ElectedOffices = g.offices(kind, age, gi, c, f)

	// Preferences and notes.
	if p.Address.Street != "" && chance(r, 0.055) {
		p.Preferences.NPAI = true
	}
	if hasPhone && chance(r, 0.04) {
		p.Preferences.DoNotCall = true
	}
	switch {
	case adh && p.Email == "":
		p.Preferences.LetterOnPaper = true
	case adh && age >= 70:
		p.Preferences.LetterOnPaper = chance(r, 0.2)
	case adh:
		p.Preferences.LetterOnPaper = chance(r, 0.05)
	case kind == model.KindCompagnon && p.Email == "" && p.Address.Street != "":
		p.Preferences.LetterOnPaper = chance(r, 0.3)
	}
	if chance(r, 0.04) {
		g.note(&p, o, age, join, hasPhone, female)
	}

	// Record history.
	var created int
	if adh {
		created = max(join, between(r, dayFileLo, dayFileHi)) + r.IntN(21)
	} else {
		created = consent + r.IntN(15)
	}
	created = min(created, g.today-1)
	p.CreatedAt = g.instant(created)
	updated := max(created, consent)
	if chance(r, 0.55) {
		updated = between(r, updated, g.today-1)
	}
	if updated == created {
		p.UpdatedAt = p.CreatedAt
	} else {
		p.UpdatedAt = g.instant(updated)
	}
	p.CreatedBy, p.UpdatedBy = CreatedBy, CreatedBy
	if adh {
		p.Contribution = g.contribution(&p)
	}
	return p
}

// instant is a time during opening hours on day z (UTC).
func (g *Generator) instant(z int) time.Time {
	sec := 8*3600 + g.r.IntN(14*3600)
	return time.Unix(int64(z)*86400+int64(sec), 0).UTC()
}

// birthDay draws a birth day such that the person is exactly age today.
// Sixteen-year-olds have their birthday before today, so that they were 16
// yesterday already.
func (g *Generator) birthDay(age int) int {
	ty, tm, td := civilFromDays(g.today)
	hi := dayOfYMD(ty-age, tm, td)
	lo := dayOfYMD(ty-age-1, tm, td) + 1
	if age == minAge {
		hi--
	}
	for {
		b := between(g.r, lo, hi)
		if dateOfDay(b).AgeAt(g.cfg.Today) == age {
			return b
		}
	}
}

func (g *Generator) firstName(o origin, by, gi int) int32 {
	w := g.w
	for i := range w.originFN[o] {
		oc := &w.originFN[o][i]
		if by <= oc.until {
			if chance(g.r, oc.share) {
				return oc.byG[gi].pick(g)
			}
			break
		}
	}
	for i := range w.french {
		if by <= w.french[i].until {
			return w.french[i].byG[gi].pick(g)
		}
	}
	panic("unreachable")
}

func (g *Generator) lastName(o origin, by int) (string, string) {
	w := g.w
	id := w.lastByOrig[o].pick(g)
	if o == originFrench {
		p := 0.02
		if by >= 2005 {
			p = 0.08 // double names are allowed since 2005
		}
		if chance(g.r, p) {
			id2 := w.lastByOrig[originFrench].pick(g)
			if id2 != id && !hasSpace(w.names[id]) && !hasSpace(w.names[id2]) {
				key := uint32(id)<<16 | uint32(id2)
				cp, ok := g.compoundCache[key]
				if !ok {
					cp = compound{w.names[id] + "-" + w.names[id2], w.folded[id] + "-" + w.folded[id2]}
					g.compoundCache[key] = cp
				}
				return cp.name, cp.folded
			}
		}
	}
	return w.names[id], w.folded[id]
}

func hasSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '\'' {
			return true
		}
	}
	return false
}

func (g *Generator) street(c *commune, q *quartier) string {
	w, r := g.w, g.r
	var sid int32
	maxN := 140
	switch {
	case q != nil && len(q.streets) > 0 && chance(r, 0.6):
		sid = q.streets[r.IntN(len(q.streets))]
	case c.pop >= 5000:
		sid = w.urbanStreets.pick(g)
	default:
		sid = w.villageStreets.pick(g)
		maxN = 45
	}
	// Streets of every length: low numbers are more frequent, as in life.
	num := 1 + r.IntN(8+r.IntN(maxN))
	bis := uint32(0)
	if chance(r, 0.03) {
		bis = 1
	}
	key := uint32(sid)<<9 | uint32(num)<<1 | bis
	if s, ok := g.streetCache[key]; ok {
		return s
	}
	b := appendInt(g.buf[:0], num)
	if bis == 1 {
		b = append(b, " bis"...)
	}
	b = append(b, ' ')
	b = append(b, w.streets[sid]...)
	s := string(b)
	g.streetCache[key] = s
	return s
}

// retiredShare is the share of the retired among people of age (60 or over).
func retiredShare(age int) float64 {
	switch {
	case age >= 70:
		return 0.985
	case age >= 65:
		return 0.94
	case age >= 62:
		return 0.75
	}
	return 0.45
}

func (g *Generator) profession(f *fed, s *section, age, gi int, kind model.Kind) *jobInfo {
	w, r := g.w, g.r
	none := byKind(kind, 0.07, 0.12, 0.2)
	if chance(r, none) {
		return nil
	}
	retired := func() *jobInfo {
		t := &w.retT[f.idx][gi]
		return w.retired[w.retTIdx[f.idx][gi][t.pick(r)]]
	}
	u := r.Float64()
	switch {
	case age <= 18:
		switch {
		case u < 0.75:
			return w.pupil
		case u < 0.9:
			return w.appr[w.apprT[gi].pick(r)]
		}
		return w.student
	case age <= 25:
		switch {
		case u < 0.45:
			return w.student
		case u < 0.53:
			return w.jobless
		case u < 0.6 && age <= 20:
			return w.appr[w.apprT[gi].pick(r)]
		}
	case age >= 60:
		if u < retiredShare(age) {
			return retired()
		}
	case age >= 55 && u < 0.04:
		return retired()
	default:
		home := 0.005
		if gi == 1 {
			home = 0.03
		}
		switch {
		case u < 0.06:
			return w.jobless
		case u < 0.06+home:
			return w.home
		case u < 0.07+home:
			return w.invalid
		}
	}
	// A job; graduate ones not before 23.
	t := &w.jobT[f.idx][gi][s.rural]
	for {
		j := w.jobs[w.jobTIdx[f.idx][gi][s.rural][t.pick(r)]]
		if age >= 23 || j.pcs != model.PCSCadres {
			return j
		}
	}
}

func (g *Generator) employer(ji *jobInfo, f *fed, s *section, c *commune) string {
	opts := ji.emp[f.idx]
	if len(opts) == 0 || chance(g.r, 0.25) {
		return ""
	}
	o := opts[g.r.IntN(len(opts))]
	switch o.ph {
	case phVille:
		return c.townHall
	case phHop:
		return s.hospital
	case phUniv:
		return f.univs[g.r.IntN(len(f.univs))]
	case phTransport:
		return s.transport
	case phDep:
		return f.dep
	case phMetro:
		switch {
		case c.grenoble:
			return "Grenoble-Alpes-Métropole"
		case c.lyon:
			return "Métropole de Lyon"
		}
		return c.epci
	case phCAF:
		return f.caf
	case phCPAM:
		return f.cpam
	case phSDIS:
		return f.sdis
	}
	return o.lit
}

// joinDay draws a date of adhesion: at 16 at the earliest and not before
// 1965, recent ones more frequent; some older members joined young.
func (g *Generator) joinDay(birth, age int) (join, earliest int) {
	r := g.r
	y, m, d := civilFromDays(birth)
	earliest = max(dayOfYMD(y+16, m, d), day1965)
	latest := g.today - 1
	if earliest > latest {
		earliest = latest
	}
	span := latest - earliest
	if age >= 50 && chance(r, 0.35) {
		return earliest + r.IntN(min(span, 15*365)+1), earliest
	}
	x := r.Float64()
	if chance(r, 0.75) {
		x = 1 - (1-x)*(1-x)
	}
	return earliest + int(x*float64(span)), earliest
}

func (g *Generator) status(age int) model.Status {
	dec := 0.0
	switch {
	case age >= 80:
		dec = 0.07
	case age >= 65:
		dec = 0.025
	case age >= 55:
		dec = 0.008
	}
	switch u := g.r.Float64(); {
	case u < dec:
		return model.StatusDecede
	case u < dec+0.04:
		return model.StatusDemissionnaire
	case u < dec+0.06:
		return model.StatusMute
	case u < dec+0.19:
		// Formerly the hand-set "en retard de cotisation": the dues
		// status is computed from the payments now (see dues.go). The draw
		// stays so that the rest of the file is unchanged.
		return model.StatusActif
	}
	return model.StatusActif
}

// memberNumber is "<federation code>-<6-digit sequence>", e.g. "38-004512".
func (g *Generator) memberNumber(f *fed) string {
	g.seq[f.idx]++
	b := append(g.buf[:0], f.code...)
	b = append(b, '-')
	b = appendPadded(b, g.seq[f.idx], 6)
	return string(b)
}

// joinSource tells how an adherent joined; a few joined at a Fête de
// l'Humanité, whose dates then become the date of adhesion.
func (g *Generator) joinSource(join, earliest int) (string, int) {
	r := g.r
	if fetes := g.joinSrc.fetes; len(fetes) > 0 && chance(r, 0.12) {
		// the Fêtes the person was old enough for
		first := len(fetes)
		for i, fe := range fetes {
			if fe.from >= earliest {
				first = i
				break
			}
		}
		if first < len(fetes) {
			fe := fetes[first+r.IntN(len(fetes)-first)]
			return fe.name, between(r, fe.from, fe.to)
		}
	}
	u := r.Float64()
	if join >= g.joinSrc.online {
		switch {
		case u < 0.45:
			return "Adhésion en ligne", join
		case u < 0.85:
			return "Bulletin d'adhésion", join
		}
		return "", join
	}
	if u < 0.35 {
		return "Bulletin d'adhésion", join
	}
	return "", join
}

// source picks where a contact or compagnon came from, among the campaigns
// and events that reached their place, and the day they gave their details.
func (g *Generator) source(kind model.Kind, s *section, c *commune, q *quartier, birth int) (string, int, int) {
	r := g.r
	k := 0
	if kind == model.KindCompagnon {
		k = 1
	}
	y, m, d := civilFromDays(birth)
	adult := dayOfYMD(y+16, m, d)
	last := g.today - 1
	fallback := func() (string, int, int) {
		return "", between(r, max(adult, last-1500), last), -1
	}
	if kind == model.KindContact && chance(r, 0.05) {
		return fallback()
	}
	base := &g.srcBase[s.idx][k]
	local := g.srcLocal[c.name]
	var localQ []int
	if q != nil {
		localQ = g.srcLocal[q.key]
	}
	total := base.tot
	for _, si := range local {
		total += g.sources[si].w[k]
	}
	for _, si := range localQ {
		total += g.sources[si].w[k]
	}
	if total <= 0 {
		return fallback()
	}
	x := r.Float64() * total
	si := -1
	if x < base.tot {
		si = base.ids[base.t.pick(r)]
	} else {
		x -= base.tot
		for _, list := range [2][]int{local, localQ} {
			for _, i := range list {
				if si < 0 {
					x -= g.sources[i].w[k]
					if x < 0 {
						si = i
					}
				}
			}
		}
		if si < 0 { // rounding
			si = base.ids[base.t.pick(r)]
		}
	}
	src := &g.sources[si]
	lo := max(src.from, adult)
	if lo > src.to {
		return fallback()
	}
	return src.name, between(r, lo, src.to), src.hint
}

// channels are the ways the person agreed to be reached, among the details
// they gave.
func (g *Generator) channels(p *model.Person) model.Channels {
	r := g.r
	var ch model.Channels
	if p.Address.Street != "" && chance(r, 0.85) {
		ch |= model.ChannelCourrier
	}
	if p.Email != "" && chance(r, 0.95) {
		ch |= model.ChannelCourriel
	}
	if (p.Mobile != "" || p.Landline != "") && chance(r, 0.85) {
		ch |= model.ChannelTelephone
	}
	if p.Mobile != "" && chance(r, 0.7) {
		ch |= model.ChannelSMS
	}
	if ch == 0 {
		switch {
		case p.Email != "":
			ch = model.ChannelCourriel
		case p.Mobile != "" || p.Landline != "":
			ch = model.ChannelTelephone
		case p.Address.Street != "":
			ch = model.ChannelCourrier
		}
	}
	return ch
}

func (g *Generator) note(p *model.Person, o origin, age, join int, hasPhone, female bool) {
	r := g.r
	for range 6 {
		n := &noteDefs[r.IntN(len(noteDefs))]
		ok := true
		switch n.need {
		case needPhone:
			ok = hasPhone
		case needAdherent:
			ok = p.Kind == model.KindAdherent
		case needNotAdherent:
			ok = p.Kind != model.KindAdherent
		case needOld:
			ok = age >= 65
		case needOldMember:
			ok = p.Kind == model.KindAdherent && join < daysFromCivil(1995, 1, 1)
		case needPortuguese:
			ok = o == originPortuguese
		case needArabic:
			ok = o == originMaghreb
		case needTurkish:
			ok = o == originTurkish
		}
		if !ok {
			continue
		}
		p.Notes = n.m
		if female {
			p.Notes = n.f
		}
		if n.paper {
			p.Preferences.DoNotCall = hasPhone
			p.Preferences.LetterOnPaper = p.Kind == model.KindAdherent || p.Kind == model.KindCompagnon
		}
		return
	}
}
