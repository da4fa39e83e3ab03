"""An archive held in memory, for checking many drafts against it: the service's state.

`Archive.open(folder)` reads, analyses and embeds the archive (`pipeline.analyse_corpus`,
from the caches when they are warm) and groups it into stories once. `check(draft)`
then compares one draft with it and returns the same kind of `Report` as
`pipeline.run(archive, draft=...)`, touching only what the draft can meet:

- only the draft is segmented, parsed and embedded (kept in a small in-memory
  cache, never written to disk and never into the archive folder);
- stories are regrouped only where the draft can change them: the archive
  stories with an article at least as like the draft as the story threshold
  (by the similarity `claimcheck.stories` groups by) are grouped again, with
  the draft, by the same average linkage; every other story stays as it is.
  This is the one place a check can differ from `run(..., draft=...)`, which
  regroups the whole archive with the draft in it: only if the draft's
  arrival would reshape a story it is not like (`tests/test_archive.py`
  compares the two);
- facts are scored only inside the blocks a draft fact falls in, names only
  inside the draft's story, sentence rules only on pairs with a draft sentence,
  through indexes of the archive built once.

An `Archive` never changes once built; `refreshed()` returns a new one when the
archive's files changed (added, edited, removed), so a check that is running
keeps a consistent view. Checks run side by side in two stages: a draft is
read (segmented, parsed, extracted: under `MODEL_LOCK`, since spaCy is not
thread-safe) and embedded (ONNX Runtime outside any lock, so one draft is
embedded while the next is parsed), then compared with the archive under the
archive's own lock (the work buffer is shared; this stage holds the GIL
nearly throughout, so a second one beside it would gain nothing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import os
import threading
import time
from collections import ChainMap, Counter, OrderedDict, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from claimcheck import pipeline
from claimcheck.ack import ack_path, load_acks
from claimcheck import cluster as clustering
from claimcheck.candidates import SENTENCE_FLOOR, candidate_matches, compatible, value_block
from claimcheck.claimcache import article_key
from claimcheck.embed import DIMENSIONS, Embedder, text_key
from claimcheck.errors import EXIT_USAGE, ClaimcheckError
from claimcheck.extract import extract_slots
from claimcheck.facts import analyse_claims
from claimcheck.findings import fact_groups, swap_key
from claimcheck.forms import form_conflict, form_groups
from claimcheck.furniture import furniture_kind
from claimcheck.language import comparable
from claimcheck.load import SUFFIXES, article_from_text, load_articles
from claimcheck.model import Article, ArticleAnalysis, Claim, Conflict, Fact, NameMention, Report
from claimcheck.pipeline import Corpus, Key, Settings, Timings
from claimcheck.segment import segment_batch
from claimcheck.stories import (
    DEFAULT_THRESHOLD as STORY_THRESHOLD,
    DRAFT_FLOOR,
    ENTITY_WEIGHT,
    VECTOR_FLOOR,
    VECTOR_WEIGHT,
    WINDOW_DAYS,
    Story,
    _label as story_label,
    article_entities,
)

DRAFT_ID = "draft"
# Rows kept free after the archive's vectors for a draft's sentences; a longer draft gets a copy.
SPARE_ROWS = 4096
# In-memory caches of drafts: analyses by article, vectors by sentence text.
DRAFT_ANALYSES = 256
DRAFT_VECTORS = 20_000
# A draft sentence's similarities to every archive sentence, kept per archive by the
# sentence's vector (a row is 4 bytes per archive sentence: 176 KB on BBC, so 256 rows are 45 MB): an
# edited draft multiplies only its changed sentences with the archive.
ARCHIVE_ROWS = 256

Signature = tuple[tuple[str, int, int], ...]


def signature(roots: Sequence[Path]) -> Signature:
    """What the archive's files look like on disk: (path, mtime in ns, size) of every article and the acks file."""
    seen: list[tuple[str, int, int]] = []
    for root in roots:
        root = Path(root)
        if root.is_file():
            stat = root.stat()
            seen.append((str(root), stat.st_mtime_ns, stat.st_size))
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or not (name.lower().endswith(SUFFIXES) or name == "acknowledged.yaml"):
                    continue
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # removed while we looked: the next look sees it gone
                seen.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(seen)


class _LRU(OrderedDict):
    """A dict that keeps only its `limit` most recently used entries; `take` and `keep` are thread-safe."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self._guard = threading.Lock()

    def take(self, key: object) -> object | None:
        with self._guard:
            if key in self:
                self.move_to_end(key)
                return self[key]
            return None

    def keep(self, key: object, value: object) -> None:
        with self._guard:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.limit:
                self.popitem(last=False)

    def clear(self) -> None:
        with self._guard:
            super().clear()


class DraftCache:
    """Drafts already seen: their analyses, sentence vectors and sentences' slots, in memory only, bounded."""

    def __init__(self, analyses: int = DRAFT_ANALYSES, vectors: int = DRAFT_VECTORS) -> None:
        self.analyses = _LRU(analyses)
        self.vectors = _LRU(vectors)
        # A sentence's slots depend on its text and the publication date only; whether it is
        # page furniture, on its text only: an edited draft extracts only what changed.
        self.slots = _LRU(vectors)
        self.furniture = _LRU(vectors)


