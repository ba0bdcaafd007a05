package store

import (
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
)

func TestInitFile(t *testing.T) {
	cases := []struct {
		name  string
		spec  InitSpec
		level model.Level
		err   string
	}{
		{"national, no unit", InitSpec{LastName: "Martin"}, model.LevelNational, ""},
		{"federation", InitSpec{LastName: "Martin", Federation: "Isère", FederationCode: "38", Level: "fédération"}, model.LevelFederation, ""},
		{"section", InitSpec{LastName: "Martin", Federation: "Isère", Section: "Sud-Grenoblois", Level: "Section"}, model.LevelSection, ""},
		{"national with units", InitSpec{LastName: "Martin", Federation: "Isère", Section: "Sud"}, model.LevelNational, ""},
		{"section without units", InitSpec{LastName: "Martin", Level: "section"}, 0, "indiquez la fédération et la section"},
		{"unknown level", InitSpec{LastName: "Martin", Level: "canton"}, 0, "niveau « canton » inconnu"},
		{"no name", InitSpec{Federation: "Isère"}, 0, "nom du responsable est obligatoire"},
		{"weak password", InitSpec{LastName: "Martin", Password: "azerty"}, 0, "mot de passe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := openTest(t, filepath.Join(t.TempDir(), "f.db"))
			if c.spec.Password == "" {
				c.spec.Password = "une phrase assez longue"
			}
			u, err := st.InitFile(c.spec)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("want error %q, got %v", c.err, err)
				}
				if st.HasUsers() || len(st.units.list()) != 0 {
					t.Error("a refused init wrote something")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.Scope.Level() != c.level || u.Rights != model.AllRights {
				t.Errorf("scope %v rights %v", u.Scope.Level(), u.Rights)
			}
			if _, err := st.InitFile(c.spec); err == nil {
				t.Error("second init accepted")
			}
		})
	}
}
