"""Which language an article is written in, and whether claimcheck can read it.

The `language` metadata key (an ISO 639-1 code such as `en` or `it`) is taken
as given. Without it the body is classified by py3langid, a naive Bayes model
over byte n-grams that runs offline in under a millisecond per article; texts
with fewer than `MIN_LETTERS` letters are left undetermined, because on a
headline-sized text the call is too often wrong (see `MIN_LETTERS`). When the
metadata names a language, the text is still classified to catch a wrong key.
The models downstream (all-MiniLM-L6-v2, the English lexicons and extractors)
read English only, so `comparable` says which articles a comparison can use
and, for the others, why not.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from claimcheck.remember import file_name, recall

# Where an article's language came from.
LANGUAGE_METADATA = "metadata"
LANGUAGE_DETECTED = "detected"
LANGUAGE_UNKNOWN = "unknown"

SUPPORTED_LANGUAGES = frozenset({"en"})

# Fewer letters than this and no language is given: on the 2,225 BBC articles
# (all English), py3langid calls the first 20 letters English 74% of the time,
# the first 40 letters 91%, whole articles 100%.
MIN_LETTERS = 40
# A detected language is kept only this sure: on the first 40 letters of each
# BBC article, the 535 calls at 0.8 or more were all English (at 0.5, 20 of
# 1,395 were not, mostly Nigerian Pidgin). Measured with py3langid 0.4.0, whose
# normalised probabilities are tempered by text length.
DETECTED_MIN_CONFIDENCE = 0.8
# Metadata is overruled by nothing, but contradicted by a sure detection on a
# text long enough that the detection cannot be a fluke; that earns a warning.
MISMATCH_MIN_LETTERS = 200
MISMATCH_MIN_CONFIDENCE = 0.9
# Only the start of the body is classified: on the BBC corpus the first 1,000
# characters get the same call as the whole text for every article (lowest
# confidence 0.994) in half the time, and a 5 MB file costs no more than a short one.
MAX_DETECT_CHARS = 1_000


class _HasLanguage(Protocol):
    language: str | None
    language_source: str


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    with resources.files("claimcheck.data").joinpath("languages.json").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Imported on first use: commands that read no article (ack, --version) and
    # texts too short to classify never pay the half second the model takes to load.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # py3langid 0.4 stores its model as npz (`from_model_file`); 0.3 as a pickle.
    load = getattr(LanguageIdentifier, "from_model_file", None) or LanguageIdentifier.from_pickled_model
    return load(MODEL_FILE, norm_probs=True)


def remembered_path(folder: Path) -> Path:
    """The file in a cache folder that remembers detected languages, named for py3langid's version."""
    return Path(folder) / file_name("languages", "py3langid")


def letter_count(text: str) -> int:
    """How many letters (in any script) `text` holds."""
    return sum(1 for ch in text if ch.isalpha())


def has_letters(text: str, least: int) -> bool:
    """Whether `text` holds at least `least` letters: `letter_count(text) >= least`, read only as far as needed."""
    if least <= 0:
        return True
    for ch in text:
        if ch.isalpha():
            least -= 1
            if not least:
                return True
    return False


def _is_call(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], (int, float))


def _classify(sample: str) -> list:
    code, confidence = _identifier().classify(sample)
    return [str(code), float(confidence)]


def detect_language(text: str) -> tuple[str | None, float]:
    """The language py3langid finds in `text` and its probability (0..1); (None, 0.0) when too short to tell."""
    sample = text[:MAX_DETECT_CHARS]
    if not has_letters(sample, MIN_LETTERS):
        return None, 0.0
    code, confidence = recall(file_name("languages", "py3langid"), sample, lambda: _classify(sample), _is_call)
    if code in _names()["no_language"]:
        return None, 0.0
    return str(code), float(confidence)


def normalize_code(value: object) -> str | None:
    """The ISO 639-1 code a metadata value names ("EN", "en-GB", "it_IT"), or None when it names none."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in _names()["iso639_1"] else None


def language_name(code: str) -> str:
    """The English name of a language code, or the code itself when it is not in the table."""
    names = _names()
    return names["iso639_1"].get(code) or names["detected_only"].get(code) or code


def same_language(a: str, b: str) -> bool:
    """Whether two codes name one language, counting a variety as its language ("nb" and "no")."""
    same_as = _names()["same_as"]
    return same_as.get(a, a) == same_as.get(b, b)


def _supported_names() -> str:
    return " and ".join(language_name(code) for code in sorted(SUPPORTED_LANGUAGES))


def comparable(article: _HasLanguage) -> tuple[bool, str]:
    """(True, "") when claimcheck can compare the article's claims, else (False, a one-line reason)."""
    code = article.language
    # An undetermined language is compared: the text was too short or too bare
    # (names, figures) to classify, and leaving it out would hide its claims
    # with no reason an editor could check.
    if code is None or code in SUPPORTED_LANGUAGES:
        return True, ""
    where = "from metadata" if article.language_source == LANGUAGE_METADATA else article.language_source
    return False, f"language {code} ({language_name(code)}, {where}): the models read {_supported_names()} only"


def article_language(declared: object, body: str) -> tuple[str | None, str, str | None]:
    """The language of an article as (code, source, problem): from its `language` value, else detected.

    `problem` is a short phrase for a warning: a value that is not a language
    code, or metadata that a sure detection contradicts; otherwise None.
    """
    if declared is False:
        # YAML 1.1 reads an unquoted `language: no` (Norwegian) as false.
        declared = "no"
    stated = declared is not None and str(declared).strip() != ""
    code = normalize_code(declared) if stated else None
    if stated and code is None:
        problem = f"language {str(declared)!r} is not an ISO 639-1 code (e.g. en); ignored"
        found, confidence = detect_language(body)
        if found and confidence >= DETECTED_MIN_CONFIDENCE:
            return found, LANGUAGE_DETECTED, problem
        return None, LANGUAGE_UNKNOWN, problem
    if code is not None:
        if not has_letters(body[:MAX_DETECT_CHARS], MISMATCH_MIN_LETTERS):
            return code, LANGUAGE_METADATA, None
        found, confidence = detect_language(body)
        if found and confidence >= MISMATCH_MIN_CONFIDENCE and not same_language(found, code):
            problem = (
                f"language {code} ({language_name(code)}) in the metadata, but the text reads as "
                f"{found} ({language_name(found)}, {confidence:.2f}); the metadata is used"
            )
            return code, LANGUAGE_METADATA, problem
        return code, LANGUAGE_METADATA, None
    found, confidence = detect_language(body)
    if found and confidence >= DETECTED_MIN_CONFIDENCE:
        return found, LANGUAGE_DETECTED, None
    return None, LANGUAGE_UNKNOWN, None
