package model

import "testing"

func TestCanManageAndReassign(t *testing.T) {
	manager := func(id UserID, scope Org, r Rights) *User { return &User{ID: id, Scope: scope, Rights: r} }
	nat := manager(1, national, AllRights)
	fedM := manager(2, fed1, RightWrite|RightManage)
	secM := manager(3, sec10, RightManage)
	secW := manager(4, sec10, RightWrite) // no right to manage
	cellRO := &User{ID: 5, Scope: cell100, Rights: ReadOnly}
	secExport := &User{ID: 6, Scope: sec10, Rights: RightWrite | RightExport}
	cellOther := &User{ID: 7, Scope: cell110, Rights: ReadOnly}
	disabled := &User{ID: 8, Scope: national, Rights: AllRights, Disabled: true}

	manage := []struct {
		name            string
		granter, target *User
		want            bool
	}{
		{"national manages a cell", nat, cellRO, true},
		{"federation manages a cell two levels down", fedM, cellRO, true},
		{"section manages its cell", secM, cellRO, true},
		{"without the right", secW, cellRO, false},
		{"out of scope", secM, cellOther, false},
		{"target with a right the granter lacks", fedM, secExport, false},
		{"national over the federation", nat, fedM, true},
		{"below does not manage above", secM, fedM, false},
		{"disabled granter", disabled, cellRO, false},
		{"self", secM, secM, true},
	}
	for _, c := range manage {
		if got := CanManage(c.granter, c.target); got != c.want {
			t.Errorf("CanManage %s: %v", c.name, got)
		}
	}
	reassign := []struct {
		name            string
		granter, target *User
		to              Org
		rights          Rights
		want            bool
	}{
		{"national keeps a cell's level", nat, cellRO, cell100, RightWrite, true},
		{"national moves a cell to another", nat, cellRO, cell110, ReadOnly, true},
		{"federation moves a cell up to its section", fedM, cellRO, sec10, ReadOnly, true},
		{"federation gives a right it lacks", fedM, cellRO, cell100, RightExport, false},
		{"section moves its cell out of scope", secM, cellRO, cell110, ReadOnly, false},
		{"section makes its cell a federation", secM, cellRO, fed1, ReadOnly, false},
		{"raising one's own rights", secM, secM, sec10, RightManage | RightWrite, false},
		{"lowering one's own rights", fedM, fedM, fed1, RightManage, true},
		{"changing one's own level", fedM, fedM, sec10, RightManage, false},
		{"national raises itself (already all)", nat, nat, national, AllRights, true},
	}
	for _, c := range reassign {
		if got := CanReassign(c.granter, c.target, c.to, c.rights); got != c.want {
			t.Errorf("CanReassign %s: %v", c.name, got)
		}
	}
}

func TestRedactedKeepsNoSecret(t *testing.T) {
	u := User{Username: "x", PasswordHash: "$argon2id$…", TOTPSecret: "ABC", RecoverySalt: "s", RecoveryCodes: []string{"h1", "h2"}}
	r := u.Redacted()
	if r.PasswordHash != "" || r.TOTPSecret != "" || r.RecoverySalt != "" || r.RecoveryCodes[0] != "" || len(r.RecoveryCodes) != 2 {
		t.Errorf("redacted: %+v", r)
	}
	if !r.TOTPEnabled() {
		t.Error("redacted: second factor no longer shown as on")
	}
	if u.RecoveryCodes[0] != "h1" {
		t.Error("Redacted changed the original")
	}
}
