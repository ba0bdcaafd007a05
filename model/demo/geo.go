package demo

import (
	_ "embed"
	"strconv"
	"strings"
)

// communesCSV is every commune of Isère and Rhône (see README in the shared
// data: INSEE code; name; département; postal codes; population; EPCI code;
// EPCI name), from Etalab's official divisions.
//
//go:embed communes-38-69.csv
var communesCSV string

type communeRow struct {
	insee, name, dept string
	postal            []string
	pop               int
	epci              string
}

func parseCommunes() []communeRow {
	var rows []communeRow
	for i, line := range strings.Split(communesCSV, "\n") {
		line = strings.TrimRight(line, "\r")
		if i == 0 || line == "" {
			continue
		}
		f := strings.Split(line, ";")
		if len(f) != 7 {
			panic("demo: bad commune line " + line)
		}
		pop, err := strconv.Atoi(f[4])
		if err != nil {
			panic("demo: bad population in " + line)
		}
		rows = append(rows, communeRow{insee: f[0], name: f[1], dept: f[2], postal: strings.Fields(f[3]), pop: pop, epci: f[6]})
	}
	return rows
}

// ---------------------------------------------------------------------------
// Organisation: federations, sections, cells.

type area uint8

const (
	areaGrenoble area = iota // Grenoble's agglomeration
	areaVoiron
	areaNordIsere
	areaVienne
	areaRuralIsere
	areaLyon
)

// sectionDef describes one section: the communes it covers ("@EPCI name"
// takes every commune of that EPCI in the federation's département not named
// elsewhere), its cells, and what it looks like.
type sectionDef struct {
	name     string
	share    float64 // share of the federation's people
	communes []string
	cells    []cellDef
	cellRate float64 // wanted share of adherents with a cell
	area     area
	rural    bool    // farmers are more common
	diverse  float64 // 0 (mostly old French families) … 1 (popular urban districts)
	landline []string
	hospital string
}

// cellDef is a cell and the places it gathers: "Commune" or "Commune/Quartier".
type cellDef struct {
	name  string
	where []string
}

type fedDef struct {
	code, name string
	of         string // "de l'Isère"
	share      float64
	sections   []sectionDef
}

var grenobleLand = []string{"+33476", "+33476", "+33438", "+33456"}
var iserePlainLand = []string{"+33474"}
var lyonLand = []string{"+33478", "+33472", "+33437"}

