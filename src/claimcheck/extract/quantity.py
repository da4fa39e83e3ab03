"""QUANTITY slots: counts, money, percentages and measurements as intervals in a canonical unit.

A figure becomes a closed interval [low, high] in its dimension's canonical unit
(metres, kilograms, °C, days, ...; money keeps its currency code and is never
converted), so that a hedge ("nearly 400"), a range ("5-10") and a conversion
("5.8 feet" vs "1.77 m") can all be compared by overlap. `step` and `tolerance`
record how precisely the figure was written, so the rules can tell a rounding
("3 million" for 3.2 million) from a disagreement.

Precision first: years, days of the month, clock times, phone numbers, ids
("G20", "COVID-19", "Boeing 737"), ordinals, partitives ("one of the") and
pronoun "one" are never read as quantities, and an ambiguous "m" that is
neither clearly money nor clearly metres is dropped.

The unit tables, word lists and patterns live in claimcheck.extract.quantity_units.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

from claimcheck.extract.quantity_units import (
    ABOUT, AT_LEAST, EXACT, LESS_THAN, MORE_THAN, NEARLY, RANGE, UP_TO, VAGUE, _ADJECTIVES, _AFTER_REJECT, _AGE_RE,
    _AND_JOIN_RE, _ANY_NUMBER_RE, _BARE_TEMP_RE, _BIG_WORDS, _CHANGE_BEFORE_RE, _CURRENCY_PREFIX,
    _CURRENCY_PREFIX_RE, _CURRENCY_WORD_RES, _DAY_UNITS, _DETERMINERS, _DIGITS_RE, _DISPLAY, _DOZEN_RE,
    _FEET_INCHES_RE, _FOLLOW_RE, _FRACTIONS, _FRACTION_RE, _HALF_RE, _HANDFUL_RE, _HEDGE_OF, _HEDGE_RE, _ID_WORDS, _IRREGULAR,
    _JOIN_RE, _LINK, _MAGNITUDE_RE, _MASK_RES, _MEASURE_ADJ, _MEASURING_RE, _METRE_CONTEXT_RE, _NOT_SUBJECTS, _NUMBER_AT_RE,
    _NUMBER_WORDS, _OF_DET_RE, _OK_BEFORE, _ONE_IN_RE, _ONE_NEXT_REJECT, _ONE_PREV_REJECT, _PARTITIVE_RE,
    _PERCENT_RE, _PHONE_RE, _PLURAL_ONLY, _POINTS_RE, _POUNDS_RE, _QUALIFIERS, _QUALIFIER_BEFORE_RE, _SCALES,
    _SCALE_RE, _SCALE_WORDS, _SCORE_AFTER_RE, _SCORE_BEFORE_RE, _SEVERAL_RE, _STOP, _SUFFIX_HEDGE_RE,
    _TEMP_CONTEXT_RE, _TEMP_RE, _TO_RE, _UNIT_OF, _UNIT_RES, _UNIT_WORDS, _Unit, _VAGUE_RE, _WON_RE, _WORD_RE,
)
from claimcheck.model import QUANTITY, Slot
from claimcheck.remember import file_name, recall

INF = math.inf
# Two or more thousands groups: a figure written out to the unit, which a scale word cannot follow.
_WRITTEN_TO_UNIT_RE = re.compile(r"\d{1,3}(?:,\s?\d{3}){2,}")

COUNT, MONEY, PERCENT = "count", "money", "percent"


@dataclass(frozen=True)
class Quantity:
    """A figure as an interval in the canonical unit of its dimension.

    `step` is the rounding the figure shows (400 and 2,500 -> 100, 3.2 million ->
    100,000, 40 -> 1, 1.75 -> 0.01) and `tolerance` the ± its last written digit
    allows (0 for a plain integer count or sum of money, 0.5 for "40%" or "6 feet",
    0.5 million for "3 million"), both in canonical units; `source_unit` is the
    unit as written, so that roundings are compared like with like.
    `unscaled` is set when a scale word follows a figure already written to the
    unit ("8,794,726 million"): the figure the digits state, the scale word
    most likely a slip, so the two readings can be told apart.
    """

    low: float
    high: float
    unit: str
    dimension: str
    hedge: str = EXACT
    step: float = 1.0
    tolerance: float = 0.0
    source_unit: str = ""
    unscaled: float = 0.0


# A figure written with this many significant digits or more is a fingerprint: two articles
# of one story that give it state one fact, whatever words they put around it.
FINGERPRINT_DIGITS = 5


def fingerprint(q: Quantity) -> float:
    """The figure an exact quantity written with `FINGERPRINT_DIGITS` significant digits or more
    states (a slipped "8,794,726 million" by its digits), or 0 when it is not one."""
    exact = q.hedge == EXACT and q.low == q.high and q.step > 0
    size = abs(q.unscaled or q.low)
    return size if exact and size / (q.step if not q.unscaled else 1.0) >= 10 ** (FINGERPRINT_DIGITS - 1) else 0.0


def same_fingerprint(a: Quantity, b: Quantity) -> bool:
    """Whether two figures are one fingerprint figure (24,025,940 and "24,025, 940")."""
    x = fingerprint(a)
    return bool(x) and x == fingerprint(b) and a.unit == b.unit


_MAX_DIGITS = 15  # beyond this a float is no longer the number written


def lemma(word: str) -> str:
    """A noun lowercased and made singular by rule ("casualties" -> "casualty", "people" stays)."""
    w = word.lower().strip("'’").replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "os'")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    return w[:-1]


def _looks_plural(word: str) -> bool:
    w = word.lower()
    return w in _PLURAL_ONLY or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")))


@functools.lru_cache(maxsize=1)
def _units() -> object:
    # Building a pint registry takes most of a second, so only the first conversion pays for it.
    import pint

    return pint.UnitRegistry()


@functools.lru_cache(maxsize=None)
def _affine(src: str, dst: str) -> tuple[float, float]:
    # Every conversion here is affine (°F -> °C has an offset), so two points fix it for good.
    # A run with a cache folder remembers them, and a warm run's new article builds no registry.
    scale, offset = recall(file_name("conversions", "pint"), f"{src}\x1f{dst}", lambda: list(_pint_affine(src, dst)), _is_affine)
    return float(scale), float(offset)


def _is_affine(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)


def _pint_affine(src: str, dst: str) -> tuple[float, float]:
    ureg = _units()
    zero = float(ureg.Quantity(0.0, src).to(dst).magnitude)  # type: ignore[attr-defined]
    one = float(ureg.Quantity(1.0, src).to(dst).magnitude)  # type: ignore[attr-defined]
    return one - zero, zero


def _convert(value: float, src: str, dst: str) -> float:
    if src == dst or math.isinf(value):
        return value
    scale, offset = _affine(src, dst)
    return value * scale + offset


@dataclass
class _Atom:
    start: int
    end: int
    value: float
    step: float
    kind: str  # digits | words | vague | dozen | fraction
    high: float | None = None  # upper bound of a vague atom ("hundreds of")
    scale: float = 1.0  # "three million" is read as 3 x 1e6, like "3 million"


def _digit_step(text: str) -> float:
    digits = text.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1])
    return _int_step(float(digits))


def _int_step(value: float) -> float:
    # Trailing zeros of a figure of three digits or more read as a rounding (170 km against
    # 171, 400, 2,500); "40" may well be exact.
    if value < 100 or value != int(value):
        return 1.0
    s = str(int(value))
    zeros = len(s) - len(s.rstrip("0"))
    return 10.0 ** zeros if zeros >= 1 else 1.0


def _word_value(words: list[str]) -> int | None:
    from text_to_num import text2num

    phrase = " ".join("one" if i == 0 and w == "a" else w for i, w in enumerate(words))
    try:
        return int(text2num(phrase, "en"))
    except (ValueError, IndexError, KeyError):
        return None


def _word_atoms(text: str, taken: list[tuple[int, int]]) -> list[_Atom]:
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    atoms: list[_Atom] = []
    i = 0
    while i < len(tokens):
        s, e, w = tokens[i]
        starts_a = w == "a" and i + 1 < len(tokens) and tokens[i + 1][2] in _BIG_WORDS
        if w not in _NUMBER_WORDS and not starts_a:
            i += 1
            continue
        group = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            gap = text[group[-1][1]:tokens[j][0]]
            nxt = tokens[j][2]
            if gap.strip(" -") or "\n" in gap:
                break
            if nxt == "and" and group[-1][2] in _BIG_WORDS and j + 1 < len(tokens) \
                    and tokens[j + 1][2] in _NUMBER_WORDS and tokens[j + 1][2] not in _BIG_WORDS:
                group.append(tokens[j])
                j += 1
                continue
            if nxt not in _NUMBER_WORDS:
                break
            group.append(tokens[j])
            j += 1
        # The longest prefix text2num accepts; "one two" yields "one", then "two" on its own.
        for k in range(len(group), 0, -1):
            words = [g[2] for g in group[:k] if g[2] != "and"]
            value = _word_value(words)
            if value is not None and group[k - 1][2] != "and":
                a_start, a_end = group[0][0], group[k - 1][1]
                # "three million" is a scaled figure like "3 million"; "two million three
                # hundred thousand" is spelled out exactly.
                scale = float(_NUMBER_WORDS[words[-1]]) if words[-1] in _SCALE_WORDS else 1.0
                if scale > 1 and value % scale:
                    scale = 1.0
                if not any(a_start < te and ts < a_end for ts, te in taken):
                    atoms.append(_Atom(a_start, a_end, value / scale, _int_step(value / scale), "words",
                                       scale=scale))
                i += k
                break
        else:
            i += 1
    return atoms


def _special_atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _VAGUE_RE.finditer(text):
        base = {"dozens": 12, "hundreds": 100, "thousands": 1000, "millions": 1e6, "billions": 1e9}[
            m.group(2).lower()]
        if m.group(1):
            base *= 10 if m.group(1).lower() == "tens" else 100
        low, high = (24, 99) if base == 12 else (2 * base, 10 * base - 1)
        if base == 1000:  # "thousands" is used loosely up to tens of thousands
            high = 99_999
        atoms.append(_Atom(m.start(), m.end(), low, base, "vague", high=high))
    for m in _SEVERAL_RE.finditer(text):
        base = 12 if m.group(1).lower() == "dozen" else _NUMBER_WORDS[m.group(1).lower()]
        atoms.append(_Atom(m.start(), m.end(), 2 * base, base, "vague", high=10 * base - 1))
    for m in _HANDFUL_RE.finditer(text):
        atoms.append(_Atom(m.start(), m.end(), 2, 1, "vague", high=10))
    for m in _DOZEN_RE.finditer(text):
        n = 0.5 if m.group(1) else 1 if not m.group(2) else (
            float(m.group(2)) if m.group(2).isdigit() else _NUMBER_WORDS[m.group(2).lower()])
        atoms.append(_Atom(m.start(), m.end(), 12 * n, 1.0, "dozen"))
    for m in _FRACTION_RE.finditer(text):
        if m.group(3):
            before = text[:m.start()].rstrip().lower()
            if before.endswith(("a", "the", "first", "second", "and")):
                continue
            value = 50.0
        else:
            num = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}[m.group(1).lower()]
            frac = _FRACTIONS[m.group(2).lower().rstrip("s")]
            if num * frac >= 1 or (num > 1 and not m.group(2).lower().endswith("s")):
                continue
            value = 100.0 * num * frac
        atoms.append(_Atom(m.start(), m.end(), value, 1.0, "fraction"))
    for m in _ONE_IN_RE.finditer(text):
        num, den = (g if g.isdigit() else _NUMBER_WORDS[g.lower()] for g in (m.group(1), m.group(2)))
        if 0 < int(num) < int(den):
            atoms.append(_Atom(m.start(), m.end(), 100.0 * int(num) / int(den), 1.0, "fraction"))
    atoms.sort(key=lambda a: (a.start, -a.end))
    kept: list[_Atom] = []
    for a in atoms:
        if not any(a.start < k.end and k.start < a.end for k in kept):
            kept.append(a)
    return kept


def _masked(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for rx in _MASK_RES for m in rx.finditer(text)]
    for m in _PHONE_RE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 8:
            spans.append((m.start(), m.end()))
    return spans


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z][\w.&'’-]*)\s*$", text[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def _is_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?\"“”'‘:;(—–-"


def _digit_atoms(text: str, taken: list[tuple[int, int]]) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _DIGITS_RE.finditer(text):
        s, e, raw = m.start(), m.end(), m.group()
        if any(s < te and ts < e for ts, te in taken):
            continue
        if sum(c.isdigit() for c in raw) > _MAX_DIGITS:
            continue
        nxt = text[e:e + 2]
        if nxt[:1] in (",", ".", ":", "/") and nxt[1:2].isdigit():
            continue  # versions, clock times, fractions like 24/7
        digits = raw.replace(", ", ",")
        if "," in digits and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            digits = digits.replace(",", "")  # lakh grouping: the value, not the grouping, counts
        atoms.append(_Atom(s, e, float(digits.replace(",", "")), _digit_step(digits), "digits"))
    return atoms


@dataclass
class _Reading:
    """A quantity being read: where it is and what has been found so far."""

    start: int
    end: int
    low: float
    high: float
    value: float
    step: float
    hedge: str
    scale: float = 1.0
    unit: _Unit | None = None
    currency: str = ""
    source_unit: str = ""
    scaled: bool = False


def _read_unit(text: str, pos: int, rd: _Reading, sentence: str) -> int:
    """Read a scale word and a unit after a number; return the new end (or -1 to drop the number)."""
    rest = text[pos:]
    m = _SCALE_RE.match(rest)
    if m and (m.group(1).lower() != "k" or rd.currency):
        word = m.group(1).lower()
        if word == "m" and not rd.currency:
            after = rest[m.end():]
            nxt = re.match(r"\s+([A-Za-z]+)", after)
            ends = bool(re.match(r"\s*(?:[.,;:)]|$)", after))
            if _METRE_CONTEXT_RE.match(after) or (ends and _MEASURING_RE.search(sentence)):
                rd.unit, rd.source_unit = _UNIT_OF["meter"], "m"
                return pos + m.end()
            if not ends and not (nxt and _looks_plural(nxt.group(1))):
                return -1  # "a 3.2m wall": neither clearly millions nor clearly metres
        if word != "hundred" or rd.value < 100:
            rd.scale, rd.scaled = _SCALES[word], True
            pos += m.end()
            rest = text[pos:]
    for rx, code in _CURRENCY_WORD_RES:
        cm = rx.match(rest)
        if cm and (code or cm.group().strip().isupper()):
            rd.currency = rd.currency or code or cm.group().strip().replace("RMB", "CNY")
            return pos + cm.end()
    cm = _POUNDS_RE.match(rest) or _WON_RE.match(rest)
    if rd.scaled and cm:
        rd.currency = rd.currency or ("GBP" if "pound" in cm.group().lower() else "KRW")
        return pos + cm.end()
    if rd.currency:
        return pos
    for rx, unit_key in ((_POINTS_RE, "pp"), (_PERCENT_RE, "%")):
        cm = rx.match(rest)
        if cm:
            rd.unit = _Unit("percentage point" if unit_key == "pp" else PERCENT, "", unit_key, unit_key)
            rd.source_unit = unit_key
            return pos + cm.end()
    cm = _TEMP_RE.match(rest)
    if not cm and _TEMP_CONTEXT_RE.search(sentence):
        cm = _BARE_TEMP_RE.match(rest)
    if cm:
        letter = cm.group(1)[0].upper()
        rd.unit = _Unit("temperature", "degF" if letter == "F" else "degC", "degC", "°C")
        rd.source_unit = "°" + letter
        return pos + cm.end()
    cm = _AGE_RE.match(rest)
    if cm:
        rd.unit, rd.source_unit = _Unit("age", "", "year", "years old"), "year"
        return pos + cm.end()
    cm = _MAGNITUDE_RE.match(rest)
    if cm:
        rd.unit, rd.source_unit = _Unit("magnitude", "", "M", "magnitude"), "M"
        return pos + cm.end()
    if rd.scaled:
        return pos
    gap = re.match(r"[\s-]?", rest)
    offset = gap.end() if gap else 0
    for rx, unit in _UNIT_RES:
        cm = rx.match(rest, offset)
        if cm:
            rd.unit, rd.source_unit = unit, cm.group().lower()
            return pos + cm.end()
    cm = _POUNDS_RE.match(rest)
    if cm:
        rd.unit, rd.source_unit = _UNIT_OF["pound"], "pound"
        return pos + cm.end()
    return pos


def _hedge_before(text: str, pos: int) -> tuple[str, int]:
    """The hedge right before `pos` and where it starts."""
    if pos >= 1 and text[pos - 1] == "~":
        return ABOUT, pos - 1
    m = _HEDGE_RE.search(text, max(0, pos - 40), pos)
    if not m:
        return EXACT, pos
    return _HEDGE_OF[re.sub(r"\s+", " ", m.group(1).lower())], m.start()


def _currency_before(text: str, pos: int) -> tuple[str, int]:
    m = _CURRENCY_PREFIX_RE.search(text, max(0, pos - 6), pos)
    if not m:
        return "", pos
    sym = m.group(1) or m.group(2) or m.group(3)
    return _CURRENCY_PREFIX.get(sym, sym.replace("RMB", "CNY")), m.start()


_CHANGE = "change in "


def _second_number(text: str, pos: int, atoms: list[_Atom]) -> _Atom | None:
    """The number a range's second half starts with at `pos`, if any."""
    for a in atoms:
        if a.start == pos and a.kind in ("digits", "words"):
            return a
    m = _NUMBER_AT_RE.match(text, pos)
    if not m or sum(c.isdigit() for c in m.group()) > _MAX_DIGITS:
        return None
    nxt = text[m.end():m.end() + 2]
    if nxt[:1] in (",", ".", ":", "/") and nxt[1:2].isdigit():
        return None
    return _Atom(m.start(), m.end(), float(m.group().replace(",", "")), _digit_step(m.group()), "digits")


