"""Candidates: which facts speak of the same thing, found through a fact-key index.

Facts are blocked by story and by the kind of value (a count, a sum in one
currency, a length, a date): only facts in one block are ever scored, never all
pairs of the archive; across stories only facts whose holder is the same named
entity meet. Inside a block two facts of different articles are "the same
thing" when

- their attributes match: one canonical attribute from the lexicon ("people
  killed" and "death toll" are both deaths), the same lemmas, or attribute
  phrases whose embeddings (the same MiniLM model) are at least
  `ATTRIBUTE_MIN` alike; two different canonical attributes never match;
- their holders do not differ (a missing holder matches any: pronouns and
  parse errors hide many), nor their place qualifiers, nor the periods they
  measure, nor the times of two ages (now, at an event), nor (for an open
  attribute) the names their sentences give;
- their sentences are not unrelated (`SENTENCE_FLOOR`): sentence similarity
  is one signal, not the gate;

and each is the other's best match in the other article (mutual best match; two
sentences of one article are compared too, for self-contradictions, when
nearly alike), which keeps one counterpart per article instead of every
look-alike. Between counterparts an agreeing value, a nearer figure and, for a
tally, the same day tip the balance. `compatible` then says which matched
facts may share a group (`claimcheck.findings.group_facts`).
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Protocol, Sequence

import numpy as np

from claimcheck.comparecache import source_digest
from claimcheck.extract.quantity import Quantity, same_fingerprint
from claimcheck.facts import is_age, is_tally, names_meet
from claimcheck.findings import AGREE, compare_values
from claimcheck.model import FORM, NEGATED, PLACE, PROPOSED, TIME, Fact

# Measured on news-dev (see README, "How the same thing is decided").
ATTRIBUTE_MIN = 0.60
SENTENCE_FLOOR = 0.30
# A weaker attribute match is taken when the sentences nearly repeat each other.
NEAR_SENTENCE = 0.70
NEAR_ATTRIBUTE_MIN = 0.40
AGREEMENT_BONUS = 0.10
TIME_BONUS = 0.10
CLOSENESS_BONUS = 0.10
HOLDER_BONUS = 0.10
FINGERPRINT_BONUS = 0.50
# Two sentences of one article state one fact twice only when nearly the same sentence
# (a headline and its lead), or close (`NEAR_SENTENCE`) with one multi-word attribute
# ("11 member states" / "all 12 member states"): an article's two figures of one attribute
# are nearly always two facts (two quarters, two companies). 0.70 alone let 14 of 56 findings
# on 150 BBC business articles through, nearly all false; news-dev is the same at both.
SAME_ARTICLE_SENTENCE = 0.85
# Two figures more than this many times apart count different things (2 rivals, 6.98 million votes).
MAX_RATIO = 50.0
GROUP_MAX_RATIO = 1000.0
OCCASION_GAP_DAYS = 31
# A holder named on one side only: the sentences must be closer to stand for the same thing.
ONE_HOLDER_SENTENCE = 0.45


@dataclass(frozen=True, slots=True)
class Match:
    """Two facts (by index) judged to be about the same thing, and how strongly."""

    a: int
    b: int
    score: float
    attribute: float
    sentence: float


def value_block(fact: Fact) -> tuple[str, ...]:
    """What kind of value a fact holds: only facts of one block are compared."""
    if fact.kind == TIME:
        return (TIME,)
    q = fact.slot.value
    if isinstance(q, Quantity):
        return (fact.kind, q.dimension, q.unit)
    return (fact.kind,)


def holders_differ(a: Fact, b: Fact) -> bool:
    """Two named holders with no word in common ("tinubu" and "atiku abubakar"), neither an acronym of the other."""
    return bool(a.holder and b.holder and not names_meet(a.holder, b.holder))


def qualifiers_differ(a: Fact, b: Fact) -> bool:
    """Two facts narrowed to places that share nothing."""
    if not a.qualifiers or not b.qualifiers:
        return False
    wa = {w for q in a.qualifiers for w in q.split()}
    wb = {w for q in b.qualifiers for w in q.split()}
    return not (wa & wb)


def _size(q: Quantity) -> float:
    """A figure's size for telling restatements from other figures: a slipped scale word
    ("8,794,726 million") is sized by its digits, the figure it restates."""
    return abs(q.unscaled) or abs(q.high) or abs(q.low)


def magnitudes_apart(a: Fact, b: Fact, ratio: float = MAX_RATIO) -> bool:
    """Figures orders of magnitude apart, unless the same digits with a slipped scale ("8,794,726 million")."""
    qa, qb = a.slot.value, b.slot.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)):
        return False
    x, y = _size(qa), _size(qb)
    if not x or not y or max(x, y) / min(x, y) <= ratio:
        return False
    digits = lambda v: f"{v:.6g}".replace(".", "").replace("e", "").lstrip("0").rstrip("0")[:4]  # noqa: E731
    return digits(x) != digits(y)


def dates_apart(a: Fact, b: Fact) -> bool:
    """Two event dates more than `OCCASION_GAP_DAYS` apart: two occasions (this year's meeting and
    last year's), not one event dated two ways, which is off by a day or a slip of the month."""
    if a.kind != TIME or b.kind != TIME:
        return False
    va, vb = a.slot.value, b.slot.value
    gap = max((vb.start - va.end).days, (va.start - vb.end).days)
    return gap > OCCASION_GAP_DAYS


def ages_apart(a: Fact, b: Fact) -> bool:
    """Two ages of different times: a person's age now and at an event ("signed at the age of 15"),
    or at two events: two facts, whatever their figures."""
    return is_age(a) and is_age(b) and a.attribute != b.attribute


def contexts_differ(a: Fact, b: Fact) -> bool:
    """Two facts of an open attribute whose sentences name different things and nothing in common.

    "BMW's revenues rose 11%" and "DaimlerChrysler's revenues added 4%" are two
    companies' revenues even where the parse finds no holder. A sentence that
    names nothing ("Sales rose 2.8%") is about what its article is about, and
    one's named speaker may be what the other names. A lexicon attribute
    (deaths, votes) is the story's own fact, and is exempt.
    """
    if a.kind == PLACE or b.kind == PLACE:
        return False  # a venue's names are its value, not what it is about
    if a.names and b.names:
        names_a, names_b = a.names, b.names
    else:  # what the articles are about, with whatever one sentence names
        names_a, names_b = a.names + a.context, b.names + b.context
    if a.canonical or b.canonical or not names_a or not names_b:
        return False
    words_a = {w for n in names_a for w in n.split()}
    words_b = {w for n in names_b for w in n.split()}
    if words_a & words_b:
        return False
    # Who says so in one is what the other names: "Darmanin said 70% of tickets were fake" is the
    # statement another article reports of Darmanin. (Two statements of one speaker are not one.)
    said_a, said_b = set(a.speaker.split()), set(b.speaker.split())
    return not ((said_a & words_b) or (said_b & words_a))


def _same_phrase(a: Fact, b: Fact) -> bool:
    """One attribute phrase of two or more words ("member state", "death toll"), the one inside the
    other ("member state send"): specific enough to say two close sentences of one article count one thing."""
    short, long_ = sorted((a.attribute, b.attribute), key=len)
    return " " in short and f" {short} " in f" {long_} "


def closeness(a: Fact, b: Fact) -> float:
    """How near two figures are, from 1 (equal) to 0 (ten times apart or more); 0 for non-figures.

    Of two candidate counterparts the nearer figure is the likelier restatement:
    Tinubu's 8,794,726 meets his "nearly 8.8 million", not Kwankwaso's 1,496,687.
    """
    qa, qb = a.slot.value, b.slot.value
    if not (isinstance(qa, Quantity) and isinstance(qb, Quantity)):
        return 0.0
    x, y = _size(qa), _size(qb)
    if not x or not y or math.isinf(x) or math.isinf(y):
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(x / y)))


