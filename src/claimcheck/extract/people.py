"""People and the offices they hold: ROLE and PERSON slots from a title lexicon and capitalisation.

No NER model is available offline, so a name is taken only where the text itself
marks it as a person's: after a title ("Foreign Minister Prak Sokhonn"), in an
appositive ("Tim Cook, Apple's chief executive,"), after an honorific ("Mr
Lavrov"), next to a speech verb ("said Han Chuon Naron") or when it repeats a
name found that way in the same sentence. Anything else that is capitalised is
left alone: a wrong person is worse than a missing one.

The lexicon (offices, countries, word lists, the title pattern) lives in
claimcheck.extract.people_lexicon.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from claimcheck.extract import place
from claimcheck.extract.people_lexicon import (
    _ABBREVIATIONS, _AMBIGUOUS_TITLES, _APPOSITIVE_CLOSERS, _CHANGE_VERBS, _COUNTRY_ACRONYMS, _COUNTRY_GIVEN_NAMES,
    _COUNTRY_NAMES, _COUNTRY_PHRASES, _COUNTRY_WORDS, _DEMONYMS, _FOLDS, _FUNCTION, _GENERIC_QUALIFIERS,
    _HEADLINE_SMALL, _HONORIFICS, _LEFT_BOUNDARY, _MAX_COUNTRY_LEN, _MONTHS, _NAME_SUFFIXES, _NOT_FIRST, _OFFICES,
    _ORG_LEADER_TITLES, _ORG_NAMES, _ORG_WORDS, _PARTICLES, _PARTICLE_HYPHEN, _PORTFOLIO, _PREDICATE_WORDS, _PREPOSITIONS,
    _QUALIFIER_FILLER, _SHARED_MODIFIERS, _SPACE_RE, _SPEECH_ADVERBS, _SPEECH_VERBS, _SURNAME_TITLES, _TEAM_OFFICES,
    _TEMPORAL, _TITLE_RE, _TITLE_STARTS, _TITLE_WORDS, _TOKEN_RE, _UNDECOMPOSED, _UNIQUE_OFFICES, _WEEKDAYS,
)
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


# --- small helpers -----------------------------------------------------------


def _ascii_fold(text: str) -> str:
    special = text.translate(_UNDECOMPOSED)
    return "".join(c for c in unicodedata.normalize("NFKD", special) if not unicodedata.combining(c))


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


@functools.lru_cache(maxsize=1 << 16)  # the names rule asks it of the same names for every pair
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


def office_label(office: str) -> str:
    """An office key as an editor reads it: "foreign minister|russia" -> "foreign minister (russia)"."""
    base, _, qualifier = office.partition("|")
    return f"{base} ({qualifier})" if qualifier else base


@functools.lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """Place names a capitalised phrase may be rather than a person: (cities of a million or more, of
    100,000 or more), each with the US states and the countries. Read from the place extractor's
    gazetteer, which a run keeps in its cache folder (`place.places_in`)."""
    big, large = set(), set()
    for name, population in place.city_populations().items():
        if population >= 100_000:
            large.add(_ascii_fold(name).lower())
        if population >= 1_000_000:
            big.add(_ascii_fold(name).lower())
    states = {_ascii_fold(s).lower() for s in place.us_state_names()}
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
    while start >= 2 and toks[start - 1].low == "and" and toks[start - 2].low in _TITLE_WORDS:
        start -= 2  # "Satya Nadella, chairman and CEO of Microsoft": the second of two titles
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
        # "chief executive of Apple, Tim Cook", "Satya Nadella, chief executive of Microsoft.":
        # an unknown organisation closed by a comma or the end of an apposition.
        run = _name_at(text, toks, k + 1)
        if run and (run.last == len(toks) or toks[run.last].text in _APPOSITIVE_CLOSERS):
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
        if office in _ORG_LEADER_TITLES and qualifier and qualifier not in _COUNTRY_NAMES and qualifier not in _places()[1]:
            office = "chief executive"  # "Microsoft head Phil Spencer" says he runs Microsoft
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