def _following(text: str, pos: int, limit: int = 4) -> tuple[list[tuple[str, int, int]], str]:
    """Words right after `pos` up to a function word; and that function word ("" if none)."""
    words: list[tuple[str, int, int]] = []
    while len(words) < limit:
        m = _FOLLOW_RE.match(text, pos)
        if not m:
            return words, ""
        w = m.group(1)
        if w.lower() in _STOP or w.lower() in _NUMBER_WORDS:
            return words, w.lower()
        words.append((w, m.start(1), m.end(1)))
        pos = m.end()
    return words, ""


def _noun_after(text: str, pos: int, rd: _Reading, dimension: str, plural: bool) -> tuple[str, str]:
    """The counted thing after a figure, as (lemma, word as written)."""
    words, stop = _following(text, pos)
    if not words and stop in _DETERMINERS and rd.source_unit == "fraction":
        stop = "of"  # "half the population" is "half of the population"
    if not words and stop == "of" and dimension in (PERCENT, "percentage point", COUNT):
        m = _OF_DET_RE.match(text, pos)
        if m:
            words, _ = _following(text, m.end())
            plural = bool(words) and any(_looks_plural(w) for w, _, _ in words[:3])
    if not words and stop == "in" and dimension == MONEY:
        m = re.match(r"\s+in\b", text[pos:])
        words, _ = _following(text, pos + m.end()) if m else ([], "")
        words = [w for w in words if w[0][:1].islower()]
    if not words or (dimension == "temperature" and words[0][0].lower() not in _MEASURE_ADJ):
        return "", ""
    if plural and dimension == COUNT:
        for i, (w, _, _) in enumerate(words[:3]):
            if _looks_plural(w):
                if w.lower() in _NOT_SUBJECTS:
                    return "", ""  # "2.7 million units", "ten times": a counter, not a thing
                # "50 new cases" and "1,050 total cases" count different things.
                marks = {_QUALIFIERS[x.lower()] for x, _, _ in words[:i] if x.lower() in _QUALIFIERS}
                return " ".join([*sorted(marks), lemma(w)]), w
        return "", ""
    while len(words) > 1 and words[0][0].lower() in _ADJECTIVES:
        words = words[1:]
    first = words[0][0]
    if first.lower() in _MEASURE_ADJ and dimension not in (COUNT, MONEY, PERCENT):
        return _MEASURE_ADJ[first.lower()], ""
    if first.lower().endswith(("ed", "ly")) or first.lower() in _MEASURE_ADJ or first.lower() in _NOT_SUBJECTS:
        return "", ""
    return lemma(first), first


