"""Definition changes from any path (admin, store, backfill) drop cached answers."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from attributes.cache import category_answers_invalidate
from attributes_v1 import models as legacy
from attributes_v2 import models as unified


def _attribute_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Ids are stable across the stores, so both mapping tables name the
    # categories an attribute appears in.
    category_ids = set(
        legacy.CategoryAttributeMapping.objects.filter(
            attribute_id=instance.pk
        ).values_list("category_id", flat=True)
    ) | set(
        unified.UnifiedCategoryAttribute.objects.filter(
            attribute_id=instance.pk
        ).values_list("category_id", flat=True)
    )
    category_answers_invalidate(category_ids)


def _assignment_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    category_answers_invalidate([instance.category_id])


def connect() -> None:
    """Connect invalidation to saves and deletes of both stores' definitions."""
    for model in (legacy.CategoryAttribute, unified.UnifiedAttribute):
        post_save.connect(_attribute_changed, sender=model, dispatch_uid=f"c-{model}")
        post_delete.connect(
            _attribute_changed, sender=model, dispatch_uid=f"cd-{model}"
        )
    for model in (legacy.CategoryAttributeMapping, unified.UnifiedCategoryAttribute):
        post_save.connect(_assignment_changed, sender=model, dispatch_uid=f"c-{model}")
        post_delete.connect(
            _assignment_changed, sender=model, dispatch_uid=f"cd-{model}"
        )
