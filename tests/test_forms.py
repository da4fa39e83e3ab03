"""Values of different forms about one fact: an age against a birth date, an anniversary against a
founding year, a duration up to now against the same period's bounds.

The pipeline cases run small article folders through the real extractors,
parse, embedding and pipeline; each pair of forms is checked both ways, in
conflict and compatible, and two people never meet. The conversion cases build
form facts by hand, with no model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimcheck.extract.time import TimeValue
from claimcheck.forms import AGE, ANNIVERSARY, BIRTH, BOUNDS, DURATION, FORM_RULE, Common, FormValue, common
from claimcheck.model import CONTRADICTION, FORM, TIME, Article, Conflict, Fact, Slot
from claimcheck.pipeline import run


def _article(day: str) -> Article:
    return Article("a", "a.txt", "", published=dt.date.fromisoformat(day))


def _form_fact(value: FormValue) -> Fact:
    return Fact("a", 0, Slot(FORM, "x", 0, 1, value, "x", value.form), "birth date", "birth date")


def test_forms_age_is_a_birth_interval_before_publication() -> None:
    converted = common(_form_fact(FormValue(AGE, 45, 45)), _article("2024-03-01"))
    assert converted == Common(dt.date(1978, 3, 2), dt.date(1979, 3, 1))


def test_forms_age_of_a_dated_clause_counts_from_that_date() -> None:
    then = TimeValue(dt.date(2010, 1, 1), dt.date(2010, 12, 31), "year", "at")
    converted = common(_form_fact(FormValue(AGE, 31, 31, date=then)), _article("2024-03-01"))
    assert converted == Common(dt.date(1978, 1, 2), dt.date(1979, 12, 31))


def test_forms_anniversary_is_a_founding_year() -> None:
    converted = common(_form_fact(FormValue(ANNIVERSARY, 50, 50)), _article("2024-05-01"))
    assert converted == Common(dt.date(1974, 1, 1), dt.date(1974, 12, 31))


def test_forms_undated_past_anniversary_may_be_last_years() -> None:
    converted = common(_form_fact(FormValue(ANNIVERSARY, 50, 50, slack=(-1, 0))), _article("2024-05-01"))
    assert (converted.lo.year, converted.hi.year) == (1973, 1974)


def test_forms_duration_up_to_now_starts_its_length_before_publication() -> None:
    years = 365.25
    converted = common(_form_fact(FormValue(DURATION, 3 * years, 3 * years, years / 2)), _article("2024-08-10"))
    assert converted.end == (dt.date(2024, 8, 10), dt.date(2024, 8, 10))
    assert dt.date(2021, 1, 1) < converted.lo < dt.date(2021, 3, 1) and dt.date(2022, 1, 1) < converted.hi < dt.date(2022, 3, 1)


def test_forms_open_bounds_run_up_to_publication_and_need_a_date() -> None:
    since = TimeValue(dt.date(2021, 1, 1), dt.date(2021, 12, 31), "year", "since")
    fact = _form_fact(FormValue(BOUNDS, date=since))
    assert common(fact, _article("2024-08-10")).end == (dt.date(2024, 8, 10), dt.date(2024, 8, 10))
    assert common(fact, Article("a", "a.txt", "")) is None


def test_forms_birth_date_is_its_own_interval() -> None:
    born = TimeValue(dt.date(1981, 1, 1), dt.date(1981, 12, 31), "year", "at")
    assert common(_form_fact(FormValue(BIRTH, date=born)), None) == Common(dt.date(1981, 1, 1), dt.date(1981, 12, 31))


# --- the real pipeline --------------------------------------------------------------------------

pipeline_case = pytest.mark.model

ARREST = (
    "Acme chief executive {age} was arrested in Leeds on Thursday over alleged fraud at the tractor maker.\n"
    "Police said the Acme boss was questioned about missing funds at the Leeds company.\n"
)
PROFILE = (
    "{born} has run Acme, the Leeds tractor maker, since 2015.\n"
    "Police arrested the Acme chief executive in Leeds over alleged fraud on Thursday.\n"
)
# Undated clauses: each age holds as of its article's publication.
PLANT = (
    "Acme chief executive {age} said the Leeds tractor maker would open a new plant in Yorkshire.\n"
    "The Acme boss said the Leeds company would hire 300 people for the plant.\n"
)
JUBILEE = (
    "Acme celebrates its 50th anniversary this year with a new tractor plant in Leeds.\n"
    "The Leeds tractor maker Acme employs 3,000 people in Yorkshire.\n"
)
HISTORY = (
    "Acme, the Leeds tractor maker, was founded in {year} by two brothers.\n"
    "The tractor maker Acme employs 3,000 people in Yorkshire and opens a new plant in Leeds.\n"
)


def _forms(tmp_path: Path, embedder, first: tuple[str, str], second: tuple[str, str]) -> list[Conflict]:
    """The form findings of a two-article folder: (publication date, body) each."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (published, body) in zip("ab", (first, second)):
        (folder / f"{name}.txt").write_text(f"---\ntitle: {name}\noutlet: Outlet {name}\npublished: {published}\n---\n{body}",
                                            encoding="utf-8")
    report = run([folder], embedder=embedder)
    return [c for c in report.conflicts if c.rule == FORM_RULE]