def _noun_before(text: str, pos: int) -> str:
    """What a bare figure measures, from the words before it ("the toll rose to 400" -> "toll")."""
    # Only within the clause: "(86°F)" or "; £1.2 billion" says nothing about the words before.
    clause = re.split(r"[.;:,()\[\]\"“”!?—–]|\d", text[max(0, pos - 80):pos])[-1]
    tokens = re.findall(r"(?<![\w$£€¥])[A-Za-z][A-Za-z'’-]*", clause)
    while tokens and tokens[-1].lower() in _LINK:
        tokens.pop()
    if not tokens:
        return ""
    word = tokens[-1].lower()
    if word in _STOP or word in _ID_WORDS or word in _HEDGE_OF or word in _UNIT_WORDS or word in _NOT_SUBJECTS:
        return ""
    if tokens[-1][0].isupper() and re.search(r"\w", text[: text.rfind(tokens[-1], 0, pos)]):
        return ""  # a name or month ("UK 5%", "November 12"): not what is counted
    return lemma(word)


def _fmt(x: float, sig: bool = False) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if sig and x != 0:
        x = round(x, 2 - int(math.floor(math.log10(abs(x)))))
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{_fmt(x / size)} {name}"
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def _normalized(q: Quantity, value: float, noun: str, converted: bool) -> str:
    pct = "%" if q.unit in ("%", "pp") else ""
    if q.unit == "pp":
        pct = " pp"

    def num(x: float) -> str:
        return _fmt(x, sig=converted) + pct

    # Shown in a unit that suits the size; the canonical value stays in metres or days.
    if q.unit == "meter" and 1000 <= abs(value) and not math.isinf(value):
        q, value = Quantity(q.low / 1000, q.high / 1000, "km", q.dimension, q.hedge), value / 1000
    elif q.unit == "day" and not math.isinf(value):
        name, size = next(((n, z) for n, z in _DAY_UNITS if abs(value) >= z), _DAY_UNITS[-1])
        q, value = Quantity(q.low / size, q.high / size, name, q.dimension, q.hedge), value / size
    lo, hi = _fmt(q.low, sig=converted), num(q.high)
    text = {
        EXACT: num(value), ABOUT: f"≈ {num(value)} ({lo}–{hi})", NEARLY: f"nearly {num(value)} ({lo}–{hi})",
        AT_LEAST: f"≥ {num(q.low)}", MORE_THAN: f"> {num(q.low)}", LESS_THAN: f"< {hi}", UP_TO: f"≤ {hi}",
    }.get(q.hedge, f"{lo}–{hi}")
    if q.dimension == MONEY:
        return f"{q.unit} {text}"
    suffix = noun if q.dimension == COUNT else "" if pct else _DISPLAY.get(q.unit, q.unit)
    return f"{text} {suffix}".strip()


