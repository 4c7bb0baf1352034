"""Translating between the unified columns and the domain model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from attributes.domain import (
    AttributeValue,
    Option,
    Unparsed,
    ValidationRules,
    canonical_number,
)


@dataclass(frozen=True)
class UnifiedColumns:
    """The five typed columns of a unified value row; exactly one is set."""

    text_value: str | None = None
    numeric_value: Decimal | None = None
    boolean_value: bool | None = None
    date_value: date | None = None
    json_value: Any = None


def value_to_columns(value: AttributeValue) -> UnifiedColumns:
    """Return the one typed column a domain value belongs in."""
    if value.unparsed is not None:
        unparsed = value.unparsed
        return UnifiedColumns(
            json_value={
                "unparsed": True,
                "raw": unparsed.raw,
                "reason": unparsed.reason,
                "origin": unparsed.origin,
            }
        )
    parsed = value.value
    if isinstance(parsed, bool):
        return UnifiedColumns(boolean_value=parsed)
    if isinstance(parsed, Decimal):
        return UnifiedColumns(numeric_value=parsed)
    if isinstance(parsed, tuple):
        return UnifiedColumns(json_value=list(parsed))
    if isinstance(parsed, date):
        return UnifiedColumns(date_value=parsed)
    return UnifiedColumns(text_value=parsed)


def value_from_columns(attribute_id: int, columns: UnifiedColumns) -> AttributeValue:
    """Translate a unified value row to the domain."""
    if columns.text_value is not None:
        return AttributeValue(attribute_id, columns.text_value)
    if columns.numeric_value is not None:
        return AttributeValue(attribute_id, canonical_number(columns.numeric_value))
    if columns.boolean_value is not None:
        return AttributeValue(attribute_id, columns.boolean_value)
    if columns.date_value is not None:
        return AttributeValue(attribute_id, columns.date_value)
    stored = columns.json_value
    if isinstance(stored, dict) and stored.get("unparsed"):
        return AttributeValue(
            attribute_id,
            None,
            Unparsed(
                raw=str(stored.get("raw", "")),
                reason=str(stored.get("reason", "")),
                origin=str(stored.get("origin", "text_value")),
            ),
        )
    if isinstance(stored, list):
        return AttributeValue(attribute_id, tuple(str(item) for item in stored))
    # The check constraint makes this unreachable for rows this store wrote.
    return AttributeValue(
        attribute_id, None, Unparsed(raw=repr(stored), reason="unexpected json_value")
    )


def options_to_columns(options: tuple[Option, ...]) -> list[dict[str, str]]:
    """Write options in the one unified shape: {value, label} objects."""
    return [{"value": option.value, "label": option.label} for option in options]


def options_from_columns(stored: Any) -> tuple[Option, ...]:
    """Read options written by `options_to_columns`."""
    if not isinstance(stored, list):
        return ()
    return tuple(
        Option(str(item["value"]), str(item.get("label", item["value"])))
        for item in stored
        if isinstance(item, dict) and "value" in item
    )


def rules_to_columns(rules: ValidationRules) -> dict[str, Any]:
    """Write validation rules; numbers as strings so no digit is lost."""
    written: dict[str, Any] = {}
    if rules.min is not None:
        written["min"] = str(rules.min)
    if rules.max is not None:
        written["max"] = str(rules.max)
    if rules.pattern is not None:
        written["pattern"] = rules.pattern
    if rules.max_length is not None:
        written["max_length"] = rules.max_length
    return written


def rules_from_columns(stored: Any) -> ValidationRules:
    """Read validation rules written by `rules_to_columns`."""
    if not isinstance(stored, dict):
        return ValidationRules()
    minimum, maximum = stored.get("min"), stored.get("max")
    return ValidationRules(
        min=Decimal(str(minimum)) if minimum is not None else None,
        max=Decimal(str(maximum)) if maximum is not None else None,
        pattern=stored.get("pattern"),
        max_length=stored.get("max_length"),
    )