def same_time(a: Fact, b: Fact) -> int:
    """1 when both facts are dated and their dates overlap, -1 when both are dated apart, else 0."""
    if a.time is None or b.time is None:
        return 0
    ta, tb = a.time.value, b.time.value
    if not (hasattr(ta, "start") and hasattr(tb, "start")):
        return 0
    return 1 if ta.start <= tb.end and tb.start <= ta.end else -1


def periods_differ(a: Fact, b: Fact) -> bool:
    """Two measures of different periods: "grew 1.6% last year" and "shrank 0.2% in the last quarter".

    A tally is as of a time, and two times are its timeline; any other figure
    (growth, profit, a share price) is of a period, and two periods are two facts.
    """
    if a.time is None or b.time is None or is_tally(a) or is_tally(b):
        return False
    ta, tb = a.time.value, b.time.value
    if not (hasattr(ta, "start") and hasattr(tb, "start")):
        return False
    return ta.granularity != tb.granularity or not (ta.start <= tb.end and tb.start <= ta.end)


def compatible(a: Fact, b: Fact) -> bool:
    """Whether two facts may belong to one group: a group is one fact, so none of its pairs may be two.

    Matches are pairwise; without this a chain of facts with no holder would
    join Tinubu's votes to Atiku's through figures that name neither. Two
    current figures of one sentence are two facts ("8.8 million votes, while
    Atiku won 7 million"), unless the sentence itself replaces one ("275 and not 288").
    """
    if a.article == b.article and a.sentence == b.sentence and a.role == b.role and NEGATED not in (a.modality, b.modality):
        return False
    # A tally's series may run from 3,000 down to 31, so a group takes a far wider
    # spread than a pair does, but not a million-fold one (Tinubu's votes beside a slipped "million").
    return not (
        holders_differ(a, b) or qualifiers_differ(a, b) or dates_apart(a, b) or periods_differ(a, b)
        or magnitudes_apart(a, b, GROUP_MAX_RATIO) or ages_apart(a, b)
    )


