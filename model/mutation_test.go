package model

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDepartementsTable(t *testing.T) {
	if len(Departements) != 101 {
		t.Fatalf("%d départements, want 101", len(Departements))
	}
	seen := map[string]bool{}
	for _, d := range Departements {
		if seen[d.Code] || d.Name == "" {
			t.Fatalf("duplicate or unnamed %v", d)
		}
		seen[d.Code] = true
	}
	for code, name := range map[string]string{"38": "Isère", "1": "Ain", "2a": "Corse-du-Sud", "974": "La Réunion"} {
		if d, ok := DepartementByCode(code); !ok || d.Name != name {
			t.Errorf("DepartementByCode(%q) = %v, %v", code, d, ok)
		}
	}
	if _, ok := DepartementByCode("20"); ok {
		t.Error("20 is not a département any more")
	}
	if got := SearchDepartements("rhone"); len(got) != 2 || got[0].Code != "13" || got[1].Code != "69" {
		t.Errorf("search rhone = %v", got)
	}
	if got := SearchDepartements("1"); got[0].Code != "01" {
		t.Errorf("search 1 starts with %v", got[0])
	}
	if got := SearchDepartements("Isère"); len(got) != 1 || got[0].Code != "38" {
		t.Errorf("search Isère = %v", got)
	}
}

