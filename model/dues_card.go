package model

// Card is an adherent's membership card for a year (« la remise des
// cartes »): handed over on a day by a responsable, or not.
type Card struct {
	Person   PersonID
	Year     int
	HandedOn Date   // 0: not handed over
	HandedBy string // username
}

// Handed reports whether the card was handed over.
func (c Card) Handed() bool { return c.HandedOn != 0 }

// CardYearValid reports whether year can carry a card (the summary's range).
func CardYearValid(y int) bool { return y >= DuesYearBase && y < DuesYearBase+64 }
