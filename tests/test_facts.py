"""Facts read from the real parse: what a value measures, whose it is, where and when.

Each case is one or two sentences written like news copy, run through the
real extractors and spaCy model; the assertion names the part of the fact the
mechanism is for.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.facts import Venue, analyse_claims, is_anaphoric, venues_agree
from claimcheck.extract import make_claim
from claimcheck.model import PLACE, QUANTITY, Sentence

PUBLISHED = dt.date(2023, 9, 15)


def _facts(*texts: str):
    claims = [
        make_claim(Sentence(article="a", index=i, text=t, start=0, end=len(t)), PUBLISHED) for i, t in enumerate(texts)
    ]
    facts, _ = analyse_claims(claims)
    return facts


def _fact(facts, raw: str):
    found = [f for f in facts if f.slot.raw == raw]
    assert found, [(f.slot.raw, f.attribute) for f in facts]
    return found[0]


@pytest.mark.parametrize(
    "text, raw, attribute",
    [
        # A noun before "of" is what the figure measures.
        ("Tinubu was declared winner of the poll with a vote of 8,794,726.", "8,794,726", "vote"),
        # A length of time measures its verb, not its subject.
        ("The fallen crypto king will probably serve 17 to 20 years, the paper said.", "17 to 20 years", "serve"),
        # "37 minutes late": the verb with the adverb that completes it.
        ("The final started 37 minutes late because of crowd issues.", "37 minutes", "start late"),
        # A participle's noun names the value.
        ("Microsoft agreed to buy Activision in a deal valued at $68.7 billion.", "$68.7 billion", "deal value"),
        # A distance is the distance from its reference place.
        ("The crash site is about 250 km south of Kolkata.", "about 250 km", "distance"),
        # The complement says what the counted people are.
        ("Thirty-one people are now listed as unaccounted for.", "Thirty-one", "unaccounted"),
        # The clause after "the number of people" may hang from "number".
        ("The number of people unaccounted for topped 1,000 on Monday.", "1,000", "unaccounted"),
        # A share's change is the change of what the verb's subject names, whatever the parse hangs on "%".
        ("Microsoft shares fell 1.8% premarket on the news.", "1.8%", "share fall"),
        ("The stock fell just 2.4% on Tuesday like many other tech stocks.", "just 2.4%", "stock fall"),
        # "the figure for X" counts X; a figure typed with spaced thousands is parsed as one number.
        ("The figure for the accredited voters was 25, 486, 616.", "25, 486, 616", "accredited voter"),
        ("The APC candidate polled 8,794, 726 votes to defeat his closest challenger.", "8,794, 726", "vote"),
        # A whole named first is what its part is a share of; French quote marks are quote marks to the parse.
        ("Of the 1,200 passengers, 70% were rescued.", "70%", "passenger rescue"),
        ("Of the total paper tickets presented for pre-filtering, «70 %» were «faux».", "70 %", "paper ticket"),
        # A verb the model's date span swallows ("last two days" tagged DATE) is still the verb.
        ("Lindqvist said the talks would last two days.", "two days", "last"),
        # A counted noun a verb takes as its object is what the verb did to it, not the verb's subject.
        ("The fire killed 97 people.", "97", "kill"),
        ("The company employs 6,000 people.", "6,000", "employ"),
    ],
)
def test_facts_attribute(text: str, raw: str, attribute: str) -> None:
    assert _fact(_facts(text), raw).attribute == attribute


def test_facts_distance_is_qualified_by_its_reference_place() -> None:
    facts = _facts("Bahanaga Bazar is about 280 km from Howrah and 171 km from Bhubaneswar.")
    assert _fact(facts, "about 280 km").qualifiers == ("howrah",)
    assert _fact(facts, "171 km").qualifiers == ("bhubaneswar",)


def test_facts_bare_count_takes_its_sibling_counted_noun() -> None:
    facts = _facts("The senator secured 8,794,726 to defeat Atiku who finished second with 6,984,520 votes.")
    assert _fact(facts, "8,794,726").canonical == "votes"


def test_facts_anaphoric_count_takes_the_articles_last_count() -> None:
    facts = _facts(
        "The number of people unaccounted for topped 1,000 on Monday.",
        "By Friday the mayor said the number had fallen to 850.",
    )
    assert _fact(facts, "850").canonical == "missing"
    assert not is_anaphoric(_fact(facts, "850"))


def test_facts_relative_clause_holder_is_its_noun() -> None:
    facts = _facts("Tinubu defeated Atiku, who finished second with 6,984,520 votes.")
    assert _fact(facts, "6,984,520").holder == "atiku"


def test_facts_request_belongs_to_its_asker() -> None:
    facts = _facts("Prosecutors had sought a sentence of as much as 50 years while his lawyers had asked for just 6 years.")
    assert _fact(facts, "as much as 50 years").holder == "prosecutor"
    assert _fact(facts, "just 6 years").holder == "lawyer"


def test_facts_request_the_parse_hangs_beside_its_clause_is_still_a_request() -> None:
    text = ("Federal prosecutors on March 15 recommended Bankman-Fried, 32, receives a prison sentence "
            "of 40 to 50 years, the New York Times reported.")
    assert _fact(_facts(text), "40 to 50 years").modality == "proposed"


def test_facts_passive_subject_is_not_the_source() -> None:
    fact = _fact(_facts("The candidate, Bola Tinubu, has been declared winner with a vote of 8,794,726."), "8,794,726")
    assert fact.source == ""
    assert fact.holder == "bola tinubu"


def test_facts_part_of_a_whole_is_not_an_earlier_figure() -> None:
    fact = _fact(_facts("Tinubu got 8,794,726 votes from the 24,025,940 total valid votes cast."), "24,025,940")
    assert fact.role == "current"


def test_facts_the_whole_a_part_is_taken_from_has_no_holder() -> None:
    facts = _facts("Tinubu got 8,794,726 votes from the 24,025,940 total valid votes cast.")
    assert _fact(facts, "8,794,726").holder == "tinubu"
    assert _fact(facts, "24,025,940").holder == ""


def test_facts_short_holder_takes_the_articles_full_name() -> None:
    facts = _facts(
        "Atiku Abubakar of the Peoples Democratic Party came second.",
        "Abubakar scored 6, 984, 520 votes while Peter Obi garnered 6,101, 533 votes.",
    )
    assert _fact(facts, "6, 984, 520").holder == "atiku abubakar"
    assert _fact(facts, "6,101, 533").holder == "peter obi"


def test_facts_a_bracketed_conversion_is_not_a_fact_of_its_own() -> None:
    facts = _facts("WMC said it made net profits of 1.33bn Australian dollars ($1bn; £550m) in 2004.")
    assert [f.slot.raw for f in facts if f.attribute == "net profit"] == ["1.33bn"]


def test_facts_its_is_the_name_the_article_gave_last() -> None:
    facts = _facts(
        "GlaxoSmithKline reported its results on Thursday.",
        "The firm said its profits fell 9% last year to £6.2bn.",
    )
    assert _fact(facts, "9%").holder == "glaxosmithkline"
    assert _fact(_facts("It was necessary to justify the thirty-six-minute delay."), "thirty-six-minute").holder == ""


def test_facts_he_is_the_person_named_last_when_the_value_is_his() -> None:
    facts = _facts(
        "Judge Lewis Kaplan sentenced Sam Bankman-Fried on Thursday.",
        "He was also ordered to forfeit $11 billion in assets.",
        "He also ordered a forfeiture of $11.2 billion.",
    )
    assert _fact(facts, "$11 billion").holder == "sam bankman-fried"
    assert _fact(facts, "$11.2 billion").holder == ""  # who ordered it is not whose it is


def test_facts_know_what_their_article_is_about() -> None:
    facts = _facts("BMW sales rose in Asia, BMW said.", "Sales rose 2.8% to 14.96bn euros.")
    assert "bmw" in _fact(facts, "2.8%").context
    # A name the lead gives once in passing is not what the article is about (headline and lead weigh 3 each).
    from claimcheck.facts import article_context
    from claimcheck.model import NameMention

    mentions = [NameMention("a", 0, "Ericsson", "ORG", 0, 8), NameMention("a", 1, "Ericsson", "ORG", 0, 8),
                NameMention("a", 1, "Deutsche Telekom", "ORG", 60, 76)]
    assert article_context(mentions) == {"a": ("ericsson",)}


def test_facts_reported_tally_is_dated_by_its_report() -> None:
    fact = _fact(_facts("The Railways on Saturday said that the number of deaths is 288."), "288")
    assert fact.time is not None and fact.time.value.start == dt.date(2023, 9, 9)


def test_facts_venue_of_an_occasion() -> None:
    facts = _facts("Speaking at a news conference Friday at the county building in Wailuku, he said the list fell.")
    venue = [f for f in facts if f.kind == PLACE]
    assert len(venue) == 1
    assert venue[0].attribute == "news conference"
    assert venue[0].slot.raw == "county building in Wailuku"


@pytest.mark.parametrize(
    "a, b, agree",
    [
        # Two named buildings of different kinds are two sites.
        (Venue("building", ("county", "building", "wailuku"), ("wailuku",)),
         Venue("station", ("wailuku", "police", "station"), ("wailuku",)), False),
        # A city holds the station named in it.
        (Venue("city", ("city", "balasore"), ("balasore",)),
         Venue("station", ("bahanaga", "bazar", "station", "balasore"), ("bahanaga", "balasore", "bazar")), True),
        # The same site named more or less fully.
        (Venue("palace", ("peace", "palace"), ("palace", "peace")),
         Venue("palace", ("peace", "palace", "phnom", "penh"), ("palace", "peace", "penh", "phnom")), True),
    ],
)
def test_facts_venues_agree(a: Venue, b: Venue, agree: bool) -> None:
    assert venues_agree(a, b) is agree


def test_facts_only_counts_and_dates_and_venues_are_facts() -> None:
    kinds = {f.kind for f in _facts("The summit was held at the Peace Palace in Phnom Penh on 5 May, with 12 delegations.")}
    assert kinds <= {QUANTITY, PLACE, "time"}


def test_facts_of_sentences_that_name_nothing_differ_by_what_their_articles_are_about() -> None:
    from dataclasses import replace

    from claimcheck.candidates import contexts_differ

    bmw = _fact(_facts("BMW sales rose in Asia, BMW said.", "Sales rose 2.8% to 14.96bn euros."), "2.8%")
    ericsson = replace(bmw, article="b", context=("ericsson",))
    assert contexts_differ(bmw, ericsson)
    assert not contexts_differ(bmw, replace(bmw, article="b", context=("bmw", "munich")))


def test_facts_one_sum_under_two_penalties_is_a_swapped_label() -> None:
    from dataclasses import replace

    from claimcheck.findings import swapped_labels

    fined = _fact(_facts("Sam Bankman-Fried was also fined $11 billion."), "$11 billion")
    forfeit = replace(_fact(_facts("Sam Bankman-Fried was ordered to forfeit $11 billion."), "$11 billion"), article="b")
    assert (fined.canonical, forfeit.canonical) == ("fine", "forfeiture")
    ((group, reason),) = swapped_labels([fined, forfeit], {"a": "s", "b": "s"})
    assert group == [0, 1] and "wrong word" in reason
    other = replace(forfeit, holder="caroline ellison")
    assert swapped_labels([fined, other], {"a": "s", "b": "s"}) == []


def test_facts_a_named_source_is_among_what_a_sentence_names() -> None:
    from dataclasses import replace

    from claimcheck.candidates import contexts_differ

    said = _fact(_facts("French Interior minister Gerald Darmanin said 70% of tickets were fake, the FFF said."), "70%")
    assert said.speaker == "gerald darmanin"
    about = replace(said, article="b", source="", speaker="", names=("darmanin",), context=("darmanin",))
    assert not contexts_differ(said, about)
    assert contexts_differ(said, replace(about, names=("ericsson",), context=("ericsson",)))
    # Two statements of one speaker about different things are not one statement.
    again = replace(said, article="b", names=("uefa",), context=("uefa",))
    assert contexts_differ(replace(said, names=("fff",), context=("fff",)), again)
    # A description of a source is not a name: "Mr Glazer's financial backers have said ...".
    backers = _fact(_facts("Mr Glazer's financial backers have said they want the owners of at least 75%."), "at least 75%")
    assert backers.source and not backers.speaker


def test_facts_one_share_of_a_narrower_and_a_wider_whole_is_a_scope_difference() -> None:
    from dataclasses import replace

    from claimcheck.findings import pair_verdict
    from claimcheck.model import DIFFERENT_SCOPE

    narrow = _fact(_facts("Of the paper tickets presented at the pre-filter, 70% were fake."), "70%")
    wide = replace(_fact(_facts("He said 70% of tickets were fake."), "70%"), article="b")
    verdict, reason = pair_verdict(narrow, wide, {})
    assert verdict == DIFFERENT_SCOPE and "narrower whole" in reason
    # A count named loosely is the same count; one article's own shorthand is its own.
    counts = [_fact(_facts(t), "Some 1,200") for t in ("Some 1,200 paper tickets were fake.", "Some 1,200 tickets were fake.")]
    assert pair_verdict(counts[0], replace(counts[1], article="b"), {}) is None
    assert pair_verdict(narrow, replace(wide, article="a"), {}) is None


@pytest.mark.parametrize(
    "text, raw, canonical",
    [
        ("288 people died in the crash.", "288", "deaths"),  # a predicate in the lexicon names its class
        ("Five passengers died.", "Five", "deaths+passengers"),
        ("The fire killed 97 people.", "97", "deaths"),
        ("Two people were injured.", "Two", "injured"),
        ("The train was carrying 1,200 passengers.", "1,200", "passengers"),
    ],
)
def test_facts_canonical_attribute_counts_its_predicate(text: str, raw: str, canonical: str) -> None:
    assert _fact(_facts(text), raw).canonical == canonical


@pytest.mark.parametrize(
    "text, raw, holder, normalized",
    [
        ("The victims included a 17-year-old girl, police said.", "17-year-old", "girl", "17 years old"),
        ("Among the dead was a girl aged 16, officers said.", "16", "girl", "16 years old"),
        ("The suspect, 46, was arrested at the scene.", "46", "suspect", "46 years old"),
        ("The actor, who died aged 86, was born in Lagos.", "86", "actor", "86 years old"),
    ],
)
def test_facts_an_age_is_the_age_of_the_person_it_describes(text: str, raw: str, holder: str, normalized: str) -> None:
    fact = _fact(_facts(text), raw)
    assert (fact.attribute, fact.holder, fact.slot.normalized) == ("age", holder, normalized)


def test_facts_an_age_at_an_event_is_that_events_age() -> None:
    # "at the age of 15" dates the age to the signing, not to now: another fact than "the 17-year-old singer".
    signed = _fact(_facts("The singer was signed to a record label at the age of 15."), "15")
    died = _fact(_facts("The actor died at the age of 87."), "87")
    assert (signed.attribute, signed.holder) == ("age sign", "singer")
    assert (died.attribute, died.holder, died.slot.normalized) == ("age die", "actor", "87 years old")


def test_facts_a_named_persons_age_is_a_form_fact_only() -> None:
    from claimcheck.model import FORM

    facts = [f for f in _facts("Police arrested 46-year-old John Harrow at the scene.") if f.slot.raw == "46-year-old"]
    assert [(f.kind, f.holder) for f in facts] == [(FORM, "john harrow")]
    # Not an age: a hedged or large figure between commas, a number counting people.
    assert all(f.attribute != "age" for f in _facts("In 2020, 45 people died.", "The plan, 120, was cut."))


def test_facts_the_firm_is_the_organisation_named_last_not_a_place() -> None:
    facts = _facts("Acme Corp opened a plant in Leeds.", "The company will cut 1,200 jobs.")
    assert _fact(facts, "1,200").holder == "acme corp"
    facts = _facts("Floods hit Leeds.", "The company will cut 1,200 jobs.")
    assert _fact(facts, "1,200").holder == ""


@pytest.mark.parametrize(
    "text, raw",
    [
        ("A 6.4-magnitude earthquake struck the region.", "6.4-magnitude"),
        ("The quake had a magnitude of 6.4.", "6.4"),
        ("The quake measured 6.4 on the Richter scale.", "6.4"),
        ("A magnitude-6.4 quake hit the town.", "6.4"),
        ("The survey put the magnitude at 6.4.", "6.4"),
    ],
)
def test_facts_a_magnitude_however_written_is_one_kind_of_value(text: str, raw: str) -> None:
    from claimcheck.candidates import value_block

    fact = _fact(_facts(text), raw)
    assert (fact.attribute, fact.canonical) == ("magnitude", "magnitude")
    assert value_block(fact) == ("quantity", "magnitude", "M") and fact.slot.normalized == "6.4 magnitude"


def test_facts_who_puts_a_figure_at_a_value_is_its_source_not_its_holder() -> None:
    fact = _fact(_facts("The USGS put the magnitude at 5.6."), "5.6")
    assert (fact.holder, fact.source) == ("", "usgs")
    assert _fact(_facts("Tinubu polled 8,794,726 votes."), "8,794,726").holder == "tinubu"


@pytest.mark.parametrize(
    "text, raw, attribute, canonical",
    [
        ("The plane crashed with 133 people on board.", "133", "on board", "passengers"),
        ("At least 40 people remain in hospital.", "At least 40", "remain hospital", ""),
    ],
)
def test_facts_where_counted_people_are_says_what_they_are(text: str, raw: str, attribute: str, canonical: str) -> None:
    fact = _fact(_facts(text), raw)
    assert (fact.attribute, fact.canonical) == (attribute, canonical)


def test_facts_the_n_year_old_names_no_one_a_rule_can_tell() -> None:
    facts = _facts("Kelly Sotherton won in Birmingham.", "The 24-year-old reached the mark in her heat.")
    assert not [f for f in facts if f.slot.raw == "24-year-old"]


@pytest.mark.parametrize(
    "a, b, meet",
    [
        ("cma", "uk s competition and markets authority", True),  # an acronym of the other's words
        ("usgs", "us geological survey", True),
        ("un", "united nations", True),
        ("ap", "agence france presse", False),
        ("tinubu", "atiku abubakar", False),
        ("bola tinubu", "tinubu", True),
    ],
)
def test_facts_names_meet_by_a_word_or_an_acronym(a: str, b: str, meet: bool) -> None:
    from claimcheck.facts import names_meet

    assert names_meet(a, b) is meet


def test_facts_an_agency_and_its_acronym_are_one_source_not_two() -> None:
    from dataclasses import replace

    from claimcheck.findings import pair_verdict
    from claimcheck.model import ATTRIBUTED

    usgs = _fact(_facts("The quake had a magnitude of 6.4, according to the US Geological Survey."), "6.4")
    other = _fact(_facts("The quake had a magnitude of 6.2, according to the USGS."), "6.2")
    emsc = _fact(_facts("The quake had a magnitude of 6.2, according to the European seismological centre EMSC."), "6.2")
    assert usgs.source_named and other.source_named
    assert pair_verdict(usgs, replace(other, article="b"), {})[0] != ATTRIBUTED
    assert pair_verdict(usgs, replace(emsc, article="b"), {})[0] == ATTRIBUTED


def test_facts_a_figure_the_model_tags_as_a_name_names_nothing() -> None:
    fact = _fact(_facts("The death toll rose to 288 on Saturday."), "288")
    assert all(any(ch.isalpha() for ch in n) for n in fact.names)


@pytest.mark.parametrize(
    "text, raw",
    [
        ("Nigerians voted in the presidential election on 25 February.", "25 February"),
        ("Bola Tinubu won the presidential election held on February 26.", "February 26"),
    ],
)
def test_facts_a_date_dates_the_occasion_its_clause_names(text: str, raw: str) -> None:
    assert _fact(_facts(text), raw).attribute == "presidential election"


def test_facts_an_age_now_and_an_age_at_an_event_never_meet() -> None:
    from dataclasses import replace

    from claimcheck.candidates import ages_apart, compatible

    now = _fact(_facts("Joss Stone, a 17-year-old soul singer, won the award."), "17-year-old")
    then = replace(_fact(_facts("The singer was signed to a record label at the age of 15."), "15"), article="b")
    assert ages_apart(now, then) and not compatible(now, then)
    again = replace(_fact(_facts("The singer, 16, won the award."), "16"), article="b")
    assert not ages_apart(now, again)
