"""Page furniture: the lines of a stored web page that are not claims.

News exports keep what the page showed around the story: bylines, photo
credits, date stamps and reading-time badges, share buttons, cookie banners,
donation appeals, related-story links, embedded posts and stock tickers.
`furniture_kind` says which of these a segmented sentence is, or None for prose.

Precision comes first: a sentence that is furniture but reads as prose is let
through, because dropping a real claim hides it from the editor, while a
furniture line that gets through rarely makes a finding (it carries no value
another article disputes). So most rules ask for the shape of furniture, not
just its words: a line that is *only* a date and a time, *only* names after
"By", a handle with no lowercase word beside it, a lexicon phrase that opens
a short line. The lexicons are in `data/furniture.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

BYLINE = "byline"
EMBEDDED_POST = "embedded-post"
TIMESTAMP = "timestamp"
CREDIT = "credit"
SHARE = "share"
TICKER = "ticker"
KINDS = (BYLINE, EMBEDDED_POST, TIMESTAMP, CREDIT, SHARE, TICKER)

# Dashes, bullets and stops that frame a furniture line ("- Advertisement -").
_FRAME = "-–—―•·・|*>»«:;.!?,…_=~"
_SPACE = re.compile(r"\s+")
_HANDLE = re.compile(r"(?<![\w.@])@\w{1,15}\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
# Splits a line into tokens for the "nothing but names / dates" tests.
_TOKEN_SPLIT = re.compile(r"[\s,;|/&·•・()\[\]]+|\s[-–—]\s|^[-–—]|[-–—]$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_DIGIT = re.compile(r"\d")
_CAMEL = re.compile(r"[A-Z][a-z]+")
_RELATIVE_SHORT = re.compile(r"\d{1,2}[smhdw]")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm|a\.m|p\.m)?|\d{1,2}(?:am|pm)")
_NUMERIC_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?|\d{1,2}/\d{1,2}/\d{2,4}")
_DAY_OR_YEAR = re.compile(r"\d{1,4}(?:st|nd|rd|th)?")
# What may join agency names: "Reuters/AFP", "AFP via Getty Images", and "anddpa" run together.
_AGENCY_JOIN = re.compile(r"\s*(?:,|/|&|\||\+|and|via|for)\s*|\s+")


def _alternation(phrases: list[str]) -> str:
    # Longest first, so "last updated" is tried before "updated".
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


@dataclass(frozen=True)
class _Lexicon:
    data: dict[str, Any]
    share_lines: frozenset[str]
    sections: frozenset[str]
    connectors: frozenset[str]
    photo_words: frozenset[str]
    date_words: frozenset[str]
    zones: frozenset[str]
    fillers: frozenset[str]
    news_agencies: tuple[str, ...]
    photo_agencies: tuple[str, ...]
    any_agency: re.Pattern[str]
    colon_share: re.Pattern[str]
    short_share: re.Pattern[str]
    long_share: re.Pattern[str]
    anywhere_share: re.Pattern[str]
    byline_lead: re.Pattern[str]
    byline_any: re.Pattern[str]
    byline_trailing: re.Pattern[str]
    credit_colon: re.Pattern[str]
    credit_comma: re.Pattern[str]
    credit_by: re.Pattern[str]
    credit_anywhere: re.Pattern[str]
    timestamp_lead: re.Pattern[str]
    date_start: re.Pattern[str]
    reading_time: re.Pattern[str]
    ago: re.Pattern[str]
    post_lead: re.Pattern[str]
    post_link: re.Pattern[str]
    signature: re.Pattern[str]
    ticker: re.Pattern[str]
    exchange: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with resources.files("claimcheck.data").joinpath("furniture.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    share, byline, credit, stamp = data["share"], data["byline"], data["credit"], data["timestamp"]
    post, ticker = data["embedded_post"], data["ticker"]
    months = _alternation(stamp["months"])
    units = _alternation(stamp["units"])
    sections = _alternation(share["sections"])
    day_month_year = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months})\.?,?\s+\d{{4}}"
    month_day_year = rf"(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    numeric = r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
    return _Lexicon(
        data=data,
        share_lines=frozenset(share["whole_line"]),
        sections=frozenset(share["sections"]),
        connectors=frozenset(byline["connectors"]),
        photo_words=frozenset(credit["photo_words"]),
        date_words=frozenset(stamp["months"]) | frozenset(stamp["weekdays"]),
        zones=frozenset(stamp["zones"]),
        fillers=frozenset(stamp["fillers"]),
        news_agencies=tuple(sorted(byline["news_agencies"], key=len, reverse=True)),
        photo_agencies=tuple(sorted(credit["photo_agencies"], key=len, reverse=True)),
        any_agency=re.compile(rf"(?<!\w)(?:{_alternation(credit['photo_agencies'] + byline['news_agencies'])})(?!\w)"),
        colon_share=re.compile(rf"^(?:{_alternation(share['colon_leads'])})\s*:"),
        short_share=re.compile(rf"^(?:{_alternation(share['short_leads'])})\b"),
        long_share=re.compile(rf"^(?:{_alternation(share['any_length_leads'])})\b"),
        anywhere_share=re.compile(rf"\b(?:{_alternation(share['anywhere'])})\b"),
        byline_lead=re.compile(rf"^(?:{_alternation(byline['leads'])})\s+", re.IGNORECASE),
        byline_any=re.compile(rf"^(?:{_alternation(byline['any_length_leads'])})\b"),
        byline_trailing=re.compile(rf"\b(?:{_alternation(byline['trailing'])})$"),
        credit_colon=re.compile(rf"^\(?(?:{_alternation(credit['leads'])})\s*:\s*\S"),
        credit_comma=re.compile(rf"^\(?(?:{_alternation(credit['comma_leads'])})\s*,\s*\S"),
        credit_by=re.compile(rf"^\(?(?:{_alternation(credit['by_leads'])})\s+", re.IGNORECASE),
        credit_anywhere=re.compile(rf"\b(?:{_alternation(credit['anywhere'])})\b"),
        timestamp_lead=re.compile(rf"^(?:{_alternation(stamp['leads'])})\b\s*:?\s*"),
        date_start=re.compile(rf"^(?:{day_month_year}|{month_day_year}|{numeric})"),
        reading_time=re.compile(
            rf"^(?:(?:estimated\s+)?reading\s+time\s*:?\s*\d{{1,3}}\s*(?:{units})\b"
            rf"|\d{{1,3}}\s*-?\s*(?:{units})\.?\s*-?\s*(?:{_alternation(stamp['reading'])})(?![a-z]))"
        ),
        ago=re.compile(
            rf"^(?:(?:{sections})\s*[・|·•:–—-]\s*)?(?:(?:{_alternation(stamp['leads'])})\s*:?\s*)?"
            rf"(?:\d{{1,3}}|an?|one)\s*(?:{units}|[smhdw])\.?\s+ago$"
        ),
        post_lead=re.compile(rf"^(?:{_alternation(post['leads'])})\b"),
        post_link=re.compile(rf"(?<![\w.])(?:{_alternation(post['links'])})\w"),
        # "— Jane Doe (@janedoe) April 3, 2016": the signature under an embedded tweet, which
        # either opens with a dash or ends with the post's date ("said so (@mayor)" is prose).
        signature=re.compile(
            rf"[—–―]\s*[^()\n]{{1,80}}\(@\w{{1,15}}\)\s*(?:{month_day_year})?\s*$"
            rf"|\(@\w{{1,15}}\)\s*(?:{month_day_year})\s*$",
            re.IGNORECASE,
        ),
        # "MSFT, -1.95%": a symbol and a signed change; the sign is what makes it a ticker, not "VAT 20%".
        ticker=re.compile(
            r"^(?:\(?(?:[A-Z]{2,8}:)?[A-Z]{1,5}(?:\.[A-Z]{1,2})?\)?[,:]?"
            r"\s*[+\-−–▲▼]\s?\$?\d+(?:[.,]\d+)?%\s*[,;|]?\s*)+$"
        ),
        exchange=re.compile(
            rf"^\(?(?:{_alternation(ticker['exchanges'])})\s*:\s*[A-Z][A-Z.]{{0,6}}\)?$", re.IGNORECASE
        ),
    )


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip().replace("’", "'").replace("‘", "'")


def _core(text: str) -> str:
    """The line without its frame of dashes, bullets and stops, in lower case."""
    return text.strip(_FRAME + " \t").casefold()


def _tokens(text: str) -> list[str]:
    return [t.strip(".'\"“”:") for t in _TOKEN_SPLIT.split(text) if t and t.strip(".'\"“”:")]


def _names_only(text: str, lex: _Lexicon, max_tokens: int = 14) -> bool:
    """Whether `text` is only names, initials, agencies and connectors ("Jane Doe and John Roe, Reuters")."""
    tokens = _tokens(text)
    if not tokens or len(tokens) > max_tokens:
        return False
    named = 0
    for token in tokens:
        low = token.casefold()
        if low in lex.connectors:
            continue
        if _DIGIT.search(token) or not token[0].isupper():
            return False
        if low not in lex.date_words:
            named += 1
    return named > 0


def _agencies_only(text: str, names: tuple[str, ...]) -> bool:
    """Whether `text` is nothing but agency names and separators ("Agence France-Presseanddpa")."""
    low = text.casefold().strip(" ()")
    dead: set[int] = set()  # positions from which no parse reaches the end

    def parse(at: int, depth: int) -> bool:
        if at == len(low):
            return depth > 0
        if at in dead:
            return False
        for name in names:
            if low.startswith(name, at):
                end = at + len(name)
                # A name ends where a letter does not follow, or where the next separator starts.
                if end < len(low) and low[end].isalpha() and not low.startswith(("and", "via", "for"), end):
                    continue
                sep = _AGENCY_JOIN.match(low, end)
                nxt = sep.end() if sep else end
                if parse(nxt, depth + 1):
                    return True
        dead.add(at)
        return False

    return bool(low) and parse(0, 0)


def _is_date_only(text: str, lex: _Lexicon) -> bool:
    """Whether `text` is only a date and/or a time, after an optional stamp word ("Updated 10:32 AM EST")."""
    low = text.casefold()
    lead = lex.timestamp_lead.match(low)
    if lead:
        low = low[lead.end() :]
    if not _DIGIT.search(low):
        # "On Tuesday," is a fragment of prose; a stamp always carries a number.
        return False
    anchored = False
    for token in _tokens(low.replace(" - ", " ")):
        token = token.strip("-–—")
        if not token:
            continue
        if token in lex.date_words:
            anchored = True
            continue
        if token in lex.zones or token in lex.fillers:
            continue
        if _CLOCK.fullmatch(token) or _NUMERIC_DATE.fullmatch(token):
            anchored = True
            continue
        if _DAY_OR_YEAR.fullmatch(token):
            continue
        return False
    return anchored


def _timestamp(line: str, lex: _Lexicon) -> bool:
    low = line.casefold()
    core = _core(line)
    if lex.reading_time.match(core) and len(core.split()) <= 6:
        return True
    if lex.ago.match(core):
        return True
    lead = lex.timestamp_lead.match(low)
    # "Published On: 13 October 2023Categories: ..." -- a stamp word, a colon, a date; the rest is more furniture.
    if lead and ":" in lead.group() and lex.date_start.match(low[lead.end() :]):
        return True
    return _is_date_only(core, lex)


def _share(line: str, lex: _Lexicon) -> bool:
    low = line.casefold()
    core = _core(line)
    if core in lex.share_lines or core in lex.sections:
        return True
    # "SportFootball": section labels run together when a menu loses its spacing.
    parts = _CAMEL.findall(line.strip())
    if " " not in line.strip() and len(parts) > 1 and "".join(parts) == line.strip():
        if all(p.casefold() in lex.sections for p in parts):
            return True
    if lex.colon_share.match(low.lstrip(_FRAME + " ")):
        return True
    if lex.long_share.match(core) or lex.anywhere_share.search(low):
        return True
    if lex.short_share.match(core) and len(core.split()) <= lex.data["share"]["short_max_words"]:
        return True
    return _appeal(line, lex)


def _appeal(line: str, lex: _Lexicon) -> bool:
    """A short appeal: a verb, a name or us/our, and journalism ("Support Ripples Nigeria, ... journalism")."""
    appeal = lex.data["share"]["appeal"]
    words = line.strip(_FRAME + " ").split()
    if len(words) < 2 or len(words) > appeal["max_words"] or words[0].casefold() not in appeal["verbs"]:
        return False
    second = words[1].strip(",")
    if not (second[:1].isupper() or second.casefold() in {"us", "our"}):
        return False
    low = line.casefold()
    return any(o in re.findall(r"[a-z]+", low) for o in appeal["objects"])


def _byline(line: str, lex: _Lexicon) -> bool:
    core = _core(line)
    if lex.byline_any.match(core):
        return True
    if lex.byline_trailing.search(core) and len(core.split()) <= 20:
        return True
    framed = line.strip(_FRAME + " ")
    text = framed.strip("()")
    # "(AFP)" in parentheses ends a caption: a photo credit, left to _credit.
    if not framed.startswith("(") and _agencies_only(text, lex.news_agencies):
        return True
    # "Reporting by Jane Doe; Editing by John Roe": every part a lead and names.
    parts = [p for p in re.split(r"\s*;\s*", text) if p]
    if not parts:
        return False
    for part in parts:
        lead = lex.byline_lead.match(part)
        if not lead:
            return False
        # "by" is a byline only as "By"/"BY": a line opening with lower-case "by" is a fragment of prose.
        if lead.group().strip().casefold() == "by" and not part[0].isupper():
            return False
        if not _names_only(part[lead.end() :], lex):
            return False
    return True


def _credit(line: str, lex: _Lexicon) -> bool:
    low = line.casefold().strip()
    core = _core(line)
    labelled = lex.credit_colon.match(low) or lex.credit_comma.match(low)
    if labelled and len(core.split()) <= lex.data["credit"]["max_words"]:
        return True
    if lex.credit_anywhere.search(low):
        return True
    text = line.strip()
    parenthesized = text.startswith("(") or text.rstrip(".").endswith(")")
    bare = text.strip(" ().")
    by = lex.credit_by.match(bare)
    if by and _names_only(bare[by.end() :], lex):
        return True
    if _agencies_only(bare, lex.photo_agencies + lex.news_agencies):
        # Only news agencies and no parentheses is a source line, which _byline took.
        return True
    # "(AP Photo/Rick Bowmer)", "Bill Chappell/NPR)", "Yuki Iwamura/AFP via Getty Images".
    if "/" in bare or " via " in bare:
        if not _names_only(bare, lex, max_tokens=12):
            return False
        words = {t.casefold() for t in _tokens(bare)}
        return parenthesized or bool(lex.any_agency.search(bare.casefold())) or bool(words & lex.photo_words)
    return False


def _embedded_post(line: str, lex: _Lexicon) -> bool:
    low = line.casefold()
    if lex.post_link.search(low) or lex.post_lead.match(_core(line)):
        return True
    return bool(lex.signature.search(line.strip()))


def _handle_line(line: str, lex: _Lexicon) -> bool:
    """A bare handle with names, dates and links beside it but no lowercase word: a post's header."""
    if not _HANDLE.search(line):
        return False
    rest = _URL.sub(" ", _HANDLE.sub(" ", line))
    tokens = _tokens(rest)
    if len(tokens) > 20:
        return False
    for token in tokens:
        low = token.casefold().strip("-–—")
        if not low or low in lex.connectors or low in lex.date_words or low in lex.zones or low in lex.fillers:
            continue
        if _DIGIT.search(low) and (_RELATIVE_SHORT.fullmatch(low) or not _WORD.search(low)):
            continue
        if token[0].isupper():
            continue
        return False
    return True


def _ticker(line: str, lex: _Lexicon) -> bool:
    text = line.strip()
    return bool(lex.ticker.match(text) or lex.exchange.match(text))


# Most specific first: a tweet signature holds a date, a credit line names an agency.
_RULES: tuple[tuple[str, Callable[[str, _Lexicon], bool]], ...] = (
    (EMBEDDED_POST, _embedded_post),
    (TICKER, _ticker),
    (TIMESTAMP, _timestamp),
    (SHARE, _share),
    (BYLINE, _byline),
    (CREDIT, _credit),
    (EMBEDDED_POST, _handle_line),
)


def furniture_kind(text: str) -> str | None:
    """Why a segmented sentence or line is page furniture (one of `KINDS`), or None when it is prose."""
    line = _clean(text)
    if not line or len(line) > 600:
        # Furniture is short; a paragraph-long sentence is prose whatever words it holds.
        return None
    lex = _lexicon()
    for kind, rule in _RULES:
        if rule(line, lex):
            return kind
    return None


def is_furniture(text: str) -> bool:
    """Whether a segmented sentence or line is page furniture."""
    return furniture_kind(text) is not None
