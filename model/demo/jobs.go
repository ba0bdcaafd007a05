package demo

import "fichier/model"

// unionProfile says which unions people of a profession join.
type unionProfile uint8

const (
	unionsWorkers unionProfile = iota
	unionsTeachers
	unionsStudents
	unionsFarmers
	unionsNone // self-employed
)

// job is a profession with its masculine and feminine forms, its INSEE
// group, how common it is among men and women of the file, the employers or
// sectors it is found in ("|"-separated; "38:" or "69:" restricts one to a
// federation; "$…" are resolved per section: $ville the commune's town hall,
// $hop the section's hospital, $univ, $transport, $dep, $metro, $caf, $cpam,
// $sdis), and the interest it hints at.
type job struct {
	m, f   string
	pcs    model.PCS
	wm, wf float64
	emp    string
	hint   string
	unions unionProfile
	farm   bool
}

var jobs = []job{
	// Cadres et professions intellectuelles supérieures
	{"ingénieur", "ingénieure", model.PCSCadres, 5, 2, "38:STMicroelectronics|38:Schneider Electric|38:CEA Grenoble|38:Soitec|38:Air Liquide|Capgemini|EDF|69:Renault Trucks|69:Sanofi|69:Arkema|69:Boiron", "industrie", unionsWorkers, false},
	{"ingénieur d'études", "ingénieure d'études", model.PCSCadres, 1.5, 1.5, "$univ|CNRS|Inria", "", unionsWorkers, false},
	{"chercheur", "chercheuse", model.PCSCadres, 1.5, 1.2, "CNRS|38:CEA Grenoble|Inria|Inserm|$univ", "", unionsWorkers, false},
	{"enseignant-chercheur", "enseignante-chercheuse", model.PCSCadres, 1.5, 1.2, "$univ", "éducation", unionsTeachers, false},
	{"professeur de lycée", "professeure de lycée", model.PCSCadres, 2.5, 3, "Éducation nationale", "éducation", unionsTeachers, false},
	{"professeur de collège", "professeure de collège", model.PCSCadres, 2, 3, "Éducation nationale", "éducation", unionsTeachers, false},
	{"médecin", "médecin", model.PCSCadres, 1, 1, "$hop|centre de santé|médecine libérale", "santé", unionsWorkers, false},
	{"attaché territorial", "attachée territoriale", model.PCSCadres, 1, 1.5, "$ville|$dep|$metro", "services publics", unionsWorkers, false},
	{"cadre administratif", "cadre administrative", model.PCSCadres, 1.5, 1.5, "$hop|$caf|$metro|La Poste|SNCF|Orange", "", unionsWorkers, false},
	{"journaliste", "journaliste", model.PCSCadres, 0.5, 0.5, "38:Le Dauphiné libéré|69:Le Progrès|38:France 3 Alpes|presse", "culture", unionsWorkers, false},
	{"avocat", "avocate", model.PCSCadres, 0.4, 0.5, "38:barreau de Grenoble|69:barreau de Lyon", "", unionsNone, false},
	{"architecte", "architecte", model.PCSCadres, 0.3, 0.3, "", "logement", unionsNone, false},
	{"développeur informatique", "développeuse informatique", model.PCSCadres, 1.5, 0.6, "Capgemini|Sopra Steria|Atos|38:Hewlett Packard Enterprise|69:Cegid", "numérique", unionsWorkers, false},
	{"psychologue", "psychologue", model.PCSCadres, 0.3, 1, "$hop|Éducation nationale", "santé", unionsWorkers, false},
	{"inspecteur du travail", "inspectrice du travail", model.PCSCadres, 0.3, 0.3, "ministère du Travail", "emploi", unionsWorkers, false},

	// Professions intermédiaires
	{"infirmier", "infirmière", model.PCSIntermediaires, 1.5, 7, "$hop|$hop|38:Groupe hospitalier mutualiste|69:Hôpital Saint-Joseph Saint-Luc|EHPAD|exercice libéral", "santé", unionsWorkers, false},
	{"professeur des écoles", "professeure des écoles", model.PCSIntermediaires, 2, 8, "Éducation nationale", "éducation", unionsTeachers, false},
	{"éducateur spécialisé", "éducatrice spécialisée", model.PCSIntermediaires, 1.5, 3, "$dep|protection de l'enfance|médico-social", "jeunesse", unionsWorkers, false},
	{"technicien", "technicienne", model.PCSIntermediaires, 4, 1.5, "38:STMicroelectronics|38:Schneider Electric|38:CEA Grenoble|Orange|EDF|Enedis|69:Renault Trucks|69:Bosch|69:Sanofi", "industrie", unionsWorkers, false},
	{"technicien de maintenance", "technicienne de maintenance", model.PCSIntermediaires, 2, 0.3, "38:Vencorex|38:Arkema|38:Becton Dickinson|69:Renault Trucks|SNCF|métallurgie", "industrie", unionsWorkers, false},
	{"assistant social", "assistante sociale", model.PCSIntermediaires, 0.3, 2.5, "$dep|$caf|$hop", "logement", unionsWorkers, false},
	{"animateur socioculturel", "animatrice socioculturelle", model.PCSIntermediaires, 1.2, 1.8, "$ville|MJC|centre social", "jeunesse", unionsWorkers, false},
	{"conseiller principal d'éducation", "conseillère principale d'éducation", model.PCSIntermediaires, 0.5, 0.8, "Éducation nationale", "éducation", unionsTeachers, false},
	{"contrôleur des finances publiques", "contrôleuse des finances publiques", model.PCSIntermediaires, 0.5, 0.7, "DGFiP", "services publics", unionsWorkers, false},
	{"kinésithérapeute", "kinésithérapeute", model.PCSIntermediaires, 0.5, 0.6, "exercice libéral|$hop", "santé", unionsNone, false},
	{"technicien territorial", "technicienne territoriale", model.PCSIntermediaires, 0.8, 0.4, "$ville|$metro", "services publics", unionsWorkers, false},
	{"agent de maîtrise", "agente de maîtrise", model.PCSIntermediaires, 1, 0.4, "$ville|$metro|SNCF|La Poste", "", unionsWorkers, false},
	{"conducteur de travaux", "conductrice de travaux", model.PCSIntermediaires, 0.8, 0.1, "bâtiment|Eiffage|Vinci Construction", "logement", unionsWorkers, false},
	{"comptable", "comptable", model.PCSIntermediaires, 0.6, 1.4, "cabinet comptable|$caf|commerce", "", unionsWorkers, false},
	{"sage-femme", "sage-femme", model.PCSIntermediaires, 0.05, 0.5, "$hop", "santé", unionsWorkers, false},

	// Employés
	{"aide-soignant", "aide-soignante", model.PCSEmployes, 1, 5, "$hop|$hop|EHPAD", "santé", unionsWorkers, false},
	{"agent territorial", "agente territoriale", model.PCSEmployes, 2, 3, "$ville|$ville|$metro|$dep", "services publics", unionsWorkers, false},
	{"secrétaire", "secrétaire", model.PCSEmployes, 0.3, 4, "$ville|$hop|cabinet médical|Éducation nationale", "", unionsWorkers, false},
	{"facteur", "factrice", model.PCSEmployes, 1.5, 1, "La Poste", "services publics", unionsWorkers, false},
	{"agent de guichet", "agente de guichet", model.PCSEmployes, 0.4, 0.8, "La Poste", "services publics", unionsWorkers, false},
	{"caissier", "caissière", model.PCSEmployes, 0.4, 2.5, "Carrefour|Auchan|Intermarché|Lidl|Casino", "", unionsWorkers, false},
	{"vendeur", "vendeuse", model.PCSEmployes, 1, 2, "commerce|Decathlon|Fnac|Leroy Merlin", "", unionsWorkers, false},
	{"ATSEM", "ATSEM", model.PCSEmployes, 0.05, 1.5, "$ville", "éducation", unionsWorkers, false},
	{"aide à domicile", "aide à domicile", model.PCSEmployes, 0.2, 3, "ADMR|38:ADPA|CCAS", "santé", unionsWorkers, false},
	{"auxiliaire de vie", "auxiliaire de vie", model.PCSEmployes, 0.3, 2, "ADMR|38:ADPA|EHPAD", "handicap", unionsWorkers, false},
	{"assistant maternel", "assistante maternelle", model.PCSEmployes, 0.05, 2, "", "éducation", unionsWorkers, false},
	{"agent de sécurité", "agente de sécurité", model.PCSEmployes, 1.5, 0.3, "sécurité privée", "", unionsWorkers, false},
	{"employé administratif", "employée administrative", model.PCSEmployes, 1, 3, "$caf|$cpam|France Travail|$ville|$dep", "services publics", unionsWorkers, false},
	{"agent commercial SNCF", "agente commerciale SNCF", model.PCSEmployes, 0.8, 0.8, "SNCF", "transports", unionsWorkers, false},
	{"accompagnant d'élèves en situation de handicap", "accompagnante d'élèves en situation de handicap", model.PCSEmployes, 0.2, 1.5, "Éducation nationale", "handicap", unionsTeachers, false},
	{"serveur", "serveuse", model.PCSEmployes, 0.8, 0.8, "restauration", "", unionsWorkers, false},
	{"conseiller clientèle", "conseillère clientèle", model.PCSEmployes, 0.6, 1, "Orange|La Banque postale|Crédit agricole|EDF", "", unionsWorkers, false},
	{"sapeur-pompier professionnel", "sapeuse-pompière professionnelle", model.PCSEmployes, 0.6, 0.1, "$sdis", "services publics", unionsWorkers, false},
	{"agent d'entretien", "agente d'entretien", model.PCSEmployes, 1, 2.5, "$ville|$hop|Éducation nationale|nettoyage", "", unionsWorkers, false},

	// Ouvriers
	{"ouvrier du bâtiment", "ouvrière du bâtiment", model.PCSOuvriers, 3, 0.1, "bâtiment|Eiffage|Vinci Construction|Bouygues Bâtiment", "logement", unionsWorkers, false},
	{"opérateur de production", "opératrice de production", model.PCSOuvriers, 2.5, 1.5, "38:STMicroelectronics|38:Becton Dickinson|38:Vencorex|38:Arkema|38:Caterpillar|69:Renault Trucks|69:Boiron|69:Sanofi|métallurgie|agroalimentaire", "industrie", unionsWorkers, false},
	{"conducteur de bus", "conductrice de bus", model.PCSOuvriers, 2, 0.7, "$transport", "transports", unionsWorkers, false},
	{"chauffeur routier", "chauffeuse routière", model.PCSOuvriers, 1.5, 0.1, "transport routier|Geodis|logistique", "transports", unionsWorkers, false},
	{"cariste", "cariste", model.PCSOuvriers, 1.2, 0.3, "logistique|Geodis|entrepôt logistique", "", unionsWorkers, false},
	{"préparateur de commandes", "préparatrice de commandes", model.PCSOuvriers, 1.2, 0.6, "logistique|entrepôt logistique|grande distribution", "", unionsWorkers, false},
	{"électricien", "électricienne", model.PCSOuvriers, 1.5, 0.1, "bâtiment|Enedis|Spie", "énergie", unionsWorkers, false},
	{"mécanicien", "mécanicienne", model.PCSOuvriers, 1.5, 0.1, "garage automobile|$transport|69:Renault Trucks", "", unionsWorkers, false},
	{"soudeur", "soudeuse", model.PCSOuvriers, 0.7, 0.05, "métallurgie|chaudronnerie", "industrie", unionsWorkers, false},
	{"cuisinier", "cuisinière", model.PCSOuvriers, 1, 0.8, "restauration collective|$ville|Crous|restauration", "", unionsWorkers, false},
	{"jardinier", "jardinière", model.PCSOuvriers, 0.8, 0.3, "$ville|$metro", "écologie", unionsWorkers, false},
	{"agent de propreté", "agente de propreté", model.PCSOuvriers, 0.8, 1, "nettoyage|$metro", "", unionsWorkers, false},
	{"conducteur de train", "conductrice de train", model.PCSOuvriers, 0.8, 0.1, "SNCF", "transports", unionsWorkers, false},
	{"maçon", "maçonne", model.PCSOuvriers, 0.8, 0.01, "bâtiment", "logement", unionsWorkers, false},
	{"ouvrier agricole", "ouvrière agricole", model.PCSOuvriers, 0.3, 0.15, "agriculture", "agriculture", unionsWorkers, true},

	// Artisans, commerçants, chefs d'entreprise
	{"plombier à son compte", "plombière à son compte", model.PCSArtisans, 0.5, 0.03, "", "", unionsNone, false},
	{"commerçant", "commerçante", model.PCSArtisans, 0.6, 0.6, "", "", unionsNone, false},
	{"boulanger", "boulangère", model.PCSArtisans, 0.3, 0.2, "", "", unionsNone, false},
	{"coiffeur indépendant", "coiffeuse indépendante", model.PCSArtisans, 0.1, 0.5, "", "", unionsNone, false},
	{"restaurateur", "restauratrice", model.PCSArtisans, 0.3, 0.2, "", "", unionsNone, false},
	{"chef d'entreprise", "cheffe d'entreprise", model.PCSArtisans, 0.3, 0.1, "bâtiment|services|commerce", "", unionsNone, false},
	{"libraire", "libraire", model.PCSArtisans, 0.15, 0.2, "", "culture", unionsNone, false},
	{"auto-entrepreneur", "auto-entrepreneuse", model.PCSArtisans, 0.4, 0.3, "", "", unionsNone, false},

	// Agriculteurs exploitants
	{"agriculteur", "agricultrice", model.PCSAgriculteurs, 0.3, 0.1, "", "agriculture", unionsFarmers, true},
	{"éleveur", "éleveuse", model.PCSAgriculteurs, 0.15, 0.08, "", "agriculture", unionsFarmers, true},
	{"nuciculteur", "nucicultrice", model.PCSAgriculteurs, 0.04, 0.02, "", "agriculture", unionsFarmers, true},
	{"maraîcher", "maraîchère", model.PCSAgriculteurs, 0.08, 0.06, "", "agriculture", unionsFarmers, true},
	{"viticulteur", "viticultrice", model.PCSAgriculteurs, 0.04, 0.02, "", "agriculture", unionsFarmers, true},
}