# A bound in news copy sits near its figure: "more than 900 injured" is not 5,000,
# "up to 40,000 fake tickets" is not 2,700 (measured on real news: open-ended
# bounds hid real disagreements). The bound reaches a quarter past the figure.
BOUND_REACH = 1.25


def _interval(value: float, hedge: str, floor: float) -> tuple[float, float]:
    spread = abs(value) * 0.1
    far, near = value * BOUND_REACH, value / BOUND_REACH
    if value < 0:
        far, near = value / BOUND_REACH, value * BOUND_REACH
    return {
        EXACT: (value, value), ABOUT: (value - spread, value + spread), NEARLY: (value - spread, value),
        AT_LEAST: (value, far), MORE_THAN: (value, far),
        LESS_THAN: (max(floor, near), value), UP_TO: (max(floor, near), value),
    }[hedge]


def _rejected_before(text: str, atom: _Atom, currency: str) -> bool:
    """Whether the words before a number make it a name, an id or a pronoun rather than an amount."""
    prev = _prev_word(text, atom.start if not currency else _currency_before(text, atom.start)[1])
    word = text[atom.start:atom.end]
    if atom.kind == "words" and word[:1].isupper() and not _is_sentence_start(text, atom.start):
        return True  # Formula One, Channel Four
    if prev and any(c.isupper() for c in prev) and prev.lower() not in _OK_BEFORE \
            and not prev.endswith(("'s", "’s")) and not currency:
        return True  # Boeing 737, G 20, Apollo 11
    if not currency and prev.lower() in _ID_WORDS:
        return True
    if word.lower() == "one":
        if prev.lower() in _ONE_PREV_REJECT:
            return True
        words, _ = _following(text, atom.end, 1)
        if not words or words[0][0].lower() in _ONE_NEXT_REJECT or words[0][1] != atom.end + 1:
            return True
    return False


