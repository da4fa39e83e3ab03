"""PLACE rules: where an event was held, and where a trip went, compared between two claims.

Only places with the same role are compared (a venue with a venue, a
destination with a destination), never a bare mention. A place and a place
inside it agree ("Phnom Penh" vs "Cambodia", a city vs its US state); only
places that certainly do not overlap conflict: two cities far apart, a city
outside the other claim's country. Two claims dated to times that cannot
overlap speak of two occasions (the same annual meeting in another year), so
that is a different scope, not a contradiction; so are undated claims
published more than half a year apart. A planned venue ("will be held in")
reported differently on two dates has `changed`; a past one is a contradiction.
One article naming two undated venues is taken to describe two events.
"""

from __future__ import annotations

import re
from typing import Iterator

from claimcheck.extract.place import (
    CITY,
    CONTINENT,
    COUNTRY,
    DESTINATION,
    REGION,
    VENUE,
    Place,
    distance_km,
    sovereign,
)
from claimcheck.model import CHANGED, CONTRADICTION, DIFFERENT_SCOPE, PLACE, QUANTITY, TIME, Claim, Finding, Slot
from claimcheck.rules.base import Rule, finding, same_actor, same_occasion, shared_topic, slots_of, two_occasions

SAME = "same"
WITHIN = "within"
DISJOINT = "disjoint"
UNKNOWN = "unknown"

# Two differently named cities this close may be a borough and its city, or an
# airport town and the capital it serves: not worth an editor's time.
_NEAR_KM = 40.0
_SPECIFICITY = {CITY: 0, REGION: 1, COUNTRY: 2, CONTINENT: 3}
# A plan ("will be held in", "is to travel to") can still move; a past event cannot.
_FUTURE_RE = re.compile(
    r"(?i:\b(?:will|shall|is\s+to|are\s+to|to\s+be\s+held|scheduled|planned|plans?\s+to|set\s+to|due\s+to)\b|'ll\b)"
)


def _country(place: Place) -> str:
    return sovereign(place.country) if place.country else ""


def _contains(outer: Place, inner: Place) -> str:
    """SAME, WITHIN (inner lies in outer), DISJOINT or UNKNOWN, for outer at least as large as inner."""
    if outer.kind == COUNTRY:
        if not inner.country:
            return UNKNOWN
        if inner.kind == COUNTRY and inner.country != outer.country and _country(inner) == _country(outer):
            return WITHIN  # Hong Kong in China
        if inner.kind == COUNTRY:
            return DISJOINT
        return WITHIN if _country(inner) == _country(outer) or inner.country == outer.country else DISJOINT
    if outer.kind == REGION and inner.kind == CITY:
        if outer.admin and inner.admin:
            return WITHIN if outer.admin == inner.admin else DISJOINT
        if outer.country and inner.country and _country(outer) != _country(inner):
            return DISJOINT
        return UNKNOWN
    return UNKNOWN


def relation(a: Place, b: Place) -> str:
    """How two places relate: SAME, WITHIN (one lies in the other), DISJOINT, or UNKNOWN."""
    if a == b or (a.name.casefold() == b.name.casefold() and a.kind == b.kind):
        # Same name, maybe resolved to two namesakes: too unsure to call a conflict.
        return SAME
    if CONTINENT in (a.kind, b.kind):
        return UNKNOWN  # Russia and Turkey straddle continents; not worth the risk
    if _SPECIFICITY[a.kind] < _SPECIFICITY[b.kind]:
        a, b = b, a
    if a.kind != b.kind:
        return _contains(a, b)
    if a.kind == COUNTRY:
        return _contains(a, b)
    if a.kind == REGION:
        if a.admin and b.admin:
            return DISJOINT  # two different US states
        if a.country and b.country and _country(a) != _country(b):
            return DISJOINT
        return UNKNOWN
    # Two differently named cities.
    if not a.country or not b.country:
        return UNKNOWN
    if _country(a) != _country(b):
        return DISJOINT
    distance = distance_km(a, b)
    return DISJOINT if distance is not None and distance > _NEAR_KM else UNKNOWN