func TestCheckDeparture(t *testing.T) {
	isere := Org{Federation: 1, Section: 2}
	writer := &User{Scope: Org{Federation: 1}, Rights: RightWrite}
	reader := &User{Scope: Org{Federation: 1}}
	p := &Person{Kind: KindAdherent, Status: StatusActif, Org: isere}
	today := NewDate(2026, 12, 1)
	rhone := Destination{Federation: 3}
	for _, c := range []struct {
		name   string
		u      *User
		change func(p *Person)
		dest   Destination
		date   Date
		reason string
		want   error
	}{
		{"ok", writer, nil, rhone, today, "", nil},
		{"outside", writer, nil, Destination{Dept: Departement{"75", "Paris"}}, today, "déménagement", nil},
		{"read only", reader, nil, rhone, today, "", ErrMutationForbidden},
		{"archived", writer, func(p *Person) { p.Archived = true }, rhone, today, "", ErrMutationKind},
		{"muté", writer, func(p *Person) { p.Status = StatusMute }, rhone, today, "", ErrMutationKind},
		{"pending", writer, func(p *Person) { p.Arrival = true }, rhone, today, "", ErrMutationPending},
		{"no dest", writer, nil, Destination{}, today, "", ErrMutationNoDest},
		{"same fed", writer, nil, Destination{Federation: 1}, today, "", ErrMutationSameFed},
		{"bad date", writer, nil, rhone, NewDate(2026, 2, 30), "", ErrMutationDate},
		{"future", writer, nil, rhone, NewDate(2026, 12, 2), "", ErrMutationFuture},
		{"long reason", writer, nil, rhone, today, strings.Repeat("é", 201), ErrMutationReason},
	} {
		q := p.Clone()
		if c.change != nil {
			c.change(&q)
		}
		if err := CheckDeparture(c.u, &q, c.dest, c.date, today, c.reason); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestCheckArrival(t *testing.T) {
	m := &Mutation{Kind: MutationInFile, To: Org{Federation: 3}}
	fedResp := &User{Scope: Org{Federation: 3}, Rights: RightWrite}
	secResp := &User{Scope: Org{Federation: 3, Section: 4}, Rights: RightWrite}
	if err := CheckArrival(fedResp, m, Org{Federation: 3, Section: 4}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		u    *User
		to   Org
		want error
	}{
		{fedResp, Org{Federation: 3}, ErrArrivalNoSection},
		{fedResp, Org{Federation: 1, Section: 2}, ErrArrivalWrongFed},
		{secResp, Org{Federation: 3, Section: 4}, ErrMutationForbidden},
		{&User{Scope: Org{Federation: 3}}, Org{Federation: 3, Section: 4}, ErrMutationForbidden},
	} {
		if err := CheckArrival(c.u, m, c.to); !errors.Is(err, c.want) {
			t.Errorf("%v → %v: %v, want %v", c.u.Scope, c.to, err, c.want)
		}
	}
	m.Processed = true
	if err := CheckArrival(fedResp, m, Org{Federation: 3, Section: 4}); !errors.Is(err, ErrArrivalProcessed) {
		t.Error(err)
	}
	out := &Mutation{Kind: MutationOut, From: Org{Federation: 1, Section: 2}}
	if out.VisibleTo(fedResp) || !out.VisibleTo(&User{Scope: Org{Federation: 1, Section: 2}}) {
		t.Error("a departure outside is seen by its origin only")
	}
}

func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed([]byte("0123456789abcdef0123456789abcdef"))
}

func testTransfer() *Transfer {
	p := &Person{Kind: KindAdherent, Civility: CivilityMme, FirstName: "Émilie", LastName: "Dupont-Martin",
		BirthDate: NewDate(1980, 5, 17), Gender: GenderFemale, Address: Address{Street: "3 rue des Alpes", PostalCode: "69003", Commune: "Lyon"},
		Mobile: "+33612345678", Email: "emilie@example.org", PCS: PCSCadres, JoinDate: NewDate(2015, 3, 1),
		Interests: []string{"logement"}, Consent: Consent{Date: NewDate(2015, 3, 1), Channels: ChannelCourriel | ChannelSMS},
		Notes: "ligne 1\nligne 2"}
	return &Transfer{
		ID: "0123456789abcdef0123456789abcdef", Created: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
		From: Departement{"38", "Isère"}, To: Departement{"69", "Rhône"}, Date: TDate(NewDate(2026, 11, 30)),
		Reason: "déménagement", By: "amartin", Person: TransferFromPerson(p), Numbers: []string{"38-000125"},
		History: []TransferEvent{{TDate(NewDate(2015, 3, 1)), "adhésion"}},
	}
}

func TestTransferRoundTrip(t *testing.T) {
	data, err := EncodeTransfer(testTransfer(), testKey())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "fichier-mutation 1\nsha256 ") {
		t.Fatalf("header: %q", data[:40])
	}
	got, fp, err := DecodeTransfer(data)
	if err != nil {
		t.Fatal(err)
	}
	if want := TransferFingerprint(testKey().Public().(ed25519.PublicKey)); fp != want || len(fp) != 24 {
		t.Errorf("fingerprint %q, want %q", fp, want)
	}
	p, err := got.Person.Person()
	if err != nil {
		t.Fatal(err)
	}
	if p.FullName() != "Émilie DUPONT-MARTIN" || p.Kind != KindAdherent || p.BirthDate != NewDate(1980, 5, 17) ||
		p.Consent.Channels != ChannelCourriel|ChannelSMS || p.Gender != GenderFemale || p.Notes != "ligne 1\nligne 2" {
		t.Errorf("person %+v", p)
	}
	if got.ID != testTransfer().ID || got.Numbers[0] != "38-000125" || Date(got.Date) != NewDate(2026, 11, 30) {
		t.Errorf("transfer %+v", got)
	}
}

// Every single changed byte, and every truncation, is refused with a French
// message: a transfer file is either exactly what the origin wrote or nothing.
func TestTransferTamperedOrTruncated(t *testing.T) {
	data, _ := EncodeTransfer(testTransfer(), testKey())
	for i := range data {
		mod := append([]byte(nil), data...)
		mod[i] ^= 0x01
		if _, _, err := DecodeTransfer(mod); err == nil {
			t.Fatalf("byte %d changed (%q → %q): accepted", i, data[i], mod[i])
		}
	}
	for n := range len(data) {
		_, _, err := DecodeTransfer(data[:n])
		if err == nil {
			t.Fatalf("truncated at %d: accepted", n)
		}
		if !strings.Contains(err.Error(), "fichier") && !strings.Contains(err.Error(), "transfert") {
			t.Fatalf("truncated at %d: unclear error %q", n, err)
		}
	}
}

