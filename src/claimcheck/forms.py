"""Forms: values of different forms about one fact, converted to one form so that they meet.

Three settled facts are often stated in two forms that no figure or date
comparison sees as one:

- a person's birth: an age ("Smith, 45,"), a birthday ("his 45th birthday")
  or a birth date ("born in 1981");
- an organisation's founding: an anniversary ("Acme's 50th anniversary") or a
  founding date ("founded in 1975");
- a period that runs up to the time of writing: its length ("over the past
  three years", "has served nearly three years") or its bounds ("since 2021",
  "from May 2019 until last month").

At analysis `form_facts` reads each from the parse as a *form fact* (kind
`FORM`), its value kept as written (`FormValue`: an age of 45, the 50th
anniversary, three years up to now). At comparison `common` converts it, with
its article's publication date as the anchor, to the common form: a birth date
interval (45 on 1 March 2024: born 2 March 1978 - 1 March 1979), a founding
date interval, or a period's start and end. `form_groups` lets two form facts
meet only when their forms differ and their common forms are one (two ages, or
two dates, are compared as they always were, by `claimcheck.candidates`), they
are about one holder named on both sides (ages of two people never meet; a
surname alone meets a full name only when its story names no one else with
it), or, for a period, one activity ending at one time; the common values are
then compared as intervals.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Sequence

import numpy as np

from claimcheck.candidates import ATTRIBUTE_MIN, SENTENCE_FLOOR, Match, holders_differ, mutual_best
from claimcheck.facts import names_meet
from claimcheck.entities import clean
from claimcheck.extract.ordinal import Ordinal
from claimcheck.extract.quantity import Quantity
from claimcheck.extract.time import TimeValue, render
from claimcheck.findings import FactGroup, group_facts, group_id
from claimcheck.model import ATTRIBUTED, CONTRADICTION, FORM, ORDINAL, QUANTITY, TIME, Article, Claim, Conflict, Fact, Slot

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FORM_RULE = "facts.form/1"

AGE, BIRTHDAY, BIRTH = "age", "birthday", "birth"
ANNIVERSARY, FOUNDING = "anniversary", "founding"
DURATION, BOUNDS = "duration", "bounds"
PERIOD = "period"
# Each form's common form.
COMMON = {AGE: BIRTH, BIRTHDAY: BIRTH, BIRTH: BIRTH, ANNIVERSARY: FOUNDING, FOUNDING: FOUNDING,
          DURATION: PERIOD, BOUNDS: PERIOD}
_CANONICAL = {BIRTH: "birth date", FOUNDING: "founding date"}
_REASONS = {
    BIRTH: "a birth date is a settled fact: an age on a date, a birthday in a year and a birth date must agree",
    FOUNDING: "a founding date is a settled fact: the Nth anniversary in a year falls N years after it",
    PERIOD: "one period up to the same time: its length as stated and its bounds must agree",
}

# Two periods whose ends are this far apart are two periods, not one stated two ways.
PERIOD_END_SLACK_DAYS = 92
# A period has no holder to tie its two statements together: their sentences must be this alike.
PERIOD_SENTENCE = 0.50
# A number after a name read as an age ("Smith, 45,").
MAX_AGE = 115
# Two ages of one person whose birth intervals share fewer days than this: both hold only if the
# birthday falls in that window (45 on 2 March and 46 on 3 March), so an editor checks the age.
AGE_WINDOW_DAYS = 31

_PERSON_LABELS = frozenset({"PERSON", "ORG", "NORP", ""})
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LOC"})
_POSSESSIVES = frozenset({"its", "his", "her", "their"})
_RELATIVES = frozenset({"who", "which", "that"})
_FOR_RE = re.compile(r"\bfor\s+$", re.I)
_NOT_UP_TO_NOW_RE = re.compile(r"\s*(?:of\b|'s\b|’s\b|ago\b|later\b|after\b|before\b|earlier\b|old\b|on\b|in\s+which\b)", re.I)


@dataclass(frozen=True)
class FormLexicon:
    """The words of `data/forms.json`."""

    founding_verbs: frozenset[str]
    founding_nouns: frozenset[str]
    now_words: tuple[str, ...]
    term_verbs: frozenset[str]
    then_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> FormLexicon:
    """The form lexicon, read once."""
    data = json.loads(resources.files("claimcheck.data").joinpath("forms.json").read_text(encoding="utf-8"))
    return FormLexicon(
        founding_verbs=frozenset(data["founding_verbs"]),
        founding_nouns=frozenset(data["founding_nouns"]),
        now_words=tuple(data["now_words"]),
        term_verbs=frozenset(data["term_verbs"]),
        then_words=frozenset(data["then_words"]),
    )


@lru_cache(maxsize=1)
def _now_re() -> re.Pattern[str]:
    """ "over the past ", "in the last ": what before a duration makes it run up to now."""
    words = "|".join(map(re.escape, lexicon().now_words))
    return re.compile(rf"\b(?:over|in|during|for|within|throughout)\s+(?P<the>the\s+(?:{words})\s+)$", re.I)


@dataclass(frozen=True)
class FormValue:
    """A value as written in its own form, before conversion.

    `low`/`high` are an age's years, an ordinal's number or a duration's days
    (`tolerance` its written precision, in days); `date` is a birth or founding
    date, a period's start, or the time an age or anniversary is dated to (None:
    the publication date); `until` a period's end (None: up to publication);
    `slack` the years an undated anniversary may lie before or after the
    publication year, from its tense ("celebrated": -1, "will celebrate": +1).
    `common` is filled at comparison: the converted interval.
    """

    form: str
    low: float = 0.0
    high: float = 0.0
    tolerance: float = 0.0
    date: TimeValue | None = None
    until: TimeValue | None = None
    slack: tuple[int, int] = (0, 0)
    common: tuple[dt.date, dt.date] | None = None


@dataclass(frozen=True)
class Common:
    """A form fact in its common form: a date interval (birth, founding, a period's start), and a period's end."""

    lo: dt.date
    hi: dt.date
    end: tuple[dt.date, dt.date] | None = None


# --- reading forms from the parse ------------------------------------------------------------


def _tokens(doc: "Doc", slot: Slot) -> list["Token"]:
    return [t for t in doc if t.idx < slot.end and t.idx + len(t.text) > slot.start]


def _root(tokens: list["Token"]) -> "Token":
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[-1])


def _lemma(t: "Token") -> str:
    return (t.lemma_ or t.text).lower()


def _entity(t: "Token") -> str | None:
    """The label of the named entity a token is part of ("" for an untagged proper noun), or None."""
    if t.ent_type_ in _NAMED_LABELS:
        return t.ent_type_
    return "" if t.pos_ == "PROPN" and t.is_title and not t.ent_type_ else None


def _antecedent(pron: "Token") -> "Token | None":
    """The named subject a possessive pronoun stands for in its own sentence ("Acme celebrated its ...")."""
    if pron.lower_ not in _POSSESSIVES:
        return None
    for anc in pron.ancestors:
        if anc.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and pron not in c.subtree), None)
        if subject is None:
            continue
        if subject.lower_ in _RELATIVES and anc.dep_ == "relcl":
            subject = anc.head
        return subject if _entity(subject) is not None else None
    return None


def _holder(t: "Token | None", person: bool) -> str:
    """The folded name a token is part of ("Mr John Smith's" -> "john smith"); a possessive pronoun's antecedent."""
    if t is None:
        return ""
    if t.pos_ == "PRON":
        return _holder(_antecedent(t), person)
    label = _entity(t)
    if label is None or (person and label not in _PERSON_LABELS):
        return ""
    ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
    if ent is not None and ent.label_ in _NAMED_LABELS:
        text = ent.text
    else:
        text = " ".join([*(c.text for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), t.text])
    from claimcheck.facts import normalise_name  # folded as every fact's holder is

    return normalise_name(clean(text, "PERSON" if person else (label or "ORG")))


def _subject(verb: "Token") -> "Token | None":
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ in _RELATIVES and verb.dep_ == "relcl":
        return verb.head
    return subject


def _attached(times: list[tuple[Slot, list["Token"]]], targets: set[int], reach: int = 3) -> list[Slot]:
    """The time slots that hang from one of `targets` within `reach` steps of the parse."""
    found = []
    for slot, tokens in times:
        root = _root(tokens)
        if any(t.i in targets for t in [root, *root.ancestors][1: reach + 1]):
            found.append(slot)
    return found


def _negated(t: "Token") -> bool:
    return any(c.dep_ == "neg" for c in [*t.children, *t.head.children])


def _verb_of(t: "Token") -> "Token | None":
    return next((a for a in [t, *t.ancestors] if a.pos_ in ("VERB", "AUX")), None)


def _fact(claim: Claim, doc: "Doc", start: int, end: int, value: FormValue, normalized: str, holder: str,
          anchor: "Token", attribute: str = "", attribute_text: str = "") -> Fact:
    from claimcheck.facts import _source  # who states it, read as for every other fact

    common = COMMON[value.form]
    source, named = _source(anchor, doc)
    if source == holder:
        source, named = "", False  # "John Smith, aged 45, said": he states his own age, no rival source
    raw = claim.sentence.text[start:end]
    return Fact(
        article=claim.article, sentence=claim.sentence.index,
        slot=Slot(FORM, raw, start, end, value, normalized, value.form),
        attribute=attribute or _CANONICAL[common], attribute_text=attribute_text or _CANONICAL[common],
        canonical=_CANONICAL.get(common, f"period of {attribute}"), holder=holder, source=source, source_named=named,
    )


def _age(claim: Claim, doc: "Doc", slot: Slot, tokens: list["Token"], times: list) -> Fact | None:
    """An age stated of a named person: "John Smith, 45,", "Smith, aged 45,", "the 45-year-old Smith", "Smith is 45"."""
    q = slot.value
    text = claim.sentence.text
    root = _root(tokens)
    if q.dimension == "count":
        # A bare number is an age only in apposition to a name, between commas or in brackets.
        if not (q.low == q.high and q.low.is_integer() and 0 < q.low <= MAX_AGE and root.dep_ == "appos"):
            return None
        if not (text[:slot.start].rstrip().endswith((",", "(")) and text[slot.end:].lstrip()[:1] in (",", ")")):
            return None
    elif not (q.dimension == "age" and q.source_unit == "year"):
        return None
    before = text[:slot.start].lower().split()
    if before and before[-1].strip(",(") in lexicon().then_words:
        return None  # "Smith, then 31,": an age at another time than publication
    person = None
    t = root
    for _ in range(4):
        head = t.head
        if head.i == t.i:
            break
        if _entity(head) is not None:
            person = head if t.dep_ in ("appos", "amod", "npadvmod", "nummod", "acl", "advmod") else None
            break
        if head.pos_ in ("VERB", "AUX"):
            if t.dep_ in ("acomp", "attr", "advcl", "npadvmod", "oprd", "advmod", "xcomp"):
                subject = _subject(head)
                person = subject if subject is not None and _entity(subject) is not None else None
            break
        if head.pos_ in ("NOUN", "PRON"):
            break  # "Smith's son, 16,": the age is the son's
        t = head
    holder = _holder(person, person=True)
    if not holder or _negated(root):
        return None
    verb = _verb_of(person)
    # An age is as of the time its clause is dated to ("In 2010, Smith, 31, won"), else of publication;
    # never of the birth date itself ("the 45-year-old Smith was born in 1979").
    dated = _attached(times, {verb.i} if verb is not None and verb.lower_ != "born" else set(), reach=2)
    dated = [s for s in dated if s.value.relation == "at"]
    value = FormValue(AGE, q.low, q.high, date=dated[0].value if len(dated) == 1 else None)
    return _fact(claim, doc, slot.start, slot.end, value, slot.normalized, holder, root)


def _duration(claim: Claim, doc: "Doc", slot: Slot, tokens: list["Token"]) -> Fact | None:
    """A length of time that runs up to the time of writing: "over the past three years", "has lived there for 20 years"."""
    lex = lexicon()
    q = slot.value
    text = claim.sentence.text
    before, after = text[:slot.start], text[slot.end:]
    if _NOT_UP_TO_NOW_RE.match(after) or q.low <= 0 or math.isinf(q.high):
        return None
    root = _root(tokens)
    verb = _verb_of(root)
    if verb is None or _negated(verb):
        return None
    auxes = {(_lemma(c), c.tag_) for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if any(lemma in ("will", "would", "could", "may", "might", "shall", "should") for lemma, _ in auxes):
        return None
    start = slot.start
    if (m := _now_re().search(before)) is not None:
        start = m.start("the")
    elif not ((_FOR_RE.search(before) or root.dep_ == "dobj")
              and any(lemma == "have" and tag in ("VBZ", "VBP") for lemma, tag in auxes)):
        return None  # only the present perfect makes "for N years", "has served N years" run up to now
    if _lemma(verb) in lex.term_verbs or any(_lemma(a) in lex.term_verbs for a in verb.ancestors):
        return None  # "has been jailed for five years": a term, not time elapsed
    attribute, words, holder = _activity(verb, {t.i for t in tokens})
    if not attribute:
        return None
    value = FormValue(DURATION, q.low, q.high, q.tolerance)
    return _fact(claim, doc, start, slot.end, value, slot.normalized, holder, root, attribute, words)


def _activity(verb: "Token", skip: set[int]) -> tuple[str, str, str]:
    """What a period is the period of, as lemmas and as written, and its named subject: "prices rise", "Smith be prison"."""
    words: list["Token"] = []
    holder = ""
    subject = _subject(verb)
    if subject is not None and subject.i not in skip:
        if _entity(subject) is not None:
            holder = _holder(subject, person=False)
        elif subject.pos_ == "NOUN":
            words += [c for c in subject.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"] + [subject]
    if _lemma(verb) not in ("be", "have"):
        words.append(verb)
    for child in verb.children:
        if child.i in skip:
            continue
        if child.dep_ in ("dobj", "acomp", "attr") and child.pos_ in ("NOUN", "ADJ"):
            words.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("in", "at", "as") and _lemma(verb) == "be":
            words += [o for o in child.children if o.dep_ == "pobj" and o.pos_ == "NOUN" and o.i not in skip]
    words = sorted({w.i: w for w in words}.values(), key=lambda w: w.i)
    if not words or all(_lemma(w) in ("be", "have", "do") for w in words):
        return "", "", holder
    return " ".join(_lemma(w) for w in words), " ".join(w.text for w in words), holder


def _yearly(claim: Claim, doc: "Doc", slot: Slot, tokens: list["Token"], times: list) -> Fact | None:
    """An anniversary or birthday of a named holder: "Acme's 50th anniversary", "his 45th birthday",
    "the 50th anniversary of the founding of Acme"."""
    lex = lexicon()
    head = slot.subject.rsplit(" ", 1)[-1]
    if head not in ("anniversary", "birthday") or not isinstance(slot.value, Ordinal):
        return None
    noun = next((t for t in reversed(tokens) if _lemma(t) == head), None)
    if noun is None or _negated(noun):
        return None
    if any(c.dep_ in ("compound", "amod", "nmod") and _lemma(c) not in lex.founding_nouns
           for c in noun.lefts if c.i != tokens[0].i and not c.like_num and c.ent_type_ != "ORDINAL"):
        return None  # "50th wedding anniversary": the anniversary of something else
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    of = next((o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), None)
    if of is not None:
        if _lemma(of) in lex.founding_nouns:
            # "the 50th anniversary of its founding", "... of the founding of Acme"
            owner = next((c for c in of.children if c.dep_ == "poss"), None) or next(
                (o for c in of.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), None)
        elif owner is None and _entity(of) is not None:
            owner = of
        else:
            return None  # "the 20th anniversary of the attacks": not the holder's own start
    holder = _holder(owner, person=head == "birthday")
    if not holder:
        return None
    verb = _verb_of(noun)
    targets = {noun.i} | ({verb.i} if verb is not None else set())
    dated = [s for s in _attached(times, targets) if s.value.relation == "at"]
    date = None
    slack = (0, 0)
    if len(dated) == 1 and dated[0].value.start.year == dated[0].value.end.year:
        date = dated[0].value
    elif dated:
        return None
    elif verb is not None:
        auxes = {_lemma(c) for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"will", "would", "shall", "going"} or _lemma(verb) in ("prepare", "plan", "approach"):
            slack = (0, 1)
        elif verb.tag_ == "VBD" or "have" in auxes:
            slack = (-1, 0)
    form = BIRTHDAY if head == "birthday" else ANNIVERSARY
    value = FormValue(form, slot.value.n, slot.value.n, date=date, slack=slack)
    return _fact(claim, doc, slot.start, slot.end, value, slot.normalized, holder, noun)


def _dates(claim: Claim, doc: "Doc", times: list[tuple[Slot, list["Token"]]]) -> list[Fact]:
    """Birth and founding dates: "born in 1981", "Acme, founded in 1975,", "Smith founded Acme in 1975",
    "since its founding in 1975"."""
    lex = lexicon()
    found: list[Fact] = []
    for t in doc:
        lemma = _lemma(t)
        phrasal = f"{lemma} {next((c.lower_ for c in t.children if c.dep_ == 'prt'), '')}".strip()
        if t.lower_ == "born" and lemma == "bear":
            form = BIRTH
        elif t.pos_ == "VERB" and (lemma in lex.founding_verbs or phrasal in lex.founding_verbs):
            form = FOUNDING
        elif t.pos_ == "NOUN" and lemma in lex.founding_nouns:
            form = FOUNDING
        else:
            continue
        if _negated(t):
            continue
        dated = [s for s in _attached(times, {t.i}, reach=2) if s.value.relation == "at"]
        if len(dated) != 1:
            continue
        owner = None
        if t.pos_ == "NOUN":
            owner = next((c for c in t.children if c.dep_ == "poss"), None) or next(
                (o for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"), None)
        elif t.dep_ in ("acl", "relcl"):
            owner = t.head  # "Smith, born in 1981,", "Acme, which was founded in 1975,"
        elif t.dep_ == "advcl" and t.i < t.head.i:
            owner = _subject(t.head)  # "Born in 1981, Smith studied ..."
        elif any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children) or t.lower_ == "born":
            owner = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
        else:
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None:
                owner = obj  # "Smith founded Acme in 1975": Acme's founding, not Smith's
            elif lemma in ("form", "launch"):
                owner = _subject(t)  # "the band formed in 1975"
        holder = _holder(owner, person=form == BIRTH)
        if not holder:
            continue
        date = dated[0]
        start, end = min(t.idx, date.start), max(t.idx + len(t.text), date.end)
        if t.idx > date.end or (t.pos_ == "VERB" and date.start - (t.idx + len(t.text)) > 40):
            start, end = date.start, date.end  # the date alone when the words between are many
        normalized = f"{'born' if form == BIRTH else 'founded'} {date.normalized}"
        found.append(_fact(claim, doc, start, end, FormValue(form, date=date.value), normalized, holder, t))
    return found


def _bounds(claim: Claim, doc: "Doc", times: list[tuple[Slot, list["Token"]]]) -> list[Fact]:
    """A period's bounds: "since 2021", "from May 2019 until last month", "from 2019 to 2021"."""
    found: list[Fact] = []
    for slot, tokens in times:
        value = slot.value
        if value.relation not in ("since", "from", "range"):
            continue
        if value.relation == "range" and not slot.raw.lower().startswith(("from ", "between ")):
            continue  # "on Friday and Saturday", "5-6 March": an occasion's days, not a period's bounds
        root = _root(tokens)
        prep = root if root.pos_ in ("ADP", "SCONJ") else root.head if root.dep_ == "pobj" else None
        if prep is None or prep.head.pos_ not in ("VERB", "AUX"):
            continue  # "its lowest level since 2001": a record's reach, not how long something has gone on
        verb = prep.head
        if _negated(verb) or verb.lower_ == "born":
            continue
        auxes = {_lemma(c) for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"will", "would", "could", "may", "might", "shall", "should"}:
            continue
        start, end, until = slot.start, slot.end, None
        begin = value
        if value.relation == "since":
            if any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
                continue  # "had been ... since 2010": up to another time than now
        elif value.relation == "from":
            ends = [(s, toks) for s, toks in times if s.value.relation == "until" and s.start > slot.end]
            ends = [(s, toks) for s, toks in ends if verb.i in {a.i for a in _root(toks).ancestors}]
            if len(ends) != 1:
                continue
            until, end = ends[0][0].value, ends[0][0].end
        else:
            split = _split_range(value)
            if split is None:
                continue
            begin, until = split
        attribute, words, holder = _activity(verb, {t.i for t in tokens})
        if not attribute:
            continue
        bounds = FormValue(BOUNDS, date=begin, until=until)
        normalized = slot.normalized if until is None or value.relation == "range" else (
            f"{slot.normalized} – {render(until.start, until.end, until.granularity)}")
        found.append(_fact(claim, doc, start, end, bounds, normalized, holder, root, attribute, words))
    return found


def _split_range(value: TimeValue) -> tuple[TimeValue, TimeValue] | None:
    """A range's first and last unit: "from 2019 to 2021" starts in 2019 and ends in 2021."""
    lo, hi = value.start, value.end
    if value.granularity == "years":
        return (TimeValue(lo, dt.date(lo.year, 12, 31), "year", "from"), TimeValue(dt.date(hi.year, 1, 1), hi, "year", "until"))
    if value.granularity == "months":
        first_end = (dt.date(lo.year + lo.month // 12, lo.month % 12 + 1, 1) - dt.timedelta(days=1))
        return TimeValue(lo, first_end, "month", "from"), TimeValue(hi.replace(day=1), hi, "month", "until")
    if value.granularity == "days":
        return TimeValue(lo, lo, "day", "from"), TimeValue(hi, hi, "day", "until")
    return None


def form_facts(claim: Claim, doc: "Doc") -> list[Fact]:
    """The form facts of one sentence, read from its parse: ages, birthdays, anniversaries, birth and founding dates,
    durations up to now and periods' bounds."""
    located = [(slot, _tokens(doc, slot)) for slot in claim.slots]
    located = [(slot, tokens) for slot, tokens in located if tokens]
    times = [(slot, tokens) for slot, tokens in located if slot.kind == TIME and isinstance(slot.value, TimeValue)]
    found: list[Fact] = []
    for slot, tokens in located:
        fact = None
        if slot.kind == QUANTITY and isinstance(slot.value, Quantity):
            if slot.value.dimension in ("age", "count"):
                fact = _age(claim, doc, slot, tokens, times)
            elif slot.value.dimension == "duration":
                fact = _duration(claim, doc, slot, tokens)
        elif slot.kind == ORDINAL:
            fact = _yearly(claim, doc, slot, tokens, times)
        if fact is not None:
            found.append(fact)
    found += _dates(claim, doc, times)
    found += _bounds(claim, doc, times)
    return found


# --- the common form --------------------------------------------------------------------------


def _published(article: Article | None) -> tuple[dt.date, dt.date] | None:
    """The publication date as an interval, as precise as the source gave it."""
    if article is None or article.published is None:
        return None
    d = article.published
    if article.published_precision == "year":
        return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)
    if article.published_precision == "month":
        return d.replace(day=1), (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return d, d


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def common(fact: Fact, article: Article | None) -> Common | None:
    """A form fact converted to its common form, anchored at its article's publication date."""
    v = fact.slot.value
    published = _published(article)
    if not isinstance(v, FormValue):
        return None
    if v.form in (BIRTH, FOUNDING):
        return Common(v.date.start, v.date.end) if v.date is not None else None
    if published is None and (v.date is None or v.form == DURATION or (v.form == BOUNDS and v.until is None)):
        return None
    if v.form == AGE:
        lo, hi = (v.date.start, v.date.end) if v.date is not None else published
        return Common(_years_before(lo, math.floor(v.high) + 1) + dt.timedelta(days=1), _years_before(hi, math.ceil(v.low)))
    if v.form in (BIRTHDAY, ANNIVERSARY):
        if v.date is not None:
            first, last = v.date.start.year, v.date.end.year
        else:
            first, last = published[0].year + v.slack[0], published[1].year + v.slack[1]
        n = int(v.low)
        return Common(dt.date(first - n, 1, 1), dt.date(last - n, 12, 31))
    if v.form == DURATION:
        lo, hi = published
        longest = dt.timedelta(days=v.high + v.tolerance)
        shortest = dt.timedelta(days=max(v.low - v.tolerance, 0.0))
        return Common(lo - longest, hi - shortest, published)
    if v.form == BOUNDS:
        end = (v.until.start, v.until.end) if v.until is not None else published
        return Common(v.date.start, v.date.end, end)
    return None


def _span(lo: dt.date, hi: dt.date) -> str:
    return render(lo, hi, "days")


def _years(shortest: float, longest: float) -> str:
    """A length in years, as a range when its bounds make one: "5.1–5.3 years", "3.4 years"."""
    lo, hi = (f"{d / 365.25:.1f}".removesuffix(".0") for d in (shortest, longest))
    return f"{lo} years" if lo == hi else f"{lo}–{hi} years"


def shown(fact: Fact, converted: Common, article: Article | None) -> Fact:
    """The fact with its value as written and as converted: "45 years old on 1 March 2024 (born 2 March 1978 – 1 March 1979)"."""
    v = fact.slot.value
    written = fact.slot.normalized
    published = _published(article)
    when = _span(*published) if published else "undated"
    if v.form == AGE:
        at = _span(v.date.start, v.date.end) if v.date is not None else when
        text = f"{written} on {at} (born {_span(converted.lo, converted.hi)})"
    elif v.form in (BIRTHDAY, ANNIVERSARY):
        first, last = converted.lo.year + int(v.low), converted.hi.year + int(v.low)
        year = str(first) if first == last else f"{first}–{last}"
        text = f"{written} in {year} ({'born' if v.form == BIRTHDAY else 'founded'} {_span(converted.lo, converted.hi)})"
    elif v.form == DURATION:
        text = f"{written} up to {when} (began {_span(converted.lo, converted.hi)})"
    elif v.form == BOUNDS:
        assert converted.end is not None
        shortest = (converted.end[0] - converted.hi).days
        longest = (converted.end[1] - converted.lo).days
        upto = "" if v.until is not None else f", up to {when}"
        since = "since " if v.date is not None and v.date.relation == "since" else ""
        text = f"{since}{written}{upto} ({_years(shortest, longest)})"
    else:
        text = written
    value = replace(v, common=(converted.lo, converted.hi))
    return replace(fact, slot=replace(fact.slot, value=value, normalized=text))


# --- meeting and judging ----------------------------------------------------------------------


def _disjoint(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date], slack_days: int = 0) -> bool:
    slack = dt.timedelta(days=slack_days)
    return a[0] > b[1] + slack or b[0] > a[1] + slack


def _same_holder(a: Fact, b: Fact, names: set[str]) -> bool:
    """One named holder on both sides: equal names, or a surname alone that its story gives to no one else."""
    wa, wb = a.holder.split(), b.holder.split()
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    if len(short) == len(long_) and short != long_:
        return False
    if not set(short) <= set(long_):
        return False
    if len(short) > 1:
        return True
    # "Smith" beside "John Smith" in a story that also names Jane Smith: which Smith is unknowable.
    full = " ".join(long_)
    others = {n for n in names if set(short) <= set(n.split()) and len(n.split()) > 1 and n != full}
    return not others if len(long_) > 1 else len(others) <= 1


def _meet(a: Fact, b: Fact, ca: Common, cb: Common, names: set[str]) -> bool:
    """Whether two form facts of different forms can be one fact."""
    form = a.slot.value.form
    if (form == b.slot.value.form and form != AGE) or COMMON[form] != COMMON[b.slot.value.form]:
        return False  # one form is compared as it always was; two ages are compared as birth dates
    if a.article == b.article and a.sentence == b.sentence:
        return False
    if COMMON[a.slot.value.form] == PERIOD:
        assert ca.end is not None and cb.end is not None
        return not holders_differ(a, b) and not _disjoint(ca.end, cb.end, PERIOD_END_SLACK_DAYS)
    return _same_holder(a, b, names)


def form_groups(
    facts: Sequence[Fact],
    story_of: dict[str, str],
    articles: dict[str, Article],
    attribute_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    focus: set[int] | None = None,
) -> tuple[list[Fact], list[FactGroup]]:
    """The groups of form facts whose common values disagree, and the facts with form facts shown converted.

    Only form facts of different forms are scored: each is kept with its best
    counterpart in each other article (mutual best), the pairs are joined into
    one group per fact, and a group is a finding when two of its facts of
    different forms disagree once converted.
    """
    converted: dict[int, Common] = {}
    for i, fact in enumerate(facts):
        if fact.kind == FORM and (c := common(fact, articles.get(fact.article))) is not None:
            converted[i] = c
    names: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        story = story_of.get(fact.article, "")
        names[story].update(fact.names)
        if fact.kind == FORM and fact.holder:
            names[story].add(fact.holder)
    blocks: dict[str, list[int]] = defaultdict(list)
    for i in converted:
        blocks[COMMON[facts[i].slot.value.form]].append(i)
    scored: dict[tuple[int, int], Match] = {}
    for block, members in blocks.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                a, b = facts[i], facts[j]
                if focus is not None and i not in focus and j not in focus:
                    continue
                story = story_of.get(a.article, "")
                same_story = story == story_of.get(b.article, "")
                if not same_story and not (block != PERIOD and a.holder == b.holder and " " in a.holder):
                    continue  # across stories only one full name meets
                if not _meet(a, b, converted[i], converted[j], names[story] if same_story else set()):
                    continue
                s = float(sentence_vectors[i] @ sentence_vectors[j])
                if s < SENTENCE_FLOOR:
                    continue
                at = 1.0
                if block == PERIOD:
                    at = 1.0 if a.attribute == b.attribute else float(attribute_vectors[i] @ attribute_vectors[j])
                    if at < ATTRIBUTE_MIN or s < PERIOD_SENTENCE:
                        continue
                scored[(i, j)] = Match(i, j, at + s, at, s)
    matches = mutual_best(scored, facts)

    def compatible(a: Fact, b: Fact) -> bool:
        if a.article == b.article and a.sentence == b.sentence:
            return False
        return not holders_differ(a, b) if COMMON[a.slot.value.form] == PERIOD else _same_holder(a, b, set())

    groups: list[FactGroup] = []
    taken: set[str] = set()
    out = list(facts)
    for group in group_facts(facts, matches, compatible):
        verdict = _judge(group, facts, converted)
        if verdict is None or (focus is not None and not any(i in focus for i in group)):
            continue
        for i in group:
            out[i] = shown(facts[i], converted[i], articles.get(facts[i].article))
        story = story_of.get(facts[group[0]].article, "")
        gid = group_id(story, group, out, taken)
        taken.add(gid)
        groups.append(FactGroup(gid, story, tuple(group), *verdict))
    return out, groups


def _sources_differ(a: Fact, b: Fact) -> bool:
    return bool(a.source and b.source and a.source_named and b.source_named and not names_meet(a.source, b.source))


def _judge(group: Sequence[int], facts: Sequence[Fact], converted: dict[int, Common]) -> tuple[str, str] | None:
    """Contradiction when two facts of different forms disagree once converted (attributed when two named sources
    give them), or None."""
    verdicts = []
    for x, i in enumerate(group):
        for j in group[x + 1:]:
            a, b = facts[i], facts[j]
            if a.slot.value.form == b.slot.value.form and a.slot.value.form != AGE:
                continue  # one form: compared as it always was
            ca, cb = converted[i], converted[j]
            reason = _REASONS[COMMON[a.slot.value.form]]
            if not _disjoint((ca.lo, ca.hi), (cb.lo, cb.hi)):
                window = _birthday_window(a, b, ca, cb)
                if not window:
                    continue
                reason = window
            verdicts.append((ATTRIBUTED, f"different sources ({a.source}; {b.source}); {reason}")
                            if _sources_differ(a, b) else (CONTRADICTION, reason))
    if not verdicts:
        return None
    return min(verdicts, key=lambda v: v[0] != CONTRADICTION)


def _birthday_window(a: Fact, b: Fact, ca: Common, cb: Common) -> str:
    """Why two different ages of one person agree only by a birthday between two reports, or "".

    "Harrow, 45," on 2 March and "46-year-old Harrow" on 3 March are both right
    only for a birthday on 3 March: one day in 365, so one age is most likely wrong.
    """
    va, vb = a.slot.value, b.slot.value
    if va.form != AGE or vb.form != AGE or (va.low, va.high) == (vb.low, vb.high):
        return ""
    lo, hi = max(ca.lo, cb.lo), min(ca.hi, cb.hi)
    if (hi - lo).days + 1 >= AGE_WINDOW_DAYS:
        return ""

    def day(d: dt.date) -> str:
        return f"{d.day} {d.strftime('%B')}"

    when = f"on {day(lo)}" if lo == hi else f"between {day(lo)} and {day(hi)}"
    return f"two ages of {a.holder} agree only if the birthday falls {when}, between the two reports: most likely one age is wrong"


def form_conflict(conflict: Conflict) -> Conflict:
    """A conflict built from a form group, named for its rule; its values are dates and periods."""
    return replace(conflict, rule=FORM_RULE, kind=TIME)
