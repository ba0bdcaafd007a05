package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A phone round ("campagne de rappel"): a frozen list of people called by
// several callers, each call recorded with its outcome. The queue rule — who
// is due next, and why nobody is — lives here as pure functions; the store
// keeps the state and the claims.

// RoundID identifies a round.
type RoundID uint64

// Outcome is what a call gave.
type Outcome uint8

const (
	OutcomeReached     Outcome = iota + 1 // 1 joint
	OutcomeNoAnswer                       // 2 pas de réponse
	OutcomeBusy                           // 3 occupé
	OutcomeVoicemail                      // 4 messagerie
	OutcomeWrongNumber                    // 5 faux numéro
	OutcomeCallBack                       // 6 à rappeler
	OutcomeDoNotCall                      // 7 ne plus appeler
)

// Outcomes lists every outcome in key order (key = value).
var Outcomes = []Outcome{OutcomeReached, OutcomeNoAnswer, OutcomeBusy, OutcomeVoicemail,
	OutcomeWrongNumber, OutcomeCallBack, OutcomeDoNotCall}

// OutcomeWords are the outcomes' French words: the caller's screen, the
// query language (appel:faux-numéro) and the paper sheet read them.
var OutcomeWords = &Vocab{What: "résultat d'appel", Words: []Word{
	{Value: uint8(OutcomeReached), Label: "joint", Synonyms: []string{"jointe", "atteint", "répondu", "ok"}},
	{Value: uint8(OutcomeNoAnswer), Label: "pas de réponse", Short: "sans-réponse",
		Synonyms: []string{"pas-de-réponse", "sans réponse", "ne répond pas", "nrp"}},
	{Value: uint8(OutcomeBusy), Label: "occupé", Synonyms: []string{"occupe"}},
	{Value: uint8(OutcomeVoicemail), Label: "messagerie", Synonyms: []string{"répondeur", "message laissé", "message"}},
	{Value: uint8(OutcomeWrongNumber), Label: "faux numéro", Short: "faux-numéro",
		Synonyms: []string{"faux n°", "mauvais numéro", "numéro erroné", "faux"}},
	{Value: uint8(OutcomeCallBack), Label: "à rappeler", Short: "à-rappeler", Synonyms: []string{"rappeler", "rappel"}},
	{Value: uint8(OutcomeDoNotCall), Label: "ne plus appeler", Short: "ne-plus-appeler",
		Synonyms: []string{"ne pas appeler", "refus", "stop"}},
}}

// Label is the outcome's word, "" when not given.
func (o Outcome) Label() string { return OutcomeWords.Label(uint8(o)) }

// ParseOutcome reads an outcome from a word or its key ("1" … "7").
func ParseOutcome(s string) (Outcome, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 1 && s[0] >= '1' && s[0] <= '7' {
		return Outcome(s[0] - '0'), true
	}
	v, ok := OutcomeWords.Lookup(s)
	return Outcome(v), ok
}

// Final reports whether the outcome ends the person's part in the round.
func (o Outcome) Final() bool {
	return o == OutcomeReached || o == OutcomeWrongNumber || o == OutcomeDoNotCall
}

// Retry reports whether the outcome puts the person back after the cooldown.
func (o Outcome) Retry() bool {
	return o == OutcomeNoAnswer || o == OutcomeBusy || o == OutcomeVoicemail
}

// QuestionKind is what a round's question records.
type QuestionKind uint8

const (
	QuestionYesNo QuestionKind = iota + 1
	QuestionChoice
	QuestionText
)

// Question is one thing a round asks a reached person.
type Question struct {
	Label   string
	Kind    QuestionKind
	Choices []string `json:",omitempty"` // QuestionChoice
}

// Valid reports whether answer fits the question ("" = not answered).
func (q *Question) Valid(answer string) bool {
	if answer == "" {
		return true
	}
	switch q.Kind {
	case QuestionYesNo:
		_, ok := YesNoWords.Lookup(answer)
		return ok
	case QuestionChoice:
		for _, c := range q.Choices {
			if Fold(c) == Fold(answer) {
				return true
			}
		}
		return false
	}
	return len(answer) <= MaxShortAnswer
}

