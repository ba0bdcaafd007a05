package model

import (
	"fmt"
	"sort"
	"strconv"
)

// RoundSummary is a round's results, counted from its calls.
type RoundSummary struct {
	Targets          int
	Called           int // people called at least once
	ByOutcome        [8]int
	WrongNumbers     int // numbers found wrong (cleared on the fiche)
	FollowUps        int
	FollowUpsPending int
	// Answers counts, per question, each answer given by a reached person.
	Answers []map[string]int
}

// SummarizeRound counts a round's results from its calls, oldest first.
// ByOutcome counts people by the outcome of their last call.
func SummarizeRound(r *Round, targets int, calls []Call) RoundSummary {
	s := RoundSummary{Targets: targets, Answers: make([]map[string]int, len(r.Questions))}
	for i := range s.Answers {
		s.Answers[i] = map[string]int{}
	}
	last := map[PersonID]Outcome{}
	for i := range calls {
		c := &calls[i]
		last[c.Person] = c.Outcome
		if c.Outcome == OutcomeWrongNumber {
			s.WrongNumbers++
		}
		if c.FollowUp != "" {
			s.FollowUps++
			if !c.FollowUpDone {
				s.FollowUpsPending++
			}
		}
		for q, a := range c.Answers {
			if q < len(s.Answers) && a != "" {
				if r.Questions[q].Kind == QuestionYesNo {
					if v, ok := YesNoWords.Lookup(a); ok {
						a = YesNoWords.Label(v)
					}
				}
				s.Answers[q][a]++
			}
		}
	}
	s.Called = len(last)
	for _, o := range last {
		s.ByOutcome[o]++
	}
	return s
}

// Lines are the summary as label and value, for the screen and the sheet.
func (s *RoundSummary) Lines(r *Round) [][2]string {
	n := strconv.Itoa
	out := [][2]string{{"Personnes à appeler", n(s.Targets)}, {"Appelées au moins une fois", n(s.Called)}}
	for _, o := range Outcomes {
		out = append(out, [2]string{"Dernier appel : " + o.Label(), n(s.ByOutcome[o])})
	}
	out = append(out, [2]string{"Numéros faux retirés des fiches", n(s.WrongNumbers)},
		[2]string{"Suites à donner", fmt.Sprintf("%d dont %d en attente", s.FollowUps, s.FollowUpsPending)})
	for q, counts := range s.Answers {
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return counts[keys[i]] > counts[keys[j]] || counts[keys[i]] == counts[keys[j]] && keys[i] < keys[j]
		})
		for _, k := range keys {
			out = append(out, [2]string{r.Questions[q].Label + " — " + StripControl(k), n(counts[k])})
		}
	}
	return out
}
