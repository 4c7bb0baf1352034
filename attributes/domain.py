"""The one model of attributes that both stores translate to and from.

Plain value types only: this module imports nothing of the project and no Django
models, so the legacy store, the unified store and the service layer can all
speak it. Comparing two stores (shadow reads, verify) happens on these types.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol


class AttributeType(StrEnum):
    """The nine attribute types both systems know."""

    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    BOOLEAN = "boolean"
    SELECT = "select"
    MULTISELECT = "multiselect"
    DATE = "date"
    COLOR = "color"
    SIZE = "size"


class Purpose(StrEnum):
    """Whether an attribute describes listings, product variants or both."""

    REGULAR = "regular"
    VARIANT = "variant"
    BOTH = "both"


class EntityType(StrEnum):
    """The kinds of thing a value can describe."""

    LISTING = "listing"
    PRODUCT = "product"
    PRODUCT_VARIANT = "product_variant"


class ValueKind(StrEnum):
    """The Python shape a value of an attribute type takes."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    LIST = "list"


VALUE_KIND_BY_TYPE: Mapping[AttributeType, ValueKind] = {
    AttributeType.TEXT: ValueKind.TEXT,
    AttributeType.TEXTAREA: ValueKind.TEXT,
    AttributeType.SELECT: ValueKind.TEXT,
    AttributeType.COLOR: ValueKind.TEXT,
    AttributeType.SIZE: ValueKind.TEXT,
    AttributeType.NUMBER: ValueKind.NUMBER,
    AttributeType.BOOLEAN: ValueKind.BOOLEAN,
    AttributeType.DATE: ValueKind.DATE,
    AttributeType.MULTISELECT: ValueKind.LIST,
}

Value = str | Decimal | bool | date | tuple[str, ...]


def canonical_number(number: Decimal) -> Decimal:
    """Return a number without trailing zeros or exponent: 1200.500000 -> 1200.5.

    Exact for up to 28 significant digits; bound larger input with `number_digits`.
    """
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def number_digits(number: Decimal) -> tuple[int, int]:
    """Return how many digits a finite number has before and after the point.

    Exact and cheap whatever the exponent ("1e100000000" is not expanded), so
    callers can refuse a number before `canonical_number` would round it.
    """
    if number.is_zero():
        return 0, 0
    _, digits, exponent = number.as_tuple()
    coefficient = "".join(map(str, digits)).rstrip("0")
    exponent = int(exponent) + len(digits) - len(coefficient)
    return max(0, len(coefficient) + exponent), max(0, -exponent)


def value_kind_of(value: Value) -> ValueKind:
    """Return the kind of a parsed value, from its Python type."""
    if isinstance(value, bool):
        return ValueKind.BOOLEAN
    if isinstance(value, Decimal):
        return ValueKind.NUMBER
    if isinstance(value, date):
        return ValueKind.DATE
    if isinstance(value, tuple):
        return ValueKind.LIST
    return ValueKind.TEXT


@dataclass(frozen=True)
class Option:
    """One allowed choice of a select or multiselect attribute."""

    value: str
    label: str


@dataclass(frozen=True)
class ValidationRules:
    """Limits a value must keep: numeric range, text pattern and length."""

    min: Decimal | None = None
    max: Decimal | None = None
    pattern: str | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class AttributeDefinition:
    """What an attribute is, independent of the store that holds it."""

    id: int
    code: str
    name: str
    display_name: str
    attribute_type: AttributeType
    options: tuple[Option, ...] = ()
    rules: ValidationRules = field(default_factory=ValidationRules)
    purpose: Purpose = Purpose.REGULAR
    is_searchable: bool = False
    is_filterable: bool = False
    is_required: bool = False
    affects_stock: bool = False
    affects_price: bool = False
    sort_order: int = 0

    @property
    def value_kind(self) -> ValueKind:
        """Return the kind of value this attribute holds."""
        return VALUE_KIND_BY_TYPE[self.attribute_type]

    @property
    def option_values(self) -> frozenset[str]:
        """Return the allowed option values (empty when any value goes)."""
        return frozenset(option.value for option in self.options)


@dataclass(frozen=True)
class CategoryAttribute:
    """An attribute enabled for one category, with the category's settings."""

    category_id: int
    attribute: AttributeDefinition
    is_enabled: bool = True
    is_required: bool = False
    sort_order: int = 0


@dataclass(frozen=True)
class Unparsed:
    """A legacy value that could not be read as its type, kept as it was.

    `origin` names the legacy column the raw text came from, so the value can be
    written back exactly where it was.
    """

    raw: str
    reason: str
    origin: str = "text_value"


@dataclass(frozen=True)
class AttributeValue:
    """One attribute's value on one entity; exactly one of value/unparsed is set."""

    attribute_id: int
    value: Value | None
    unparsed: Unparsed | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.unparsed is None):
            raise ValueError("exactly one of value and unparsed must be set")


@dataclass(frozen=True)
class ListingRef:
    """The facts about a listing the attribute service needs."""

    id: int
    category_id: int
    owner_id: int


@dataclass(frozen=True)
class ListingValues:
    """All attribute values of one listing, ordered by attribute id."""

    listing_id: int
    values: tuple[AttributeValue, ...]

    @classmethod
    def of(cls, listing_id: int, values: Iterable[AttributeValue]) -> ListingValues:
        """Build the value set of a listing in canonical (attribute id) order."""
        return cls(listing_id, tuple(sorted(values, key=lambda v: v.attribute_id)))

    def by_attribute(self) -> dict[int, AttributeValue]:
        """Return the values keyed by attribute id."""
        return {value.attribute_id: value for value in self.values}


class AttributeStore(Protocol):
    """What the service layer needs from a store; both stores provide it."""

    name: str

    def listing_get(self, listing_id: int) -> ListingRef | None:
        """Return the listing, or None when it does not exist."""
        ...

    def category_exists(self, category_id: int) -> bool:
        """Return whether the category exists."""
        ...

    def category_definitions_get(self, category_id: int) -> list[CategoryAttribute]:
        """Return the attributes enabled for a category, in display order."""
        ...

    def attributes_get(
        self, attribute_ids: Iterable[int]
    ) -> dict[int, AttributeDefinition]:
        """Return the definitions of the given attribute ids that exist."""
        ...

    def listing_values_get(self, listing_id: int) -> ListingValues:
        """Return every attribute value of a listing."""
        ...

    def listing_values_save(
        self, listing_id: int, values: Sequence[AttributeValue]
    ) -> None:
        """Insert or update the given values of a listing; leave the others."""
        ...

    def listing_value_delete(self, listing_id: int, attribute_id: int) -> bool:
        """Remove one value of a listing; return whether there was one."""
        ...

    def attribute_save(self, definition: AttributeDefinition) -> None:
        """Insert or update an attribute definition, keeping its id."""
        ...

    def category_attribute_save(self, assignment: CategoryAttribute) -> None:
        """Insert or update an attribute's assignment to a category."""
        ...


_SPELLINGS = {
    "colour": "color",
    "grey": "gray",
    "centre": "center",
    "metre": "meter",
    "litre": "liter",
}


def attribute_code(name: str) -> str:
    """Return the normalised code of an attribute name (case, spacing, spelling).

    "Colour", " colour ", "Color" and "COLOR" all give "color"; the two legacy
    systems spell one attribute these ways, and backfill merges them by code.
    """
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    )
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    return "_".join(_SPELLINGS.get(word, word) for word in words)
