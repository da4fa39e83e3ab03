"""names.variant/1: one person spelled two ways, never two different people."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.extract.people import PersonName, Role, extract, name_key
from claimcheck.model import LOW, NAME_VARIANT, PERSON, ROLE, Claim, Sentence, Slot
from claimcheck.rules.names import RULES, same_person, tokens_close, variant

CHECK = RULES[0].check
DAY = dt.date(2019, 10, 21)


def _person(name: str, start: int = 0) -> Slot:
    return Slot(PERSON, name, start, start + len(name), PersonName(name, name_key(name)), name, "person")


def _claim_of(names: list[str], article: str = "a1", index: int = 0, published: dt.date | None = DAY) -> Claim:
    text = " and ".join(names) + " spoke."
    slots, at = [], 0
    for name in names:
        slots.append(_person(name, at))
        at += len(name) + len(" and ")
    return Claim(Sentence(article, index, 0, len(text), text), published, tuple(slots))


VARIANTS = [
    ("Han Chuon Naron", "Khan Chuon Naron"),  # transliteration kh/h
    ("Zelensky", "Zelenskyy"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskiy"),
    ("Muammar Gaddafi", "Moammar Qaddafi"),
    ("Sergey Lavrov", "Sergei Lavrov"),
    ("Mohammed Morsi", "Muhammad Mursi"),
    ("Mikhail Gorbachev", "Mikhail Gorbachov"),
    ("Gerhard Schroeder", "Gerhard Schröder"),
    ("Jose Mourinho", "José Mourinho"),  # sport: a dropped accent is still a spelling difference
    ("Dmitry Medvedev", "Dmitri Medvedev"),
    ("Sok Chenda Sophea", "Chenda Sophia"),  # shorter form with a variant token
    ("Volodymyr Zelensky", "Zelenskyy"),  # surname alone, spelled differently
    ("Pyotr Tchaikovsky", "Pyotr Chaikovsky"),
    ("Aleksandr Lukashenko", "Alexander Lukashenko"),
    ("Stephen Hawking", "Steven Hawking"),  # science
    ("Catherine Zeta-Jones", "Katherine Zeta-Jones"),
]

NOT_VARIANTS = [
    ("John Smith", "Jane Smith"),
    ("Kim Jong-un", "Kim Jong-il"),
    ("Bill Clinton", "Hillary Clinton"),
    ("Ed Miliband", "David Miliband"),
    ("Sergey Lavrov", "Sergey Lavrov"),  # identical
    ("Sergey Lavrov", "SERGEY LAVROV"),  # case only
    ("Lavrov", "Sergey Lavrov"),  # surname-only form
    ("Kim Jong-un", "Kim Jong Un"),  # punctuation only
    ("Muammar Gaddafi", "Muammar al-Gaddafi"),  # particle only
    ("George W. Bush", "George Bush"),  # initial only
    ("Khan", "Han"),  # short single tokens carry no evidence
    ("Hun Sen", "Hun Manet"),  # father and son, both prime ministers
    ("Alexander Smith", "Alexandra Smith"),
    ("Daniel Ortega", "Danielle Ortega"),
    ("Ivan Ivanov", "Ivan Ivanova"),
    ("Francis Bacon", "Frances Bacon"),
    ("Jon Snow", "John Snow"),
    ("Jason Roy", "Mason Roy"),  # sport: different cricketers' names
    ("Mario Draghi", "Maria Draghi"),
    ("Hassan Rouhani", "Hussein Rouhani"),
    ("Serena Williams", "Venus Williams"),
    ("Boris Johnson", "Boris Becker"),
    ("Prak Sokhonn", "Sokhonn Prak"),  # order only
    ("Andrei Kozyrev", "Sergey Lavrov"),
    ("Paul Allen", "Paula Allen"),
    ("Louis Armstrong", "Louise Armstrong"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_rules_names_variant_pairs(a: str, b: str) -> None:
    assert variant(a, b) is not None
    assert variant(b, a) is not None
    assert same_person(a, b)


@pytest.mark.parametrize(("a", "b"), NOT_VARIANTS)
def test_rules_names_not_variant_pairs(a: str, b: str) -> None:
    assert variant(a, b) is None
    assert variant(b, a) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Lavrov", "Sergey Lavrov", True),
        ("Prak Sokhonn", "Sokhonn Prak", True),
        ("Sergey Lavrov", "Sergei Lavrov", True),
        ("Hun Sen", "Hun Manet", False),
        ("Andrei Kozyrev", "Sergey Lavrov", False),
        ("Bill Clinton", "Hillary Clinton", False),
    ],
)
def test_rules_names_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


@pytest.mark.parametrize(
    ("x", "y", "close"),
    [("sergey", "sergei", True), ("qaddafi", "gaddafi", True), ("un", "il", False), ("jon", "john", False),
     ("alexander", "alexandra", False), ("simon", "simone", False), ("mourinho", "moutinho", True), ("jonas", "jonah", False)],
)
def test_rules_names_tokens_close(x: str, y: str, close: bool) -> None:
    assert tokens_close(x, y) is close


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_rules_names_finding(a: str, b: str) -> None:
    found = list(CHECK(_claim_of([a], "a1"), _claim_of([b], "b1", published=dt.date(2020, 1, 1))))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.kind, f.verdict, f.severity) == ("names.variant/1", PERSON, NAME_VARIANT, LOW)
    assert f"'{a}'" in f.explanation and f"'{b}'" in f.explanation
    assert "2019-10-21" in f.explanation and "2020-01-01" in f.explanation
    assert f.slots[0].value.name == a and f.slots[1].value.name == b
    assert f.subject in (name_key(a), name_key(b))


@pytest.mark.parametrize(("a", "b"), NOT_VARIANTS)
def test_rules_names_must_not_fire(a: str, b: str) -> None:
    assert list(CHECK(_claim_of([a], "a1"), _claim_of([b], "b1"))) == []


def test_rules_names_from_extracted_sentences_in_one_article() -> None:
    # The seed story: one minister's name written with and without the "K".
    first = "ASEAN and Russia should cooperate, said the Minister for Youth, Education and Sports of the Kingdom of Cambodia, Han Chuon Naron."
    second = "As Khan Chuon Naron noted, ASEAN recognizes a shift in the global balance of forces to the east."
    a = Claim(Sentence("s3", 1, 0, len(first), first), DAY, tuple(extract(first, DAY)))
    b = Claim(Sentence("s3", 4, 0, len(second), second), DAY, tuple(extract(second, DAY)))
    (f,) = CHECK(a, b)
    assert f.verdict == NAME_VARIANT
    assert "'Han Chuon Naron'" in f.explanation and "'Khan Chuon Naron'" in f.explanation
    assert "same article" in f.explanation
    assert f.slots[0].kind == PERSON and f.slots[0].raw == "Han Chuon Naron"


def test_rules_names_role_person_counts() -> None:
    raw = "Russian Foreign Minister Sergey Lavrov"
    role = Slot(ROLE, raw, 0, len(raw), Role("foreign minister|russia", "Sergey Lavrov"), "Sergey Lavrov", "foreign minister|russia")
    a = Claim(Sentence("a", 0, 0, len(raw), raw), DAY, (role,))
    (f,) = CHECK(a, _claim_of(["Sergei Lavrov"], "b"))
    assert f.slots[0] is role


def test_rules_names_other_spelling_in_same_claim_does_not_fire() -> None:
    a = _claim_of(["Sergey Lavrov"], "a1")
    b = _claim_of(["Sergei Lavrov", "Sergey Lavrov"], "b1")
    assert list(CHECK(a, b)) == []


def test_rules_names_one_finding_per_pair() -> None:
    a = _claim_of(["Sergey Lavrov", "Sergey Lavrov"], "a1")
    b = _claim_of(["Sergei Lavrov"], "b1")
    assert len(list(CHECK(a, b))) == 1


def test_rules_names_same_sentence_and_empty_claims() -> None:
    a = _claim_of(["Sergey Lavrov"], "a1")
    assert list(CHECK(a, a)) == []
    empty = Claim(Sentence("e", 0, 0, 0, ""), None, ())
    assert list(CHECK(a, empty)) == [] and list(CHECK(empty, a)) == []
