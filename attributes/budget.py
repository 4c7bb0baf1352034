"""A time budget for v2 reads: the database cancels a read that runs past it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction


class ReadTimedOut(Exception):
    """The read ran past its time budget and was cancelled."""


def _is_cancel(exc: OperationalError) -> bool:
    return type(exc.__cause__).__name__ == "QueryCanceled"


@contextmanager
def _postgres_budget(milliseconds: int) -> Iterator[None]:
    # SET takes no bind parameters; the value is an int from settings.
    set_budget = f"SET statement_timeout = {int(milliseconds)}"
    try:
        if connection.in_atomic_block:
            # Inside a transaction: a savepoint, so a cancelled read leaves the
            # outer transaction usable; SET LOCAL ends with the transaction.
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(set_budget.replace("SET", "SET LOCAL", 1))
                yield
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = DEFAULT")
            return
        # Autocommit (a normal request): two round trips instead of four.
        # Known shortcoming: still two round trips per v2 read; a client-side
        # cancel from a watchdog thread would need none.
        with connection.cursor() as cursor:
            cursor.execute(set_budget)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = DEFAULT")
    except OperationalError as exc:
        if _is_cancel(exc):
            raise ReadTimedOut(f"v2 read cancelled after {milliseconds} ms") from exc
        raise


@contextmanager
def _sqlite_budget(milliseconds: int) -> Iterator[None]:
    deadline = time.monotonic() + milliseconds / 1000
    connection.ensure_connection()
    raw = connection.connection
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
    try:
        yield
    except OperationalError as exc:
        if "interrupted" in str(exc):
            raise ReadTimedOut(f"v2 read cancelled after {milliseconds} ms") from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


@contextmanager
def v2_read_budget(milliseconds: int | None = None) -> Iterator[None]:
    """Cancel the database work inside after the v2 read budget; ReadTimedOut."""
    budget = milliseconds or settings.V2_READ_BUDGET_MS
    if connection.vendor == "postgresql":
        with _postgres_budget(budget):
            yield
    elif connection.vendor == "sqlite":
        with _sqlite_budget(budget):
            yield
    else:
        yield
