"""Show or set the rollout controls: `rollout show`, `rollout set NAME VALUE`."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from flags.changes import ControlRefused, control_set, value_text
from flags.controls import CONTROLS
from flags.snapshot import controls_from_db
from flags.stages import legacy_written_under, stage_of


class Command(BaseCommand):
    """Show the controls and the stage, or change one control with a reason."""

    help = "Show the rollout controls, or set one: rollout set NAME VALUE --reason"

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the show and set sub-commands."""
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("show", help="print every control and the stage")
        setter = actions.add_parser("set", help="change one control")
        setter.add_argument("name", choices=list(CONTROLS))
        setter.add_argument("value", help="on/off for switches, a number otherwise")
        setter.add_argument("--reason", required=True, help="kept in the audit")
        setter.add_argument(
            "--actor", default=None, help="who asks (default: the OS user)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen sub-command."""
        if options["action"] == "set":
            self._set(options)
        self._show()

    def _set(self, options: dict[str, Any]) -> None:
        try:
            result = control_set(
                options["name"],
                options["value"],
                actor=options["actor"] or getpass.getuser(),
                source="command",
                reason=options["reason"],
            )
        except ControlRefused as exc:
            raise CommandError(str(exc)) from None
        if result.change is None:
            self.stdout.write(f"{options['name']} already has that value")
        else:
            self.stdout.write(self.style.SUCCESS(f"Changed {result.change}"))

    def _show(self) -> None:
        snapshot = controls_from_db()
        for name in CONTROLS:
            self.stdout.write(f"{name:30} {value_text(snapshot.value_of(name))}")
        self.stdout.write(f"stage: {stage_of(snapshot)}")
        written = "yes" if legacy_written_under(snapshot) else "no"
        self.stdout.write(f"legacy store written: {written}")
