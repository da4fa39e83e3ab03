"""ORDINAL slots: which one of a numbered series a claim names ("the 17th East Asia Summit").

An ordinal is kept only when a noun follows it to say what is being numbered,
so adverbs and idioms ("for the first time", "first of all", "the first to",
"came second") yield nothing. Days of the month ("July 4th", "the 5th of May"),
compounds ("second-largest", "21st-century") and quarters/halves of a year or
game are skipped too. Roman numerals count only right before a capitalised
event noun ("XII Convention"), so "World War II" or "I" never do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claimcheck.model import ORDINAL, Slot


@dataclass(frozen=True)
class Ordinal:
    """The position named by an ordinal: 17 for "17th" or "seventeenth" or "XVII"."""

    n: int


_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
          "eighth": 8, "ninth": 9}
_TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
          "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TENTHS = {k[:-1] + "ieth": v for k, v in _TENS.items()}
_WORD_ORDINALS = {**_UNITS, **_TEENS, **_TENTHS, "hundredth": 100}
_ORDINAL_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<digits>\d{1,4})(?P<suffix>st|nd|rd|th)"
    rf"|(?P<tens>{'|'.join(_TENS)})[\s-](?P<unit>{'|'.join(_UNITS)})"
    rf"|(?P<word>{'|'.join(sorted(_WORD_ORDINALS, key=len, reverse=True))})"
    r")(?![\w])",
    re.I,
)
_ROMAN_RE = re.compile(r"(?<![\w-])(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))(?=\s+[A-Z])")
_MAX_ROMAN = 100
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?$")
_MONTH_AFTER_RE = re.compile(rf"\s+(?:(?:day\s+)?of\s+)?{_MONTH}(?![a-z])")

# Nouns an event series is numbered by: the only thing a Roman numeral may precede.
EVENT_NOUNS = frozenset(
    "summit meeting congress convention conference forum session plenum plenary games olympiad olympics "
    "assembly festival symposium council dialogue edition championship championships tournament expo "
    "biennale ministerial congresses summits meetings conferences".split())
# Numbered by the years since a start date, so the number grows with the calendar.
YEARLY = frozenset({"anniversary", "birthday", "jubilee"})
# Things a person or team collects one at a time: the nth is one definite occasion.
ACHIEVEMENTS = frozenset(
    "title win victory medal gold crown trophy term slam major goal hat-trick pole podium record "
    "championship cup".split())
HEADS = EVENT_NOUNS | YEARLY | ACHIEVEMENTS
# A numbered noun that says nothing about a series: idioms, titles, parts of a year or a game.
_NOT_NUMBERED = frozenset(
    "time times quarter quarters half halves hand lady ladies minister secretary aid glance sight nature "
    "language name opinion thought thoughts class rate instance thing things priority choice person "
    "century centuries grader graders floor cousin cousins lieutenant mate officer gear base".split())
# Words between an ordinal and its noun that do not name the thing numbered.
_MODIFIERS = frozenset(
    "annual consecutive straight successive biennial regular extraordinary special official formal "
    "informal joint international national regional new full major big high-level ministerial "
    "leaders leaders' ordinary plenary".split())
_STOP = frozenset(
    "of in on at from to for with by and or but who which that than as were was are is be been had have "
    "has will would could should may might can said also a an the this these those it its their his her "
    "they we he she there here since until after before over under into about more less while when where "
    "if not no so then ever between among amid against through during toward towards across".split())
_WORD_AFTER_RE = re.compile(r"[ \t]+([A-Za-z][\w'’&.-]*)")
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
_OF_RE = re.compile(
    r"\s+of\s+(?:(?:the|its|their|his|her|our)\s+)?([A-Za-z][\w'’-]*(?:[ \t]+[A-Za-z][\w'’-]*){0,3})")


def _roman(text: str) -> int | None:
    if not text or text == "I":  # the pronoun
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    # No series runs past a few dozen editions; "DC Summit" or "CD Forum" are names.
    return total if 0 < total <= _MAX_ROMAN else None


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, "th")


def _noun_phrase(text: str, pos: int) -> tuple[str, int]:
    """The thing numbered after `pos`, as written, and where it ends ("" when none)."""
    words: list[tuple[str, int]] = []
    while len(words) < 6:
        m = _WORD_AFTER_RE.match(text, pos)
        if not m or m.group(1).lower() in _STOP:
            break
        w = m.group(1).rstrip(".")
        pos = m.start(1) + len(w)
        words.append((w, pos))
    if not words:
        return "", pos
    lowered = [w.lower() for w, _ in words]
    if words[0][0][:1].isupper():
        # A capitalised name, closed perhaps by one lower-case head ("Wimbledon title").
        n = next((i for i, (w, _) in enumerate(words) if not w[:1].isupper()), len(words))
        if n < len(words) and _singular(lowered[n]) in HEADS:
            n += 1
    else:
        # Lower case: up to a known head ("annual shareholder meeting"), else the first noun-ish word.
        n = next((i + 1 for i, w in enumerate(lowered[:4]) if _singular(w) in HEADS), 0)
        if not n:
            n = next((i + 1 for i, w in enumerate(lowered[:3]) if w not in _MODIFIERS), 1)
    words = words[:n]
    return " ".join(w for w, _ in words), words[-1][1]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1] in HEADS and word != "games" else word


def _subject(phrase: str) -> str:
    """The numbered thing normalised: lowercase, possessives and modifiers dropped, singular head."""
    words = [w.lower().replace("’", "'").rstrip("'").removesuffix("'s") for w in phrase.split()]
    if not words[0][:1].isalpha():
        return ""
    words = [w for w in words[:-1] if w not in _MODIFIERS] + [_singular(words[-1])]
    return " ".join(words)


def _qualified(subject: str, text: str, pos: int) -> str:
    """An anniversary named by what it celebrates ("anniversary of the partnership" -> "partnership anniversary").

    Two anniversaries of different things must not be compared, so the "of"
    complement becomes part of the subject.
    """
    m = _OF_RE.match(text, pos)
    if not m:
        return subject
    words = []
    for w in m.group(1).split():
        if w.lower() in _STOP:
            break
        words.append(w.lower().replace("’", "'").removesuffix("'s"))
    return " ".join([*words[:3], subject]) if words else subject


def _day_of_month(text: str, start: int, end: int) -> bool:
    return bool(_MONTH_BEFORE_RE.search(text, max(0, start - 16), start) or _MONTH_AFTER_RE.match(text, end))


def _candidates(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, n, roman) for every ordinal-looking token."""
    found: list[tuple[int, int, int, bool]] = []
    for m in _ORDINAL_RE.finditer(text):
        if m.group("digits"):
            n = int(m.group("digits"))
        elif m.group("tens"):
            n = _TENS[m.group("tens").lower()] + _UNITS[m.group("unit").lower()]
        else:
            n = _WORD_ORDINALS[m.group("word").lower()]
        found.append((m.start(), m.end(), n, False))
    for m in _ROMAN_RE.finditer(text):
        n = _roman(m.group(1))
        if n is not None:
            found.append((m.start(), m.end(), n, True))
    return found


