package demo

import "strings"

// First names, most frequent first, by birth cohort (after INSEE's
// fichier des prénoms).
type cohortNames struct {
	until  int // last birth year of the cohort
	female string
	male   string
}

var frenchFirstNames = []cohortNames{
	{1934,
		"Marie Jeanne Simone Yvonne Madeleine Suzanne Marguerite Germaine Denise Lucienne Odette Paulette Renée Louise Andrée Marcelle Raymonde Juliette Georgette Berthe Henriette",
		"Jean André René Marcel Pierre Louis Roger Georges Henri Robert Paul Maurice Raymond Lucien Joseph Fernand Albert Marius Émile Gaston Léon"},
	{1944,
		"Jacqueline Monique Marie Simone Denise Colette Jeanne Paulette Nicole Yvette Odette Françoise Ginette Josette Huguette Suzanne Andrée Michèle Christiane Micheline Geneviève Madeleine",
		"Jean Michel Pierre André Claude Jacques Bernard René Roger Robert Gérard Marcel Jean-Pierre Daniel Guy Georges Christian Henri Maurice Raymond Jean-Claude Louis Serge"},
	{1954,
		"Monique Françoise Nicole Martine Danielle Michèle Christiane Jacqueline Annie Josiane Colette Marie-Thérèse Chantal Mireille Claudine Brigitte Évelyne Bernadette Christine Marie-Claude Geneviève Josette Élisabeth Dominique Arlette Maryse",
		"Michel Jean-Pierre Alain Gérard Bernard Daniel Jean-Claude Christian Jacques Claude Patrick Jean Pierre Serge Guy Jean-Marie Jean-Louis Jean-Paul Roger René Gilbert Yves Dominique Marc"},
	{1964,
		"Martine Christine Catherine Sylvie Isabelle Françoise Brigitte Chantal Nathalie Patricia Dominique Marie-Christine Véronique Annie Évelyne Pascale Nicole Danielle Joëlle Corinne Marie-France Josiane Fabienne Michèle Mireille Laurence",
		"Philippe Patrick Alain Michel Jean-Pierre Gérard Pascal Thierry Dominique Christian Daniel Éric Didier Bruno Gilles Jean-Luc Serge Bernard Jean-Marc Francis Jean-François Marc Joël Hervé Denis Jean-Michel"},
	{1974,
		"Nathalie Isabelle Sylvie Valérie Sandrine Catherine Véronique Christine Corinne Laurence Karine Florence Stéphanie Patricia Muriel Virginie Pascale Hélène Béatrice Anne Carole Delphine Céline Agnès Sophie",
		"Christophe Stéphane Laurent Frédéric Philippe Pascal Éric Thierry Olivier Franck David Patrick Bruno Jérôme Didier Lionel Sébastien Emmanuel Fabrice Nicolas Hervé Jean-Marc Vincent Yannick"},
	{1984,
		"Céline Aurélie Stéphanie Sandrine Émilie Virginie Julie Élodie Sophie Nathalie Caroline Séverine Karine Delphine Audrey Laetitia Mélanie Christelle Vanessa Sabrina Magali Amandine Marie Anne-Sophie Cécile",
		"Sébastien Nicolas Christophe Julien Cédric Jérôme David Stéphane Guillaume Frédéric Mickaël Olivier Romain Laurent Arnaud Vincent Grégory Ludovic Mathieu Anthony Benjamin Damien Fabien Jonathan Alexandre Yohann"},
	{1994,
		"Julie Émilie Laura Marion Aurélie Pauline Élodie Camille Marine Mélanie Sarah Amandine Anaïs Audrey Manon Charlotte Justine Claire Morgane Jessica Marie Lucie Mathilde Caroline Céline",
		"Nicolas Julien Kevin Maxime Thomas Romain Anthony Alexandre Jérémy Guillaume Mickaël Florian Benjamin Quentin Mathieu Jonathan Antoine Clément Adrien Sébastien Dylan Vincent Pierre Alexis Valentin"},
	{2004,
		"Léa Manon Camille Chloé Marie Laura Sarah Océane Pauline Mathilde Clara Marine Justine Anaïs Emma Julie Lucie Inès Charlotte Margaux Morgane Juliette Lisa Élisa Jade Noémie",
		"Thomas Lucas Hugo Théo Maxime Alexandre Antoine Quentin Nicolas Clément Kevin Valentin Romain Louis Baptiste Enzo Nathan Pierre Mathis Alexis Paul Julien Florian Dylan Corentin Tom"},
	{9999,
		"Emma Léa Manon Chloé Jade Camille Inès Lola Clara Sarah Lilou Zoé Louise Eva Lina Maëlys Juliette Lucie Romane Anaïs Océane Alice Louna Mathilde",
		"Lucas Hugo Théo Enzo Nathan Mathis Louis Tom Clément Noah Jules Raphaël Arthur Maxime Gabriel Ethan Axel Paul Léo Baptiste Timéo Adam Evan Sacha"},
}

// origin is the family background a name suggests, as in Grenoble's and
// Lyon's working-class districts.
type origin uint8