@dataclass(frozen=True)
class DraftAnalysis:
    """A draft read for a check: its article, claims, facts, mentions and vectors."""

    article: Article
    analysis: ArticleAnalysis
    vectors: np.ndarray  # one row per claim
    attribute_vectors: np.ndarray  # one row per fact
    warnings: tuple[str, ...] = ()


class _StoryIndex:
    """The archive's story similarity, kept so a draft's row of it costs one sparse product.

    It is `claimcheck.stories.similarity` for one new article, written again
    with sparse products (the dense one is n x n): entity weights are TF-IDF over
    the archive with the draft in it (so a name the draft shares with one archive
    article counts, as it would in a regrouping). `tests/test_archive.py` fails
    when the two part ways.
    """

    def __init__(self, compared: Sequence[Article], entities: dict[str, Counter], doc_vectors: np.ndarray, stories: Sequence[Story]) -> None:
        from scipy import sparse

        ids = [a.id for a in compared]
        self.row = {a: n for n, a in enumerate(ids)}
        vocab = sorted({e for a in ids for e in entities.get(a, {})})
        self.index = {e: i for i, e in enumerate(vocab)}
        self.df = np.zeros(len(vocab), dtype=np.float64)
        rows, cols, tf = [], [], []
        for n, a in enumerate(ids):
            for e, count in entities.get(a, {}).items():
                i = self.index[e]
                self.df[i] += 1
                rows.append(n)
                cols.append(i)
                tf.append(1.0 + math.log(count))
        self.tf = sparse.csr_matrix((tf, (rows, cols)), shape=(len(ids), len(vocab)), dtype=np.float64)
        self.tf2 = self.tf.multiply(self.tf).tocsr()
        self.doc = doc_vectors
        self.days = np.array([a.published.toordinal() if a.published else np.nan for a in compared], dtype=np.float64)
        self.stories = list(stories)
        self.members = [np.array([self.row[a] for a in s.articles if a in self.row], dtype=np.int64) for s in stories]

    def _draft_idf(self, entities: Counter) -> tuple[list[tuple[int, float]], np.ndarray]:
        """The draft's (vocabulary index, tf) pairs and the idf over the archive with the draft counted in."""
        n = len(self.row) + 1
        df = self.df.copy()
        mine = [(self.index[e], 1.0 + math.log(c)) for e, c in entities.items() if e in self.index]
        for i, _ in mine:
            df[i] += 1
        with np.errstate(divide="ignore"):
            idf = np.where(df >= 2, np.log((1 + n) / np.maximum(df, 1)), 0.0)
        return mine, idf

    def similarity(self, entities: Counter, doc: np.ndarray, published: dt.date | None) -> np.ndarray:
        """The draft's similarity to every archive article, as `stories.similarity` would give it."""
        mine, idf = self._draft_idf(entities)
        norms = np.sqrt(self.tf2 @ (idf**2))
        weights = np.zeros(len(idf))
        for i, tf in mine:
            weights[i] = tf * idf[i]
        norm = float(np.linalg.norm(weights))
        dots = self.tf @ (weights * idf)
        with np.errstate(invalid="ignore", divide="ignore"):
            ent = np.where((norms > 0) & (norm > 0), dots / (np.where(norms > 0, norms, 1.0) * (norm or 1.0)), 0.0)
        vec = np.clip((self.doc @ doc - VECTOR_FLOOR) / (1.0 - VECTOR_FLOOR), 0.0, 1.0)
        sim = ENTITY_WEIGHT * ent + VECTOR_WEIGHT * vec
        if published is not None:
            gap = np.abs(self.days - published.toordinal())
            damp = np.where(np.isnan(gap), 1.0, 1.0 / (1.0 + np.maximum(0.0, gap / WINDOW_DAYS - 1.0) / 3.0))
            sim = sim * damp
        return sim.astype(np.float32)

    def regroup(
        self, entities: Counter, doc: np.ndarray, published: dt.date | None, threshold: float = STORY_THRESHOLD
    ) -> tuple[list[int], list[list[int]], np.ndarray]:
        """The stories (by position) the draft can reshape, and their articles regrouped with it.

        Returns the positions of the stories that have an article at least
        `threshold` like the draft, and the new groups of their articles (rows;
        the draft is row -1), by `stories.group_stories`' average linkage over
        `stories.similarity` among those articles and the draft; and the draft's
        similarity to every archive article.
        """
        sim = self.similarity(entities, doc, published)
        touched = sorted({n for n, rows in enumerate(self.members) if len(rows) and float(sim[rows].max()) >= threshold})
        rows = np.array(sorted(int(r) for n in touched for r in self.members[n]), dtype=np.int64)
        if not len(rows):
            return [], [[-1]], sim
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        pair = self._pairwise(rows, entities, doc, published)
        dist = np.clip(1.0 - pair, 0.0, None)
        np.fill_diagonal(dist, 0.0)
        dist = (dist + dist.T) / 2.0
        labels = fcluster(linkage(squareform(dist, checks=False), method="average"), t=1.0 - threshold, criterion="distance")
        groups: dict[int, list[int]] = defaultdict(list)
        for row, label in zip([*rows.tolist(), -1], labels):
            groups[int(label)].append(row)
        return touched, list(groups.values()), sim

    def _pairwise(self, rows: np.ndarray, entities: Counter, doc: np.ndarray, published: dt.date | None) -> np.ndarray:
        """`stories.similarity` among archive rows `rows` and the draft (last), idf over the archive with the draft."""
        mine, idf = self._draft_idf(entities)
        from scipy import sparse

        draft = np.zeros(len(idf))
        for i, tf in mine:
            draft[i] = tf * idf[i]
        # Sparse throughout: a story's articles by the archive's whole vocabulary would be dense megabytes.
        weights = sparse.vstack([self.tf[rows].multiply(idf), sparse.csr_matrix(draft[None, :])]).tocsr()
        norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        weights = sparse.diags(1.0 / norms) @ weights
        entity = (weights @ weights.T).toarray()
        docs = np.vstack([self.doc[rows], doc[None, :]])
        vec = np.clip((docs @ docs.T - VECTOR_FLOOR) / (1.0 - VECTOR_FLOOR), 0.0, 1.0)
        sim = ENTITY_WEIGHT * entity + VECTOR_WEIGHT * vec
        days = np.array([*self.days[rows].tolist(), published.toordinal() if published else np.nan], dtype=np.float64)
        gap = np.abs(days[:, None] - days[None, :])
        damp = np.where(np.isnan(gap), 1.0, 1.0 / (1.0 + np.maximum(0.0, gap / WINDOW_DAYS - 1.0) / 3.0))
        return (sim * damp).astype(np.float32)


