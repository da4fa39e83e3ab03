"""The frozen records that pass between claimcheck's stages.

Every stage takes and returns these plain values, so a stage can be tested by
building its input by hand and can run unchanged on a batch from any engine.
Offsets are always character offsets: a `Sentence`'s into its article's
`text`, a `Slot`'s into its sentence's `text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


# Where an article's publication date came from.
PUBLISHED_METADATA = "metadata"
PUBLISHED_INFERRED = "inferred"
PUBLISHED_UNKNOWN = "unknown"
PUBLISHED_ASSUMED = "assumed"  # no date found; the one given with --assume-published


@dataclass(frozen=True)
class Article:
    """One article: its body text and its metadata."""

    id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_source: str = PUBLISHED_UNKNOWN
    # How much of `published` the source gave: "day", "month" (2022-07 is stored
    # as 2022-07-01) or "year", so that "last month" can be resolved in a
    # 2022-07 article while "yesterday" cannot.
    published_precision: str = "day"
    # Where `text` starts in the file (after any front matter), so that
    # file offsets are `body_offset + start`.
    body_offset: int = 0
    # Free-form notes on how the file was read (a declared encoding fallback).
    notes: tuple[str, ...] = ()
    # ISO 639-1 code of the body's language, from the `language` key or detected
    # (claimcheck.language); None when too short to tell.
    language: str | None = None
    language_source: str = "unknown"  # "metadata", "detected" or "unknown"


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article; `article.text[start:end] == text`."""

    article: str
    index: int
    start: int
    end: int
    text: str


# Slot kinds. A slot's `value` is a frozen, comparable object whose type depends
# on its kind (see claimcheck.extract.<kind>); `normalized` renders it for people.
TIME = "time"
PLACE = "place"
QUANTITY = "quantity"
ORDINAL = "ordinal"
ROLE = "role"
POLARITY = "polarity"
PERSON = "person"
SLOT_KINDS = (TIME, PLACE, QUANTITY, ORDINAL, ROLE, POLARITY, PERSON)
# The kind of a form fact's slot (an age, an anniversary, a duration up to now; see
# claimcheck.forms): not extracted on its own but read from other slots and the parse.
FORM = "form"


@dataclass(frozen=True)
class Slot:
    """A checkable piece of a claim, as written and as normalised.

    `subject` names what the slot is about ("coordinator term", "students",
    "venue"): rules compare only slots whose subjects match. `start`/`end` are
    offsets into the sentence text, so `sentence.text[start:end] == raw`.
    """

    kind: str
    raw: str
    start: int
    end: int
    value: Any
    normalized: str
    subject: str = ""


@dataclass(frozen=True)
class Claim:
    """A sentence with its article's dating context and its extracted slots."""

    sentence: Sentence
    published: dt.date | None
    slots: tuple[Slot, ...] = ()

    @property
    def article(self) -> str:
        """The id of the article the claim comes from."""
        return self.sentence.article


@dataclass(frozen=True)
class Cluster:
    """Claims (by sentence key) that say near-duplicate things."""

    id: str
    members: tuple[tuple[str, int], ...]  # (article id, sentence index)
    # The lowest cosine similarity of any edge that joined the cluster.
    min_similarity: float = 1.0


# Verdicts, from the most to the least actionable.
CONTRADICTION = "contradiction"
CHANGED = "changed"
UPDATED = "updated"
ATTRIBUTED = "attributed"
LESS_PRECISE = "less_precise"
DIFFERENT_SCOPE = "different_scope"
NAME_VARIANT = "name_variant"
VERDICTS = (CONTRADICTION, CHANGED, UPDATED, ATTRIBUTED, NAME_VARIANT, LESS_PRECISE, DIFFERENT_SCOPE)

HIGH = "high"
MEDIUM = "medium"
LOW = "low"
SEVERITIES = (HIGH, MEDIUM, LOW)


@dataclass(frozen=True)
class Finding:
    """What one rule says about one pair of slots; the pipeline adds quotes."""

    rule: str
    kind: str
    verdict: str
    severity: str
    subject: str
    explanation: str
    slots: tuple[Slot, Slot]
    claims: tuple[Claim, Claim]


@dataclass(frozen=True)
class ConflictSide:
    """One side of a conflict: the quote, where it is, and the value in it."""

    article: str
    sentence: str
    start: int
    end: int
    value: str
    normalized: str
    published: str | None
    # Offsets of `value` inside `sentence`, for highlighting.
    value_start: int
    value_end: int
    # For a fact's side: who states it, whose value it is, what it measures as written,
    # whether the sentence marks it as the earlier figure, and its modality.
    source: str = ""
    holder: str = ""
    attribute: str = ""
    role: str = ""
    modality: str = ""
    # Sides with the same key state the same value, however worded ("288" and
    # "288 people"); the report lists each distinct value with its claims. Empty
    # means "the same `normalized` text is the same value".
    value_key: str = ""
    # For a moving tally (`updated`): the side gives, as current, a figure the latest report replaced.
    superseded: bool = False


