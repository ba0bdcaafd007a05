package model

import (
	"fmt"
	"time"
)

// Date is a civil date with no time zone, stored as yyyymmdd (0 = not set),
// so that the day typed is the day kept, whatever the machine's zone.
type Date uint32

// NewDate builds a Date; it does not validate (see ParseDate).
func NewDate(year, month, day int) Date {
	return Date(year*10000 + month*100 + day)
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, int(m), d)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == 0 }

func (d Date) Year() int  { return int(d) / 10000 }
func (d Date) Month() int { return int(d) / 100 % 100 }
func (d Date) Day() int   { return int(d) % 100 }

// Time returns midnight UTC of that day (for arithmetic and spreadsheets).
func (d Date) Time() time.Time {
	return time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC)
}

// String is the French display form jj/mm/aaaa, or "" when unset.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day(), d.Month(), d.Year())
}

// Valid reports whether the date exists in the calendar.
func (d Date) Valid() bool {
	if d == 0 {
		return true
	}
	y, m, day := d.Year(), d.Month(), d.Day()
	if y < 1 || m < 1 || m > 12 || day < 1 {
		return false
	}
	return d.Time().Day() == day && int(d.Time().Month()) == m
}

// AgeAt returns the age in whole years on day `on`, or -1 when d is unset.
func (d Date) AgeAt(on Date) int {
	if d == 0 || on == 0 {
		return -1
	}
	age := on.Year() - d.Year()
	if on.Month()*100+on.Day() < d.Month()*100+d.Day() {
		age--
	}
	return age
}
