"""Changing a rollout control: checked against data loss, saved, audited."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from waffle.models import Sample, Switch

from flags.controls import CONTROLS, Kind, control_get, control_value_parse
from flags.models import ControlChange
from flags.snapshot import controls_changed, controls_from_db
from flags.stages import refusal_of, stage_of

logger = logging.getLogger(__name__)


class ControlRefused(Exception):
    """A control change that is invalid or could lose data; the message says why."""


@dataclass(frozen=True)
class ControlChangeResult:
    """What a change did: the audit row (None when nothing changed) and the stage."""

    change: ControlChange | None
    stage: str


def value_text(value: bool | Decimal) -> str:
    """Return a control value as operators read it (on/off, or a number)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return format(value.normalize(), "f")


def control_change_refusal(name: str, raw_value: str | bool | Decimal) -> str | None:
    """Return why setting a control to a value would be refused, or None."""
    try:
        control = control_get(name)
        value = control_value_parse(control, raw_value)
    except (KeyError, ValueError) as exc:
        return str(exc.args[0])
    current = controls_from_db()
    return refusal_of(current.with_value(name, value), current=current)


def _lock_controls() -> None:
    # Two staff flipping two controls at once must not each pass the check
    # against the other's old value: lock every control row first.
    names = list(CONTROLS)
    list(Switch.objects.select_for_update().filter(name__in=names).order_by("name"))
    list(Sample.objects.select_for_update().filter(name__in=names).order_by("name"))


def control_set(
    name: str,
    raw_value: str | bool | Decimal,
    *,
    actor: str,
    source: str,
    reason: str,
    remote_addr: str | None = None,
) -> ControlChangeResult:
    """Set one control, refusing data-losing combinations; audit the change."""
    control = control_get(name) if name in CONTROLS else None
    if control is None:
        raise ControlRefused(f"unknown control {name!r}; known: {', '.join(CONTROLS)}")
    try:
        value = control_value_parse(control, raw_value)
    except ValueError as exc:
        raise ControlRefused(str(exc)) from None
    if not reason.strip():
        raise ControlRefused("a reason is required for every change of a control")

    with transaction.atomic():
        _lock_controls()
        current = controls_from_db()
        old = current.value_of(name)
        if old == value:
            return ControlChangeResult(None, stage_of(current))
        proposed = current.with_value(name, value)
        refusal = refusal_of(proposed, current=current)
        if refusal:
            raise ControlRefused(refusal)

        now = timezone.now()
        if control.kind is Kind.SWITCH:
            Switch.objects.update_or_create(
                name=name,
                defaults={"active": value, "modified": now, "note": control.note},
            )
        else:
            Sample.objects.update_or_create(
                name=name,
                defaults={"percent": value, "modified": now, "note": control.note},
            )
        change = ControlChange.objects.create(
            control=name,
            old_value=value_text(old),
            new_value=value_text(value),
            actor=actor,
            source=source,
            remote_addr=remote_addr,
            reason=reason.strip(),
        )
        controls_changed()

    stage = stage_of(proposed)
    logger.info(
        "Control %s changed from %s to %s by %s (%s); stage is now %s",
        name,
        change.old_value,
        change.new_value,
        actor,
        source,
        stage,
        extra={
            "control": name,
            "old": change.old_value,
            "new": change.new_value,
            "actor": actor,
            "source": source,
            "reason": change.reason,
        },
    )
    return ControlChangeResult(change, stage)
