"""Every model of marketplace and both stores has a working admin page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse

from attributes_v1 import models as legacy
from attributes_v2 import models as unified
from marketplace import models as marketplace
from tests import factories

ADMIN_APPS = ("marketplace", "attributes_v1", "attributes_v2")


def _unified_value() -> unified.UnifiedAttributeValue:
    return unified.UnifiedAttributeValue.objects.create(
        entity_type="listing",
        entity_id=factories.ListingFactory().pk,
        attribute=factories.UnifiedAttributeFactory(attribute_type="number"),
        numeric_value="1200.5",
    )


MAKERS: dict[type[models.Model], Callable[[], models.Model]] = {
    marketplace.Category: factories.CategoryFactory,
    marketplace.Listing: factories.ListingFactory,
    marketplace.StorefrontProduct: factories.StorefrontProductFactory,
    marketplace.ProductVariant: factories.ProductVariantFactory,
    legacy.CategoryAttribute: factories.LegacyAttributeFactory,
    legacy.CategoryAttributeMapping: factories.LegacyMappingFactory,
    legacy.ListingAttributeValue: lambda: factories.LegacyListingValueFactory(
        text_value="1 200,5"
    ),
    legacy.ProductVariantAttribute: factories.VariantAttributeFactory,
    legacy.CategoryVariantAttribute: factories.CategoryVariantAttributeFactory,
    legacy.ProductVariantAttributeValue: factories.VariantValueFactory,
    unified.UnifiedAttribute: factories.UnifiedAttributeFactory,
    unified.UnifiedCategoryAttribute: factories.UnifiedCategoryAttributeFactory,
    unified.UnifiedAttributeValue: _unified_value,
}


def _url(model: type[models.Model], page: str, *args: object) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=args)


@pytest.fixture
def staff_client(client, django_user_model, settings):
    """Return a test client logged in as a superuser."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = django_user_model.objects.create_superuser("admin-user", "", "pw")
    client.force_login(user)
    return client


def test_every_model_of_the_three_apps_is_registered():
    # given the models of marketplace and both stores
    ours = {m for app in ADMIN_APPS for m in apps.get_app_config(app).get_models()}

    # when we look at the admin site
    registered = {m for m in ours if admin.site.is_registered(m)}

    # then every one has an admin, and this test covers every one
    assert registered == ours
    assert set(MAKERS) == ours


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m.__name__)
def test_staff_opens_changelist_add_and_change_pages(staff_client, model):
    # given one row of the model
    row = MAKERS[model]()

    # when staff opens its changelist, add page and change page
    pages = {
        "changelist": staff_client.get(_url(model, "changelist")),
        "add": staff_client.get(_url(model, "add")),
        "change": staff_client.get(_url(model, "change", row.pk)),
    }

    # then every page answers 200 and the changelist shows the row
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(
        pages, 200
    )
    assert pages["changelist"].context["cl"].result_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(MAKERS), ids=lambda m: m.__name__)
@pytest.mark.parametrize("query", ["1", "attribute", "not-a-number"])
def test_search_on_each_changelist_answers(staff_client, model, query):
    # given one row of the model
    MAKERS[model]()

    # when staff searches its changelist, with numbers and words
    response = staff_client.get(_url(model, "changelist"), {"q": query})

    # then the search answers
    assert response.status_code == 200


@pytest.mark.django_db
def test_value_changelist_shows_the_column_the_legacy_value_sits_in(staff_client):
    # given a legacy number stored as comma text
    factories.LegacyListingValueFactory(text_value="1 200,5")

    # when staff opens the legacy values changelist
    response = staff_client.get(_url(legacy.ListingAttributeValue, "changelist"))

    # then the row names its column and shows the raw text
    assert b"text_value" in response.content
    assert b"1 200,5" in response.content


@pytest.mark.django_db
def test_staff_search_finds_a_listing_by_id(staff_client):
    # given two listings
    wanted = factories.ListingFactory(title="Red bicycle")
    other = factories.ListingFactory(title="Blue sofa")

    # when staff searches listings for one id
    response = staff_client.get(
        _url(marketplace.Listing, "changelist"), {"q": str(wanted.pk)}
    )

    # then only that listing is shown
    shown = {row.pk for row in response.context["cl"].result_list}
    assert wanted.pk in shown and other.pk not in shown