// A file signed by another key (someone rewrote it and signed it again) is
// well-formed: only its fingerprint differs, which the receiver must compare.
func TestTransferOtherKeyChangesFingerprint(t *testing.T) {
	other := ed25519.NewKeyFromSeed([]byte("fedcba9876543210fedcba9876543210"))
	a, _ := EncodeTransfer(testTransfer(), testKey())
	b, _ := EncodeTransfer(testTransfer(), other)
	_, fa, _ := DecodeTransfer(a)
	_, fb, err := DecodeTransfer(b)
	if err != nil || fa == fb {
		t.Fatalf("fingerprints %q %q, %v", fa, fb, err)
	}
}

func TestTransferContentChecks(t *testing.T) {
	for name, change := range map[string]func(*Transfer){
		"id":       func(t *Transfer) { t.ID = "../../etc" },
		"dest":     func(t *Transfer) { t.To.Code = "20" },
		"no name":  func(t *Transfer) { t.Person.FirstName, t.Person.LastName = "", "" },
		"kind":     func(t *Transfer) { t.Person.Kind = "roi" },
		"long":     func(t *Transfer) { t.Person.LastName = strings.Repeat("x", 501) },
		"channels": func(t *Transfer) { t.Person.ConsentChannels = []string{"pigeon"} },
		"list":     func(t *Transfer) { t.Person.Interests = make([]string, 201) },
	} {
		tr := testTransfer()
		change(tr)
		data, _ := EncodeTransfer(tr, testKey())
		if _, _, err := DecodeTransfer(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	tr := testTransfer()
	tr.Person.LastName = "Dupont\x1b]0;pwned\x07"
	data, _ := EncodeTransfer(tr, testKey())
	got, _, err := DecodeTransfer(data)
	if err != nil || strings.ContainsRune(got.Person.LastName, 0x1b) {
		t.Errorf("control sequences kept: %q %v", got.Person.LastName, err)
	}
}

func FuzzDecodeTransfer(f *testing.F) {
	data, _ := EncodeTransfer(testTransfer(), testKey())
	f.Add(data)
	f.Add([]byte("fichier-mutation 1\n"))
	f.Add([]byte("fichier-mutation 2\nsha256 x\ncle y\nsignature z\n\n{}"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, _, err := DecodeTransfer(b)
		if err == nil && tr == nil {
			t.Fatal("no error and no transfer")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}

// FuzzTransferPayload signs arbitrary payloads, so that the contents checks
// behind the signature are fuzzed too.
func FuzzTransferPayload(f *testing.F) {
	data, _ := EncodeTransfer(testTransfer(), testKey())
	_, payload, _ := strings.Cut(string(data), "\n\n")
	f.Add([]byte(payload))
	f.Add([]byte(`{"id":"0123456789abcdef0123456789abcdef","destination":{"Code":"69"},"date":"2026-02-30"}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		sum := sha256.Sum256(payload)
		key := testKey()
		file := fmt.Sprintf("fichier-mutation 1\nsha256 %x\ncle %s\nsignature %s\n\n", sum,
			base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)), base64.StdEncoding.EncodeToString(ed25519.Sign(key, payload)))
		tr, _, err := DecodeTransfer(append([]byte(file), payload...))
		if err != nil {
			return
		}
		if _, err := tr.Person.Person(); err != nil {
			t.Fatalf("accepted a fiche that does not convert: %v", err)
		}
		if strings.ContainsRune(tr.Person.LastName+tr.Person.Notes+tr.Reason, 0x1b) {
			t.Fatal("control sequence kept")
		}
	})
}
