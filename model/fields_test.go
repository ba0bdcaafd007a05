package model

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// personLeaves lists the Person fields as registry paths ("Address.Street"):
// nested structs are walked; time.Time, Contribution (one amount with its
// rhythm) and slices are leaves.
func personLeaves(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		sf := t.Field(i)
		path := prefix + sf.Name
		leaf := sf.Type == reflect.TypeFor[time.Time]() || sf.Type == reflect.TypeFor[Contribution]()
		if sf.Type.Kind() == reflect.Struct && !leaf {
			out = append(out, personLeaves(sf.Type, path+".")...)
			continue
		}
		out = append(out, path)
	}
	return out
}

// Every attribute of Person must be in the registry, so that a new field
// cannot be forgotten by validation, the journal, merging, the form,
// exports, imports or queries.
func TestRegistryCoversEveryPersonField(t *testing.T) {
	claimed := map[string]string{}
	for _, f := range Fields {
		if prev, dup := claimed[f.Go]; dup {
			t.Errorf("%s described twice (%s, %s)", f.Go, prev, f.Key)
		}
		claimed[f.Go] = f.Key
	}
	for _, leaf := range personLeaves(reflect.TypeFor[Person](), "") {
		if _, ok := claimed[leaf]; !ok && !slices.Contains(bookkeeping, leaf) {
			t.Errorf("Person.%s is not in the registry (model.Fields)", leaf)
		}
		delete(claimed, leaf)
	}
	for goName, key := range claimed {
		t.Errorf("registry entry %q names Person.%s, which does not exist", key, goName)
	}
}

// Each entry's accessors must reach the field it names: setting a value
// through the registry changes that field of Person and no other.
func TestRegistryAccessorsReachTheirField(t *testing.T) {
	for i := range Fields {
		f := &Fields[i]
		var p Person
		switch {
		case f.Str(&p) != nil:
			*f.Str(&p) = "x"
		case f.DatePtr(&p) != nil:
			*f.DatePtr(&p) = NewDate(2000, 1, 2)
		case f.ListPtr(&p) != nil:
			*f.ListPtr(&p) = []string{"x"}
		case f.FlagPtr(&p) != nil:
			*f.FlagPtr(&p) = true
		case f.MoneyPtr(&p) != nil:
			*f.MoneyPtr(&p) = Contribution{Cents: 1200, Rhythm: RhythmMensuel}
		default:
			f.SetNum(&p, 1)
		}
		if f.Text(&p) == "" {
			t.Errorf("%s: a set value shows as empty", f.Key)
		}
		v := reflect.ValueOf(p)
		for _, name := range strings.Split(f.Go, ".") {
			v = v.FieldByName(name)
		}
		if v.IsZero() {
			t.Errorf("%s: setting it did not set Person.%s", f.Key, f.Go)
		}
		if d := Diff(&Person{}, &p); len(d) != 1 || d[0].Field != f.Short {
			t.Errorf("%s: diff of a fiche with only it set = %+v", f.Key, d)
		}
	}
}

func TestRegistryTextFieldsHaveALimit(t *testing.T) {
	for _, f := range Fields {
		text := f.Str(&Person{}) != nil || f.ListPtr(&Person{}) != nil
		if text != (f.Max > 0) {
			t.Errorf("%s: Max %d for a %v field", f.Key, f.Max, f.Type)
		}
	}
	if FieldFor(FieldNotes).Max < 50_000 {
		t.Error("notes accumulate over years of calls: their limit must be generous")
	}
}

// The data loss of issue 8: an imported 5 372-character note and a
// 451-character name must survive a save that changes something else, and a
// new value over the limit must be refused with a French message.
func TestCheckLimitsKeepsStoredLongValues(t *testing.T) {
	old := Person{Kind: KindContact, LastName: strings.Repeat("n", 451), Notes: strings.Repeat("appel\\n", 1000)[:5372],
		Interests: []string{strings.Repeat("i", 300)}}
	edited := old.Clone()
	edited.Mobile = "+33612345678"
	if errs := CheckLimits(&edited, &old); errs != nil {
		t.Fatalf("untouched long values refused: %v", errs)
	}

	edited.Notes += " rappelé"
	edited.LastName = strings.Repeat("m", 201)
	edited.Interests = append(edited.Interests, strings.Repeat("j", 201))
	errs := CheckLimits(&edited, &old)
	if got := errs.For(FieldLastName); got != "texte trop long : 200 caractères au plus (201 saisis)" {
		t.Errorf("name: %q", got)
	}
	if errs.For(FieldNotes) != "" {
		t.Errorf("notes under the limit refused: %v", errs)
	}
	if !strings.Contains(errs.For(FieldInterests), "trop long : 200 caractères au plus") {
		t.Errorf("interests: %q", errs.For(FieldInterests))
	}

	fresh := Person{Kind: KindContact, LastName: "Dupont", Notes: strings.Repeat("é", MaxNotes+1)}
	if got := CheckLimits(&fresh).Error(); got != "Notes : texte trop long : 64000 caractères au plus (64001 saisis)" {
		t.Errorf("new fiche: %q", got)
	}
	fresh.Notes = strings.Repeat("é", MaxNotes)
	if errs := CheckLimits(&fresh); errs != nil {
		t.Errorf("limit counts characters, not bytes: %v", errs)
	}
}

func TestNormalizePersonKeepsLongValues(t *testing.T) {
	p := Person{Kind: KindContact, Org: Org{Federation: 1}, LastName: strings.Repeat("n", 451), Notes: strings.Repeat("x", 5372)}
	if errs := NormalizePerson(&p, 0); errs != nil {
		t.Fatal(errs)
	}
	if len(p.LastName) != 451 || len(p.Notes) != 5372 {
		t.Fatalf("normalising shortened: %d %d", len(p.LastName), len(p.Notes))
	}
}
