"""Slot extraction: one module per slot kind, run in a fixed order over a sentence."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from claimcheck.model import Claim, Sentence, Slot

Extractor = Callable[[str, "dt.date | None"], list[Slot]]


def _extractors() -> tuple[Extractor, ...]:
    # Imported here so that importing claimcheck.extract stays cheap.
    from claimcheck.extract import ordinal, people, place, polarity, quantity, time

    return (time.extract, place.extract, quantity.extract, ordinal.extract, people.extract, polarity.extract)


def extract_slots(text: str, published: dt.date | None) -> tuple[Slot, ...]:
    """All slots of a sentence, ordered by position then kind."""
    slots: list[Slot] = []
    for extractor in _extractors():
        slots.extend(extractor(text, published))
    return tuple(sorted(slots, key=lambda s: (s.start, s.end, s.kind, s.raw)))


def make_claim(sentence: Sentence, published: dt.date | None) -> Claim:
    """A claim for a sentence, with its slots extracted against the publication date."""
    return Claim(sentence=sentence, published=published, slots=extract_slots(sentence.text, published))
