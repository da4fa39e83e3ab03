"""Static lexicon for ROLE and PERSON extraction: offices, honorifics, countries, word lists, title regex.

Everything here is vocabulary, built once at import: the offices (and whether
one person holds each at a time), abbreviations, honorifics and portfolios,
countries with their aliases and demonyms, the word lists that tell a name from
an organisation, place or function word, and the title pattern compiled from
them. It is kept apart from claimcheck.extract.people so that the extraction
logic there stays short enough to follow. Names keep their leading underscore:
they are private to the people extractor, which imports them.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Offices: surface phrase -> (canonical office, single holder at a time?).
# "Single holder" matters to the role rule: two different senators are no conflict.
_UNIQUE = """president prime-minister premier chancellor taoiseach first-minister chief-minister
secretary-general general-secretary director-general governor lieutenant-governor mayor lord-mayor
speaker majority-leader minority-leader opposition-leader king emperor empress crown-prince sultan emir
supreme-leader pope chief-of-staff national-security-adviser attorney-general solicitor-general
chief-justice chief-prosecutor district-attorney police-chief chief-constable police-commissioner
commander-in-chief army-chief chief-executive chair boss chief-financial-officer chief-operating-officer
chief-technology-officer chief-economist chief-scientist chief-medical-officer surgeon-general coach
team-principal editor-in-chief rector provost patriarch chief-rabbi grand-mufti press-secretary
secretary-of-state high-representative vice-chancellor"""
_SHARED = """minister minister-of-state minister-without-portfolio secretary cabinet-secretary
permanent-secretary senator congressman congresswoman representative lawmaker legislator councillor
councilor mp leader queen prince princess ayatollah ambassador envoy special-envoy consul
consul-general attaché press-attaché high-commissioner permanent-representative
spokesperson adviser judge justice magistrate prosecutor lawyer attorney commissioner inspector
detective sergeant constable superintendent officer general admiral colonel lieutenant major captain
commander brigadier marshal field-marshal manager general-manager managing-director executive-director
director founder owner analyst economist strategist professor researcher scientist astronomer physicist
biologist chemist epidemiologist virologist astronaut dean lead-author cardinal bishop archbishop imam
rabbi cleric pastor priest editor correspondent reporter journalist columnist striker midfielder
defender goalkeeper keeper winger forward quarterback pitcher batsman bowler driver rider jockey
referee umpire player trainer chef actor actress singer author novelist activist head chief
administrator"""
# Surface forms folded onto one canonical office.
_SYNONYMS = {
    "chief executive officer": "chief executive", "ceo": "chief executive", "chairman": "chair",
    "chairwoman": "chair", "chairperson": "chair", "cfo": "chief financial officer",
    "coo": "chief operating officer", "cto": "chief technology officer", "head coach": "coach",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "advisor": "adviser",
    "national security advisor": "national security adviser", "chief of police": "police chief",
    "goalie": "goalkeeper", "attache": "attaché", "press attache": "press attaché",
}
# Abbreviated titles, matched only when capitalised ("Gen. Petraeus", "Sen Warren").
_ABBREVIATIONS = {
    "gen": "general", "lt": "lieutenant", "col": "colonel", "maj": "major", "capt": "captain",
    "cmdr": "commander", "adm": "admiral", "sgt": "sergeant", "sen": "senator", "rep": "representative",
    "gov": "governor", "pres": "president", "supt": "superintendent", "insp": "inspector",
    "det": "detective", "prof": "professor",
}
_HONORIFICS = _words("mr mrs ms miss mx dr sir dame lord lady rev reverend madame mme monsieur herr frau sheikh")
# Words that turn an office into one of several holders (a deputy, a co-founder).
_SHARED_MODIFIERS = _words("deputy vice assistant associate senior junior co")
# Titles that are also everyday words or given names: they need a 2+ token name
# and, at the start of a sentence without any qualifier, are not trusted at all.
_AMBIGUOUS_TITLES = _words("general major justice speaker marshal dean forward judge bishop cardinal officer chair boss leader head chief keeper player driver owner")

# Portfolio words: "Foreign Minister", "Minister of Foreign Affairs and International Cooperation".
_PORTFOLIO = _words(
    """foreign affairs international cooperation co-operation trade commerce finance finances economy
    economic economics planning development defence defense interior home internal justice health
    education youth sport sports culture cultural tourism labour labor employment social welfare
    agriculture fisheries forestry food rural environment climate energy mines mining petroleum oil gas
    water transport transportation infrastructure public works housing urban communications information
    technology science research innovation industry industrial investment treasury budget women family
    children veterans immigration migration citizenship security homeland intelligence religious
    religion religions cults commonwealth european relations digital telecommunications land lands
    natural resources heritage arts local government regional territories indigenous equality human
    rights constitutional parliamentary legal external higher pensions"""
)

# Countries: canonical | aliases | demonyms. Acronyms are listed upper-case and
# matched case-sensitively so that "us" the pronoun is never the United States.
_COUNTRIES = """afghanistan||afghan;albania||albanian;algeria||algerian;angola||angolan;
argentina||argentine,argentinian;armenia||armenian;australia||australian;austria||austrian;
azerbaijan||azerbaijani,azeri;bahrain||bahraini;bangladesh||bangladeshi;belarus||belarusian;
belgium||belgian;bolivia||bolivian;bosnia and herzegovina|bosnia|bosnian;botswana||;brazil||brazilian;
brunei|brunei darussalam|bruneian;bulgaria||bulgarian;burkina faso||burkinabe;burundi||burundian;
cambodia|kingdom of cambodia,kampuchea|cambodian,khmer;cameroon||cameroonian;canada||canadian;
chile||chilean;china|PRC,people's republic of china|chinese;colombia||colombian;costa rica||costa rican;
croatia||croatian;cuba||cuban;cyprus||cypriot;czech republic|czechia|czech;denmark||danish;
dr congo|DRC,democratic republic of congo,democratic republic of the congo|;ecuador||ecuadorian;
egypt||egyptian;el salvador||salvadoran;eritrea||eritrean;estonia||estonian;ethiopia||ethiopian;
fiji||fijian;finland||finnish;france||french;gabon||gabonese;georgia||georgian;germany||german;
ghana||ghanaian;greece|hellas|greek,hellenic;guatemala||guatemalan;guinea||guinean;haiti||haitian;honduras||honduran;
hungary||hungarian;iceland||icelandic;india||indian;indonesia||indonesian;iran||iranian;iraq||iraqi;
ireland|republic of ireland|irish;israel||israeli;italy||italian;ivory coast|cote d'ivoire|ivorian;
jamaica||jamaican;japan||japanese;jordan||jordanian;kazakhstan||kazakh;kenya||kenyan;kosovo||kosovar;
kuwait||kuwaiti;kyrgyzstan||kyrgyz;laos|lao pdr|laotian,lao;latvia||latvian;lebanon||lebanese;
liberia||liberian;libya||libyan;lithuania||lithuanian;luxembourg||;madagascar||malagasy;malawi||malawian;
malaysia||malaysian;maldives||maldivian;mali||malian;malta||maltese;mauritania||mauritanian;
mexico||mexican;moldova||moldovan;mongolia||mongolian;montenegro||montenegrin;morocco||moroccan;
mozambique||mozambican;myanmar|burma|burmese;namibia||namibian;nepal||nepalese,nepali;
netherlands|holland|dutch;new zealand||;nicaragua||nicaraguan;niger||nigerien;nigeria||nigerian;
north korea|DPRK|north korean;north macedonia|macedonia|macedonian;norway||norwegian;oman||omani;
pakistan||pakistani;palestine||palestinian;panama||panamanian;papua new guinea||;paraguay||paraguayan;
peru||peruvian;philippines||filipino,philippine;poland||polish;portugal||portuguese;qatar||qatari;
romania||romanian;russia|russian federation|russian;rwanda||rwandan;saudi arabia|KSA|saudi;
senegal||senegalese;serbia||serbian;sierra leone||;singapore||singaporean;slovakia||slovak;
slovenia||slovenian;somalia||somali;south africa||south african;south korea|ROK,republic of korea|south korean;
south sudan||south sudanese;spain||spanish;sri lanka||sri lankan;sudan||sudanese;sweden||swedish;
switzerland||swiss;syria||syrian;taiwan||taiwanese;tajikistan||tajik;tanzania||tanzanian;
thailand||thai;timor-leste|east timor,timor leste|timorese;togo||togolese;tunisia||tunisian;
turkey|türkiye,turkiye|turkish;turkmenistan||turkmen;uganda||ugandan;ukraine||ukrainian;
united arab emirates|UAE,emirates|emirati;united kingdom|UK,U.K.,britain,great britain|british;
united states|US,U.S.,USA,U.S.A.,america,united states of america|american;uruguay||uruguayan;
uzbekistan||uzbek;vatican|holy see,vatican city|;venezuela||venezuelan;vietnam|viet nam|vietnamese;
yemen||yemeni;zambia||zambian;zimbabwe||zimbabwean;england||english;scotland||scottish;wales||welsh;
northern ireland||;european union|EU,E.U.|;united nations|UN,U.N.|;nato|NATO|"""


def _country_tables() -> tuple[dict[tuple[str, ...], str], dict[str, str], frozenset[str]]:
    phrases: dict[tuple[str, ...], str] = {}
    acronyms: dict[str, str] = {}
    demonyms: set[str] = set()
    for entry in _COUNTRIES.replace("\n", "").split(";"):
        canon, aliases, dems = entry.split("|")
        for alias in [canon, *filter(None, aliases.split(",")), *filter(None, dems.split(","))]:
            if alias.isupper():
                acronyms[alias] = canon
            else:
                phrases[tuple(alias.split())] = canon
        demonyms.update(filter(None, dems.split(",")))
    return phrases, acronyms, frozenset(demonyms)


_COUNTRY_PHRASES, _COUNTRY_ACRONYMS, _DEMONYMS = _country_tables()
_COUNTRY_WORDS = frozenset(w for p in _COUNTRY_PHRASES for w in p if len(p) == 1) - _DEMONYMS
_MAX_COUNTRY_LEN = max(len(p) for p in _COUNTRY_PHRASES)
# Countries that are also common given names: "Jordan Henderson" is a person.
_COUNTRY_GIVEN_NAMES = _words("jordan chad georgia india israel kenya")
# Words around a country in a qualifier that add nothing: "the Kingdom of Cambodia" is Cambodia.
_QUALIFIER_FILLER = _words("the of kingdom republic federation government state federal people's islamic democratic socialist")
# Qualifiers that name no particular organisation: "club president" is any club's.
_GENERIC_QUALIFIERS = _words(
    """club team party company firm group bank store shop school hospital union league opposition state city
    local regional national federal senior top fellow rival veteran longtime embattled squad side government
    army police court board tournament committee panel festival academy agency department ministry
    organisation organization commission council association prosecuting acting current sitting chief"""
)

_MONTHS = _words("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec")
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
_FUNCTION = _words(
    """the a an this that these those it its he she they we i you his her their our my your him them us me
    who whom whose which what why how where when while if as at in on of for from to by with without within
    into onto upon over under about above below after before since until during despite although though
    however meanwhile moreover furthermore also yet so then now today yesterday tomorrow tonight last next
    earlier later according both each every all some many most several such other another no not only even
    still just here there and but or nor because unless whether than thus therefore hence indeed instead
    otherwise besides nevertheless nonetheless additionally notably specifically namely finally first second
    third one two three four five six seven eight nine ten among between amid against toward towards via per
    across along around behind beyond inside outside near off out up down let do does did is are was were be
    been being has have had will would can could might must should shall please yes dear thanks following
    regarding speaking asked addressing ahead apart aside overall currently recently previously initially
    eventually elsewhere nearly almost approximately perhaps maybe likely certainly clearly sadly fortunately
    unfortunately hopefully mostly largely partly said says told added noted"""
)
# Words that make a capitalised run an organisation, place or event, never a person.
_ORG_WORDS = _words(
    """ministry ministries department office agency bureau commission committee council parliament assembly
    congress senate court tribunal police army navy forces force party union federation association
    organisation organization foundation fund bank group company corporation corp inc ltd plc llc holdings
    industries motors electric airlines airways systems technologies media news times post journal herald
    gazette tribune telegraph mail express standard insight network radio tv television channel studios
    records entertainment club rovers athletic fc government kingdom republic empire state states province
    county district region embassy consulate secretariat declaration initiative programme program project
    report index exchange market summit meeting meetings forum conference convention games cup league
    championship championships olympics olympic festival award awards prize week war agreement treaty act
    charter partnership dialogue sea ocean river lake mountain mountains island islands street road avenue
    square park airport station stadium arena hall palace house tower bridge hospital clinic school college
    university institute centre center museum library church cathedral mosque temple academy society trust
    alliance coalition front movement brigade battalion regiment division command fleet relations studies
    laboratory international global national federal central royal supreme high bay valley coast gulf strait
    canal territory reserve treasury exchequer cabinet presidency kremlin pentagon twitter facebook instagram
    youtube tiktok reuters afp tass xinhua bloomberg getty images photo file credit asia europe africa
    america americas oceania antarctica pacific atlantic arctic eurasia mediterranean caribbean balkans
    christmas easter ramadan eid diwali hanukkah rights watch amnesty capital securities insurance
    financial partners investments pharmaceuticals foods energy resources regional chamber chambers
    authority magazine newspaper website service services enforcement customs action"""
)
_NOT_FIRST = _words("north south east west northern southern eastern western central upper lower greater new old saint st middle far")
# Particles inside names, kept in the name but left out of its key.
_PARTICLES = _words("de da das dos du del della di van von der den ter ten la le bin bint ibn al el abu zu y")
_NAME_SUFFIXES = _words("jr sr ii iii iv v vi")
# Organisations that look exactly like a person's name.
_ORG_NAMES = frozenset({"goldman sachs", "morgan stanley", "dow jones", "rolls royce", "aston villa", "aston martin", "jp morgan", "charles schwab", "wells fargo", "lehman brothers"})

# A title can still name a past, future or would-be holder: then no ROLE is made.
_TEMPORAL = _words("former ex late then outgoing incoming new newly future erstwhile previous retired ousted deposed exiled disgraced would-be designate elect")
# Verbs after which the person named is no longer (or not yet) the holder.
_CHANGE_VERBS = _words("replaced replacing replaces replace succeeded succeeding succeeds succeed sacked fired ousted dismissed toppled deposed defeated impeached unseated overthrew predecessor successor")
# Lowercase words that may stand right before a title without being part of it.
_LEFT_BOUNDARY = (_FUNCTION - {"last", "next", "first", "second", "third"}) | _words(
    """said says told met meets meeting thanked thanks urged urges called calls invited invites visited
    visits welcomed welcomes criticised criticized accused praised praises named appointed elected hired
    quoted quoting quotes asked asks including includes like unlike whom with by reported reports
    confirmed announced joined joins warned wrote interviewed congratulated spoke speaks under led chaired
    hosted hosts received receives greeted briefed say"""
)
_SPEECH_VERBS = _words(
    """said says told tells added adds noted notes stressed stresses explained explains argued argues insisted
    insists warned warns claimed claims stated announced announces emphasised emphasized emphasises
    emphasizes commented comments remarked observed confirmed confirms denied denies wrote writes tweeted
    asked asks replied responded answered acknowledged admitted conceded suggested suggests predicted recalled
    declared reiterated urged urges believes believed"""
)
_SPEECH_ADVERBS = _words("also further later then previously earlier had has recently once")
# What may follow an appositive title: "Tim Cook, Apple's chief executive, said".
_APPOSITIVE_CLOSERS = frozenset({",", ".", ";", ":", ")", "—", "–", "”", '"', "!", "?"})
_PREPOSITIONS = _words("in at on from for after before during since until by under across outside inside near throughout within to with")


def _office_entries() -> dict[str, tuple[str, bool]]:
    entries: dict[str, tuple[str, bool]] = {}
    for block, unique in ((_SHARED, False), (_UNIQUE, True)):
        for word in block.split():
            phrase = word.replace("-", " ")
            entries[phrase] = (phrase, unique)
    for surface, canon in _SYNONYMS.items():
        entries[surface] = (canon, entries[canon][1] if canon in entries else False)
    return entries


_OFFICES = _office_entries()
_UNIQUE_OFFICES = frozenset(canon for canon, unique in _OFFICES.values() if unique)
_TITLE_WORDS = frozenset(w for p in _OFFICES for w in p.split()) | _HONORIFICS | _PORTFOLIO | _SHARED_MODIFIERS
# Surnames that are also titles may end a name ("John Major", "Julie Bishop").
_SURNAME_TITLES = _words("king bishop major judge marshal dean pope chancellor prince cardinal general speaker driver bowler player rider justice")


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(r"[\s\-]+".join(re.escape(w) for w in p.split()) for p in ordered)


_PW = "(?:" + _alternation(sorted(_PORTFOLIO)) + ")"
_PW_PHRASE = rf"{_PW}(?:(?:\s*,\s*|\s+and\s+|\s+&\s+|[\s\-]+){_PW})*"
_PW_SHORT = rf"{_PW}(?:(?:\s+and\s+|\s+&\s+|[\s\-]+){_PW}){{0,3}}"
_TITLE_RE = re.compile(
    r"(?<![\w\-’'])"
    r"(?P<mods>(?:(?:deputy|vice|acting|interim|assistant|associate|senior|junior|co|shadow)[\s\-]+)*)"
    r"(?P<title>"
    rf"minister\s+(?:of|for)\s+(?:the\s+)?(?P<mof>{_PW_PHRASE})"
    rf"|secretary\s+of\s+state\s+for\s+(?:the\s+)?(?P<ssf>{_PW_PHRASE})"
    rf"|secretary\s+of\s+(?:the\s+)?(?P<sof>{_PW_PHRASE})"
    rf"|(?P<pfm>{_PW_SHORT})\s+minister"
    rf"|(?P<pfs>{_PW_SHORT})\s+secretary"
    rf"|(?P<lex>{_alternation(list(_OFFICES))})"
    rf"|(?P<abbr>{'|'.join(_ABBREVIATIONS)})\.?"
    r")(?![\w\-])",
    re.IGNORECASE,
)
_TITLE_STARTS = frozenset(p.split()[0] for p in _OFFICES) | _PORTFOLIO | frozenset(_ABBREVIATIONS) | _words(
    "deputy vice acting interim assistant associate senior junior co shadow minister secretary"
)
# Tokens: initials ("U.S."), words with inner hyphens or apostrophes, and single punctuation marks.
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]\.(?=\s+[^\W\d_])|\w+(?:[\-'’]\w+)*|[^\w\s]")
_SPACE_RE = re.compile(r"\s+")

# Letters that Unicode decomposition leaves alone.
_UNDECOMPOSED = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})

# Spelling variants of transliterated names folded together ("Sergey"/"Sergei", "Qaddafi"/"Kadafi").
_FOLDS = (("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ph", "f"), ("dh", "d"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("ou", "u"))

# Offices of a team: "England coach" names a team, not the country's single holder.
_TEAM_OFFICES = _words("coach boss captain manager")
# Loose titles for whoever runs an organisation: "Microsoft head X" names its chief executive.
_ORG_LEADER_TITLES = _words("head chief")  # not "boss": "Arsenal boss" is the team manager
_COUNTRY_NAMES = frozenset(_COUNTRY_PHRASES.values())

# A particle hyphened to a surname: "al-Assad", "bin-Salman".
_PARTICLE_HYPHEN = re.compile(r"(?:al|el|ad|as|ash|at|ar|an|az|bin|ibn|abu|abd|ben|de|di|da|van|von|d|o)[\-'’]([^\W\d_][\w\-'’]*)")

# Words a Title Case headline leaves in lower case.
_HEADLINE_SMALL = _words("a an the of to in and for at on with from by as")

# Words before "<title>, NAME" that make the title a predicate ("his term as US President, Tony Blair said").
_PREDICATE_WORDS = _words("as than like became become becomes becoming is was were be been being remain remains remained named elected appointed")
