"""Page furniture: bylines, credits, stamps, share text, embedded posts and tickers are not claims."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from claimcheck.furniture import KINDS, furniture_kind, is_furniture
from claimcheck.load import load_articles
from claimcheck.model import Article, Sentence
from claimcheck.segment import segment_batch

SHARED = Path(__file__).resolve().parents[2] / "shared"
NEWS_DEV = SHARED / "devsets" / "news-dev"
BBC = SHARED / "corpora" / "bbc"
needs_news_dev = pytest.mark.skipif(not NEWS_DEV.is_dir(), reason="the shared devsets are not beside the repository")
needs_bbc = pytest.mark.skipif(not BBC.is_dir(), reason="the shared BBC corpus is not beside the repository")

POSITIVES = [
    ("By Jane Doe", "byline"),
    ("By JANE DOE", "byline"),
    ("By Jane Doe and John Roe, Reuters", "byline"),
    ("By Jane Doe in Kyiv and John Roe in Moscow", "byline"),
    ("Reporting by Jane Doe; Editing by John Roe", "byline"),
    ("(Reporting by Jane Doe in London; Additional reporting by Ana de la Cruz; Editing by John Roe)", "byline"),
    ("Agence France-Presseanddpa", "byline"),
    ("Reuters", "byline"),
    ("The Associated Press contributed to this report.", "byline"),
    ("Information for this report was sourced from Associated Press and Agence France", "byline"),
    ("— Jane Doe (@janedoe) April 3, 2016", "embedded-post"),
    ("Jane Doe (@janedoe) April 3, 2016", "embedded-post"),
    ("We are ready. pic.twitter.com/a1B2c3 — City Council (@citycouncil) June 2, 2023", "embedded-post"),
    ("pic.twitter.com/a1B2c3", "embedded-post"),
    ("@janedoe April 3, 2016", "embedded-post"),
    ("Jane Doe @janedoe · 3h", "embedded-post"),
    ("A post shared by Jane Doe (@janedoe)", "embedded-post"),
    ("View this post on Instagram", "embedded-post"),
    ("Updated 10:32 AM EST, Sat March 4, 2023", "timestamp"),
    ("Published: 2 June 2023", "timestamp"),
    ("Published On: 13 October 2023Categories: Today's TalesTags: ,", "timestamp"),
    ("January 19, 2022 at 12:04 PM EST", "timestamp"),
    ("9:30pm", "timestamp"),
    ("5 min read", "timestamp"),
    ("3-MIN READ3-MIN", "timestamp"),
    ("3 hours ago", "timestamp"),
    ("Updated an hour ago", "timestamp"),
    ("BUSINESS ・ 4 DAYS AGO", "timestamp"),
    ("Photo: AP", "credit"),
    ("Photo: PA Wire / DPA", "credit"),
    ("Photo: Yuki Iwamura/AFP via Getty Images", "credit"),
    ("(AP Photo/Rick Bowmer)", "credit"),
    ("AP Photo/Jae C. Hong)", "credit"),
    ("Bill Chappell/NPR)", "credit"),
    ("REUTERS/Dado Ruvic", "credit"),
    ("Photo by Jane Doe/Getty Images", "credit"),
    ("Getty Images", "credit"),
    ("(AFP)", "credit"),
    ("Image source, Reuters", "credit"),
    ("Image caption, Firefighters at the scene in Lahaina", "credit"),
    ("Copyright 2023 The Associated Press. All rights reserved.", "credit"),
    ("Share this article", "share"),
    ("Advertisement", "share"),
    ("- Advertisement -", "share"),
    ("ADVERTISEMENT", "share"),
    ("Story continues below advertisement", "share"),
    ("We use cookies to give you the best experience on our website. By continuing you agree.", "share"),
    ("Sign up for our newsletter", "share"),
    ("Sign up to our daily briefing and get the news first", "share"),
    ("Read more:", "share"),
    ("Read more on the official Xbox Wire blog below.", "share"),
    ("RELATED: Fire kills 50 in Maui", "share"),
    ("READ ALSO: Tinubu sweeps Borno as collation enters final stage", "share"),
    ("Follow us on Twitter and Facebook", "share"),
    ("Donate Now", "share"),
    ("Join the conversation", "share"),
    ("If you like what we do, and are ready to uphold solutions journalism, kindly donate to the cause.", "share"),
    ("Support Ripples Nigeria, hold up solutions journalism", "share"),
    ("Opinions", "share"),
    ("SportFootball", "share"),
    ("MSFT, -1.95%", "ticker"),
    ("MSFT +0.50% AAPL -1.2%", "ticker"),
    ("(NASDAQ:MSFT)", "ticker"),
]

NEGATIVES = [
    # Real news sentences that mention what furniture is made of.
    "The company said advertising revenue fell 5%.",
    "Advertising revenue fell 5% in the quarter, the company said.",
    "The minister posted a photo of the wreckage on Twitter.",
    "He shared a photo of the crash on Twitter on Saturday night.",
    "The regulator said the site uses cookies to track visitors without consent.",
    "The company said it would stop using third-party cookies next year.",
    "Getty Images said it would appeal the ruling.",
    "Reuters reported that the talks had collapsed.",
    "The newsletter, which has 2 million subscribers, was sold to Axios.",
    "Donations poured in after the fire, officials said.",
    "Related charges were filed on Tuesday.",
    "Share prices fell 3% on Monday.",
    "Shares in Cairn Energy rose 3.8% to 1,088 pence on Tuesday.",
    "More than 100 people died.",
    "Follow the money, investigators said.",
    "Sign up deadlines were extended to Friday.",
    "By the time police arrived, the fire had spread.",
    "By Tuesday, officials had counted 50 dead.",
    "By air, the journey takes four hours.",
    "By 2025, 40% of the UK's population will still be without internet access at home, says a study.",
    "Updated figures show 50 deaths.",
    "Published in 2019, the report found rising costs.",
    "Posted on March 3, the video has been viewed a million times.",
    "12 May 2023: The council voted to close the library.",
    "Two years ago, the company was worth $1bn.",
    "Jane Doe, @janedoe on Twitter, said the plan had failed.",
    "The video was posted on Instagram by @janedoe, who said she had fled.",
    "The mayor gave the figure in a post on X (@MayorOfLA)",
    "Contact jane@example.com for details",
    "Microsoft Corp. MSFT, -1.95% said Tuesday it has reached an agreement to acquire Activision Blizzard Inc.",
    "AAPL rose 2%",
    "VAT 20%",
    "Video, which was shared online, showed police firing tear gas.",
    "Photographs of the scene showed collapsed homes.",
    "LONDON (Reuters) - Shares fell on Monday.",
    "Rescue workers recover victims' bodies from the wreckage near Balasore, in Odisha, on Saturday.(AFP)",
    "Israel/Gaza",
    "On Tuesday,",
    "The deal closed on 13 October 2023.",
    "Shares rise on new Man Utd offer",
    "2",
    "",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVES)
def test_furniture_kind_positive(text: str, kind: str) -> None:
    assert furniture_kind(text) == kind


@pytest.mark.parametrize("text", NEGATIVES)
def test_furniture_kind_prose_is_none(text: str) -> None:
    assert furniture_kind(text) is None
    assert not is_furniture(text)


def test_furniture_examples_cover_every_kind() -> None:
    assert {kind for _, kind in POSITIVES} == set(KINDS)


def test_furniture_long_sentence_is_prose() -> None:
    # Furniture is short: a paragraph opening with a lexicon phrase is still prose.
    assert furniture_kind("Read more: " + "the council voted to close the library " * 20) is None


def _phrases(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if not k.startswith("_"):
                yield from _phrases(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _phrases(item, key)
    elif isinstance(node, str):
        yield key, node


def test_furniture_lexicon_is_lower_case_and_trimmed() -> None:
    # Lines are matched in lower case: a capitalised entry would never match.
    with resources.files("claimcheck.data").joinpath("furniture.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    bad = [(key, p) for key, p in _phrases(data) if p != p.strip() or p != p.casefold()]
    assert bad == []


def _news_dev() -> list[tuple[Article, list[Sentence]]]:
    paths = sorted(NEWS_DEV.glob("*/*.md"))
    articles = load_articles(paths).articles
    return list(zip(articles, segment_batch(articles)))


# The labels cite one date stamp as a claim: 05-thelodgge's "Published On: 13 October
# 2023" stands for the day the deal closed. It is a stamp, and the article's date comes
# from it (load.infer_published reads stamps); its fact is the publication date.
QUOTED_STAMPS = {("microsoft-activision-acquisition", "05-thelodgge.md", "Published On: 13 October 2023")}


@needs_news_dev
def test_furniture_news_dev_floor() -> None:
    found: dict[str, str | None] = {}
    for article, sentences in _news_dev():
        for sentence in sentences:
            found[sentence.text] = furniture_kind(sentence.text)
    adverts = [t for t in found if "advertisement" in t.casefold() and len(t.split()) <= 3]
    assert len(adverts) >= 2
    assert all(found[t] == "share" for t in adverts)
    for text, kind in [
        ("Photo: AP", "credit"),
        ("Photo: Yuki Iwamura/AFP via Getty Images", "credit"),
        ("3-MIN READ3-MIN", "timestamp"),
        ("January 19, 2022 at 12:04 PM EST", "timestamp"),
        ("Donate Now", "share"),
        ("READ ALSO: Tinubu sweeps Borno as collation enters final stage", "share"),
    ]:
        assert found[text] == kind, text
    assert sum(1 for kind in found.values() if kind) >= 20


@needs_news_dev
def test_furniture_news_dev_quoted_claims_are_not_furniture() -> None:
    by_path = {Path(a.path): (a, s) for a, s in _news_dev()}
    checked, flagged = 0, []
    for labels in sorted(NEWS_DEV.glob("*/expected.yaml")):
        data = yaml.safe_load(labels.read_text(encoding="utf-8"))
        for entry in [*data.get("conflicts", []), *data.get("non_conflicts", [])]:
            for value in entry["values"]:
                if (labels.parent.name, value["article"], value["quote"]) in QUOTED_STAMPS:
                    continue
                article, sentences = by_path[labels.parent / value["article"]]
                start = article.text.find(value["quote"])
                assert start >= 0, value["quote"]
                end = start + len(value["quote"])
                checked += 1
                if furniture_kind(value["quote"]):
                    flagged.append(value["quote"])
                flagged += [s.text for s in sentences if s.start < end and s.end > start and furniture_kind(s.text)]
    assert checked >= 200
    assert flagged == []


@needs_bbc
@pytest.mark.parametrize("topic", ["business", "politics"])
def test_furniture_bbc_prose_is_not_furniture(topic: str) -> None:
    # BBC story texts are prose with a headline: nothing in them is furniture.
    paths = sorted((BBC / topic).glob("*.txt"))[:120]
    articles = load_articles(paths).articles if paths else ()
    flagged = [s.text for sentences in segment_batch(articles) for s in sentences if furniture_kind(s.text)]
    assert len(articles) >= 100
    assert flagged == []