def _read_range(text: str, atoms: list[_Atom], atom: _Atom, rd: _Reading, start: int, end: int,
                between: bool) -> tuple[float | None, int] | None:
    """Read the second half of a range ("5-10", "5 to 10 per cent", "between 5 and 10", "$2-3bn").

    Returns the range's top and new end ((None, end) when there is no range),
    or None when the pair is a score or vote split ("won 3-1") to drop entirely.
    """
    join = (_AND_JOIN_RE if between else _JOIN_RE).match(text, end)
    if not join or re.search(r"\bfrom\s+$", text[max(0, start - 6):start], re.I):
        return None, end  # "from 300 to 400" is two figures, not a range
    word = join.group().strip()
    if word == "to" and rd.hedge != EXACT:
        return None, end
    second = _second_number(text, join.end(), atoms)
    if second is None or second.kind != atom.kind:
        return None, end
    rd2 = _Reading(start, second.end, second.value, second.value, second.value, second.step, EXACT,
                   currency=rd.currency, scale=second.scale, scaled=second.scale > 1)
    end2 = _read_unit(text, second.end, rd2, text)
    dash = word in "-–—"
    if dash and (_SCORE_BEFORE_RE.search(text, max(0, start - 30), start)
                 or _SCORE_AFTER_RE.match(text, max(end2, second.end))):
        return None
    same_unit = rd.source_unit == rd2.source_unit or (rd.unit is None and not rd.currency)
    # "rose 2% to 5%" and "rose by 50 to 400" are a change and a level, not a range;
    # "rose 5 to 10 per cent" is a range of changes.
    changed_by = bool(_CHANGE_BEFORE_RE.search(text, max(0, start - 30), start))
    level = word == "to" and ((rd.unit is not None and rd2.unit is None)
                              or (changed_by and not (rd.unit is None and rd2.unit is not None)))
    if end2 < 0 or not same_unit or level:
        return None, end
    if not rd.scaled and rd2.scaled and atom.value * rd2.scale < second.value * rd2.scale:
        rd.scale, rd.scaled = rd2.scale, True  # "2-3 million" scales both ends
    rd.unit, rd.source_unit = rd.unit or rd2.unit, rd.source_unit or rd2.source_unit
    rd.currency = rd.currency or rd2.currency  # "2 to 3 million dollars"
    if second.value * rd2.scale > atom.value * rd.scale:
        return second.value * rd2.scale, end2
    return (None if dash else (None, end))  # "3-1" runs downhill: a score