// MaxShortAnswer is the limit of a short-text answer.
const MaxShortAnswer = 200

// Round defaults.
const (
	DefaultCooldown = 4 * time.Hour
	DefaultMaxTries = 3
)

// Round is a phone round: its people are frozen when it starts.
type Round struct {
	ID        RoundID
	Name      string
	Query     string   // the list's query when the round started
	Script    string   `json:",omitempty"`
	Show      []string `json:",omitempty"` // field keys shown to callers besides name and phones
	Questions []Question
	Cooldown  time.Duration
	MaxTries  int
	Scope     Org // the creator's scope: the round lives there
	Closed    bool
	CreatedAt time.Time
	CreatedBy string
	// Left aside when the round started.
	NoPhone, DoNotCall, Deceased int
}

// CheckRound validates a new round, in French.
func CheckRound(r *Round) error {
	r.Name = strings.TrimSpace(StripControl(r.Name))
	r.Script = StripControl(r.Script)
	switch {
	case r.Name == "":
		return fmt.Errorf("donnez un nom à la campagne de rappel")
	case len(r.Name) > MaxName:
		return fmt.Errorf("nom de campagne trop long (%d caractères au plus)", MaxName)
	case len(r.Script) > 2000:
		return fmt.Errorf("script trop long (2000 caractères au plus)")
	case r.MaxTries < 0 || r.MaxTries > 20:
		return fmt.Errorf("nombre d'essais entre 1 et 20")
	case r.Cooldown < 0 || r.Cooldown > 30*24*time.Hour:
		return fmt.Errorf("délai avant de rappeler entre 0 et 30 jours")
	}
	if r.MaxTries == 0 {
		r.MaxTries = DefaultMaxTries
	}
	if r.Cooldown == 0 {
		r.Cooldown = DefaultCooldown
	}
	for i := range r.Questions {
		q := &r.Questions[i]
		q.Label = strings.TrimSpace(StripControl(q.Label))
		if q.Label == "" || len(q.Label) > MaxName {
			return fmt.Errorf("question %d : libellé vide ou trop long", i+1)
		}
		if q.Kind == QuestionChoice && len(q.Choices) < 2 {
			return fmt.Errorf("question %d : donnez au moins deux choix", i+1)
		}
	}
	return nil
}

// Call is one recorded call.
type Call struct {
	ID       uint64
	Round    RoundID
	Person   PersonID
	At       time.Time
	Caller   string
	CallerID UserID `json:",omitempty"`
	Outcome  Outcome
	// WrongNumber is the field key of the wrong number (FieldMobile or FieldLandline).
	WrongNumber string `json:",omitempty"`
	// CallBackDay and CallBackAfter ("à rappeler"): the day, and from what
	// time in minutes after midnight (0 = any time).
	CallBackDay   Date     `json:",omitempty"`
	CallBackAfter int      `json:",omitempty"`
	Note          string   `json:",omitempty"`
	FollowUp      string   `json:",omitempty"` // "suite à donner" for the organisers
	FollowUpDone  bool     `json:",omitempty"`
	Answers       []string `json:",omitempty"` // one per question of the round
}

// MaxNote is the limit of a call's note and follow-up.
const MaxNote = 500

// CheckCall validates a call against its round, in French.
func CheckCall(c *Call, r *Round) error {
	c.Note = strings.TrimSpace(StripControl(c.Note))
	c.FollowUp = strings.TrimSpace(StripControl(c.FollowUp))
	if c.Outcome < OutcomeReached || c.Outcome > OutcomeDoNotCall {
		return fmt.Errorf("résultat d'appel inconnu : %s", OutcomeWords.Labels())
	}
	if len(c.Note) > MaxNote || len(c.FollowUp) > MaxNote {
		return fmt.Errorf("note trop longue (%d caractères au plus)", MaxNote)
	}
	if c.Outcome == OutcomeCallBack && c.CallBackDay == 0 {
		return fmt.Errorf("à rappeler : indiquez le jour")
	}
	if c.CallBackAfter < 0 || c.CallBackAfter >= 24*60 {
		return fmt.Errorf("à rappeler : heure invalide")
	}
	if c.Outcome == OutcomeWrongNumber && c.WrongNumber != FieldMobile && c.WrongNumber != FieldLandline {
		return fmt.Errorf("faux numéro : indiquez lequel (mobile ou fixe)")
	}
	if len(c.Answers) > len(r.Questions) {
		return fmt.Errorf("plus de réponses que de questions")
	}
	for i, a := range c.Answers {
		c.Answers[i] = strings.TrimSpace(StripControl(a))
		if !r.Questions[i].Valid(c.Answers[i]) {
			return fmt.Errorf("question %d : réponse « %s » non prévue", i+1, c.Answers[i])
		}
	}
	return nil
}

