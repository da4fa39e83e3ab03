"""A disk cache of the sentence rules' findings, one entry per story's batch of pairs (and of
the name-variant findings, one entry per story's mentions, and of the archive's stories).

A story's batch (`pipeline.StoryPairs`) is keyed by what comparing it reads:
each article's cache key (text, publication date, id, and the extraction
code's digest) and metadata, the sentences paired, their vectors, the pairs,
the clusters, the near-duplicate threshold, and a digest of claimcheck's own
source, so any change to the rules or the records misses the cache. A warm run
with nothing changed compares nothing; a new article recompares its story only.

It sits beside the embedding cache and is as safe to delete; an entry that
cannot be read is recomputed. Entries are pickles of claimcheck's own frozen
records, written and read only by claimcheck in the user's own cache folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from claimcheck.claimcache import article_key

if TYPE_CHECKING:
    from claimcheck.model import Article, Conflict, NameMention
    from claimcheck.pipeline import StoryPairs

log = logging.getLogger(__name__)

_SQL_CHUNK = 500


@lru_cache(maxsize=1)
def source_digest() -> str:
    """A digest of every module and data file of claimcheck (rules, records, pipeline)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted([*package.rglob("*.py"), *(package / "data").glob("*.json")]):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def batch_key(batch: "StoryPairs") -> bytes:
    """The cache key of one story's batch of sentence pairs."""
    digest = hashlib.sha1(f"{source_digest()}\x1f{batch.story}\x1f{batch.near_threshold!r}".encode())
    for article in batch.articles:
        digest.update(article_key(article))
        digest.update(repr(dataclasses.replace(article, text="")).encode())
    digest.update(repr([(c.sentence.article, c.sentence.index) for c in batch.claims]).encode())
    digest.update(repr(batch.pairs).encode())
    digest.update(repr(batch.clusters).encode())
    digest.update(batch.vectors.tobytes())
    return digest.digest()


def names_key(story: str, mentions: Sequence["NameMention"], articles: dict[str, "Article"]) -> bytes:
    """The cache key of one story's name-variant findings: its articles, in the order of its mentions.

    An article's mentions are part of its analysis, which its cache key
    (`claimcache.article_key`) determines, so the key names each article, its
    metadata and how many mentions it gives, not every mention.
    """
    digest = hashlib.sha1(f"{source_digest()}\x1fnames\x1f{story}".encode())
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.article] = counts.get(m.article, 0) + 1
    for article_id, count in counts.items():
        article = articles[article_id]
        digest.update(article_key(article))
        digest.update(f"{count}\x1f{dataclasses.replace(article, text='')!r}".encode())
    return digest.digest()


def stories_key(articles: Sequence["Article"], entities: dict[str, Any], doc_vectors: Any) -> bytes:
    """The cache key of an archive's stories: what `stories.group_stories` reads (ids, dates, names, mean vectors)."""
    digest = hashlib.sha1(f"{source_digest()}\x1fstories".encode())
    for article in articles:
        published = article.published.isoformat() if article.published else ""
        digest.update(f"{article.id}\x1f{published}\x1e".encode())
        digest.update(repr(sorted(entities.get(article.id, {}).items())).encode())
    digest.update(doc_vectors.tobytes())
    return digest.digest()


class CompareCache:
    """Conflicts by story batch, in one SQLite file."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / "comparisons.sqlite"
        self.warning: str | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            self.warning = f"{self.path}: comparison cache unreadable ({exc}); rebuilt"
            log.warning(self.warning)
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS conflicts (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
        db.execute("SELECT count(*) FROM conflicts").fetchone()
        return db

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, list["Conflict"]]:
        """The cached findings among `keys`; unreadable entries are left out."""
        found: dict[bytes, list[Conflict]] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), _SQL_CHUNK):
            chunk = unique[i : i + _SQL_CHUNK]
            try:
                rows = self._db.execute(
                    f"SELECT key, data FROM conflicts WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                self.warning = f"{self.path}: comparison cache unreadable ({exc}); recomputing"
                log.warning(self.warning)
                return {}
            for key, blob in rows:
                try:
                    found[key] = pickle.loads(blob)
                except Exception:  # noqa: BLE001 - an unreadable entry is recomputed
                    continue
        return found

    def put_many(self, items: Iterable[tuple[bytes, list["Conflict"]]]) -> None:
        """Store findings; a cache that cannot be written is only a slower next run."""
        # Pickled one row at a time as SQLite takes them: a cold archive's thousands of entries are never all held twice.
        rows = ((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in items)
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO conflicts (key, data) VALUES (?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            self.warning = f"{self.path}: comparison cache not written ({exc})"
            log.warning(self.warning)

    def close(self) -> None:
        """Close the database."""
        self._db.close()
