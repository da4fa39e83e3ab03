"""Stories: the grouping per connected component against average linkage over the whole matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import numpy as np
import pytest

from claimcheck.model import Article
from claimcheck.stories import DEFAULT_THRESHOLD, _Similarity, attach_drafts, group_stories, similarity


def _article(n: int, published: dt.date | None) -> Article:
    return Article(id=f"a{n:03d}", path=f"a{n:03d}.txt", title=None, outlet=None, url=None, published=published, text="x")


def _archive(seed: int, n: int = 120) -> tuple[list[Article], dict[str, Counter], np.ndarray]:
    """Articles about a few events: each names some of its event's entities and a common one or two."""
    rng = np.random.default_rng(seed)
    events = n // 6
    centres = rng.normal(size=(events, 16))
    articles, entities, vectors = [], {}, []
    for i in range(n):
        event = int(rng.integers(events))
        day = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1500)))
        article = _article(i, day if i % 7 else None)
        articles.append(article)
        names = Counter({f"e{event}-{k}": int(rng.integers(1, 4)) for k in rng.choice(6, size=3, replace=False)})
        names.update({f"common{int(rng.integers(3))}": 1})
        if i % 11 == 0:
            names = Counter()  # an article that names nothing
        entities[article.id] = names
        vector = centres[event] + rng.normal(scale=0.8, size=16)
        vectors.append(vector / np.linalg.norm(vector))
    return articles, entities, np.array(vectors, dtype=np.float32)


def _whole_matrix_labels(articles: list[Article], sim: np.ndarray, threshold: float) -> set[tuple[str, ...]]:
    """Average linkage over the whole similarity matrix, as the grouping was first written."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2.0
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[str]] = defaultdict(list)
    for article, label in zip(articles, labels):
        groups[int(label)].append(article.id)
    return {tuple(sorted(g)) for g in groups.values()}


@pytest.mark.parametrize("seed", range(6))
def test_stories_per_component_are_the_whole_matrix_linkage(seed: int) -> None:
    articles, entities, vectors = _archive(seed)
    stories = group_stories(articles, entities, vectors)
    expected = _whole_matrix_labels(articles, similarity(articles, entities, vectors), DEFAULT_THRESHOLD)
    assert {s.articles for s in stories} == expected
    assert sum(len(s.articles) for s in stories) == len(articles)
    assert len({s.id for s in stories}) == len(stories)


def test_stories_similarity_blocks_are_the_whole_matrix() -> None:
    articles, entities, vectors = _archive(1, n=70)
    measure = _Similarity(articles, entities, vectors)
    whole = measure.block(np.arange(70))
    rows, cols = np.array([3, 50, 7]), np.array([69, 0, 3, 12])
    assert np.array_equal(measure.block(rows, cols), whole[np.ix_(rows, cols)])
    assert np.array_equal(measure.block(np.arange(70), block_rows=8), whole)
    left, right = measure.links(0.3, block_rows=16)
    i, j = np.nonzero(np.triu(whole >= 0.3, k=1))
    assert sorted(zip(left.tolist(), right.tolist())) == sorted(zip(i.tolist(), j.tolist()))


def test_stories_group_order_does_not_depend_on_the_input_order() -> None:
    articles, entities, vectors = _archive(2)
    order = np.random.default_rng(0).permutation(len(articles))
    shuffled = group_stories([articles[i] for i in order], entities, vectors[order])
    assert shuffled == group_stories(articles, entities, vectors)


def test_stories_attach_drafts_uses_the_drafts_rows() -> None:
    articles, entities, vectors = _archive(3, n=60)
    stories = group_stories(articles, entities, vectors)
    lone = [s for s in stories if len(s.articles) == 1]
    assert lone, "the archive needs a lone article to act as the draft"
    draft = lone[0].articles[0]
    sim = similarity(articles, entities, vectors)
    row = {a.id: n for n, a in enumerate(articles)}
    attached = attach_drafts(stories, articles, entities, vectors, {draft}, floor=0.0)
    scores = {
        s.id: float(np.mean([sim[row[draft], row[a]] for a in s.articles])) for s in stories if s.articles != (draft,)
    }
    best = max(sorted(scores), key=scores.__getitem__)
    target = next(s for s in stories if s.id == best)
    assert any(set(s.articles) == {*target.articles, draft} for s in attached)
