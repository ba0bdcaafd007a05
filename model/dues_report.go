package model

import (
	"cmp"
	"slices"
)

// DuesLine is one row of the "Cotisations détaillées" report: a section, a
// cell, or the total. Amounts are net (counter-entries subtract), exact.
type DuesLine struct {
	Unit      UnitID // 0 on the total line and on "sans cellule"
	Name      string
	Cotisants int   // adherents whose net payments in the period are positive
	Total     Cents // net total of the period
	// ByMode is indexed by PayMode (index 0 unused).
	ByMode [ModeCarte + 1]Cents
	// ByMonth has one amount per month of the period, by payment date.
	ByMonth []Cents
	// Behind counts the adherents not up to date today (en retard or jamais).
	Behind int
	// Cards counts the adherents whose card for the year of the period's
	// end was handed over, out of Members, the adherents whose dues are
	// followed (« cartes remises : 812 / 1 285 »).
	Cards, Members int
	// The same period one year earlier.
	PrevCotisants int
	PrevTotal     Cents
}

// DuesSection is a section's line and its cells' lines.
type DuesSection struct {
	DuesLine
	Cells []DuesLine
}

// DuesReport is the dues received over a period, per section and cell.
type DuesReport struct {
	From, To Date
	Months   []Month
	Sections []DuesSection // by name
	Total    DuesLine

	prevFrom, prevTo Date
	lines            map[Org]*DuesLine // section lines have Cell 0 … and cells too: keyed by the org truncated to the line
	people           map[PersonID]*duesPerson
}

type duesPerson struct {
	org        Org
	net, prevN Cents
}

// ShiftYears moves d by n years (29 February becomes the 28th).
func ShiftYears(d Date, n int) Date {
	y, m, day := d.Year()+n, d.Month(), d.Day()
	if m == 2 && day == 29 && !NewDate(y, 2, 29).Valid() {
		day = 28
	}
	return NewDate(y, m, day)
}

// NewDuesReport starts a report of the period from–to (both included).
func NewDuesReport(from, to Date) *DuesReport {
	r := &DuesReport{From: from, To: to, prevFrom: ShiftYears(from, -1), prevTo: ShiftYears(to, -1),
		lines: map[Org]*DuesLine{}, people: map[PersonID]*duesPerson{}}
	for m := MonthOf(from); m <= MonthOf(to); m++ {
		r.Months = append(r.Months, m)
	}
	return r
}

// PrevPeriod is the same period one year earlier, which the report compares with.
func (r *DuesReport) PrevPeriod() (Date, Date) { return r.prevFrom, r.prevTo }

// InPeriods reports whether a payment dated d counts in the report (in the
// period or in the comparison period).
func (r *DuesReport) InPeriods(d Date) bool {
	return (d >= r.From && d <= r.To) || (d >= r.prevFrom && d <= r.prevTo)
}

func (r *DuesReport) line(org Org) *DuesLine {
	l := r.lines[org]
	if l == nil {
		l = &DuesLine{Unit: org.Cell, ByMonth: make([]Cents, len(r.Months))}
		if org.Cell == 0 {
			l.Unit = org.Section
		}
		r.lines[org] = l
	}
	return l
}

func sectionOf(org Org) Org { return Org{Federation: org.Federation, Section: org.Section} }

// linesOf is the section line of org and, when org has a cell, its cell line.
func (r *DuesReport) linesOf(org Org) []*DuesLine {
	if org.Cell == 0 {
		return []*DuesLine{r.line(sectionOf(org))}
	}
	return []*DuesLine{r.line(sectionOf(org)), r.line(org)}
}

// AddUnit makes the section and cell of org appear even without payments.
func (r *DuesReport) AddUnit(org Org) {
	r.linesOf(org)
}

// AddPayment counts a payment (or counter-entry) of the adherent living at
// org. Payments outside both periods are ignored.
func (r *DuesReport) AddPayment(org Org, p *Payment) {
	cur := p.Date >= r.From && p.Date <= r.To
	prev := p.Date >= r.prevFrom && p.Date <= r.prevTo
	if !cur && !prev {
		return
	}
	who := r.people[p.Person]
	if who == nil {
		who = &duesPerson{org: org}
		r.people[p.Person] = who
	}
	if prev {
		who.prevN += p.Cents
		for _, l := range r.linesOf(org) {
			l.PrevTotal += p.Cents
		}
	}
	if cur {
		who.net += p.Cents
		i := int(MonthOf(p.Date) - MonthOf(r.From))
		for _, l := range r.linesOf(org) {
			l.Total += p.Cents
			if p.Mode.Valid() {
				l.ByMode[p.Mode] += p.Cents
			}
			l.ByMonth[i] += p.Cents
		}
	}
}

