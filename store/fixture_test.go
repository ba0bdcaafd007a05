package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestWriteV0Fixture regenerates testdata/v0.db, a file in the first
// prototype's layout (JSON people, no meta bucket), when
// FICHIER_REGEN_FIXTURE=1. The committed fixture is what TestMigrationFromV0 opens.
func TestWriteV0Fixture(t *testing.T) {
	if os.Getenv("FICHIER_REGEN_FIXTURE") == "" {
		t.Skip("set FICHIER_REGEN_FIXTURE=1 to regenerate testdata/v0.db")
	}
	path := filepath.Join("testdata", "v0.db")
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people := []v0Person{
		{Kind: "adherent", MemberNumber: "38-000007", FirstName: "Lucie", LastName: "Bernard", Email: "lucie.bernard@orange.fr", Mobile: "+33611223344", Commune: "Eybens", PostalCode: "38320"},
		{Kind: "adherent", MemberNumber: "38-000009", FirstName: "Karim", LastName: "Haddad", Commune: "Échirolles", PostalCode: "38130"},
		{Kind: "contact", FirstName: "Sophie", LastName: "Morel", Email: "s.morel@free.fr", Commune: "Grenoble", PostalCode: "38000"},
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bPeople)
		if err != nil {
			return err
		}
		for i, p := range people {
			data, _ := json.Marshal(p)
			if err := b.Put(itob(uint64(i+1)), data); err != nil {
				return err
			}
		}
		return b.SetSequence(uint64(len(people)))
	})
	if err != nil {
		t.Fatal(err)
	}
}