var fedDefs = []fedDef{
	{code: "38", name: "Isère", of: "de l'Isère", share: 0.85, sections: []sectionDef{
		{name: "Grenoble", share: 20, communes: []string{"Grenoble"}, area: areaGrenoble, diverse: 0.8,
			landline: grenobleLand, hospital: "CHU Grenoble Alpes", cellRate: 0.6,
			cells: []cellDef{
				{"Villeneuve – Village Olympique", []string{"Grenoble/Villeneuve", "Grenoble/Village Olympique"}},
				{"Mistral – Eaux-Claires", []string{"Grenoble/Mistral", "Grenoble/Eaux-Claires"}},
				{"Teisseire – Abbaye", []string{"Grenoble/Teisseire", "Grenoble/Abbaye", "Grenoble/Jouhaux", "Grenoble/Exposition-Bajatière", "Grenoble/Malherbe"}},
				{"Berriat – Saint-Bruno", []string{"Grenoble/Berriat", "Grenoble/Saint-Bruno", "Grenoble/Europole"}},
				{"Centre – Championnet", []string{"Grenoble/Championnet", "Grenoble/Hyper-centre", "Grenoble/Mutualité", "Grenoble/Grands Boulevards"}},
				{"Île Verte – Saint-Laurent", []string{"Grenoble/Île Verte", "Grenoble/Saint-Laurent"}},
				{"Capuche – Alliés", []string{"Grenoble/Capuche", "Grenoble/Alliés-Alpins"}},
			}},
		{name: "Saint-Martin-d'Hères", share: 9, communes: []string{"Saint-Martin-d'Hères", "Gières", "Poisat", "Venon", "Murianette"},
			area: areaGrenoble, diverse: 0.9, landline: grenobleLand, hospital: "CHU Grenoble Alpes", cellRate: 0.6,
			cells: []cellDef{
				{"Renaudie – Champberton", []string{"Saint-Martin-d'Hères/Renaudie", "Saint-Martin-d'Hères/Champberton", "Saint-Martin-d'Hères/La Plaine"}},
				{"Croix-Rouge – Paul Bert", []string{"Saint-Martin-d'Hères/Croix-Rouge", "Saint-Martin-d'Hères/Paul Bert", "Saint-Martin-d'Hères/Village", "Gières"}},
				{"Portail Rouge", []string{"Saint-Martin-d'Hères/Portail Rouge", "Saint-Martin-d'Hères/Domaine universitaire", "Poisat"}},
			}},
		// The article's section: 22 communes south of Grenoble, two cells.
		{name: "Sud-Grenoblois", share: 16, communes: []string{
			"Échirolles", "Eybens", "Le Pont-de-Claix", "Seyssinet-Pariset", "Seyssins", "Claix",
			"Varces-Allières-et-Risset", "Vif", "Le Gua", "Saint-Paul-de-Varces", "Champagnier", "Jarrie",
			"Champ-sur-Drac", "Brié-et-Angonnes", "Bresson", "Herbeys", "Saint-Georges-de-Commiers",
			"Notre-Dame-de-Commiers", "Miribel-Lanchâtre", "Vaulnaveys-le-Bas", "Vaulnaveys-le-Haut", "Montchaboud"},
			area: areaGrenoble, diverse: 0.8, landline: grenobleLand, hospital: "CHU Grenoble Alpes", cellRate: 0.3,
			cells: []cellDef{
				{"Essarts – Surieux – Village 2", []string{"Échirolles/Village 2", "Échirolles/Essarts", "Échirolles/Surieux"}},
				{"Échirolles Centre – Pont-de-Claix", []string{"Échirolles/Centre-ville", "Échirolles/La Luire", "Échirolles/Village Sud", "Échirolles/La Ponatière", "Le Pont-de-Claix"}},
			}},
		{name: "Fontaine – Saint-Égrève", share: 9, communes: []string{"Fontaine", "Sassenage", "Noyarey", "Veurey-Voroize",
			"Saint-Égrève", "Fontanil-Cornillon", "Saint-Martin-le-Vinoux", "Proveysieux", "Quaix-en-Chartreuse", "Mont-Saint-Martin"},
			area: areaGrenoble, diverse: 0.6, landline: grenobleLand, hospital: "CHU Grenoble Alpes", cellRate: 0.6,
			cells: []cellDef{
				{"Fontaine – Sassenage", []string{"Fontaine", "Sassenage"}},
				{"Saint-Égrève – Saint-Martin-le-Vinoux", []string{"Saint-Égrève", "Saint-Martin-le-Vinoux", "Fontanil-Cornillon"}},
			}},
		{name: "Grésivaudan", share: 7, communes: []string{"Meylan", "La Tronche", "Corenc", "Domène", "Le Sappey-en-Chartreuse", "Sarcenas", "@CC Le Grésivaudan"},
			area: areaGrenoble, diverse: 0.2, landline: grenobleLand, hospital: "CHU Grenoble Alpes", cellRate: 0.6,
			cells: []cellDef{
				{"Meylan – La Tronche", []string{"Meylan", "La Tronche", "Corenc", "Biviers", "Montbonnot-Saint-Martin"}},
				{"Crolles – Villard-Bonnot", []string{"Crolles", "Bernin", "Villard-Bonnot", "Froges", "Le Champ-près-Froges", "Le Versoud", "Domène", "Saint-Ismier", "Saint-Nazaire-les-Eymes", "Lumbin", "La Terrasse", "Saint-Martin-d'Uriage"}},
				{"Pontcharra – Allevard", []string{"Pontcharra", "Allevard", "Le Cheylas", "Goncelin", "Barraux", "Chapareillan", "Le Touvet", "Tencin", "La Buissière", "Sainte-Marie-d'Alloix"}},
			}},
		{name: "Voironnais", share: 7, communes: []string{"@CA du Pays Voironnais", "@CC Coeur de Chartreuse"},
			area: areaVoiron, diverse: 0.3, landline: grenobleLand, hospital: "Centre hospitalier de Voiron", cellRate: 0.6,
			cells: []cellDef{
				{"Voiron", []string{"Voiron", "Coublevie", "La Buisse", "Saint-Cassien", "Saint-Étienne-de-Crossey", "Saint-Aupre"}},
				{"Moirans – Voreppe", []string{"Moirans", "Voreppe", "Saint-Jean-de-Moirans", "Vourey", "Tullins"}},
				{"Rives", []string{"Rives", "Réaumont", "Charnècles", "La Murette", "Saint-Blaise-du-Buis"}},
			}},
		{name: "Sud-Isère", share: 5, communes: []string{"Vizille", "Notre-Dame-de-Mésage", "Saint-Pierre-de-Mésage", "Séchilienne",
			"Saint-Barthélemy-de-Séchilienne", "@CC de la Matheysine", "@CC du Trièves", "@CC de l'Oisans"},
			area: areaRuralIsere, rural: true, diverse: 0.2, landline: grenobleLand, hospital: "CHU Grenoble Alpes", cellRate: 0.6,
			cells: []cellDef{
				{"Vizille", []string{"Vizille", "Notre-Dame-de-Mésage", "Saint-Pierre-de-Mésage", "Séchilienne", "Saint-Barthélemy-de-Séchilienne", "Livet-et-Gavet"}},
				{"La Mure – Matheysine", []string{"La Mure", "Susville", "La Motte-d'Aveillans", "Saint-Honoré", "Pierre-Châtel", "Prunières", "Sousville",
					"Nantes-en-Ratier", "Ponsonnas", "Siévoz", "La Motte-Saint-Martin", "Saint-Théoffrey", "Villard-Saint-Christophe", "Cholonge", "Laffrey", "Saint-Jean-de-Vaulx", "Notre-Dame-de-Vaulx"}},
			}},
		{name: "Nord-Isère", share: 10, communes: []string{"@CA Porte de l'Isère (CAPI)", "@CC Lyon-Saint-Exupéry en Dauphiné", "@CC Les Balcons du Dauphiné", "@CC Collines Isère Nord Communauté"},
			area: areaNordIsere, diverse: 0.5, landline: iserePlainLand, hospital: "Centre hospitalier Pierre-Oudot", cellRate: 0.6,
			cells: []cellDef{
				{"Bourgoin-Jallieu", []string{"Bourgoin-Jallieu", "Ruy-Montceau", "Nivolas-Vermelle", "Domarin", "Maubec", "Saint-Savin", "Meyrié", "Saint-Chef", "Sérézin-de-la-Tour"}},
				{"Villefontaine", []string{"Villefontaine", "Vaulx-Milieu", "La Verpillière", "Saint-Quentin-Fallavier", "Satolas-et-Bonce", "Frontonas", "Roche", "Bonnefamille"}},
				{"L'Isle-d'Abeau", []string{"L'Isle-d'Abeau", "Four", "Saint-Alban-de-Roche", "Saint-Marcel-Bel-Accueil", "Chèzeneuve", "Crachier"}},
				{"Pont-de-Chéruy – Tignieu", []string{"Pont-de-Chéruy", "Charvieu-Chavagneux", "Tignieu-Jameyzieu", "Chavanoz", "Villette-d'Anthon", "Janneyrias", "Anthon", "Saint-Romain-de-Jalionas"}},
			}},
		{name: "Vienne", share: 6, communes: []string{"@CA Vienne Condrieu"},
			area: areaVienne, diverse: 0.5, landline: iserePlainLand, hospital: "Centre hospitalier Lucien-Hussel", cellRate: 0.6,
			cells: []cellDef{
				{"Vienne", []string{"Vienne", "Seyssuel", "Chuzelles", "Jardin"}},
				{"Pont-Évêque – Estrablin", []string{"Pont-Évêque", "Estrablin", "Septème", "Eyzin-Pinet", "Moidieu-Détourbe"}},
				{"Chasse-sur-Rhône", []string{"Chasse-sur-Rhône", "Luzinay", "Villette-de-Vienne", "Serpaize"}},
			}},
		{name: "Pays roussillonnais", share: 4, communes: []string{"@CC Entre Bièvre et Rhône"},
			area: areaVienne, rural: true, diverse: 0.4, landline: iserePlainLand, hospital: "Centre hospitalier Lucien-Hussel", cellRate: 0.6,
			cells: []cellDef{
				{"Roussillon – Le Péage", []string{"Roussillon", "Le Péage-de-Roussillon", "Salaise-sur-Sanne", "Sablons", "Chanas", "Agnin", "Ville-sous-Anjou"}},
				{"Saint-Maurice – Saint-Clair", []string{"Saint-Maurice-l'Exil", "Saint-Clair-du-Rhône", "Les Roches-de-Condrieu", "Saint-Prim", "Saint-Alban-du-Rhône", "Clonas-sur-Varèze", "Auberives-sur-Varèze", "Cheyssieu"}},
			}},
		{name: "Bièvre – Chambaran", share: 2.5, communes: []string{"@CC Bièvre Isère", "@CC de Bièvre Est"},
			area: areaRuralIsere, rural: true, diverse: 0.1, landline: iserePlainLand, hospital: "CHU Grenoble Alpes"},
		{name: "Saint-Marcellin – Vercors", share: 2.5, communes: []string{"@CC Saint-Marcellin Vercors Isère Communauté", "@CC du Massif du Vercors"},
			area: areaRuralIsere, rural: true, diverse: 0.1, landline: grenobleLand, hospital: "Centre hospitalier de Saint-Marcellin", cellRate: 0.6,
			cells: []cellDef{
				{"Saint-Marcellin", []string{"Saint-Marcellin", "Chatte", "Saint-Sauveur", "Saint-Vérand", "Saint-Romans", "Saint-Hilaire-du-Rosier", "Vinay", "L'Albenc"}},
			}},
		{name: "Les Vals du Dauphiné", share: 2, communes: []string{"@CC Les Vals du Dauphiné"},
			area: areaNordIsere, rural: true, diverse: 0.2, landline: iserePlainLand, hospital: "Centre hospitalier Pierre-Oudot", cellRate: 0.6,
			cells: []cellDef{
				{"La Tour-du-Pin", []string{"La Tour-du-Pin", "Saint-Clair-de-la-Tour", "Saint-Jean-de-Soudain", "Cessieu", "Rochetoirin", "Saint-Didier-de-la-Tour",
					"Saint-Victor-de-Cessieu", "La Chapelle-de-la-Tour", "Dolomieu", "Faverges-de-la-Tour", "Sainte-Blandine", "Saint-André-le-Gaz"}},
			}},
	}},
	{code: "69", name: "Rhône", of: "du Rhône", share: 0.15, sections: []sectionDef{
		{name: "Vénissieux – Saint-Fons", share: 25, communes: []string{"Vénissieux", "Saint-Fons", "Feyzin"},
			area: areaLyon, diverse: 1, landline: lyonLand, hospital: "Hospices civils de Lyon", cellRate: 0.6,
			cells: []cellDef{
				{"Minguettes", []string{"Vénissieux/Minguettes"}},
				{"Vénissieux Centre – Parilly", []string{"Vénissieux/Centre", "Vénissieux/Parilly", "Vénissieux/Moulin à Vent", "Vénissieux/Charréard"}},
				{"Saint-Fons", []string{"Saint-Fons"}},
			}},
		{name: "Villeurbanne", share: 25, communes: []string{"Villeurbanne"},
			area: areaLyon, diverse: 0.8, landline: lyonLand, hospital: "Hospices civils de Lyon", cellRate: 0.6,
			cells: []cellDef{
				{"Gratte-Ciel", []string{"Villeurbanne/Gratte-Ciel", "Villeurbanne/Maisons-Neuves", "Villeurbanne/Grandclément"}},
				{"Buers – Croix-Luizet", []string{"Villeurbanne/Buers", "Villeurbanne/Croix-Luizet"}},
				{"Tonkin – Charpennes", []string{"Villeurbanne/Tonkin", "Villeurbanne/Charpennes", "Villeurbanne/Perralière"}},
				{"Cusset – Saint-Jean", []string{"Villeurbanne/Cusset", "Villeurbanne/Saint-Jean", "Villeurbanne/Bonneterre"}},
			}},
		{name: "Lyon 8e", share: 15, communes: []string{"Lyon"},
			area: areaLyon, diverse: 0.6, landline: lyonLand, hospital: "Hospices civils de Lyon", cellRate: 0.6,
			cells: []cellDef{
				{"États-Unis – Mermoz", []string{"Lyon/États-Unis", "Lyon/Mermoz", "Lyon/Moulin à Vent", "Lyon/Laënnec"}},
				{"Monplaisir – Bachut", []string{"Lyon/Monplaisir", "Lyon/Bachut", "Lyon/Grand Trou", "Lyon/Transvaal"}},
			}},
		{name: "Vaulx-en-Velin", share: 15, communes: []string{"Vaulx-en-Velin"},
			area: areaLyon, diverse: 1, landline: lyonLand, hospital: "Hospices civils de Lyon", cellRate: 0.6,
			cells: []cellDef{
				{"Mas du Taureau – Pré de l'Herpe", []string{"Vaulx-en-Velin/Mas du Taureau", "Vaulx-en-Velin/Pré de l'Herpe", "Vaulx-en-Velin/Sauveteurs-Cervelières"}},
				{"Village – Grappinière", []string{"Vaulx-en-Velin/Village", "Vaulx-en-Velin/Grappinière", "Vaulx-en-Velin/Écoin-Thibaude", "Vaulx-en-Velin/Carré de Soie", "Vaulx-en-Velin/Vernay-Verchères"}},
			}},
		{name: "Givors – Grigny", share: 10, communes: []string{"Givors", "Grigny-sur-Rhône"},
			area: areaLyon, diverse: 0.7, landline: lyonLand, hospital: "Hospices civils de Lyon", cellRate: 0.6,
			cells: []cellDef{
				{"Givors – Les Vernes", []string{"Givors"}},
			}},
		{name: "Saint-Priest – Bron", share: 10, communes: []string{"Saint-Priest", "Bron"},
			area: areaLyon, diverse: 0.7, landline: lyonLand, hospital: "Hospices civils de Lyon", cellRate: 0.6,
			cells: []cellDef{
				{"Saint-Priest", []string{"Saint-Priest"}},
				{"Bron – Terraillon", []string{"Bron"}},
			}},
	}},
}