def _story(members: Iterable[str], entities: dict[str, Counter] | ChainMap) -> Story:
    members = sorted(members)
    digest = hashlib.sha1("\x1f".join(members).encode()).hexdigest()[:10]
    return Story(id=f"s-{digest}", articles=tuple(members), label=story_label(members, entities))


def _fact_blocks(fact: Fact, story: str) -> list[tuple]:
    """The candidate blocks a fact is scored in (as `candidates.candidate_matches` forms them)."""
    kind = value_block(fact)
    blocks = [("story", story, *kind)]
    if fact.holder and " " in fact.holder:
        blocks.append(("holder", fact.holder, *kind))
    return blocks


class Archive:
    """An archive analysed, embedded and grouped into stories once, against which drafts are checked."""

    def __init__(
        self,
        roots: Sequence[Path],
        settings: Settings,
        corpus: Corpus,
        stories: Sequence[Story],
        sig: Signature,
        model: Callable[[], object],
        drafts: DraftCache | None = None,
    ) -> None:
        self.roots = tuple(Path(r) for r in roots)
        self.settings = settings
        self.signature = sig
        self.stories = tuple(stories)
        self.drafts = drafts or DraftCache()
        self._model = model
        self._local = threading.local()  # a draft embedder per thread: SQLite connections stay in their thread
        # Held while a draft is compared with the archive (the work buffer is shared).
        self._lock = threading.Lock()
        self._rows = _LRU(ARCHIVE_ROWS)
        # The archive's own report reads only the archive's rows: it has its own lock, so
        # drafts are checked while it is computed.
        self._report_lock = threading.Lock()
        self._report: Report | None = None
        self.built = time.time()

        n = len(corpus.claims)
        # The archive's vectors with room after them for a draft's: a check then
        # sees one array without copying the archive's.
        buffer = np.empty((n + SPARE_ROWS, DIMENSIONS), dtype=np.float32)
        buffer[:n] = corpus.vectors
        self._buffer = buffer
        self.corpus = dataclasses.replace(corpus, vectors=buffer[:n])

        self.story_of = pipeline.stories_by_article(stories)
        self._entities = article_entities(corpus.mentions)
        doc_vectors = pipeline._doc_vectors(corpus.compared, corpus.keys, self.corpus.vectors)
        self._story_index = _StoryIndex(corpus.compared, self._entities, doc_vectors, stories)

        # Candidate blocks of facts (as `candidates.candidate_matches` forms them): by
        # holder across the archive, and by story, read through each article's facts.
        self._holder_blocks: dict[tuple, list[int]] = defaultdict(list)
        self._facts_of: dict[str, list[int]] = defaultdict(list)
        self._fact_kinds = [value_block(f) for f in corpus.facts]
        for i, fact in enumerate(corpus.facts):
            self._facts_of[fact.article].append(i)
            for block in _fact_blocks(fact, ""):
                if block[0] == "holder":
                    self._holder_blocks[block].append(i)
        self._fact_rows = np.array([corpus.index_of[(f.article, f.sentence)] for f in corpus.facts], dtype=np.int64)
        self._mentions: dict[str, list[NameMention]] = defaultdict(list)
        for m in corpus.mentions:
            self._mentions[m.article].append(m)
        self._by_anchor: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._variants: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for i, claim in enumerate(corpus.claims):
            for anchor in pipeline._anchors(claim):
                self._by_anchor[anchor].append(i)
            for block, variant in pipeline._variant_blocks(claim):
                self._variants[block].setdefault(variant, i)
        self._articles_sorted = tuple(sorted(corpus.loaded.articles, key=lambda a: a.id))
        self._ids_sorted = [a.id for a in self._articles_sorted]
        self._claim_count = sum(1 for c in corpus.claims if c.slots)
        self._acks: tuple[tuple[int, int], dict] | None = None

    # Building -----------------------------------------------------------------

    @classmethod
    def open(
        cls,
        paths: Sequence[Path | str] | Path | str,
        settings: Settings | None = None,
        *,
        model: Callable[[], object] | None = None,
        drafts: DraftCache | None = None,
        timings: Timings | None = None,
        on_stage: Callable[[str], None] | None = None,
    ) -> "Archive":
        """Read, analyse, embed and group the archive under `paths` (from the caches when warm)."""
        roots = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
        settings = settings or Settings()
        timings = timings if timings is not None else Timings()
        notify = on_stage or (lambda stage: None)
        model = model or shared_model(settings)
        sig = signature(roots)
        t = time.perf_counter()
        notify("loading articles")
        loaded = load_articles(roots, settings.assume_published)
        timings.add("load", time.perf_counter() - t)
        # A cache connection per build: a build may run in another thread than the last.
        embedder = Embedder(settings.cache_dir, use_cache=settings.use_cache, progress=settings.progress, model_loader=model, **_backend(settings))
        try:
            with MODEL_LOCK:
                corpus = pipeline.analyse_corpus(loaded, settings, embedder, timings, notify)
        finally:
            embedder.close()
        t = time.perf_counter()
        notify("grouping stories")
        stories = pipeline.corpus_stories(corpus, settings)
        timings.add("stories", time.perf_counter() - t)
        return cls(roots, settings, corpus, stories, sig, model, drafts)

    def changed(self) -> bool:
        """Whether the archive's files differ from those this archive was built from."""
        return signature(self.roots) != self.signature

    def refreshed(self, **kwargs: object) -> "Archive":
        """This archive if its files are unchanged, else a new one built from them (keeping the draft cache)."""
        if not self.changed():
            return self
        return Archive.open(self.roots, self.settings, model=self._model, drafts=self.drafts, **kwargs)  # type: ignore[arg-type]

    # The archive's own findings ---------------------------------------------------

    def report(self) -> Report:
        """The archive's own report, as `pipeline.run(archive)` gives it; computed once."""
        with self._report_lock:
            if self._report is None:
                clusters, conflicts = pipeline.compare_corpus(self.corpus, self.stories, self.settings)
                self._report = pipeline.build_report(
                    self.corpus, self.stories, clusters, conflicts, acks_file=self._acks_file()
                )
            return self._report

    def _acks_file(self) -> Path | None:
        return ack_path(self.roots[0]) if self.roots else None

    def _acknowledged(self) -> dict:
        path = self._acks_file()
        if path is None:
            return {}
        try:
            stat = path.stat()
        except OSError:
            return {}
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._acks is None or self._acks[0] != stamp:
            self._acks = (stamp, load_acks(path))
        return self._acks[1]

    # Drafts ---------------------------------------------------------------------

    def draft_id(self) -> str:
        """An id for a draft that no archive article has."""
        taken = self.corpus.articles
        if DRAFT_ID not in taken:
            return DRAFT_ID
        n = 2
        while f"{DRAFT_ID}-{n}" in taken:
            n += 1
        return f"{DRAFT_ID}-{n}"

    def read_draft(self, text: str, metadata: dict | None = None, path: str | None = None) -> tuple[Article, tuple[str, ...]]:
        """The draft as an article, read exactly as a file would be (front matter allowed, `metadata` overriding).

        Its id is `metadata["id"]` when given (a draft file's stem, so its
        findings keep the ids `claimcheck check DRAFT --against` gives them), else "draft".
        """
        draft_id = (metadata or {}).get("id") or self.draft_id()
        if draft_id in self.corpus.articles:
            raise ClaimcheckError(f"id: {draft_id!r} is an archive article's id", EXIT_USAGE)
        meta = {**(metadata or {}), "id": draft_id}
        article, reason, warnings = article_from_text(text, draft_id, meta, self.settings.assume_published, path=path)
        if article is None:
            raise ClaimcheckError(f"{path or 'draft'}: {reason}", EXIT_USAGE)
        return article, warnings

    def analyse(self, article: Article) -> DraftAnalysis:
        """A draft's claims, facts, mentions and vectors, from the draft cache where it holds them (thread-safe)."""
        return self._analyse(article)

    def _analyse(self, article: Article) -> DraftAnalysis:
        key = article_key(article)
        analysis = self.drafts.analyses.take(key)
        if analysis is None:
            with MODEL_LOCK:
                analysis = self._draft_analysis(article)
            self.drafts.analyses.keep(key, analysis)
        vectors = self._vectors([c.sentence.text for c in analysis.claims])  # type: ignore[union-attr]
        attributes = self._vectors([f.attribute_text.lower() for f in analysis.facts])  # type: ignore[union-attr]
        return DraftAnalysis(article, analysis, vectors, attributes)  # type: ignore[arg-type]

    def _draft_analysis(self, article: Article) -> ArticleAnalysis:
        """`pipeline.analyse_batch` for one draft, each sentence's slots and furniture test remembered."""
        published = article.published
        claims = []
        for sentence in segment_batch([article])[0]:
            key = (sentence.text, published)
            slots = self.drafts.slots.take(key)
            if slots is None:
                slots = extract_slots(sentence.text, published)
                self.drafts.slots.keep(key, slots)
            claims.append(Claim(sentence=sentence, published=published, slots=slots))  # as make_claim builds it
        kept = []
        for claim in claims:
            kind = self.drafts.furniture.take(claim.sentence.text)
            if kind is None:
                kind = furniture_kind(claim.sentence.text) or ""
                self.drafts.furniture.keep(claim.sentence.text, kind)
            if not kind:
                kept.append(claim)
        facts, mentions = analyse_claims(kept)
        return ArticleAnalysis(claims=tuple(claims), facts=facts, mentions=mentions)

    def _draft_embedder(self) -> Embedder:
        embedder = getattr(self._local, "embedder", None)
        if embedder is None:
            settings = self.settings
            embedder = Embedder(settings.cache_dir, use_cache=settings.use_cache, model_loader=self._model, **_backend(settings))
            self._local.embedder = embedder
        return embedder

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of a draft's texts: remembered, else from the embedding cache (read only), else embedded.

        A draft's sentences are never written to the disk cache: a newsroom's
        drafts would fill it, and a draft is not part of the archive.
        """
        keys = [text_key(t) for t in texts]
        found = {k: v for k in dict.fromkeys(keys) if (v := self.drafts.vectors.take(k)) is not None}
        embedder = self._draft_embedder()
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing and embedder.cache is not None:
            for k, vec in embedder.cache.get_many(missing).items():
                self.drafts.vectors.keep(k, vec)
                found[k] = vec
        todo = list({k: t for k, t in zip(keys, texts) if k not in found}.items())
        if todo:
            if embedder.backend == "torch":
                with MODEL_LOCK:
                    fresh = embedder.encode_raw([t for _, t in todo])
            else:
                # ONNX Runtime's sessions run calls side by side, and release the GIL:
                # this draft is embedded while another is parsed.
                fresh = embedder.encode_raw([t for _, t in todo])
            for (k, _), vec in zip(todo, fresh):
                self.drafts.vectors.keep(k, vec)
                found[k] = vec
        if not keys:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def check_text(self, text: str, metadata: dict | None = None, path: str | None = None, *, trim: bool = False) -> Report:
        """Check a draft given as text (with optional front matter and metadata) against the archive."""
        article, warnings = self.read_draft(text, metadata, path)
        return self.check(article, warnings=warnings, trim=trim)

    def check(
        self, article: Article, *, warnings: Sequence[str] = (), timings: Timings | None = None, trim: bool = False
    ) -> Report:
        """The findings that involve one draft, in a report like `pipeline.run(archive, draft=...)`'s.

        With `trim`, the report lists only the draft, the archive articles its
        findings quote and the draft's story, and only the draft's warnings (what
        the service sends: the archive's own lists are its /findings).
        """
        timings = timings if timings is not None else Timings()
        if article.id in self.corpus.articles:
            raise ClaimcheckError(f"draft id {article.id!r} is also an archive article's", EXIT_USAGE)
        t = time.perf_counter()
        ok, reason = comparable(article)
        draft = self._analyse(article) if ok else None
        timings.add("analyse", time.perf_counter() - t)
        with self._lock:
            report = self._check(article, draft, None if ok else reason, tuple(warnings), timings)
        return _trimmed(report, article, tuple(warnings)) if trim else report

    def _check(
        self, article: Article, draft: DraftAnalysis | None, not_read: str | None, warnings: tuple[str, ...], timings: Timings
    ) -> Report:
        corpus = self.corpus
        t = time.perf_counter()
        articles = ChainMap({article.id: article}, corpus.articles)
        claims_d = draft.analysis.claims if draft else ()
        facts_d = draft.analysis.facts if draft else ()
        mentions_d = draft.analysis.mentions if draft else ()
        n, nd = len(corpus.claims), len(claims_d)

        # The draft's story: the archive's stories stay as they are.
        stories = list(self.stories)
        story_of: dict[str, str] | ChainMap = self.story_of
        entities = ChainMap({article.id: article_entities(mentions_d).get(article.id, Counter())}, self._entities)
        if draft is not None:
            doc = draft.vectors.mean(axis=0) if nd else np.zeros(DIMENSIONS, dtype=np.float32)
            norm = float(np.linalg.norm(doc))
            doc = doc / norm if norm else doc
            touched, groups, sim = self._story_index.regroup(entities[article.id], doc, article.published)
            ids = [a.id for a in corpus.compared]
            regrouped = [_story([ids[r] if r >= 0 else article.id for r in group], entities) for group in groups]
            gone = set(touched)
            stories = [st for pos, st in enumerate(stories) if pos not in gone] + regrouped
            stories = self._attach(article.id, stories, regrouped, sim, entities)
            changed = {a: st.id for st in stories for a in st.articles if self.story_of.get(a) != st.id}
            stories.sort(key=lambda s: (-len(s.articles), s.articles))
            story_of = ChainMap(changed, self.story_of)
        timings.add("stories", time.perf_counter() - t)

        t = time.perf_counter()
        if nd <= len(self._buffer) - n:
            self._buffer[n : n + nd] = draft.vectors if draft else 0
            vectors = self._buffer[: n + nd]
        else:
            vectors = np.concatenate([corpus.vectors, draft.vectors])  # type: ignore[union-attr]
        keys: tuple[Key, ...] = corpus.keys + tuple((c.sentence.article, c.sentence.index) for c in claims_d)
        claims = corpus.claims + tuple(claims_d)
        index_of = ChainMap({keys[n + i]: n + i for i in range(nd)}, corpus.index_of)
        claims_by_key = ChainMap({keys[n + i]: claims_d[i] for i in range(nd)}, corpus.claims_by_key)
        # One product of the draft's sentences with every sentence serves the clusters, the
        # neighbour pairs and the fact candidates' sentence floor (`pipeline.draft_clusters`
        # and `_focus_neighbours` each compute this same product); a sentence's row of it
        # against the archive is kept, so only new sentences are multiplied with the archive.
        if nd:
            sims = np.hstack([self._archive_rows(vectors[n : n + nd]), vectors[n : n + nd] @ vectors[n : n + nd].T])
        else:
            sims = np.zeros((0, n), dtype=np.float32)
        clusters = self._draft_clusters(sims, vectors, keys, n, article.id) if nd else []
        cluster_of = {index_of[m]: c.id for c in clusters for m in c.members}
        timings.add("cluster", time.perf_counter() - t)

        t = time.perf_counter()
        conflicts = self._fact_conflicts(article, draft, vectors, sims, n, story_of, articles, claims_by_key, stories) if draft else []
        if draft is not None:
            # Names are grouped inside a story: only the draft's story's mentions, in archive order.
            members = self._story_members(stories, story_of.get(article.id, ""))
            row = self._story_index.row
            ordered = sorted((a for a in members if a in row), key=row.__getitem__)
            mentions = [m for a in ordered for m in self._mentions.get(a, ())]
            names = pipeline.name_conflicts([*mentions, *mentions_d], claims_by_key, articles, story_of)
            conflicts.extend(c for c in names if any(side.article == article.id for side in c.claims))
        timings.add("facts", time.perf_counter() - t)

        t = time.perf_counter()
        if nd:
            pairs = self._related_pairs(sims, clusters, index_of, n)
            pairs |= self._anchored_pairs(claims_d, vectors, n)
            pairs = {(i, j) for i, j in pairs if pipeline.sentence_pair_in_scope(claims[i], claims[j], story_of)}
            conflicts.extend(self._sentence_conflicts(claims, sorted(pairs), vectors, articles, cluster_of, story_of))
        conflicts.sort(key=pipeline._severity_rank)
        timings.add("rules", time.perf_counter() - t)

        acks = self._acknowledged()
        ids = {c.id for c in conflicts}
        clustered = {m for c in clusters for m in c.members}
        not_compared = corpus.not_compared + (((article.id, not_read),) if not_read else ())
        return Report(
            articles=self._with_draft(article),
            sentences=n + nd,
            claims=self._claim_count + sum(1 for c in claims_d if c.slots),
            clusters=tuple(clusters),
            conflicts=tuple(conflicts),
            skipped=corpus.loaded.skipped,
            warnings=corpus.warnings + warnings,
            acknowledged={cid: a.note for cid, a in acks.items() if cid in ids},
            stale_acknowledgements=(),
            draft=article.path,
            stories=tuple(stories),
            not_compared=tuple(sorted(not_compared)),
            facts=len(corpus.facts) + len(facts_d),
            sentence_texts={key: claims_by_key[key].sentence for key in sorted(clustered, key=index_of.__getitem__)},
            analyses={article.id: draft.analysis} if draft else {},
        )

    def _archive_rows(self, draft_vectors: np.ndarray) -> np.ndarray:
        """The draft sentences' similarities to every archive sentence: kept rows, and one product for the rest."""
        # Keyed by the vector itself: a row is the product of exactly these numbers.
        keys = [hashlib.sha1(vector.tobytes()).digest() for vector in draft_vectors]
        rows: list[np.ndarray | None] = [self._rows.take(k) for k in keys]  # type: ignore[misc]
        missing = [i for i, row in enumerate(rows) if row is None]
        if missing:
            fresh = draft_vectors[missing] @ self.corpus.vectors.T
            for i, row in zip(missing, fresh):
                rows[i] = row.copy()  # its own memory: the product is dropped
                self._rows.keep(keys[i], rows[i])
        return np.stack(rows)  # type: ignore[arg-type]

    def _draft_clusters(self, sims: np.ndarray, vectors: np.ndarray, keys: Sequence[Key], n: int, draft: str) -> list:
        """`pipeline.draft_clusters` from the draft's row of similarities."""
        settings = self.settings
        near = np.nonzero((sims >= settings.cluster_threshold).any(axis=0))[0]
        subset = sorted(set(range(n, len(keys))) | {int(j) for j in near})
        found = clustering.cluster(vectors[subset], [keys[i] for i in subset], settings.cluster_threshold, k=settings.neighbours)
        return [c for c in found if any(m[0] == draft for m in c.members)]

    def _related_pairs(self, sims: np.ndarray, clusters: Sequence, index_of: ChainMap, n: int) -> set[tuple[int, int]]:
        """`pipeline.related_pairs` for the draft's rows: its clusters' pairs and its near neighbours."""
        settings = self.settings
        pairs: set[tuple[int, int]] = set()
        for group in clusters:
            members = sorted(index_of[m] for m in group.members)
            pairs.update((a, b) for x, a in enumerate(members) for b in members[x + 1 :] if a >= n or b >= n)
        k = min(settings.neighbours + 1, sims.shape[1])
        for row in range(sims.shape[0]):
            i = n + row
            for j in np.argpartition(-sims[row], k - 1)[:k]:
                j = int(j)
                if j != i and sims[row, j] >= settings.pair_threshold:
                    pairs.add((min(i, j), max(i, j)))
        return pairs

    def _with_draft(self, article: Article) -> tuple[Article, ...]:
        import bisect

        ids = self._ids_sorted
        at = bisect.bisect_left(ids, article.id)
        return (*self._articles_sorted[:at], article, *self._articles_sorted[at:])

    def _attach(
        self, draft: str, stories: list[Story], regrouped: list[Story], sim: np.ndarray, entities: ChainMap
    ) -> list[Story]:
        """A draft left alone joins the story it is most like (`stories.attach_drafts`, one row of it)."""
        own = next(st for st in regrouped if draft in st.articles)
        if len(own.articles) != 1 or len(stories) < 2:
            return stories
        row = self._story_index.row
        scores = {st.id: float(np.mean([sim[row[a]] for a in st.articles])) for st in stories if st.id != own.id and st.articles}
        best = max(sorted(scores), key=scores.__getitem__)
        if scores[best] < DRAFT_FLOOR:
            return stories
        host = next(st for st in stories if st.id == best)
        joined = _story([*host.articles, draft], entities)
        return [st for st in stories if st.id not in (own.id, host.id)] + [joined]

    @staticmethod
    def _story_members(stories: Sequence[Story], story: str) -> tuple[str, ...]:
        return next((s.articles for s in stories if s.id == story), ())

    def _fact_conflicts(
        self,
        article: Article,
        draft: DraftAnalysis,
        vectors: np.ndarray,
        sims: np.ndarray,
        n: int,
        story_of: dict[str, str] | ChainMap,
        articles: ChainMap,
        claims_by_key: ChainMap,
        stories: Sequence[Story],
    ) -> list[Conflict]:
        """Fact findings of the draft: the archive facts of the blocks its facts fall in, and its own."""
        corpus = self.corpus
        facts_d = draft.analysis.facts
        if not facts_d:
            return []
        members = [a for a in self._story_members(stories, story_of.get(article.id, "")) if a != article.id]
        kinds = {value_block(f) for f in facts_d}
        wanted: set[int] = {i for a in members for i in self._facts_of.get(a, ()) if self._fact_kinds[i] in kinds}
        for fact in facts_d:
            for block in _fact_blocks(fact, ""):
                if block[0] == "holder":
                    wanted.update(self._holder_blocks.get(block, ()))
        local = {(c.sentence.article, c.sentence.index): n + k for k, c in enumerate(draft.analysis.claims)}
        rows = sorted(wanted)
        if rows:
            # An archive fact whose sentence is below the candidates' sentence floor with every
            # draft fact's sentence is never scored against one: leave it out of the blocks
            # (with a margin: this product and theirs may differ in the last bit), unless it may
            # be a draft figure's swapped label, which is found by value, not by sentence.
            draft_rows = sorted({local[(f.article, f.sentence)] - n for f in facts_d})
            best = sims[draft_rows][:, self._fact_rows[rows]].max(axis=0)
            swaps = {swap_key(f) for f in facts_d} - {None}
            rows = [r for r, b in zip(rows, best.tolist())
                    if b >= SENTENCE_FLOOR - 1e-3 or (swaps and swap_key(corpus.facts[r]) in swaps)]
        facts = [corpus.facts[i] for i in rows] + list(facts_d)
        sentence_rows = np.array([*self._fact_rows[rows].tolist(), *(local[(f.article, f.sentence)] for f in facts_d)], dtype=np.int64)
        attribute_vectors = np.concatenate([corpus.attribute_vectors[rows], draft.attribute_vectors]) if rows else draft.attribute_vectors
        sentence_vectors = vectors[sentence_rows]
        focus = set(range(len(rows), len(facts)))
        matches = candidate_matches(facts, story_of, attribute_vectors, sentence_vectors, focus)
        groups = fact_groups(facts, matches, story_of, articles, compatible)
        groups = [g for g in groups if any(facts[i].article == article.id for i in g.members)]
        found = pipeline.fact_conflicts(facts, groups, claims_by_key, articles, {s.id: s for s in stories})
        # Values of different forms about one fact meet in claimcheck.forms, as in the pipeline.
        shown, form_found = form_groups(facts, story_of, articles, attribute_vectors, sentence_vectors, focus)
        found += map(form_conflict, pipeline.fact_conflicts(shown, form_found, claims_by_key, articles, {s.id: s for s in stories}))
        return found

    def _anchored_pairs(self, claims_d: Sequence[Claim], vectors: np.ndarray, n: int) -> set[tuple[int, int]]:
        """`pipeline.anchored_pairs` for the draft's claims, from the archive's indexes."""
        settings = self.settings
        focus = set(range(n, n + len(claims_d)))
        pairs: set[tuple[int, int]] = set()
        own: dict[tuple[str, str], list[int]] = defaultdict(list)
        variants: dict[tuple[str, str], dict[str, int]] = {}
        for k, claim in enumerate(claims_d):
            i = n + k
            for anchor in pipeline._anchors(claim):
                own[anchor].append(i)
            for block, variant in pipeline._variant_blocks(claim):
                if block not in variants:
                    variants[block] = dict(self._variants.get(block, {}))
                variants[block][variant] = i
        for members in own.values():
            pipeline._pair_up(pairs, members, focus)
        for block in variants.values():
            members = sorted(set(block.values()))
            if len(members) <= pipeline.MAX_VARIANTS:
                pipeline._pair_up(pairs, members, focus)
        for anchor in sorted(own):
            members = self._by_anchor.get(anchor, []) + own[anchor]
            pairs |= pipeline._group_neighbours(vectors, members, settings, focus)
        return {p for p in pairs if p[0] in focus or p[1] in focus}

    def _sentence_conflicts(
        self,
        claims: Sequence[Claim],
        pairs: list[tuple[int, int]],
        vectors: np.ndarray,
        articles: ChainMap,
        cluster_of: dict[int, str],
        story_of: dict[str, str] | ChainMap,
    ) -> list[Conflict]:
        """The sentence rules on the pairs, over only the claims in them (renumbered in order)."""
        members = sorted({k for pair in pairs for k in pair})
        local = {k: x for x, k in enumerate(members)}
        sub = vectors[members]

        def near(i: int, j: int) -> bool:
            return float(sub[i] @ sub[j]) >= self.settings.near_threshold

        return pipeline.compare(
            [claims[k] for k in members],
            [(local[i], local[j]) for i, j in pairs],
            articles,
            {local[k]: c for k, c in cluster_of.items() if k in local},
            near,
            story_of,
        )


def _trimmed(report: Report, article: Article, warnings: tuple[str, ...]) -> Report:
    """A draft's report cut to what concerns the draft (see `Archive.check`)."""
    quoted = {side.article for c in report.conflicts for side in c.claims} | {article.id}
    return dataclasses.replace(
        report,
        articles=tuple(a for a in report.articles if a.id in quoted),
        stories=tuple(s for s in report.stories if article.id in s.articles),
        skipped=(),
        warnings=warnings,
        not_compared=tuple(entry for entry in report.not_compared if entry[0] == article.id),
    )


# Every use of the two models (the embedding model, spaCy's parser) holds this:
# a reload of the archive may run beside a check.
MODEL_LOCK = threading.RLock()
_MODELS: dict[tuple, object] = {}


def _backend(settings: Settings) -> dict[str, str]:
    """The embedding backend the settings choose, as Embedder keyword arguments (none before backends existed)."""
    backend = getattr(settings, "backend", None)
    return {"backend": backend} if backend else {}


def shared_model(settings: Settings) -> Callable[[], object]:
    """A loader of the embedding model the settings choose, loaded once per process and shared."""
    options = _backend(settings)
    key = (options.get("backend"), str(settings.cache_dir))

    def load() -> object:
        with MODEL_LOCK:
            if key not in _MODELS:
                from claimcheck.embed import load_model

                _MODELS[key] = load_model(options["backend"], settings.cache_dir) if options else load_model()
            return _MODELS[key]

    return load
