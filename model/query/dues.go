package query

import (
	"math"
	"strconv"

	"fichier/model"
)

// The dues fields (docs/COTISATIONS.md): cotisation:à-jour|retard|jamais,
// cotisé:2026 (some month of the year paid for), retard:>3 (months behind),
// and statut:retard, the hand-set status of schema 1, read as
// cotisation:retard. The status is computed from each row's dues summary
// with the rule of its federation (Env.Dues) on Env.Today.

var qDuesEnum = qNewEnum("cotisation",
	qEV(uint8(model.DuesAJour), "à-jour", "à jour", "ajour", "a-jour", "ok", "payé"),
	qEV(uint8(model.DuesRetard), "retard", "en retard"),
	qEV(uint8(model.DuesJamais), "jamais", "jamais cotisé"),
)

// qDuesRows are the dues fields' rows (added to qFields).
func qDuesRows() []*queryField {
	return []*queryField{
		qOwn("cotisation", []string{"cotisations", "cotis"}, "à-jour, retard ou jamais : la situation de cotisation calculée (adhérents actifs)",
			queryField{enum: qDuesEnum, parse: qParseEnum, compile: qCompileDues, cost: 1,
				noEmpty: "attendu cotisation:à-jour, cotisation:retard ou cotisation:jamais"}),
		qOwn("cotisé", []string{"cotise", "cotisee", "paye", "payee"}, "année pour laquelle l'adhérent a cotisé (au moins un mois) : cotisé:2026",
			queryField{parse: qParseYear, compile: qCompileYears(model.DuesSummary.PaidFor), cost: 1, noEmpty: "attendu une année, par ex. cotisé:2026"}),
		qOwn("carte", []string{"cartes", "carteremise"}, "année dont la carte d'adhérent a été remise : carte:2026 (-carte:2026 : pas encore remise)",
			queryField{parse: qParseYear, compile: qCompileYears(model.DuesSummary.HasCard), cost: 1, noEmpty: "attendu une année, par ex. carte:2026"}),
		qOwn("retard", []string{"retards", "moisderetard"}, "mois de retard de cotisation : retard:>3, retard:6-12",
			queryField{parse: qParseAgeRange, compile: qCompileMonthsLate, cost: 1, hint: "attendu retard:>3, retard:6 ou retard:6-12",
				noEmpty: "attendu un nombre de mois, par ex. retard:>3"}),
	}
}

// qDuesRules returns the rule of a row's federation.
func qDuesRules(env *Env) func(f *Row) model.DuesRule {
	if env.Dues != nil {
		return func(f *Row) model.DuesRule { return env.Dues(f.Org) }
	}
	rule := model.NewDuesRule(env.Today, -1) // Bind has set Today
	return func(*Row) model.DuesRule { return rule }
}

// DuesStatusOf returns the dues status of a row under env — the one
// cotisation: tests (the statistics count with it). env.Today must be set.
func DuesStatusOf(env *Env) func(r *Row) model.DuesStatus {
	rule := qDuesRules(env)
	return func(r *Row) model.DuesStatus { return qDuesStatus(rule, r) }
}

func qDuesStatus(rule func(f *Row) model.DuesRule, f *Row) model.DuesStatus {
	return rule(f).Of(f.Kind, f.Status, f.Archived, f.Dues)
}

// qDuesPred: the computed status is in the set.
type qDuesPred struct {
	rule func(f *Row) model.DuesRule
	set  uint32
}

func (q *qDuesPred) match(f *Row) bool {
	return q.set&(1<<qDuesStatus(q.rule, f).State) != 0
}

func qCompileDues(_ *queryField, t *Term, env *Env) (qPred, *Error) {
	q := &qDuesPred{rule: qDuesRules(env)}
	for _, v := range t.Values {
		q.set |= 1 << v.enum
	}
	return q, nil
}

func qParseYear(f *queryField, v *Value) *Error {
	n, ok := qAtoi(v.Raw, 4)
	if !ok || n < model.DuesYearBase || n >= model.DuesYearBase+64 {
		return qErr(v.Pos, v.n, "année invalide « "+v.Raw+" »", f.noEmpty)
	}
	v.rng = qRange{op: '=', a: qBound{n: n, prec: 'n'}}
	v.setCanon(strconv.Itoa(n))
	return nil
}

// qYearsPred: one of the years has it — some month paid for (cotisé:),
// the card handed over (carte:).
type qYearsPred struct {
	has   func(d model.DuesSummary, year int) bool
	years []int
}

func (q *qYearsPred) match(f *Row) bool {
	for _, y := range q.years {
		if q.has(f.Dues, y) {
			return true
		}
	}
	return false
}

// qCompileYears compiles a year term tested by has.
func qCompileYears(has func(d model.DuesSummary, year int) bool) func(*queryField, *Term, *Env) (qPred, *Error) {
	return func(_ *queryField, t *Term, _ *Env) (qPred, *Error) {
		q := &qYearsPred{has: has}
		for _, v := range t.Values {
			q.years = append(q.years, v.rng.a.n)
		}
		return q, nil
	}
}

// qMonthsLatePred: en retard by a number of months in one of the ranges.
type qMonthsLatePred struct {
	rule   func(f *Row) model.DuesRule
	lo, hi []int
}

func (q *qMonthsLatePred) match(f *Row) bool {
	s := qDuesStatus(q.rule, f)
	if s.State != model.DuesRetard {
		return false
	}
	for i := range q.lo {
		if s.MonthsLate >= q.lo[i] && s.MonthsLate <= q.hi[i] {
			return true
		}
	}
	return false
}

func qCompileMonthsLate(_ *queryField, t *Term, env *Env) (qPred, *Error) {
	q := &qMonthsLatePred{rule: qDuesRules(env)}
	for _, v := range t.Values {
		lo, hi := qIntBounds(v.rng)
		q.lo, q.hi = append(q.lo, lo), append(q.hi, hi)
	}
	return q, nil
}

// qIntBounds is a range of whole numbers as [lo, hi].
func qIntBounds(r qRange) (lo, hi int) {
	a := r.a.n
	switch r.op {
	case '-':
		return a, r.b.n
	case '<':
		return math.MinInt, a - 1
	case 'l':
		return math.MinInt, a
	case '>':
		return a + 1, math.MaxInt
	case 'g':
		return a, math.MaxInt
	}
	return a, a
}

// qStatusPred is statut: with "retard" read as cotisation:retard.
type qStatusPred struct {
	enum qPred
	late qPred // nil when retard is not asked
}

func (q *qStatusPred) match(f *Row) bool {
	return q.enum.match(f) || (q.late != nil && q.late.match(f))
}

func qCompileStatus(f *queryField, t *Term, env *Env) (qPred, *Error) {
	enum, err := qCompileEnum(f, t, env)
	if err != nil {
		return nil, err
	}
	for _, v := range t.Values {
		if v.enum == uint8(model.StatusEnRetard) {
			return &qStatusPred{enum: enum, late: &qDuesPred{rule: qDuesRules(env), set: 1 << model.DuesRetard}}, nil
		}
	}
	return enum, nil
}