// retiredJobs are the ways retired people describe themselves.
var retiredJobs = []job{
	{"retraité", "retraitée", model.PCSRetraites, 40, 40, "", "retraites", unionsWorkers, false},
	{"retraité de la SNCF", "retraitée de la SNCF", model.PCSRetraites, 8, 3, "", "transports", unionsWorkers, false},
	{"retraité de l'Éducation nationale", "retraitée de l'Éducation nationale", model.PCSRetraites, 6, 12, "", "éducation", unionsTeachers, false},
	{"retraité de La Poste", "retraitée de La Poste", model.PCSRetraites, 4, 4, "", "services publics", unionsWorkers, false},
	{"retraité d'EDF-GDF", "retraitée d'EDF-GDF", model.PCSRetraites, 4, 2, "", "énergie", unionsWorkers, false},
	{"retraité de la métallurgie", "retraitée de la métallurgie", model.PCSRetraites, 8, 1, "", "industrie", unionsWorkers, false},
	{"retraité hospitalier", "retraitée hospitalière", model.PCSRetraites, 2, 7, "", "santé", unionsWorkers, false},
	{"retraité de la fonction publique territoriale", "retraitée de la fonction publique territoriale", model.PCSRetraites, 4, 5, "", "services publics", unionsWorkers, false},
	{"retraité du bâtiment", "retraitée du bâtiment", model.PCSRetraites, 4, 0.2, "", "logement", unionsWorkers, false},
	{"ancien agriculteur", "ancienne agricultrice", model.PCSRetraites, 1, 0.6, "", "agriculture", unionsFarmers, true},
	{"retraité de Merlin Gerin", "retraitée de Merlin Gerin", model.PCSRetraites, 3, 1.5, "38:", "industrie", unionsWorkers, false},
	{"retraité de Neyrpic", "retraitée de Neyrpic", model.PCSRetraites, 1.5, 0.3, "38:", "industrie", unionsWorkers, false},
	{"retraité de Rhône-Poulenc", "retraitée de Rhône-Poulenc", model.PCSRetraites, 2, 0.6, "", "industrie", unionsWorkers, false},
	{"retraité de Berliet", "retraitée de Berliet", model.PCSRetraites, 3, 0.5, "69:", "industrie", unionsWorkers, false},
	{"retraité des TCL", "retraitée des TCL", model.PCSRetraites, 1.5, 0.5, "69:", "transports", unionsWorkers, false},
}

