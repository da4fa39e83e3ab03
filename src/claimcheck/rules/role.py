"""Who holds an office: two claims naming different people for one single-holder post.

Only offices one person holds at a time are compared ("foreign minister of
Russia", "chief executive of Apple"; never "senator" or "spokesperson"), and
only with the same qualifier on both sides: an unqualified "President Joe
Biden" and "President Emmanuel Macron" may be presidents of two countries, so
they are left alone. Names that may be one person (a variant spelling, a
surname alone) are for `names.variant/1`, not here.
"""

from __future__ import annotations

from typing import Iterator

from claimcheck.extract.people import Role, name_key, name_parts, fold_token, office_is_single_holder, office_label
from claimcheck.model import CHANGED, CONTRADICTION, ROLE, Claim, Finding, Slot
from claimcheck.rules.base import Rule, changed_or_contradiction, finding, same_occasion, slots_of
from claimcheck.rules.names import same_person, sides

RULE_ID = "role.holder/1"

# Offices that are unique worldwide, so that no qualifier is needed to compare them.
_GLOBAL_OFFICES = frozenset({"pope"})


def _comparable(office: str) -> bool:
    if "|" not in office and office not in _GLOBAL_OFFICES:
        return False
    return office_is_single_holder(office)


def _roles(claim: Claim) -> list[Slot]:
    """The claim's ROLE slots, less any office it gives to two different people (then which is which?)."""
    roles = [s for s in slots_of(claim, ROLE) if isinstance(s.value, Role) and _comparable(s.value.office)]
    crowded = {
        r.value.office
        for r in roles
        for other in roles
        if other.value.office == r.value.office and not same_person(r.value.person, other.value.person)
    }
    return [r for r in roles if r.value.office not in crowded]


def _mentions(claim: Claim, person: str) -> bool:
    # The other claim names this person too ("Lavrov met Foreign Minister Wang Yi"): both may be right.
    text = " " + name_key(claim.sentence.text) + " "
    key = name_key(person)
    if key and f" {key} " in text:
        return True
    parts = [fold_token(p) for p in name_parts(person)]
    return bool(parts) and len(parts[-1]) >= 4 and f" {parts[-1]} " in text


def _check(a: Claim, b: Claim) -> Iterator[Finding]:
    if a.sentence == b.sentence:
        return
    roles_a, roles_b = _roles(a), _roles(b)
    seen: set[tuple[str, str, str]] = set()
    for ra in roles_a:
        for rb in roles_b:
            office, pa, pb = ra.value.office, ra.value.person, rb.value.person
            if rb.value.office != office or same_person(pa, pb) or (office, pa, pb) in seen:
                continue
            if _mentions(b, pa) or _mentions(a, pb):
                continue
            occasion = same_occasion(a, b)
            if occasion is False:
                continue  # dated events that cannot overlap: two holders at two times
            seen.add((office, pa, pb))
            verdict = CONTRADICTION if occasion else changed_or_contradiction(a, b, can_change=True)
            where_a, where_b = sides(a, b)
            if verdict == CHANGED:
                why = "the post may have changed hands between the two dates - check the later article is current"
            elif occasion:
                why = "both speak of the same time, so one of the names is wrong"
            else:
                why = "one post cannot have two holders on the same date, so one of the names is wrong"
            yield finding(
                RULE_ID,
                ROLE,
                verdict,
                office,
                f"Holder of {office_label(office)} differs: '{ra.raw}' ({pa}) {where_a} vs '{rb.raw}' ({pb}) {where_b}; {why}.",
                (ra, rb),
                (a, b),
            )


RULES: tuple[Rule, ...] = (
    Rule(
        id=RULE_ID,
        family="role",
        description="Two different people named as holder of the same single-holder office.",
        check=_check,
    ),
)
