"""The claim cache: analyses by article, read back whole; which articles it holds, known without reading them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimcheck.claimcache import ClaimCache, article_key
from claimcheck.model import Article, ArticleAnalysis, Claim, Sentence


def _analysis(article: Article) -> ArticleAnalysis:
    sentence = Sentence(article=article.id, index=0, start=0, end=len(article.text), text=article.text)
    return ArticleAnalysis(claims=(Claim(sentence=sentence, published=None),))


def test_claimcache_held_names_the_stored_articles_without_reading_them(tmp_path: Path) -> None:
    stored, new = Article(id="a", path="a.txt", text="The dam burst."), Article(id="b", path="b.txt", text="It rained.")
    cache = ClaimCache(tmp_path)
    cache.put_many([(article_key(stored), _analysis(stored))])
    keys = [article_key(stored), article_key(new)]
    assert cache.held(keys) == {article_key(stored)}
    assert cache.get_many(keys) == {article_key(stored): _analysis(stored)}
    cache.close()


def test_claimcache_an_entry_held_but_damaged_is_left_out_by_get_many(tmp_path: Path) -> None:
    article = Article(id="a", path="a.txt", text="The dam burst.")
    cache = ClaimCache(tmp_path)
    cache.put_many([(article_key(article), _analysis(article))])
    cache.close()
    with sqlite3.connect(ClaimCache(tmp_path).path) as db:
        db.execute("UPDATE claims SET data = ?", (b"not a pickle",))
    again = ClaimCache(tmp_path)
    # Held, so the run asks for it; unreadable, so the run analyses the article again.
    assert again.held([article_key(article)]) == {article_key(article)}
    assert again.get_many([article_key(article)]) == {}
    again.close()
