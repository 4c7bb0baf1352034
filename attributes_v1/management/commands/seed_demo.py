"""`manage.py seed_demo`: fill the legacy and marketplace tables with demo data."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from attributes_v1.demo_data.load import (
    STAFF_PASSWORD,
    STAFF_USERNAME,
    demo_seed,
    demo_wipe,
)


def _scale(raw: str) -> float:
    scale = float(raw)
    if not scale > 0:
        raise ValueError("the scale must be positive")
    return scale


class Command(BaseCommand):
    """Seed the demo marketplace; a second run on seeded data does nothing."""

    help = (
        "Fill the legacy attribute and marketplace tables with a deterministic demo "
        "marketplace (2,000 listings per unit of --scale). Safe to run on every "
        "start: data already there is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --scale and --reset."""
        parser.add_argument(
            "--scale",
            type=_scale,
            default=1.0,
            help="multiply the number of listings (e.g. 100 for benchmarks)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="wipe the seeded tables and the demo users first, then seed again",
        )

    def handle(self, *args: Any, scale: float, reset: bool, **options: Any) -> None:
        """Seed (after a wipe with --reset) and say what was done."""
        started = time.monotonic()
        if reset:
            demo_wipe()
            self.stdout.write("Wiped the demo tables and users.")

        try:
            report = demo_seed(scale=scale)
        except DatabaseError as error:
            raise CommandError(
                f"Seeding failed ({error}); the database may hold rows that clash "
                "with the demo ids: run `manage.py seed_demo --reset` to start over."
            ) from error

        if report.changed_nothing:
            self.stdout.write(
                f"Demo data already present ({report.listings_target} listings): "
                "nothing to do."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded the demo marketplace: catalogue "
                    f"{'created' if report.catalogue_created else 'already present'}, "
                    f"{report.listings_created} listing(s) and "
                    f"{report.values_created} value(s) added "
                    f"in {time.monotonic() - started:.1f}s."
                )
            )
        self.stdout.write(f"Staff login: {STAFF_USERNAME} / {STAFF_PASSWORD}")
        self.stdout.write(f"Staff API token: {report.staff_token}")