// Target is one person's state in a round, folded from their calls.
type Target struct {
	Person   PersonID
	Tries    int // calls with a retry outcome (no answer, busy, voicemail)
	Calls    int
	Last     Outcome // 0: never called in this round
	LastAt   time.Time
	CallBack time.Time // "à rappeler": not before
}

// Apply folds a call into the target's state.
func (t *Target) Apply(c *Call, loc *time.Location) {
	t.Calls++
	t.Last, t.LastAt = c.Outcome, c.At
	t.CallBack = time.Time{}
	switch {
	case c.Outcome.Retry():
		t.Tries++
	case c.Outcome == OutcomeCallBack:
		d := c.CallBackDay
		t.CallBack = time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, c.CallBackAfter, 0, 0, loc)
	}
}

// Done reports a final outcome.
func (t *Target) Done() bool { return t.Last.Final() }

// Exhausted reports that the maximum tries were spent without reaching.
func (t *Target) Exhausted(maxTries int) bool { return t.Last.Retry() && t.Tries >= maxTries }

// Finished is done or exhausted: the person leaves the queue.
func (t *Target) Finished(maxTries int) bool { return t.Done() || t.Exhausted(maxTries) }

// Due is when the person may be called next; ok is false when finished.
// Never called: due at once (zero time).
func (t *Target) Due(r *Round) (time.Time, bool) {
	switch {
	case t.Finished(r.MaxTries):
		return time.Time{}, false
	case t.Last.Retry():
		return t.LastAt.Add(r.Cooldown), true
	case t.Last == OutcomeCallBack:
		return t.CallBack, true
	}
	return time.Time{}, true
}

// QueueState counts a round's people by where they stand, for the caller
// told why the queue is empty.
type QueueState struct {
	Total     int
	Done      int // final outcome
	Exhausted int // maximum tries without reaching
	Waiting   int // cooldown or call-back time not come
	NextAt    time.Time
	Claimed   int // being called by other callers
	Closed    bool
}

// Why explains an empty queue in French.
// now gives the day: a time on another day is written with its date.
func (q QueueState) Why(now time.Time) string {
	if q.Closed {
		return "Cette campagne est close : rouvrez-la (f sur l'écran Rappels) pour appeler encore."
	}
	var parts []string
	if q.Waiting > 0 {
		at := q.NextAt.In(now.Location())
		when := "jusqu'à " + at.Format("15:04")
		if DateOf(at) != DateOf(now) {
			when = "jusqu'au " + at.Format("02/01 15:04")
		}
		parts = append(parts, people(q.Waiting)+" en attente "+when)
	}
	if q.Claimed > 0 {
		parts = append(parts, fmt.Sprintf("%s en cours d'appel par d'autres appelants", people(q.Claimed)))
	}
	if len(parts) == 0 {
		if q.Total == 0 {
			return "Cette campagne n'a personne à appeler."
		}
		s := fmt.Sprintf("Tout le monde a été appelé : %d terminé(s)", q.Done)
		if q.Exhausted > 0 {
			s += fmt.Sprintf(", %d sans réponse après tous les essais", q.Exhausted)
		}
		return s + "."
	}
	return "Personne à appeler pour l'instant : " + strings.Join(parts, " ; ") + "."
}

func people(n int) string {
	if n == 1 {
		return "1 personne"
	}
	return fmt.Sprintf("%d personnes", n)
}

