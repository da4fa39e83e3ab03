"""Sentence segmentation keeps exact offsets and handles news layout."""

from __future__ import annotations

import pytest

from claimcheck.load import load_articles
from claimcheck.model import Article
from claimcheck.segment import segment
from conftest import ARTICLES


def _texts(text: str) -> list[str]:
    return [s.text for s in segment(Article(id="a", path="a.txt", text=text))]


def test_segment_offsets_exact_for_every_seed_sentence() -> None:
    articles = load_articles([ARTICLES]).articles
    assert len(articles) == 5
    for article in articles:
        sentences = segment(article)
        assert len(sentences) > 5, article.id
        for index, sentence in enumerate(sentences):
            assert article.text[sentence.start : sentence.end] == sentence.text
            assert sentence.index == index
            assert sentence.text == sentence.text.strip()
        starts = [s.start for s in sentences]
        assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. envoy met Mr. Smith on Aug. 5. He left.", ["The U.S. envoy met Mr. Smith on Aug. 5.", "He left."]),
        ('He said "It is over." Then he left.', ['He said "It is over."', "Then he left."]),
        ("Storm hits coast\nThe storm hit at dawn. Two died.", ["Storm hits coast", "The storm hit at dawn.", "Two died."]),
        ("Photo: Reuters\n\nShares fell 3.5% on Monday.", ["Photo: Reuters", "Shares fell 3.5% on Monday."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_segment_news_layout(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_segment_huge_block_is_cut_not_refused() -> None:
    text = ("word " * 60_000).strip()
    sentences = segment(Article(id="a", path="a.txt", text=text))
    assert sentences
    for s in sentences:
        assert text[s.start : s.end] == s.text
