"""Writing the demo marketplace into the database: fast, resumable, repeatable.

The fixed rows (categories to storefront variants) land in one transaction;
listings follow in chunks, each chunk with its values in its own transaction,
so an interrupted run leaves whole listings and the next run completes the
missing ones. On PostgreSQL rows go through COPY; elsewhere through
bulk_create in batches.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token
from tqdm import tqdm

from attributes_v1.demo_data.generate import (
    ANCHOR_ATTRIBUTE_ID,
    ANCHOR_CATEGORY_ID,
    OWNERS,
    DemoCatalogue,
    catalogue_build,
    listing_count_for,
    listings_generate,
)
from attributes_v1.models import (
    CategoryAttribute,
    CategoryAttributeMapping,
    CategoryVariantAttribute,
    ListingAttributeValue,
    ProductVariantAttribute,
    ProductVariantAttributeValue,
)
from marketplace.models import Category, Listing, ProductVariant, StorefrontProduct

logger = logging.getLogger(__name__)

STAFF_USERNAME = "staff"
STAFF_PASSWORD = "staff-demo-password"  # the published demo login
SELLER_PASSWORD = "seller-demo-password"  # the published demo login
DEMO_USERNAMES = (STAFF_USERNAME, *OWNERS)

LISTINGS_PER_CHUNK = 2_000
BATCH_SIZE = 5_000

# Children before parents: the order a wipe must follow.
SEEDED_MODELS: tuple[type[models.Model], ...] = (
    ListingAttributeValue,
    ProductVariantAttributeValue,
    CategoryAttributeMapping,
    CategoryVariantAttribute,
    ProductVariant,
    StorefrontProduct,
    Listing,
    CategoryAttribute,
    ProductVariantAttribute,
    Category,
)


@dataclass(frozen=True)
class SeedReport:
    """What one run of the demo seeding did."""

    catalogue_created: bool
    listings_created: int
    values_created: int
    listings_target: int
    staff_token: str

    @property
    def changed_nothing(self) -> bool:
        """Return whether the run found everything in place."""
        return not self.catalogue_created and self.listings_created == 0


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _rows_write(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (dicts keyed by attribute name); by COPY on PostgreSQL."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH_SIZE)
        return

    # Seeded rows carry the seeding time: the demo has no history of dates.
    now = timezone.now()
    given = rows[0].keys()
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and f.attname not in given)
    ]
    fillers: list[Callable[[dict[str, Any]], Any]] = []
    for f in fields:
        if f.attname in given:
            attname = f.attname
            if isinstance(f, models.JSONField):
                fillers.append(lambda row, a=attname: _json_text(row[a]))
            else:
                fillers.append(lambda row, a=attname: row[a])
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fillers.append(lambda row: now)
        else:
            default = f.get_default()
            fillers.append(lambda row, d=default: d)

    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([fill(row) for fill in fillers])


def _sequences_reset() -> None:
    """Move id sequences past the explicit ids, so later inserts do not collide."""
    statements = connection.ops.sequence_reset_sql(no_style(), SEEDED_MODELS)
    if not statements:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def demo_users_ensure() -> tuple[dict[str, int], str]:
    """Create the demo users and the staff token if missing; return ids and token."""
    user_model = get_user_model()
    ids = {}
    for username in OWNERS:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            if username == "seller":
                user.set_password(SELLER_PASSWORD)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        ids[username] = user.pk

    staff, created = user_model.objects.get_or_create(
        username=STAFF_USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        staff.set_password(STAFF_PASSWORD)
        staff.save(update_fields=["password"])
    token, _ = Token.objects.get_or_create(user=staff)
    return ids, token.key


def demo_catalogue_present() -> bool:
    """Return whether the fixed demo rows are already in the database."""
    return (
        Category.objects.filter(pk=ANCHOR_CATEGORY_ID).exists()
        and CategoryAttribute.objects.filter(pk=ANCHOR_ATTRIBUTE_ID).exists()
    )


def demo_listings_present(target: int) -> int:
    """Return how many of the demo listing ids 1..target exist."""
    return Listing.objects.filter(pk__gte=1, pk__lte=target).count()


def _catalogue_write(catalogue: DemoCatalogue) -> None:
    with transaction.atomic():
        _rows_write(Category, catalogue.categories)
        _rows_write(CategoryAttribute, catalogue.attributes)
        _rows_write(CategoryAttributeMapping, catalogue.mappings)
        _rows_write(ProductVariantAttribute, catalogue.variant_attributes)
        _rows_write(CategoryVariantAttribute, catalogue.category_variant_attributes)
        _rows_write(StorefrontProduct, catalogue.products)
        _rows_write(ProductVariant, catalogue.variants)
        _rows_write(ProductVariantAttributeValue, catalogue.variant_values)


def _listing_chunk_write(
    catalogue: DemoCatalogue, listing_ids: list[int], owner_ids: dict[str, int]
) -> int:
    listings, values = [], []
    for listing, listing_values in listings_generate(catalogue, listing_ids):
        owner = listing.pop("owner")
        listings.append({**listing, "user_id": owner_ids[owner]})
        values.extend(listing_values)

    with transaction.atomic():
        _rows_write(Listing, listings)
        _rows_write(ListingAttributeValue, values)
    return len(values)


def demo_seed(*, scale: float = 1.0) -> SeedReport:
    """Fill the legacy and marketplace tables with the demo marketplace, once.

    What is already there stays as it is: a second run writes nothing, a run
    with a larger scale adds only the missing listings.
    """
    target = listing_count_for(scale)
    owner_ids, token = demo_users_ensure()
    catalogue_created = not demo_catalogue_present()
    catalogue = catalogue_build()
    if catalogue_created:
        _catalogue_write(catalogue)

    present = demo_listings_present(target)
    listings_created = values_created = 0
    with tqdm(
        total=target,
        initial=present,
        unit="listing",
        desc="demo listings",
        disable=None,
    ) as progress:
        for start in range(1, target + 1, LISTINGS_PER_CHUNK):
            if present == target:
                break
            chunk = range(start, min(start + LISTINGS_PER_CHUNK, target + 1))
            existing = set(
                Listing.objects.filter(
                    pk__gte=chunk.start, pk__lt=chunk.stop
                ).values_list("pk", flat=True)
            )
            missing = [i for i in chunk if i not in existing]
            if not missing:
                continue
            values_created += _listing_chunk_write(catalogue, missing, owner_ids)
            listings_created += len(missing)
            present += len(missing)
            progress.update(len(missing))

    if catalogue_created or listings_created:
        _sequences_reset()
        logger.info(
            "Seeded the demo marketplace: %d listing(s), %d value(s)",
            listings_created,
            values_created,
            extra={"listings": listings_created, "values": values_created},
        )
    return SeedReport(
        catalogue_created=catalogue_created,
        listings_created=listings_created,
        values_created=values_created,
        listings_target=target,
        staff_token=token,
    )


def demo_wipe() -> None:
    """Delete every row of the seeded tables and the demo users.

    The unified tables are not this app's to touch: their category assignments
    go with the categories, their values stay until the next backfill.
    """
    with transaction.atomic():
        for model in SEEDED_MODELS:
            if model is Category:
                # The tree protects parents from their children; cut it first.
                Category.objects.update(parent=None)
            # Through the ORM so other apps' cascades apply; it loads every
            # listing, about 25 s and 400 MB at --scale 100.
            model.objects.all().delete()
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
    logger.info("Wiped the demo marketplace tables")
