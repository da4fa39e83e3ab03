"""Static patterns for TIME extraction: month and weekday names, date regexes and keyword tables.

Everything here is compiled once at import: the regexes that match dates,
years, decades, quarters, seasons and relative expressions, the prepositions
that license a bare year, month or weekday and set its relation, and the cues
for tense, counts, named days and period subjects. It is kept apart from
claimcheck.extract.time so that the matching and resolution logic there stays
short enough to follow. Names keep their leading underscore: they are private
to the time extractor, which imports them; MONTH_NAMES is re-exported there.
"""

from __future__ import annotations

import calendar
import re

MONTH_NAMES = tuple(calendar.month_name)  # ("", "January", ...)
_FULL_MONTHS = "|".join(MONTH_NAMES[1:])
_MONTH_INDEX = {name.lower(): i for i, name in enumerate(MONTH_NAMES) if name}
_MONTH_INDEX.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                     "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
# Capitalised only: "may", "march" and "august" in lower case are words, not months.
_MON = (rf"(?P<mon>(?:{_FULL_MONTHS}|{_FULL_MONTHS.upper()})\b"
        r"|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?:\.(?=\s*\d)|\b))")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WD = "|".join(_WEEKDAYS)
# "early" / "mid-" / "the end of" before a month, year or decade; looked up behind a match, since an
# optional group at the start of a pattern makes every position of every sentence try it.
_PART_BEFORE_RE = re.compile(r"(?i:\b(?P<part>early|late|mid|(?:the\s+)?(?:end|beginning|start|middle"
                             r"|first\s+half|second\s+half)\s+of)(?:\s+|-))$")
_MOD_BEFORE_RE = re.compile(r"(?i:\b(?P<part>earlier|later|early|late|mid|(?:the\s+)?(?:end|beginning|start"
                            r"|middle)\s+of)[\s-]+)$")
_YEAR = r"(?P<y>1\d{3}|20\d{2}|21\d{2})(?![\d%]|[.,:/]\d|-\d)"
_DAY = r"(?<![\w.,:/])(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_DAY2 = r"(?:\s*(?P<conn>-|–|—|to|and|&)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d))"

_ISO_RE = re.compile(r"(?<![\d-])(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")
# A year must stay on its date's line ("[ \t]"): "Saturday, 26 February\n\n1400 GMT" is a kick-off time.
_DMY_RE = re.compile(rf"(?:(?P<wd>{_WD}),?\s+(?:the\s+)?)?{_DAY}{_DAY2}?\s+(?:of\s+)?{_MON}"
                     rf"(?:,?[ \t]+{_YEAR})?")
_MDY_RE = re.compile(rf"(?:(?P<wd>{_WD}),?\s+)?{_MON}\s+(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
                     rf"(?:{_DAY2}(?!\s+(?:of\s+)?{_MON.replace('?P<mon>', '')}))?(?:,?[ \t]+{_YEAR})?")
_MONTH_YEAR_RE = re.compile(rf"{_MON}(?:[ \t]+of)?,?[ \t]+{_YEAR}")
_MONTH_RE = re.compile(rf"(?P<mon>{_FULL_MONTHS})\b")
_MONTH_REL_RE = re.compile(rf"(?P<mon>{_FULL_MONTHS})\s+(?:of\s+)?(?P<which>(?i:last|this|next))\s+(?i:year)\b")
_YEAR_RE = re.compile(r"(?P<y>1\d{3}|20\d{2}|21\d{2})"
                      r"(?:\s*(?:-|–|—|/)\s*(?P<y2>1\d{3}|20\d{2}|21\d{2}|\d{2}))?"
                      r"(?![\d%]|[.,:/]\d|-\d|\w)")
_DECADE_RE = re.compile(r"(?<![\d,.])(?P<y>1\d{2}0|20\d0)['’]?s\b|(?i:\bthe\s+)['’](?P<yy>[3-9]0)s\b")
_QUARTER_RE = re.compile(r"(?i:\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
                         r"\s+(?:of\s+)?)(?P<y>[12]\d{3})\b|\bQ(?P<qn>[1-4])\s*(?:of\s+)?(?P<y2>[12]\d{3})\b")
