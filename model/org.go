package model

// UnitID identifies an organisation unit (federation, section or cell).
// 0 means "none" at that level.
type UnitID uint32

// Level is a rung of the organisation: national › federation › section › cell.
type Level uint8

const (
	LevelNational Level = iota
	LevelFederation
	LevelSection
	LevelCell
)

func (l Level) String() string {
	switch l {
	case LevelNational:
		return "national"
	case LevelFederation:
		return "fédération"
	case LevelSection:
		return "section"
	case LevelCell:
		return "cellule"
	}
	return "?"
}

// Org is a path federation › section › cell. A zero component ends the path:
// a person may stop at the section (no cell); a scope stops where it applies.
type Org struct {
	Federation UnitID
	Section    UnitID
	Cell       UnitID
}

// Level is the depth of the path: national for the empty path, cell when complete.
func (o Org) Level() Level {
	switch {
	case o.Federation == 0:
		return LevelNational
	case o.Section == 0:
		return LevelFederation
	case o.Cell == 0:
		return LevelSection
	}
	return LevelCell
}

// Contains reports whether other lies under (or at) o: a scope sees
// everything under its prefix.
func (o Org) Contains(other Org) bool {
	switch o.Level() {
	case LevelNational:
		return true
	case LevelFederation:
		return other.Federation == o.Federation
	case LevelSection:
		return other.Federation == o.Federation && other.Section == o.Section
	}
	return other == o
}

// Leaf is the deepest unit of the path (0 for national).
func (o Org) Leaf() UnitID {
	switch o.Level() {
	case LevelFederation:
		return o.Federation
	case LevelSection:
		return o.Section
	case LevelCell:
		return o.Cell
	}
	return 0
}

// Parent is the path one level up (national stays national).
func (o Org) Parent() Org {
	switch o.Level() {
	case LevelCell:
		o.Cell = 0
	case LevelSection:
		o.Section = 0
	case LevelFederation:
		o.Federation = 0
	}
	return o
}

// Unit is one federation, section or cell.
type Unit struct {
	ID     UnitID
	Level  Level // LevelFederation, LevelSection or LevelCell
	Path   Org   // the full path of this unit, ending with ID itself
	Name   string
	Code   string // federation: département number ("38"); optional elsewhere
	Closed bool
}
