"""Admin pages of the unified attribute tables."""

from django.contrib import admin

from attributes_v2.models import (
    TYPED_COLUMNS,
    UnifiedAttribute,
    UnifiedAttributeValue,
    UnifiedCategoryAttribute,
)

PREVIEW_LENGTH = 60


def _preview(value: object) -> str:
    text = str(value)
    if len(text) <= PREVIEW_LENGTH:
        return text
    return text[: PREVIEW_LENGTH - 1] + "…"


@admin.register(UnifiedAttribute)
class UnifiedAttributeAdmin(admin.ModelAdmin):
    """Browse and edit unified attribute definitions."""

    list_display = (
        "id",
        "code",
        "name",
        "attribute_type",
        "purpose",
        "is_required",
        "is_active",
        "legacy_category_attribute_id",
        "legacy_product_variant_attribute_id",
    )
    list_filter = (
        "attribute_type",
        "purpose",
        "is_active",
        "is_required",
        "is_filterable",
        "is_searchable",
    )
    search_fields = ("=id", "code", "name", "display_name")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("id",)


@admin.register(UnifiedCategoryAttribute)
class UnifiedCategoryAttributeAdmin(admin.ModelAdmin):
    """Browse and edit which unified attributes a category enables."""

    list_display = (
        "id",
        "category",
        "attribute",
        "is_enabled",
        "is_required",
        "sort_order",
    )
    list_filter = ("is_enabled", "is_required", "attribute__purpose")
    search_fields = ("=category__id", "category__name", "attribute__code")
    list_select_related = ("category", "attribute")
    autocomplete_fields = ("category", "attribute")
    ordering = ("category_id", "sort_order", "id")


@admin.register(UnifiedAttributeValue)
class UnifiedAttributeValueAdmin(admin.ModelAdmin):
    """Browse entities' unified values (the table is large: no full counts).

    Edits here write this table directly, without validation; under dual-write
    the service layer mirrors each saved or deleted row to the other store.
    """

    list_display = (
        "id",
        "entity_type",
        "entity_id",
        "attribute",
        "column",
        "value_preview",
        "updated_at",
    )
    list_filter = ("entity_type", "attribute__attribute_type")
    search_fields = ("=entity_id", "=attribute__id", "attribute__code")
    list_select_related = ("attribute",)
    autocomplete_fields = ("attribute",)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False

    @admin.display(description="column")
    def column(self, obj: UnifiedAttributeValue) -> str:
        """Name the typed column the value sits in."""
        for name in TYPED_COLUMNS:
            if getattr(obj, name) is not None:
                return name
        return "-"

    @admin.display(description="value")
    def value_preview(self, obj: UnifiedAttributeValue) -> str:
        """Show the value from its typed column, shortened."""
        column = self.column(obj)
        return "-" if column == "-" else _preview(getattr(obj, column))