@pipeline_case
def test_forms_age_against_a_later_birth_year_is_a_contradiction(tmp_path: Path, embedder) -> None:
    found = _forms(tmp_path, embedder, ("2024-03-01", ARREST.format(age="John Smith, 45,")),
                   ("2024-03-02", PROFILE.format(born="John Smith, born in 1981,")))
    assert len(found) == 1
    finding = found[0]
    assert (finding.verdict, finding.kind, finding.subject) == (CONTRADICTION, TIME, "birth date")
    values = {side.value: side.normalized for side in finding.claims}
    assert values["born in 1981"] == "born 1981"
    assert values["45"].startswith("45 on ") and "(born " in values["45"] and "1979)" in values["45"]
    assert "'45'" in finding.explanation and "'born in 1981'" in finding.explanation
    assert "birth date is a settled fact" in finding.explanation
    assert all(side.holder == "john smith" for side in finding.claims)


@pipeline_case
def test_forms_age_within_the_birth_year_is_compatible(tmp_path: Path, embedder) -> None:
    assert not _forms(tmp_path, embedder, ("2024-03-01", ARREST.format(age="John Smith, aged 45,")),
                      ("2024-03-02", PROFILE.format(born="John Smith, born in 1979,")))


@pipeline_case
def test_forms_two_ages_a_day_apart_agree_only_by_a_birthday_between_the_reports(tmp_path: Path, embedder) -> None:
    found = _forms(tmp_path, embedder, ("2024-03-01", PLANT.format(age="John Smith, 45,")),
                   ("2024-03-02", PLANT.format(age="46-year-old John Smith")))
    assert len(found) == 1 and found[0].verdict == CONTRADICTION
    assert "birthday falls on 2 March, between the two reports" in found[0].explanation


@pipeline_case
def test_forms_two_ages_a_year_apart_are_one_birthday_later(tmp_path: Path, embedder) -> None:
    assert not _forms(tmp_path, embedder, ("2024-03-01", PLANT.format(age="John Smith, 45,")),
                      ("2025-01-10", PLANT.format(age="46-year-old John Smith")))


@pipeline_case
def test_forms_ages_of_different_people_never_meet(tmp_path: Path, embedder) -> None:
    assert not _forms(tmp_path, embedder, ("2024-03-01", ARREST.format(age="John Smith, 45,")),
                      ("2024-03-02", PROFILE.format(born="Jane Smith, born in 1981,")))


@pipeline_case
def test_forms_anniversary_against_another_founding_year_is_a_contradiction(tmp_path: Path, embedder) -> None:
    found = _forms(tmp_path, embedder, ("2024-05-01", JUBILEE), ("2024-05-02", HISTORY.format(year=1975)))
    assert len(found) == 1
    finding = found[0]
    assert (finding.verdict, finding.subject) == (CONTRADICTION, "founding date")
    values = {side.value: side.normalized for side in finding.claims}
    assert values["50th anniversary"] == "50th anniversary in 2024 (founded 1974)"
    assert values["founded in 1975"] == "founded 1975"


@pipeline_case
def test_forms_anniversary_of_the_founding_year_is_compatible(tmp_path: Path, embedder) -> None:
    assert not _forms(tmp_path, embedder, ("2024-05-01", JUBILEE), ("2024-05-02", HISTORY.format(year=1974)))


PRICES_PAST = (
    "Food prices in Britain have risen over the past three years, the Office for National Statistics said.\n"
    "Shoppers in Britain are paying more for bread and milk, the statistics office said.\n"
)
PRICES_BOUNDS = (
    "Food prices in Britain rose from May 2019 until last month, the Office for National Statistics said.\n"
    "Shoppers in Britain paid more for bread and milk, the statistics office said.\n"
)
PRISON_NEARLY = (
    "Tom Jones has been in prison in Leeds for nearly three years, his lawyer told the court in Leeds.\n"
    "The court in Leeds heard an appeal by Tom Jones against his fraud conviction.\n"
)
PRISON_SINCE = (
    "Tom Jones has been in prison in Leeds since {year}, his lawyer told the appeal court in Leeds.\n"
    "The appeal court in Leeds heard the case of Tom Jones against his fraud conviction.\n"
)


@pipeline_case
def test_forms_duration_up_to_now_against_longer_bounds_is_a_contradiction(tmp_path: Path, embedder) -> None:
    found = _forms(tmp_path, embedder, ("2024-08-10", PRICES_PAST), ("2024-08-11", PRICES_BOUNDS))
    assert len(found) == 1
    values = {side.value: side.normalized for side in found[0].claims}
    assert values["the past three years"].startswith("3 years up to 10 August 2024 (began ")
    assert values["from May 2019 until last month"] == "May 2019 – July 2024 (5.1–5.3 years)"
    assert found[0].verdict == CONTRADICTION


@pipeline_case
def test_forms_hedged_duration_within_its_bounds_is_compatible(tmp_path: Path, embedder) -> None:
    assert not _forms(tmp_path, embedder, ("2024-08-10", PRISON_NEARLY), ("2024-08-11", PRISON_SINCE.format(year=2021)))


@pipeline_case
def test_forms_duration_against_an_earlier_start_is_a_contradiction(tmp_path: Path, embedder) -> None:
    found = _forms(tmp_path, embedder, ("2024-08-10", PRISON_NEARLY), ("2024-08-11", PRISON_SINCE.format(year=2019)))
    assert [c.verdict for c in found] == [CONTRADICTION]
    assert {side.value for side in found[0].claims} == {"nearly three years", "since 2019"}
