"""Model signals: definition changes drop cached answers; direct value edits mirror.

Definition changes from any path (admin, store, backfill) remove the cached
answers of the categories concerned. A listing value saved or deleted outside
the service layer (the admin) is mirrored to the other store under dual-write.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from attributes.cache import category_answers_invalidate
from attributes.domain import EntityType
from attributes.services import in_service_write, listing_value_changed_outside
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


def _legacy_value_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if in_service_write():
        return
    listing_value_changed_outside(
        store_name="v1",
        listing_id=instance.listing_id,
        attribute_id=instance.attribute_id,
    )


def _unified_value_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if in_service_write() or instance.entity_type != EntityType.LISTING.value:
        return
    listing_value_changed_outside(
        store_name="v2",
        listing_id=instance.entity_id,
        attribute_id=instance.attribute_id,
    )


def connect() -> None:
    """Connect invalidation to saves and deletes of both stores' definitions."""
    for model in (legacy.CategoryAttribute, unified.UnifiedAttribute):
        post_save.connect(_attribute_changed, sender=model, dispatch_uid=f"c-{model}")
        post_delete.connect(
            _attribute_changed, sender=model, dispatch_uid=f"cd-{model}"
        )
    # A value row saved or deleted one by one outside the service layer (the
    # admin) is still dual-written. Bulk operations send no signal.
    for receiver, model in (
        (_legacy_value_changed, legacy.ListingAttributeValue),
        (_unified_value_changed, unified.UnifiedAttributeValue),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"v-{model}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"vd-{model}")
    for model in (legacy.CategoryAttributeMapping, unified.UnifiedCategoryAttribute):
        post_save.connect(_assignment_changed, sender=model, dispatch_uid=f"c-{model}")
        post_delete.connect(
            _assignment_changed, sender=model, dispatch_uid=f"cd-{model}"
        )
