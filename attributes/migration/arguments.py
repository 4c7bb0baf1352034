"""Checking the operator's input before anything is read or written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from attributes.migration.tables import LEGACY_TABLES, UNIFIED_TABLES

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_BATCH_SIZE = 1_000_000


class MigrationInputError(Exception):
    """The operator's input cannot be used; nothing was read or written."""


@dataclass(frozen=True)
class Shard:
    """One of n contiguous parts of the entity key range, numbered from 1."""

    index: int
    count: int

    @property
    def label(self) -> str:
        """Return the shard as the operator wrote it: "2/4"."""
        return f"{self.index}/{self.count}"


def shard_parse(text: str | None) -> Shard:
    """Read "i/n" (1 <= i <= n); no value means the whole range, "1/1"."""
    if text is None or text == "":
        return Shard(1, 1)
    match = _SHARD.match(text)
    if match is None:
        raise MigrationInputError(
            f"--shard must look like i/n, for example 2/4; got {text!r}"
        )
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise MigrationInputError(
            f"--shard {text!r}: i must be between 1 and n, and n at least 1"
        )
    return Shard(index, count)


def batch_size_parse(value: str | int) -> int:
    """Read a batch size: a whole number between 1 and a million."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise MigrationInputError(
            f"--batch-size must be a whole number; got {value!r}"
        ) from None
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise MigrationInputError(
            f"--batch-size must be between 1 and {MAX_BATCH_SIZE}; got {size}"
        )
    return size


def positive_int_parse(name: str, value: str | int) -> int:
    """Read a count option that must be zero or more."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise MigrationInputError(
            f"{name} must be a whole number; got {value!r}"
        ) from None
    if number < 0:
        raise MigrationInputError(f"{name} must be zero or more; got {number}")
    return number


def tables_require(*, legacy: bool = True, unified: bool = True) -> None:
    """Refuse to start when a table the command reads is missing (e.g. archived)."""
    needed = (LEGACY_TABLES if legacy else ()) + (UNIFIED_TABLES if unified else ())
    present = set(connection.introspection.table_names())
    missing = [table for table in needed if table not in present]
    if missing:
        raise MigrationInputError(
            f"table(s) {', '.join(missing)} do not exist: run migrate, "
            "or attributes_unarchive if the legacy tables were archived"
        )
