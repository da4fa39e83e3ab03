"""Names spelled two ways: one person written differently in two claims ("Han" / "Khan Chuon Naron").

Two names are called variants only when, token by token after transliteration
folding (diacritics, kh/h, q/k, ey/ei, doubled letters...), every aligned pair
is close and at least one differs as written. Closeness is strict on purpose:
short tokens must fold to the same string ("Kim Jong-un" is not "Kim Jong-il"),
a feminine or diminutive ending is a different name ("Alexander"/"Alexandra",
"Daniel"/"Danielle"), and otherwise only vowel changes or one edit in a long
token pass ("Muammar"/"Moammar", "Gaddafi"/"Qaddafi").
"""

from __future__ import annotations

import re
from typing import Iterator

from claimcheck.extract.people import PersonName, Role, fold_token, name_key, name_parts
from claimcheck.model import NAME_VARIANT, PERSON, ROLE, Claim, Finding, Slot
from claimcheck.rules.base import Rule, finding

RULE_ID = "names.variant/1"

# First letters that transliterations swap: Gaddafi/Qaddafi, Usama/Osama, Yevgeny/Evgeny.
_LETTER_CLASSES = ("cgkq", "aeiouy", "fvw", "sz", "ijy")
_CONSONANT_CLASS = str.maketrans({"c": "k", "g": "k", "q": "k", "z": "s", "w": "f", "v": "f"})
_VOWELS = frozenset("aeiouy")
# Names one edit apart that belong to different people: given names, and English
# surnames that are separate families rather than spellings of one.
_DISTINCT = frozenset(
    frozenset(pair.split("/"))
    for pair in """francis/frances jon/john mark/marc carl/karl eric/erik jean/joan jason/mason ellen/helen
    jonas/jonah dennis/denise davis/davies johnson/johnston thomson/thompson hawking/hawkins fisher/fischer
    nichols/nicholls philips/phillips stewart/stuart michel/mitchell peres/perez mathews/matthews
    simons/simmons clark/clarke brown/browne green/greene""".split()
)


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance: edits, with a swap of neighbours counting as one."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _skeleton(word: str) -> str:
    return "".join(c for c in word.translate(_CONSONANT_CLASS) if c not in _VOWELS)


def tokens_close(x: str, y: str, *, alone: bool = False, slips: bool = True) -> bool:
    """Whether two name tokens can be one name spelled two ways ("Sergey"/"Sergei": yes; "Jon"/"John": no).

    `alone` is for a token that stands for the whole name (a surname-only
    mention): with no other token to back it, only a transliteration or (when
    `slips` allows typing slips) one slip in a long word will do.
    """
    fx, fy = fold_token(x), fold_token(y)
    if not fx or not fy or frozenset((x, y)) in _DISTINCT or frozenset((fx, fy)) in _DISTINCT:
        return False
    if fx == fy:
        return not alone or len(fx) >= 6
    if min(len(fx), len(fy)) < 5:
        return False
    if (fx[-1] == "a") != (fy[-1] == "a") or {fx[-3:], fy[-3:]} == {"sen", "son"}:
        return False  # Alexander/Alexandra, Ivanov/Ivanova, Hansen/Hanson
    short, long = sorted((fx, fy), key=len)
    if long.startswith(short):
        return False  # Daniel/Danielle, Simon/Simone, Robert/Roberts
    if fx[0] != fy[0] and not any(fx[0] in c and fy[0] in c for c in _LETTER_CLASSES):
        return False
    if alone and not slips:
        return False
    distance = _osa(fx, fy)
    if not alone and _skeleton(fx) == _skeleton(fy) and distance <= 2:
        return True  # only vowels or sibling consonants differ: Muhammad/Mohammed, Gaddafi/Qaddafi
    return distance <= (1 if len(long) < 10 else 2) and len(short) >= 7


