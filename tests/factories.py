"""factory-boy factories for the marketplace and both stores' tables."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from attributes_v1 import models as legacy
from attributes_v2 import models as unified
from marketplace import models as marketplace


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-password")


class StaffFactory(UserFactory):
    is_staff = True
    username = factory.Sequence(lambda n: f"staff{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = marketplace.Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = marketplace.Listing

    user = factory.SubFactory(UserFactory)
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Listing {n}")


class StorefrontProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = marketplace.StorefrontProduct

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Product {n}")


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = marketplace.ProductVariant

    product = factory.SubFactory(StorefrontProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")


class LegacyAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = legacy.CategoryAttribute

    name = factory.Sequence(lambda n: f"attribute_{n}")
    display_name = factory.Sequence(lambda n: f"Attribute {n}")
    attribute_type = "text"


class LegacyMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = legacy.CategoryAttributeMapping

    category = factory.SubFactory(CategoryFactory)
    attribute = factory.SubFactory(LegacyAttributeFactory)


class LegacyListingValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = legacy.ListingAttributeValue

    listing = factory.SubFactory(ListingFactory)
    attribute = factory.SubFactory(LegacyAttributeFactory)


class VariantAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = legacy.ProductVariantAttribute

    name = factory.Sequence(lambda n: f"variant_attribute_{n}")
    type = "text"


class CategoryVariantAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = legacy.CategoryVariantAttribute

    category = factory.SubFactory(CategoryFactory)
    variant_attribute_name = factory.Sequence(lambda n: f"variant_attribute_{n}")


class VariantValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = legacy.ProductVariantAttributeValue

    variant = factory.SubFactory(ProductVariantFactory)
    attribute = factory.SubFactory(VariantAttributeFactory)
    value = "value"


class UnifiedAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = unified.UnifiedAttribute

    code = factory.Sequence(lambda n: f"attribute_{n}")
    name = factory.Sequence(lambda n: f"attribute_{n}")
    display_name = factory.Sequence(lambda n: f"Attribute {n}")
    attribute_type = "text"


class UnifiedCategoryAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = unified.UnifiedCategoryAttribute

    category = factory.SubFactory(CategoryFactory)
    attribute = factory.SubFactory(UnifiedAttributeFactory)


class UnifiedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = unified.UnifiedAttributeValue

    entity_type = unified.UnifiedAttributeValue.EntityType.LISTING
    entity_id = factory.Sequence(lambda n: n + 1)
    attribute = factory.SubFactory(UnifiedAttributeFactory)
    text_value = "value"


class TokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "authtoken.Token"

    user = factory.SubFactory(UserFactory)
