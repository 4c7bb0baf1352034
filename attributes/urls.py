"""URLs of the v1 and v2 attribute APIs (mounted under /api/)."""

from django.urls import path

from attributes import api

urlpatterns = [
    path(
        "v1/marketplace/categories/<int:category_id>/attributes",
        api.CategoryAttributesV1.as_view(),
        name="v1-category-attributes",
    ),
    path(
        "v1/marketplace/listings/<int:listing_id>/attributes",
        api.ListingAttributesV1.as_view(),
        name="v1-listing-attributes",
    ),
    path(
        "v2/marketplace/categories/<int:category_id>/attributes",
        api.CategoryAttributesV2.as_view(),
        name="v2-category-attributes",
    ),
    path(
        "v2/marketplace/listings/<int:listing_id>/attributes",
        api.ListingAttributesV2.as_view(),
        name="v2-listing-attributes",
    ),
    path(
        "v2/marketplace/listings/<int:listing_id>/attributes/<int:attribute_id>",
        api.ListingAttributeV2.as_view(),
        name="v2-listing-attribute",
    ),
]
