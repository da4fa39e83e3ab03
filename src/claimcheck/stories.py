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
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

import numpy as np

from claimcheck.model import Article, NameMention

if TYPE_CHECKING:
    from scipy import sparse

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


@lru_cache(maxsize=1 << 16)
def _entity_key(text: str) -> str:
    # Cached: an archive names the same people and places thousands of times (55,000 mentions on BBC).
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


def _entity_weights(ids: Sequence[str], entities: dict[str, Counter]) -> "sparse.csr_matrix":
    """Each article's entity weights (TF-IDF, unit rows), sparse: an article names a few dozen of the archive's names."""
    from scipy import sparse

    vocab = sorted({e for a in ids for e in entities.get(a, {})})
    index = {e: i for i, e in enumerate(vocab)}
    df = Counter(e for a in ids for e in entities.get(a, {}))
    n = len(ids)
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []
    for row, a in enumerate(ids):
        for e, count in sorted(entities.get(a, {}).items()):
            if df[e] < 2:
                continue  # a name one article alone has links nothing
            rows.append(row)
            cols.append(index[e])
            weights.append((1.0 + math.log(count)) * math.log((1 + n) / df[e]))
    matrix = sparse.csr_matrix((np.array(weights, dtype=np.float64), (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()


class _Similarity:
    """The pairwise article similarity of `similarity`, computed a block of rows at a time.

    The entity part is a sparse product and the vector part one block of a
    matrix product, so no articles-by-articles (or articles-by-names) array is
    ever held whole: memory is linear in the archive for a block's rows.
    """

    def __init__(self, articles: Sequence[Article], entities: dict[str, Counter], doc_vectors: np.ndarray) -> None:
        self.n = len(articles)
        self.ent = _entity_weights([a.id for a in articles], entities)
        self.doc = np.ascontiguousarray(doc_vectors, dtype=np.float32)
        self.days = np.array([a.published.toordinal() if a.published else np.nan for a in articles], dtype=np.float64)

    def block(self, rows: np.ndarray, cols: np.ndarray | None = None, block_rows: int = 512) -> np.ndarray:
        """Similarities of `rows` to `cols` (all articles by default), float32, computed `block_rows` rows at a time."""
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.arange(self.n) if cols is None else np.asarray(cols, dtype=np.int64)
        out = np.empty((len(rows), len(cols)), dtype=np.float32)
        cols_ent = self.ent[cols].T.tocsc()
        doc, days = self.doc[cols], self.days[cols]
        for start in range(0, len(rows), block_rows):
            part = rows[start : start + block_rows]
            ent = (self.ent[part] @ cols_ent).toarray()
            # Articles of one beat (two companies' results, two football matches) have close mean vectors
            # whatever they report; only closeness above `VECTOR_FLOOR` speaks for one story.
            vec = np.clip((self.doc[part] @ doc.T - VECTOR_FLOOR) / (1.0 - VECTOR_FLOOR), 0.0, 1.0)
            sim = ENTITY_WEIGHT * ent + VECTOR_WEIGHT * vec
            gap = np.abs(self.days[part][:, None] - days[None, :])
            damp = np.where(np.isnan(gap), 1.0, 1.0 / (1.0 + np.maximum(0.0, gap / WINDOW_DAYS - 1.0) / 3.0))
            out[start : start + len(part)] = sim * damp
        return out

    def links(self, floor: float, block_rows: int = 512) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (i < j) at similarity `floor` or more.

        Only two kinds of pair can reach it (the damping is at most 1): those that
        share a weighted name, and those whose mean vectors alone give
        `VECTOR_WEIGHT * vec >= floor`. Each candidate's similarity is the
        formula of `block`, element by element, so the pairs are `block`'s.
        """
        entT = self.ent.T.tocsc()
        # The mean-vector cosine at which the vector part alone reaches the floor.
        alone = VECTOR_FLOOR + (1.0 - VECTOR_FLOOR) * floor / VECTOR_WEIGHT
        left: list[np.ndarray] = []
        right: list[np.ndarray] = []
        for start in range(0, self.n, block_rows):
            part = np.arange(start, min(start + block_rows, self.n))
            cos = self.doc[part] @ self.doc.T
            shared = (self.ent[part] @ entT).tocoo()
            near_r, near_c = np.nonzero(cos >= np.float32(alone) - np.float32(1e-6))
            r = np.concatenate([shared.row.astype(np.int64), near_r])
            c = np.concatenate([shared.col.astype(np.int64), near_c])
            ent = np.concatenate([shared.data, np.zeros(len(near_r))])
            keep = part[r] < c
            r, c, ent = r[keep], c[keep], ent[keep]
            # A pair both shared and near is listed twice: the first (with its entity part) is kept.
            pair, first = np.unique(r * self.n + c, return_index=True)
            r, c, ent = r[first], c[first], ent[first]
            vec = np.clip((cos[r, c] - VECTOR_FLOOR) / (1.0 - VECTOR_FLOOR), 0.0, 1.0)
            sim = ENTITY_WEIGHT * ent + VECTOR_WEIGHT * vec
            gap = np.abs(self.days[part[r]] - self.days[c])
            damp = np.where(np.isnan(gap), 1.0, 1.0 / (1.0 + np.maximum(0.0, gap / WINDOW_DAYS - 1.0) / 3.0))
            strong = (sim * damp).astype(np.float32) >= floor
            left.append(part[r[strong]])
            right.append(c[strong])
        if not left:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(left), np.concatenate(right)


def similarity(articles: Sequence[Article], entities: dict[str, Counter], doc_vectors: np.ndarray) -> np.ndarray:
    """Pairwise article similarity: shared rare entities, document vectors, damped by distance in time."""
    return _Similarity(articles, entities, doc_vectors).block(np.arange(len(articles)))


# Pairs this far below the cut are still linked when the components are found, so that
# float rounding in the linkage's averages can never merge across two components.
_LINK_SLACK = 1e-4


def _average_linkage(measure: _Similarity, rows: np.ndarray, threshold: float, block_rows: int = 512) -> np.ndarray:
    """Flat clusters (a label per row) of average linkage over the similarity among `rows`, cut at `threshold`.

    The condensed distances (1 - similarity, the upper triangle, in float64 as
    the linkage reads them) are filled a block of rows at a time, so the only
    array quadratic in the rows is the one the linkage needs.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    m = len(rows)
    condensed = np.empty(m * (m - 1) // 2, dtype=np.float64)
    at = 0
    for start in range(0, m - 1, block_rows):
        part = rows[start : start + block_rows]
        dist = np.clip(1.0 - measure.block(part, rows[start:]), 0.0, None)
        for r in range(len(part)):
            width = m - start - r - 1
            condensed[at : at + width] = dist[r, r + 1 :]
            at += width
        del dist
    tree = linkage(condensed, method="average")
    del condensed
    return fcluster(tree, t=1.0 - threshold, criterion="distance")


def group_stories(
    articles: Sequence[Article],
    entities: dict[str, Counter],
    doc_vectors: np.ndarray,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Story]:
    """Articles grouped into stories by average linkage over `similarity`.

    Average linkage merges two groups only when their mean similarity reaches
    the cut, so only when some pair across them does: every story lies inside
    one connected component of the pairs at the cut or above. The linkage runs
    on each component's own similarities, which gives the stories the
    linkage over the whole matrix gives, with memory and time quadratic in the
    largest component instead of the archive.
    """
    n = len(articles)
    if n == 0:
        return []
    labels = np.arange(n)
    if n > 1:
        from scipy import sparse
        from scipy.sparse.csgraph import connected_components

        measure = _Similarity(articles, entities, doc_vectors)
        left, right = measure.links(threshold - _LINK_SLACK)
        graph = sparse.coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
        _, component = connected_components(graph, directed=False)
        order = np.argsort(component, kind="stable")
        bounds = np.flatnonzero(np.diff(component[order])) + 1
        labels = np.empty(n, dtype=np.int64)
        next_label = 0
        for rows in np.split(order, bounds):
            if len(rows) == 1:
                labels[rows] = next_label
                next_label += 1
                continue
            flat = _average_linkage(measure, rows, threshold)
            labels[rows] = flat + next_label
            next_label += int(flat.max()) + 1
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
    row = {a.id: n for n, a in enumerate(articles)}
    # Only the lone drafts' rows of the similarity are needed.
    sim_of = dict(zip(
        (s.articles[0] for s in lone),
        _Similarity(articles, entities, doc_vectors).block(np.array([row[s.articles[0]] for s in lone])),
    ))
    members = {s.id: list(s.articles) for s in stories}
    for story in lone:
        draft = story.articles[0]
        scores = {
            other.id: float(np.mean([sim_of[draft][row[a]] for a in members[other.id]]))
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