def extract(text: str, published: dt.date | None) -> list[Slot]:
    """ORDINAL slots for every ordinal that numbers a named thing in a sentence."""
    slots: list[Slot] = []
    if not text:
        return slots
    for start, end, n, roman in _candidates(text):
        if n <= 0 or text[end:end + 1] in ("-", "–") or _day_of_month(text, start, end):
            continue
        phrase, phrase_end = _noun_phrase(text, end)
        if not phrase:
            continue
        if re.match(r"[a-z]{3,}est$|most$|least$", phrase.split()[0]):
            continue  # "the second biggest economy" ranks, it does not number
        subject = _subject(phrase)
        head = subject.rsplit(" ", 1)[-1] if subject else ""
        if not head or head in _NOT_NUMBERED or head.rstrip("s") in _NOT_NUMBERED:
            continue
        if roman and not (phrase[:1].isupper() and any(w.lower() in EVENT_NOUNS for w in phrase.split())):
            continue
        if re.match(r"\s+of\s+(?:all|the\s+month)\b", text[phrase_end:], re.I):
            continue
        if head in YEARLY:
            subject = _qualified(subject, text, phrase_end)
        raw = text[start:phrase_end]
        slots.append(Slot(kind=ORDINAL, raw=raw, start=start, end=phrase_end, value=Ordinal(n),
                          normalized=f"{n}{_suffix(n)} {phrase}", subject=subject))
    return slots
