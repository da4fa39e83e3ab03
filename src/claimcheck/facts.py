"""Facts: each value slot tied, through the dependency parse, to what it is about.

A value alone ("97") cannot be compared with anything; a fact can: 97 is the
*attribute* "people killed" (canonical: deaths), its *holder* is whoever the
figure belongs to ("Tinubu's 8.8 million votes"), its *qualifiers* what narrows
it ("in the northern state"), its *source* who states it ("according to the
geological survey"), its *time* the time its own clause names, its *modality*
whether it is asserted, expected or denied, and its *role* whether the
sentence itself marks it as the earlier figure ("down from 66").

All of it is read from spaCy's parse (`claimcheck.analyze`), not from word
windows: the value's tokens are located in the parse, the noun they count is
their syntactic head, a generic count noun ("people", "number of") takes its
governing verb or the verb's subject ("the toll rose to 115"), and holders,
qualifiers and sources are the possessors, prepositional modifiers and
reporting-verb subjects along the path from the value to the root. The words
that name attributes, reporting verbs and modal cues are data
(`data/attributes.json`), loaded once.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Sequence

from claimcheck.extract.quantity import MONEY, Quantity
from claimcheck.model import (
    ASSERTED,
    CURRENT,
    EXPECTED,
    NEGATED,
    PREVIOUS,
    PROPOSED,
    PLACE,
    QUANTITY,
    TIME,
    Claim,
    Fact,
    NameMention,
    PERSON,
    Slot,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Kinds of value that become facts; the others (names, places, polarity) have detectors of their own.
FACT_KINDS = (QUANTITY, TIME)
# Entities that can hold a value or state it.
HOLDER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_NOUNISH = frozenset({"NOUN", "PROPN", "ADJ"})  # "the deceased", "the injured"
_MODIFIERS = frozenset({"compound", "amod", "nmod"})
_NP_LINKS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos", "poss"})
_PRONOUNS = frozenset({"PRON"})
# Where a bare figure stands when its counted noun is left to another figure of its sentence.
_ELLIPTICAL_DEPS = frozenset({"dobj", "pobj", "attr", "conj", "appos"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Words between a distance and the place it is measured from.
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                         "north-east", "north-west", "south-east", "south-west", "away", "northward", "southward"})
# Adverbs that say nothing about what a verb measures.
_EMPTY_ADVERBS = frozenset({"up", "down", "also", "now", "still", "just", "only", "so", "then", "already", "far",
                            "probably", "possibly", "likely", "perhaps", "reportedly", "allegedly", "apparently",
                            "currently", "actually", "even", "eventually", "finally", "officially"})
# Time granularities precise enough to date an event.
_EVENT_GRANULARITIES = frozenset({"day", "days", "part_of_month", "month"})


@dataclass(frozen=True)
class Lexicon:
    """The attribute vocabulary of `data/attributes.json`."""

    canonical: dict[str, str]  # lemma or lemma phrase -> canonical attribute
    tallies: frozenset[str]
    generic: frozenset[str]
    measure: frozenset[str]
    units: frozenset[str]
    reporting: frozenset[str]
    modal: frozenset[str]
    change: frozenset[str]
    level: frozenset[str]
    organisations: frozenset[str]
    request: frozenset[str]
    light: frozenset[str]
    events: frozenset[str] = frozenset()
    facilities: frozenset[str] = frozenset()
    incidents: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The attribute lexicon, read once."""
    data = json.loads(resources.files("claimcheck.data").joinpath("attributes.json").read_text(encoding="utf-8"))
    canonical: dict[str, str] = {}
    for name, words in data["equivalences"].items():
        for word in [name, *words]:
            canonical.setdefault(word.lower(), name)
    return Lexicon(
        canonical=canonical,
        tallies=frozenset(data["tallies"]),
        generic=frozenset(data["generic_nouns"]),
        measure=frozenset(data["measure_nouns"]),
        units=frozenset(data["unit_nouns"]),
        reporting=frozenset(data["reporting_verbs"]),
        modal=frozenset(data["modal_verbs"]),
        change=frozenset(data["change_verbs"]),
        level=frozenset(data["level_verbs"]),
        organisations=frozenset(data["organisation_nouns"]),
        request=frozenset(data["request_verbs"]),
        light=frozenset(data["light_verbs"]),
        events=frozenset(data["event_nouns"]),
        facilities=frozenset(data["facility_nouns"]),
        incidents=frozenset(data["incident_nouns"]),
    )


def canonical_attribute(words: Sequence[str], verb: str = "") -> str:
    """The equivalence classes an attribute's lemmas name ("injured passengers": "injured+passengers").

    A predicate outside the lexicon stays part of the key: "passengers
    discharged" is not the passengers aboard; one in it names its class:
    "288 people died" is deaths, "five passengers died" deaths+passengers.
    """
    lex = lexicon()
    classes: list[str] = [lex.canonical[verb]] if verb in lex.canonical else []
    used: set[int] = set()
    for n, (a, b) in enumerate(zip(words, words[1:])):
        if f"{a} {b}" in lex.canonical:
            classes.append(lex.canonical[f"{a} {b}"])
            used |= {n, n + 1}
    for n, word in enumerate(words):
        if n not in used and word in lex.canonical:
            classes.append(lex.canonical[word])
    if not classes:
        return ""
    key = "+".join(sorted(set(classes)))
    if verb and verb not in lex.canonical and verb not in lex.light and verb not in lex.reporting and verb not in lex.change:
        key = f"{key} {verb}"
    return key


def is_tally(fact: Fact) -> bool:
    """Whether the fact counts something that moves over time (deaths, votes counted, missing)."""
    lex = lexicon()
    if fact.canonical in lex.tallies:
        return True
    return any(word in lex.tallies for word in fact.attribute.split())


# --- the parse around a value -------------------------------------------------------------