// AddBehind counts an adherent not up to date at org.
func (r *DuesReport) AddBehind(org Org) {
	for _, l := range r.linesOf(org) {
		l.Behind++
	}
}

// AddMember counts an adherent whose dues are followed at org, and their
// card when it was handed over.
func (r *DuesReport) AddMember(org Org, card bool) {
	for _, l := range r.linesOf(org) {
		l.Members++
		if card {
			l.Cards++
		}
	}
}

// Finish counts the cotisants, names the lines (name(0) names the cells'
// "sans cellule") and sorts them, and adds up the total line.
func (r *DuesReport) Finish(name func(UnitID) string) {
	for _, who := range r.people {
		for _, l := range r.linesOf(who.org) {
			if who.net > 0 {
				l.Cotisants++
			}
			if who.prevN > 0 {
				l.PrevCotisants++
			}
		}
	}
	sections := map[Org]*DuesSection{}
	for org, l := range r.lines {
		if org.Cell != 0 {
			continue
		}
		sections[org] = &DuesSection{DuesLine: *l}
		sections[org].Name = name(org.Section)
	}
	for org, l := range r.lines {
		if org.Cell == 0 {
			continue
		}
		s := sections[sectionOf(org)]
		c := *l
		c.Name = name(org.Cell)
		s.Cells = append(s.Cells, c)
	}
	r.Total = DuesLine{Name: "Total", ByMonth: make([]Cents, len(r.Months))}
	r.Sections = r.Sections[:0]
	for _, s := range sections {
		// What the cells do not account for is "sans cellule".
		rest := s.DuesLine
		rest.Unit, rest.Name, rest.ByMonth = 0, name(0), slices.Clone(s.ByMonth)
		for _, c := range s.Cells {
			rest.subtract(&c)
		}
		if len(s.Cells) > 0 && !rest.isEmpty() {
			s.Cells = append(s.Cells, rest)
		}
		slices.SortFunc(s.Cells, func(a, b DuesLine) int {
			if (a.Unit == 0) != (b.Unit == 0) {
				return cmp.Compare(b.Unit, a.Unit) // "sans cellule" last
			}
			return cmp.Compare(Fold(a.Name), Fold(b.Name))
		})
		r.Total.add(&s.DuesLine)
		r.Sections = append(r.Sections, *s)
	}
	slices.SortFunc(r.Sections, func(a, b DuesSection) int {
		return cmp.Or(cmp.Compare(Fold(a.Name), Fold(b.Name)), cmp.Compare(a.Unit, b.Unit))
	})
	r.lines, r.people = nil, nil
}

func (l *DuesLine) add(o *DuesLine) {
	l.Cotisants += o.Cotisants
	l.Total += o.Total
	for i := range l.ByMode {
		l.ByMode[i] += o.ByMode[i]
	}
	for i := range l.ByMonth {
		l.ByMonth[i] += o.ByMonth[i]
	}
	l.Behind += o.Behind
	l.Cards += o.Cards
	l.Members += o.Members
	l.PrevCotisants += o.PrevCotisants
	l.PrevTotal += o.PrevTotal
}

func (l *DuesLine) subtract(o *DuesLine) {
	neg := *o
	neg.ByMonth = slices.Clone(o.ByMonth)
	neg.Cotisants, neg.Total, neg.Behind, neg.PrevCotisants, neg.PrevTotal = -o.Cotisants, -o.Total, -o.Behind, -o.PrevCotisants, -o.PrevTotal
	neg.Cards, neg.Members = -o.Cards, -o.Members
	for i := range neg.ByMode {
		neg.ByMode[i] = -o.ByMode[i]
	}
	for i := range neg.ByMonth {
		neg.ByMonth[i] = -o.ByMonth[i]
	}
	l.add(&neg)
}

func (l *DuesLine) isEmpty() bool {
	return l.Cotisants == 0 && l.Total == 0 && l.Behind == 0 && l.PrevCotisants == 0 && l.PrevTotal == 0 && l.Members == 0
}
