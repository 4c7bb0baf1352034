"""The legacy store reads every kind of legacy mess, one kind per test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attributes.domain import AttributeValue, Option, Unparsed
from attributes_v1.models import ListingAttributeValue
from attributes_v1.store import LegacyStore
from tests.factories import (
    LegacyAttributeFactory,
    LegacyListingValueFactory,
    ListingFactory,
)

pytestmark = pytest.mark.django_db


def _read_one(attribute_type: str, **columns) -> AttributeValue:
    """Insert one legacy value row as the legacy application left it; read it."""
    row = LegacyListingValueFactory(
        attribute=LegacyAttributeFactory(attribute_type=attribute_type), **columns
    )
    (value,) = LegacyStore().listing_values_get(row.listing_id).values
    assert value.attribute_id == row.attribute_id
    return value


def test_number_as_text_with_comma_decimal_and_space_thousands_is_read():
    # given / when
    value = _read_one("number", text_value="1 200,5")

    # then
    assert value == AttributeValue(value.attribute_id, Decimal("1200.5"))


def test_number_as_plain_text_is_read():
    # given / when
    value = _read_one("number", text_value="42")

    # then
    assert value.value == Decimal("42")
    assert str(value.value) == "42"


def test_number_in_numeric_column_comes_back_without_trailing_zeros():
    # given / when
    value = _read_one("number", numeric_value=Decimal("12.500000"))

    # then
    assert value.unparsed is None
    assert str(value.value) == "12.5"


def test_whole_number_in_numeric_column_comes_back_without_a_fraction():
    # given / when
    value = _read_one("number", numeric_value=Decimal("1200.000000"))

    # then
    assert str(value.value) == "1200"


def test_multiselect_as_json_list_is_read():
    # given / when
    value = _read_one("multiselect", json_value=["abs", "esp"])

    # then
    assert value.value == ("abs", "esp")


def test_multiselect_as_comma_text_is_read():
    # given / when
    value = _read_one("multiselect", text_value="abs, esp ,  gps")

    # then
    assert value.value == ("abs", "esp", "gps")


def test_multiselect_as_json_list_written_into_text_is_read():
    # given / when
    value = _read_one("multiselect", text_value='["abs", "esp, heated"]')

    # then
    assert value.value == ("abs", "esp, heated")


def test_options_as_plain_strings_get_their_value_as_label():
    # given
    attribute = LegacyAttributeFactory(attribute_type="select", options=["new", "used"])

    # when
    definition = LegacyStore().attributes_get([attribute.pk])[attribute.pk]

    # then
    assert definition.options == (Option("new", "new"), Option("used", "used"))


def test_options_as_value_label_objects_keep_labels():
    # given
    attribute = LegacyAttributeFactory(
        attribute_type="select",
        options=[{"value": "new", "label": "New"}, {"value": "used", "label": ""}],
    )

    # when
    definition = LegacyStore().attributes_get([attribute.pk])[attribute.pk]

    # then
    assert definition.options == (Option("new", "New"), Option("used", "used"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("1", True), ("no", False), (" Yes ", True), ("0", False)],
)
def test_boolean_as_text_word_is_read(text, expected):
    # given / when
    value = _read_one("boolean", text_value=text)

    # then
    assert value.value is expected


@pytest.mark.parametrize("text", ["31.12.2024", "2024-12-31"])
def test_date_as_day_first_or_iso_text_is_read(text):
    # given / when
    value = _read_one("date", text_value=text)

    # then
    assert value.value == date(2024, 12, 31)


def test_unparseable_value_is_kept_raw_and_marked_unparsed_with_a_reason():
    # given / when
    value = _read_one("number", text_value="about five")

    # then
    assert value.value is None
    assert value.unparsed == Unparsed(
        raw="about five", reason="not a valid number value", origin="text_value"
    )


@pytest.mark.parametrize(
    "columns",
    [
        pytest.param({"text_value": "1e30"}, id="exponent"),
        pytest.param({"text_value": "99999999999999999999999999999"}, id="29-digits"),
        pytest.param({"text_value": "0,1234567"}, id="7-fraction-digits"),
        pytest.param({"json_value": 0.30000000000000004}, id="json-float"),
    ],
)
def test_number_the_value_columns_cannot_hold_is_kept_unparsed_not_rounded(columns):
    # given / when
    value = _read_one("number", **columns)

    # then
    assert value.value is None
    assert value.unparsed is not None
    assert value.unparsed.reason == "not a valid number value"


def test_row_with_no_value_in_any_column_is_kept_as_unparsed():
    # given / when
    value = _read_one("text")

    # then
    assert value.unparsed == Unparsed(
        raw="", reason="no value in any column", origin="none"
    )


def test_text_value_sitting_in_json_column_is_read():
    # given / when
    value = _read_one("text", json_value="Blue denim")

    # then
    assert value == AttributeValue(value.attribute_id, "Blue denim")


@pytest.mark.parametrize(
    ("attribute_type", "columns"),
    [
        pytest.param("number", {"text_value": "about five"}, id="text"),
        pytest.param("boolean", {"json_value": {"answer": "maybe"}}, id="json"),
        pytest.param("date", {"json_value": ["31", "12"]}, id="json-list"),
        pytest.param("number", {}, id="no-column"),
    ],
)
def test_writing_unparsed_value_back_restores_the_original_column(
    attribute_type, columns
):
    # given
    row = LegacyListingValueFactory(
        attribute=LegacyAttributeFactory(attribute_type=attribute_type), **columns
    )
    store = LegacyStore()
    read = store.listing_values_get(row.listing_id).values
    ListingAttributeValue.objects.filter(pk=row.pk).delete()

    # when
    store.listing_values_save(row.listing_id, read)

    # then
    written = ListingAttributeValue.objects.get(
        listing_id=row.listing_id, attribute_id=row.attribute_id
    )
    expected = {"text_value": None, "numeric_value": None, "json_value": None}
    expected.update(columns)
    assert {
        "text_value": written.text_value,
        "numeric_value": written.numeric_value,
        "json_value": written.json_value,
    } == expected
    assert written.boolean_value is None
    assert store.listing_values_get(row.listing_id).values == read


def test_unknown_legacy_type_is_served_as_text_and_its_values_kept():
    # given
    listing = ListingFactory()
    attribute = LegacyAttributeFactory(attribute_type="rating")
    LegacyListingValueFactory(listing=listing, attribute=attribute, text_value="4/5")
    store = LegacyStore()

    # when
    definition = store.attributes_get([attribute.pk])[attribute.pk]
    (value,) = store.listing_values_get(listing.pk).values

    # then
    assert definition.attribute_type == "text"
    assert value.unparsed is not None
    assert value.unparsed.raw == "4/5"
