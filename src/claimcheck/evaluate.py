"""Score a report against hand-labelled conflicts (the news-dev format).

The labels (`expected.yaml`, one per story folder) list conflicts an editor
would raise and look-alike non-conflicts that must stay silent. The rules of
matching are the data set's own (its README, "Scoring a tool's report"):

- a reported side matches an expected value when it comes from the same
  article file and its sentence contains the expected value, or its span
  overlaps the expected quote in that article's body (after folding
  whitespace, quote marks and dashes);
- an expected conflict is found when one finding holds two sides from the
  named articles that match two expected values which themselves disagree;
- a non-conflict is a false alarm when a finding's sides all match that
  entry's values and at least two of them match different values; here a
  side matches by its own value, not by another figure of its sentence
  (the README: a finding that holds genuinely different values is judged
  against the conflict entries, not as a false alarm).

`score()` takes the parsed report (schema 1 or 2) and the labels; it never
runs the pipeline, so `benchmarks/score_news.py` and the tests share it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

# What each labelled status accepts as the verdict an editor would give.
STATUS_VERDICTS: dict[str, frozenset[str]] = {
    "error": frozenset({"contradiction"}),
    "evolving": frozenset({"updated", "changed"}),
    "speculation": frozenset({"changed", "updated"}),
    "attribution": frozenset({"attributed", "different_scope"}),
    "scope": frozenset({"different_scope", "attributed"}),
    "variant": frozenset({"name_variant", "less_precise"}),
}
SUBSTANTIVE = frozenset({"error", "evolving", "attribution", "scope", "speculation"})

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
_NUMBER = re.compile(r"\d[\d,.]*(?:\s*(?:thousand|million|billion|trillion|bn|m)\b)?", re.IGNORECASE)


def fold(text: str) -> str:
    """Whitespace, quote marks and dashes folded, lower case."""
    return " ".join(text.translate(_FOLD).split()).lower()


def value_key(value: str) -> tuple[str, ...]:
    """What a labelled value says, for telling two values that disagree from two that repeat."""
    # A scale word is part of the figure: "8,794,726 million" is not "8,794,726".
    numbers = tuple(" ".join(n.lower().replace(",", "").split()).rstrip(".") for n in _NUMBER.findall(value))
    # The words count too where a label sets one figure against itself in other words
    # ("fined $11 billion" / "ordered to forfeit $11 billion").
    words = fold(_NUMBER.sub(" ", value)).split()
    return (*numbers, " ".join(words)) if numbers else (fold(value),)


@dataclass(frozen=True)
class Expected:
    """One labelled value: its article file, the value and the quote around it."""

    article: str
    value: str
    quote: str


@dataclass(frozen=True)
class Entry:
    """A labelled conflict or non-conflict of one story."""

    story: str
    id: str
    kind: str
    status: str | None
    subject: str
    values: tuple[Expected, ...]


@dataclass(frozen=True)
class Side:
    """One reported claim of a finding, reduced to what matching needs."""

    story: str
    article: str  # the file name inside its story folder
    sentence: str
    start: int
    end: int
    # The value as written and its offsets in the article body (when the report gives them).
    value: str = ""
    value_start: int = -1
    value_end: int = -1


@dataclass(frozen=True)
class ReportedFinding:
    """A finding as the scorer sees it."""

    id: str
    verdict: str
    sides: tuple[Side, ...]


@dataclass
class StoryScore:
    """Counts for one story, and which entries and findings they came from."""

    story: str
    conflicts: int = 0
    found: int = 0
    substantive: int = 0
    substantive_found: int = 0
    errors: int = 0
    errors_found: int = 0
    right_verdict: int = 0
    non_conflicts: int = 0
    false_alarms: int = 0
    findings: int = 0
    unmatched: int = 0
    found_ids: list[str] = field(default_factory=list)
    missed_ids: list[str] = field(default_factory=list)
    alarm_subjects: list[str] = field(default_factory=list)
    found_verdicts: dict[str, str] = field(default_factory=dict)  # entry id -> verdicts given ("a/b")
    found_by_value: int = 0  # found with the sides' own values matching, not only their sentences
    verdicts: Counter = field(default_factory=Counter)  # (status, verdict given)


@dataclass
class Score:
    """The whole data set's score."""

    stories: dict[str, StoryScore]
    cross_story: list[str]
    unmatched_findings: list[str]

    def total(self, name: str) -> int:
        """The sum of one count over the stories."""
        return sum(getattr(s, name) for s in self.stories.values())

    @property
    def recall(self) -> float:
        """Expected conflicts found, over all of them."""
        return self.total("found") / max(1, self.total("conflicts"))

    @property
    def substantive_recall(self) -> float:
        """Found among the conflicts that are not variants or editor checks."""
        return self.total("substantive_found") / max(1, self.total("substantive"))

    @property
    def error_share(self) -> float:
        """Of the expected conflicts with status `error`, the share found."""
        return self.total("errors_found") / max(1, self.total("errors"))

    @property
    def false_alarm_rate(self) -> float:
        """Flagged non-conflicts over all non-conflicts."""
        return self.total("false_alarms") / max(1, self.total("non_conflicts"))


