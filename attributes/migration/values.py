"""Reading legacy and unified values batch by batch, and telling them apart.

Both value families (listing values, product variant values) are walked by
entity id in keyset batches. A legacy row is translated with the legacy store's
own parsing (`attributes_v1.legacy_values`), so backfill, verify, reverse and the
legacy store agree on what every messy row means.

On PostgreSQL the rows whose meaning is plain (a text-like attribute with its
text in text_value, a number in numeric_value, a boolean in boolean_value) are
handled in set-based SQL; only the rest travel through Python. The SQL below
names those plain cases once (`_PLAIN`), and `_EXPECTED` writes them exactly as
`value_to_columns` would.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection

from attributes.domain import AttributeValue
from attributes_v1 import models as legacy
from attributes_v1.legacy_values import LegacyColumns, value_from_legacy
from attributes_v2 import models as unified
from attributes_v2.unified_values import (
    UnifiedColumns,
    value_from_columns,
    value_to_columns,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValueFamily:
    """One kind of legacy value table and the unified entity type it maps to."""

    phase: str
    entity_type: str
    legacy_table: str
    legacy_key: str


LISTING_VALUES = ValueFamily(
    "listing_values", "listing", "listing_attribute_values", "listing_id"
)
VARIANT_VALUES = ValueFamily(
    "variant_values",
    "product_variant",
    "product_variant_attribute_values",
    "variant_id",
)
FAMILIES = (LISTING_VALUES, VARIANT_VALUES)


@dataclass(frozen=True)
class LegacyRow:
    """One legacy value row, with the unified attribute id and type it maps to."""

    legacy_id: int
    entity_id: int
    attribute_id: int
    attribute_type: str
    text_value: str | None
    numeric_value: Decimal | None
    boolean_value: bool | None
    json_text: str | None


@dataclass(frozen=True)
class ValueDifference:
    """One value that differs between the stores, with ids an operator can look up."""

    kind: str
    entity_type: str
    entity_id: int
    attribute_id: int
    legacy_id: int | None
    unified_id: int | None
    legacy: str | None
    unified: str | None

    def as_report(self) -> dict[str, Any]:
        """Return the difference as one report line."""
        return {
            "kind": self.kind,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "attribute_id": self.attribute_id,
            "legacy_table_row_id": self.legacy_id,
            "unified_row_id": self.unified_id,
            "legacy": self.legacy,
            "unified": self.unified,
        }


@dataclass(frozen=True)
class UnparsedValue:
    """A legacy value kept raw in the unified store because it did not parse."""

    legacy_table: str
    legacy_id: int
    entity_id: int
    attribute_id: int
    raw: str
    reason: str

    def as_report(self) -> dict[str, Any]:
        """Return the unparsed value as one report line."""
        return {"kind": "unparsed", **vars(self)}


_TEXT_TYPES = "('text', 'textarea', 'select', 'color', 'size')"

_PLAIN = (
    f"((s.attribute_type IN {_TEXT_TYPES} AND s.text_value IS NOT NULL)"
    " OR (s.attribute_type = 'number' AND s.numeric_value IS NOT NULL)"
    " OR (s.attribute_type = 'boolean' AND s.boolean_value IS NOT NULL))"
)

_EXPECTED = (
    f"CASE WHEN s.attribute_type IN {_TEXT_TYPES} THEN s.text_value END,"
    " CASE WHEN s.attribute_type = 'number' THEN s.numeric_value END,"
    " CASE WHEN s.attribute_type = 'boolean' THEN s.boolean_value END,"
    " NULL::date, NULL::jsonb"
)

_SOURCE_SQL = {
    "listing_values": (
        "SELECT v.id AS legacy_id, v.listing_id AS entity_id,"
        " v.attribute_id AS attribute_id, a.attribute_type AS attribute_type,"
        " v.text_value, v.numeric_value, v.boolean_value,"
        " v.json_value::text AS json_text"
        " FROM listing_attribute_values v"
        " JOIN category_attributes a ON a.id = v.attribute_id"
        " WHERE v.listing_id > %(low)s AND v.listing_id <= %(high)s"
    ),
    # The legacy table has no unique key: the newest row of a duplicate wins.
    "variant_values": (
        "SELECT DISTINCT ON (p.variant_id, p.attribute_id)"
        " p.id AS legacy_id, p.variant_id AS entity_id, u.id AS attribute_id,"
        " u.attribute_type AS attribute_type, p.value AS text_value,"
        " NULL::numeric AS numeric_value, NULL::boolean AS boolean_value,"
        " NULL::text AS json_text"
        " FROM product_variant_attribute_values p"
        " JOIN unified_attributes u"
        " ON u.legacy_product_variant_attribute_id = p.attribute_id"
        " WHERE p.variant_id > %(low)s AND p.variant_id <= %(high)s"
        " ORDER BY p.variant_id, p.attribute_id, p.id DESC"
    ),
}

_UNIFIED_RANGE_SQL = (
    "SELECT * FROM unified_attribute_values WHERE entity_type = %(entity_type)s"
    " AND entity_id > %(low)s AND entity_id <= %(high)s"
)

UPSERT_TAIL = (
    " ON CONFLICT (entity_type, entity_id, attribute_id) DO UPDATE SET"
    " text_value = EXCLUDED.text_value, numeric_value = EXCLUDED.numeric_value,"
    " boolean_value = EXCLUDED.boolean_value, date_value = EXCLUDED.date_value,"
    " json_value = EXCLUDED.json_value, updated_at = EXCLUDED.updated_at"
    " WHERE (unified_attribute_values.text_value,"
    " unified_attribute_values.numeric_value,"
    " unified_attribute_values.boolean_value, unified_attribute_values.date_value,"
    " unified_attribute_values.json_value) IS DISTINCT FROM"
    " (EXCLUDED.text_value, EXCLUDED.numeric_value, EXCLUDED.boolean_value,"
    " EXCLUDED.date_value, EXCLUDED.json_value)"
)


def plain_upsert_sql(family: ValueFamily) -> str:
    """Return the set-based upsert of one batch's plain rows (PostgreSQL)."""
    return (
        "INSERT INTO unified_attribute_values (entity_type, entity_id,"
        " attribute_id, text_value, numeric_value, boolean_value, date_value,"
        " json_value, created_at, updated_at)"
        f" SELECT %(entity_type)s, s.entity_id, s.attribute_id, {_EXPECTED},"
        f" now(), now() FROM ({_SOURCE_SQL[family.phase]}) s WHERE {_PLAIN}"
        + UPSERT_TAIL
    )