_SEASON_RE = re.compile(r"(?i:\b(?P<season>spring|summer|autumn|fall)\s+(?:of\s+)?)(?P<y>[12]\d{3})\b")
_RELATIVE_RE = re.compile(
    r"\b(?P<which>(?i:last|this|next|past|coming))\s+"
    rf"(?P<unit>(?i:week|month|year|weekend|summer|spring|autumn)|{_WD})\b")
_AGO_RE = re.compile(r"(?i:\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
                     r"|twelve|fifteen|twenty|thirty|fifty)\s+(?P<unit>day|week|month|year)s?\s+ago)\b")
_DAYWORD_RE = re.compile(r"\b(?i:(?P<w>yesterday|tomorrow|tonight|last\s+night"
                         r"|this\s+(?:morning|afternoon|evening)|earlier\s+today"
                         r"|(?:(?:a\s+few|several|an?|one|two|three|four|five|six|\d{1,2})\s+)?(?:hours?|minutes?)\s+ago))\b")
_WEEKDAY_RE = re.compile(rf"\b(?P<wd>{_WD})(?P<poss>['’]s)?(?:\s+(?P<tod>morning|afternoon|evening|night))?\b")

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50}
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

# The word before a time expression decides its relation ("until 2024") and
# whether a bare year, month or weekday is a time at all.
_KW_RE = re.compile(
    # Not after a hyphen: "the run-up to the 2007 elections" bounds nothing with "up to".
    r"(?i:(?:^|(?<=[^\w\-]))(?P<kw>from|since|until\s+at\s+least|up\s+until|until|till|til|up\s+to|through|thru|by"
    r"|no\s+later\s+than|starting(?:\s+(?:on|in|from))?|beginning(?:\s+(?:on|in))?|between|before|after"
    r"|prior\s+to|ahead\s+of|following|earlier\s+than|later\s+than|around|circa|c\.|approximately|about"
    r"|as\s+of|in|on|at|during|throughout|to|(?:the\s+)?(?:month|year)\s+of|(?:the\s+)?year|class\s+of)"
    r"\s+(?:the\s+)?)$")
_KW_RELATION = {"from": "from", "starting": "from", "beginning": "from", "since": "since",
                "until": "until", "till": "until", "til": "until", "up until": "until", "up to": "until",
                "until at least": "until", "through": "until", "thru": "until", "by": "by",
                "no later than": "by"}
_DROP_KW = {"before", "after", "prior to", "ahead of", "following", "earlier than", "later than"}
_APPROX_KW = {"around", "circa", "c.", "approximately", "about"}
# Prepositions that mark a bare year / bare month / bare weekday as a time.
_YEAR_KW = {"in", "since", "until", "till", "til", "up until", "until at least", "through", "thru", "by",
            "from", "during", "throughout", "between", "starting", "starting in", "starting from",
            "beginning", "beginning in", "circa", "c.", "as of", "year", "the year", "year of",
            "the year of", "class of", "no later than"}
_MONTH_KW = _YEAR_KW | {"month of", "the month of", "starting on", "beginning on"}
_WEEKDAY_KW = {"on", "by", "until", "till", "since", "from", "through", "starting", "starting on",
               "beginning", "beginning on", "no later than", "as of"}
_LIST_RE = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or|&)\s*$")
_RANGE_RE = re.compile(r"^\s*(?:-|–|—|to|through|thru)\s*$")
_AND_RE = re.compile(r"^\s*(?:and|&)\s*$")
_CHANGE_VERB_RE = re.compile(
    r"(?i:\b(?:increase[sd]?|rose|rise[sn]?|fell|fall(?:en|s)?|grew|grow(?:n|s)?|cut|reduced?|drop(?:ped|s)?"
    r"|declined?|jumped|climbed|up|down|won|lost|beat|exceeded|gain(?:ed|s)?|slipped|surged|soared|plunged"
    r"|tumbled|lowered|raised|boosted|shrank|multiplied|divided|numbered|totall?ed)\s+(?:by|from|to|around|about)\s*$)")