def attribute_score(a: Fact, b: Fact, cosine: float) -> float:
    """How well two attributes match: 1 for one canonical attribute or the same lemmas, else the cosine.

    Two phrases with one head word ("publicly identify", "deceased identify")
    match at least as well as `ATTRIBUTE_MIN`: the rest only modifies the head
    (a bare head, "value", is too vague to take part).
    """
    if a.canonical and b.canonical:
        return 1.0 if a.canonical == b.canonical else 0.0
    if a.attribute == b.attribute:
        return 1.0
    wa, wb = a.attribute.split(), b.attribute.split()
    if len(wa) > 1 and len(wb) > 1 and wa[-1] == wb[-1]:
        return max(cosine, ATTRIBUTE_MIN)
    return cosine


class BlockMemo(Protocol):
    """Where scored blocks are kept between runs (`claimcheck.comparecache.CompareCache`)."""

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Any]: ...

    def put_many(self, items: Iterable[tuple[bytes, Any]]) -> None: ...


def candidate_matches(
    facts: Sequence[Fact],
    story_of: dict[str, str],
    attribute_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    focus: set[int] | None = None,
    memo: BlockMemo | None = None,
    fact_keys: Sequence[bytes] | None = None,
) -> list[Match]:
    """Mutual best matches between facts of different articles, block by block.

    A block's scores depend on its facts and their vectors alone. With `memo`
    and `fact_keys` (one key per fact, for what it is and its two vectors), each
    block is kept by its members' keys: a run with one new article scores again
    only the blocks it joins. The matches are the same either way.
    """
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, fact in enumerate(facts):
        if fact.kind == FORM:
            continue  # a value of another form (an age, an anniversary) meets its counterparts in claimcheck.forms
        kind = value_block(fact)
        blocks[("story", story_of.get(fact.article, ""), *kind)].append(i)
        if fact.holder and " " in fact.holder:  # a full name, not a lone word the parse may have misread
            blocks[("holder", fact.holder, *kind)].append(i)
    groups = [members for members in blocks.values() if len(members) >= 2]
    kept = memo is not None and fact_keys is not None and focus is None
    keys = [_block_key(members, fact_keys) for members in groups] if kept else []
    found = memo.get_many(keys) if kept else {}
    scored: dict[tuple[int, int], Match] = {}
    fresh: list[tuple[bytes, list[tuple[int, int, float, float, float]]]] = []
    for n, members in enumerate(groups):
        local = found.get(keys[n]) if kept else None
        if local is None:
            local = _score_block(members, facts, attribute_vectors, sentence_vectors, focus)
            if kept:
                fresh.append((keys[n], local))
                if len(fresh) >= _STORE_EVERY:
                    memo.put_many(fresh)  # a cold archive's scores are stored as they come, not all held at the end
                    fresh.clear()
        for x, y, score, attribute, sentence in local:
            i, j = members[x], members[y]
            if (i, j) not in scored:  # a pair of two blocks (a story's and a holder's) is scored alike in both
                scored[(i, j)] = Match(i, j, score, attribute, sentence)
    if fresh:
        memo.put_many(fresh)
    return mutual_best(scored, facts)


