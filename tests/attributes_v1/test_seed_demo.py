"""`manage.py seed_demo`: repeatable, deterministic, realistically messy, scalable."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Max
from rest_framework.authtoken.models import Token

from attributes.domain import AttributeType
from attributes_v1.demo_data.generate import LISTINGS_PER_SCALE
from attributes_v1.demo_data.load import SEEDED_MODELS
from attributes_v1.legacy_values import (
    LegacyColumns,
    number_from_text,
    value_from_legacy,
)
from attributes_v1.models import (
    CategoryAttribute,
    CategoryAttributeMapping,
    ListingAttributeValue,
    ProductVariantAttributeValue,
)
from marketplace.models import Category, Listing
from tests.factories import CategoryFactory, ListingFactory, UserFactory

# A fifth of the demo: every fixed row and listings 1..400 (268 among them).
SMALL_SCALE = "0.2"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The demo users' passwords are hashed on every fresh database.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEEDED_MODELS}


def _digest(listing_ids: range | None = None) -> str:
    """Return a digest of the seeded content (ids of value rows and times left out)."""
    listings = Listing.objects.order_by("id")
    values = ListingAttributeValue.objects.order_by("listing_id", "attribute_id")
    if listing_ids is not None:
        listings = listings.filter(pk__in=listing_ids)
        values = values.filter(listing_id__in=listing_ids)
    parts = [
        list(Category.objects.order_by("id").values_list()),
        list(
            CategoryAttribute.objects.order_by("id").values_list(
                "id", "name", "display_name", "attribute_type", "options",
                "validation_rules", "is_required", "is_variant_compatible",
            )
        ),
        list(
            CategoryAttributeMapping.objects.order_by("category_id", "attribute_id")
            .values_list("category_id", "attribute_id", "is_enabled", "is_required")
        ),
        list(
            ProductVariantAttributeValue.objects.order_by("variant_id", "attribute_id")
            .values_list("variant_id", "attribute_id", "value")
        ),
        list(
            listings.values_list(
                "id", "user__username", "category_id", "title", "status"
            )
        ),
        [
            (*row[:3], None if row[3] is None else f"{row[3].normalize():f}", *row[4:])
            for row in values.values_list(
                "listing_id", "attribute_id", "text_value", "numeric_value",
                "boolean_value", "json_value",
            )
        ],
    ]  # fmt: skip
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def test_second_run_changes_nothing_and_says_so():
    # given a database seeded once
    _seed("--scale", SMALL_SCALE)
    counts, digest = _counts(), _digest()

    # when the command runs again
    output = _seed("--scale", SMALL_SCALE)

    # then it writes nothing and says so
    assert "nothing to do" in output
    assert _counts() == counts
    assert _digest() == digest


def test_reset_wipes_and_seeds_the_same_content_again():
    # given a seeded database whose demo data was then edited
    _seed("--scale", SMALL_SCALE)
    digest = _digest()
    ListingAttributeValue.objects.filter(listing_id=1).delete()

    # when it is reset
    output = _seed("--scale", SMALL_SCALE, "--reset")

    # then the content is exactly that of a fresh seeding
    assert "Wiped" in output
    assert _digest() == digest


def test_generated_rows_do_not_depend_on_the_process_hash_seed():
    # given a script that digests the generated demo rows without a database
    script = (
        "import hashlib, json\n"
        "from attributes_v1.demo_data.generate import catalogue_build,"
        " listings_generate\n"
        "c = catalogue_build()\n"
        "rows = [c.categories, c.attributes, c.mappings, c.variant_values,"
        " list(listings_generate(c, list(range(1, 301))))]\n"
        "text = json.dumps(rows, sort_keys=True, default=str)\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )

    # when it runs in two processes with different hash seeds
    digests = [
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]

    # then both produce the same rows
    assert digests[0] == digests[1]
    assert len(digests[0].strip()) == 64


def test_demo_anchors_exist_as_the_examples_need_them():
    # given
    # when the demo is seeded
    output = _seed("--scale", SMALL_SCALE)

    # then category 1103 is an active leaf with many attributes enabled
    phones = Category.objects.get(pk=1103)
    assert phones.is_active and not phones.children.exists()
    enabled = CategoryAttributeMapping.objects.filter(category=phones, is_enabled=True)
    assert enabled.count() >= 15
    # and attribute 94 is a text attribute that accepts "test"
    model = CategoryAttribute.objects.get(pk=94)
    rules = model.validation_rules or {}
    assert model.attribute_type == "text"
    assert "pattern" not in rules and rules.get("max_length", 4) >= 4
    # and it is enabled for 1103 and for the category of listing 268, owned by seller
    listing = Listing.objects.select_related("user").get(pk=268)
    assert listing.user.username == "seller"
    assert listing.user.check_password("seller-demo-password")
    for category_id in (1103, listing.category_id):
        assert enabled.model.objects.filter(
            category_id=category_id, attribute_id=94, is_enabled=True
        ).exists()
    # and the staff superuser exists with its printed token
    staff = get_user_model().objects.get(username="staff")
    assert staff.is_staff and staff.is_superuser
    assert staff.check_password("staff-demo-password")
    assert Token.objects.get(user=staff).key in output


def test_category_tree_is_a_few_hundred_realistic_categories():
    # given
    # when the demo is seeded
    _seed("--scale", SMALL_SCALE)

    # then the tree has roots, children and leaves with explicit, known ids
    assert Category.objects.count() >= 200
    assert Category.objects.filter(parent=None).count() >= 10
    assert Category.objects.get(pk=1103).parent.name == "Electronics"
    assert Category.objects.get(pk=101).name == "Cars"
    assert Category.objects.filter(parent__parent__isnull=False).count() >= 50


def test_every_listing_has_a_value_for_each_required_attribute():
    # given the seeded demo
    _seed("--scale", SMALL_SCALE)
    required_by_category: dict[int, set[int]] = {}
    for category_id, attribute_id in (
        CategoryAttributeMapping.objects.filter(is_enabled=True)
        .filter(is_required=True)
        .values_list("category_id", "attribute_id")
    ):
        required_by_category.setdefault(category_id, set()).add(attribute_id)
    for category_id, attribute_id in CategoryAttributeMapping.objects.filter(
        is_enabled=True, attribute__is_required=True
    ).values_list("category_id", "attribute_id"):
        required_by_category.setdefault(category_id, set()).add(attribute_id)
    present: dict[int, set[int]] = {}
    for listing_id, attribute_id in ListingAttributeValue.objects.values_list(
        "listing_id", "attribute_id"
    ):
        present.setdefault(listing_id, set()).add(attribute_id)

    # when we look for listings missing a required value
    missing = [
        listing_id
        for listing_id, category_id in Listing.objects.values_list("id", "category_id")
        if required_by_category.get(category_id, set()) - present.get(listing_id, set())
    ]

    # then there are none, and requirements were there to meet
    assert missing == []
    assert sum(len(ids) for ids in required_by_category.values()) > 100


def test_all_nine_types_and_both_option_shapes_are_defined():
    # given
    # when the demo is seeded
    _seed("--scale", SMALL_SCALE)

    # then every type has attributes, and options come as strings and as objects
    types = set(CategoryAttribute.objects.values_list("attribute_type", flat=True))
    assert types == {t.value for t in AttributeType}
    assert 70 <= CategoryAttribute.objects.count() <= 100
    shapes = Counter(
        type(options[0]).__name__
        for options in CategoryAttribute.objects.exclude(options=None).values_list(
            "options", flat=True
        )
    )
    assert shapes["str"] >= 5
    assert shapes["dict"] >= 5


def _values_by_type() -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {}
    for attribute_type, *columns in ListingAttributeValue.objects.values_list(
        "attribute__attribute_type",
        "text_value",
        "numeric_value",
        "boolean_value",
        "json_value",
    ):
        rows.setdefault(attribute_type, []).append(tuple(columns))
    return rows


def test_legacy_mess_is_present_in_realistic_proportions():
    # given the demo at half scale (about 7,000 values)
    _seed("--scale", "0.5")
    rows = _values_by_type()

    # when we count the values of each legacy shape
    numbers = rows["number"]
    text_numbers = [
        text
        for text, *_ in numbers
        if text is not None and number_from_text(text) is not None
    ]
    numeric_numbers = [row for row in numbers if row[1] is not None]
    multiselects = rows["multiselect"]
    comma_lists = [row for row in multiselects if row[0] is not None]
    text_booleans = [row for row in rows["boolean"] if row[0] is not None]
    day_first_dates = [
        text for text, *_ in rows["date"] if text and text[2:3] == "." == text[5:6]
    ]
    all_values = [
        (attribute_type, row) for attribute_type, group in rows.items() for row in group
    ]
    unparsed = [
        row
        for attribute_type, row in all_values
        if value_from_legacy(0, attribute_type, LegacyColumns(*row)).unparsed
    ]

    # then each shape is there, in about the share production has
    assert 0.05 <= len(text_numbers) / len(numbers) <= 0.15
    assert any("," in text for text in text_numbers)
    assert any(" " in text for text in text_numbers)
    assert len(numeric_numbers) / len(numbers) >= 0.8
    assert 0.2 <= len(comma_lists) / len(multiselects) <= 0.4
    assert len(text_booleans) >= 20
    assert len(day_first_dates) >= 20
    assert 0.002 <= len(unparsed) / len(all_values) <= 0.01


def test_scale_grows_the_listings_proportionally_and_keeps_the_first_ones():
    # given the demo at a tiny scale
    _seed("--scale", "0.05")
    small_values = ListingAttributeValue.objects.count()
    first_listings = _digest(range(1, 101))

    # when it is seeded again at twice the scale
    output = _seed("--scale", "0.1")

    # then the listings double, their values about double, the first ones stay
    assert Listing.objects.count() == 2 * round(LISTINGS_PER_SCALE * 0.05) == 200
    assert 1.6 <= ListingAttributeValue.objects.count() / small_values <= 2.4
    assert _digest(range(1, 101)) == first_listings
    assert "100 listing(s)" in output


def test_ids_assigned_after_seeding_do_not_collide_with_demo_ids():
    # given the seeded demo, whose rows carry explicit ids
    _seed("--scale", "0.05")
    last_category_id = Category.objects.aggregate(Max("pk"))["pk__max"]

    # when new rows are inserted without ids
    category = CategoryFactory()
    listing = ListingFactory(category=category, user=UserFactory())

    # then they get ids past the demo's
    assert category.pk > last_category_id
    assert listing.pk > 100


def test_a_scale_that_is_not_positive_is_refused():
    with pytest.raises(CommandError):
        _seed("--scale", "0")
