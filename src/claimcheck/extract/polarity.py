"""POLARITY slots: whether a sentence affirms, negates or hedges a known event verb.

Lexical and cheap: a small lexicon of news predicates (attend, confirm, invite,
sign, win, resign, die...) with their inflections and nominalisations, and a
backward window of cue words inside the predicate's clause: negations ("not",
"n't", "never", "no", "without", "failed to", "refused to", "denied") and hedges
("may", "is expected to", "likely", "reportedly", "whether"). A predicate is
emitted only when its polarity is clear: a finite verb with no cue is
"affirmed"; an infinitive or a noun needs a cue ("refused to attend", "no
invitation"); two negations cancel into doubt and emit nothing.

Slot.subject is the event key: "attend" for attend / participate / take part /
attendance, "invite" for invite / invitation and for receiving an invitation,
and for "confirm" the key of what is confirmed ("confirmed that he will attend"
-> "attend"), else "confirm <object>".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

from claimcheck.model import POLARITY, Slot

AFFIRMED = "affirmed"
NEGATED = "negated"
UNCERTAIN = "uncertain"

# Predicates that report on another event rather than being one.
META_PREDICATES = frozenset({"confirm", "receive", "announce"})


@dataclass(frozen=True)
class Polarity:
    """The polarity of one predicate; `predicate` is its lemma ("attend", "confirm")."""

    polarity: str
    predicate: str


FINITE = "finite"  # attended, attends, won: a tensed or participle form
BASE = "base"  # attend, win: an infinitive, or a noun ("a win")
ING = "ing"  # attending
NOUN = "noun"  # attendance, invitation

# lemma -> (event key, forms by kind). Irregular forms are spelled out.
_LEXICON: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "attend": ("attend", {FINITE: ("attended", "attends"), BASE: ("attend",), ING: ("attending",),
                          NOUN: ("attendance",)}),
    "participate": ("attend", {FINITE: ("participated", "participates"), BASE: ("participate",),
                               ING: ("participating",), NOUN: ("participation",)}),
    "confirm": ("confirm", {FINITE: ("confirmed", "confirms"), BASE: ("confirm",), ING: ("confirming",),
                            NOUN: ("confirmation",)}),
    "invite": ("invite", {FINITE: ("invited", "invites"), BASE: ("invite",), ING: ("inviting",),
                          NOUN: ("invitation", "invitations")}),
    "receive": ("receive", {FINITE: ("received", "receives"), BASE: ("receive",), ING: ("receiving",)}),
    "sign": ("sign", {FINITE: ("signed", "signs"), BASE: ("sign",), ING: ("signing",)}),
    "approve": ("approve", {FINITE: ("approved", "approves"), BASE: ("approve",), ING: ("approving",),
                            NOUN: ("approval",)}),
    "win": ("win", {FINITE: ("won", "wins"), BASE: ("win",), ING: ("winning",)}),
    "resign": ("resign", {FINITE: ("resigned", "resigns"), BASE: ("resign",), ING: ("resigning",),
                          NOUN: ("resignation",)}),
    "die": ("die", {FINITE: ("died", "dies"), BASE: ("die",), ING: ("dying",), NOUN: ("death", "deaths")}),
    "kill": ("kill", {FINITE: ("killed", "kills"), BASE: ("kill",)}),
    "injure": ("injure", {FINITE: ("injured", "injures"), BASE: ("injure",)}),
    "arrest": ("arrest", {FINITE: ("arrested",), BASE: ("arrest",), ING: ("arresting",)}),
    "charge": ("charge", {FINITE: ("charged",), BASE: ("charge",)}),
    "convict": ("convict", {FINITE: ("convicted",), BASE: ("convict",), NOUN: ("conviction",)}),
    "accept": ("accept", {FINITE: ("accepted", "accepts"), BASE: ("accept",), ING: ("accepting",)}),
    "agree": ("agree", {FINITE: ("agreed", "agrees"), BASE: ("agree",)}),
    "announce": ("announce", {FINITE: ("announced", "announces"), BASE: ("announce",),
                              ING: ("announcing",)}),
    "visit": ("visit", {FINITE: ("visited", "visits"), BASE: ("visit",), ING: ("visiting",)}),
    "elect": ("elect", {FINITE: ("elected",), BASE: ("elect",)}),
    "release": ("release", {FINITE: ("released",), BASE: ("release",)}),
    "ban": ("ban", {FINITE: ("banned", "bans"), BASE: ("ban",)}),
    "ratify": ("ratify", {FINITE: ("ratified", "ratifies"), BASE: ("ratify",), NOUN: ("ratification",)}),
    "cancel": ("cancel", {FINITE: ("cancelled", "canceled", "cancels"), BASE: ("cancel",),
                          NOUN: ("cancellation",)}),
    "postpone": ("postpone", {FINITE: ("postponed", "postpones"), BASE: ("postpone",)}),
    "launch": ("launch", {FINITE: ("launched",), BASE: ("launch",)}),
    "admit": ("admit", {FINITE: ("admitted", "admits"), BASE: ("admit",)}),
    "survive": ("survive", {FINITE: ("survived", "survives"), BASE: ("survive",)}),
}
_TAKE = frozenset({"take", "takes", "took", "taken", "taking"})
_TAKE_KIND = {"take": BASE, "takes": FINITE, "took": FINITE, "taken": FINITE, "taking": ING}

_FORMS: dict[str, tuple[str, str]] = {
    form: (lemma, kind) for lemma, (_, by_kind) in _LEXICON.items() for kind, forms in by_kind.items()
    for form in forms
}
_KEYS = {lemma: key for lemma, (key, _) in _LEXICON.items()}
_FORM_RE = re.compile(r"(?i)\b(?:" + "|".join(sorted([*_FORMS, "part"], key=len, reverse=True)) + r")\b")

# Cue words, with how many words back they may stand from the predicate.
_NEGATIONS = {
    "not": 4, "never": 4, "no": 3, "none": 3, "nobody": 4, "nothing": 4, "neither": 4, "nor": 3,
    "without": 3,
    "failed": 4, "fail": 4, "fails": 4, "failing": 4, "refused": 4, "refuse": 4, "refuses": 4,
    "refusing": 4, "declined": 4, "decline": 4, "declines": 4, "unable": 3, "denied": 3,
    "denies": 3, "deny": 3, "yet": 3,
}
# "no" reaches further over a noun phrase onto a participle or noun:
# "no positive response received from Moscow confirming the participation".
_NO_REACH = 8
_HEDGES = {
    "may": 4, "might": 4, "could": 4, "would": 4, "likely": 4, "unlikely": 4, "possibly": 4,
    "probably": 4, "perhaps": 4, "reportedly": 6, "allegedly": 6, "expected": 5, "expects": 5,
    "plans": 5, "planned": 5, "planning": 5, "intends": 5, "intended": 5, "hopes": 5, "hoped": 5,
    "hoping": 5, "aims": 5, "seeks": 5, "considering": 5, "rumoured": 5, "rumored": 5,
    "suspected": 5, "scheduled": 5, "supposed": 5, "believed": 5, "possible": 3, "uncertain": 5,
    "unclear": 6, "whether": 6, "if": 6,
    # Ability and plans are not facts: "he knows he cannot win", "is not going to be released".
    "cannot": 3, "can't": 3, "couldn't": 3, "wouldn't": 3, "going": 3,
}
_DENIALS = frozenset({"denied", "denies", "deny", "denying", "rejected", "rejects", "refuted"})
# Phrases that look negative or hedged but are not.
_FALSE_CUES = re.compile(r"\b(?:no doubt|not only|not just|no longer than|no later than|if not)\b", re.I)
_STOP_WORDS = frozenset(
    "that which who whom whose because but although though while whereas when after before since "
    "and or so then where unless until".split()
)
_MODALS = frozenset({"will", "shall", "did", "does", "do", "must"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "am"})
_ADVERBS = frozenset({"not", "also", "still", "now", "already", "indeed", "then", "again", "never"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "it"})
# Negations that must sit in the predicate's own verb group ("has not yet been confirmed").
_VERB_NEGATION = re.compile(r"^(?:not|never|cannot|.*n't)$")
_VERB_GROUP = frozenset(
    """
    be been being is are was were am have has had do does did will would shall should can could
    may might must to yet also even ever still again going get got formally officially
    """.split()
)
_SENTENCE_HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
_DETERMINERS = frozenset(
    "the a an his her its their our my your this that these those any some all both each "
    "whether he she it they we i him them us".split()
)
_OBJECT_SKIP = _DETERMINERS | frozenset({"that", "will", "would", "to", "be", "been", "has", "have", "had",
                                         "was", "were", "is", "are", "not", "formally", "officially"})
# Quotes are not boundaries: 'is "very highly likely" to attend'.
_BOUNDARY = re.compile(r"[,;:()\[\]—–!?]|\.\s|\.$")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class _Token(NamedTuple):
    start: int
    end: int
    key: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _TOKEN_RE.finditer(text)]


def _predicates(tokens: list[_Token]) -> list[tuple[int, int, str, str]]:
    """(first token, last token, lemma, form kind) of every lexicon predicate."""
    found = []
    for i, tok in enumerate(tokens):
        if tok.key in _TAKE and i + 1 < len(tokens) and tokens[i + 1].key == "part":
            found.append((i, i + 1, "participate", _TAKE_KIND[tok.key]))
        elif tok.key in _FORMS:
            lemma, kind = _FORMS[tok.key]
            found.append((i, i, lemma, kind))
    return found


def _negation(key: str) -> int:
    """How far back a negation cue reaches, 0 for a word that is none."""
    if key.endswith("n't"):
        return 4
    return _NEGATIONS.get(key, 0)


def _reach(tokens: list[_Token], k: int, first: int, kind: str) -> int:
    """How far back the negation at token k reaches onto the predicate at `first`, 0 if not at all."""
    key = tokens[k].key
    reach = _negation(key)
    if key == "no" and kind in (ING, NOUN):
        return _NO_REACH
    if key == "no" and k + 1 < first and tokens[k + 1].key == "one":
        return 5  # "No one has been arrested"
    if key == "yet" and not (k > 0 and tokens[k - 1].key in ("has", "have", "had", "is", "are")):
        return 0  # "yet" negates only in "has yet to"
    if reach and _VERB_NEGATION.match(key) and not _in_verb_group(tokens[k + 1 : first]):
        return 0  # "not calling people signed up": the "not" belongs to another verb
    return reach


def _clause_opening(tokens: list[_Token], k: int) -> tuple[int, bool, int]:
    """(negations, hedged, cue index) a clause opener at token k passes on to the predicate after it.

    "denied that he attended" negates; "did not confirm that / whether he will attend" and
    "did not know they had signed" leave the event in doubt; anything else passes nothing on.
    """
    key = tokens[k].key
    if key in ("whether", "if"):
        return 0, True, k
    opener = k
    if key in _PRONOUNS and k > 0 and tokens[k - 1].key in ("that", "whether", "if"):
        opener = k - 1
        if tokens[opener].key != "that":
            return 0, True, opener
    if tokens[opener].key == "that" and opener > 0 and tokens[opener - 1].key in _DENIALS:
        return 1, False, opener - 1
    governing = tokens[max(0, opener - 4) : opener]
    if any(_VERB_NEGATION.match(t.key) or t.key in _HEDGES for t in governing):
        return 0, True, max(0, opener - 4)
    return 0, False, k


def _cues(text: str, tokens: list[_Token], first: int, kind: str) -> tuple[int, bool, int]:
    """(negations, hedged, index of the farthest cue) before a predicate, inside its clause."""
    negations, hedged, cue_at = 0, False, first
    k = first - 1
    while k >= 0 and first - k <= _NO_REACH:
        if _BOUNDARY.search(text[tokens[k].end : tokens[k + 1].start]):
            break
        key, distance = tokens[k].key, first - k
        # A subject pronoun or a complementiser opens the predicate's own clause: stop there.
        if (key in _PRONOUNS and k < first - 1) or key in _STOP_WORDS or key in ("whether", "if"):
            more, doubt, at = _clause_opening(tokens, k)
            if more or doubt:
                negations, hedged, cue_at = negations + more, hedged or doubt, at
            break
        reach = 0 if key in _HEDGES else _reach(tokens, k, first, kind)  # "can't" is ability, not fact
        if reach and distance <= reach:
            negations, cue_at = negations + 1, k
            if not _VERB_NEGATION.match(key) and any(_VERB_NEGATION.match(t.key) for t in tokens[max(0, k - 2) : k]):
                negations += 1  # "never failed to attend", "did not refuse to sign"
        elif key in _HEDGES and distance <= _HEDGES[key]:
            hedged, cue_at = True, k
        k -= 1
    if any(tokens[j].key in _SENTENCE_HEDGES for j in range(first)):
        hedged = True  # "Reportedly, the minister won": these reach across commas
    return negations, hedged, cue_at


def _in_verb_group(between: list[_Token]) -> bool:
    return all(t.key in _VERB_GROUP or t.key.endswith("ly") for t in between)


def _committed(tokens: list[_Token], first: int, kind: str) -> bool:
    """Whether an auxiliary makes a base or -ing form a claim: "will attend", "is attending"."""
    auxiliaries = _MODALS if kind == BASE else _BE
    for distance in (1, 2):
        k = first - distance
        if k < 0:
            return False
        if tokens[k].key in auxiliaries:
            return True
        if not (tokens[k].key.endswith("ly") or tokens[k].key in _ADVERBS):
            return False
    return False


def _after_head(tokens: list[_Token], last: int, limit: int = 8) -> tuple[str, str]:
    """(event key of a lexicon word, first content word) after a predicate, within `limit` words."""
    head = ""
    for tok in tokens[last + 1 : last + 1 + limit]:
        if tok.key in _FORMS:
            return _KEYS[_FORMS[tok.key][0]], head
        if tok.key in _TAKE:
            return "attend", head
        if not head and tok.key not in _OBJECT_SKIP and len(tok.key) > 2:
            head = tok.key[:-1] if tok.key.endswith("s") and not tok.key.endswith("ss") else tok.key
    return "", head


def _subject(lemma: str, tokens: list[_Token], last: int, text: str) -> str:
    key = _KEYS[lemma]
    if lemma not in ("confirm", "receive"):
        return key
    end = last + 1
    while end < len(tokens) and end - last <= 8:
        if _BOUNDARY.search(text[tokens[end - 1].end : tokens[end].start]):
            break
        end += 1
    inner, head = _after_head(tokens[:end], last)
    if inner:
        return inner
    return f"{key} {head}".strip()


def extract(text: str, published: dt.date | None) -> list[Slot]:
    """POLARITY slots of a sentence: each known predicate whose polarity is clear."""
    if not text:
        return []
    if not _FORM_RE.search(text):
        return []
    # Blank out phrases that look like cues but are not, keeping offsets.
    masked = _FALSE_CUES.sub(lambda m: "_" * len(m.group()), text)
    tokens = _tokens(masked)
    predicates = _predicates(tokens)
    objects = {j for i, last, lemma, _ in predicates if lemma in ("confirm", "receive")
               for j in range(last + 1, min(last + 9, len(tokens)))}
    slots: list[Slot] = []
    for first, last, lemma, kind in predicates:
        if kind == NOUN and first in objects:
            continue  # "confirming the participation": the confirming carries the polarity
        negations, hedged, cue_at = _cues(masked, tokens, first, kind)
        if negations > 1:
            continue  # "never failed to attend": too easy to get wrong
        if hedged:
            polarity = UNCERTAIN
        elif negations:
            polarity = NEGATED
        elif kind == FINITE or (kind in (BASE, ING) and _committed(tokens, first, kind)):
            polarity = AFFIRMED
        else:
            continue  # "invited Russia to attend", "a win", "attendance": no claim either way
        if kind == NOUN and polarity != NEGATED:
            continue
        start, end = tokens[cue_at].start, tokens[last].end
        subject = _subject(lemma, tokens, last, masked)
        label = lemma if subject == lemma else f"{lemma} ({subject})"
        slots.append(Slot(POLARITY, text[start:end], start, end, Polarity(polarity, lemma),
                          f"{polarity}: {label}", subject))
    return slots
