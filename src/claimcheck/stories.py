"""Stories: the articles of an archive grouped by the event they report.

Facts are compared inside a story only (across stories only when the holder is
one named entity), so two earthquakes in one archive never have their
magnitudes compared. Two articles belong to one story when they share the
rarer named entities (weighted by inverse document frequency over the archive:
"Lahaina" counts, "US" barely does) and, less, when their mean sentence
vectors are close: vectors alone put every earthquake into one story, shared
names alone miss a follow-up worded differently. Average linkage over that
similarity, cut at `DEFAULT_THRESHOLD`, keeps a story from chaining through one
loosely related article. Publication dates far apart weaken the link but do
not cut it: one story can run for years (a takeover announced in January 2022
and closed in October 2023).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from claimcheck.model import Article, NameMention

# Measured on news-dev (6 stories, 36 articles) and checked on the BBC corpus: see README.
DEFAULT_THRESHOLD = 0.20
ENTITY_WEIGHT = 0.7
VECTOR_WEIGHT = 0.3
# Mean vectors closer than this only say "the same beat": measured on news-dev (its six
# stories hold from 0.0 to 0.5) and on 150 BBC business articles (38 stories at 0.0, 57 at 0.4).
VECTOR_FLOOR = 0.4
# Dates further apart than this lose part of their similarity, down to half at 4x.
WINDOW_DAYS = 365
# Entities that name a story; dates, numbers and nationalities do not.
STORY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})


@dataclass(frozen=True)
class Story:
    """A group of articles about one event."""

    id: str
    articles: tuple[str, ...]
    label: str  # the entities most of its articles share, for people


def _entity_key(text: str) -> str:
    words = text.replace("’", "'").removesuffix("'s").lower().split()
    return " ".join(w for w in words if w not in ("the", "a", "an"))


def article_entities(mentions: Sequence[NameMention]) -> dict[str, Counter]:
    """Entity counts per article from its name mentions."""
    found: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.label in STORY_LABELS:
            key = _entity_key(m.text)
            if len(key) >= 2:
                found[m.article][key] += 1
    return found


def _entity_matrix(ids: Sequence[str], entities: dict[str, Counter]) -> tuple[np.ndarray, list[str]]:
    vocab = sorted({e for a in ids for e in entities.get(a, {})})
    index = {e: i for i, e in enumerate(vocab)}
    df = Counter(e for a in ids for e in entities.get(a, {}))
    n = len(ids)
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, a in enumerate(ids):
        for e, count in entities.get(a, {}).items():
            if df[e] < 2:
                continue  # a name one article alone has links nothing
            matrix[row, index[e]] = (1.0 + math.log(count)) * math.log((1 + n) / df[e])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms, vocab


def similarity(articles: Sequence[Article], entities: dict[str, Counter], doc_vectors: np.ndarray) -> np.ndarray:
    """Pairwise article similarity: shared rare entities, document vectors, damped by distance in time."""
    ids = [a.id for a in articles]
    ent, _ = _entity_matrix(ids, entities)
    # Articles of one beat (two companies' results, two football matches) have close mean vectors
    # whatever they report; only closeness above `VECTOR_FLOOR` speaks for one story.
    vec = np.clip((doc_vectors @ doc_vectors.T - VECTOR_FLOOR) / (1.0 - VECTOR_FLOOR), 0.0, 1.0)
    sim = ENTITY_WEIGHT * (ent @ ent.T) + VECTOR_WEIGHT * vec
    days = np.array([a.published.toordinal() if a.published else np.nan for a in articles], dtype=np.float64)
    gap = np.abs(days[:, None] - days[None, :])
    damp = np.where(np.isnan(gap), 1.0, 1.0 / (1.0 + np.maximum(0.0, gap / WINDOW_DAYS - 1.0) / 3.0))
    return (sim * damp).astype(np.float32)


def group_stories(
    articles: Sequence[Article],
    entities: dict[str, Counter],
    doc_vectors: np.ndarray,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Story]:
    """Articles grouped into stories by average linkage over `similarity`."""
    n = len(articles)
    if n == 0:
        return []
    labels = np.arange(n)
    if n > 1:
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        sim = similarity(articles, entities, doc_vectors)
        dist = np.clip(1.0 - sim, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        dist = (dist + dist.T) / 2.0
        tree = linkage(squareform(dist, checks=False), method="average")
        labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[str]] = defaultdict(list)
    for article, label in zip(articles, labels):
        groups[int(label)].append(article.id)
    stories = []
    for members in groups.values():
        members = sorted(members)
        digest = hashlib.sha1("\x1f".join(members).encode()).hexdigest()[:10]
        stories.append(Story(id=f"s-{digest}", articles=tuple(members), label=_label(members, entities)))
    return sorted(stories, key=lambda s: (-len(s.articles), s.articles))


# A draft the grouping leaves alone joins the story it is most like, if at least this alike.
DRAFT_FLOOR = 0.10


def attach_drafts(
    stories: Sequence[Story],
    articles: Sequence[Article],
    entities: dict[str, Counter],
    doc_vectors: np.ndarray,
    drafts: set[str],
    floor: float = DRAFT_FLOOR,
) -> list[Story]:
    """Stories with each lone draft moved into the story it is most like (mean similarity at least `floor`).

    A draft is short and checked against the archive on purpose: two sentences
    about the ASEAN coordinator share too few names to pass the grouping's cut
    on their own, yet are plainly about the archive's story.
    """
    lone = [s for s in stories if len(s.articles) == 1 and s.articles[0] in drafts]
    if not lone or len(stories) < 2:
        return list(stories)
    sim = similarity(articles, entities, doc_vectors)
    row = {a.id: n for n, a in enumerate(articles)}
    members = {s.id: list(s.articles) for s in stories}
    for story in lone:
        draft = story.articles[0]
        scores = {
            other.id: float(np.mean([sim[row[draft], row[a]] for a in members[other.id]]))
            for other in stories
            if other.id != story.id and members.get(other.id) and all(a not in drafts for a in members[other.id])
        }
        if scores:
            best = max(sorted(scores), key=scores.__getitem__)
            if scores[best] >= floor:
                members[best].append(draft)
                members[story.id] = []
    out = []
    for group in members.values():
        if group:
            group = sorted(group)
            digest = hashlib.sha1("\x1f".join(group).encode()).hexdigest()[:10]
            out.append(Story(id=f"s-{digest}", articles=tuple(group), label=_label(group, entities)))
    return sorted(out, key=lambda s: (-len(s.articles), s.articles))


def _label(members: Sequence[str], entities: dict[str, Counter]) -> str:
    """The entities most of a story's articles name, most shared first."""
    shared = Counter(e for a in members for e in entities.get(a, {}))
    top = [e for e, c in shared.most_common(3) if c >= max(2, len(members) // 2) or len(members) == 1]
    return ", ".join(top[:3])


def story_of(stories: Sequence[Story]) -> dict[str, str]:
    """Article id -> story id."""
    return {a: s.id for s in stories for a in s.articles}
