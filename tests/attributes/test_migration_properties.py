"""Property: any legacy rows survive backfill -> verify (equal) -> reverse unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attributes.migration.arguments import Shard
from attributes.migration.backfill import backfill_run
from attributes.migration.reverse import reverse_run
from attributes.migration.verify import verify_run
from tests.attributes.legacy_mess import legacy_snapshot
from tests.factories import (
    LegacyAttributeFactory,
    LegacyListingValueFactory,
    ListingFactory,
    ProductVariantFactory,
    VariantAttributeFactory,
    VariantValueFactory,
)

pytestmark = pytest.mark.django_db

TYPES = [
    "text",
    "textarea",
    "number",
    "boolean",
    "select",
    "multiselect",
    "date",
    "color",
    "size",
    "unknown",
]

# PostgreSQL text and jsonb cannot hold NUL; everything else is fair game.
texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    st.sampled_from(
        ["1 200,5", "1,200.50", "yes", "нет", "31.12.2024", "2024-02-30", "a, b", ""]
    ),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | texts,
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=4,
)
legacy_columns = st.fixed_dictionaries(
    {},
    optional={
        "text_value": texts,
        "numeric_value": st.decimals(
            min_value=Decimal(-(10**6)), max_value=Decimal(10**6), places=2
        ),
        "boolean_value": st.booleans(),
        "json_value": json_values,
    },
)
listing_rows = st.lists(
    st.dictionaries(st.integers(0, len(TYPES) - 1), legacy_columns, max_size=4),
    min_size=1,
    max_size=3,
)
variant_rows = st.lists(
    st.tuples(st.integers(0, len(TYPES) - 1), texts), min_size=0, max_size=4
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(listings=listing_rows, variants=variant_rows, batch_size=st.integers(1, 3))
def test_any_legacy_rows_round_trip_through_the_unified_store(
    listings, variants, batch_size
):
    with transaction.atomic():
        # given legacy rows of any type holding anything in any column
        attributes = [LegacyAttributeFactory(attribute_type=kind) for kind in TYPES]
        for values in listings:
            listing = ListingFactory()
            for index, columns in values.items():
                LegacyListingValueFactory(
                    listing=listing, attribute=attributes[index], **columns
                )
        variant = ProductVariantFactory()
        for index, text in variants:
            VariantValueFactory(
                variant=variant,
                attribute=VariantAttributeFactory(type=TYPES[index]),
                value=text,
            )
        before = legacy_snapshot()

        # when they are backfilled, verified and reversed
        backfill_run(shard=Shard(1, 1), batch_size=batch_size)
        verified = verify_run(shard=Shard(1, 1), batch_size=batch_size)
        reversed_ = reverse_run(
            shard=Shard(1, 1), batch_size=batch_size, progress=False
        )

        # then the stores were equal and the legacy tables are unchanged
        assert verified.first == []
        assert verified.equal
        assert (reversed_.written, reversed_.deleted) == (0, 0)
        assert legacy_snapshot() == before
        transaction.set_rollback(True)