def messy_rows_sql(family: ValueFamily) -> str:
    """Return the query of one batch's rows that need the Python parser."""
    return f"SELECT s.* FROM ({_SOURCE_SQL[family.phase]}) s WHERE NOT {_PLAIN}"


def _candidates_sql(family: ValueFamily) -> str:
    return (
        "SELECT s.legacy_id, COALESCE(s.entity_id, u.entity_id),"
        " COALESCE(s.attribute_id, u.attribute_id), s.attribute_type,"
        " s.text_value, s.numeric_value, s.boolean_value, s.json_text,"
        " u.id, u.text_value, u.numeric_value, u.boolean_value, u.date_value,"
        " u.json_value"
        f" FROM ({_SOURCE_SQL[family.phase]}) s"
        f" FULL JOIN ({_UNIFIED_RANGE_SQL}) u"
        " ON u.entity_id = s.entity_id AND u.attribute_id = s.attribute_id"
        f" WHERE s.legacy_id IS NULL OR u.id IS NULL OR NOT {_PLAIN}"
        f" OR ({_EXPECTED}) IS DISTINCT FROM (u.text_value, u.numeric_value,"
        " u.boolean_value, u.date_value, u.json_value)"
    )


# Distinct raw values remembered per cache: enough for the repeated values of
# real data (colours, sizes, yes/no), small enough that memory stays flat.
_CACHE_SIZE = 16_384


@lru_cache(maxsize=_CACHE_SIZE)
def _parsed(
    attribute_type: str,
    text_value: str | None,
    numeric_text: str | None,
    boolean_value: bool | None,
    json_text: str | None,
) -> AttributeValue:
    # Demo and production data repeat values heavily (colours, sizes, yes/no);
    # the cache keeps the parser off the hot path without growing unbounded.
    columns = LegacyColumns(
        text_value=text_value,
        numeric_value=Decimal(numeric_text) if numeric_text is not None else None,
        boolean_value=boolean_value,
        json_value=json.loads(json_text) if json_text is not None else None,
    )
    return value_from_legacy(0, attribute_type, columns)


def legacy_value_of(row: LegacyRow) -> AttributeValue:
    """Return what a legacy row means, as the legacy store reads it."""
    parsed = _parsed(
        row.attribute_type,
        row.text_value,
        str(row.numeric_value) if row.numeric_value is not None else None,
        row.boolean_value,
        row.json_text,
    )
    return AttributeValue(row.attribute_id, parsed.value, parsed.unparsed)


# Django's PostgreSQL backend hands jsonb over as its JSON text.
_json_loaded = lru_cache(maxsize=_CACHE_SIZE)(json.loads)


