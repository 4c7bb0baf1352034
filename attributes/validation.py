"""Validation of submitted attribute values against their definitions.

Every problem is collected before answering, each with a stable code and the
attribute ids it concerns, so a client can fix a whole form in one round trip.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from attributes.domain import (
    AttributeDefinition,
    AttributeValue,
    CategoryAttribute,
    Value,
    ValueKind,
    canonical_number,
    number_digits,
)
from attributes.errors import Problem, ValidationFailed


class Code:
    """The stable problem codes clients may rely on."""

    REQUIRED = "required"
    INVALID_TYPE = "invalid_type"
    NOT_ALLOWED = "not_allowed"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"
    PATTERN_MISMATCH = "pattern_mismatch"
    UNKNOWN_ATTRIBUTE = "unknown_attribute"
    NOT_IN_CATEGORY = "not_in_category"
    DUPLICATE = "duplicate"


VALUE_FIELDS = (
    "text_value",
    "numeric_value",
    "boolean_value",
    "date_value",
    "json_value",
)

# The value columns of both stores hold 20 digits, 6 of them after the point.
# Known shortcoming: SQLite (the embedded default) stores decimals as floats, so
# there a value past 15 significant digits comes back altered; PostgreSQL keeps it.
_MAX_INTEGER_DIGITS = 14
_MAX_FRACTION_DIGITS = 6

# PostgreSQL text and jsonb cannot hold NUL, and no store or response can hold a
# lone surrogate ("\ud800" in JSON); refuse both up front rather than fail later.
_NUL = "\x00"
_STORABLE = "must be UTF-8 text without NUL characters"

_FIELD_FOR_KIND = {
    ValueKind.TEXT: "text_value",
    ValueKind.NUMBER: "numeric_value",
    ValueKind.BOOLEAN: "boolean_value",
    ValueKind.DATE: "date_value",
    ValueKind.LIST: "json_value",
}


@dataclass(frozen=True)
class SubmittedValue:
    """One submitted attribute value as the client sent it (fields not yet typed)."""

    attribute_id: int
    fields: Mapping[str, Any]


class _Rejected(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _number(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _Rejected(Code.INVALID_TYPE, "numeric_value must be a number")
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise _Rejected(Code.INVALID_TYPE, "numeric_value must be a number") from None
    if not number.is_finite():
        raise _Rejected(Code.INVALID_TYPE, "numeric_value must be a finite number")
    integer_digits, fraction_digits = number_digits(number)
    if integer_digits > _MAX_INTEGER_DIGITS or fraction_digits > _MAX_FRACTION_DIGITS:
        raise _Rejected(
            Code.OUT_OF_RANGE,
            f"at most {_MAX_INTEGER_DIGITS} digits before the point "
            f"and {_MAX_FRACTION_DIGITS} after it",
        )
    return canonical_number(number)


def _date(raw: Any) -> date:
    if not isinstance(raw, str):
        raise _Rejected(Code.INVALID_TYPE, "date_value must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _Rejected(
            Code.INVALID_TYPE, "date_value must be a YYYY-MM-DD string"
        ) from None


def _pick_field(definition: AttributeDefinition, fields: Mapping[str, Any]) -> Any:
    given = {name: value for name, value in fields.items() if value is not None}
    expected = _FIELD_FOR_KIND[definition.value_kind]
    # Legacy clients send dates as text; both spellings mean the same value.
    if definition.value_kind is ValueKind.DATE and set(given) == {"text_value"}:
        expected = "text_value"
    if not given:
        raise _Rejected(Code.INVALID_TYPE, f"no value given; send {expected}")
    if set(given) != {expected}:
        sent = ", ".join(sorted(given))
        raise _Rejected(
            Code.INVALID_TYPE,
            f"a {definition.attribute_type} attribute takes {expected}, got {sent}",
        )
    return given[expected]


def _typed(definition: AttributeDefinition, raw: Any) -> Value:
    kind = definition.value_kind
    if kind is ValueKind.NUMBER:
        return _number(raw)
    if kind is ValueKind.DATE:
        return _date(raw)
    if kind is ValueKind.BOOLEAN:
        if not isinstance(raw, bool):
            raise _Rejected(Code.INVALID_TYPE, "boolean_value must be true or false")
        return raw
    if kind is ValueKind.LIST:
        if not isinstance(raw, list) or not all(isinstance(i, str) for i in raw):
            raise _Rejected(Code.INVALID_TYPE, "json_value must be a list of strings")
        if not all(_storable(item) for item in raw):
            raise _Rejected(Code.INVALID_TYPE, f"json_value items {_STORABLE}")
        return tuple(raw)
    if not isinstance(raw, str):
        raise _Rejected(Code.INVALID_TYPE, "text_value must be a string")
    if not _storable(raw):
        raise _Rejected(Code.INVALID_TYPE, f"text_value {_STORABLE}")
    return raw


def _storable(text: str) -> bool:
    if _NUL in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_rules(definition: AttributeDefinition, value: Value) -> None:
    rules = definition.rules
    allowed = definition.option_values
    if allowed and isinstance(value, str) and value not in allowed:
        raise _Rejected(Code.NOT_ALLOWED, f"{value!r} is not one of the options")
    if allowed and isinstance(value, tuple):
        outside = [item for item in value if item not in allowed]
        if outside:
            raise _Rejected(Code.NOT_ALLOWED, f"{outside!r} are not among the options")
    if isinstance(value, Decimal):
        if rules.min is not None and value < rules.min:
            raise _Rejected(Code.OUT_OF_RANGE, f"must be at least {rules.min}")
        if rules.max is not None and value > rules.max:
            raise _Rejected(Code.OUT_OF_RANGE, f"must be at most {rules.max}")
    if isinstance(value, str):
        if rules.max_length is not None and len(value) > rules.max_length:
            raise _Rejected(
                Code.TOO_LONG, f"must be at most {rules.max_length} characters"
            )
        if rules.pattern is not None and not _matches(rules.pattern, value):
            raise _Rejected(Code.PATTERN_MISMATCH, "does not match the required format")


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        # A broken legacy pattern must not block writes; it cannot be enforced.
        return True


def _required_ids(category_definitions: Iterable[CategoryAttribute]) -> set[int]:
    return {
        assignment.attribute.id
        for assignment in category_definitions
        if assignment.is_required or assignment.attribute.is_required
    }


def listing_values_validate(
    *,
    submitted: Sequence[SubmittedValue],
    category_definitions: Sequence[CategoryAttribute],
    known_attributes: Mapping[int, AttributeDefinition],
    existing_attribute_ids: Iterable[int],
) -> list[AttributeValue]:
    """Return the submitted values typed, or raise ValidationFailed listing all."""
    problems: list[Problem] = []
    enabled = {assignment.attribute.id for assignment in category_definitions}
    counts = Counter(item.attribute_id for item in submitted)

    duplicated = sorted(attribute_id for attribute_id, n in counts.items() if n > 1)
    if duplicated:
        problems.append(
            Problem(Code.DUPLICATE, "an attribute appears more than once", duplicated)
        )

    values: list[AttributeValue] = []
    for item in submitted:
        definition = known_attributes.get(item.attribute_id)
        if definition is None:
            problems.append(
                Problem(
                    Code.UNKNOWN_ATTRIBUTE,
                    f"attribute {item.attribute_id} does not exist",
                    [item.attribute_id],
                )
            )
            continue
        if item.attribute_id not in enabled:
            problems.append(
                Problem(
                    Code.NOT_IN_CATEGORY,
                    f"attribute {item.attribute_id} is not enabled for this "
                    "listing's category",
                    [item.attribute_id],
                )
            )
            continue
        try:
            value = _typed(definition, _pick_field(definition, item.fields))
            _check_rules(definition, value)
        except _Rejected as rejected:
            problems.append(
                Problem(rejected.code, rejected.message, [item.attribute_id])
            )
            continue
        values.append(AttributeValue(item.attribute_id, value))

    present = set(existing_attribute_ids) | set(counts)
    missing = sorted(_required_ids(category_definitions) - present)
    if missing:
        problems.append(
            Problem(Code.REQUIRED, "required attributes have no value", missing)
        )

    if problems:
        raise ValidationFailed(problems)
    return values


def listing_value_removal_validate(
    *, attribute_id: int, category_definitions: Sequence[CategoryAttribute]
) -> None:
    """Raise ValidationFailed when the removal would empty a required attribute."""
    if attribute_id in _required_ids(category_definitions):
        raise ValidationFailed(
            [
                Problem(
                    Code.REQUIRED,
                    "a required attribute's value cannot be removed",
                    [attribute_id],
                )
            ]
        )
