"""Admin pages of the things attributes hang on: categories, listings, products."""

from django.contrib import admin

from marketplace.models import Category, Listing, ProductVariant, StorefrontProduct


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Browse and edit the category tree."""

    list_display = ("id", "name", "parent", "slug", "is_active")
    list_filter = ("is_active", ("parent", admin.EmptyFieldListFilter))
    search_fields = ("=id", "name", "slug")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    ordering = ("id",)


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    """Browse and edit listings (the table is large: no full counts)."""

    list_display = ("id", "title", "user", "category", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("=id", "title", "=user__username")
    list_select_related = ("user", "category")
    raw_id_fields = ("user",)
    autocomplete_fields = ("category",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("-id",)
    show_full_result_count = False


class ProductVariantInline(admin.TabularInline):
    """The variants of a product, edited on the product's page."""

    model = ProductVariant
    extra = 0


@admin.register(StorefrontProduct)
class StorefrontProductAdmin(admin.ModelAdmin):
    """Browse and edit storefront products with their variants."""

    list_display = ("id", "name", "category")
    search_fields = ("=id", "name")
    list_select_related = ("category",)
    autocomplete_fields = ("category",)
    ordering = ("id",)
    inlines = (ProductVariantInline,)


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    """Browse and edit product variants."""

    list_display = ("id", "sku", "product")
    search_fields = ("=id", "sku", "product__name")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
    ordering = ("id",)
