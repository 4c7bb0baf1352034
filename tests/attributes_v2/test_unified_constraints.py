"""The database itself refuses unified rows that break the table's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import UnifiedAttributeFactory, UnifiedValueFactory

pytestmark = pytest.mark.django_db


def test_value_row_with_two_typed_columns_is_refused():
    # given
    attribute = UnifiedAttributeFactory(attribute_type="number")

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        UnifiedValueFactory(
            attribute=attribute, text_value="12", numeric_value=Decimal("12")
        )


def test_value_row_with_no_typed_column_is_refused():
    # given
    attribute = UnifiedAttributeFactory()

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        UnifiedValueFactory(attribute=attribute, text_value=None)


@pytest.mark.parametrize(
    "column",
    [
        {"text_value": ""},
        {"numeric_value": Decimal("0")},
        {"boolean_value": False},
        {"json_value": []},
    ],
    ids=["text", "numeric", "boolean", "json"],
)
def test_value_row_with_exactly_one_typed_column_is_accepted(column):
    # given
    attribute = UnifiedAttributeFactory()

    # when
    row = UnifiedValueFactory(attribute=attribute, **{"text_value": None, **column})

    # then
    assert row.pk is not None


def test_second_value_of_one_attribute_on_one_entity_is_refused():
    # given
    first = UnifiedValueFactory(entity_id=501)

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        UnifiedValueFactory(entity_id=501, attribute=first.attribute)


def test_same_attribute_on_another_entity_or_entity_type_is_accepted():
    # given
    first = UnifiedValueFactory(entity_id=501, entity_type="listing")

    # when
    UnifiedValueFactory(entity_id=502, attribute=first.attribute)
    UnifiedValueFactory(
        entity_id=501, entity_type="product_variant", attribute=first.attribute
    )

    # then
    assert first.attribute.values.count() == 3


def test_duplicate_code_is_refused():
    # given
    UnifiedAttributeFactory(code="colour")

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        UnifiedAttributeFactory(code="colour")


@pytest.mark.parametrize(
    "legacy_id_field",
    ["legacy_category_attribute_id", "legacy_product_variant_attribute_id"],
)
def test_duplicate_legacy_id_is_refused(legacy_id_field):
    # given
    UnifiedAttributeFactory(**{legacy_id_field: 94})

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        UnifiedAttributeFactory(**{legacy_id_field: 94})


def test_many_attributes_without_legacy_ids_are_accepted():
    # given
    UnifiedAttributeFactory()

    # when
    second = UnifiedAttributeFactory()

    # then
    assert second.legacy_category_attribute_id is None
    assert second.legacy_product_variant_attribute_id is None
