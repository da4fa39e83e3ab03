"""Tests for claimcheck.rules.quantity: figures that cannot agree, and the many that do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from claimcheck.extract.quantity import Quantity, extract
from claimcheck.model import CHANGED, CONTRADICTION, LESS_PRECISE, QUANTITY, TIME, Claim, Sentence, Slot
from claimcheck.rules.quantity import RULE_VALUE, RULES, check_value, is_rounding

DAY = "2024-03-01"


def claim(text: str, published: str | None = DAY, article: str = "a", index: int = 0) -> Claim:
    """A claim whose quantity slots come from the extractor (pure, no model)."""
    date = dt.date.fromisoformat(published) if published else None
    sentence = Sentence(article=article, index=index, start=0, end=len(text), text=text)
    return Claim(sentence=sentence, published=date, slots=tuple(extract(text, date)))


def pair(a: str, b: str, date_a: str | None = DAY, date_b: str | None = DAY) -> list:
    return list(check_value(claim(a, date_a, "one"), claim(b, date_b, "two")))


def verdicts(a: str, b: str, date_a: str | None = DAY, date_b: str | None = DAY) -> list[str]:
    return [f.verdict for f in pair(a, b, date_a, date_b)]


MUST_NOT_FIRE = [
    ("Ten students attended the course.", "10 students attended the course."),
    ("He is 5.8 feet tall.", "He is 1.77 metres tall."),
    ("Nearly 400 people died in the floods.", "390 people died in the floods."),
    ("At least 90 people were rescued.", "95 people were rescued."),
    ("More than 2,500 homes were destroyed.", "2,600 homes were destroyed."),
    ("20 students joined the protest.", "30 teachers joined the protest."),
    ("About 400 people died in the quake.", "397 people died in the quake."),
    ("Between 5 and 10 people were hurt.", "Seven people were hurt."),
    ("Dozens of people were hurt.", "50 people were hurt."),
    ("It cost $5bn.", "It cost €6bn."),
    ("Highs of 86°F are forecast.", "Highs of 30°C are forecast."),
    ("Two-thirds of voters backed the plan.", "67% of voters backed the plan."),
    ("Three million people voted.", "3 million people voted."),
    ("Shares rose 4.2% on Tuesday.", "Shares rose 4.2 per cent on Tuesday."),
    ("Shares rose 4.2% on Tuesday.", "Shares rose about 4% on Tuesday."),
    ("The toll rose from 300 to 400 people.", "The toll reached 350 people."),
    ("Up to 100 casualties were feared.", "80 casualties were confirmed."),
    ("The marathon is 26.2 miles long.", "The marathon is 42.2 km long."),
    ("The firm cut 1,200 jobs.", "The firm cut about 1,150 jobs."),
    ("He was jailed for three years.", "He was jailed for 36 months."),
    ("The sample weighed 2.2 pounds.", "The sample weighed 1 kg."),
    ("Inflation rose 2% to 5%.", "Inflation rose to 5%."),
    ("Cases rose to 1.2m, up from 800,000.", "Cases reached 1 million."),
    ("Turnout was 61 per cent, up from 57 per cent.", "Turnout was 57 per cent."),
    ("The quake killed 400 people and injured 1,000 people.",
     "The quake killed 450 people and injured 900 people."),
    ("Northwind employs about 12,000 people.", "The firm has roughly 11,500 employees."),
    ("The epicentre was at a depth of 10 km.", "The quake struck about 6 miles below the surface."),
    ("Djokovic is 1.88 metres tall.", "Djokovic is 6ft 2in tall."),
    ("There were 50 new cases on Monday.", "There were 1,050 total cases on Monday."),
]


@pytest.mark.parametrize("a,b", MUST_NOT_FIRE)
def test_rules_quantity_agreeing_figures_yield_nothing(a, b):
    assert pair(a, b) == []
    assert pair(b, a, "2024-01-01", "2024-06-01") == []


# (a, b, date_a, date_b, verdict)
MUST_FIRE = [
    # disasters
    ("400 people died in the floods.", "600 people died in the floods.", DAY, DAY, CONTRADICTION),
    ("400 people died in the floods.", "600 people died in the floods.", "2024-03-01", "2024-03-04", CHANGED),
    ("The death toll rose to 400.", "The death toll rose to 1,200.", "2023-02-07", "2023-02-08", CHANGED),
    ("The 7.8-magnitude earthquake hit at dawn.", "The 6.1-magnitude earthquake hit at dawn.", DAY, DAY,
     CONTRADICTION),
    # elections
    ("Turnout was 67 per cent.", "Turnout was 58 per cent.", DAY, DAY, CONTRADICTION),
    ("About 40% of voters backed the motion.", "About 60% of voters backed the motion.", DAY, DAY,
     CONTRADICTION),
    # business
    ("The firm agreed a $5bn deal.", "The firm agreed a $7bn deal.", DAY, DAY, CONTRADICTION),
    ("The share price was $45.", "The share price was $52.", "2024-01-01", "2024-02-01", CHANGED),
    ("3 million people bought the phone.", "3.2 million people bought the phone.", DAY, DAY, LESS_PRECISE),
    ("Shares rose 4.2% on Tuesday.", "Shares rose 5% on Tuesday.", DAY, DAY, CONTRADICTION),
    # sport
    ("The marathon is 42.195 km long.", "The marathon is 40 km long.", DAY, DAY, CONTRADICTION),
    ("Twenty-one players were named in the squad.", "23 players were named in the squad.", DAY, DAY,
     CONTRADICTION),
    # science
    ("He is 5.8 feet tall.", "He is 1.90 metres tall.", DAY, DAY, CONTRADICTION),
    ("Temperatures reached 30°C.", "Temperatures reached 35°C.", DAY, DAY, CONTRADICTION),
    # courts
    ("He was sentenced to 12 years in prison.", "He was sentenced to 15 years in prison.", DAY, DAY,
     CONTRADICTION),
    ("A 45-year-old man was charged.", "A 54-year-old man was charged.", DAY, DAY, CONTRADICTION),
    # a tally that is not a growing one stays a contradiction across dates
    ("About 20 students from Cambodia attended.", "About 30 students from Cambodia attended.", "2024-08-09",
     "2024-08-20", CONTRADICTION),
    ("400 people attended the rally.", "397 people attended the rally.", DAY, DAY, LESS_PRECISE),
]


@pytest.mark.parametrize("a,b,date_a,date_b,verdict", MUST_FIRE)
def test_rules_quantity_disagreeing_figures_fire(a, b, date_a, date_b, verdict):
    found = pair(a, b, date_a, date_b)
    assert [f.verdict for f in found] == [verdict]
    assert found[0].rule == RULE_VALUE and found[0].kind == QUANTITY


def test_rules_quantity_explanation_quotes_both_sides_and_dates():
    (f,) = pair("About 20 students attended.", "30 students attended.", "2024-08-09", "2024-08-10")
    for part in ("'About 20'", "≈ 20 (18–22) students", "'30'", "30 students", "2024-08-09", "2024-08-10"):
        assert part in f.explanation
    assert f.subject == "student" and f.severity == "high"
    assert f.explanation.count(".") >= 1 and "\n" not in f.explanation


def test_rules_quantity_same_article_update_is_changed():
    a = claim("By Monday 300 people had died.", DAY, "x", 1)
    b = claim("The number of people who died has now risen to 450 people.", DAY, "x", 7)
    assert [f.verdict for f in check_value(a, b)] == [CHANGED]
    assert "same 2024-03-01 article" in next(iter(check_value(a, b))).explanation


@dataclass(frozen=True)
class Span:
    """A stand-in TIME value: same_occasion only reads start and end."""

    start: dt.date
    end: dt.date


def dated(text: str, when: str, published: str = DAY, article: str = "a") -> Claim:
    """A claim with the real quantity slots and one hand-made TIME slot for the year `when`."""
    base = claim(text, published, article)
    span = Span(dt.date(int(when), 1, 1), dt.date(int(when), 12, 31))
    time_slot = Slot(kind=TIME, raw=when, start=0, end=len(when), value=span, normalized=when)
    return Claim(base.sentence, base.published, (*base.slots, time_slot))


def test_rules_quantity_different_dated_occasions_yield_nothing():
    a = dated("In 2019, 300 people attended the festival.", "2019", article="one")
    b = dated("In 2024, 400 people attended the festival.", "2024", article="two")
    assert list(check_value(a, b)) == []


def test_rules_quantity_growing_tally_on_different_dated_occasions_is_changed():
    a = dated("In 2019, 300 people had died of cholera in Haiti.", "2019", article="one")
    b = dated("In 2024, the cholera toll in Haiti had reached 400 people.", "2024", article="two")
    assert [f.verdict for f in check_value(a, b)] == [CHANGED]


@pytest.mark.parametrize("a,b,when_a,when_b", [
    ("In 2019, 300 people died of the disease.", "In 2024, 400 people died of the disease.", "2019", "2024"),
    ("Exports rose 14% in 2003, officials in Cairo said.", "Exports rose 35% in 2004, officials in Cairo said.",
     "2003", "2004"),
])
def test_rules_quantity_figures_of_two_dated_occasions_are_silent(a, b, when_a, when_b):
    # A monthly or yearly figure for two different periods is two facts, not an update of one tally.
    assert list(check_value(dated(a, when_a, article="one"), dated(b, when_b, article="two"))) == []


@pytest.mark.parametrize("a,b", [
    ("Cadbury said sales rose 4% over Christmas.", "Next said sales rose 2.9% over Christmas."),
    ("Shares in Barclays were down 0.67% at 590 pence.", "Shares in Lloyds were down 10% at 119 pence."),
    ("Owen has scored 11 goals for Real Madrid this season.", "Ronaldo has scored nine goals for Inter this season."),
    ("Toyota sold 6.8 million vehicles in Japan last year.", "Honda sold 3.2 million vehicles in Japan last year."),
    ("The Red Cross said 300 people were rescued in Aceh.", "The UN said 500 people were rescued in Sri Lanka."),
])
def test_rules_quantity_two_named_owners_are_silent(a, b):
    # Same kind of figure, but each sentence names an owner the other does not.
    assert verdicts(a, b) == []


@pytest.mark.parametrize("a,b", [
    ("It currently has 1.3 million broadband subscribers.",
     "The deal gives Sky a potential audience of 25 million existing broadband subscribers."),
    ("Its sales rose 3.5% to 2.7 million cars.", "Sales in the fiscal third quarter, including vans, rose to 136,069 cars."),
    ("The company employs 4,000 staff.", "Airbus employs 52,000 staff across Europe."),
])
def test_rules_quantity_unnamed_owner_across_articles_is_silent(a, b):
    # "It", "Its", "the company": across articles nothing says whose figure this is.
    assert verdicts(a, b) == []


@pytest.mark.parametrize("a,b", [
    ("Only 16% of women earn more than £50,000, compared with 30% of men.",
     "In the lower bracket, 35% of women earn less than £20,000 a year."),
    ("In London, 12% of homes sold for over £500,000.", "Across the region, 40% of homes sold for under £150,000."),
])
def test_rules_quantity_other_figures_that_differ_mean_two_cases(a, b):
    assert list(check_value(claim(a, article="one"), claim(b, article="one", index=1))) == []


@pytest.mark.parametrize("text", [
    "Shares in the firm were up 10% at 119 pence.",
    "The film took $12.7m over the weekend.",
    "France Telecom's profits showed a 5.5% rise.",
    "The number of blogs has exceeded five million.",
    "The new chip is ten times faster.",
    "It has 2.7 million units.",
    "Exports to the UK 5% higher.",
])
def test_rules_quantity_vague_words_are_not_subjects(text):
    # Directions, "took", bare change nouns, counters and names say nothing about what a figure counts.
    from claimcheck.extract.quantity import extract
    subjects = {s.subject for s in extract(text, None)}
    assert subjects <= {"", "change in share", "change in profit", "film", "chip"}, subjects


def test_rules_quantity_same_sentence_is_not_compared():
    a = claim("400 people died, officials said.")
    assert list(check_value(a, a)) == []


def test_rules_quantity_undated_growing_tally_is_contradiction():
    assert verdicts("400 people died.", "600 people died.", None, None) == [CONTRADICTION]


def _slot(raw: str, q: Quantity, subject: str) -> Slot:
    return Slot(kind=QUANTITY, raw=raw, start=0, end=len(raw), value=q, normalized=raw, subject=subject)


def _hand(slots: tuple[Slot, ...], article: str) -> Claim:
    text = " ".join(s.raw for s in slots)
    return Claim(Sentence(article, 0, 0, len(text), text), dt.date(2024, 1, 1), slots)


def test_rules_quantity_never_compares_money_with_people():
    people = _slot("400", Quantity(400, 400, "", "count"), "worker")
    money = _slot("$500", Quantity(500, 500, "USD", "money"), "worker")
    assert list(check_value(_hand((people,), "a"), _hand((money,), "b"))) == []


def test_rules_quantity_skips_unknown_subjects():
    a = _slot("400", Quantity(400, 400, "", "count"), "")
    b = _slot("600", Quantity(600, 600, "", "count"), "")
    assert list(check_value(_hand((a,), "a"), _hand((b,), "b"))) == []


def test_rules_quantity_one_finding_per_subject():
    a = claim("In Aceh, 400 victims and 20 rescuers were counted.", article="a")
    b = claim("In Aceh, 600 victims and 20 rescuers were counted.", article="b")
    found = list(check_value(a, b))
    assert sorted(f.subject for f in found) == ["victim"]


def test_rules_quantity_every_figure_differing_means_two_cases():
    # "400 victims, 20 rescuers" vs "600 victims, 30 rescuers": two incidents or two brackets, not one error each.
    a = _hand((_slot("400", Quantity(400, 400, "", "count"), "victim"),
               _slot("20", Quantity(20, 20, "", "count"), "rescuer")), "a")
    b = _hand((_slot("600", Quantity(600, 600, "", "count"), "victim"),
               _slot("30", Quantity(30, 30, "", "count"), "rescuer")), "b")
    assert list(check_value(a, b)) == []


def test_rules_quantity_rounding_needs_same_unit_and_small_gap():
    three = Quantity(3e6, 3e6, "", "count", step=1e6, tolerance=5e5)
    assert is_rounding(three, Quantity(3.2e6, 3.2e6, "", "count", step=1e5, tolerance=5e4))
    assert not is_rounding(Quantity(1000, 1000, "", "count", step=1000),
                           Quantity(1200, 1200, "", "count", step=100))
    assert not is_rounding(Quantity(40, 40, "%", "percent"), Quantity(42, 42, "%", "percent"))


def test_rules_quantity_registered_once():
    assert [r.id for r in RULES] == [RULE_VALUE]
    assert RULES[0].family == "quantity" and RULES[0].description


@pytest.mark.parametrize("a,b", [
    ("Twelve films competing in the documentary category focus on people under siege.",
     "The 16 films competing in the dramatic category include works from Angola."),
    ("US Airways cancelled over 100 flights on Christmas Day, stranding passengers.",
     "The airline had to cancel approximately 65 flights on Thursday, said industry officials."),
    ("Mozilla browsers now have 7.4% of the market, the figures suggest.",
     "Firefox wants to capture 10% of the market by the end of 2005."),
])
def test_rules_quantity_one_article_two_different_statements_is_silent(a, b):
    # Within one article two figures of one kind in differently worded sentences describe two things.
    assert list(check_value(claim(a, article="one"), claim(b, article="one", index=1))) == []


def test_rules_quantity_one_article_restating_a_figure_differently_fires():
    a = claim("Delegations from 11 member states attended the summit.", article="one")
    b = claim("Officials said all 12 member states sent delegations to the summit.", article="one", index=1)
    assert [f.verdict for f in check_value(a, b)] == [CONTRADICTION]