def _span_tokens(doc: "Doc", start: int, end: int) -> list["Token"]:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _anchor(tokens: list["Token"]) -> "Token":
    """The token of a value's span whose head lies outside it: where the span joins the sentence."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[-1]


def _lemma(t: "Token") -> str:
    return t.lemma_.lower() if t.lemma_ else t.lower_


def _is_value_word(t: "Token") -> bool:
    lex = lexicon()
    return t.like_num or t.pos_ == "NUM" or _lemma(t) in lex.units or t.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME")


def _named(t: "Token") -> bool:
    """Whether a token is part of a name: names hold or state values, they are not what is measured."""
    return t.ent_type_ in HOLDER_LABELS or (t.pos_ == "PROPN" and not t.ent_type_ and t.is_title)


def _modifiers(noun: "Token", skip: set[int]) -> list["Token"]:
    """Compound and adjective modifiers of a noun that say what it is ("death toll", "valid votes")."""
    found = []
    for child in noun.lefts:
        if child.i in skip or child.dep_ not in _MODIFIERS or _is_value_word(child) or _named(child):
            continue
        if child.pos_ in ("NOUN", "ADJ", "VERB") or (child.pos_ == "PROPN" and child.ent_type_ not in HOLDER_LABELS):
            found.extend(c for c in child.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i not in skip)
            found.append(child)
    return found


def _of_object(noun: "Token") -> "Token | None":
    """The object of "of" after a noun ("number of deaths", "74 of the deceased", "52% of the vote"),
    or of "for" after a generic one ("the figure for the accredited voters"), unless it is a time.

    For "the number of those who are missing" it is what the relative clause says of them.
    """
    generic = _lemma(noun) in lexicon().generic
    for child in noun.rights:
        if child.dep_ == "prep" and (child.lower_ == "of" or (child.lower_ == "for" and generic)):
            for obj in child.children:
                if obj.dep_ != "pobj" or (child.lower_ == "for" and obj.ent_type_ in ("DATE", "TIME")):
                    continue
                if obj.pos_ in _NOUNISH and not _named(obj) and _lemma(obj) not in lexicon().generic:
                    return obj
                described = _described(obj)
                if described is not None:
                    return described
                if obj.pos_ in _NOUNISH and not _named(obj):
                    return obj
    return None


def _fronted_of(top: "Token") -> "Token | None":
    """The whole a subject is a part of when the sentence names it first ("Of the 1,200 passengers,
    70% were rescued", "Of the paper tickets presented, 70% were fake")."""
    if top.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for child in top.head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i < top.i:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOUNISH and not _named(obj) and not _is_value_word(obj):
                    return obj
    return None


def _described(t: "Token") -> "Token | None":
    """What a relative clause or participle says of a pronoun or generic noun ("those who are missing")."""
    for clause in t.children:
        if clause.dep_ in ("relcl", "acl"):
            for c in clause.children:
                if c.dep_ in ("acomp", "oprd") and c.pos_ in ("ADJ", "VERB"):
                    return c
            if clause.pos_ == "VERB" and _lemma(clause) not in ("be", "have"):
                return clause
    return None


def _verb_of(t: "Token") -> "Token | None":
    """The nearest verb (or copula) that governs a token."""
    for anc in [t, *t.ancestors]:
        # A verb the small model's date span swallows ("would last two days") is still the verb;
        # one inside a name is not.
        if anc.pos_ in ("VERB", "AUX") and not _named(anc) and anc.ent_type_ not in HOLDER_LABELS | PLACE_LABELS:
            return anc
    return None


def _subject(verb: "Token", not_tokens: set[int]) -> "Token | None":
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl") and child.i not in not_tokens:
            return child
    return None


def _shared_subject(verb: "Token", not_tokens: set[int]) -> "Token | None":
    """The verb's subject, or that of the verb it is coordinated with ("X polled ... and finished with N");
    for a relative clause's "who", the noun it relates to ("Obi, who finished third with N")."""
    for _ in range(3):
        subject = _subject(verb, not_tokens)
        if subject is not None and subject.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        if subject is not None or verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head.i == verb.i:
            return subject
        verb = verb.head
    return None


def _object(verb: "Token", not_tokens: set[int]) -> "Token | None":
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd") and child.i not in not_tokens:
            return child
    return None


@dataclass
class _Parts:
    words: list["Token"]
    noun: "Token | None"
    verb: "Token | None"
    predicate: str = ""  # the verb of a clause whose subject is the value ("17 coaches derailed")


def _attribute_parts(anchor: "Token", span: set[int]) -> _Parts:
    """The tokens that name what a value counts or measures."""
    lex = lexicon()
    t = anchor
    noun: Token | None = None
    # Climb the noun phrase the value sits in: "97 people", "a 5.4-magnitude quake", "45% premium".
    if t.pos_ in _NOUNS and not t.like_num and _lemma(t) not in lex.generic and _lemma(t) not in lex.units:
        noun = t
    while t.dep_ in _NP_LINKS and t.head.i != t.i and t.head.pos_ in _NOUNISH:
        t = t.head
        if _lemma(t) in lex.units and t.dep_ in _NP_LINKS and t.head.pos_ in _NOUNS:
            continue  # "37-minute delay": the unit is not the attribute, the delay is
        noun = t
        if _lemma(t) not in lex.units:
            break
    if (noun is None or _lemma(noun) in lex.units) and t.dep_ == "pobj" and t.head.lower_ == "of":
        # "a vote of 8.8 million", "a magnitude of 5.4", "a delay of 35 minutes": the noun before "of" is measured.
        owner = t.head.head
        if owner.pos_ in _NOUNS and not _named(owner) and not _is_value_word(owner) and _lemma(owner) not in lex.generic:
            noun = owner
    words: list[Token] = []
    keep: set[int] = set()  # names that say what is measured, not whose it is
    if noun is not None:
        words = [*_modifiers(noun, span), noun]
    # A count or share of something: "number of deaths", "74 of the deceased", "70% of tickets".
    base = noun if noun is not None else anchor
    if noun is None or _lemma(noun) in lex.measure or _lemma(noun) in lex.generic:
        obj = _of_object(base)
        if obj is None:
            obj = _fronted_of(t)
        if obj is not None:
            words = [w for w in words if _lemma(w) not in lex.generic] + _modifiers(obj, span) + [obj]
    verb = _verb_of(base)
    content = [w for w in words if _lemma(w) not in lex.generic and _lemma(w) not in lex.units]
    if verb is not None and (not content or all(_lemma(w) in lex.measure for w in content)):
        # A generic count: the verb and its subject or object say what it is
        # ("the toll rose to 115", "put the magnitude at 5.6", "120 people were killed").
        head = base if noun is None else noun
        own = {head.i, *span, *(w.i for w in words)}
        other = None
        if head.dep_ == "pobj":
            # "revised the toll to 97", "put the magnitude at 5.6": the object is what changed.
            other = _object(verb, own)
        # A counted noun the verb takes as its object is what the verb did to it ("the fire killed
        # 97 people": people killed, not the fire); a bare figure it takes is its subject's ("the
        # toll reached 115").
        counted_object = noun is not None and head.dep_ == "dobj"
        if (other is None or other.pos_ in _PRONOUNS) and head.dep_ not in ("nsubj", "nsubjpass") and not counted_object:
            other = _subject(verb, own)
        if other is None or other.pos_ in _PRONOUNS:
            other = _object(verb, own)
        if other is None and verb.dep_ == "acl" and verb.head.pos_ in _NOUNS and verb.head.i not in own:
            other = verb.head  # "a deal valued at $68.7 billion": the deal's value, not a bare "value"
        if other is not None and _named(other):
            other = None
        if other is not None and other.pos_ in _NOUNISH and not _is_value_word(other):
            inner = _of_object(other) if _lemma(other) in lex.measure or _lemma(other) in lex.generic else None
            if inner is None and _lemma(other) in lex.generic:
                inner = _described(other)
            target = inner or other
            words = [*content, *_modifiers(target, span), target]
            # "the number of people unaccounted for": the clause may hang from either noun.
            acl = [c for n in dict.fromkeys((target, other)) for c in n.children
                   if c.dep_ in ("acl", "relcl", "amod") and c.pos_ in ("VERB", "ADJ") and c.i > n.i]
            acl = acl or [c for c in target.children if c.dep_ in ("acl", "relcl", "amod") and c.pos_ in ("VERB", "ADJ")]
            words.extend(acl[:1])
        else:
            words = content
        scale = _scale(verb)
        if scale:
            words = scale  # "the quake measured 6.4 on the Richter scale": the scale names what is measured
            keep.update(w.i for w in scale)  # its name too ("Richter")
        if not any(_lemma(w) not in lex.measure for w in words) and _lemma(verb) not in lex.reporting and not _named(verb):
            words.append(verb)
            words.extend(_verb_particles(verb))
            if _lemma(verb) in lex.light | lex.level:
                # "40 people remain in hospital", "15 people are under arrest": where they are says what they are.
                words.extend(_state_of(verb, own)[:1])
        if not any(_lemma(w) not in lex.measure for w in words):
            # "31 people are now listed as unaccounted for": the verb's complement says what they are.
            words.extend(_complements(verb)[:1])
    # "people killed": a participle after the counted noun says what happened to them.
    if noun is not None and _lemma(noun) in lex.generic and (described := _described(noun)) is not None:
        words.append(described)  # also "385 people who were unaccounted for
    elif noun is not None and _lemma(noun) in lex.generic and (where := _state_of(noun, span)):
        words = where[:2]  # "the plane crashed with 133 people on board": who they are, not the plane
    # "shares fell 1.8%", "had gained 37.6%", "cut by 5%": a figure a change verb takes directly
    # is the size of the change, and the change is part of what it measures; a share that
    # changed is the change of the verb's subject ("Microsoft shares fell 1.8% premarket").
    if verb is not None and _is_change_amount(noun if noun is not None else anchor, verb):
        subject = _shared_subject(verb, span)
        percent = any(anchor.doc[i].lower_ in ("%", "percent", "pc") for i in span)
        if percent and subject is not None and subject.pos_ in _NOUNISH and not _named(subject) and subject.pos_ not in _PRONOUNS:
            words = [*_modifiers(subject, span), subject]
        if verb not in words:
            words.append(verb)
    predicate = ""
    subject_np = noun if noun is not None else anchor
    if verb is not None and subject_np.dep_ in ("nsubj", "nsubjpass") and subject_np.head.i == verb.i:
        if _lemma(verb) not in lex.light and _lemma(verb) not in lex.reporting and not _named(verb):
            predicate = _lemma(verb)
            if verb not in words:
                words.append(verb)
    seen: set[int] = set()
    ordered = []
    for w in sorted(words, key=lambda w: w.i):
        if w.i not in seen and w.i not in span and (not _named(w) or w.i in keep):
            seen.add(w.i)
            ordered.append(w)
    return _Parts(ordered, noun, verb, predicate)


def _is_change_amount(t: "Token", verb: "Token") -> bool:
    """Whether `t` (a value or its noun) is how much `verb`, a change verb, changed by ("fell 2.4%", "rose by 5%")."""
    lex = lexicon()
    if _lemma(verb) not in lex.change or _lemma(verb) in lex.level:
        return False
    if t.dep_ == "pobj" and t.head.lower_ == "by":
        return t.head.head.i == verb.i
    return t.head.i == verb.i and t.dep_ in ("dobj", "npadvmod", "advmod")


def _entity_text(t: "Token") -> str:
    """The named entity a token is part of, or the token's own compound phrase."""
    doc = t.doc
    if t.ent_type_:
        for ent in doc.ents:
            if ent.start <= t.i < ent.end:
                return ent.text
    parts = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return " ".join([*(c.text for c in parts), t.text])


def _holder_token(t: "Token") -> str:
    if t.pos_ in _PRONOUNS:
        return ""
    if t.pos_ == "PROPN" or t.ent_type_ in HOLDER_LABELS:
        return _entity_text(t)
    return ""


def normalise_name(text: str) -> str:
    """A holder, source or qualifier folded for comparison ("Tinubu's" -> "tinubu")."""
    text = text.replace("’", "'")
    if text.endswith("'s"):
        text = text[:-2]
    words = [w for w in text.lower().replace("'", " ").split() if w not in ("the", "a", "an")]
    return " ".join(words)


# A holder given by a pronoun or "the firm": resolved against the article's organisations (`refer_holders`).
REFERRED = "\x00referred"
REFERRED_ORG = "\x00referred organisation"
REFERRED_PERSON = "\x00referred person"
# The names each pointer may take: "its" may be a country's, "the firm" is not; the small model
# tags many companies PERSON ("GlaxoSmithKline"), so an organisation may be one of those.
_REFERENT_LABELS = {REFERRED: ("ORG", "PERSON", "GPE"), REFERRED_ORG: ("ORG", "PERSON"), REFERRED_PERSON: ("PERSON",)}
# Possessives only: a subject "it" is as often no one ("it was necessary to justify the delay").
_REFERRING = frozenset({"its", "their"})
# "He was ordered to forfeit $11 billion", "his sentence": a person (possessive or passive subject only).
_REFERRING_PERSON = frozenset({"he", "she", "his", "her", "him"})


# Words a name's initials skip ("Competition and Markets Authority" is CMA).
_UNINITIALLED = frozenset({"and", "of", "the", "for", "s", "&"})


def _initials(name: str) -> str:
    """A name's initials, a short word whole ("us geological survey": "usgs")."""
    return "".join(w if len(w) <= 2 else w[0] for w in name.split() if w not in _UNINITIALLED)


def names_meet(a: str, b: str) -> bool:
    """Whether two folded names may name one holder or source: a word in common, or one an acronym
    of words of the other ("cma" and "the uk s competition and markets authority", "usgs" and
    "us geological survey")."""
    wa, wb = set(a.split()), set(b.split())
    if wa & wb:
        return True
    for short, long_ in ((a, b), (b, a)):
        if " " not in short and 2 <= len(short) <= 6 and short.isalpha() and " " in long_ and short in _initials(long_):
            return True
    return False


def _refers(t: "Token") -> str:
    """What a token points back to: `REFERRED_PERSON` for "he", "his", `REFERRED` for "its",
    `REFERRED_ORG` for "the firm"; else ""."""
    if t.lower_ in _REFERRING_PERSON:
        # "his sentence", "he was ordered to forfeit": whose it is; an active "he ordered a forfeiture"
        # is who did it, and the value may be another's.
        return REFERRED_PERSON if t.dep_ in ("poss", "nsubjpass") else ""
    if t.lower_ in _REFERRING:
        return REFERRED
    if t.pos_ == "NOUN" and _lemma(t) in lexicon().organisations and any(c.lower_ == "the" for c in t.children):
        return REFERRED_ORG
    return ""


def _holder(anchor: "Token", parts: _Parts, span: set[int]) -> str:
    """Whose value it is: a possessor, "for X"/"by X", "X with N", or the named subject of the verb.

    A possessor or subject that points back ("its profits", "the firm said",
    "his sentence") gives `REFERRED` (or `REFERRED_PERSON`) when nothing names
    the holder, for `refer_holders` to resolve.
    """
    referred = ""
    candidates = [t for t in (parts.noun, anchor) if t is not None]
    for t in candidates:
        for child in t.children:
            if child.dep_ == "poss":
                if (who := _holder_token(child)):
                    return who
                referred = referred or _refers(child)
            if child.dep_ == "prep" and child.lower_ in ("for", "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and (who := _holder_token(obj)):
                        return who
    # "Atiku Abubakar with 6,984,520": the entity just before "with".
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "with":
        prep = anchor.head
        doc = anchor.doc
        for ent in doc.ents:
            if ent.label_ in HOLDER_LABELS and 0 < prep.i - ent.end + 1 <= 2:
                return ent.text
        if prep.head.pos_ == "PROPN":
            return _entity_text(prep.head)
    # "Tinubu polled 8,794,726 votes": the named subject of the verb whose object the value is;
    # not of the whole a part is taken from ("got 8,794,726 votes from the 24,025,940 valid votes").
    head = parts.noun or anchor
    whole = head.dep_ == "pobj" and head.head.lower_ in ("from", "out") and parts.verb is not None and _object(parts.verb, span) is not None
    # "The USGS put the magnitude at 5.6", "officials estimated the damage at $2bn": who puts a figure
    # at a value states it (the source), it does not own it.
    stated = head.dep_ == "pobj" and head.head.lower_ == "at" and parts.verb is not None and _lemma(parts.verb) in lexicon().reporting
    if head.dep_ in ("dobj", "attr", "pobj", "npadvmod") and parts.verb is not None and not whole and not stated:
        subject = _shared_subject(parts.verb, span | {head.i})
        if subject is not None and (who := _holder_token(subject)):
            return who
        if subject is not None:
            referred = referred or _refers(subject)
            # "The candidate of the APC, Bola Tinubu, has been declared winner with ...": the apposed name.
            for child in subject.children:
                if child.dep_ == "appos" and (who := _holder_token(child)):
                    return who
            for child in subject.children:
                # "Tinubu's share", "Microsoft shares fell 1.8%": the subject's owner.
                if child.dep_ in ("poss", "compound") and (who := _holder_token(child)):
                    return who
                if child.dep_ == "poss":
                    referred = referred or _refers(child)
    return referred


def _holder_of(anchor: "Token", parts: _Parts, span: set[int]) -> str:
    """The fact's holder, folded: its own, else its asker's; a pointer back (`REFERRED`) is kept for `refer_holders`."""
    holder = _holder(anchor, parts, span)
    asker = "" if holder and holder not in _REFERENT_LABELS else _proposer(anchor)
    if asker:
        return normalise_name(asker)
    return holder if holder in _REFERENT_LABELS else normalise_name(holder)


def _asked_beside(verb: "Token") -> "Token":
    """The request a misparse hangs beside the clause it governs, or `verb` itself.

    "Prosecutors recommended Bankman-Fried receives 40 to 50 years, the Times
    reported": both verbs come out as the report's clauses, the request first.
    """
    lex = lexicon()
    if verb.dep_ != "ccomp" or verb.head.i == verb.i or _lemma(verb.head) not in lex.reporting:
        return verb
    asked = [s for s in verb.head.children if s.i < verb.i and s.dep_ == "ccomp" and _lemma(s) in lex.request]
    return asked[-1] if asked else verb


def _proposer(anchor: "Token") -> str:
    """Who asks for a value ("prosecutors sought 50 years", "his lawyers asked for 6 1/2"): a request is its asker's.

    The prosecution's and the defence's requests are two facts, not one stated two ways.
    """
    lex = lexicon()
    for anc in anchor.ancestors:
        anc = _asked_beside(anc)
        if anc.pos_ == "VERB" and _lemma(anc) in lex.request:
            subject = _subject(anc, {anchor.i})
            if subject is None or subject.pos_ in _PRONOUNS or subject.dep_ == "nsubjpass":
                return ""
            if (who := _holder_token(subject)):
                return who
            return " ".join(_lemma(w) for w in [*_modifiers(subject, set()), subject])
        if anc.pos_ == "VERB" and _lemma(anc) in lex.reporting:
            return ""
    return ""


def _qualifiers(parts: _Parts, anchor: "Token") -> tuple[str, ...]:
    """Places that narrow the value: "in the northern state", "at Balasore station"."""
    found: list[str] = []
    for t in (parts.noun, anchor, parts.verb):
        if t is None:
            continue
        for child in t.children:
            if child.dep_ != "prep" or child.lower_ not in ("in", "at", "across", "within", "inside", "outside"):
                continue
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                ents = [e for e in obj.doc.ents if e.label_ in PLACE_LABELS and obj.left_edge.i <= e.start and e.end <= obj.right_edge.i + 1]
                found.extend(normalise_name(e.text) for e in ents)
    return tuple(dict.fromkeys(found))


def _source(anchor: "Token", doc: "Doc", own: set[int] | None = None) -> tuple[str, bool]:
    """Who states the value ("according to X", or the subject of a reporting verb above it), and whether it is named."""
    lex = lexicon()
    for t in doc:
        if t.lower_ == "according":
            for prep in t.children:
                if prep.lower_ == "to":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            named = any(w.pos_ == "PROPN" or w.ent_type_ in HOLDER_LABELS for w in obj.subtree)
                            return normalise_name(_entity_text(obj) if obj.pos_ == "PROPN" else " ".join(
                                w.text for w in obj.subtree if w.pos_ not in ("DET", "PUNCT"))), named
    own = own or set()
    for anc in anchor.ancestors:
        if anc.pos_ == "VERB" and _lemma(anc) in lex.reporting:
            subject = _subject(anc, {anchor.i, *own})
            if subject is not None and subject.dep_ == "nsubjpass":
                # "X has been declared winner": X is what is reported; the source is the agent ("by Y"), if any.
                agents = [o for c in anc.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
                subject = agents[0] if agents else None
            if subject is None or subject.pos_ in _PRONOUNS:
                continue
            if subject.pos_ == "PROPN" or subject.ent_type_:
                return normalise_name(_entity_text(subject)), True
            words = [w for w in subject.subtree if w.pos_ not in ("DET", "PUNCT")]
            named = any(w.pos_ == "PROPN" or w.ent_type_ in HOLDER_LABELS for w in words)
            return normalise_name(" ".join(w.text for w in words[:6])), named
    return "", False


def _modality(anchor: "Token", parts: _Parts) -> str:
    lex = lexicon()
    for t in [anchor, *anchor.ancestors]:
        if t.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            return NEGATED
        if _lemma(t) in lex.request or _lemma(_asked_beside(t)) in lex.request:
            return PROPOSED
        if _lemma(t) in lex.modal or any(c.dep_ == "aux" and _lemma(c) in lex.modal for c in t.children):
            return EXPECTED
        if _lemma(t) in lex.reporting:
            break  # what a source says is asserted by the source, whatever comes above
    return ASSERTED


def _role(anchor: "Token") -> str:
    """PREVIOUS for a figure the sentence marks as the earlier one: "from 115", "down from 66"."""
    t = anchor
    while t.dep_ in ("quantmod", "nummod", "compound", "advmod") and t.head.i != t.i:
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "from":
        prep = t.head
        if prep.head.lower_ in ("down", "up") or any(s.lower_ == "to" for s in prep.head.children):
            return PREVIOUS
        if _lemma(prep.head) in lexicon().change or prep.head.pos_ == "ADV":
            return PREVIOUS  # not any verb: "got 8,794,726 votes from the 24,025,940 cast" is a part of a whole
    return CURRENT


def _dated_by(anchor: "Token", parts: _Parts, times: list[tuple[Slot, list["Token"]]]) -> Slot | None:
    """The time slot of the value's own clause, when one is attached to its verb or noun.

    Failing that, the time of the report that states it ("the Railways on
    Saturday said the number of deaths is 288"): a tally holds as of when it
    was given.
    """
    targets = {t.i for t in (parts.verb, parts.noun, anchor) if t is not None}
    reporter = _reporting_verb(anchor)
    reported = set()
    if reporter is not None:
        reported = {reporter.i, *(c.i for c in reporter.children if c.dep_ in ("nsubj", "nsubjpass"))}
    fallback = None
    for slot, tokens in times:
        if not tokens:
            continue
        root = _anchor(tokens)
        chain = [root, *root.ancestors][:4]
        if any(t.i in targets for t in chain[1:]):
            return slot
        if fallback is None and any(t.i in reported for t in chain[1:3]):
            fallback = slot
    return fallback


def _reporting_verb(anchor: "Token") -> "Token | None":
    """The nearest reporting verb above a value ("said", "announced"), if any."""
    reporting = lexicon().reporting
    for anc in anchor.ancestors:
        if anc.pos_ == "VERB" and _lemma(anc) in reporting:
            return anc
    return None


def _time_attribute(anchor: "Token", span: set[int]) -> tuple[list["Token"], "Token | None"]:
    """What a date dates: the noun it modifies ("the Aug. 8 wildfire") or its verb and the verb's subject."""
    lex = lexicon()
    doc = anchor.doc
    after = max(span) + 1
    while after < len(doc) and doc[after].pos_ == "PROPN" and after - max(span) <= 2:
        after += 1  # "the Aug. 8 Lahaina wildfires"
    if after < len(doc) and doc[after].pos_ == "NOUN" and doc[after].i not in span:
        return [doc[after]], None
    t = anchor
    while t.dep_ in ("nummod", "compound", "nmod", "npadvmod", "amod", "appos") and t.head.i != t.i and t.head.i in span:
        t = t.head
    if t.dep_ in ("compound", "nmod", "amod", "poss") and t.head.pos_ in _NOUNS:
        noun = t.head
        return [*_modifiers(noun, span), noun], None
    verb = _verb_of(t)
    if verb is None or _lemma(verb) in lex.reporting:
        return [], verb
    own = {t.i, *span}
    # The occasion a date dates, when its clause names one: the noun a participle describes ("the
    # election held on February 26") or the occasion the verb is in ("voted in the election on 25
    # February"), not who took part.
    occasion = lex.events | lex.incidents
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ == "NOUN" and _lemma(verb.head) in occasion:
        return [*_modifiers(verb.head, span), verb.head], verb
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "during"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and _lemma(obj) in occasion and obj.i not in own:
                    return [*_modifiers(obj, span), obj], verb
    subject = _subject(verb, own)
    words = [verb]
    if subject is not None and subject.pos_ in _NOUNS:
        words = [*_modifiers(subject, span), subject, verb]
    return words, verb


def _entity_counts(claim: Claim, doc: "Doc") -> list[Slot]:
    """Counts the parser sees that the pattern extractor left out on purpose, where the parse
    shows what they count: a partitive subject or object ("74 of the deceased have been identified")."""
    from claimcheck.extract.quantity import extract as extract_quantities

    taken = [(s.start, s.end) for s in claim.slots]
    found = []
    for ent in doc.ents:
        if ent.label_ != "CARDINAL" or any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        root = ent.root
        if root.dep_ not in ("nsubj", "nsubjpass", "dobj") or _of_object(root) is None:
            continue
        for slot in extract_quantities(ent.text, claim.published):
            found.append(Slot(slot.kind, slot.raw, slot.start + ent.start_char, slot.end + ent.start_char, slot.value, slot.normalized, slot.subject))
    return found


_CURRENCY_TAIL_RE = re.compile(r"(?:\s+[A-Za-z$€£¥.]+){0,3}\s*")


def _conversions(slots: Sequence[Slot], text: str) -> set[int]:
    """The sums given in brackets after another sum, as its conversion: "1.33bn Australian dollars ($1bn; £550m)".

    A conversion restates the figure before it in another currency at some
    exchange rate; it is not a claim of its own, and two articles' conversions
    differ by the day's rate, not by what happened.
    """
    figures = [s for s in slots if isinstance(s.value, Quantity)]
    found = set()
    for slot in figures:
        if slot.value.dimension != MONEY:
            continue
        opened = text.rfind("(", 0, slot.start)
        if opened < 0 or ")" in text[opened:slot.start]:
            continue
        # Right before the bracket: a figure, and at most its currency's words ("1.33bn Australian dollars (").
        if any(f.end <= opened and _CURRENCY_TAIL_RE.fullmatch(text[f.end:opened]) for f in figures if f is not slot):
            found.add(id(slot))
    return found


MAGNITUDE = "magnitude"
AGE = "age"
# The oldest age read from a bare number ("the suspect, 46,").
MAX_AGE = 115
_AGE_CLIMB = frozenset({"amod", "compound", "nummod", "npadvmod", "appos", "quantmod", "pobj", "prep", "acl", "dobj",
                        "punct", "advmod", "acomp"})


def _age_of(anchor: "Token", slot: Slot, text: str) -> "Token | None":
    """The person whose age a value is, or None when it is not an age.

    An age as the extractor reads it ("a 17-year-old girl", "a girl aged 16"),
    the object of "the age of" ("died at the age of 87"), or a bare whole number
    in apposition between commas ("the suspect, 46, was arrested"): news style
    for an age. Its person is the noun it describes, or the subject of the verb
    it hangs from.
    """
    q = slot.value
    if not isinstance(q, Quantity):
        return None
    if q.dimension == "count":
        whole = q.low == q.high and q.low.is_integer() and 0 < q.low <= MAX_AGE and q.hedge == ""
        between_commas = text[: slot.start].rstrip().endswith(",") and text[slot.end :].lstrip()[:1] in (",", ")")
        of_age = anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and _lemma(anchor.head.head) == "age"
        if not whole or not ((anchor.dep_ == "appos" and between_commas) or of_age):
            return None
    elif not (q.dimension == AGE and q.source_unit == "year"):
        return None
    t = anchor
    for _ in range(6):
        head = t.head
        if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and _lemma(t) == "old":
            return t  # "the 24-year-old reached the mark": someone named before (`_age_fact` says who: no one)
        if head.i == t.i or t.dep_ not in _AGE_CLIMB:
            return None
        if head.pos_ in ("VERB", "AUX") and t.dep_ != "dobj" and head.dep_ not in ("acl", "amod"):
            subject = _subject(head, set())
            if subject is not None and subject.lower_ in _RELATIVE_PRONOUNS and head.dep_ == "relcl":
                subject = head.head  # "the actor, who died aged 86"
            return subject if subject is not None and subject.pos_ in ("NOUN", "PROPN") else None
        if head.pos_ in ("NOUN", "PROPN") and _lemma(head) not in ("year", "age", "old"):
            return head
        t = head
    return None


def _magnitude_fact(fact: Fact) -> Fact:
    """A quake's magnitude, however written: "a 6.4-magnitude quake" (the unit says what it measures)
    and "a magnitude of 6.4", "put the magnitude at 6.4", "6.4 on the Richter scale" (the attribute
    does) are one kind of value, so they meet."""
    q = fact.slot.value
    slot = fact.slot
    if q.dimension == "count":
        normalized = f"{q.low:g} magnitude" if q.low == q.high else slot.normalized
        slot = replace(slot, value=replace(q, unit="M", dimension=MAGNITUDE, source_unit="M"), normalized=normalized)
    text = fact.attribute_text if fact.canonical == MAGNITUDE else MAGNITUDE
    return replace(fact, slot=slot, attribute=MAGNITUDE, attribute_text=text, canonical=MAGNITUDE, bare=False)


def _age_event(anchor: "Token") -> "Token | None":
    """The event an age is given at ("signed to a label *at the age of* 15", "died at the age of
    87"): a fixed age of that event, not the person's age now."""
    of = anchor.head
    if anchor.dep_ == "pobj" and of.lower_ == "of" and _lemma(of.head) == "age":
        at = of.head.head
        if at.dep_ == "prep" and at.head.pos_ in ("VERB", "AUX"):
            return at.head
    return None


def _age_fact(fact: Fact, person: "Token", anchor: "Token") -> Fact:
    """A value read as an age: the age of its person (a common noun; a named person's is a form fact).

    Its attribute is "age", open (not a lexicon class): "the singer" of one
    article and "the singer" of another are two people unless their sentences
    share what they are about (`candidates.contexts_differ`). An age at an
    event ("signed at the age of 15") is the age of that event: "age sign".
    """
    q = fact.slot.value
    slot = fact.slot
    if q.dimension == "count":
        age = Quantity(q.low, q.high, "year", AGE, q.hedge, 1.0, 0.5, "year")
        slot = replace(slot, value=age, normalized=f"{q.low:g} years old")
    if _lemma(person) == "old":
        # "The 24-year-old reached the mark": the person named before, but which one is beyond a
        # rule (the lead's subject in a profile, the last named in a results round-up), so no one.
        return replace(fact, slot=slot, attribute=AGE, attribute_text=AGE, canonical="", holder="", bare=False)
    who = _lemma(person)
    event = _age_event(anchor)
    attribute = f"{AGE} {_lemma(event)}" if event is not None else AGE
    text = f"age of the {who}" + (f" when {event.text}" if event is not None else "")
    return replace(fact, slot=slot, attribute=attribute, attribute_text=text, canonical="", holder=who, bare=False)


def is_age(fact: Fact) -> bool:
    """Whether a fact is a person's age (now, or at an event)."""
    return fact.attribute.split()[:1] == [AGE] and getattr(fact.slot.value, "dimension", "") == AGE


def sentence_facts(claim: Claim, doc: "Doc") -> tuple[Fact, ...]:
    """The facts of one sentence's value slots, read from its parse."""
    lex = lexicon()
    slots = [*claim.slots, *_entity_counts(claim, doc)]
    located = [(slot, _span_tokens(doc, slot.start, slot.end)) for slot in slots]
    times = [(slot, toks) for slot, toks in located if slot.kind == TIME]
    # A figure the small model tags as a name ("the death toll rose to 288") names nothing.
    names = tuple(sorted({normalise_name(e.text) for e in doc.ents
                          if e.label_ in HOLDER_LABELS | PLACE_LABELS and any(ch.isalpha() for ch in e.text)}))
    facts: list[Fact] = []
    counted: list[bool] = []  # per fact: whether its attribute is its own (not left to a sibling figure)
    converted = _conversions(slots, claim.sentence.text)
    for slot, tokens in located:
        if slot.kind not in FACT_KINDS or not tokens or id(slot) in converted:
            continue
        span = {t.i for t in tokens}
        anchor = _anchor(tokens)
        reference = ""
        if slot.kind == TIME:
            if getattr(slot.value, "granularity", "") not in _EVENT_GRANULARITIES:
                continue
            words, verb = _time_attribute(anchor, span)
            if not words:
                continue
            parts = _Parts(words, None, verb)
        else:
            parts = _attribute_parts(anchor, span)
            if getattr(slot.value, "dimension", "") == "duration":
                parts = _duration_parts(parts)
            reference = _distance_from(tokens) if getattr(slot.value, "dimension", "") == "length" else ""
        lemmas = [_lemma(w) for w in parts.words]
        content = [w for w in lemmas if w not in lex.generic or w in lex.canonical]
        if reference:
            content = ["distance"]  # "250 km south of Kolkata": the distance from Kolkata, whatever the verb
        if not content:
            continue
        attribute = " ".join(content)
        source, source_named = _source(anchor, doc, {w.i for w in parts.words} | ({parts.noun.i} if parts.noun is not None else set()))
        facts.append(
            Fact(
                article=claim.article,
                sentence=claim.sentence.index,
                slot=slot,
                attribute=attribute,
                attribute_text=" ".join(w.text for w in parts.words),
                canonical=canonical_attribute([w for w in content if w != parts.predicate], parts.predicate),
                holder=_holder_of(anchor, parts, span),
                qualifiers=(reference,) if reference else _qualifiers(parts, anchor),
                source=source,
                source_named=source_named,
                time=None if slot.kind == TIME else _dated_by(anchor, parts, times),
                modality=_modality(anchor, parts),
                role=_role(anchor) if slot.kind == QUANTITY else CURRENT,
                names=tuple(n for n in names if n != source and n not in source),
                speaker=source if source in names else "",
                bare=parts.noun is None and slot.kind == QUANTITY,
            )
        )
        if slot.kind == QUANTITY and (slot.value.dimension == MAGNITUDE or (
                facts[-1].canonical == MAGNITUDE and slot.value.dimension == "count" and 0 < slot.value.high < 10)):
            facts[-1] = _magnitude_fact(facts[-1])
        if slot.kind == QUANTITY and (person := _age_of(anchor, slot, claim.sentence.text)) is not None:
            if _named(person):
                facts.pop()  # a named person's age is a form fact (claimcheck.forms), dated and compared there
                continue
            facts[-1] = _age_fact(facts[-1], person, anchor)
        # Only a figure that is some verb's object may be elliptical ("secured 8,794,726 to ..."); a
        # subject has its own predicate ("288 have died and over 800 have been reported injured").
        counted.append(parts.noun is not None or (parts.noun or anchor).dep_ not in _ELLIPTICAL_DEPS)
    return tuple([*_fill_ellipsis(facts, counted), *_venue_facts(claim, doc, times)])


@dataclass(frozen=True)
class Venue:
    """Where an occasion took place, as the parse reads it: "the county building in Wailuku".

    `head` is the site's noun ("building"), `words` its content lemmas, `names`
    the proper names in it ("wailuku").
    """

    head: str
    words: tuple[str, ...]
    names: tuple[str, ...]


def venues_agree(a: Venue, b: Venue) -> bool:
    """Whether two venues can be one site: one is inside or a looser name of the other.

    "near the city of Balasore" and "near the Bahanaga Bazar station in Balasore"
    agree (a city holds the station); "the county building in Wailuku" and "the
    Wailuku Police Station" do not: two kinds of building, each named.
    """
    facilities = lexicon().facilities
    if a.head in facilities and b.head in facilities and a.head != b.head:
        return False
    return bool(set(a.words) & set(b.words)) or set(a.words) <= set(b.words) or set(b.words) <= set(a.words)


def _site_words(site: "Token") -> list["Token"]:
    """A site's noun phrase without what is listed after it: "the county building in Wailuku[, Chief X, ...]"."""
    def core(noun: "Token") -> list["Token"]:
        return [*(w for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") for w in c.subtree if w.pos_ != "PUNCT"), noun]

    words = core(site)
    for prep in site.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "on"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOUNS:
                    words += [prep, *core(obj)]
            break
    return sorted({w.i: w for w in words if w.pos_ != "DET"}.values(), key=lambda w: w.i)


def _venue_facts(claim: Claim, doc: "Doc", times: list[tuple[Slot, list["Token"]]]) -> list[Fact]:
    """A venue fact for each occasion held at a named site: "a news conference ... at the county building in Wailuku".

    The occasion (from `event_nouns`) is the attribute; the site is the object
    of "at" on the occasion's noun or on the verb it hangs from, when the site
    is a facility noun or carries a name.
    """
    lex = lexicon()
    found: list[Fact] = []
    for t in doc:
        if t.pos_ != "NOUN" or _lemma(t) not in lex.events:
            continue
        owners = [t]
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "NOUN"):
            owners.append(t.head.head)  # "speaking at a news conference at the building": the verb's other "at"
        elif t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.head.pos_ == "VERB":
            owners.append(t.head)  # "the summit was held at the Peace Palace"
        site = None
        for owner in owners:
            for prep in owner.children:
                if prep.dep_ == "prep" and prep.lower_ == "at" and prep.i != t.head.i:
                    site = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in _NOUNS), None)
                    if site is not None:
                        break
            if site is not None:
                break
        if site is None or _lemma(site) in lex.events:
            continue
        span = _site_words(site)
        names = tuple(sorted({normalise_name(w.text) for w in span if w.pos_ == "PROPN"}))
        if _lemma(site) not in lex.facilities and not names:
            continue
        start, end = span[0].idx, span[-1].idx + len(span[-1].text)
        words = tuple(_lemma(w) for w in span if w.pos_ in ("NOUN", "PROPN", "ADJ"))
        raw = claim.sentence.text[start:end]
        slot = Slot(PLACE, raw, start, end, Venue(_lemma(site), words, names), raw.lower(), "venue")
        occasion = [*_modifiers(t, set()), t]
        source, named = _source(t, doc)
        found.append(Fact(
            article=claim.article, sentence=claim.sentence.index, slot=slot,
            attribute=" ".join(_lemma(w) for w in occasion), attribute_text=" ".join(w.text for w in occasion),
            source=source, source_named=named,
            time=_dated_by(t, _Parts(occasion, t, _verb_of(t)), times),
        ))
    return found


def _distance_from(tokens: list["Token"]) -> str:
    """The place a length is measured from: "250 km south of Kolkata", "280 km from Howrah", "30 miles away from X".

    The parse of such phrases varies (the preposition may even head the
    length), so the words right after the value are read: an optional
    direction or "away", then "from" or "of", then a name.
    """
    doc = tokens[0].doc
    i = tokens[-1].i + 1
    if i < len(doc) and doc[i].lower_ in _DIRECTIONS:
        i += 1
    if i >= len(doc) or doc[i].lower_ not in ("from", "of"):
        return ""
    i += 1
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    if i >= len(doc) or not (doc[i].ent_type_ in PLACE_LABELS or doc[i].pos_ == "PROPN"):
        return ""
    for ent in doc.ents:
        if ent.start <= i < ent.end:
            return normalise_name(ent.text)
    return normalise_name(doc[i].text)


def _duration_parts(parts: _Parts) -> _Parts:
    """A length of time measures what its verb does ("will serve 17 to 20 years", "sentenced to 25 years").

    Without a noun of its own ("a 37-minute delay"), the subject of the verb is
    who does it, not what is measured.
    """
    lex = lexicon()
    verb = parts.verb
    if parts.noun is not None and _lemma(parts.noun) not in lex.units:
        return parts
    if verb is None or _lemma(verb) in lex.light or _lemma(verb) in lex.reporting or _named(verb):
        return parts
    words = [verb, *_verb_particles(verb)]
    return _Parts(sorted(words, key=lambda w: w.i), parts.noun, verb, parts.predicate)


def _complements(verb: "Token") -> list["Token"]:
    """What a verb says its subject is: "remain missing", "listed as unaccounted for"."""
    found = [c for c in verb.children if c.dep_ in ("acomp", "oprd") and c.pos_ in ("ADJ", "VERB", "NOUN")]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            found.extend(c for c in prep.children if c.dep_ in ("amod", "acomp", "pobj") and c.pos_ in ("ADJ", "VERB", "NOUN"))
    return found


_STATE_PREPOSITIONS = frozenset({"in", "on", "under", "aboard"})


def _state_of(t: "Token", skip: set[int]) -> list["Token"]:
    """Where a verb or a generic noun puts its people, when that says what they are: "remain in
    *hospital*", "people *on board*", "under *arrest*"; never a name, a value or a time."""
    for prep in t.children:
        if prep.dep_ != "prep" or prep.lower_ not in _STATE_PREPOSITIONS or prep.i in skip:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and not _named(obj) and not _is_value_word(obj):
                return [prep, obj] if prep.lower_ in ("on", "aboard") else [obj]
    return []


def _scale(verb: "Token") -> list["Token"]:
    """The scale a verb's value is read on ("measured 6.4 on the *Richter scale*"), or []."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "on":
            for obj in prep.children:
                if obj.dep_ == "pobj" and _lemma(obj) == "scale":
                    return [*(c for c in obj.lefts if c.dep_ in ("compound", "amod")), obj]
    return []


def _verb_particles(verb: "Token") -> list["Token"]:
    """The particles and adverbs that complete a verb's sense ("started late", "turned out", "went missing")."""
    return [c for c in verb.children if c.dep_ in ("acomp", "prt", "advmod") and c.pos_ in ("ADJ", "ADP", "ADV")
            and c.lower_ not in _EMPTY_ADVERBS]


def _fill_ellipsis(facts: list[Fact], counted: list[bool]) -> list[Fact]:
    """A bare count takes the counted noun of its sentence's other counts of the same kind.

    "secured 8,794,726 to defeat Atiku, who finished with 6,984,520 votes": the
    first figure is votes too; its own words (the verb's subject) are who holds it.
    """
    out = list(facts)
    for i, fact in enumerate(facts):
        if counted[i] or fact.kind != QUANTITY:
            continue
        kind = (fact.slot.value.dimension, fact.slot.value.unit)
        named = {
            (f.attribute, f.attribute_text, f.canonical)
            for j, f in enumerate(facts)
            if j != i and counted[j] and f.kind == QUANTITY and (f.slot.value.dimension, f.slot.value.unit) == kind
        }
        if len(named) == 1:
            attribute, text, canonical = next(iter(named))
            out[i] = replace(fact, attribute=attribute, attribute_text=text, canonical=canonical)
    return out


def sentence_mentions(claim: Claim, doc: "Doc") -> tuple[NameMention, ...]:
    """The named entities of a sentence, for stories and name variants.

    The statistical NER misreads rare names (it tags "Han Chuon Naron" NORP
    and "Khan Chuon Naron" ORG); a person the people extractor found by its
    title or role ("Minister ... Han Chuon Naron") is a PERSON mention too.
    """
    found = [
        NameMention(claim.article, claim.sentence.index, ent.text, ent.label_, ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ in NAME_LABELS and any(ch.isalpha() for ch in ent.text)
    ]
    for slot in claim.slots:
        if slot.kind != PERSON:
            continue
        found = [m for m in found if not (m.start < slot.end and slot.start < m.end and m.label != "PERSON")]
        if not any(m.start < slot.end and slot.start < m.end for m in found):
            found.append(NameMention(claim.article, claim.sentence.index, slot.raw, "PERSON", slot.start, slot.end))
    return tuple(sorted(found, key=lambda m: (m.start, m.end, m.label)))


def needs_parse(claim: Claim) -> bool:
    """Whether a sentence carries anything the parse is read for: a value, or a capitalised name."""
    if any(s.kind in FACT_KINDS for s in claim.slots):
        return True
    words = claim.sentence.text.split()
    return any(w[:1].isupper() for w in words[1:])


def analyse_claims(claims: Sequence[Claim]) -> tuple[tuple[Fact, ...], tuple[NameMention, ...]]:
    """Facts and name mentions of a batch of claims, parsing only those that need it."""
    from claimcheck.analyze import parse

    todo = [c for c in claims if needs_parse(c)]
    facts: list[Fact] = []
    mentions: list[NameMention] = []
    from claimcheck.forms import form_facts  # here: forms reads facts' helpers

    for claim, doc in zip(todo, parse(c.sentence.text for c in todo)):
        facts.extend(sentence_facts(claim, doc))
        facts.extend(form_facts(claim, doc))  # values of other forms: ages, anniversaries, periods (claimcheck.forms)
        mentions.extend(sentence_mentions(claim, doc))
    facts = full_holders(refer_holders(resolve_anaphora(facts), mentions), mentions)
    # An age of no one known ("the 24-year-old" in an article that names no one before) compares with nothing.
    facts = [f for f in facts if not is_age(f) or f.holder]
    return tuple(with_context(facts, mentions)), tuple(mentions)


# Mentions in an article's first sentences (headline, lead) count this many times.
LEAD_SENTENCES = 2
LEAD_WEIGHT = 3
# The names an article is about: those weighing at least this share of its heaviest. At 0.5 a
# name its lead gives once in passing ("Ericsson ... thanks to clients like Deutsche Telekom")
# counted as much as the subject; at 0.6, on 850 BBC articles, five false findings between two
# companies' figures went and none right, and news-dev is the same.
CONTEXT_SHARE = 0.6


def article_context(mentions: Sequence[NameMention]) -> dict[str, tuple[str, ...]]:
    """Per article, the names it is mostly about: its lead's and its most repeated, folded."""
    weights: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in mentions:
        if m.label in HOLDER_LABELS | PLACE_LABELS:
            weights[m.article][normalise_name(m.text)] += LEAD_WEIGHT if m.sentence < LEAD_SENTENCES else 1
    context = {}
    for article, names in weights.items():
        top = max(names.values())
        context[article] = tuple(sorted(n for n, w in names.items() if n and w >= CONTEXT_SHARE * top))
    return context


def with_context(facts: Sequence[Fact], mentions: Sequence[NameMention]) -> list[Fact]:
    """Each fact with the names its article is mostly about (`Fact.context`)."""
    context = article_context(mentions)
    return [replace(f, context=context.get(f.article, ())) for f in facts]


def refer_holders(facts: Sequence[Fact], mentions: Sequence[NameMention]) -> list[Fact]:
    """A holder given as "its", "the firm" or "he" is the name (for "the firm" an organisation, for "he"
    a person) its article gave last before it.

    "Dr Reddy's ... The firm said its profits were 40m rupees": the profits are
    Dr Reddy's. The organisation is the last one named earlier in the sentence,
    or in the article's sentences before it; with none, the holder stays unknown.
    """
    orgs: dict[str, list[NameMention]] = defaultdict(list)
    for m in mentions:
        if m.label in _REFERENT_LABELS[REFERRED]:
            orgs[m.article].append(m)
    out = []
    for fact in facts:
        if fact.holder in _REFERENT_LABELS:
            labels = _REFERENT_LABELS[fact.holder]
            before = [m for m in orgs.get(fact.article, ()) if m.label in labels
                      and (m.sentence < fact.sentence or (m.sentence == fact.sentence and m.start < fact.slot.start))]
            last = max(before, key=lambda m: (m.sentence, m.start), default=None)
            fact = replace(fact, holder=normalise_name(last.text) if last is not None else "")
        out.append(fact)
    return out


def full_holders(facts: Sequence[Fact], mentions: Sequence[NameMention]) -> list[Fact]:
    """A holder named in short takes the full name its article gives it ("Abubakar", "Atiku" -> "atiku abubakar").

    News names a person or company in full once and in short after, so two
    articles that shorten one name differently still name one holder. Only a
    name whose longer forms in the article nest in one another is widened: a
    surname two people of the article share stays as written.
    """
    names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.label in ("PERSON", "ORG"):
            names[m.article].add(normalise_name(m.text))
    for f in facts:
        if f.holder:
            names[f.article].add(f.holder)
    out = []
    for fact in facts:
        words = set(fact.holder.split())
        longer = [n for n in names.get(fact.article, ()) if words and words < set(n.split())]
        widest = max(longer, key=lambda n: len(n.split()), default="")
        if widest and all(set(n.split()) <= set(widest.split()) for n in longer):
            fact = replace(fact, holder=widest)
        out.append(fact)
    return out


# How many sentences back "the number" may point.
ANAPHORA_REACH = 3


def is_anaphoric(fact: Fact) -> bool:
    """Whether a fact's attribute says nothing of its own: "the number had fallen to 850", "the list has 388 names"."""
    lex = lexicon()
    return not any(
        w in lex.canonical or w not in (lex.generic | lex.measure | lex.change | lex.light)
        for w in fact.attribute.split()
    )


def resolve_anaphora(facts: Sequence[Fact]) -> list[Fact]:
    """An anaphoric fact takes the attribute of the nearest earlier fact of its article with the same kind of value.

    "The number of people unaccounted for topped 1,000. ... Bissen said the number
    had fallen to 850": both are the missing count. Facts are in article order.
    """
    out = list(facts)
    for i, fact in enumerate(facts):
        if fact.kind != QUANTITY:
            continue
        # A bare figure named only by its verb ("scored 1,496,687") is the count the article was
        # giving when that count is a lexicon one (votes); one named by nothing takes any count.
        loose = fact.bare and not fact.canonical and " " not in fact.attribute
        if not (is_anaphoric(fact) or loose):
            continue
        kind = (fact.slot.value.dimension, fact.slot.value.unit)
        for j in range(i - 1, -1, -1):
            earlier = out[j]
            if earlier.article != fact.article or fact.sentence - earlier.sentence > ANAPHORA_REACH:
                break
            if earlier.kind != QUANTITY or (earlier.slot.value.dimension, earlier.slot.value.unit) != kind or is_anaphoric(earlier):
                continue
            if is_anaphoric(fact):
                out[i] = replace(fact, attribute=earlier.attribute, attribute_text=earlier.attribute_text, canonical=earlier.canonical)
                break
            if earlier.canonical:
                # Only the class: "scored 1,496,687" after "24,025,940 total valid votes" is votes, not valid votes.
                out[i] = replace(fact, attribute=earlier.canonical, canonical=earlier.canonical)
                break
    return out
