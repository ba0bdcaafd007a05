package model

// The one rule deciding that two fiches are the same person, used by the
// duplicate check when a fiche is created, the Doublons screen's pairs and
// import (docs/EXPORT.md, « Doublons »). Nothing is merged on its word alone
// except by import, which only completes empty fields.

// Identity is what the rule reads of a fiche, folded as the search index
// folds it (store takes it from the index's query.Row).
type Identity struct {
	ID              PersonID
	Name, FirstName string // folded: "last first", and the first name alone
	Email           string // folded
	Mobile          string // digits, national form
	Landline        string
	BirthDate       Date
}

// Why two fiches are the same person, as the UI shows it.
const (
	SameEmail     = "même courriel"
	SamePhone     = "même téléphone"
	SameNameBirth = "mêmes nom et date de naissance"
)

// SamePerson says why fiches a and b look like the same person, strongest reason first (nil: two
// people), and whether that is sure enough to act on without asking.
//
//   - Same email, or a phone number in common (mobile or landline, either
//     way), or same name (last and first) and same birth date: the same
//     person, to be shown to whoever decides (the check before creating a
//     fiche, the Doublons screen).
//   - Sure only when their first names do not contradict (one missing, or
//     the same): Marie and Jean Dupont sharing a family address or landline
//     are likely two people, so import, which acts alone, does not merge
//     them. Same name and birth date is always sure.
//   - Homonyms (same name, birth date unknown on one side or different) with
//     nothing else in common are two people.
//   - Archived fiches are no exception: someone who left and comes back is
//     still the same person, and a second fiche would split their history.
//   - A fiche is not its own duplicate (same non-zero ID).
func SamePerson(a, b *Identity) (why []string, sure bool) {
	if a.ID != 0 && a.ID == b.ID {
		return nil, false
	}
	if a.Email != "" && a.Email == b.Email {
		why = append(why, SameEmail)
	}
	if sharePhone(a, b) {
		why = append(why, SamePhone)
	}
	if a.BirthDate != 0 && a.BirthDate == b.BirthDate && a.Name != "" && a.Name == b.Name {
		return append(why, SameNameBirth), true
	}
	return why, len(why) > 0 && (a.FirstName == "" || b.FirstName == "" || a.FirstName == b.FirstName)
}

func sharePhone(a, b *Identity) bool {
	for _, p := range [2]string{a.Mobile, a.Landline} {
		if p != "" && (p == b.Mobile || p == b.Landline) {
			return true
		}
	}
	return false
}

// SamePersonKeys are the keys under which a fiche is filed to find its
// duplicates without comparing every pair: two fiches SamePerson finds alike
// always share one. Keys of different kinds never collide.
func SamePersonKeys(r *Identity) []string {
	keys := make([]string, 0, 4)
	if r.Email != "" {
		keys = append(keys, "e"+r.Email)
	}
	if r.Mobile != "" {
		keys = append(keys, "p"+r.Mobile)
	}
	if r.Landline != "" && r.Landline != r.Mobile {
		keys = append(keys, "p"+r.Landline)
	}
	if r.BirthDate != 0 && r.Name != "" {
		keys = append(keys, "n"+r.Name+"|"+r.BirthDate.String())
	}
	return keys
}

// SharedPhoneKey reports whether a key of SamePersonKeys is a phone number's.
func SharedPhoneKey(key string) bool { return key != "" && key[0] == 'p' }
