package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"time"

	"fichier/model"
)

// HistoryYears is how many years of dues the demo file holds before the
// current one.
const HistoryYears = 4

// duesRand is a person's own random stream for their dues, so that adding
// dues left every other generated value (names, addresses …) as it was.
func (g *Generator) duesRand(memberNumber string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(memberNumber))
	return rand.New(rand.NewPCG(uint64(g.cfg.Seed)^h.Sum64(), 0x5851f42d4c957f2d))
}

// contribution is the agreed cotisation of an adherent: most pay monthly,
// about a third yearly, a few quarterly; the amount follows the
// socio-professional group, as parties' scales follow income.
func (g *Generator) contribution(p *model.Person) model.Contribution {
	r := g.duesRand(p.MemberNumber)
	lo, hi := 8, 15 // euros per month
	switch p.PCS {
	case model.PCSCadres:
		lo, hi = 25, 45
	case model.PCSIntermediaires, model.PCSArtisans, model.PCSAgriculteurs:
		lo, hi = 15, 25
	case model.PCSRetraites:
		lo, hi = 10, 22
	case model.PCSSansActivite:
		lo, hi = 3, 6
	}
	monthly := between(r, lo, hi)
	switch u := r.Float64(); {
	case u < 0.55:
		return model.Contribution{Cents: model.Cents(monthly) * 100, Rhythm: model.RhythmMensuel}
	case u < 0.65:
		return model.Contribution{Cents: model.Cents(monthly*3) * 100, Rhythm: model.RhythmTrimestriel}
	}
	yearly := (monthly*12 + 4) / 5 * 5 // a round figure
	return model.Contribution{Cents: model.Cents(yearly) * 100, Rhythm: model.RhythmAnnuel}
}

// Payments is the dues history of a stored adherent (p.ID set), consistent
// with their agreed contribution: one payment per period of the rhythm since
// they joined (at most HistoryYears before the current year), by
// prélèvement on the 5th for most monthly payers, by cheque or transfer at
// the start of the quarter, early in the year for yearly payers. About 5 %
// never paid, 12 % stopped some months ago, adherents who left stopped
// before leaving; a few cheques bounce (a counter-entry, then a transfer).
// The same person always gets the same payments.
func (g *Generator) Payments(p *model.Person) []model.Payment {
	if p.Kind != model.KindAdherent || p.Contribution.IsZero() || p.JoinDate == 0 {
		return nil
	}
	r := g.duesRand(p.MemberNumber + "/versements")
	today := g.cfg.Today
	stop := today
	switch u := r.Float64(); {
	case u < 0.05:
		return nil
	case u < 0.17:
		stop = dateOfDay(dayOf(today) - between(r, 100, 900))
	}
	if p.Status != model.StatusActif {
		stop = dateOfDay(dayOf(today) - between(r, 90, 720))
	}
	c := p.Contribution
	mode := model.ModePrelevement
	switch c.Rhythm {
	case model.RhythmMensuel:
		if chance(r, 0.15) {
			mode = model.ModeVirement
		}
	case model.RhythmTrimestriel:
		mode = pickMode(r, []model.PayMode{model.ModeCheque, model.ModeVirement, model.ModePrelevement}, []float64{0.5, 0.3, 0.2})
	default:
		mode = pickMode(r, []model.PayMode{model.ModeCheque, model.ModeEspeces, model.ModeVirement, model.ModeCarte}, []float64{0.5, 0.15, 0.2, 0.15})
	}
	first := max(p.JoinDate, model.NewDate(today.Year()-HistoryYears, 1, 1))
	n := c.Rhythm.Months()
	period := model.DefaultPeriod(first, c.Cents, c)
	var out []model.Payment
	for m := period.From; ; m += model.Month(n) {
		var d model.Date
		switch {
		case mode == model.ModePrelevement:
			d = model.NewDate(m.Year(), m.MonthNum(), 5)
		case c.Rhythm == model.RhythmAnnuel:
			d = dateOfDay(dayOf(m.First()) + between(r, 6, 75)) // at the first meetings of the year
		default:
			d = model.NewDate(m.Year(), m.MonthNum(), between(r, 1, 28))
		}
		d = max(d, first)
		if d > stop {
			break
		}
		pay := model.Payment{Person: p.ID, Date: d, Cents: c.Cents, Period: model.DefaultPeriod(d, c.Cents, c), Mode: mode,
			RecordedBy: CreatedBy, RecordedAt: recordedAt(d)}
		if mode == model.ModeCheque {
			pay.Reference = "chèque n° " + itoa(between(r, 1000000, 9999999))
		}
		out = append(out, pay)
		if mode == model.ModeCheque && chance(r, 0.01) {
			// The cheque bounced: cancelled, then paid again by transfer.
			later := min(dateOfDay(dayOf(d)+between(r, 7, 20)), today)
			pay.ID = model.PaymentID(len(out)) // provisional: the store links the real IDs
			out[len(out)-1].ID = pay.ID
			out = append(out, model.CounterEntry(pay, CreatedBy, recordedAt(later)))
			again := pay
			again.ID, again.Date, again.Mode, again.Reference, again.RecordedAt = 0, later, model.ModeVirement, "", recordedAt(later)
			out = append(out, again)
		}
	}
	return out
}

func pickMode(r *rand.Rand, modes []model.PayMode, w []float64) model.PayMode {
	u := r.Float64()
	for i, x := range w {
		if u < x {
			return modes[i]
		}
		u -= x
	}
	return modes[len(modes)-1]
}

// recordedAt is the evening of day d, when a treasurer types the day's payments.
func recordedAt(d model.Date) time.Time {
	return time.Date(d.Year(), time.Month(d.Month()), d.Day(), 20, 30, 0, 0, time.Local)
}
