package demo

import "fichier/model"

// Centres d'intérêt with their base weights.
var interestDefs = []struct {
	name   string
	weight float64
}{
	{"santé", 10}, {"services publics", 10}, {"éducation", 9}, {"logement", 8}, {"écologie", 8},
	{"transports", 7}, {"culture", 6}, {"retraites", 6}, {"emploi", 6}, {"salaires", 5},
	{"féminisme", 5}, {"jeunesse", 5}, {"international", 5}, {"paix", 4}, {"antiracisme", 4},
	{"industrie", 4}, {"sport", 4}, {"énergie", 3}, {"sécurité sociale", 3}, {"quartiers populaires", 3},
	{"agriculture", 2}, {"eau", 2}, {"handicap", 2}, {"numérique", 2}, {"laïcité", 2},
}

// Unions by profile: name and weight.
type weightedName struct {
	name   string
	weight float64
}

var unionDefs = map[unionProfile][]weightedName{
	unionsWorkers:  {{"CGT", 62}, {"Solidaires", 10}, {"FO", 8}, {"CFDT", 9}, {"UNSA", 4}, {"FSU", 4}, {"CNT", 1}, {"CFE-CGC", 2}},
	unionsTeachers: {{"FSU", 55}, {"CGT", 20}, {"Solidaires", 12}, {"UNSA", 8}, {"FO", 5}},
	unionsStudents: {{"UNEF", 55}, {"Union étudiante", 35}, {"Solidaires", 10}},
	unionsFarmers:  {{"Confédération paysanne", 60}, {"MODEF", 40}},
}

// Associations, with who is likely to belong.
type assocDef struct {
	name           string
	weight         float64
	minAge, maxAge int
	female, male   float64 // weight multipliers
	urban, village bool    // only in a big commune's neighbourhood / a small commune
}

var assocDefs = []assocDef{
	{"Secours populaire", 10, 0, 0, 1.2, 1, false, false},
	{"ATTAC", 5, 0, 0, 1, 1, false, false},
	{"Ligue des droits de l'Homme", 4, 0, 0, 1, 1, false, false},
	{"amicale de locataires", 7, 0, 0, 1, 1, true, false},
	{"parents d'élèves FCPE", 6, 28, 55, 1.4, 0.8, false, false},
	{"club de foot", 4, 0, 65, 0.3, 1.6, false, false},
	{"Mouvement de la paix", 3, 0, 0, 1, 1, false, false},
	{"France Palestine Solidarité", 3, 0, 0, 1, 1, false, false},
	{"Réseau éducation sans frontières", 2, 0, 0, 1.3, 0.8, false, false},
	{"Restos du cœur", 3, 0, 0, 1.2, 1, false, false},
	{"Confédération nationale du logement", 2, 0, 0, 1, 1, true, false},
	{"comité des fêtes", 3, 0, 0, 1, 1, false, true},
	{"ANACR", 1.5, 65, 0, 1, 1, false, false},
	{"MRAP", 2, 0, 0, 1, 1, false, false},
	{"Planning familial", 2, 0, 0, 2, 0.3, false, false},
	{"Alternatiba", 1.5, 0, 45, 1, 1, false, false},
	{"chorale", 2, 40, 0, 1.5, 0.7, false, false},
	{"club de randonnée", 3, 35, 0, 1, 1, false, false},
	{"Amicale laïque", 2, 0, 0, 1, 1, false, false},
	{"Cimade", 1.5, 0, 0, 1.2, 0.9, false, false},
	{"Les Amis de l'Humanité", 1.5, 45, 0, 1, 1, false, false},
	{"Emmaüs", 1.2, 0, 0, 1, 1, false, false},
}

// sourceDef is where contacts and compagnons de route came from: an event
// or a campaign with its dates (to 0: still going on), the places it
// reached ("Section", "Commune" or "Commune/Quartier"; none: everywhere in
// the federations listed, or everywhere when feds is empty), the interest it
// reveals and its weights for contacts and compagnons.
type sourceDef struct {
	name       string
	from, to   model.Date
	feds       []string
	where      []string
	hint       string
	wContact   float64
	wCompagnon float64
}