// quartierDef is a neighbourhood of a big commune: its weight in the
// commune's population and, when the commune has several, its postal code.
type quartierDef struct {
	name   string
	weight float64
	postal string
}

var quartierDefs = map[string][]quartierDef{
	"Grenoble": {
		{"Villeneuve", 12, "38100"}, {"Village Olympique", 3, "38100"}, {"Mistral", 3, "38100"}, {"Eaux-Claires", 8, "38100"},
		{"Teisseire", 5, "38100"}, {"Abbaye", 6, "38100"}, {"Jouhaux", 4, "38100"}, {"Exposition-Bajatière", 8, "38100"},
		{"Malherbe", 5, "38100"}, {"Berriat", 10, "38000"}, {"Saint-Bruno", 8, "38000"}, {"Europole", 3, "38000"},
		{"Championnet", 7, "38000"}, {"Hyper-centre", 9, "38000"}, {"Mutualité", 5, "38000"}, {"Grands Boulevards", 8, "38100"},
		{"Île Verte", 9, "38000"}, {"Saint-Laurent", 3, "38000"}, {"Capuche", 8, "38100"}, {"Alliés-Alpins", 7, "38100"},
	},
	"Échirolles": {
		{"Village 2", 6, ""}, {"Essarts", 5, ""}, {"Surieux", 5, ""}, {"Centre-ville", 8, ""}, {"La Luire", 4, ""},
		{"Village Sud", 4, ""}, {"La Ponatière", 3, ""}, {"Les Granges", 3, ""},
	},
	"Le Pont-de-Claix": {{"Centre", 5, ""}, {"Îles de Mars", 3, ""}, {"Les Olympiades", 2, ""}, {"Grand Galet", 2, ""}},
	"Saint-Martin-d'Hères": {
		{"Renaudie", 5, ""}, {"Champberton", 4, ""}, {"La Plaine", 4, ""}, {"Croix-Rouge", 5, ""}, {"Paul Bert", 4, ""},
		{"Village", 4, ""}, {"Portail Rouge", 5, ""}, {"Domaine universitaire", 3, ""},
	},
	"Fontaine":         {{"Alpes-Cachin", 4, ""}, {"Bastille", 3, ""}, {"Floralies", 3, ""}, {"Centre", 5, ""}, {"Portes du Vercors", 2, ""}, {"Vence-Écoles", 3, ""}},
	"Vienne":           {{"Estressin", 4, ""}, {"Malissol", 3, ""}, {"L'Isle", 3, ""}, {"Centre-ville", 6, ""}, {"Saint-Germain", 2, ""}},
	"Bourgoin-Jallieu": {{"Champ-Fleuri", 4, ""}, {"Centre", 6, ""}, {"Jallieu", 4, ""}, {"Pré-Bénit", 2, ""}, {"Boussieu", 2, ""}},
	"Villefontaine":    {{"Saint-Bonnet", 4, ""}, {"Les Roches", 3, ""}, {"Servenoble", 3, ""}, {"Les Fougères", 2, ""}, {"Centre", 3, ""}},
	"L'Isle-d'Abeau":   {{"Saint-Hubert", 3, ""}, {"Trois Vallons", 3, ""}, {"Pierre Louve", 2, ""}, {"Le Bourg", 3, ""}},
	"Voiron":           {{"Baltiss", 3, ""}, {"Brunetière", 2, ""}, {"Centre", 6, ""}, {"Criel", 2, ""}, {"Paviot", 2, ""}, {"Sermorens", 3, ""}},
	"Vénissieux": {
		{"Minguettes", 12, ""}, {"Centre", 8, ""}, {"Parilly", 5, ""}, {"Moulin à Vent", 4, ""}, {"Charréard", 3, ""},
	},
	"Saint-Fons": {{"Arsenal", 3, ""}, {"Clochettes", 3, ""}, {"Carnières", 2, ""}, {"Centre", 4, ""}},
	"Villeurbanne": {
		{"Gratte-Ciel", 12, ""}, {"Maisons-Neuves", 8, ""}, {"Grandclément", 7, ""}, {"Buers", 6, ""}, {"Croix-Luizet", 6, ""},
		{"Tonkin", 7, ""}, {"Charpennes", 9, ""}, {"Perralière", 5, ""}, {"Cusset", 8, ""}, {"Saint-Jean", 4, ""}, {"Bonneterre", 3, ""},
	},
	"Lyon": {
		{"États-Unis", 10, "69008"}, {"Mermoz", 6, "69008"}, {"Moulin à Vent", 5, "69008"}, {"Laënnec", 4, "69008"},
		{"Monplaisir", 10, "69008"}, {"Bachut", 5, "69008"}, {"Grand Trou", 4, "69008"}, {"Transvaal", 4, "69008"},
	},
	"Vaulx-en-Velin": {
		{"Mas du Taureau", 7, ""}, {"Pré de l'Herpe", 4, ""}, {"Sauveteurs-Cervelières", 4, ""}, {"Village", 6, ""},
		{"Grappinière", 4, ""}, {"Écoin-Thibaude", 4, ""}, {"Carré de Soie", 4, ""}, {"Vernay-Verchères", 3, ""},
	},
	"Givors":       {{"Les Vernes", 5, ""}, {"Centre", 6, ""}, {"Canal", 3, ""}, {"Bans", 3, ""}},
	"Saint-Priest": {{"Bel Air", 4, ""}, {"Centre-ville", 6, ""}, {"Garibaldi", 3, ""}, {"Revaison", 3, ""}, {"Manissieux", 3, ""}},
	"Bron":         {{"Terraillon", 4, ""}, {"Parilly", 4, ""}, {"Centre", 6, ""}, {"Rebufer", 3, ""}},
}

