"""Test support for the rollout: setting controls and planting data in both stores."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prometheus_client import REGISTRY
from waffle.models import Sample, Switch

from attributes.domain import AttributeValue
from attributes.stores import legacy_store, unified_store
from flags.controls import CONTROLS, Kind
from tests.factories import (
    CategoryFactory,
    LegacyAttributeFactory,
    LegacyListingValueFactory,
    LegacyMappingFactory,
    ListingFactory,
    UnifiedAttributeFactory,
    UnifiedCategoryAttributeFactory,
)


def controls_put(**values: bool | int | str) -> None:
    """Store control values straight in waffle (test setup, no refusal check)."""
    for name, value in values.items():
        if CONTROLS[name].kind is Kind.SWITCH:
            Switch.objects.update_or_create(name=name, defaults={"active": value})
        else:
            Sample.objects.update_or_create(
                name=name, defaults={"percent": Decimal(str(value))}
            )


@dataclass
class TwoStores:
    """One category, attribute and listing present in both stores, told apart."""

    category_id: int
    attribute_id: int
    listing_id: int
    owner: object


def two_stores_planted(owner, *, with_unified_value: bool = True) -> TwoStores:
    """Plant an attribute in both stores; the values say which store holds them."""
    category = CategoryFactory()
    legacy_attribute = LegacyAttributeFactory(name="colour", display_name="Colour")
    LegacyMappingFactory(category=category, attribute=legacy_attribute)
    unified_attribute = UnifiedAttributeFactory(
        id=legacy_attribute.pk, code="color", name="color", display_name="Color"
    )
    UnifiedCategoryAttributeFactory(category=category, attribute=unified_attribute)
    listing = ListingFactory(user=owner, category=category)
    LegacyListingValueFactory(
        listing=listing, attribute=legacy_attribute, text_value="from v1"
    )
    if with_unified_value:
        unified_store.listing_values_save(
            listing.pk, [_text(legacy_attribute.pk, "from v2")]
        )
    return TwoStores(category.pk, legacy_attribute.pk, listing.pk, owner)


def _text(attribute_id: int, text: str) -> AttributeValue:
    return AttributeValue(attribute_id=attribute_id, value=text)


def text_in(store, listing_id: int, attribute_id: int) -> str | None:
    """Return the text value a store holds for a listing's attribute."""
    value = store.listing_values_get(listing_id).by_attribute().get(attribute_id)
    return None if value is None else value.value


def stores_equal(listing_id: int) -> bool:
    """Return whether both stores hold the same values of a listing (verify)."""
    return legacy_store.listing_values_get(
        listing_id
    ) == unified_store.listing_values_get(listing_id)


def counted(name: str, **labels: str) -> float:
    """Return a business counter's current value (0 before its first count)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0
