"""Deterministic rows of the demo marketplace, legacy mess included.

Everything comes from seeded `random.Random` instances and ordered containers,
so two runs (in any process, with any hash seed) give the same rows. A listing
is made from its own id alone: listing 268 is the same whatever the scale, and
a larger scale only adds listings after the existing ones.

Rows are plain dicts keyed by the models' attribute names; writing them is the
loader's job.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.utils.text import slugify

from attributes.domain import attribute_code
from attributes_v1.demo_data.catalogue import (
    ATTRIBUTES,
    CATEGORY_TREE,
    GROUPS,
    INACTIVE_CATEGORY_NAMES,
    REQUIRED_BY_GROUP,
    ROOT_GROUPS,
    ROOT_WEIGHTS,
    STOREFRONT_CATEGORIES,
    SUBTREE_GROUPS,
    VARIANT_ATTRIBUTES,
    VARIANT_TEXT_SAMPLES,
    AttributeSpec,
)

DEMO_SEED = 20241231
LISTINGS_PER_SCALE = 2_000
ANCHOR_CATEGORY_ID = 1103
ANCHOR_ATTRIBUTE_ID = 94
ANCHOR_LISTING_ID = 268
ANCHOR_OWNER = "seller"

# Demo owners of listings with their share of listings; "seller" can log in.
OWNERS: dict[str, int] = {
    "seller": 30,
    "anna": 15,
    "boris": 15,
    "chen": 15,
    "dara": 15,
    "emil": 10,
}

# Shares of the legacy mess, per value of the types concerned.
NUMBER_AS_TEXT_SHARE = 0.10
NUMBER_AS_JSON_SHARE = 0.01
MULTISELECT_AS_TEXT_SHARE = 0.30
BOOLEAN_AS_TEXT_SHARE = 0.15
DAY_FIRST_DATE_SHARE = 0.25
SELECT_AS_JSON_SHARE = 0.01
# Numbers, booleans and dates are about 40% of values, so this gives about
# 0.5% of all values that do not parse as their type.
UNPARSEABLE_SHARE = 0.012
OPTIONAL_VALUE_SHARE = 0.55
MAPPING_DISABLED_SHARE = 0.05

UNPARSEABLE = {
    "number": ("approx. 5", "n/a", "ask the seller", "~100", "see photos", "-"),
    "boolean": ("maybe", "n/a", "depends", "?"),
    "date": ("soon", "31.02.2024", "next month", "2024-13-01", "asap"),
}
BOOLEAN_WORDS = {True: ("yes", "Yes", "1", "true"), False: ("no", "No", "0", "false")}

CITIES = (
    "Berlin",
    "Warsaw",
    "Prague",
    "Vienna",
    "Lisbon",
    "Madrid",
    "Milan",
    "Lyon",
    "Rotterdam",
    "Krakow",
    "Munich",
    "Porto",
)
BRANDS_BY_ROOT: dict[int, tuple[str, ...]] = {
    1: ("Toyota", "Volkswagen", "BMW", "Ford", "Skoda", "Honda", "Yamaha", "Bosch"),
    5: ("IKEA", "Bosch", "Siemens", "Philips", "Electrolux", "Makita", "Gardena"),
    6: ("Zara", "H&M", "Nike", "Adidas", "Levi's", "Mango", "Uniqlo", "Puma"),
    7: ("LEGO", "Chicco", "Mattel", "Cybex", "Hasbro"),
    8: ("Penguin", "Yamaha", "Fender", "Decathlon", "Trek", "Shimano"),
    11: ("Apple", "Samsung", "Xiaomi", "Google", "Sony", "Lenovo", "Dell", "LG"),
    12: ("L'Oreal", "Nivea", "Chanel", "Dior", "Braun", "Omron"),
}
MODELS_BY_ROOT: dict[int, tuple[str, ...]] = {
    1: ("Corolla", "Golf", "3 Series", "Focus", "Octavia", "Civic", "MT-07"),
    11: (
        "iPhone 13",
        "Galaxy S21",
        "Pixel 7",
        "Redmi Note 12",
        "ThinkPad T14",
        "XPS 13",
        "Bravia X80",
    ),
}
TEXT_SAMPLES: dict[str, tuple[str, ...]] = {
    "brand": ("Generic", "Noname", "Bosch", "Philips", "Samsung"),
    "model": ("Classic", "Pro", "Lite", "Plus", "Mini", "2020 edition"),
    "processor": (
        "Snapdragon 8 Gen 2",
        "Apple A15 Bionic",
        "Intel Core i5-1135G7",
        "AMD Ryzen 7 5800U",
        "MediaTek Dimensity 900",
    ),
    "city": CITIES,
    "breed": ("Labrador", "Beagle", "Maine Coon", "Siamese", "Budgie", "Mixed"),
    "author": ("J. Austen", "T. Pratchett", "S. Lem", "A. Christie", "H. Murakami"),
}
DESCRIPTION_SENTENCES = (
    "Well kept, no scratches.",
    "Selling because I am moving.",
    "Pick-up only, cash on collection.",
    "All original parts and documents.",
    "Used for one season, works perfectly.",
    "Minor signs of use, see photos.",
    "Can deliver within the city for a small fee.",
    "Bought new two years ago.",
)
TITLE_WORDS = ("Great", "Well-kept", "Almost new", "Urgent sale", "Bargain", "Used")
_VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_OWNER_NAMES = list(OWNERS)
_OWNER_CUM_WEIGHTS = list(accumulate(OWNERS.values()))


@dataclass
class DemoCatalogue:
    """The fixed rows of the demo, and what listing generation needs from them."""

    categories: list[dict[str, Any]] = field(default_factory=list)
    attributes: list[dict[str, Any]] = field(default_factory=list)
    mappings: list[dict[str, Any]] = field(default_factory=list)
    variant_attributes: list[dict[str, Any]] = field(default_factory=list)
    category_variant_attributes: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)
    variant_values: list[dict[str, Any]] = field(default_factory=list)
    leaf_ids: list[int] = field(default_factory=list)
    leaf_cum_weights: list[float] = field(default_factory=list)
    root_of: dict[int, int] = field(default_factory=dict)
    name_of: dict[int, str] = field(default_factory=dict)
    fields_of: dict[int, list[tuple[AttributeSpec, bool]]] = field(default_factory=dict)


def _category_rows(catalogue: DemoCatalogue) -> dict[str, int]:
    ids_by_path: dict[str, int] = {}
    leaves: list[tuple[int, int, str]] = []

    def add(category_id: int, parent_id: int | None, path: list[str], root: int):
        name = path[-1]
        catalogue.categories.append(
            {
                "id": category_id,
                "parent_id": parent_id,
                "name": name,
                "slug": slugify("-".join(path)),
                "is_active": name not in INACTIVE_CATEGORY_NAMES,
            }
        )
        catalogue.root_of[category_id] = root
        catalogue.name_of[category_id] = name
        ids_by_path["/".join(path)] = category_id

    for root_id, root_name, children in CATEGORY_TREE:
        add(root_id, None, [root_name], root_id)
        for child_no, (child_name, grandchildren) in enumerate(children, start=1):
            child_id = root_id * 100 + child_no
            add(child_id, root_id, [root_name, child_name], root_id)
            if not grandchildren:
                leaves.append((child_id, root_id, child_name))
            for grand_no, grand_name in enumerate(grandchildren, start=1):
                grand_id = child_id * 100 + grand_no
                add(grand_id, child_id, [root_name, child_name, grand_name], root_id)
                leaves.append((grand_id, root_id, f"{child_name}/{grand_name}"))

    _leaf_weights(catalogue, leaves)
    _mapping_rows(catalogue, leaves)
    return ids_by_path


def _leaf_weights(catalogue: DemoCatalogue, leaves: list[tuple[int, int, str]]):
    active = [
        (leaf_id, root_id)
        for leaf_id, root_id, subtree in leaves
        if not INACTIVE_CATEGORY_NAMES & set(subtree.split("/"))
    ]
    per_root = {root_id: 0 for _, root_id in active}
    for _, root_id in active:
        per_root[root_id] += 1
    total = 0.0
    for leaf_id, root_id in active:
        total += ROOT_WEIGHTS[root_id] / per_root[root_id]
        catalogue.leaf_ids.append(leaf_id)
        catalogue.leaf_cum_weights.append(total)


def _groups_of(root_id: int, subtree: str) -> list[str]:
    groups = list(ROOT_GROUPS[root_id])
    child = subtree.split("/")[0]
    keys = (child, subtree) if subtree != child else (child,)
    for key in keys:
        groups.extend(SUBTREE_GROUPS.get(key, ()))
    return groups


def _mapping_rows(catalogue: DemoCatalogue, leaves: list[tuple[int, int, str]]):
    rng = random.Random(DEMO_SEED)
    specs = {spec.id: spec for spec in ATTRIBUTES}
    for leaf_id, root_id, subtree in leaves:
        groups = _groups_of(root_id, subtree)
        attribute_ids = list(dict.fromkeys(i for g in groups for i in GROUPS[g]))
        required = {i for g in groups for i in REQUIRED_BY_GROUP.get(g, ())}
        fields: list[tuple[AttributeSpec, bool]] = []
        for position, attribute_id in enumerate(attribute_ids):
            spec = specs[attribute_id]
            is_required = attribute_id in required
            is_enabled = (
                is_required
                or attribute_id == ANCHOR_ATTRIBUTE_ID
                or rng.random() >= MAPPING_DISABLED_SHARE
            )
            catalogue.mappings.append(
                {
                    "category_id": leaf_id,
                    "attribute_id": attribute_id,
                    "is_enabled": is_enabled,
                    "is_required": is_required,
                    "sort_order": position * 10,
                }
            )
            if is_enabled:
                fields.append((spec, is_required or spec.is_required))
        catalogue.fields_of[leaf_id] = fields


def _option_json(spec: AttributeSpec) -> list[Any] | None:
    if not spec.options:
        return None
    if not spec.labelled:
        return list(spec.options)
    return [
        {"value": value, "label": value.replace("_", " ").capitalize()}
        for value in spec.options
    ]


def _attribute_rows(catalogue: DemoCatalogue) -> None:
    for position, spec in enumerate(ATTRIBUTES):
        catalogue.attributes.append(
            {
                "id": spec.id,
                "name": spec.name,
                "display_name": spec.display_name,
                "attribute_type": spec.attribute_type,
                "options": _option_json(spec),
                "validation_rules": dict(spec.rules) or None,
                "is_searchable": spec.is_searchable,
                "is_filterable": spec.is_filterable,
                "is_required": spec.is_required,
                "is_variant_compatible": spec.is_variant_compatible,
                "affects_stock": spec.affects_stock,
                "sort_order": position,
            }
        )


def _option_values(options: list[Any]) -> list[str]:
    return [item["value"] if isinstance(item, dict) else item for item in options]


def _storefront_rows(catalogue: DemoCatalogue, ids_by_path: dict[str, int]) -> None:
    rng = random.Random(DEMO_SEED + 1)
    by_code = {}
    for attr_id, name, display, kind, options, stock, price in VARIANT_ATTRIBUTES:
        catalogue.variant_attributes.append(
            {
                "id": attr_id,
                "name": name,
                "display_name": display,
                "type": kind,
                "options": options or None,
                "affects_stock": stock,
                "affects_price": price,
            }
        )
        by_code[attribute_code(name)] = (attr_id, _option_values(options))

    product_id = 0
    for path, (noun, names) in STOREFRONT_CATEGORIES.items():
        category_id = ids_by_path[path]
        for position, name in enumerate(names):
            catalogue.category_variant_attributes.append(
                {
                    "category_id": category_id,
                    "variant_attribute_name": name,
                    "sort_order": position,
                    "is_required": position == 0,
                }
            )
        enabled = [by_code[attribute_code(name)] for name in names]
        brands = BRANDS_BY_ROOT.get(ids_by_path[path.split("/")[0]], ("Acme",))
        for _ in range(rng.randint(8, 14)):
            product_id += 1
            model_code = f"{rng.choice(string.ascii_uppercase)}{rng.randint(100, 999)}"
            catalogue.products.append(
                {
                    "id": product_id,
                    "category_id": category_id,
                    "name": f"{rng.choice(brands)} {noun} {model_code}",
                }
            )
            _variant_rows(catalogue, rng, product_id, enabled)


def _variant_rows(
    catalogue: DemoCatalogue,
    rng: random.Random,
    product_id: int,
    enabled: list[tuple[int, list[str]]],
) -> None:
    for variant_no in range(1, rng.randint(2, 5) + 1):
        variant_id = product_id * 10 + variant_no
        catalogue.variants.append(
            {
                "id": variant_id,
                "product_id": product_id,
                "sku": f"SF{product_id:05d}-{variant_no}",
            }
        )
        for attribute_id, options in enabled:
            samples = options or VARIANT_TEXT_SAMPLES[attribute_id]
            catalogue.variant_values.append(
                {
                    "variant_id": variant_id,
                    "attribute_id": attribute_id,
                    "value": rng.choice(samples),
                }
            )


def catalogue_build() -> DemoCatalogue:
    """Return the fixed rows of the demo marketplace (categories to variants)."""
    catalogue = DemoCatalogue()
    ids_by_path = _category_rows(catalogue)
    _attribute_rows(catalogue)
    _storefront_rows(catalogue, ids_by_path)
    return catalogue


def listing_count_for(scale: float) -> int:
    """Return how many listings the demo has at a scale factor."""
    return max(1, round(LISTINGS_PER_SCALE * scale))


def _number(rng: random.Random, spec: AttributeSpec) -> Decimal:
    low, high, decimals = spec.sample
    return Decimal(f"{rng.uniform(low, high):.{decimals}f}")


def _number_as_text(number: Decimal) -> str:
    """Write a number the legacy way: "1 200,5" (space thousands, comma decimal)."""
    whole, _, fraction = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{grouped},{fraction}" if fraction else grouped


def _date(rng: random.Random, spec: AttributeSpec) -> date:
    first_year, last_year = spec.sample
    first = date(first_year, 1, 1)
    return first + timedelta(days=rng.randrange((date(last_year, 12, 31) - first).days))


def _text(rng: random.Random, spec: AttributeSpec, root_id: int) -> str:
    sample = spec.sample
    if sample == "vin":
        return "".join(rng.choice(_VIN_ALPHABET) for _ in range(17))
    if sample == "imei":
        return "".join(rng.choice(string.digits) for _ in range(15))
    if sample == "postal_code":
        return f"{rng.randrange(100000):05d}"
    if sample == "isbn":
        return f"978{rng.randrange(10**10):010d}"
    if sample == "dimensions":
        return "x".join(str(rng.randint(20, 220)) for _ in range(3))
    if sample == "description":
        return " ".join(rng.sample(DESCRIPTION_SENTENCES, rng.randint(1, 3)))
    if sample == "brand":
        return rng.choice(BRANDS_BY_ROOT.get(root_id, TEXT_SAMPLES["brand"]))
    if sample == "model":
        return rng.choice(MODELS_BY_ROOT.get(root_id, TEXT_SAMPLES["model"]))
    return rng.choice(TEXT_SAMPLES[sample])


def _columns(rng: random.Random, spec: AttributeSpec, root_id: int) -> dict:
    """Return the legacy columns of one value, in whichever shape legacy chose."""
    kind = spec.attribute_type
    if kind in UNPARSEABLE and rng.random() < UNPARSEABLE_SHARE:
        return {"text_value": rng.choice(UNPARSEABLE[kind])}
    if kind == "number":
        number = _number(rng, spec)
        roll = rng.random()
        if roll < NUMBER_AS_TEXT_SHARE:
            return {"text_value": _number_as_text(number)}
        if roll < NUMBER_AS_TEXT_SHARE + NUMBER_AS_JSON_SHARE:
            return {"json_value": float(number) if "." in str(number) else int(number)}
        return {"numeric_value": number}
    if kind == "boolean":
        flag = rng.random() < 0.5
        if rng.random() < BOOLEAN_AS_TEXT_SHARE:
            return {"text_value": rng.choice(BOOLEAN_WORDS[flag])}
        return {"boolean_value": flag}
    if kind == "date":
        day = _date(rng, spec)
        if rng.random() < DAY_FIRST_DATE_SHARE:
            return {"text_value": day.strftime("%d.%m.%Y")}
        return {"text_value": day.isoformat()}
    if kind == "multiselect":
        chosen = rng.sample(spec.options, rng.randint(1, min(4, len(spec.options))))
        if rng.random() < MULTISELECT_AS_TEXT_SHARE:
            return {"text_value": ", ".join(chosen)}
        return {"json_value": chosen}
    if spec.options:
        picked = rng.choice(spec.options)
        if kind == "select" and rng.random() < SELECT_AS_JSON_SHARE:
            return {"json_value": picked}
        return {"text_value": picked}
    return {"text_value": _text(rng, spec, root_id)}


def listing_generate(
    catalogue: DemoCatalogue, listing_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return one listing (owner by username) and its legacy value rows."""
    rng = random.Random(DEMO_SEED * 1_000_003 + listing_id)
    if listing_id == ANCHOR_LISTING_ID:
        owner, category_id = ANCHOR_OWNER, ANCHOR_CATEGORY_ID
    else:
        owner = rng.choices(_OWNER_NAMES, cum_weights=_OWNER_CUM_WEIGHTS)[0]
        category_id = rng.choices(
            catalogue.leaf_ids, cum_weights=catalogue.leaf_cum_weights
        )[0]
    root_id = catalogue.root_of[category_id]
    status = rng.choices(("active", "sold", "draft", "archived"), (80, 10, 5, 5))[0]
    title = (
        f"{rng.choice(TITLE_WORDS)}: {catalogue.name_of[category_id].lower()}, "
        f"{rng.choice(CITIES)}"
    )
    listing = {
        "id": listing_id,
        "owner": owner,
        "category_id": category_id,
        "title": title,
        "status": status,
    }

    values = []
    for spec, required in catalogue.fields_of[category_id]:
        if not required and rng.random() >= OPTIONAL_VALUE_SHARE:
            continue
        values.append(
            {
                "listing_id": listing_id,
                "attribute_id": spec.id,
                "text_value": None,
                "numeric_value": None,
                "boolean_value": None,
                "json_value": None,
                **_columns(rng, spec, root_id),
            }
        )
    return listing, values


def listings_generate(
    catalogue: DemoCatalogue, listing_ids: list[int]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Yield the given listings with their value rows, in id order."""
    for listing_id in listing_ids:
        yield listing_generate(catalogue, listing_id)