// ---------------------------------------------------------------------------
// Circonscriptions (legislative constituencies), one per commune, after the
// 2010 map, approximately: a commune split between two circonscriptions
// (Grenoble, Échirolles, Lyon) is given the one holding most of the
// neighbourhoods the demo uses.

var isereEPCICirco = map[string]int{
	"CC Le Grésivaudan":                           5,
	"CC Coeur de Chartreuse":                      5,
	"CA du Pays Voironnais":                       9,
	"CC Saint-Marcellin Vercors Isère Communauté": 9,
	"CC du Massif du Vercors":                     3,
	"CA Porte de l'Isère (CAPI)":                  10,
	"CC Les Vals du Dauphiné":                     10,
	"CC Lyon-Saint-Exupéry en Dauphiné":           6,
	"CC Les Balcons du Dauphiné":                  6,
	"CC Collines Isère Nord Communauté":           8,
	"CA Vienne Condrieu":                          8,
	"CC Entre Bièvre et Rhône":                    8,
	"CC Bièvre Isère":                             7,
	"CC de Bièvre Est":                            7,
	"CC de la Matheysine":                         4,
	"CC du Trièves":                               4,
	"CC de l'Oisans":                              4,
}

var communeCirco = map[string]int{
	// Isère, Grenoble-Alpes-Métropole
	"Grenoble": 1, "Meylan": 1, "La Tronche": 1, "Corenc": 1,
	"Saint-Martin-d'Hères": 2, "Gières": 2, "Poisat": 2, "Venon": 2, "Murianette": 2, "Eybens": 2, "Échirolles": 2,
	"Brié-et-Angonnes": 2, "Herbeys": 2, "Bresson": 2, "Vaulnaveys-le-Bas": 2, "Vaulnaveys-le-Haut": 2, "Vizille": 2,
	"Jarrie": 2, "Champ-sur-Drac": 2, "Montchaboud": 2, "Notre-Dame-de-Mésage": 2, "Saint-Pierre-de-Mésage": 2,
	"Séchilienne": 2, "Saint-Barthélemy-de-Séchilienne": 2,
	"Fontaine": 3, "Sassenage": 3, "Seyssinet-Pariset": 3, "Seyssins": 3, "Noyarey": 3, "Veurey-Voroize": 3,
	"Le Pont-de-Claix": 4, "Claix": 4, "Vif": 4, "Varces-Allières-et-Risset": 4, "Le Gua": 4, "Saint-Paul-de-Varces": 4,
	"Champagnier": 4, "Saint-Georges-de-Commiers": 4, "Notre-Dame-de-Commiers": 4, "Miribel-Lanchâtre": 4,
	"Saint-Égrève": 5, "Fontanil-Cornillon": 5, "Saint-Martin-le-Vinoux": 5, "Proveysieux": 5, "Quaix-en-Chartreuse": 5,
	"Mont-Saint-Martin": 5, "Domène": 5, "Le Sappey-en-Chartreuse": 5, "Sarcenas": 5,
	// Isère, exceptions to the EPCI's circonscription
	"Saint-Quentin-Fallavier": 6, "La Verpillière": 6, "Satolas-et-Bonce": 6,
	"Beaurepaire": 7, "Jarcieu": 7, "Pact": 7, "Revel-Tourdan": 7, "Primarette": 7, "Pisieu": 7, "Pommier-de-Beaurepaire": 7,
	"Saint-Barthélemy": 7, "Moissieu-sur-Dolon": 7, "Bellegarde-Poussieu": 7, "Saint-Jean-de-Bournay": 8,
	// Rhône
	"Lyon": 3, "Villeurbanne": 6, "Vaulx-en-Velin": 7, "Bron": 7, "Vénissieux": 14, "Saint-Fons": 14, "Feyzin": 14,
	"Saint-Priest": 14, "Givors": 11, "Grigny-sur-Rhône": 11,
}

