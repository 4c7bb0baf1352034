"""Both stores give back, in the domain model, exactly what the domain model wrote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attributes.domain import (
    AttributeDefinition,
    AttributeType,
    AttributeValue,
    CategoryAttribute,
    ListingValues,
    Option,
    Purpose,
    Unparsed,
    ValidationRules,
    attribute_code,
)
from attributes_v1.store import LegacyStore
from attributes_v2.store import UnifiedStore
from tests.factories import ListingFactory

pytestmark = pytest.mark.django_db

STORES = [
    pytest.param(LegacyStore, id="legacy"),
    pytest.param(UnifiedStore, id="unified"),
]

# Ids far above what the factories' sequences reach in one test.
FIRST_ID = 9_100


def _definition(
    attribute_type: AttributeType, *, attribute_id: int = FIRST_ID, **overrides
) -> AttributeDefinition:
    """Build a definition every store can hold, with options and rules."""
    name = f"Round trip {attribute_type.value} {attribute_id}"
    fields = {
        "id": attribute_id,
        "code": attribute_code(name),
        "name": name,
        "display_name": f"Round trip {attribute_type.value}",
        "attribute_type": attribute_type,
        "options": (),
        "rules": ValidationRules(),
        "purpose": Purpose.BOTH,
        "is_searchable": True,
        "is_filterable": True,
        "is_required": False,
        "affects_stock": True,
        "sort_order": 7,
    }
    if attribute_type is AttributeType.SELECT:
        fields["options"] = (Option("new", "New"), Option("used", "Used"))
    if attribute_type is AttributeType.MULTISELECT:
        fields["options"] = (Option("abs", "abs"), Option("esp", "esp"))
    if attribute_type is AttributeType.NUMBER:
        fields["rules"] = ValidationRules(min=Decimal("-0.5"), max=Decimal("1000000"))
    if attribute_type in (AttributeType.TEXT, AttributeType.TEXTAREA):
        fields["rules"] = ValidationRules(pattern=r"[\w\s,]+", max_length=120)
    fields.update(overrides)
    return AttributeDefinition(**fields)


VALUES = [
    pytest.param(AttributeType.TEXT, "Blue denim, slim", id="text"),
    pytest.param(AttributeType.TEXT, "", id="text-empty"),
    pytest.param(AttributeType.TEXTAREA, "Line one\nLine two", id="textarea"),
    pytest.param(AttributeType.NUMBER, Decimal("1200.5"), id="number"),
    pytest.param(AttributeType.NUMBER, Decimal("-0.000001"), id="number-negative"),
    pytest.param(AttributeType.NUMBER, Decimal("0"), id="number-zero"),
    pytest.param(AttributeType.BOOLEAN, True, id="boolean-true"),
    pytest.param(AttributeType.BOOLEAN, False, id="boolean-false"),
    pytest.param(AttributeType.SELECT, "used", id="select"),
    pytest.param(AttributeType.MULTISELECT, ("abs", "esp"), id="multiselect"),
    pytest.param(AttributeType.MULTISELECT, (), id="multiselect-empty"),
    pytest.param(AttributeType.DATE, date(2024, 12, 31), id="date"),
    pytest.param(AttributeType.COLOR, "#ff0000", id="color"),
    pytest.param(AttributeType.SIZE, "XL", id="size"),
]


@pytest.mark.parametrize("store_class", STORES)
@pytest.mark.parametrize("attribute_type", list(AttributeType))
def test_definition_and_assignment_read_back_equal(store_class, attribute_type):
    # given
    store = store_class()
    category = ListingFactory().category
    definition = _definition(attribute_type)
    assignment = CategoryAttribute(
        category_id=category.pk,
        attribute=definition,
        is_enabled=True,
        is_required=True,
        sort_order=3,
    )

    # when
    store.attribute_save(definition)
    store.category_attribute_save(assignment)

    # then
    assert store.attributes_get([definition.id]) == {definition.id: definition}
    assert store.category_definitions_get(category.pk) == [assignment]


@pytest.mark.parametrize("store_class", STORES)
@pytest.mark.parametrize(("attribute_type", "value"), VALUES)
def test_value_of_every_type_reads_back_equal(store_class, attribute_type, value):
    # given
    store = store_class()
    listing = ListingFactory()
    definition = _definition(attribute_type)
    store.attribute_save(definition)
    store.category_attribute_save(CategoryAttribute(listing.category_id, definition))
    written = AttributeValue(definition.id, value)

    # when
    store.listing_values_save(listing.pk, [written])
    read = store.listing_values_get(listing.pk)

    # then
    assert read == ListingValues(listing.pk, (written,))
    assert type(read.values[0].value) is type(value)
    assert str(read.values[0].value) == str(value)


# SQLite keeps decimals as floats (about 15 significant digits), so this holds on
# PostgreSQL only; the embedded default is not the production shape.
@pytest.mark.postgres
@pytest.mark.parametrize("store_class", STORES)
def test_number_with_every_allowed_digit_reads_back_exactly(store_class):
    # given
    store = store_class()
    listing = ListingFactory()
    definition = _definition(AttributeType.NUMBER, rules=ValidationRules())
    store.attribute_save(definition)
    written = AttributeValue(definition.id, Decimal("12345678901234.123456"))

    # when
    store.listing_values_save(listing.pk, [written])

    # then
    assert store.listing_values_get(listing.pk).values == (written,)


@pytest.mark.parametrize("store_class", STORES)
def test_unparsed_value_reads_back_equal(store_class):
    # given
    store = store_class()
    listing = ListingFactory()
    definition = _definition(AttributeType.NUMBER)
    store.attribute_save(definition)
    # The legacy tables have no place for the reason, so the legacy store derives
    # it from the type on every read; the value uses that reason.
    written = AttributeValue(
        definition.id,
        None,
        Unparsed("about 5 000 km", "not a valid number value", "text_value"),
    )

    # when
    store.listing_values_save(listing.pk, [written])

    # then
    assert store.listing_values_get(listing.pk) == ListingValues(listing.pk, (written,))


@pytest.mark.parametrize("store_class", STORES)
def test_upsert_replaces_one_value_and_leaves_the_others(store_class):
    # given
    store = store_class()
    listing = ListingFactory()
    other_listing = ListingFactory(category=listing.category)
    text = _definition(AttributeType.TEXT, attribute_id=FIRST_ID)
    number = _definition(AttributeType.NUMBER, attribute_id=FIRST_ID + 1)
    for definition in (text, number):
        store.attribute_save(definition)
    store.listing_values_save(
        listing.pk,
        [AttributeValue(text.id, "before"), AttributeValue(number.id, Decimal("1"))],
    )
    store.listing_values_save(other_listing.pk, [AttributeValue(text.id, "other")])

    # when
    store.listing_values_save(listing.pk, [AttributeValue(text.id, "after")])

    # then
    assert store.listing_values_get(listing.pk) == ListingValues(
        listing.pk,
        (AttributeValue(text.id, "after"), AttributeValue(number.id, Decimal("1"))),
    )
    assert store.listing_values_get(other_listing.pk) == ListingValues(
        other_listing.pk, (AttributeValue(text.id, "other"),)
    )


@pytest.mark.parametrize("store_class", STORES)
def test_upsert_to_another_type_of_value_leaves_one_column(store_class):
    # given
    store = store_class()
    listing = ListingFactory()
    definition = _definition(AttributeType.NUMBER)
    store.attribute_save(definition)
    store.listing_values_save(
        listing.pk,
        [AttributeValue(definition.id, None, Unparsed("n/a", "x", "text_value"))],
    )

    # when
    store.listing_values_save(listing.pk, [AttributeValue(definition.id, Decimal(3))])

    # then
    assert store.listing_values_get(listing.pk).values == (
        AttributeValue(definition.id, Decimal(3)),
    )


@pytest.mark.parametrize("store_class", STORES)
def test_delete_removes_one_value_and_reports_whether_there_was_one(store_class):
    # given
    store = store_class()
    listing = ListingFactory()
    kept = _definition(AttributeType.TEXT, attribute_id=FIRST_ID)
    removed = _definition(AttributeType.SIZE, attribute_id=FIRST_ID + 1)
    for definition in (kept, removed):
        store.attribute_save(definition)
    store.listing_values_save(
        listing.pk, [AttributeValue(kept.id, "stays"), AttributeValue(removed.id, "M")]
    )

    # when
    first = store.listing_value_delete(listing.pk, removed.id)
    second = store.listing_value_delete(listing.pk, removed.id)

    # then
    assert (first, second) == (True, False)
    assert store.listing_values_get(listing.pk).values == (
        AttributeValue(kept.id, "stays"),
    )


@pytest.mark.parametrize("store_class", STORES)
def test_definition_update_keeps_the_id_and_replaces_the_fields(store_class):
    # given
    store = store_class()
    definition = _definition(AttributeType.SELECT)
    store.attribute_save(definition)
    changed = _definition(
        AttributeType.SELECT,
        options=(Option("a", "a"),),
        display_name="Renamed",
        sort_order=1,
    )

    # when
    store.attribute_save(changed)

    # then
    assert store.attributes_get([definition.id]) == {definition.id: changed}


@pytest.mark.parametrize("store_class", STORES)
def test_disabled_assignment_is_not_among_the_category_definitions(store_class):
    # given
    store = store_class()
    category = ListingFactory().category
    definition = _definition(AttributeType.TEXT)
    store.attribute_save(definition)
    store.category_attribute_save(CategoryAttribute(category.pk, definition))

    # when
    store.category_attribute_save(
        CategoryAttribute(category.pk, definition, is_enabled=False)
    )

    # then
    assert store.category_definitions_get(category.pk) == []


def test_unified_store_keeps_what_the_legacy_tables_cannot_hold():
    # given
    store = UnifiedStore()
    definition = _definition(
        AttributeType.SIZE, purpose=Purpose.VARIANT, affects_price=True
    )

    # when
    store.attribute_save(definition)

    # then
    assert store.attributes_get([definition.id]) == {definition.id: definition}