# Scored blocks stored at a time (see `candidate_matches`).
_STORE_EVERY = 2_000


def _block_key(members: Sequence[int], fact_keys: Sequence[bytes]) -> bytes:
    digest = hashlib.sha1(f"{source_digest()}\x1fcandidates".encode())
    for i in members:
        digest.update(fact_keys[i])
    return digest.digest()


def _score_block(
    members: Sequence[int],
    facts: Sequence[Fact],
    attribute_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    focus: set[int] | None,
) -> list[tuple[int, int, float, float, float]]:
    """Every candidate pair of one block, as (position, position, score, attribute, sentence)."""
    idx = np.array(members)
    attr = attribute_vectors[idx] @ attribute_vectors[idx].T
    sent = sentence_vectors[idx] @ sentence_vectors[idx].T
    out = []
    for x, i in enumerate(members):
        for y in range(x + 1, len(members)):
            j = members[y]
            a, b = facts[i], facts[j]
            if a.article == b.article and a.sentence == b.sentence:
                continue  # one sentence's figures are parts of one statement, not rival claims
            if focus is not None and i not in focus and j not in focus:
                continue
            s = float(sent[x, y])
            if s < SENTENCE_FLOOR or holders_differ(a, b) or qualifiers_differ(a, b) or magnitudes_apart(a, b) or dates_apart(a, b) or periods_differ(a, b):
                continue
            if ages_apart(a, b):
                continue
            if bool(a.holder) != bool(b.holder) and s < ONE_HOLDER_SENTENCE:
                continue
            if contexts_differ(a, b) and s < NEAR_SENTENCE:
                continue
            if a.article == b.article and s < SAME_ARTICLE_SENTENCE and not (s >= NEAR_SENTENCE and _same_phrase(a, b)):
                continue  # an article's own sentences restate each other only when nearly alike
            if (a.modality == PROPOSED) != (b.modality == PROPOSED):
                continue  # what was asked for is not what was decided
            at = attribute_score(a, b, float(attr[x, y]))
            if at < ATTRIBUTE_MIN and not (s >= NEAR_SENTENCE and at >= NEAR_ATTRIBUTE_MIN):
                continue
            # Between two equally good counterparts, the one that agrees is the
            # restatement ("to 97 from 115" meets "97" through its 97, not its 115).
            bonus = AGREEMENT_BONUS if compare_values(a, b) == AGREE else 0.0
            # A tally given as of the same day is the better counterpart; as of another day, the worse.
            bonus += TIME_BONUS * same_time(a, b) + CLOSENESS_BONUS * closeness(a, b)
            # A counterpart that names the same holder beats one that names none
            # (Obi's "6,10,533" meets Obi's 6.1 million, not the unnamed 8.8 million beside it).
            bonus += HOLDER_BONUS * bool(a.holder and b.holder)
            # One figure of five significant digits or more is one fact, whatever the words around it.
            if isinstance(a.slot.value, Quantity) and isinstance(b.slot.value, Quantity):
                bonus += FINGERPRINT_BONUS * same_fingerprint(a.slot.value, b.slot.value)
            out.append((x, y, at + s + bonus, at, s))
    return out


def mutual_best(scored: dict[tuple[int, int], Match], facts: Sequence[Fact]) -> list[Match]:
    """Keep a match when each fact is the other's best in the other's article.

    One counterpart per article, whatever its value. Measured on news-dev, one
    counterpart per article *and value* found one more conflict (an article's
    old and revised toll) but let a figure with no holder match every distinct
    figure of another article, which chained four candidates' votes and the
    states each won into false findings (28 findings with 1 false against 32
    with 4).
    """
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), m in scored.items():
        for me, other in ((i, j), (j, i)):
            key = (me, facts[other].article)
            if key not in best or (m.score, -other) > (best[key][0], -best[key][1]):
                best[key] = (m.score, other)
    kept = [
        m
        for (i, j), m in scored.items()
        if best[(i, facts[j].article)][1] == j and best[(j, facts[i].article)][1] == i
    ]
    return sorted(kept, key=lambda m: (m.a, m.b))
