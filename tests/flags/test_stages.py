"""Stage names, and the refused combinations of controls."""

from __future__ import annotations

from decimal import Decimal

import pytest

from flags.snapshot import ControlSnapshot
from flags.stages import legacy_written_under, refusal_of, stage_of


def _controls(**values) -> ControlSnapshot:
    names = {
        "use_unified": "USE_UNIFIED_ATTRIBUTES",
        "percent": "UNIFIED_ATTRIBUTES_PERCENT",
        "dual_write": "DUAL_WRITE_ATTRIBUTES",
        "fallback": "UNIFIED_ATTRIBUTES_FALLBACK",
        "shadow": "SHADOW_COMPARE_PERCENT",
    }
    defaults = {"fallback": False, "percent": 0, "shadow": 0}
    merged = {**defaults, **values}
    return ControlSnapshot.of(
        {
            names[key]: Decimal(value) if key in ("percent", "shadow") else value
            for key, value in merged.items()
        }
    )


@pytest.mark.parametrize(
    ("controls", "stage"),
    [
        ({}, "legacy only"),
        ({"dual_write": True}, "dual-write"),
        ({"dual_write": True, "shadow": 5}, "shadow"),
        ({"dual_write": True, "use_unified": True, "percent": 10}, "live at 10%"),
        ({"dual_write": True, "use_unified": True, "percent": "12.5"}, "live at 12.5%"),
        ({"dual_write": True, "use_unified": True, "percent": 100}, "live at 100%"),
        ({"use_unified": True, "percent": 100}, "unified only"),
    ],
)
def test_stage_is_named_from_the_controls(controls, stage):
    assert stage_of(_controls(**controls)) == stage


def test_partial_v2_reads_without_dual_write_are_refused():
    refusal = refusal_of(_controls(use_unified=True, percent=50))

    assert refusal is not None and "dual-write is off" in refusal


def test_fallback_to_a_legacy_store_no_longer_written_is_refused():
    refusal = refusal_of(_controls(use_unified=True, percent=100, fallback=True))

    assert refusal is not None and "no longer written" in refusal


def test_moving_reads_back_from_unified_only_is_refused():
    # given the unified-only stage
    current = _controls(use_unified=True, percent=100)

    # when reads would move back to the legacy store
    refusal = refusal_of(_controls(use_unified=False, percent=100), current=current)

    # then it is refused, and turning dual-write on first is allowed
    assert refusal is not None and "reverse" in refusal
    assert (
        refusal_of(
            _controls(use_unified=True, percent=100, dual_write=True), current=current
        )
        is None
    )


@pytest.mark.parametrize(
    ("controls", "written"),
    [
        ({}, True),
        ({"dual_write": True, "use_unified": True, "percent": 100}, True),
        ({"use_unified": True, "percent": 100}, False),
    ],
)
def test_legacy_store_written_follows_the_controls(controls, written):
    assert legacy_written_under(_controls(**controls)) is written
