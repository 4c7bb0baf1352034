"""Create the rollout controls in waffle, with initial values from the environment.

This runs once. A control that already exists is left alone, so after this the
database is the truth: a restart with a different environment does not
override what staff set.
"""

import os

from django.db import migrations

from flags.controls import CONTROLS, Kind, control_value_parse
from flags.snapshot import ControlSnapshot
from flags.stages import refusal_of


def _value_text(value):
    if isinstance(value, bool):
        return "on" if value else "off"
    return format(value.normalize(), "f")


def create_controls(apps, schema_editor):
    Switch = apps.get_model("waffle", "Switch")
    Sample = apps.get_model("waffle", "Sample")
    ControlChange = apps.get_model("flags", "ControlChange")

    initial = {}
    for name, control in CONTROLS.items():
        raw = os.environ.get(name)
        initial[name] = (
            control.default if raw is None else control_value_parse(control, raw)
        )
    refusal = refusal_of(ControlSnapshot.of(initial))
    if refusal:
        raise ValueError(f"The rollout controls in the environment: {refusal}")

    for name, control in CONTROLS.items():
        raw = os.environ.get(name)
        value = initial[name]
        model, field = (
            (Switch, "active") if control.kind is Kind.SWITCH else (Sample, "percent")
        )
        _, created = model.objects.get_or_create(
            name=name, defaults={field: value, "note": control.note}
        )
        if created:
            ControlChange.objects.create(
                control=name,
                old_value="",
                new_value=_value_text(value),
                actor="migration",
                source="environment",
                reason=(
                    f"initial value from {name} in the environment"
                    if raw is not None
                    else "initial value: the default (not set in the environment)"
                ),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0001_change_audit"),
        ("waffle", "0004_update_everyone_nullbooleanfield"),
    ]

    operations = [migrations.RunPython(create_controls, migrations.RunPython.noop)]
