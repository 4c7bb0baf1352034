"""Admin pages of the legacy attribute tables, for looking at the legacy mess."""

from django.contrib import admin

from attributes_v1.models import (
    CategoryAttribute,
    CategoryAttributeMapping,
    CategoryVariantAttribute,
    ListingAttributeValue,
    ProductVariantAttribute,
    ProductVariantAttributeValue,
)

PREVIEW_LENGTH = 60


def _preview(value: object) -> str:
    text = str(value)
    if len(text) <= PREVIEW_LENGTH:
        return text
    return text[: PREVIEW_LENGTH - 1] + "…"


@admin.register(CategoryAttribute)
class CategoryAttributeAdmin(admin.ModelAdmin):
    """Browse and edit marketplace attribute definitions."""

    list_display = (
        "id",
        "name",
        "display_name",
        "attribute_type",
        "is_required",
        "is_filterable",
        "is_searchable",
        "is_variant_compatible",
        "sort_order",
    )
    list_filter = (
        "attribute_type",
        "is_required",
        "is_filterable",
        "is_searchable",
        "is_variant_compatible",
    )
    search_fields = ("=id", "name", "display_name")
    readonly_fields = ("created_at",)
    ordering = ("id",)


@admin.register(CategoryAttributeMapping)
class CategoryAttributeMappingAdmin(admin.ModelAdmin):
    """Browse and edit which attributes a category enables."""

    list_display = (
        "id",
        "category",
        "attribute",
        "is_enabled",
        "is_required",
        "sort_order",
    )
    list_filter = ("is_enabled", "is_required", "attribute__attribute_type")
    search_fields = ("=category__id", "category__name", "attribute__name")
    list_select_related = ("category", "attribute")
    autocomplete_fields = ("category", "attribute")
    ordering = ("category_id", "sort_order", "id")


@admin.register(ListingAttributeValue)
class ListingAttributeValueAdmin(admin.ModelAdmin):
    """Browse listing values as the legacy columns hold them.

    Edits here write this table directly, without validation; under dual-write
    the service layer mirrors each saved or deleted row to the other store.
    """

    list_display = (
        "id",
        "listing_id",
        "attribute",
        "column",
        "value_preview",
        "updated_at",
    )
    list_filter = ("attribute__attribute_type",)
    search_fields = ("=listing__id", "=attribute__id", "attribute__name")
    list_select_related = ("attribute",)
    raw_id_fields = ("listing",)
    autocomplete_fields = ("attribute",)
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False

    @admin.display(description="column")
    def column(self, obj: ListingAttributeValue) -> str:
        """Name the legacy column the value sits in."""
        for name in ("text_value", "numeric_value", "boolean_value", "json_value"):
            if getattr(obj, name) is not None:
                return name
        return "-"

    @admin.display(description="value")
    def value_preview(self, obj: ListingAttributeValue) -> str:
        """Show the value from whichever column holds it, shortened."""
        column = self.column(obj)
        return "-" if column == "-" else _preview(getattr(obj, column))


@admin.register(ProductVariantAttribute)
class ProductVariantAttributeAdmin(admin.ModelAdmin):
    """Browse and edit storefront variant attribute definitions."""

    list_display = (
        "id",
        "quoted_name",
        "display_name",
        "type",
        "affects_stock",
        "affects_price",
    )
    list_filter = ("type", "affects_stock", "affects_price")
    search_fields = ("=id", "name", "display_name")
    ordering = ("id",)

    @admin.display(description="name", ordering="name")
    def quoted_name(self, obj: ProductVariantAttribute) -> str:
        """Show the name quoted, so stray spaces are visible."""
        return repr(obj.name)


@admin.register(CategoryVariantAttribute)
class CategoryVariantAttributeAdmin(admin.ModelAdmin):
    """Browse and edit which variant attributes a category enables, by name."""

    list_display = (
        "id",
        "category",
        "quoted_name",
        "is_required",
        "sort_order",
    )
    list_filter = ("is_required",)
    search_fields = ("=category__id", "category__name", "variant_attribute_name")
    list_select_related = ("category",)
    autocomplete_fields = ("category",)
    ordering = ("category_id", "sort_order", "id")

    @admin.display(
        description="variant attribute name", ordering="variant_attribute_name"
    )
    def quoted_name(self, obj: CategoryVariantAttribute) -> str:
        """Show the name quoted, so stray spaces are visible."""
        return repr(obj.variant_attribute_name)


@admin.register(ProductVariantAttributeValue)
class ProductVariantAttributeValueAdmin(admin.ModelAdmin):
    """Browse and edit product variants' values (text only).

    Edits here write this table directly, without validation or dual-write.
    """

    list_display = ("id", "variant", "attribute", "value")
    list_filter = ("attribute",)
    search_fields = ("variant__sku", "attribute__name", "value")
    list_select_related = ("variant", "attribute")
    raw_id_fields = ("variant",)
    autocomplete_fields = ("attribute",)
    ordering = ("variant_id", "attribute_id")