def _read(text: str, atoms: list[_Atom], i: int) -> tuple[Slot | None, int]:
    """Read the quantity starting at atoms[i]; return its slot (or None) and where reading stopped."""
    atom = atoms[i]
    currency, cur_start = _currency_before(text, atom.start) if atom.kind == "digits" else ("", atom.start)
    if atom.kind in ("digits", "words", "dozen") and _rejected_before(text, atom, currency):
        return None, atom.end
    sign_start = cur_start
    negative = False
    if atom.kind == "digits" and not currency:
        dash = cur_start >= 1 and text[cur_start - 1] in "-−"
        if dash and (cur_start < 2 or not text[cur_start - 2].isalnum()):
            negative, sign_start = True, cur_start - 1
        elif re.search(r"\bminus\s+$", text[max(0, cur_start - 8):cur_start], re.I):
            negative, sign_start = True, text.rindex("minus", 0, cur_start)
    hedge, start = _hedge_before(text, sign_start)
    between = bool(re.search(r"\bbetween\s+$", text[max(0, sign_start - 10):sign_start], re.I))
    if between:
        start = text.rindex("etween", 0, sign_start) - 1
    rd = _Reading(start, atom.end, atom.value, atom.high if atom.high is not None else atom.value,
                  atom.value, atom.step, VAGUE if atom.kind == "vague" else hedge, currency=currency)
    if atom.scale > 1:
        rd.scale, rd.scaled = atom.scale, True
    if atom.kind == "dozen" and hedge == EXACT:
        rd.hedge = ABOUT
    pos = atom.end
    if atom.kind in ("digits", "words") and atom.value == int(atom.value):
        m = _HALF_RE.match(text, pos)
        if m:
            rd.value += 0.5
            rd.low = rd.high = rd.value
            rd.step, pos = 0.5, m.end()
    if atom.kind == "fraction":
        rd.unit, rd.source_unit = _Unit(PERCENT, "", "%", "%"), "fraction"
        end = pos
    else:
        end = _read_unit(text, pos, rd, text)
        if end < 0:
            return None, atom.end
    if end == atom.end and atom.kind == "digits" and (
            text[end:end + 1].isalpha() or (text[end:end + 1] in "-–" and text[end + 1:end + 2].isalpha())):
        return None, end  # 17th, 1990s, 5-star, 737MAX
    high_value: float | None = None
    if atom.kind in ("digits", "words"):
        ranged = _read_range(text, atoms, atom, rd, start, end, between)
        if ranged is None:
            return None, end  # a score or a vote split, not a range
        high_value, end = ranged
    if rd.unit is None and not rd.currency:
        before = _prev_word(text, start).lower()
        if before == "magnitude":  # "a magnitude 6.4 quake"
            rd.unit, rd.source_unit = _Unit("magnitude", "", "M", "magnitude"), "M"
        elif before in ("aged", "ages", "age"):
            rd.unit, rd.source_unit = _Unit("age", "", "year", "years old"), "year"
    elif rd.source_unit in ("ft", "feet", "foot") and high_value is None:
        m = _FEET_INCHES_RE.match(text, end)
        if m:  # 6ft 2in is one height
            rd.value += int(m.group(1)) / 12
            rd.low = rd.high = rd.value
            rd.step, end = 1 / 12, m.end()
    m = _SUFFIX_HEDGE_RE.match(text, end)
    if m and rd.hedge == EXACT and high_value is None:
        rd.hedge = ABOUT if ("so" in m.group().lower() or "odd" in m.group().lower()) else AT_LEAST
        end = m.end()
    after, stop = _following(text, end, 1)
    if stop in _AFTER_REJECT or (after and after[0][0].lower() in _AFTER_REJECT):
        return None, end  # "5 months ago" is a date, the time extractor's business
    return _build(text, atom, rd, start, end, high_value, negative), end