def _unified_compared(columns: tuple) -> tuple:
    text, numeric, boolean, date_value, json_text = columns
    json_value = _json_loaded(json_text) if json_text is not None else None
    return (text, numeric, boolean, date_value, json_value)


def unified_value_of(attribute_id: int, columns: tuple) -> AttributeValue:
    """Return what a unified row means; `columns` are the five typed columns."""
    text, numeric, boolean, date_value, json_value = _unified_compared(columns)
    return value_from_columns(
        attribute_id, UnifiedColumns(text, numeric, boolean, date_value, json_value)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _unified_columns(
    attribute_type: str,
    text_value: str | None,
    numeric_text: str | None,
    boolean_value: bool | None,
    json_text: str | None,
) -> tuple[AttributeValue, tuple, tuple]:
    value = _parsed(attribute_type, text_value, numeric_text, boolean_value, json_text)
    columns = value_to_columns(value)
    stored_json = (
        json.dumps(columns.json_value, ensure_ascii=False)
        if columns.json_value is not None
        else None
    )
    compared = (
        columns.text_value,
        columns.numeric_value,
        columns.boolean_value,
        columns.date_value,
    )
    return value, (*compared, stored_json), (*compared, columns.json_value)


def _unified_columns_of(row: tuple) -> tuple[AttributeValue, tuple, tuple]:
    numeric = row[5]
    return _unified_columns(
        row[3], row[4], str(numeric) if numeric is not None else None, row[6], row[7]
    )


def copy_columns_of(row: tuple) -> tuple[AttributeValue, tuple]:
    """Return what a raw source row means and its unified columns, ready for COPY.

    `row` is one row of the source query: (legacy id, entity id, attribute id,
    type, text, numeric, boolean, json text). The attribute id in the returned
    value is 0: callers know which attribute the row is for.
    """
    value, copied, _ = _unified_columns_of(row)
    return value, copied


def describe(value: AttributeValue | None) -> str | None:
    """Return a value as short readable text for reports."""
    if value is None:
        return None
    if value.unparsed is not None:
        return f"unparsed {value.unparsed.raw!r} ({value.unparsed.reason})"
    return repr(value.value)


def variant_attribute_map() -> dict[int, tuple[int, str]]:
    """Return legacy variant attribute id -> (unified id, unified type)."""
    rows = unified.UnifiedAttribute.objects.filter(
        legacy_product_variant_attribute_id__isnull=False
    ).values_list("legacy_product_variant_attribute_id", "id", "attribute_type")
    return {legacy_id: (unified_id, kind) for legacy_id, unified_id, kind in rows}


def legacy_rows(family: ValueFamily, low: int, high: int) -> list[LegacyRow]:
    """Return the legacy rows of entities in (low, high], newest duplicate winning."""
    if family is LISTING_VALUES:
        rows = legacy.ListingAttributeValue.objects.filter(
            listing_id__gt=low, listing_id__lte=high
        ).values_list(
            "id",
            "listing_id",
            "attribute_id",
            "attribute__attribute_type",
            "text_value",
            "numeric_value",
            "boolean_value",
            "json_value",
        )
        return [
            LegacyRow(*row[:7], json.dumps(row[7]) if row[7] is not None else None)
            for row in rows
        ]
    mapping = variant_attribute_map()
    newest: dict[tuple[int, int], LegacyRow] = {}
    rows = (
        legacy.ProductVariantAttributeValue.objects.filter(
            variant_id__gt=low, variant_id__lte=high
        )
        .order_by("id")
        .values_list("id", "variant_id", "attribute_id", "value")
    )
    for legacy_id, variant_id, attribute_id, text in rows:
        if attribute_id not in mapping:
            continue
        unified_id, attribute_type = mapping[attribute_id]
        newest[(variant_id, attribute_id)] = LegacyRow(
            legacy_id, variant_id, unified_id, attribute_type, text, None, None, None
        )
    return list(newest.values())


def unified_rows(
    family: ValueFamily, low: int, high: int
) -> dict[tuple[int, int], tuple[int, AttributeValue]]:
    """Return (entity id, attribute id) -> (row id, value) of unified rows."""
    rows = unified.UnifiedAttributeValue.objects.filter(
        entity_type=family.entity_type, entity_id__gt=low, entity_id__lte=high
    ).values_list("id", "entity_id", "attribute_id", *unified.TYPED_COLUMNS)
    return {
        (entity_id, attribute_id): (
            row_id,
            value_from_columns(attribute_id, UnifiedColumns(*columns)),
        )
        for row_id, entity_id, attribute_id, *columns in rows
    }


def _difference(
    family: ValueFamily,
    key: tuple[int, int],
    legacy_side: tuple[int, AttributeValue] | None,
    unified_side: tuple[int, AttributeValue] | None,
) -> ValueDifference | None:
    legacy_value = legacy_side[1] if legacy_side else None
    unified_value = unified_side[1] if unified_side else None
    if legacy_value == unified_value:
        return None
    if unified_value is None:
        kind = "missing_in_unified"
    elif legacy_value is None:
        kind = "missing_in_legacy"
    else:
        kind = "changed"
    return ValueDifference(
        kind,
        family.entity_type,
        key[0],
        key[1],
        legacy_side[0] if legacy_side else None,
        unified_side[0] if unified_side else None,
        describe(legacy_value),
        describe(unified_value),
    )


def _differences_generic(
    family: ValueFamily, low: int, high: int
) -> list[ValueDifference]:
    expected = {
        (row.entity_id, row.attribute_id): (row.legacy_id, legacy_value_of(row))
        for row in legacy_rows(family, low, high)
    }
    actual = unified_rows(family, low, high)
    found = []
    for key in sorted(expected.keys() | actual.keys()):
        difference = _difference(family, key, expected.get(key), actual.get(key))
        if difference is not None:
            found.append(difference)
    return found


def _differences_postgresql(
    family: ValueFamily, low: int, high: int
) -> list[ValueDifference]:
    params = {"low": low, "high": high, "entity_type": family.entity_type}
    with connection.cursor() as cursor:
        cursor.execute(_candidates_sql(family), params)
        candidates = cursor.fetchall()
    found = []
    for row in candidates:
        legacy_id, entity_id, attribute_id = row[0], row[1], row[2]
        # Fast path: the unified columns are exactly what backfill would write
        # for this legacy row (the parse is cached per distinct raw value).
        if legacy_id is not None and row[8] is not None:
            if _unified_columns_of(row)[2] == _unified_compared(row[9:14]):
                continue
        legacy_side = None
        if legacy_id is not None:
            legacy_row = LegacyRow(legacy_id, entity_id, attribute_id, *row[3:8])
            legacy_side = (legacy_id, legacy_value_of(legacy_row))
        unified_side = None
        if row[8] is not None:
            unified_side = (row[8], unified_value_of(attribute_id, row[9:14]))
        difference = _difference(
            family, (entity_id, attribute_id), legacy_side, unified_side
        )
        if difference is not None:
            found.append(difference)
    return found


def batch_differences(
    family: ValueFamily, low: int, high: int
) -> list[ValueDifference]:
    """Return every value that differs between the stores for entities in range."""
    if connection.vendor == "postgresql":
        return _differences_postgresql(family, low, high)
    return _differences_generic(family, low, high)


def _key_sources(family: ValueFamily, *, unified_side: bool) -> Iterable[str]:
    yield (
        f"SELECT {family.legacy_key} AS k FROM {family.legacy_table}"
        f" WHERE {family.legacy_key} > %s AND {family.legacy_key} <= %s"
    )
    if unified_side:
        yield (
            "SELECT entity_id AS k FROM unified_attribute_values"
            f" WHERE entity_type = '{family.entity_type}'"
            " AND entity_id > %s AND entity_id <= %s"
        )


def batch_end(
    family: ValueFamily, after: int, high: int, size: int, *, unified_side: bool
) -> int | None:
    """Return the last entity id of the next keyset batch, None when done.

    The batch holds about `size` rows from `after` on (whole entities: every
    row of the last entity is in it). With `unified_side`, entities that only
    the unified store has count too, so verify and reverse see them.
    """
    ends = []
    with connection.cursor() as cursor:
        for source in _key_sources(family, unified_side=unified_side):
            cursor.execute(
                f"SELECT MAX(k) FROM ({source} ORDER BY k LIMIT %s) batch",
                [after, high, size],
            )
            (end,) = cursor.fetchone()
            if end is not None:
                ends.append(end)
    return min(ends) if ends else None


def rows_in_range(family: ValueFamily, low: int, high: int) -> int:
    """Return how many legacy rows the entities in (low, high] have."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {family.legacy_table}"
            f" WHERE {family.legacy_key} > %s AND {family.legacy_key} <= %s",
            [low, high],
        )
        return cursor.fetchone()[0]


def key_bounds(family: ValueFamily) -> tuple[int, int]:
    """Return the lowest and highest entity id of the legacy table (0, 0 if empty)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN({family.legacy_key}), MAX({family.legacy_key})"
            f" FROM {family.legacy_table}"
        )
        low, high = cursor.fetchone()
    return (low or 0, high or 0)
