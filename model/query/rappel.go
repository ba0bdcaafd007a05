package query

import (
	"strconv"
	"strings"

	"fichier/model"
)

// Calls: the filter's appel: and rappel: fields, matched against the call
// summary the store keeps on each row (Row.Calls).

// CallSummary is what a row knows of a person's phone calls.
type CallSummary struct {
	Last     model.Date      // civil day of the last call; 0: never called
	Outcomes uint16          // bit o set when a call had outcome o
	Rounds   []model.RoundID // the rounds the person is part of
}

// With returns the summary with one more call.
func (s CallSummary) With(c *model.Call, day model.Date) CallSummary {
	if day > s.Last {
		s.Last = day
	}
	s.Outcomes |= 1 << c.Outcome
	return s.InRound(c.Round)
}

// InRound returns the summary with round r among its rounds.
func (s CallSummary) InRound(r model.RoundID) CallSummary {
	for _, id := range s.Rounds {
		if id == r {
			return s
		}
	}
	s.Rounds = append(append([]model.RoundID(nil), s.Rounds...), r)
	return s
}

const qCallNever = 0xff // Value.enum of appel:jamais

var qCallHint = "attendu appel:jamais, appel:<30j, appel:>90j ou un résultat (" + model.OutcomeWords.Labels() + ")"

// qParseCall reads jamais, <30j / >90j (days ago) or an outcome word.
func qParseCall(f *queryField, v *Value) *Error {
	s := SearchFold(v.Raw)
	if s == "jamais" {
		v.enum = qCallNever
		return nil
	}
	if len(s) > 1 && (s[0] == '<' || s[0] == '>') {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(s[1:], "j"), "jours"))
		if err != nil || n < 0 || n > 36500 {
			return qErr(v.Pos, v.n, "durée invalide « "+v.Raw+" »", qCallHint)
		}
		v.rng = qRange{op: s[0], a: qBound{n: n, prec: 'n'}}
		return nil
	}
	o, ok := model.ParseOutcome(v.Raw)
	if !ok || len(strings.TrimSpace(v.Raw)) == 1 {
		return qErr(v.Pos, v.n, "valeur inconnue « "+v.Raw+" » pour "+f.name, qCallHint)
	}
	v.enum = uint8(o)
	v.setCanon(model.OutcomeWords.Label(uint8(o)))
	if w, ok := model.OutcomeWords.Word(uint8(o)); ok {
		v.setCanon(w.Canon())
	}
	return nil
}

// qCallPred: any of the values holds (no value: never called).
type qCallPred struct {
	never    bool
	outcomes uint16
	since    []model.Date // called on or after
	before   []model.Date // last call before (and called)
}

func (q *qCallPred) match(f *Row) bool {
	c := &f.Calls
	if q.never && c.Last == 0 {
		return true
	}
	if c.Outcomes&q.outcomes != 0 {
		return true
	}
	for _, d := range q.since {
		if c.Last != 0 && c.Last >= d {
			return true
		}
	}
	for _, d := range q.before {
		if c.Last != 0 && c.Last < d {
			return true
		}
	}
	return false
}

func qCompileCall(_ *queryField, t *Term, env *Env) (qPred, *Error) {
	q := &qCallPred{never: len(t.Values) == 0}
	today := env.Today.Time()
	for _, v := range t.Values {
		switch {
		case v.rng.op == '<':
			q.since = append(q.since, model.DateOf(today.AddDate(0, 0, -v.rng.a.n)))
		case v.rng.op == '>':
			q.before = append(q.before, model.DateOf(today.AddDate(0, 0, -v.rng.a.n)))
		case v.enum == qCallNever:
			q.never = true
		default:
			q.outcomes |= 1 << v.enum
		}
	}
	return q, nil
}

// qRoundPred: the person is part of one of the rounds (no value: of none).
type qRoundPred struct {
	empty bool
	ids   []model.RoundID
}

func (q *qRoundPred) match(f *Row) bool {
	if q.empty {
		return len(f.Calls.Rounds) == 0
	}
	for _, r := range f.Calls.Rounds {
		for _, id := range q.ids {
			if r == id {
				return true
			}
		}
	}
	return false
}

// qCompileRound finds the rounds named by each value: exactly, else by a
// part of their name.
func qCompileRound(f *queryField, t *Term, env *Env) (qPred, *Error) {
	q := &qRoundPred{empty: len(t.Values) == 0}
	for _, v := range t.Values {
		var exact, partial []model.RoundID
		for _, r := range env.Rounds {
			name := SearchFold(r.Name)
			switch {
			case name == v.text:
				exact = append(exact, r.ID)
			case strings.Contains(name, v.text):
				partial = append(partial, r.ID)
			}
		}
		if len(exact) == 0 {
			exact = partial
		}
		if len(exact) == 0 {
			return nil, qErr(v.Pos, v.n, "campagne de rappel inconnue « "+v.Raw+" »", "le nom (ou une partie) d'une campagne de l'écran Rappels")
		}
		q.ids = append(q.ids, exact...)
	}
	return q, nil
}

var qCallFields = []*queryField{
	qOwn("appel", []string{"appels", "appele"}, "appel:jamais, appel:<30j (appelé ces 30 derniers jours), appel:faux-numéro …",
		queryField{parse: qParseCall, compile: qCompileCall, cost: 1, hint: qCallHint}),
	qOwn("rappel", []string{"campagne"}, "fait partie de la campagne de rappel nommée (ou d'un nom qui contient le texte)",
		queryField{parse: qParseText, compile: qCompileRound, cost: 2}),
}