// CallPhones are the numbers a round calls: a person with neither is left aside.
func CallPhones(p *Person) bool { return p.Mobile != "" || p.Landline != "" }

// The journal's actions of phone rounds.
const (
	ActionRoundCreate  Action = "rappel.campagne"
	ActionRoundUpdate  Action = "rappel.campagne-modifiée"
	ActionCall         Action = "rappel.appel"
	ActionFollowUpDone Action = "rappel.suite-traitée"
)

func init() {
	actions[ActionRoundCreate] = actionDesc{"campagne de rappel créée", "", KindOther}
	actions[ActionRoundUpdate] = actionDesc{"campagne de rappel modifiée", "", KindOther}
	actions[ActionCall] = actionDesc{"appel enregistré", "appel (rappel)", KindFiche}
	actions[ActionFollowUpDone] = actionDesc{"suite à donner traitée", "suite à donner traitée", KindFiche}
}

// ParseQuestion reads a question as typed when creating a round:
// "Vient le 12 ?" is answered yes or no; "Pétition ? signe / refuse / indécis"
// offers those choices; "Remarques ? …" (ending with … or ...) takes a short text.
func ParseQuestion(s string) (Question, bool) {
	s = strings.TrimSpace(StripControl(s))
	if s == "" {
		return Question{}, false
	}
	if rest, ok := strings.CutSuffix(s, "…"); ok {
		return Question{Label: strings.TrimSpace(rest), Kind: QuestionText}, true
	}
	if rest, ok := strings.CutSuffix(s, "..."); ok {
		return Question{Label: strings.TrimSpace(rest), Kind: QuestionText}, true
	}
	if i := strings.LastIndex(s, "?"); i >= 0 && strings.Contains(s[i:], "/") {
		var choices []string
		for _, c := range strings.Split(s[i+1:], "/") {
			if c = strings.TrimSpace(c); c != "" {
				choices = append(choices, c)
			}
		}
		return Question{Label: strings.TrimSpace(s[:i+1]), Kind: QuestionChoice, Choices: choices}, true
	}
	return Question{Label: s, Kind: QuestionYesNo}, true
}

// Hint is how a caller answers the question.
func (q *Question) Hint() string {
	switch q.Kind {
	case QuestionYesNo:
		return "oui / non"
	case QuestionChoice:
		return strings.Join(q.Choices, " / ")
	}
	return "texte libre"
}

// CallBack is when to call back: a day, and from what time (minutes after
// midnight; 0 = any time).
type CallBack struct {
	Day   Date
	After int
}

// ParseCallBack reads a call-back day "jj/mm" (or "jj/mm/aaaa") and time
// "HH:MM" (or "18h30"), as typed. An empty day is today when a time is
// given, else tomorrow; a day already past this year is next year's.
func ParseCallBack(day, at string, now time.Time) (CallBack, error) {
	var cb CallBack
	day, at = strings.TrimSpace(day), strings.TrimSpace(at)
	if at != "" {
		t, err := time.Parse("15:04", strings.NewReplacer("h", ":", "H", ":").Replace(at))
		if err != nil {
			return cb, fmt.Errorf("heure « %s » : écrivez HH:MM, ex. 18:30", at)
		}
		cb.After = t.Hour()*60 + t.Minute()
	}
	today := DateOf(now)
	if day == "" {
		cb.Day = today
		if at == "" {
			cb.Day = DateOf(now.AddDate(0, 0, 1))
		}
		return cb, nil
	}
	bad := fmt.Errorf("jour « %s » : écrivez jj/mm, ex. 12/12", day)
	parts := strings.Split(day, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return cb, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return cb, bad
		}
		nums[i] = n
	}
	year := today.Year()
	if len(nums) == 3 {
		year = nums[2]
	}
	cb.Day = NewDate(year, nums[1], nums[0])
	if !cb.Day.Valid() {
		return cb, fmt.Errorf("jour « %s » invalide", day)
	}
	if len(nums) == 2 && cb.Day < today {
		cb.Day = NewDate(year+1, nums[1], nums[0]) // 05/01 typed in December
	}
	return cb, nil
}