const (
	originFrench origin = iota
	originMaghreb
	originItalian
	originPortuguese
	originSpanish
	originWestAfrican
	originArmenian
	originVietnamese
	originTurkish
	nOrigins
)

// originWeights: [0] elsewhere, [1] popular urban districts.
var originWeights = [nOrigins][2]float64{
	originFrench:      {82, 56},
	originMaghreb:     {5, 18},
	originItalian:     {5, 8},
	originPortuguese:  {3, 5},
	originSpanish:     {1.5, 2.5},
	originWestAfrican: {0.8, 4},
	originArmenian:    {0.8, 2},
	originVietnamese:  {0.5, 1.5},
	originTurkish:     {1, 3},
}

// originFirstNames: names given in the family's tradition, by cohort; the
// share of such names falls with the generation (the rest are French).
type originNames struct {
	until  int
	share  float64 // probability of a name of this list rather than a French one
	female string
	male   string
}

var originFirstNames = [nOrigins][]originNames{
	originMaghreb: {
		{1964, 0.9,
			"Fatima Khadija Aïcha Zohra Malika Yamina Fatiha Djamila Halima Rachida Zoubida Louisa Saliha Zineb",
			"Mohamed Ahmed Ali Abdelkader Mustapha Saïd Brahim Rachid Larbi Belkacem Abdallah Messaoud Omar Lakhdar Tahar"},
		{1984, 0.75,
			"Nadia Samia Karima Farida Leïla Nora Malika Samira Fatiha Saïda Naïma Houria Souad Yasmina Hafida",
			"Karim Farid Nordine Kamel Djamel Samir Rachid Mourad Nabil Hakim Mohamed Sofiane Abdel Mehdi Khaled Malik"},
		{9999, 0.6,
			"Sarah Inès Yasmine Myriam Lina Nawel Amel Sabrina Meriem Imane Sonia Lila Nour Salma Maïssa Kenza Leïla",
			"Mehdi Sofiane Bilal Yanis Rayan Yacine Ilyes Adam Amine Nassim Walid Anis Karim Wassim Ryad Mohamed Younes Samy"},
	},
	originWestAfrican: {
		{1974, 0.85,
			"Aminata Fatoumata Mariam Awa Kadiatou Aïssatou Mariama Hawa Ramatoulaye Coumba",
			"Mamadou Moussa Ousmane Ibrahima Amadou Abdoulaye Boubacar Souleymane Sékou Lamine"},
		{9999, 0.5,
			"Aïssatou Binta Mariama Fatou Awa Aminata Kadidiatou Oumou Djeneba Nafissatou",
			"Moussa Ibrahim Adama Mamadou Issa Cheikh Oumar Ousmane Samba Aliou"},
	},
	originPortuguese: {
		{1964, 0.8,
			"Maria Fernanda Rosa Ana Conceição Lurdes Fátima Isabel Graça Albertina",
			"José Manuel António Joaquim Fernando Carlos Francisco Jorge Mário João"},
		{1979, 0.3,
			"Maria Ana Sandra Paula Cristina Sónia Patrícia Carla Susana Helena",
			"José Carlos Paulo Manuel Luís António Nuno Rui Jorge Pedro"},
	},
	originItalian: {
		{1949, 0.35,
			"Maria Carmela Giuseppina Rosa Anna Angela Concetta Lucia Teresa Antonietta",
			"Giuseppe Antonio Giovanni Salvatore Francesco Vincenzo Angelo Luigi Carmine Mario"},
	},
	originSpanish: {
		{1959, 0.4,
			"Carmen Dolores Pilar Josefa Concepción Isabel Rosario Mercedes Teresa Encarnación",
			"José Manuel Antonio Francisco Juan Miguel Pedro Ángel Jesús Rafael"},
	},
	originArmenian: {
		{1959, 0.3,
			"Anahide Araxie Siranouche Lucine Anouch Nvart Mariné Taline Arpi Chaké",
			"Sarkis Krikor Garabed Haïk Aram Arsène Ara Vahé Hagop Kévork"},
		{9999, 0.15,
			"Anahide Taline Lucine Anouch Nairi Arpi",
			"Aram Ara Vahé Haïk Tigran Armen"},
	},
	originVietnamese: {
		{1964, 0.6,
			"Lan Mai Hoa Linh Thu Hanh Ngoc Huong Thuy Anh",
			"Minh Tuan Hung Thanh Dung Hai Long Phong Quang Huy"},
		{1984, 0.2,
			"Linh Mai Lan Thuy Ngoc Anh",
			"Minh Thanh Tuan Long Huy Quang"},
	},
	originTurkish: {
		{1979, 0.9,
			"Ayşe Fatma Emine Hatice Zeynep Elif Meryem Hülya Sevgi Gülsüm",
			"Mehmet Mustafa Ahmet Ali Hasan Hüseyin Ibrahim Osman Ramazan Yusuf"},
		{9999, 0.65,
			"Elif Merve Büşra Zeynep Esra Ecem Melike Kübra Derya Selin",
			"Emre Burak Mert Can Enes Yusuf Kerem Furkan Onur Berkay"},
	},
}