def load_labels(devset: Path) -> list[Entry]:
    """Every labelled entry of every story folder under `devset`."""
    entries: list[Entry] = []
    for labels in sorted(devset.glob("*/expected.yaml")):
        story = labels.parent.name
        data = yaml.safe_load(labels.read_text(encoding="utf-8"))
        for n, item in enumerate(data.get("conflicts") or []):
            entries.append(_entry(story, item, item.get("id", f"{story}-{n}"), item.get("status")))
        for n, item in enumerate(data.get("non_conflicts") or []):
            entries.append(_entry(story, item, f"{story}-nc{n + 1:02d}", None))
    return entries


def _entry(story: str, item: dict[str, Any], eid: str, status: str | None) -> Entry:
    values = tuple(Expected(v["article"], str(v["value"]), str(v["quote"])) for v in item["values"])
    return Entry(story, eid, item.get("kind", ""), status, item.get("subject", ""), values)


def _article_sides(report: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, list[dict[str, Any]]]]:
    """(finding, verdict, its sides) for schema 1 (`conflicts`) and schema 2 (`findings`)."""
    for finding in report.get("findings") or []:
        sides = [claim for value in finding.get("values", []) for claim in value.get("claims", [])]
        yield finding, finding.get("verdict", ""), sides
    for conflict in report.get("conflicts") or []:
        yield conflict, conflict.get("verdict", ""), list(conflict.get("claims", []))


def reported_findings(report: dict[str, Any]) -> list[ReportedFinding]:
    """The report's findings with each side's story folder and file name."""
    paths = {a["id"]: Path(a["path"]) for a in report.get("articles", [])}
    found: list[ReportedFinding] = []
    for finding, verdict, sides in _article_sides(report):
        reduced = []
        for side in sides:
            path = paths.get(side["article"], Path(side["article"]))
            start = int(side["start"])
            value_at = side.get("value_start")
            value_span = (start + int(value_at), start + int(side["value_end"])) if value_at is not None else (-1, -1)
            reduced.append(Side(path.parent.name, path.name, side["sentence"], start, int(side["end"]), str(side.get("value") or ""), *value_span))
        found.append(ReportedFinding(str(finding.get("id", "")), verdict, tuple(reduced)))
    return found


class _Bodies:
    """Article bodies by (story, file), read once, for locating quotes."""

    def __init__(self, devset: Path) -> None:
        self.devset = devset
        self._spans: dict[tuple[str, str, str], tuple[int, int] | None] = {}
        self._bodies: dict[tuple[str, str], str] = {}

    def body(self, story: str, article: str) -> str:
        key = (story, article)
        if key not in self._bodies:
            from claimcheck.load import load_articles

            loaded = load_articles([self.devset / story / article])
            self._bodies[key] = loaded.articles[0].text if loaded.articles else ""
        return self._bodies[key]

    def quote_span(self, story: str, expected: Expected) -> tuple[int, int] | None:
        key = (story, expected.article, expected.quote)
        if key not in self._spans:
            body = self.body(story, expected.article)
            at = body.find(expected.quote)
            self._spans[key] = (at, at + len(expected.quote)) if at >= 0 else None
        return self._spans[key]


def _matches(side: Side, story: str, expected: Expected, bodies: _Bodies) -> bool:
    if side.story != story or side.article != expected.article:
        return False
    if fold(expected.value) in fold(side.sentence):
        return True
    span = bodies.quote_span(story, expected)
    return span is not None and side.start < span[1] and span[0] < side.end


def _disagreeing_match(finding: ReportedFinding, entry: Entry, bodies: _Bodies, strict: bool = False) -> bool:
    """Two sides of the finding match two of the entry's values that disagree.

    `strict` matches a side by its own value, not by its sentence: the data set's
    rule credits a finding about another figure of the same sentences.
    """
    match = _value_matches if strict else _matches
    hits: dict[int, set[int]] = defaultdict(set)  # side -> matched value indices
    for s, side in enumerate(finding.sides):
        for v, expected in enumerate(entry.values):
            if match(side, entry.story, expected, bodies):
                hits[s].add(v)
    for s1, values1 in hits.items():
        for s2, values2 in hits.items():
            if s1 == s2:
                continue
            if any(value_key(entry.values[a].value) != value_key(entry.values[b].value) for a in values1 for b in values2):
                return True
    return False


def _value_matches(side: Side, story: str, expected: Expected, bodies: _Bodies) -> bool:
    """The side's own value is the labelled one, not just another figure of its sentence.

    A finding about the 45% and 46% premiums whose sentences also date the
    closing price does not flag the closing price's look-alike dates.
    """
    if not _matches(side, story, expected, bodies):
        return False
    if not side.value or side.value_start < 0:
        return True  # a report without value offsets: the sentence is all there is
    if fold(side.value) in fold(expected.value) or fold(expected.value) in fold(side.value):
        return True
    span = bodies.quote_span(story, expected)
    if span is None:
        return False
    at = bodies.body(story, expected.article).find(expected.value, span[0], span[1])
    return at >= 0 and side.value_start < at + len(expected.value) and at < side.value_end