_DETERMINER_RE = re.compile(r"(?i:\b(?:the|its|their|his|her|our)\s+)$")
_NUMBER_AFTER_RE = re.compile(r"\s*(?:-|–|—|to|and|or)\s*(?P<n>\d+(?:[,.]\d+)*)")
_ODDS_RE = re.compile(r"(?i:\b(?:\d+|one|a)\s+in\s*$)")
_FISCAL_RE = re.compile(r"(?i:\b(?:fiscal|financial|FY|school|academic|tax)\s*(?:year\s*)?$)")
_BOUND_RE = re.compile(r"(?i:\b(?:more\s+than|over|nearly|almost|less\s+than|under|at\s+least|within)\s*$)")
_DURATION_RE = re.compile(r"(?i:\bthe\s*$)")
_COUNT_NOUN_RE = re.compile(
    r"(?i:\s*(?:%|per\s*cent|percent|(?:people|persons|troops|soldiers|residents|households|homes|houses|buildings"
    r"|families|children|students|workers|employees|staff|jobs|votes|voters|seats|delegates|members|participants"
    r"|attendees|visitors|tourists|refugees|migrants|deaths|dead|cases|patients|casualties|injured|victims"
    r"|civilians|protesters|demonstrators|police|officers|units|items|copies|tonnes|tons|kg|kilograms|km"
    r"|kilometres|kilometers|metres|meters|m|ft|feet|miles|hectares|acres|dollars|euros|pounds|yuan|yen|rupees"
    r"|riel|baht|usd|points|pts|calories|words|pages|cars|vehicles|flights|ships|aircraft|planes|rockets"
    r"|missiles|shells|drones|sq|square|cubic|mw|kw|gw|mwh|kwh|times|years|months|days|hours|minutes|of\s+them"
    r"|strong)\b))")
_EVENT_NOUN_RE = re.compile(
    r"\s+(?:[A-Z]|(?:elections?|vote|polls?|referendum|census|budget|summit|meetings?|conference|congress"
    r"|session|season|championships?|tournament|games|olympics|cup|finals?|edition|festival|report|survey|study"
    r"|law|act|bill|agreement|accord|deal|treaty|war|crisis|attacks?|coup|uprising|revolution|protests?"
    r"|earthquake|quake|floods?|tsunami|hurricane|typhoon|cyclone|storm|wildfires?|fire|pandemic|outbreak"
    r"|campaign|race|contest|plan|strategy|targets?|deadline|levels?|figures?|data|estimates?|forecast"
    r"|rankings?|index|review|decision|ruling|verdict|trial|visit|trip|tour|merger|launch|release|invasion"
    r"|general|presidential|parliamentary|legislative|local|national|municipal|midterm|annual)\b)")
_WEEKDAY_NAME_BEFORE_RE = re.compile(
    r"(?:Good|Black|Super|Ash|Easter|Holy|Palm|Bloody|Cyber|Shrove|Maundy|Giving|Blue|Fat|Whit|Low|Mothering"
    r"|Plough|Hock|Spy|Manic|Freaky)\s*$")
_WEEKDAY_NAME_AFTER_RE = re.compile(
    r"\s+(?:Times|Telegraph|Mirror|Express|Herald|Post|Tribune|Mail|Independent|Star|Sport|People|Night"
    r"|Club|School|Service|League|Show|Edition|Magazine|Review|Group)\b")
_SAID_RE = re.compile(r"(?i:\b(?:said|says|told|announced|reported|confirmed|added|wrote|tweeted|stated|died)\s*$)")
_VERBISH_AFTER_RE = re.compile(
    r"\s+(?:took|became|said|was|is|has|had|won|lost|resigned|told|called|announced|will|would|could|should"
    r"|can|did|does|stepped|left|met|gave|made|says|[a-z]+ed)\b")
_IN_BEFORE_RE = re.compile(r"(?i:\b(?:in|during|throughout|early|mid|late)[\s-]+)$")
# A future marker swallows the verb group it heads, so "will be held" does not read as past "held".
_FUTURE_RE = re.compile(r"(?i:(?:\b(?:will|shall|won['’]t)|['’]ll)"
                        r"(?:\s+(?:not|also|still|then|be|have|been))*(?:\s+\w+)?"
                        r"|\b(?:to\s+be\s+held|upcoming|plans?\s+to|intends?\s+to|(?:is|are)\s+(?:set|due"
                        r"|expected|going|planning)\s+to|scheduled|slated|planned|due"
                        # Present-tense schedule verbs: "the ban ends on 31 December" is still to come.
                        r"|ends|expires|runs|starts|begins|opens|closes|lasts|remains|takes\s+place)\b)")