// Last names, most frequent first.
var lastNames = [nOrigins]string{
	originFrench: "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David " +
		"Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand " +
		"Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez " +
		"Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël " +
		"Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin " +
		"Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard " +
		"Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da Silva Hubert Louis Charles Guillot Rivière Le Gall " +
		"Guillaume Adam Rey Moulin Gonzalez Berger Lecomte Ménard Fleury Deschamps Carpentier Julien Benoît Paris Maillard " +
		"Marchal Aubry Vasseur Le Roux Renault Jacquet Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons " +
		"Paul Laine Carré Breton Rémy Schneider Perrot Guyot Barre Marty Cousin " +
		// Dauphiné and Lyonnais
		"Chabert Achard Reynaud Jullien Vial Buisson Berthet Gonnet Collomb Michallet Gros Allard Jacquier Rostaing " +
		"Chapuis Girerd Jourdan Mollard Pellissier Revol Guillermin Bonnard Charvet Cottaz Bouvier Perret Chevallier " +
		"Ravet Tournier Brunel Gallet Guichard Mounier Argoud Bouchet Jacquemet Bellet Ferrand Rolland Bard Villard " +
		"Chatain Berthier Magnin Vittoz Jallifier Perrier Sibille Cuynat Arnoud " +
		// elsewhere in France, with particles
		"Le Floch Le Goff Le Bihan Le Guen Le Corre Le Bris Kerbrat Le Meur Guégan Le Berre " +
		"D'Aubigné de la Tour Delorme Du Pasquier de Lattre de Vaulx Lavergne",
	originMaghreb: "Benali Belkacem Bensaïd Boudjemaa Haddad Mansouri Amrani Cherif Meziane Brahimi Aït Ahmed Bouzid Saïdi " +
		"Hamidi Kaci Messaoudi Rahmani Slimani Touati Zeroual Djebbar Benyahia Chaouch El Idrissi Ouali Tahri Benmoussa " +
		"Bouchareb Khelifi Larbi Lounis Medjahed Hamdi Boualem Amara Ferhat Ziani Belaïd Nait Ali Bensalem Ghazi " +
		"Bouaziz Chérifi Hadjadj Aouadi Ben Amor El Amrani Benhamou Yahiaoui",
	originItalian: "Rossi Russo Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca Giordano Mancini Rizzo " +
		"Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martinelli Leone Longo Gentile " +
		"Pellegrino Di Marco D'Angelo Mastrototaro Loiodice Tarantini Strippoli Bucci Capozzi Di Bisceglie Patruno " +
		"Tandoi Scaringella Bellini Bertolino Cavallaro Pugliese Sartori Zanetti",
	originPortuguese: "Da Silva Dos Santos Ferreira Pereira Rodrigues Fernandes Gonçalves de Oliveira Costa Martins Lopes " +
		"de Sousa Carvalho Teixeira Almeida Ribeiro Pinto Monteiro Moreira Cardoso Correia Mendes Marques Alves " +
		"Gomes Nunes Soares Vieira Barbosa Coelho",
	originSpanish: "García Martínez López Sánchez Fernández González Pérez Rodríguez Gómez Ruiz Díaz Hernández " +
		"Moreno Muñoz Álvarez Romero Navarro Torres Domínguez Gil Vázquez Serrano Ramos Blanco Molina",
	originWestAfrican: "Diallo Traoré Koné Diop Ndiaye Sow Camara Cissé Touré Sylla Coulibaly Konaté Fofana Sané Ba " +
		"Fall Keïta Doumbia Bamba Gueye Mbaye Kanté Diarra Sissoko Dembélé Sangaré",
	originArmenian: "Petrossian Aznavourian Hagopian Karapetian Manoukian Sarkissian Kevorkian Ohanian Boghossian " +
		"Tachdjian Der Haroutiounian Mardirossian Papazian Minassian Simonian Arakelian Baghdassarian Garabedian",
	originVietnamese: "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ngo Duong Ly Truong Huynh Vo",
	originTurkish: "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt " +
		"Özdemir Polat Erdoğan Güler",
}

// splitNames splits a list of names; multi-word names ("Le Floch",
// "de la Tour", "Da Silva", "Aït Ahmed") are kept whole by joining a
// particle with what follows it.
func splitNames(s string) []string {
	words := strings.Fields(s)
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		for isParticle(w) && i+1 < len(words) {
			i++
			w += " " + words[i]
			if !isParticleTail(words[i]) {
				break
			}
		}
		out = append(out, w)
	}
	return out
}

func isParticle(w string) bool {
	switch w {
	case "Le", "La", "de", "De", "Da", "Dos", "Di", "Du", "Der", "Aït", "Nait", "El", "Ben", "Van", "D'":
		return true
	}
	return strings.HasSuffix(w, " de") || strings.HasSuffix(w, " la") || strings.HasSuffix(w, " De")
}

func isParticleTail(w string) bool {
	switch w {
	case "la", "le":
		return true
	}
	return false
}
