"""Reading and writing the legacy columns, mess included.

Legacy rows hold a value in whichever column the old code chose: numbers as
text with comma decimals and space thousands ("1 200,5"), a multiselect as a
JSON list or as comma text, booleans as "yes"/"1", dates as "31.12.2024", and
options as plain strings or {value, label} objects. What cannot be read as its
type comes back as `Unparsed` with its raw text: never dropped, never guessed.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from attributes.domain import (
    VALUE_KIND_BY_TYPE,
    AttributeType,
    AttributeValue,
    Option,
    Unparsed,
    ValidationRules,
    Value,
    ValueKind,
    canonical_number,
    number_digits,
)

logger = logging.getLogger(__name__)

_TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on", "да"})
_FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", "нет"})
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f']")
# numeric_value holds 20 digits, 6 of them after the point, in both stores.
_MAX_INTEGER_DIGITS = 14
_MAX_FRACTION_DIGITS = 6
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True)
class LegacyColumns:
    """The four value columns of a legacy listing value row."""

    text_value: str | None = None
    numeric_value: Decimal | None = None
    boolean_value: bool | None = None
    json_value: Any = None


def number_from_text(text: str) -> Decimal | None:
    """Read "1 200,5", "1200.5" or "1,200.50" as a number; None when it is not one.

    A number the value columns cannot hold (more than 14 digits before the point
    or 6 after it) is None too: kept unparsed rather than rounded.
    """
    compact = _NUMBER_SPACES.sub("", text.strip())
    if not compact:
        return None
    if "," in compact and "." in compact:
        compact = compact.replace(",", "")
    elif compact.count(",") == 1:
        compact = compact.replace(",", ".")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    integer_digits, fraction_digits = number_digits(number)
    if integer_digits > _MAX_INTEGER_DIGITS or fraction_digits > _MAX_FRACTION_DIGITS:
        return None
    return canonical_number(number)


def date_from_text(text: str) -> date | None:
    """Read an ISO or day-first date; None when it is not one."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def list_from_text(text: str) -> tuple[str, ...]:
    """Read a multiselect stored as a JSON list or as comma-separated text."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            decoded = json.loads(stripped)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            return tuple(str(item) for item in decoded)
    return tuple(part.strip() for part in stripped.split(",") if part.strip())


def options_from_legacy(raw: Any) -> tuple[Option, ...]:
    """Read options stored as strings, {value, label} objects or a value->label map."""
    if isinstance(raw, dict):
        return tuple(Option(str(value), str(label)) for value, label in raw.items())
    if not isinstance(raw, list):
        return ()
    options = []
    for item in raw:
        if isinstance(item, dict) and "value" in item:
            value = str(item["value"])
            options.append(Option(value, str(item.get("label") or value)))
        elif item is not None:
            options.append(Option(str(item), str(item)))
    return tuple(options)


def options_to_legacy(options: tuple[Option, ...]) -> list[Any]:
    """Write options as plain strings when labels add nothing, else as objects."""
    if all(option.label == option.value for option in options):
        return [option.value for option in options]
    return [{"value": option.value, "label": option.label} for option in options]


def _rule_number(raw: Any) -> Decimal | None:
    if raw is None or isinstance(raw, bool):
        return None
    return number_from_text(str(raw))


def rules_from_legacy(raw: Any) -> ValidationRules:
    """Read validation rules, ignoring keys whose values make no sense."""
    if not isinstance(raw, dict):
        return ValidationRules()
    max_length = raw.get("max_length")
    pattern = raw.get("pattern")
    return ValidationRules(
        min=_rule_number(raw.get("min")),
        max=_rule_number(raw.get("max")),
        pattern=pattern if isinstance(pattern, str) and pattern else None,
        max_length=int(max_length) if isinstance(max_length, int) else None,
    )


def _json_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def rules_to_legacy(rules: ValidationRules) -> dict[str, Any]:
    """Write validation rules in the legacy JSON shape, omitting unset keys."""
    written: dict[str, Any] = {}
    if rules.min is not None:
        written["min"] = _json_number(rules.min)
    if rules.max is not None:
        written["max"] = _json_number(rules.max)
    if rules.pattern is not None:
        written["pattern"] = rules.pattern
    if rules.max_length is not None:
        written["max_length"] = rules.max_length
    return written


def _raw_of(columns: LegacyColumns) -> tuple[str, str]:
    if columns.text_value is not None:
        return columns.text_value, "text_value"
    if columns.json_value is not None:
        return json.dumps(columns.json_value, ensure_ascii=False), "json_value"
    if columns.numeric_value is not None:
        return str(columns.numeric_value), "numeric_value"
    if columns.boolean_value is not None:
        return str(columns.boolean_value).lower(), "boolean_value"
    return "", "none"


def _parse(kind: ValueKind, columns: LegacyColumns) -> Value | None:
    text, json_value = columns.text_value, columns.json_value
    if kind is ValueKind.NUMBER:
        if columns.numeric_value is not None:
            return canonical_number(columns.numeric_value)
        if isinstance(json_value, int | float) and not isinstance(json_value, bool):
            return number_from_text(str(json_value))
        return number_from_text(text) if text is not None else None
    if kind is ValueKind.BOOLEAN:
        if columns.boolean_value is not None:
            return columns.boolean_value
        if isinstance(json_value, bool):
            return json_value
        word = text.strip().lower() if text is not None else ""
        if word in _TRUE_WORDS:
            return True
        return False if word in _FALSE_WORDS else None
    if kind is ValueKind.LIST:
        if isinstance(json_value, list):
            return tuple(str(item) for item in json_value)
        return list_from_text(text) if text is not None else None
    if kind is ValueKind.DATE:
        return date_from_text(text) if text is not None else None
    if text is not None:
        return text
    if isinstance(json_value, str):
        return json_value
    return None


def value_from_legacy(
    attribute_id: int, attribute_type: str, columns: LegacyColumns
) -> AttributeValue:
    """Translate one legacy value row to the domain, keeping what will not parse."""
    try:
        kind = VALUE_KIND_BY_TYPE[AttributeType(attribute_type)]
    except ValueError:
        kind = None
    parsed = _parse(kind, columns) if kind is not None else None
    if parsed is not None:
        return AttributeValue(attribute_id, parsed)

    raw, origin = _raw_of(columns)
    reason = (
        f"unknown attribute type {attribute_type!r}"
        if kind is None
        else f"not a valid {attribute_type} value"
    )
    if not raw:
        reason = "no value in any column"
    return AttributeValue(attribute_id, None, Unparsed(raw, reason, origin))


def value_to_legacy(value: AttributeValue) -> LegacyColumns:
    """Translate a domain value to the legacy columns the legacy application reads."""
    if value.unparsed is not None:
        return _unparsed_to_legacy(value.unparsed)
    parsed = value.value
    if isinstance(parsed, bool):
        return LegacyColumns(boolean_value=parsed)
    if isinstance(parsed, Decimal):
        return LegacyColumns(numeric_value=parsed)
    if isinstance(parsed, tuple):
        return LegacyColumns(json_value=list(parsed))
    if isinstance(parsed, date):
        return LegacyColumns(text_value=parsed.isoformat())
    return LegacyColumns(text_value=parsed)


def _unparsed_to_legacy(unparsed: Unparsed) -> LegacyColumns:
    if unparsed.origin == "none":
        return LegacyColumns()
    if unparsed.origin == "json_value":
        try:
            return LegacyColumns(json_value=json.loads(unparsed.raw))
        except ValueError:
            logger.warning("Unparsed raw value is not JSON; writing it as text")
    if unparsed.origin == "numeric_value":
        number = number_from_text(unparsed.raw)
        if number is not None:
            return LegacyColumns(numeric_value=number)
    if unparsed.origin == "boolean_value" and unparsed.raw in ("true", "false"):
        return LegacyColumns(boolean_value=unparsed.raw == "true")
    return LegacyColumns(text_value=unparsed.raw)
