"""The rollout controls: their names, kinds, bounds, defaults and meaning.

Switches are waffle Switches (on/off). Numbers are waffle Samples whose
`percent` column is read as a plain number: waffle's own sampling is random per
call and is never used for routing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    """How a control is stored in waffle."""

    SWITCH = "switch"
    NUMBER = "number"


@dataclass(frozen=True)
class Control:
    """One rollout control as operators know it."""

    name: str
    kind: Kind
    default: bool | Decimal
    note: str
    maximum: Decimal = Decimal(100)


USE_UNIFIED_ATTRIBUTES = "USE_UNIFIED_ATTRIBUTES"
UNIFIED_ATTRIBUTES_PERCENT = "UNIFIED_ATTRIBUTES_PERCENT"
UNIFIED_ATTRIBUTES_FALLBACK = "UNIFIED_ATTRIBUTES_FALLBACK"
DUAL_WRITE_ATTRIBUTES = "DUAL_WRITE_ATTRIBUTES"
SHADOW_COMPARE_PERCENT = "SHADOW_COMPARE_PERCENT"
ATTRIBUTES_CACHE_ENABLED = "ATTRIBUTES_CACHE_ENABLED"
ATTRIBUTES_CACHE_TTL = "ATTRIBUTES_CACHE_TTL"
ATTRIBUTES_CALL_LOGGING = "ATTRIBUTES_CALL_LOGGING"

CONTROLS: dict[str, Control] = {
    control.name: control
    for control in (
        Control(
            USE_UNIFIED_ATTRIBUTES,
            Kind.SWITCH,
            False,
            "Reads may go to the unified store (v2). Off: every read is served "
            "by the legacy store (v1), translated for v2 clients.",
        ),
        Control(
            UNIFIED_ATTRIBUTES_PERCENT,
            Kind.NUMBER,
            Decimal(0),
            "Share of entities (0-100) whose reads go to v2 while "
            "USE_UNIFIED_ATTRIBUTES is on. Sticky: a keyed hash of the listing or "
            "category id picks the entity's bucket; raising it only adds entities.",
        ),
        Control(
            UNIFIED_ATTRIBUTES_FALLBACK,
            Kind.SWITCH,
            True,
            "A v2 read that fails or runs past its time budget is answered from "
            "v1 in the same request (header v1-fallback). Off: 503 with JSON.",
        ),
        Control(
            DUAL_WRITE_ATTRIBUTES,
            Kind.SWITCH,
            False,
            "Every write lands in both stores in one transaction: the store that "
            "serves the listing's reads first, then the other; a failed mirror "
            "write is kept in the drift log for attributes_repair --drift.",
        ),
        Control(
            SHADOW_COMPARE_PERCENT,
            Kind.NUMBER,
            Decimal(0),
            "Share of reads (0-100) for which the other store is read too and the "
            "answers compared; mismatches are logged and counted, never served.",
        ),
        Control(
            ATTRIBUTES_CACHE_ENABLED,
            Kind.SWITCH,
            True,
            "Cache the rendered category attribute answers in the shared cache.",
        ),
        Control(
            ATTRIBUTES_CACHE_TTL,
            Kind.NUMBER,
            Decimal(300),
            "Seconds a cached category answer lives (0-999); every write that "
            "changes a definition removes it sooner.",
            maximum=Decimal("999"),
        ),
        Control(
            ATTRIBUTES_CALL_LOGGING,
            Kind.SWITCH,
            False,
            "Log one line per attribute read: entity and the store that served it "
            "(writes are always logged).",
        ),
    )
}


def control_get(name: str) -> Control:
    """Return the control of that name, or raise KeyError naming the known ones."""
    try:
        return CONTROLS[name]
    except KeyError:
        known = ", ".join(CONTROLS)
        raise KeyError(f"unknown control {name!r}; known: {known}") from None


def control_value_parse(control: Control, raw: str | bool | Decimal) -> bool | Decimal:
    """Return a control's value parsed from text or Python; ValueError if bad."""
    if control.kind is Kind.SWITCH:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "on", "true", "yes"}:
            return True
        if text in {"0", "off", "false", "no"}:
            return False
        raise ValueError(f"{control.name} is a switch: use on or off")

    try:
        number = Decimal(str(raw).strip())
    except ArithmeticError:
        raise ValueError(f"{control.name} is a number, not {raw!r}") from None
    if not number.is_finite() or not 0 <= number <= control.maximum:
        raise ValueError(f"{control.name} must be between 0 and {control.maximum}")
    if number != number.quantize(Decimal("0.1")):
        raise ValueError(f"{control.name} takes at most one decimal place")
    return number.quantize(Decimal("0.1"))
