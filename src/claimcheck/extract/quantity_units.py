"""Static tables for QUANTITY extraction: units, currencies, scales, hedges, number words and their regexes.

Everything here is vocabulary, built once at import: the unit table and the
patterns compiled from it, currency symbols, codes and words, scale words,
hedge phrases, number words, the masks for dates, clock times and phone numbers,
and the word lists that tell an amount from an id or a name. It is kept apart
from claimcheck.extract.quantity so that the reading logic there stays short
enough to follow. Names keep their leading underscore: they are private to the
quantity extractor, which imports them. The hedge names (EXACT, ABOUT, ...)
live here because the hedge phrase table is keyed by them; import them from
claimcheck.extract.quantity, which re-exports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Hedge names, as stored in Quantity.hedge.
EXACT, ABOUT, NEARLY, AT_LEAST, MORE_THAN, LESS_THAN, UP_TO, RANGE, VAGUE = (
    "", "about", "nearly", "at least", "more than", "less than", "up to", "range", "vague")


@dataclass(frozen=True)
class _Unit:
    dimension: str
    pint: str  # pint expression, or "" when no conversion applies
    canonical: str  # pint expression of the canonical unit
    display: str  # how the canonical unit is shown
    factor: float = 1.0  # extra multiplier for units pint spells differently


_LEN = ("length", "meter", "m")
_MASS = ("mass", "kilogram", "kg")
_AREA = ("area", "kilometer**2", "km²")
_SPEED = ("speed", "kilometer/hour", "km/h")
_TIME = ("duration", "day", "days")
_VOL = ("volume", "liter", "L")
_POWER = ("power", "megawatt", "MW")
_ENERGY = ("energy", "megawatt_hour", "MWh")

# (surface regex, pint unit, dimension triple, extra factor); longest forms first.
_UNIT_TABLE: tuple[tuple[str, str, tuple[str, str, str], float], ...] = (
    (r"square\s+kilomet(?:re|er)s?|sq\.?\s*km|km2|km²", "kilometer**2", _AREA, 1.0),
    (r"square\s+miles?|sq\.?\s*mi", "mile**2", _AREA, 1.0),
    (r"square\s+met(?:re|er)s?|sq\.?\s*m|m2|m²", "meter**2", _AREA, 1.0),
    (r"square\s+f(?:ee|oo)t|sq\.?\s*ft", "foot**2", _AREA, 1.0),
    (r"hectares?|ha", "hectare", _AREA, 1.0),
    (r"acres?", "acre", _AREA, 1.0),
    (r"(?:kilomet(?:re|er)s?|km)\s+(?:per|an|a)\s+hour|km/h|kmph|kmh|kph", "kilometer/hour", _SPEED, 1.0),
    (r"miles?\s+(?:per|an|a)\s+hour|mph", "mile/hour", _SPEED, 1.0),
    (r"knots?", "knot", _SPEED, 1.0),
    (r"met(?:re|er)s?\s+per\s+second|m/s", "meter/second", _SPEED, 1.0),
    (r"nautical\s+miles?", "nautical_mile", _LEN, 1.0),
    (r"kilomet(?:re|er)s?|kms?", "kilometer", _LEN, 1.0),
    (r"centimet(?:re|er)s?|cm", "centimeter", _LEN, 1.0),
    (r"millimet(?:re|er)s?|mm", "millimeter", _LEN, 1.0),
    (r"met(?:re|er)s?", "meter", _LEN, 1.0),
    (r"miles?", "mile", _LEN, 1.0),
    (r"feet|foot|ft", "foot", _LEN, 1.0),
    (r"inch(?:es)?", "inch", _LEN, 1.0),
    (r"yards?|yds?", "yard", _LEN, 1.0),
    (r"kilogra(?:m|mme)s?|kilos?|kgs?", "kilogram", _MASS, 1.0),
    (r"milligra(?:m|mme)s?|mg", "milligram", _MASS, 1.0),
    (r"gra(?:m|mme)s?", "gram", _MASS, 1.0),
    (r"metric\s+tons?|tonnes?|tons?", "metric_ton", _MASS, 1.0),
    (r"lbs?", "pound", _MASS, 1.0),
    (r"ounces?|oz", "ounce", _MASS, 1.0),
    (r"litres?|liters?", "liter", _VOL, 1.0),
    (r"gallons?", "gallon", _VOL, 1.0),
    (r"barrels?", "oil_barrel", _VOL, 1.0),
    (r"gigawatt\s+hours?|GWh", "gigawatt_hour", _ENERGY, 1.0),
    (r"megawatt\s+hours?|MWh", "megawatt_hour", _ENERGY, 1.0),
    (r"kilowatt\s+hours?|kWh", "kilowatt_hour", _ENERGY, 1.0),
    (r"gigawatts?|GW", "gigawatt", _POWER, 1.0),
    (r"megawatts?|MW", "megawatt", _POWER, 1.0),
    (r"kilowatts?|kW", "kilowatt", _POWER, 1.0),
    (r"seconds?|secs?", "second", _TIME, 1.0),
    (r"minutes?|mins?", "minute", _TIME, 1.0),
    (r"hours?|hrs?", "hour", _TIME, 1.0),
    (r"days?", "day", _TIME, 1.0),
    (r"weeks?", "week", _TIME, 1.0),
    (r"months?", "month", _TIME, 1.0),
    (r"decades?", "year", _TIME, 10.0),  # pint's "decade" is a logarithmic unit
    (r"centur(?:y|ies)", "year", _TIME, 100.0),
    (r"years?|yrs?", "year", _TIME, 1.0),
)
# Units read outside the table: a bare "m" after context, and "pounds" that are not money.
_UNIT_OF = {
    "meter": _Unit("length", "meter", "meter", "m"),
    "pound": _Unit("mass", "pound", "kilogram", "kg"),
}
# Case-sensitive on purpose: "5G" is a network, not five grams.
_UNIT_RES = tuple(
    (re.compile(rf"(?:{rx})(?![\w/²])"), _Unit(d, p, c, disp, f)) for rx, p, (d, c, disp), f in _UNIT_TABLE
)
_TEMP_RE = re.compile(r"\s?(?:°|º|degrees?\s+)\s?(C|F|Celsius|centigrade|Fahrenheit)\b", re.I)
_BARE_TEMP_RE = re.compile(r"(C|F)\b")
_TEMP_CONTEXT_RE = re.compile(r"temperature|degrees|heat|\bhot|\bcold|warm|\bhighs?\b|\blows?\b|thermomet", re.I)
_AGE_RE = re.compile(r"(?:-|\s)years?(?:-|\s)old\b|-year-old\b", re.I)
_MAGNITUDE_RE = re.compile(r"(?:-|\s)magnitude\b", re.I)
_PERCENT_RE = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)", re.I)
_POINTS_RE = re.compile(r"\s?percentage[\s-]points?\b", re.I)

_CURRENCY_PREFIX = {
    "US$": "USD", "A$": "AUD", "C$": "CAD", "S$": "SGD", "HK$": "HKD", "NZ$": "NZD", "R$": "BRL",
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "Rs": "INR",
    "Rs.": "INR",
}
_CODES = ("USD|EUR|GBP|JPY|CNY|RMB|INR|RUB|KHR|AUD|CAD|SGD|HKD|CHF|THB|IDR|MYR|PHP|VND|KRW|BRL|ZAR|NGN|MXN|"
          "NZD|SEK|NOK|DKK|PLN|TRY|UAH|EGP|KES|PKR|BDT|LKR|MMK|LAK")
_CURRENCY_PREFIX_RE = re.compile(
    rf"(?:(?<![\w$])(US\$|A\$|C\$|S\$|HK\$|NZ\$|R\$|Rs\.?)|(?<![\w])([$€£¥₹₩₽])|\b({_CODES}))\s?$")
_CURRENCY_WORDS = (
    (r"US\s+dollars?|dollars?", "USD"), (r"euros?", "EUR"), (r"pounds?\s+sterling|sterling", "GBP"),
    (r"yen", "JPY"), (r"yuan|renminbi", "CNY"), (r"rupees?", "INR"), (r"r(?:o)?ubles?", "RUB"),
    (r"baht", "THB"), (r"riels?", "KHR"), (r"pesos?", "MXN"), (r"ringgit", "MYR"), (r"rupiah", "IDR"),
    (r"naira", "NGN"), (rf"{_CODES}", ""),
)
_CURRENCY_WORD_RES = tuple((re.compile(rf"\s?(?:{rx})\b", 0 if code == "" else re.I), code)
                           for rx, code in _CURRENCY_WORDS)
# "pounds" is money only after a scale word ("2 million pounds"); otherwise it is weight.
_POUNDS_RE = re.compile(r"\s?pounds?\b", re.I)
_WON_RE = re.compile(r"\s?won\b", re.I)

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "lakh": 1e5, "crore": 1e7, "hundred": 1e2,
}
_SCALE_RE = re.compile(
    r"(?:\s|-)?(thousand|million|billion|trillion|hundred|lakh|crore|mn|mln|bn|trn|tn|m|k)\b", re.I)
# After a bare "3.2m": metres when a measuring word follows, millions when a plural noun does.
_METRE_CONTEXT_RE = re.compile(
    r"[\s-]*(?:tall|high|long|wide|deep|away|above|below|in\s+(?:height|length|diameter|depth|width)|"
    r"of\s+(?:rain|snow|water)|sprint|final|race|hurdles|freestyle|backstroke|breaststroke|butterfly|relay)\b",
    re.I)

_MEASURING_RE = re.compile(
    r"\b(?:tall|high|long|wide|deep|height|length|depth|width|distance|altitude|elevation|sea\s+level|"
    r"metres?|meters?|diameter|radius)\b", re.I)
_FEET_INCHES_RE = re.compile(r"\s*(\d{1,2})\s*(?:in|inches|\"|”|'')(?![\w])")

_HEDGES = {
    ABOUT: ("about", "around", "some", "roughly", "approximately", "approx.", "approx", "an estimated",
            "estimated", "circa", "more or less", "in the region of", "an approximate"),
    NEARLY: ("nearly", "almost", "close to", "just under", "just shy of", "not quite", "just below"),
    AT_LEAST: ("at least", "no fewer than", "no less than", "a minimum of", "not less than", "not fewer than"),
    MORE_THAN: ("more than", "over", "above", "in excess of", "upwards of", "exceeding", "north of",
                "just over", "greater than", "well over", "well above", "just above", "higher than"),
    LESS_THAN: ("fewer than", "less than", "under", "below", "lower than", "well under", "well below"),
    UP_TO: ("up to", "as many as", "at most", "no more than", "a maximum of", "as much as", "not more than"),
    EXACT: ("exactly", "precisely", "just", "only"),
}
_HEDGE_OF = {p: h for h, ps in _HEDGES.items() for p in ps}
_HEDGE_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(p).replace(r"\ ", r"\s+")
                             for p in sorted(_HEDGE_OF, key=len, reverse=True)) + r")\s+$", re.I)
_SUFFIX_HEDGE_RE = re.compile(r"(\s+or\s+so\b|\s+or\s+more\b|-odd\b|-plus\b|\+(?!\d))", re.I)

_NUMBER_WORDS = {
    **{w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split())},
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}
_BIG_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}
_ANY_NUMBER_RE = re.compile(
    r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r"|dozens?|half|thirds?|quarters?|fifths?|hundreds|thousands|"
    r"millions|billions|handful)\b", re.I)
_SCALE_WORDS = {"million", "billion", "trillion"}
_WORD_RE = re.compile(r"[A-Za-z]+")
# Besides plain and comma-grouped digits, two typed forms news copy carries: a
# thousands group after a stray space ("24,025, 940", "25, 486, 616") and the
# Indian lakh grouping ("6,10,533" is 610,533).
_DIGITS_RE = re.compile(
    r"(?<![\w.,'’/#:@])(?<![\w.][-–—])("
    r"\d{1,3}(?:,\d{3})+(?:, \d{3}(?![\d,]))+|\d{1,3}, \d{3}(?:,\d{3})+(?![\d,])|\d{1,3}(?:, \d{3}){2,}(?![\d,])|\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_VAGUE_RE = re.compile(
    r"\b(?:(tens|hundreds)\s+of\s+)?(dozens|hundreds|thousands|millions|billions)\s+of\b", re.I)
_SEVERAL_RE = re.compile(r"\b(?:several|a\s+few)\s+(dozen|hundred|thousand|million|billion)\b(?!\s+and\b)", re.I)
# "a handful of fans": a few, up to about ten.
_HANDFUL_RE = re.compile(r"\ba\s+handful\s+of\b", re.I)
_DOZEN_RE = re.compile(r"\b(?:(half)\s+a|a|(two|three|four|five|six|\d))\s+dozen\b(?!s)", re.I)
_FRACTION_RE = re.compile(
    r"\b(?:(a|one|two|three|four)[\s-]+(thirds?|quarters?|fifths?)|(half))\b(?=\s+(?:of\b|the\b|its\b|their\b))",
    re.I)
_ONE_IN_RE = re.compile(r"\b(one|two|three|\d)\s+in\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b",
                        re.I)
_FRACTIONS = {"third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5, "half": 1 / 2}

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_MASK_RES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*(?:-|–|—|to|and)\s*{_DAY})?\b"),
    re.compile(rf"\b{_DAY}(?:\s*(?:-|–|—|to|and)\s*{_DAY})?\s+(?:of\s+)?{_MONTH}(?![a-z])"),
    re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"),
    re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}(?::\d{2})?\b|"
               r"\b\d{1,2}\s*o['’]clock\b|\b\d{4}\s*(?:GMT|UTC|hrs)\b", re.I),
)
_PHONE_RE = re.compile(r"(?<![\w])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){2,}(?!\w)")
# Sport scores and vote splits ("won 3-1", "a 5-4 ruling") are not ranges.
_SCORE_BEFORE_RE = re.compile(
    r"\b(?:won|lost|beat|beaten|drew|defeated|trailed|led|leading|trailing|score|scored|ruled|voted|vote|"
    r"split|margin|tied|win|by)\s+(?:a\s+|an\s+)?$", re.I)
_SCORE_AFTER_RE = re.compile(
    r"\s*(?:win|victory|defeat|loss|draw|lead|scoreline|triumph|thrashing|result|vote|decision|"
    r"majority|ruling|split|aggregate)\b", re.I)

# A capitalised word right before a number names something ("Boeing 737") unless it is one of these.
_OK_BEFORE = frozenset(
    "the a an and but with by of in for at on to from all only just some about nearly almost around roughly "
    "approximately over under more fewer less up as another those these its their his her our while when "
    "after before since then police officials authorities estimated exactly precisely at least than between "
    "from monday tuesday wednesday thursday friday saturday sunday january february march april june july "
    "august september october november december yesterday today".split()) | {
    w for phrase in _HEDGE_OF for w in phrase.split()}
_ID_WORDS = frozenset(
    "no no. number num level phase stage category cat grade article section chapter page pages p. pp. route "
    "flight room gate platform line step version model type class size code tier round week day game match "
    "season episode vol vol. volume ward district zone unit bus highway road street floor item clause "
    "paragraph resolution order law act rule top figure fig fig. table appendix annex exhibit bill case file "
    "lot seat berth terminal block building apartment suite box station channel series squad shirt jersey "
    "quarter half period hole lap leg heat group pool division league".split())
_STOP = frozenset(
    "of in on at from to for with by and or but who whom which that than as were was are is be been being "
    "had have has will would could should may might can said says say also each per a an the this these "
    "those it its their his her they we he she there here during since until after before over under into "
    "onto across about around more less while when where if not no so then ago later earlier i you our my "
    "your them him us all both other such same own than too very just only what how why worth last next "
    "overnight today yesterday tomorrow tonight annually daily weekly monthly yearly now already still again "
    "alone apiece each respectively".split())
# Modifiers skipped on the way to the noun a figure is about ("in new funding" -> funding).
_ADJECTIVES = frozenset(
    "new additional extra annual total net gross fresh further initial average overall combined annualised "
    "annualized direct foreign emergency humanitarian military economic financial public private federal "
    "record estimated reported confirmed official other more".split())
# Words that make a count a different count: new cases are not total cases.
_QUALIFIERS = {**dict.fromkeys("new additional further extra more fresh another".split(), "new"),
               **dict.fromkeys("total cumulative overall".split(), "total"),
               **dict.fromkeys("daily weekly monthly annual yearly".split(), "periodic"),
               "active": "active", "suspected": "suspected", "excess": "excess"}
_QUALIFIER_BEFORE_RE = re.compile(r"\b(further|another|additional|extra|fresh|new|total|cumulative)(?:\s+of)?\s+$",
                                  re.I)
_AFTER_REJECT = frozenset("ago later earlier hence prior afterwards".split())
_PARTITIVE_RE = re.compile(r"\s+of\s+(?:the|them|those|these|whom|which|its|their|his|her|our|us|you|all)\b", re.I)
_LINK = frozenset(
    "to at of by was is are were be been has had have now stood stands stand rose risen climbed jumped "
    "reached hit totalled totaled totals increased fell dropped decreased grew soared surged put the a an "
    "estimated currently officially some nearly about around worth valued".split())
# Words next to a figure that never say what it measures: directions and comparisons
# ("shares were up 10%"), verbs ("took $370m"), and the bare change nouns ("a 5.5% rise")
# whose owner lies elsewhere in the sentence.
_NOT_SUBJECTS = frozenset(
    "up down higher lower back against versus every best worst first last top bottom ahead behind off "
    "took taken taking take takes grow grows fall falls rise rises gain gains "
    "rise growth fall increase decrease decline drop gain jump cut boost slump surge climb dip "
    "time times unit units".split())
# Units and scale words are never what a figure counts ("by 0.5 points to 3%").
_UNIT_WORDS = frozenset(
    "point points percent cent per million billion trillion thousand hundred m bn mn km kg degrees".split())
_MEASURE_ADJ = {"tall": "height", "high": "height", "long": "length", "wide": "width", "deep": "depth",
                "heavy": "weight", "old": "age", "away": "distance", "below": "depth", "beneath": "depth",
                "underground": "depth"}
_IRREGULAR = {"people": "people", "persons": "people", "person": "people", "children": "child",
              "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth", "mice": "mouse",
              "geese": "goose", "lives": "life", "wives": "wife", "knives": "knife", "police": "police",
              "staff": "staff", "personnel": "personnel", "cattle": "cattle", "sheep": "sheep",
              "fish": "fish", "deer": "deer", "aircraft": "aircraft", "series": "series", "species": "species",
              "news": "news", "crises": "crisis", "analyses": "analysis", "theses": "thesis",
              "data": "data", "media": "media", "criteria": "criterion", "phenomena": "phenomenon"}
_PLURAL_ONLY = frozenset(_IRREGULAR) - {"person"}

# Ranges, changes and the words right after a figure.
_TO_RE = re.compile(r",?\s+(?:to|(?:up|down)\s+from)\s+", re.I)
_CHANGE_BEFORE_RE = re.compile(
    r"\b(?:rose|risen|rises?|fell|fallen|falls?|increased|decreased|grew|grown|dropped|climbed|jumped|"
    r"declined|slipped|up|down|cut|slashed|boosted|shed|soared|surged|plunged|tumbled|rising|falling)"
    r"\s+(?:by\s+)?(?:a\s+further\s+|another\s+)?$|"
    r"\b(?:raised|lowered|gained|lost|added)\s+by\s+$", re.I)
_NUMBER_AT_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_JOIN_RE = re.compile(r"\s*(-|–|—|to|or)\s*")
_AND_JOIN_RE = re.compile(r"\s+and\s+")
_HALF_RE = re.compile(r"\s+and\s+a\s+half\b", re.I)
_FOLLOW_RE = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z][A-Za-z'’-]*)")
_ONE_NEXT_REJECT = frozenset("another day time way thing side hand point such one".split())
_ONE_PREV_REJECT = frozenset("no the any every each this that which someone anyone everyone".split())
_DETERMINERS = frozenset("the its their his her our all those these registered eligible".split())
_OF_DET_RE = re.compile(r"\s+(?:of\s+)?(?:(?:" + "|".join(_DETERMINERS) + r")\s+)?", re.I)

# How a normalised figure is shown to an editor.
_DAY_UNITS = (("years", 365.25), ("days", 1.0), ("hours", 1 / 24), ("minutes", 1 / 1440),
              ("seconds", 1 / 86400))
_DISPLAY = {"meter": "m", "km": "km", "kilogram": "kg", "degC": "°C", "kilometer**2": "km²",
            "kilometer/hour": "km/h",
            "day": "days", "liter": "L", "megawatt": "MW", "megawatt_hour": "MWh", "year": "years old",
            "M": "magnitude"}