def _all_within(finding: ReportedFinding, entry: Entry, bodies: _Bodies) -> bool:
    """Every side's value is one of the entry's values and two sides match different ones."""
    matched: list[set[int]] = []
    for side in finding.sides:
        values = {v for v, e in enumerate(entry.values) if _value_matches(side, entry.story, e, bodies)}
        if not values:
            return False
        matched.append(values)
    return any(a != b or len(a) > 1 for i, a in enumerate(matched) for b in matched[i + 1 :])


def score(report: dict[str, Any], entries: Iterable[Entry], devset: Path) -> Score:
    """Recall, verdicts, false alarms and unmatched findings of `report` against `entries`."""
    entries = list(entries)
    bodies = _Bodies(devset)
    findings = reported_findings(report)
    stories = {e.story: StoryScore(e.story) for e in entries}
    matched: set[str] = set()
    cross: list[str] = []
    for finding in findings:
        folders = {side.story for side in finding.sides}
        if len(folders) > 1:
            cross.append(finding.id)
        for folder in folders:
            if folder in stories:
                stories[folder].findings += 1
    for entry in entries:
        row = stories[entry.story]
        hits = [f for f in findings if _disagreeing_match(f, entry, bodies)]
        if entry.status is None:
            row.non_conflicts += 1
            alarms = [f for f in findings if _all_within(f, entry, bodies)]
            if alarms:
                row.false_alarms += 1
                row.alarm_subjects.append(entry.subject)
                matched.update(f.id for f in alarms)
            continue
        row.conflicts += 1
        substantive = entry.status in SUBSTANTIVE
        row.substantive += substantive
        row.errors += entry.status == "error"
        if not hits:
            row.missed_ids.append(entry.id)
            continue
        matched.update(f.id for f in hits)
        row.found += 1
        row.found_by_value += any(_disagreeing_match(f, entry, bodies, strict=True) for f in hits)
        row.found_ids.append(entry.id)
        row.substantive_found += substantive
        row.errors_found += entry.status == "error"
        accepted = STATUS_VERDICTS.get(entry.status)
        given = sorted({f.verdict for f in hits})
        row.verdicts[(entry.status, "/".join(given))] += 1
        row.found_verdicts[entry.id] = "/".join(given)
        if accepted is None or any(v in accepted for v in given):
            row.right_verdict += 1
    unmatched = [f.id for f in findings if f.id not in matched]
    for finding in findings:
        if finding.id not in matched:
            for folder in {side.story for side in finding.sides}:
                if folder in stories:
                    stories[folder].unmatched += 1
    return Score(stories, cross, unmatched)


def format_score(result: Score) -> str:
    """A Markdown table of the score, a row per story and a total."""
    lines = [
        "| story | found | substantive | errors | right verdict | false alarms | findings | unmatched |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in sorted(result.stories):
        s = result.stories[name]
        lines.append(
            f"| {name} | {s.found}/{s.conflicts} | {s.substantive_found}/{s.substantive} | "
            f"{s.errors_found}/{s.errors} | {s.right_verdict}/{s.found} | {s.false_alarms}/{s.non_conflicts} | "
            f"{s.findings} | {s.unmatched} |"
        )
    t = result.total
    lines.append(
        f"| **all** | {t('found')}/{t('conflicts')} ({result.recall:.0%}) | "
        f"{t('substantive_found')}/{t('substantive')} ({result.substantive_recall:.0%}) | "
        f"{t('errors_found')}/{t('errors')} ({result.error_share:.0%}) | {t('right_verdict')}/{t('found')} | "
        f"{t('false_alarms')}/{t('non_conflicts')} ({result.false_alarm_rate:.0%}) | {t('findings')} | {t('unmatched')} |"
    )
    lines.append(f"\nFindings that join two stories: {len(result.cross_story)}")
    lines.append(f"Found by the sides' own values (not only their sentences): {t('found_by_value')}/{t('found')}")
    lines.extend(["", "| expected status | found | right verdict | verdicts given |", "|---|---|---|---|"])
    for status, found, right, given in verdicts_by_status(result):
        lines.append(f"| {status} | {found} | {right} | {given} |")
    return "\n".join(lines)


def verdicts_by_status(result: Score) -> list[tuple[str, int, int, str]]:
    """Per expected status: conflicts found, how many got an accepted verdict, and the verdicts given."""
    given: dict[str, Counter] = defaultdict(Counter)
    for row in result.stories.values():
        for (status, verdicts), n in row.verdicts.items():
            given[status][verdicts] += n
    rows = []
    for status in sorted(given):
        accepted = STATUS_VERDICTS.get(status)
        found = sum(given[status].values())
        right = sum(n for v, n in given[status].items() if accepted is None or any(x in accepted for x in v.split("/")))
        rows.append((status, found, right, ", ".join(f"{v} {n}" for v, n in sorted(given[status].items()))))
    return rows