def _build(text: str, atom: _Atom, rd: _Reading, start: int, end: int, high_value: float | None,
           negative: bool) -> Slot | None:
    unit = rd.unit
    if rd.currency:
        dimension, canon, src = MONEY, rd.currency, rd.currency
    elif unit is not None:
        dimension, canon, src = unit.dimension, unit.canonical, rd.source_unit
    else:
        dimension, canon, src = COUNT, "", ""
    if negative and dimension != "temperature":
        return None
    raw_digits = text[atom.start:atom.end]
    if (dimension == COUNT and atom.kind == "digits" and not rd.scaled and re.fullmatch(r"\d{4}", raw_digits)
            and 1800 <= atom.value <= 2100):
        words, _ = _following(text, end, 1)
        if rd.hedge == EXACT or not words or not _looks_plural(words[0][0]):
            return None  # a year
    if dimension == COUNT and high_value is None and _PARTITIVE_RE.match(text, end):
        return None  # "one of the", "three of them"
    if dimension == COUNT and atom.kind == "digits" and not rd.scaled and re.fullmatch(r"\d{3,}", raw_digits):
        words, _ = _following(text, end, 3)
        named = words and words[0][0][:1].isupper() and end < len(text) and text[end] == " "
        counted = any(_looks_plural(w) for w, _, _ in words[:1]) or any(w.islower() and _looks_plural(w) for w, _, _ in words[1:])
        if named and not counted:
            return None  # "the 12841 Coromandel Express", "a 787 Dreamliner": a number that names, not counts
    sign = -1.0 if negative else 1.0
    value = sign * rd.value * rd.scale
    floor = -INF if dimension == "temperature" else 0.0
    if dimension == "duration" and rd.hedge == MORE_THAN and text[start:atom.start].strip().lower() == "over":
        rd.hedge, start = EXACT, atom.start  # "over five years" is a span, not a lower bound
    if high_value is not None:
        low, high, hedge = value, high_value, RANGE
    elif rd.hedge == VAGUE:
        low, high, hedge = rd.low * rd.scale, rd.high * rd.scale, VAGUE
    else:
        low, high = _interval(value, rd.hedge, floor)
        hedge = rd.hedge
    step = rd.step * rd.scale
    place = min(rd.step, 1.0) * rd.scale  # the last digit written, whatever its value
    exact_count = dimension in (COUNT, MONEY) and not rd.scaled and place >= 1 and atom.kind != "fraction"
    tolerance = 3.0 if atom.kind == "fraction" else 0.0 if exact_count else place / 2
    converted = False
    if unit is not None and unit.pint and not rd.currency:
        to = functools.partial(_convert, src=unit.pint, dst=unit.canonical)
        size = abs(to(unit.factor) - to(0.0)) if unit.dimension == "temperature" else to(unit.factor)
        low, high, value = (to(x * unit.factor) if not math.isinf(x) else x for x in (low, high, value))
        step, tolerance = step * size, tolerance * size
        converted = unit.pint != unit.canonical or unit.factor != 1.0
    if not (low <= high) or any(math.isnan(x) for x in (low, high, value)):
        return None
    plural = hedge in (RANGE, VAGUE) or value != 1
    noun, noun_raw = _noun_after(text, end, rd, dimension, plural)
    if not noun:
        noun = _noun_before(text, start)
        if dimension in (COUNT, MONEY, PERCENT) and noun.endswith("ed"):
            noun = ""  # "showed 5%", "exceeded five million": a verb does not say what is counted
    pre = _QUALIFIER_BEFORE_RE.search(text, max(0, start - 20), start)
    if noun and pre and dimension == COUNT and not noun.startswith(_QUALIFIERS[pre.group(1).lower()]):
        noun = f"{_QUALIFIERS[pre.group(1).lower()]} {noun}"  # "a further 50 cases", "a total of 900 cases"
    change = _CHANGE_BEFORE_RE.search(text, max(0, start - 30), start)
    if noun and change and not change.group().lower().startswith(noun):
        noun = _CHANGE + noun  # "rose 4%" is a change, never the level itself
    unscaled = 0.0
    if rd.scaled and atom.kind == "digits" and _WRITTEN_TO_UNIT_RE.fullmatch(raw_digits):
        unscaled = sign * rd.value  # "8,794,726 million": the digits already count the votes one by one
    q = Quantity(low, high, canon, dimension, hedge, step, tolerance, src, unscaled)
    raw = text[start:end]
    normalized = _normalized(q, value, noun_raw, converted or atom.kind == "fraction")
    if unscaled:
        normalized += f" (the digits alone: {_fmt(unscaled)})"
    return Slot(kind=QUANTITY, raw=raw, start=start, end=end, value=q, normalized=normalized, subject=noun)