@dataclass(frozen=True)
class Conflict:
    """A reported disagreement between two claims."""

    id: str
    rule: str
    kind: str
    verdict: str
    severity: str
    subject: str
    explanation: str
    claims: tuple[ConflictSide, ...]
    cluster: str | None = None
    story: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file the run passed over, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Report:
    """Everything a run found, ready to be written."""

    articles: tuple[Article, ...]
    sentences: int
    claims: int
    clusters: tuple[Cluster, ...]
    conflicts: tuple[Conflict, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()
    # Ids of conflicts an editor acknowledged, with their notes; and stale ids.
    acknowledged: dict[str, str] = field(default_factory=dict)
    stale_acknowledgements: tuple[str, ...] = ()
    draft: str | None = None
    stories: tuple[Any, ...] = ()  # claimcheck.stories.Story
    # Articles read but not compared (a language the models do not read), with the reason.
    not_compared: tuple[tuple[str, str], ...] = ()
    facts: int = 0
    sentence_texts: dict[tuple[str, int], Sentence] = field(default_factory=dict, repr=False)
    # Each compared article's claims, facts and name mentions, by article id (for
    # `facts_frame`); a draft's report holds the draft's only.
    analyses: dict[str, "ArticleAnalysis"] = field(default_factory=dict, repr=False, compare=False)

    @property
    def findings(self) -> tuple[Conflict, ...]:
        """The findings (the report's conflicts), most severe first."""
        return self.conflicts

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per side of each finding, as a pandas DataFrame (see `claimcheck.frames`)."""
        from claimcheck.frames import findings_frame

        return findings_frame(self)

    def facts_frame(self):  # type: ignore[no-untyped-def]
        """One row per fact read from the compared articles, as a pandas DataFrame."""
        from claimcheck.frames import facts_frame

        return facts_frame(self)

    def to_csv(self, path: "str | Path") -> "Path":
        """Write `to_frame()` as CSV (UTF-8, atomically) and return the path."""
        from claimcheck.frames import write_csv

        return write_csv(self.to_frame(), path)


# What a fact's value is, besides what a sentence says: the role of a figure
# that a sentence itself marks as the earlier one ("down from 66", "from 115").
CURRENT = "current"
PREVIOUS = "previous"
# Modality of the clause that carries the value.
ASSERTED = "asserted"
EXPECTED = "expected"  # "is expected to", "could", "will", "plans to"
NEGATED = "negated"
PROPOSED = "proposed"  # "prosecutors sought 50 years": a request, a different fact from the outcome


@dataclass(frozen=True)
class Fact:
    """A value slot tied to what it measures, whose it is, where, when and who says so.

    `attribute` is the lemma phrase of what is counted or measured ("death
    toll", "people kill", "vote share"), `attribute_text` the words as written,
    `canonical` its equivalence class from the attribute lexicon when it has
    one ("deaths"); `holder` whose value it is ("tinubu"), `qualifiers` what
    narrows it (places, scopes), `source` who states it, `time` the time slot
    of its own clause when it has one (otherwise it holds as of publication).
    """

    article: str
    sentence: int
    slot: Slot
    attribute: str
    attribute_text: str
    canonical: str = ""
    holder: str = ""
    qualifiers: tuple[str, ...] = ()
    source: str = ""
    time: Slot | None = None
    modality: str = ASSERTED
    # Whether the source is named (an agency, a person), not just "officials" or "its filing".
    source_named: bool = False
    role: str = CURRENT
    # The names its sentence mentions (people, organisations, places), folded: what else the claim is about.
    names: tuple[str, ...] = ()
    # The source when it is one of the names its sentence gives ("gérald darmanin"), not a
    # description of one ("mr glazer's financial backers"): who says so, as a name.
    speaker: str = ""
    # A figure with no counted noun of its own ("Kwankwaso scored 1,496,687"): its verb names it only loosely.
    bare: bool = False
    # The names its article is mostly about (its lead's and most repeated), folded: what a sentence
    # that names nothing ("Sales rose 2.8% to 14.96bn euros") is about.
    context: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """The value's slot kind (quantity, time)."""
        return self.slot.kind


@dataclass(frozen=True)
class NameMention:
    """A named entity as the parser found it in a sentence."""

    article: str
    sentence: int
    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleAnalysis:
    """What one article yields before comparison; cached per article."""

    claims: tuple[Claim, ...]
    facts: tuple[Fact, ...] = ()
    mentions: tuple[NameMention, ...] = ()
