package ui

import (
	"strings"

	"fichier/model"
)

// Choosing a new password, shared by « Mon compte » and the login screen
// (first responsable, provisional password).

// passwordStrength draws a password's strength: "force : ■■■□□ bon"; hint
// stands in its place while the field is empty.
func passwordStrength(s *Styles, pw, hint string) string {
	if pw == "" {
		return s.Muted.Render(hint)
	}
	score, label := model.PasswordStrength(pw)
	bar := strings.Repeat("■", score+1) + strings.Repeat("□", 4-score)
	st := s.Error
	switch {
	case score >= 3:
		st = s.Success
	case score >= model.MinPasswordScore:
		st = s.Warning
	}
	return s.Label.Render("force : ") + st.Render(bar+" "+label)
}

// checkNewPassword checks a new password typed in field i of f and again
// in field i+1. On a problem the form says why, the focus on the field to
// correct (the second one emptied if the two differ).
func checkNewPassword(f *dialogForm, i int) bool {
	pw := f.value(i)
	if err := model.CheckPassword(pw); err != nil {
		f.refuse(err.Error(), i)
		return false
	}
	if pw != f.value(i+1) {
		f.setValue(i+1, "")
		f.refuse("les deux saisies du mot de passe diffèrent", i+1)
		return false
	}
	return true
}
