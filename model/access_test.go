package model

import "testing"

// Units of a small organisation for the access tables: federation 1 with
// sections 10 and 11; cells 100 and 101 in section 10, 110 in section 11;
// federation 2 with section 20.
var (
	national = Org{}
	fed1     = Org{Federation: 1}
	fed2     = Org{Federation: 2}
	sec10    = Org{Federation: 1, Section: 10}
	sec11    = Org{Federation: 1, Section: 11}
	sec20    = Org{Federation: 2, Section: 20}
	cell100  = Org{Federation: 1, Section: 10, Cell: 100}
	cell101  = Org{Federation: 1, Section: 10, Cell: 101}
	cell110  = Org{Federation: 1, Section: 11, Cell: 110}
)

func TestOrgLevelsAndContains(t *testing.T) {
	levels := map[Org]Level{national: LevelNational, fed1: LevelFederation, sec10: LevelSection, cell100: LevelCell}
	for o, want := range levels {
		if got := o.Level(); got != want {
			t.Errorf("%+v level %v, want %v", o, got, want)
		}
	}
	cases := []struct {
		scope, org Org
		want       bool
	}{
		{national, cell110, true},
		{fed1, cell110, true},
		{fed1, sec20, false},
		{sec10, cell100, true},
		{sec10, sec10, true},
		{sec10, cell110, false},
		{sec10, fed1, false}, // a section does not see its federation's unplaced fiches
		{cell100, cell100, true},
		{cell100, cell101, false},
		{cell100, sec10, false}, // nor a cell its section's fiches without cell
	}
	for _, c := range cases {
		if got := c.scope.Contains(c.org); got != c.want {
			t.Errorf("%+v contains %+v = %v, want %v", c.scope, c.org, got, c.want)
		}
	}
	if cell100.Parent() != sec10 || sec10.Parent() != fed1 || fed1.Parent() != national || national.Parent() != national {
		t.Error("Parent")
	}
}

func TestCanSeeCanEdit(t *testing.T) {
	cases := []struct {
		name      string
		user      User
		org       Org
		see, edit bool
	}{
		{"national writer, anywhere", User{Scope: national, Rights: RightWrite}, cell110, true, true},
		{"federation read-only, inside", User{Scope: fed1, Rights: ReadOnly}, sec11, true, false},
		{"federation read-only, other federation", User{Scope: fed1, Rights: AllRights}, sec20, false, false},
		{"section writer, own cell", User{Scope: sec10, Rights: RightWrite}, cell101, true, true},
		{"section writer, other section", User{Scope: sec10, Rights: RightWrite}, cell110, false, false},
		{"section with export only", User{Scope: sec10, Rights: RightExport}, sec10, true, false},
		{"cell read-only, own cell", User{Scope: cell100, Rights: ReadOnly}, cell100, true, false},
		{"disabled national", User{Scope: national, Rights: AllRights, Disabled: true}, sec10, false, false},
	}
	for _, c := range cases {
		if got := CanSee(&c.user, c.org); got != c.see {
			t.Errorf("%s: CanSee = %v", c.name, got)
		}
		if got := CanEdit(&c.user, c.org); got != c.edit {
			t.Errorf("%s: CanEdit = %v", c.name, got)
		}
	}
	if CanSee(nil, national) {
		t.Error("nil user sees")
	}
}

func TestCanDelegate(t *testing.T) {
	manager := func(scope Org, r Rights) *User { return &User{Scope: scope, Rights: r | RightManage} }
	cases := []struct {
		name    string
		granter *User
		target  Org
		rights  Rights
		want    bool
	}{
		{"section → same section, read-only", manager(sec10, RightWrite), sec10, ReadOnly, true},
		{"section → cell below, write", manager(sec10, RightWrite), cell100, RightWrite, true},
		{"section → other section", manager(sec10, RightWrite), sec11, ReadOnly, false},
		{"section → cell of another section", manager(sec10, RightWrite), cell110, ReadOnly, false},
		{"section → federation above", manager(sec10, AllRights), fed1, ReadOnly, false},
		{"section → more rights than it has", manager(sec10, RightWrite), cell100, RightExport, false},
		{"section → pass on manage", manager(sec10, RightWrite), cell100, RightManage, true},
		{"federation → section below", manager(fed1, AllRights), sec11, AllRights, true},
		{"federation → cell two levels below", manager(fed1, AllRights), cell110, ReadOnly, false},
		{"national → federation", manager(national, AllRights), fed2, AllRights, true},
		{"national → national", manager(national, AllRights), national, ReadOnly, true},
		{"national → section two levels below", manager(national, AllRights), sec20, ReadOnly, false},
		{"cell → same cell", manager(cell100, ReadOnly), cell100, ReadOnly, true},
		{"without manage right", &User{Scope: sec10, Rights: RightWrite}, cell100, ReadOnly, false},
		{"disabled granter", &User{Scope: sec10, Rights: AllRights, Disabled: true}, cell100, ReadOnly, false},
	}
	for _, c := range cases {
		if got := CanDelegate(c.granter, c.target, c.rights); got != c.want {
			t.Errorf("%s: CanDelegate = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRightsString(t *testing.T) {
	if ReadOnly.String() != "lecture seule" {
		t.Error(ReadOnly.String())
	}
	if got := (RightWrite | RightExport).String(); got != "création et modification, export" {
		t.Error(got)
	}
}