_PAST_RE = re.compile(r"\b(?:(?i:was|were|had|did|said|told|met|held|took|began|begun|struck|went|came|saw|spent"
                      r"|made|gave|won|lost|left|led|fell|rose|hit|killed|ago)|[a-z]{2,}ed)\b")
_NOT_PAST = frozenset({"scheduled", "expected", "planned", "slated", "proposed", "need", "speed", "seed",
                       "feed", "indeed", "hundred", "exceed", "proceed", "succeed", "breed", "embed"})
_CLAUSE_END = re.compile(r"[.;!?]\s")

# A period's subject: the role or arrangement it bounds ("coordinator ... until 2024").
_SUBJECT_RE = re.compile(
    r"(?i:(?<!long[\s-])(?<!short[\s-])(?<!medium[\s-])\b(?P<w>prime\s+minister|secretary[- ]general|chief\s+executive|coordinator|chair(?:man|woman|person"
    r"|manship|ship)?|presiden(?:t|cy)|minister|governor|mayor|director|ceo|coach|manager|ambassador|envoy"
    r"|commissioner|captain|leader|speaker|host|membership|term|tenure|mandate|contract|ban|moratorium"
    r"|suspension|sanctions?|lease|loan|licen[cs]e|deal|agreement|truce|ceasefire|curfew|lockdown"
    r"|state\s+of\s+emergency|programme|program|scheme|exemption|freeze|deadline|target|sentence)s?)\b")
_SUBJECT_CANON = {"chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "chairmanship": "chair",
                  "chairship": "chair", "presidency": "president", "chief executive": "ceo",
                  "membership": "member", "programme": "program", "licence": "license",
                  "secretary general": "secretary-general", "sanctions": "sanction"}

# Cues for the month-name patterns, tested against the lowercased sentence before any regex runs.
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# A four-digit number followed by a time zone or "local time" is a clock time ("by 1200 GMT"), never a year.
_CLOCK_AFTER_RE = re.compile(r"\s*(?:(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT|IST|JST|AEST|AEDT"
                             r"|SAST|EAT|WAT|MSK|HKT|SGT)\b|(?i:local\s+time|hrs\b|h\b))")
# "from May until now", "from 2001 to date": a period that started before the article was written.
_UNTIL_NOW_RE = re.compile(r"(?i:\s*(?:-|–|—|until|till|to|up\s+to|up\s+until)\s+(?:now|today|date|the\s+present)\b)")
# A superlative or an ordinal before "since" makes it a record's baseline ("the lowest since 1995", "the fifth
# deal since October"), not the start of anything that runs.
_RECORD_BEFORE_RE = re.compile(
    r"(?i:\b(?:highest|lowest|biggest|largest|smallest|best|worst|strongest|weakest|fastest|slowest|sharpest"
    r"|steepest|deepest|busiest|longest|shortest|heaviest|hottest|coldest|wettest|driest|greatest|most|least"
    r"|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|record)\b)")
# Where the clause a period phrase sits in ends: its subject noun must lie inside it. A reporting verb
# separates the speaker ("Health Minister Jane Hutt said ...") from what is said.
_CLAUSE_STOP_RE = re.compile(
    r"[.;:!?](?:\s|$|[\"”’'])|[\"“”]|\s[–—-]\s|\b(?i:but|while|whereas|although|though|because|unless|if|when"
    r"|which|who|whom|whose|said|says|say|told|tells|added|adds|announced|noted|stated|argued|insisted|warned"
    r"|reported|according\s+to|believes?|believed|thinks?|thought|expects?|expected|predicts?|predicted"
    r"|suggests?|suggested|claims?|claimed|estimates?|estimated)\b|,\s+(?=(?i:and|or|he|she|they|it|we|i|you|there)\b)")
# What may stand between a clause's start and a fronted period phrase ("Iangareev noted that from August 2021
# until last month, ..."): only then may the phrase's subject follow it.
_FRONTED_RE = re.compile(
    rf"(?i:(?:\s|,|\d|(?:{_FULL_MONTHS}|{_WD})\b|(?:that|and|then|so|also|now|from|since|in|on|between|the|of|until"
    r"|till|by|during|starting|beginning|early|late|mid|last|this|next|year|month|week)\b)*)")
