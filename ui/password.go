package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"

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

// checkNewPassword checks a new password typed in inputs[i] and again in
// inputs[i+1]. On a problem it returns the message and the field to focus,
// having emptied the second field if the two differ; "" when all is well.
func checkNewPassword(inputs []textinput.Model, i int) (msg string, focus int) {
	pw := inputs[i].Value()
	if err := model.CheckPassword(pw); err != nil {
		return err.Error(), i
	}
	if pw != inputs[i+1].Value() {
		inputs[i+1].SetValue("")
		return "les deux saisies du mot de passe diffèrent", i + 1
	}
	return "", 0
}