func ordinal(n int) string {
	if n == 1 {
		return "1re"
	}
	return strconv.Itoa(n) + "e"
}

// ---------------------------------------------------------------------------
// Streets.

// urbanStreets are common in French towns, especially in the left-wing
// suburbs of Grenoble and Lyon.
var urbanStreets = []string{
	"rue Jean Jaurès", "avenue de la République", "rue Victor Hugo", "rue Pasteur", "rue Gabriel Péri",
	"avenue Salvador Allende", "rue Paul Éluard", "allée des Tilleuls", "rue Pablo Neruda", "place de la Liberté",
	"rue Danielle Casanova", "avenue Ambroise Croizat", "rue Lucie Aubrac", "rue Jean Moulin", "boulevard Joliot-Curie",
	"rue Henri Barbusse", "rue Louise Michel", "avenue Marcel Cachin", "rue Pierre Sémard", "rue des Écoles",
	"rue de la Gare", "impasse des Lilas", "rue du Stade", "allée des Peupliers", "rue des Alpes",
	"avenue du 8 Mai 1945", "rue du 19 Mars 1962", "rue Émile Zola", "rue Anatole France", "avenue Paul Vaillant-Couturier",
	"rue Maurice Thorez", "rue Georges Brassens", "rue Jean Macé", "rue Voltaire", "rue Rosa Parks",
	"rue Nelson Mandela", "rue Simone Veil", "rue des Acacias", "rue de la Paix", "rue de la Résistance",
	"rue Condorcet", "rue Lamartine", "rue Aristide Briand", "avenue du Général Leclerc", "boulevard de la Libération",
	"rue Frédéric Mistral", "allée des Cèdres", "rue des Fusillés", "rue Marcel Paul", "rue Youri Gagarine",
	"rue Jules Vallès", "avenue Jean Moulin", "rue du Docteur Calmette", "allée Jean Ferrat", "rue Olympe de Gouges",
	"place du Marché", "rue des Tilleuls", "rue Charles de Gaulle", "rue Jacques Prévert", "rue Elsa Triolet",
	"rue Louis Aragon", "rue Albert Camus", "rue Pierre Brossolette", "avenue de la Paix", "rue du Vercors",
	"rue de Belledonne", "rue de la Chartreuse", "chemin des Prés", "rue des Jardins", "rue Marie Curie",
}

