"""The unified store's category read: one flat query, definitions as stored."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attributes.domain import Option
from attributes.stores import unified_store
from attributes_v2.models import UnifiedAttribute, UnifiedCategoryAttribute
from marketplace.models import Category


def _category_with(*attributes: UnifiedAttribute, enabled: bool = True) -> Category:
    category = Category.objects.create(name="Bikes", slug="bikes")
    for sort_order, attribute in enumerate(attributes):
        UnifiedCategoryAttribute.objects.create(
            category=category,
            attribute=attribute,
            is_enabled=enabled,
            is_required=sort_order == 0,
            sort_order=sort_order,
        )
    return category


def _attribute(code: str, **fields) -> UnifiedAttribute:
    return UnifiedAttribute.objects.create(
        code=code,
        name=code,
        attribute_type=fields.pop("attribute_type", "text"),
        **fields,
    )


@pytest.mark.django_db
def test_the_read_returns_enabled_active_attributes_in_order_in_one_query():
    frame = _attribute(
        "frame",
        attribute_type="select",
        options=[{"value": "alu", "label": "Aluminium"}],
        is_filterable=True,
    )
    retired = _attribute("retired", is_active=False)
    gears = _attribute("gears", attribute_type="number", validation_rules={"min": "1"})
    category = _category_with(frame, retired, gears)

    with CaptureQueriesContext(connection) as queries:
        read = unified_store.category_definitions_get(category.pk)

    assert len(queries.captured_queries) == 1
    assert [item.attribute.code for item in read] == ["frame", "gears"]
    assert read[0].is_required is True and read[1].is_required is False
    assert read[0].attribute.options == (Option("alu", "Aluminium"),)
    assert read[0].attribute.is_filterable is True
    assert read[1].attribute.rules.min == 1


@pytest.mark.django_db
def test_an_edited_definition_is_read_as_edited():
    frame = _attribute("frame", attribute_type="select", options=[{"value": "alu"}])
    category = _category_with(frame)
    unified_store.category_definitions_get(category.pk)

    UnifiedAttribute.objects.filter(pk=frame.pk).update(
        options=[{"value": "steel", "label": "Steel"}], display_name="Frame material"
    )
    read = unified_store.category_definitions_get(category.pk)

    assert read[0].attribute.options == (Option("steel", "Steel"),)
    assert read[0].attribute.display_name == "Frame material"


@pytest.mark.django_db
def test_disabled_assignments_are_not_read():
    category = _category_with(_attribute("frame"), enabled=False)

    assert unified_store.category_definitions_get(category.pk) == []
