package demo

import "fichier/model"

// mobile06 are the two digits after 06 that French mobile numbers use
// (libphonenumber's metadata: 06 [0-24-8]x, 063[0-8], 069[589]).
var mobile06 = func() [][2]byte {
	var out [][2]byte
	for a := byte('0'); a <= '9'; a++ {
		for b := byte('0'); b <= '9'; b++ {
			switch {
			case a == '3' && b == '9':
			case a == '9' && b != '5' && b != '8' && b != '9':
			default:
				out = append(out, [2]byte{a, b})
			}
		}
	}
	return out
}()

// mobile is a French mobile in E.164: +336… or, more for the young, +337[3-9]….
func (g *Generator) mobile(age int) string {
	r := g.r
	b := append(g.buf[:0], "+33"...)
	p07 := 0.2
	if age < 35 {
		p07 = 0.5
	}
	if chance(r, p07) {
		b = append(b, '7', byte('3'+r.IntN(7)))
		b = appendDigits(b, r, 7)
	} else {
		pre := mobile06[r.IntN(len(mobile06))]
		b = append(b, '6', pre[0], pre[1])
		b = appendDigits(b, r, 6)
	}
	return string(b)
}

// landline is a fixed number of the section's area (04 76 in Grenoble,
// 04 74 in the Nord-Isère, 04 78 in Lyon …), in E.164.
func (g *Generator) landline(s *section) string {
	b := append(g.buf[:0], s.landline[g.r.IntN(len(s.landline))]...)
	return string(appendDigits(b, g.r, 6))
}

// email builds a plausible, unique address from the folded names.
func (g *Generator) email(first, last string, by, age int) string {
	r := g.r
	if first == "" || last == "" {
		if first = first + last; first == "" {
			return ""
		}
		last = ""
	}
	var domain string
	if age < 45 {
		domain = domainsYoung[g.w.domYoung.pick(r)].name
	} else {
		domain = domainsOld[g.w.domOld.pick(r)].name
	}
	b := g.buf[:0]
	u := r.Float64()
	switch {
	case last == "":
		b = append(b, first...)
		b = appendPadded(b, by%100, 2)
	case u < 0.45:
		b = append(append(append(b, first...), '.'), last...)
	case u < 0.60:
		b = append(append(append(b, first...), '.'), last...)
		b = appendPadded(b, by%100, 2)
	case u < 0.70:
		b = append(append(b, first[0]), last...)
	case u < 0.78:
		b = append(append(b, first...), last...)
	case u < 0.85:
		b = append(append(append(b, last...), '.'), first...)
	case u < 0.93:
		b = append(append(append(b, first...), '.'), last...)
		b = appendInt(b, 1+r.IntN(999))
	default:
		b = append(append(append(b, first...), '_'), last...)
	}
	base := len(b)
	for try := range 4 {
		if try > 0 {
			// another number, as people do when their name is taken
			b = appendInt(b[:base], 1+r.IntN(99*try))
		}
		local := len(b)
		b = append(append(b, '@'), domain...)
		if !g.emails.seen(b) {
			g.emails.add(b)
			return string(b)
		}
		b = b[:local]
	}
	// The person's sequence number makes it unique.
	b = append(b[:base], '.')
	b = appendInt(b, g.n)
	b = append(append(b, '@'), domain...)
	g.emails.add(b)
	return string(b)
}

// bloom remembers the e-mails given so far in a few megabytes: "not seen"
// is always right, so addresses are unique; "seen" may rarely be wrong,
// which only adds a number to an address that did not need it.
type bloom struct {
	bits []uint64
	mask uint64
}

func newBloom(n int) bloom {
	m := uint64(1) << 16
	for m < uint64(n)*24 && m < 1<<28 {
		m <<= 1
	}
	return bloom{bits: make([]uint64, m/64), mask: m - 1}
}

func (b *bloom) hashes(s []byte) (uint64, uint64) {
	h := uint64(14695981039346656037)
	for _, c := range s {
		h ^= uint64(c)
		h *= 1099511628211
	}
	h2 := h ^ (h >> 31)
	h2 *= 0xbf58476d1ce4e5b9
	h2 ^= h2 >> 29
	return h, h2 | 1
}

func (b *bloom) seen(s []byte) bool {
	h, h2 := b.hashes(s)
	for i := range uint64(4) {
		x := (h + i*h2) & b.mask
		if b.bits[x>>6]&(1<<(x&63)) == 0 {
			return false
		}
	}
	return true
}

func (b *bloom) add(s []byte) {
	h, h2 := b.hashes(s)
	for i := range uint64(4) {
		x := (h + i*h2) & b.mask
		b.bits[x>>6] |= 1 << (x & 63)
	}
}

// ---------------------------------------------------------------------------
// Engagements

var interestCounts = map[model.Kind][]float64{
	model.KindAdherent:  {0.15, 0.2, 0.3, 0.25, 0.1},
	model.KindCompagnon: {0.3, 0.35, 0.25, 0.1},
	model.KindContact:   {0.55, 0.35, 0.1},
}

func countFrom(r float64, dist []float64) int {
	for i, p := range dist {
		if r < p {
			return i
		}
		r -= p
	}
	return len(dist) - 1
}