// villageStreets are those of smaller communes.
var villageStreets = []string{
	"route de la Gare", "chemin des Vignes", "chemin du Moulin", "place de l'Église", "rue des Écoles",
	"impasse des Lilas", "chemin de la Croix", "montée du Château", "rue de la Fontaine", "route du Col",
	"lotissement les Érables", "chemin des Prés", "allée des Noyers", "chemin de Bellevue", "rue du Lavoir",
	"place de la Mairie", "route des Étangs", "chemin des Granges", "rue du Stade", "impasse du Verger",
	"grande rue", "rue de l'Église", "route de la Forêt", "chemin du Bois", "allée des Tilleuls",
	"rue Jean Jaurès", "place de la Liberté", "rue de la République", "chemin des Crêtes", "route du Village",
}

// quartierStreets are real streets of some neighbourhoods.
var quartierStreets = map[string][]string{
	"Grenoble/Villeneuve":        {"galerie de l'Arlequin", "avenue Marie Reynoard", "avenue La Bruyère"},
	"Grenoble/Mistral":           {"avenue Rhin et Danube", "rue Anatole France"},
	"Grenoble/Eaux-Claires":      {"rue des Eaux-Claires", "cours de la Libération"},
	"Grenoble/Teisseire":         {"avenue Jean Perrot", "rue Albert Reynier"},
	"Grenoble/Abbaye":            {"avenue Jeanne d'Arc", "rue de Stalingrad"},
	"Grenoble/Jouhaux":           {"avenue Jeanne d'Arc", "avenue Léon Jouhaux"},
	"Grenoble/Malherbe":          {"avenue Malherbe"},
	"Grenoble/Berriat":           {"cours Berriat", "rue Nicolas Chorier", "rue d'Alembert", "rue Ampère"},
	"Grenoble/Saint-Bruno":       {"place Saint-Bruno", "rue Charrel", "rue Abbé Grégoire"},
	"Grenoble/Europole":          {"rue Pierre Sémard", "place Robert Schuman"},
	"Grenoble/Championnet":       {"place Championnet", "rue Thiers", "rue Lesdiguières", "rue Marceau"},
	"Grenoble/Hyper-centre":      {"rue Félix Poulat", "Grande Rue", "rue de Bonne", "rue Alsace-Lorraine"},
	"Grenoble/Mutualité":         {"rue Très-Cloîtres", "boulevard Agutte Sembat"},
	"Grenoble/Île Verte":         {"rue Eugène Faure", "avenue Maréchal Randon"},
	"Grenoble/Saint-Laurent":     {"rue Saint-Laurent", "quai Perrière"},
	"Grenoble/Capuche":           {"rue Charles Testoud", "rue de Stalingrad"},
	"Grenoble/Alliés-Alpins":     {"cours de la Libération", "rue des Alliés"},
	"Grenoble/Grands Boulevards": {"boulevard Joseph Vallier", "boulevard Foch"},
	"Villeurbanne/Gratte-Ciel":   {"avenue Henri Barbusse", "rue Paul Verlaine", "cours Émile Zola"},
	"Vénissieux/Minguettes":      {"avenue Jean Cagne", "boulevard Lénine"},
	"Lyon/États-Unis":            {"boulevard des États-Unis", "avenue Paul Santy"},
	"Lyon/Mermoz":                {"avenue Jean Mermoz"},
	"Lyon/Monplaisir":            {"avenue des Frères Lumière", "rue Saint-Maurice"},
	"Lyon/Bachut":                {"route de Vienne", "avenue Berthelot"},
}