_MAGNITUDE_HYPHEN_RE = re.compile(r"\bmagnitude-(?=\d)", re.I)


def extract(text: str, published: dt.date | None) -> list[Slot]:
    """QUANTITY slots for every figure in a sentence that is an amount, not a date, time or id."""
    if not text or not _ANY_NUMBER_RE.search(text):
        return []  # most sentences hold no figure at all: skip them cheaply
    # "a magnitude-5.4 quake" is "a magnitude 5.4 quake", not an id like "F-16"; same length, same offsets.
    text = _MAGNITUDE_HYPHEN_RE.sub(lambda m: m.group().replace("-", " "), text)
    masks = _masked(text)
    special = [a for a in _special_atoms(text) if not any(a.start < e and s < a.end for s, e in masks)]
    taken = masks + [(a.start, a.end) for a in special]
    atoms = sorted(special + _digit_atoms(text, taken) + _word_atoms(text, taken), key=lambda a: a.start)
    slots: list[Slot] = []
    done = 0
    for i, atom in enumerate(atoms):
        if atom.start < done:
            continue
        slot, done = _read(text, atoms, i)
        if slot is not None and slot.raw.strip():
            slots.append(slot)
    return _from_to(text, slots)


def _from_to(text: str, slots: list[Slot]) -> list[Slot]:
    # In "rose from 300 to 400 people" or "rose 2% to 5%" both figures measure one
    # thing: the one missing a subject borrows the other's, so a rule sees two
    # figures for it (and declines to pick) instead of a lone, misleading one.
    for i in range(len(slots) - 1):
        old, new = slots[i], slots[i + 1]
        if not (_TO_RE.fullmatch(text, old.end, new.start) and old.value.dimension == new.value.dimension):
            continue
        base = (old.subject or new.subject).removeprefix(_CHANGE)
        if base and not old.subject:
            slots[i] = dataclasses.replace(old, subject=base)
        elif base and not new.subject:
            slots[i + 1] = dataclasses.replace(new, subject=base)
    return slots