def _consistent(slots: list[Slot]) -> bool:
    """Whether one claim's places of a role form a single chain ("Cambodia", "Phnom Penh")."""
    return all(relation(x.value, y.value) in (SAME, WITHIN) for i, x in enumerate(slots) for y in slots[i + 1 :])


def _dated(claim: Claim) -> str:
    return f"the {claim.published.isoformat()} article" if claim.published else "an undated article"


_WHY_WRONG = {
    VENUE: "where a past event took place does not change",
    DESTINATION: "one trip does not end in two places",
}


def _planned(claim: Claim, slot: Slot) -> bool:
    return bool(_FUTURE_RE.search(claim.sentence.text[: slot.start]))


def _check_role(rule_id: str, role: str, label: str, a: Claim, b: Claim) -> Iterator[Finding]:
    if a.sentence == b.sentence:
        return
    xs = [s for s in slots_of(a, PLACE) if s.subject == role and isinstance(s.value, Place)]
    ys = [s for s in slots_of(b, PLACE) if s.subject == role and isinstance(s.value, Place)]
    if not xs or not ys or not _consistent(xs) or not _consistent(ys):
        return
    if any(relation(x.value, y.value) != DISJOINT for x in xs for y in ys):
        return
    x = min(xs, key=lambda s: (_SPECIFICITY[s.value.kind], s.start))
    y = min(ys, key=lambda s: (_SPECIFICITY[s.value.kind], s.start))
    quoted = (
        f'{label} differs: "{x.raw}" ({x.normalized}) in {_dated(a)} vs '
        f'"{y.raw}" ({y.normalized}) in {_dated(b)}'
    )
    why = two_occasions(a, b)
    if a.article == b.article and (why or same_occasion(a, b) is None):
        # One article naming two venues, dated apart or not dated at all, is far
        # more often describing two events than contradicting itself.
        return
    if why:
        verdict = DIFFERENT_SCOPE
        explanation = (
            f"{quoted}; {why}, so these are probably two occasions of the same kind of event "
            "(e.g. the same meeting in different years), not a conflict."
        )
    elif (_planned(a, x) or _planned(b, y)) and a.published and b.published and a.published != b.published:
        verdict = CHANGED
        explanation = (
            f"{quoted}; at least one claim states a plan, and plans can move between reports, "
            "so check which article is current."
        )
    else:
        verdict = CONTRADICTION
        explanation = (
            f"{quoted}; the places do not overlap and nothing dates the claims apart, "
            f"so one {label.lower()} is wrong ({_WHY_WRONG[role]})."
        )
    yield finding(rule_id, PLACE, verdict, role, explanation, (x, y), (a, b))


# Two venues are compared only when the sentences name the same kind of event:
# this many content words in common outside the places ("cup", "final", "held";
# "foreign", "minister", "meeting"); "indoor championships in Madrid" and "an indoor
# meeting in Erfurt" share one, and are two events.
MIN_SHARED_EVENT_WORDS = 3


def check_venue(a: Claim, b: Claim) -> Iterator[Finding]:
    """Venues (where something is held, hosted or takes place) of one kind of event that cannot be the same place."""
    if len(shared_topic(a, b, ignore=frozenset({PLACE, TIME, QUANTITY}))) >= MIN_SHARED_EVENT_WORDS:
        yield from _check_role("place.venue/1", VENUE, "Venue", a, b)


def check_destination(a: Claim, b: Claim) -> Iterator[Finding]:
    """Destinations (travel to X, visit X) of one traveller that cannot be the same place."""
    # Two trips by two people are not one trip: the sentences must share an actor's name.
    if same_actor(a, b, ignore=frozenset({PLACE}), titles=False):
        yield from _check_role("place.destination/1", DESTINATION, "Destination", a, b)


RULES: tuple[Rule, ...] = (
    Rule("place.venue/1", "place", "Where an event is held differs between two claims.", check_venue),
    Rule("place.destination/1", "place", "Where a trip goes differs between two claims.", check_destination),
)