func (g *Generator) interests(kind model.Kind, jobHint, srcHint, age int, female bool) []string {
	w, r := g.w, g.r
	n := countFrom(r.Float64(), interestCounts[kind])
	var picked [8]int
	k := 0
	has := func(i int) bool {
		for _, x := range picked[:k] {
			if x == i {
				return true
			}
		}
		return false
	}
	if srcHint >= 0 && chance(r, 0.8) {
		picked[k] = srcHint
		k++
	}
	if jobHint >= 0 && !has(jobHint) && chance(r, 0.6) {
		picked[k] = jobHint
		k++
	}
	if k < n {
		var ws [32]float64
		total := 0.0
		for i, x := range w.interestWeight {
			switch w.interests[i] {
			case "retraites":
				if age >= 60 {
					x *= 1.8
				}
			case "jeunesse":
				if age < 30 {
					x *= 3
				}
			case "féminisme":
				if female {
					x *= 2
				}
			}
			ws[i] = x
			total += x
		}
		for tries := 0; k < n && tries < 12; tries++ {
			x := r.Float64() * total
			i := 0
			for ; i < len(w.interests)-1; i++ {
				x -= ws[i]
				if x < 0 {
					break
				}
			}
			if !has(i) {
				picked[k] = i
				k++
			}
		}
	}
	if k == 0 {
		return nil
	}
	out := make([]string, k)
	for i := range out {
		out[i] = w.interests[picked[i]]
	}
	return out
}

func (g *Generator) unions(kind model.Kind, ji *jobInfo) []string {
	r := g.r
	p := byKind(kind, 0.38, 0.2, 0.07)
	profile := unionsWorkers
	if ji != nil {
		profile = ji.unions
		switch ji {
		case g.w.jobless:
			p *= 0.5
		case g.w.home, g.w.pupil:
			p = 0
		}
	}
	if profile == unionsNone || !chance(r, p) {
		return nil
	}
	u := g.w.unions[profile]
	return []string{u.names[u.t.pick(r)]}
}

func (g *Generator) associations(kind model.Kind, age int, female, urban, village bool) []string {
	r := g.r
	p := byKind(kind, 0.55, 0.35, 0.12)
	if !chance(r, p) {
		return nil
	}
	n := 1
	switch u := r.Float64(); {
	case u < 0.1:
		n = 3
	case u < 0.4:
		n = 2
	}
	var ws [32]float64
	total := 0.0
	for i, a := range assocDefs {
		x := a.weight
		switch {
		case a.minAge > 0 && age < a.minAge, a.maxAge > 0 && age > a.maxAge:
			x = 0
		case a.urban && !urban, a.village && !village:
			x = 0
		case female:
			x *= a.female
		default:
			x *= a.male
		}
		ws[i] = x
		total += x
	}
	out := make([]string, 0, n)
	for tries := 0; len(out) < n && tries < 10; tries++ {
		x := r.Float64() * total
		i := 0
		for ; i < len(assocDefs)-1; i++ {
			x -= ws[i]
			if x < 0 {
				break
			}
		}
		if ws[i] == 0 {
			continue
		}
		dup := false
		for _, a := range out {
			if a == assocDefs[i].name {
				dup = true
			}
		}
		if !dup {
			out = append(out, assocDefs[i].name)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// offices hands out elected mandates to a few adherents (and rare
// compagnons de route), never more than the councils hold: one mayor per
// commune, a quarter of a municipal council at most, a few seats elsewhere.
func (g *Generator) offices(kind model.Kind, age, gi int, c *commune, f *fed) []string {
	r := g.r
	if age < 20 {
		return nil
	}
	p := byKind(kind, 0.03, 0.004, 0)
	if !chance(r, p) {
		return nil
	}
	i := c.idx
	muniCap := int16(max(1, c.council/4))
	adjCap := int16(max(1, c.council/10))
	var out []string
	local := false
	switch u := r.Float64(); {
	case kind != model.KindAdherent:
	case u < 0.03 && age >= 30 && !g.mayor[i] && g.muni[i] < muniCap:
		g.mayor[i] = true
		g.muni[i]++
		out = append(out, c.offMaire)
		local = true
	case u < 0.23 && g.adj[i] < adjCap && g.muni[i] < muniCap:
		g.adj[i]++
		g.muni[i]++
		out = append(out, c.offAdj[gi])
		local = true
	case u < 0.29 && f.deptOff[gi] != "" && g.deptCount[f.idx] < 6:
		g.deptCount[f.idx]++
		out = append(out, f.deptOff[gi])
	case u < 0.31 && g.regional < 3:
		g.regional++
		if gi == 1 {
			out = append(out, "conseillère régionale d'Auvergne-Rhône-Alpes")
		} else {
			out = append(out, "conseiller régional d'Auvergne-Rhône-Alpes")
		}
	}
	if len(out) == 0 && g.muni[i] < muniCap {
		g.muni[i]++
		out = append(out, c.offMuni[gi])
		local = true
	}
	if local && kind == model.KindAdherent && chance(r, 0.3) {
		epciCap := 1 + c.pop/60000
		if c.lyon {
			epciCap = 8
		} else if c.grenoble {
			epciCap = 6
		}
		if g.epciCount[c.epci] < epciCap {
			g.epciCount[c.epci]++
			out = append(out, c.offEPCI[gi])
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
