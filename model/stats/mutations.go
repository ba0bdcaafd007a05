package stats

import "fichier/model"

// Moves is the "Mutations" block: the departures from the viewer's scope
// and the arrivals into it, by the year of the move (the date typed), this
// year and last. A move inside the scope (from one of its federations to
// another) counts both ways, as the Mutations screen lists it.
type Moves struct {
	Year                     int
	OutThisYear, OutLastYear int
	InThisYear, InLastYear   int
	PendingArrivals          int // arrivals (any year) still waiting for their section
}

// MovesOf counts the mutation records u sees in year and year-1 (none
// when u is nil). Only the
// records' kind, date, origin, destination and Processed are read.
func MovesOf(ms []model.Mutation, u *model.User, year int) Moves {
	mv := Moves{Year: year}
	if u == nil {
		return mv
	}
	for i := range ms {
		m := &ms[i]
		y := m.Date.Year()
		if m.SeesDeparture(u) {
			switch y {
			case year:
				mv.OutThisYear++
			case year - 1:
				mv.OutLastYear++
			}
		}
		if m.SeesArrival(u) {
			switch y {
			case year:
				mv.InThisYear++
			case year - 1:
				mv.InLastYear++
			}
			if m.PendingArrival() {
				mv.PendingArrivals++
			}
		}
	}
	return mv
}
