package demo

import (
	"math/rand/v2"

	"fichier/model"
)

// weighted picks an index with probability proportional to its weight, by
// binary search over the cumulative weights.
type weighted struct {
	cum []float64
}

func newWeighted(w []float64) weighted {
	cum := make([]float64, len(w))
	total := 0.0
	for i, x := range w {
		if x < 0 {
			x = 0
		}
		total += x
		cum[i] = total
	}
	if total <= 0 {
		panic("demo: weighted table with no positive weight")
	}
	return weighted{cum: cum}
}

func (t *weighted) total() float64 { return t.cum[len(t.cum)-1] }

func (t *weighted) pick(r *rand.Rand) int {
	x := r.Float64() * t.cum[len(t.cum)-1]
	lo, hi := 0, len(t.cum)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// zipf gives n weights decreasing with the rank, for lists written most
// frequent first: 1/(rank+offset).
func zipf(n int, offset float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / (float64(i) + offset)
	}
	return w
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// ---------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01), allocation-free.

// daysFromCivil is Howard Hinnant's days_from_civil.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is Howard Hinnant's civil_from_days.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func dayOf(d model.Date) int { return daysFromCivil(d.Year(), d.Month(), d.Day()) }

func dateOfDay(z int) model.Date {
	y, m, d := civilFromDays(z)
	return model.NewDate(y, m, d)
}

// dayOfYMD is the day number of y-m-d, with 29 February of a common year
// taken as 28 February.
func dayOfYMD(y, m, d int) int {
	if m == 2 && d == 29 && !leap(y) {
		d = 28
	}
	return daysFromCivil(y, m, d)
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// between draws a day uniformly in [lo, hi] (hi < lo gives lo).
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// ---------------------------------------------------------------------------
// Byte helpers for building strings without fmt.

func appendPadded(b []byte, n, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for n > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	for pad := width - (len(tmp) - i); pad > 0; pad-- {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

func appendInt(b []byte, n int) []byte { return appendPadded(b, n, 0) }

func appendDigits(b []byte, r *rand.Rand, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return b
}

// weight is the weight of entry i.
func (t *weighted) weight(i int) float64 {
	if i == 0 {
		return t.cum[0]
	}
	return t.cum[i] - t.cum[i-1]
}

// byKind is the figure for kind: an adherent's, a compagnon de route's, or
// a contact's.
func byKind(kind model.Kind, adherent, compagnon, contact float64) float64 {
	switch kind {
	case model.KindAdherent:
		return adherent
	case model.KindCompagnon:
		return compagnon
	}
	return contact
}