var sourceDefs = []sourceDef{
	{"Pétition Hôpital Sud 2026", model.NewDate(2026, 1, 5), model.NewDate(2026, 6, 30), nil,
		[]string{"Sud-Grenoblois", "Grenoble", "Saint-Martin-d'Hères"}, "santé", 14, 3},
	{"Pétition bureau de poste Villeneuve", model.NewDate(2024, 2, 1), model.NewDate(2024, 6, 30), nil,
		[]string{"Grenoble/Villeneuve", "Grenoble/Village Olympique"}, "services publics", 60, 10},
	{"Fête de l'Humanité 2025", model.NewDate(2025, 9, 12), model.NewDate(2025, 9, 14), nil, nil, "", 6, 10},
	{"Fête de l'Humanité 2024", model.NewDate(2024, 9, 13), model.NewDate(2024, 9, 15), nil, nil, "", 5, 8},
	{"Fête de l'Humanité 2023", model.NewDate(2023, 9, 15), model.NewDate(2023, 9, 17), nil, nil, "", 4, 6},
	{"Porte-à-porte Mistral", model.NewDate(2023, 3, 1), 0, nil, []string{"Grenoble/Mistral"}, "logement", 70, 12},
	{"Site internet", model.NewDate(2015, 1, 1), 0, nil, nil, "", 8, 8},
	{"Marché d'Eybens", model.NewDate(2022, 1, 1), 0, nil,
		[]string{"Eybens", "Brié-et-Angonnes", "Herbeys", "Poisat", "Bresson"}, "", 30, 8},
	{"Marché Saint-Bruno", model.NewDate(2021, 9, 1), 0, nil,
		[]string{"Grenoble/Saint-Bruno", "Grenoble/Berriat", "Grenoble/Europole"}, "", 30, 8},
	{"Pétition gratuité des transports", model.NewDate(2023, 9, 1), model.NewDate(2024, 3, 31), nil,
		[]string{"Grenoble", "Saint-Martin-d'Hères", "Sud-Grenoblois", "Fontaine – Saint-Égrève"}, "transports", 8, 3},
	{"Pétition TER Lyon–Grenoble", model.NewDate(2022, 10, 1), model.NewDate(2023, 2, 28), nil,
		[]string{"Voironnais", "Nord-Isère", "Les Vals du Dauphiné", "Grenoble"}, "transports", 6, 2},
	{"Pétition Vencorex", model.NewDate(2024, 10, 1), model.NewDate(2025, 3, 31), nil,
		[]string{"Sud-Grenoblois", "Grenoble"}, "industrie", 8, 4},
	{"Pétition urgences de Voiron", model.NewDate(2023, 6, 1), model.NewDate(2023, 12, 31), nil,
		[]string{"Voironnais"}, "santé", 12, 3},
	{"Stand campus de Saint-Martin-d'Hères", model.NewDate(2022, 9, 1), 0, nil,
		[]string{"Saint-Martin-d'Hères/Domaine universitaire", "Saint-Martin-d'Hères/Portail Rouge"}, "jeunesse", 30, 4},
	{"Pétition fermetures de classes", model.NewDate(2025, 2, 1), model.NewDate(2025, 4, 30), nil, nil, "éducation", 4, 1},
	{"Manifestations retraites 2023", model.NewDate(2023, 1, 19), model.NewDate(2023, 6, 6), nil, nil, "retraites", 6, 6},
	{"Carte-pétition salaires", model.NewDate(2022, 10, 1), model.NewDate(2022, 12, 31), nil, nil, "salaires", 4, 2},
	{"Législatives 2024 – réunion publique", model.NewDate(2024, 6, 12), model.NewDate(2024, 6, 29), nil, nil, "", 3, 5},
	{"Municipales 2026 – porte-à-porte", model.NewDate(2025, 11, 1), model.NewDate(2026, 3, 14), nil, nil, "", 6, 4},
	{"Réseaux sociaux", model.NewDate(2019, 1, 1), 0, nil, nil, "", 6, 3},
	{"Recommandé par un adhérent", model.NewDate(2012, 1, 1), 0, nil, nil, "", 3, 8},
	{"Marché de Vienne", model.NewDate(2022, 1, 1), 0, nil, []string{"Vienne"}, "", 15, 5},
	{"Marché de Bourgoin-Jallieu", model.NewDate(2022, 1, 1), 0, nil, []string{"Bourgoin-Jallieu"}, "", 25, 6},
	{"Porte-à-porte Minguettes", model.NewDate(2023, 1, 15), 0, nil, []string{"Vénissieux/Minguettes"}, "logement", 70, 12},
	{"Marché des Gratte-Ciel", model.NewDate(2022, 1, 1), 0, nil,
		[]string{"Villeurbanne/Gratte-Ciel", "Villeurbanne/Maisons-Neuves", "Villeurbanne/Grandclément"}, "", 30, 8},
	{"Pétition pour le métro à Vaulx-en-Velin", model.NewDate(2024, 3, 1), model.NewDate(2024, 9, 30), nil,
		[]string{"Vaulx-en-Velin"}, "transports", 20, 4},
	{"Pétition Hôpital Édouard-Herriot", model.NewDate(2025, 1, 15), model.NewDate(2025, 5, 31), []string{"69"}, nil, "santé", 8, 3},
}

// noteDef is a short note; gendered ones have both forms.
type noteDef struct {
	m, f  string
	need  noteNeed
	paper bool // implies a letter on paper and no calls
}

type noteNeed uint8

const (
	needNothing noteNeed = iota
	needPhone
	needAdherent
	needNotAdherent
	needOld
	needOldMember
	needPortuguese
	needArabic
	needTurkish
)

var noteDefs = []noteDef{
	{"préfère être appelé après 18 h", "préfère être appelée après 18 h", needPhone, false},
	{"malentendant, privilégier le courrier", "malentendante, privilégier le courrier", needNothing, true},
	{"ne pas appeler le dimanche", "ne pas appeler le dimanche", needPhone, false},
	{"disponible pour tracter le samedi matin", "disponible pour tracter le samedi matin", needNothing, false},
	{"a une voiture, peut aider pour les collages", "a une voiture, peut aider pour les collages", needNothing, false},
	{"travaille en 3x8, appeler en fin de matinée", "travaille en 3x8, appeler en fin de matinée", needPhone, false},
	{"à relancer pour l'adhésion", "à relancer pour l'adhésion", needNotAdherent, false},
	{"ancien secrétaire de cellule", "ancienne secrétaire de cellule", needOldMember, false},
	{"garde ses petits-enfants le mercredi", "garde ses petits-enfants le mercredi", needOld, false},
	{"abonné à l'Humanité", "abonnée à l'Humanité", needAdherent, false},
	{"déménagement prévu, vérifier l'adresse", "déménagement prévu, vérifier l'adresse", needNothing, false},
	{"mobilité réduite : réunions en rez-de-chaussée", "mobilité réduite : réunions en rez-de-chaussée", needOld, false},
	{"parle portugais", "parle portugais", needPortuguese, false},
	{"parle arabe, peut traduire les tracts", "parle arabe, peut traduire les tracts", needArabic, false},
	{"parle turc", "parle turc", needTurkish, false},
	{"prêt à tenir le stand du marché", "prête à tenir le stand du marché", needNothing, false},
}
