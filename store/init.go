package store

import (
	"errors"
	"fmt"
	"strings"

	"fichier/model"
)

// InitSpec describes a new file's first responsable and, optionally, the
// federation and section to create with them.
type InitSpec struct {
	FirstName, LastName, Password string
	Federation, FederationCode    string // a federation to create ("" = none)
	Section                       string // a section of that federation to create ("" = none)
	Level                         string // "national" (default), "fédération" or "section"
}

// InitFile sets up a file that has no responsable yet: the units asked for,
// then the first responsable with every right at the chosen level
// (`fichier init` and the app's first-run screen). Everything is checked
// before anything is written.
func (s *Store) InitFile(spec InitSpec) (model.User, error) {
	if s.HasUsers() {
		return model.User{}, errors.New("ce fichier a déjà des responsables : connectez-vous")
	}
	if strings.TrimSpace(spec.LastName) == "" {
		return model.User{}, errors.New("le nom du responsable est obligatoire")
	}
	if err := model.CheckPassword(spec.Password); err != nil {
		return model.User{}, err
	}
	level := strings.ToLower(model.Fold(strings.TrimSpace(spec.Level)))
	switch level {
	case "", "national", "federation", "section":
	default:
		return model.User{}, fmt.Errorf("niveau « %s » inconnu : national, fédération ou section", spec.Level)
	}
	if level == "federation" && spec.Federation == "" {
		return model.User{}, errors.New("niveau fédération : indiquez la fédération à créer")
	}
	if level == "section" && (spec.Federation == "" || spec.Section == "") {
		return model.User{}, errors.New("niveau section : indiquez la fédération et la section à créer")
	}
	if spec.Section != "" && spec.Federation == "" {
		return model.User{}, errors.New("une section appartient à une fédération : indiquez-la")
	}
	sys := s.SystemSession("init")
	var scope model.Org
	if spec.Federation != "" {
		fed, err := s.CreateUnit(sys, model.Org{}, spec.Federation, spec.FederationCode)
		if err != nil {
			return model.User{}, err
		}
		if level != "" && level != "national" {
			scope = fed.Path
		}
		if spec.Section != "" {
			sec, err := s.CreateUnit(sys, fed.Path, spec.Section, "")
			if err != nil {
				return model.User{}, err
			}
			if level == "section" {
				scope = sec.Path
			}
		}
	}
	return s.CreateFirstUser(UserSpec{FirstName: spec.FirstName, LastName: spec.LastName, Scope: scope, Password: spec.Password})
}
