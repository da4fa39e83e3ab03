"""Sentence segmentation with exact character offsets.

spaCy's rule-based sentencizer does the splitting: its tokenizer already knows
abbreviations ("Aug.", "U.S.", "Mr.") and keeps closing quotes with their
sentence. Line breaks are hard boundaries first, because headlines, captions
and datelines in news exports end with a newline, not with a full stop.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from claimcheck.model import Article, Sentence

# A block is a run of text between line breaks.
_BLOCK = re.compile(r"[^\n]+")
# spaCy's tokenizer is linear but a single enormous block would still be one
# Doc; longer blocks are cut at the last space before this many characters.
MAX_BLOCK_CHARS = 100_000


@lru_cache(maxsize=1)
def sentencizer():  # type: ignore[no-untyped-def]
    """spaCy's blank English pipeline with its rule-based sentencizer, loaded once per process."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_BLOCK_CHARS + 1
    return nlp


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    for match in _BLOCK.finditer(text):
        start, block = match.start(), match.group()
        while len(block) > MAX_BLOCK_CHARS:
            cut = block.rfind(" ", 0, MAX_BLOCK_CHARS)
            cut = cut if cut > 0 else MAX_BLOCK_CHARS
            yield start, block[:cut]
            start, block = start + cut, block[cut:]
        yield start, block


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(article: Article) -> list[Sentence]:
    """Split an article into sentences whose offsets index its text exactly."""
    return segment_batch([article])[0]


def segment_batch(articles: Iterable[Article]) -> list[list[Sentence]]:
    """Split a batch of articles; one list of sentences per article, in order."""
    articles = list(articles)
    if not articles:
        return []  # nothing to split: do not load spaCy for a fully cached run
    jobs = [(i, offset, block) for i, a in enumerate(articles) for offset, block in _blocks(a.text)]
    result: list[list[Sentence]] = [[] for _ in articles]
    docs = sentencizer().pipe((block for _, _, block in jobs), batch_size=256)
    for (i, offset, _), doc in zip(jobs, docs):
        article = articles[i]
        for span in doc.sents:
            start, end = _trimmed(article.text, offset + span.start_char, offset + span.end_char)
            if end <= start or not any(ch.isalnum() for ch in article.text[start:end]):
                continue
            sentences = result[i]
            sentences.append(
                Sentence(
                    article=article.id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=article.text[start:end],
                )
            )
    return result
