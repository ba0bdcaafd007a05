package store

import (
	"reflect"
	"testing"
	"time"

	"fichier/model"
	"fichier/model/query"
)

func TestCodecRoundTrip(t *testing.T) {
	p := model.Person{
		ID: 7, Version: 3, Kind: model.KindAdherent, Status: model.StatusEnRetard, Archived: true, MemberNumber: "38-000123",
		PreviousNumbers: []string{"69-000001", "38-000042"}, Arrival: true,
		Civility: model.CivilityMme, FirstName: "Émilie", LastName: "Dupont-Martin", BirthDate: model.NewDate(1962, 3, 14), Gender: model.GenderFemale,
		Address:  model.Address{Street: "12 rue Jean Jaurès", PostalCode: "38130", Commune: "Échirolles"},
		Quartier: "Village 2", Circonscription: "2e circonscription de l'Isère", Mobile: "+33612345678", Landline: "+33476000000",
		Email: "emilie@exemple.fr", Profession: "infirmière", PCS: model.PCSIntermediaires, Employer: "CHU Grenoble Alpes",
		JoinDate: model.NewDate(2011, 3, 14), Contribution: model.Contribution{Cents: 1250, Rhythm: model.RhythmMensuel}, Org: model.Org{Federation: 1, Section: 3, Cell: 9},
		Interests: []string{"santé", "logement"}, ElectedOffices: []string{"conseillère municipale"}, Unions: []string{"CGT"}, Associations: []string{"LDH"},
		Source: "Pétition Hôpital Sud 2026", Consent: model.Consent{Date: model.NewDate(2026, 3, 12), Channels: model.ChannelCourrier | model.ChannelSMS},
		Preferences: model.Preferences{LetterOnPaper: true, DoNotCall: true, NPAI: true}, Notes: "préfère être appelée après 18 h\nmerci",
		CreatedAt: time.Unix(1700000000, 123).Local(), CreatedBy: "amartin", UpdatedAt: time.Unix(1710000000, 0).Local(), UpdatedBy: "sbenali",
	}
	for _, in := range []interner{nil, {}} {
		got, err := decodePerson(7, encodePerson(nil, &p), in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, p)
		}
	}
	// Every field must be covered: a zero-valued struct field here means the
	// codec test above does not exercise it.
	v := reflect.ValueOf(p)
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).IsZero() {
			t.Errorf("field %s not exercised", v.Type().Field(i).Name)
		}
	}
}

func TestCodecUnknownFieldsSkippedAndCorruptRefused(t *testing.T) {
	p := model.Person{Kind: model.KindContact, LastName: "Roux"}
	data := encodePerson(nil, &p)
	// A newer writer's field 99 (bytes) is skipped.
	e := encoder{b: append([]byte(nil), data...)}
	e.str(99, "futur")
	got, err := decodePerson(1, e.b, nil)
	if err != nil || got.LastName != "Roux" {
		t.Errorf("%v %+v", err, got)
	}
	for _, bad := range [][]byte{nil, {9}, append(append([]byte(nil), data...), 0x83)} {
		if _, err := decodePerson(1, bad, nil); err == nil {
			t.Errorf("corrupt %x accepted", bad)
		}
	}
	truncated := data[:len(data)-2]
	if _, err := decodePerson(1, truncated, nil); err == nil {
		t.Errorf("truncated accepted")
	}
}

func FuzzDecodePerson(f *testing.F) {
	f.Add(encodePerson(nil, &model.Person{Kind: model.KindContact, LastName: "Roux", Interests: []string{"a"}}))
	f.Add([]byte{1, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = decodePerson(1, data, interner{}) // must not panic
	})
}

// TestDecodeRowPersonMakesTheSameRow: what decodeRowPerson leaves out is
// nothing a row holds.
func TestDecodeRowPersonMakesTheSameRow(t *testing.T) {
	p := samplePerson()
	p.Notes, p.CreatedBy, p.UpdatedBy = "appelle le soir", "alice", "bob"
	p.UpdatedAt = fixedNow
	data := encodePerson(nil, &p)
	full, err1 := decodePerson(p.ID, data, interner{})
	lean, err2 := decodeRowPerson(p.ID, data, interner{})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if lean.Notes != "" || lean.Address.Street != "" || full.Notes == "" || full.Address.Street == "" {
		t.Errorf("left out: %q %q; kept: %q %q", lean.Notes, lean.Address.Street, full.Notes, full.Address.Street)
	}
	if a, b := query.NewRow(&full), query.NewRow(&lean); !reflect.DeepEqual(a, b) {
		t.Errorf("rows differ:\n%+v\n%+v", a, b)
	}
}