// Situations without a profession.
var (
	jobStudent    = job{"étudiant", "étudiante", model.PCSSansActivite, 1, 1, "$univ", "jeunesse", unionsStudents, false}
	jobPupil      = job{"lycéen", "lycéenne", model.PCSSansActivite, 1, 1, "", "jeunesse", unionsStudents, false}
	jobJobless    = job{"demandeur d'emploi", "demandeuse d'emploi", model.PCSSansActivite, 1, 1, "", "emploi", unionsWorkers, false}
	jobHome       = job{"père au foyer", "mère au foyer", model.PCSSansActivite, 0.1, 1, "", "", unionsNone, false}
	jobInvalidity = job{"en invalidité", "en invalidité", model.PCSSansActivite, 1, 1, "", "handicap", unionsWorkers, false}
)

// apprentices: young people learning a trade.
var apprentices = []job{
	{"apprenti électricien", "apprentie électricienne", model.PCSOuvriers, 2, 0.2, "bâtiment", "", unionsWorkers, false},
	{"apprenti cuisinier", "apprentie cuisinière", model.PCSOuvriers, 1.5, 1, "restauration", "", unionsWorkers, false},
	{"apprenti coiffeur", "apprentie coiffeuse", model.PCSEmployes, 0.4, 2, "", "", unionsWorkers, false},
	{"apprenti mécanicien", "apprentie mécanicienne", model.PCSOuvriers, 1.5, 0.1, "garage automobile", "", unionsWorkers, false},
	{"apprenti maçon", "apprentie maçonne", model.PCSOuvriers, 1, 0.02, "bâtiment", "", unionsWorkers, false},
}
