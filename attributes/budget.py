"""A time budget for v2 reads: the database cancels a read that runs past it."""

from __future__ import annotations

import itertools
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)


class ReadTimedOut(Exception):
    """The read ran past its time budget and was cancelled."""


def _is_cancel(exc: OperationalError) -> bool:
    return type(exc.__cause__).__name__ == "QueryCanceled"


class _Watchdog:
    """One thread per process that cancels reads still running at their deadline.

    Arming and disarming are dictionary operations under a lock: a read that
    ends in time costs no database round trip. The thread is woken only when a
    new deadline comes before the one it already sleeps until, so a stream of
    reads with the same budget wakes it about once per budget, not per read.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, Callable[[], object]]] = {}
        self._fired: set[int] = set()
        self._tokens = itertools.count()
        self._owner_pid: int | None = None
        self._sleeps_until = math.inf

    def arm(self, seconds: float, cancel: Callable[[], object]) -> int:
        """Call `cancel` after `seconds` unless disarmed first; return a token."""
        token = next(self._tokens)
        with self._cond:
            if self._owner_pid != os.getpid():
                # First use in this process (gunicorn forks after import).
                self._owner_pid = os.getpid()
                self._sleeps_until = math.inf
                threading.Thread(
                    target=self._run, name="v2-read-watchdog", daemon=True
                ).start()
            deadline = time.monotonic() + seconds
            self._armed[token] = (deadline, cancel)
            if deadline < self._sleeps_until:
                self._cond.notify()
        return token

    def disarm(self, token: int) -> bool:
        """Stop watching; return whether the cancel was already sent."""
        with self._cond:
            self._armed.pop(token, None)
            fired = token in self._fired
            self._fired.discard(token)
        return fired

    def _run(self) -> None:
        with self._cond:
            while True:
                if not self._armed:
                    self._sleeps_until = math.inf
                    self._cond.wait()
                    continue
                now = time.monotonic()
                earliest = min(deadline for deadline, _ in self._armed.values())
                if earliest > now:
                    self._sleeps_until = earliest
                    self._cond.wait(earliest - now)
                    continue
                for token, (deadline, cancel) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[token]
                        self._fired.add(token)
                        self._cancel(cancel)

    @staticmethod
    def _cancel(cancel: Callable[[], object]) -> None:
        try:
            cancel()
        except Exception:
            logger.warning("Could not cancel a v2 read past its budget", exc_info=True)


_watchdog = _Watchdog()


def _connection_discard() -> None:
    # A cancel may still be on its way to this server session and could stop
    # a later query: close the session for good (the pool drops closed ones).
    raw = connection.connection
    if raw is not None:
        raw.close()
    connection.close()


@contextmanager
def _postgres_budget(milliseconds: int) -> Iterator[None]:
    timed_out = ReadTimedOut(f"v2 read cancelled after {milliseconds} ms")
    if connection.in_atomic_block:
        # Inside a transaction: a savepoint, so a cancelled read leaves the
        # outer transaction usable; SET LOCAL ends with the transaction.
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # SET takes no bind parameters; the value is an int.
                    cursor.execute(f"SET LOCAL statement_timeout = {int(milliseconds)}")
                yield
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = DEFAULT")
        except OperationalError as exc:
            if _is_cancel(exc):
                raise timed_out from exc
            raise
        return

    # Autocommit (a normal request): a watchdog thread cancels the query from
    # the client side, so a read that ends in time costs no extra round trip.
    connection.ensure_connection()
    raw = connection.connection
    token = _watchdog.arm(milliseconds / 1000, lambda: raw.cancel_safe(timeout=1.0))
    try:
        yield
    except OperationalError as exc:
        fired = _watchdog.disarm(token)
        if fired or _is_cancel(exc):
            _connection_discard()
            raise timed_out from exc
        raise
    except BaseException:
        if _watchdog.disarm(token):
            _connection_discard()
        raise
    if _watchdog.disarm(token):
        _connection_discard()


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