def variant(a: str, b: str, *, slips: bool = True) -> tuple[str, str] | None:
    """The first differing token pair when two names are probably one person spelled two ways, else None.

    None for identical names (up to case, punctuation and particles), for a
    name and a shorter form of it ("Lavrov" / "Sergey Lavrov"), and for names
    of different people ("Ed Miliband" / "David Miliband"). `slips=False`
    accepts only transliterations for a surname-only mention ("Zelensky" /
    "Zelenskyy"), not typing slips ("Nicholas" / "Nicholls"), which are common
    surnames of different people across articles.
    """
    pa, pb = name_parts(a), name_parts(b)
    if not pa or not pb or pa == pb or set(pa) <= set(pb) or set(pb) <= set(pa):
        return None
    short, long = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
    # A shorter form keeps the end of the name ("Lavrov", "Chenda Sophea"), never just a given name.
    window = long[len(long) - len(short):]
    alone = len(short) == 1
    if not all(tokens_close(x, y, alone=alone, slips=slips) for x, y in zip(short, window)):
        return None
    differing = [(x, y) for x, y in zip(short, window) if x != y]
    shared = len(differing) < len(short)
    # With no token in common, every changed token must be long enough to carry evidence.
    if not differing or not (shared or all(min(len(fold_token(x)), len(fold_token(y))) >= 5 for x, y in differing)):
        return None
    x, y = differing[0]
    return (x, y) if short is pa else (y, x)


def same_person(a: str, b: str) -> bool:
    """Whether two names may denote one person: equal, one a shorter form of the other, or a variant."""
    fa = {fold_token(p) for p in name_parts(a)} - {""}
    fb = {fold_token(p) for p in name_parts(b)} - {""}
    if not fa or not fb or fa <= fb or fb <= fa:
        return True
    return variant(a, b) is not None


def sides(a: Claim, b: Claim) -> tuple[str, str]:
    """Where each claim comes from, as an explanation says it ("in the 2022-07-28 article")."""

    def label(claim: Claim) -> str:
        return f"in the {claim.published.isoformat()} article" if claim.published else "in an undated article"

    if a.article == b.article:
        return label(a), "elsewhere in the same article"
    la, lb = label(a), label(b)
    if la == lb:
        return f"{la} ({a.article})", f"{lb} ({b.article})"
    return la, lb


def _as_written(name: str, part: str) -> str:
    for word in re.split(r"[\s\-]+", name):
        if re.sub(r"['’]s$", "", word).strip(".'’,").lower() == part:
            return word
    return part


def _names(claim: Claim) -> list[tuple[Slot, str]]:
    # PERSON slots first: their raw text is the name alone, which is what an editor should see quoted.
    found: dict[str, tuple[Slot, str]] = {}
    for kind in (PERSON, ROLE):
        for slot in claim.slots:
            if slot.kind != kind:
                continue
            if isinstance(slot.value, PersonName):
                name = slot.value.name
            elif isinstance(slot.value, Role):
                name = slot.value.person
            else:
                continue
            found.setdefault(name.casefold(), (slot, name))
    return list(found.values())


def _written(text: str) -> str:
    # As written (case and punctuation aside): folding would make every variant "appear" in the other claim.
    return " " + " ".join(name_parts(text)) + " "


def _check(a: Claim, b: Claim) -> Iterator[Finding]:
    if a.sentence == b.sentence:
        return
    names_a, names_b = _names(a), _names(b)
    if not names_a or not names_b:
        return
    text_a, text_b = _written(a.sentence.text), _written(b.sentence.text)
    seen: set[tuple[str, str]] = set()
    for slot_a, name_a in names_a:
        for slot_b, name_b in names_b:
            # Typing slips in a surname-only mention are trusted inside one article only.
            pair = variant(name_a, name_b, slips=a.article == b.article)
            if pair is None or (name_a.casefold(), name_b.casefold()) in seen:
                continue
            # A claim that also carries the other spelling is talking about both: no call to make.
            if _written(name_a) in text_b or _written(name_b) in text_a:
                continue
            seen.add((name_a.casefold(), name_b.casefold()))
            where_a, where_b = sides(a, b)
            x, y = _as_written(name_a, pair[0]), _as_written(name_b, pair[1])
            how = "fold to the same transliteration" if fold_token(x) == fold_token(y) else "differ by a letter or two"
            subject = max(name_key(name_a), name_key(name_b), key=lambda k: (len(k), k))
            yield finding(
                RULE_ID,
                PERSON,
                NAME_VARIANT,
                subject,
                f"Name spelled two ways: '{name_a}' {where_a} vs '{name_b}' {where_b}; "
                f"'{x}' and '{y}' {how}, so this is probably one person - pick one spelling.",
                (slot_a, slot_b),
                (a, b),
            )


RULES: tuple[Rule, ...] = (
    Rule(
        id=RULE_ID,
        family="names",
        description="One person's name spelled two ways (transliteration or typo), never two different people.",
        check=_check,
    ),
)
