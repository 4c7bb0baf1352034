"""The fixed part of the demo marketplace: category tree and attribute definitions.

Ids are explicit and stable: category 1103 (Electronics > Phones) is a leaf with
many attributes, attribute 94 (`model`, text) is enabled wherever a model makes
sense. Category ids follow the tree: a root has a small id, its n-th child
`root * 100 + n`, the child's n-th child `child * 100 + n`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# (root id, root name, [(child name, [grandchild names])]); order fixes the ids.
CATEGORY_TREE: list[tuple[int, str, list[tuple[str, list[str]]]]] = [
    (
        1,
        "Vehicles",
        [
            (
                "Cars",
                [
                    "Toyota",
                    "Volkswagen",
                    "BMW",
                    "Mercedes-Benz",
                    "Audi",
                    "Ford",
                    "Honda",
                    "Hyundai",
                    "Kia",
                    "Nissan",
                    "Renault",
                    "Skoda",
                    "Peugeot",
                    "Volvo",
                    "Mazda",
                    "Tesla",
                    "Opel",
                    "Fiat",
                ],
            ),
            (
                "Motorcycles",
                ["Sport bikes", "Touring", "Cruisers", "Scooters", "Off-road"],
            ),
            ("Trucks", ["Light trucks", "Heavy trucks", "Tractor units"]),
            ("Vans", []),
            ("Buses", []),
            ("Boats", ["Motor boats", "Sailboats", "Jet skis", "Inflatable boats"]),
            ("Trailers", []),
            ("Caravans and campers", []),
            (
                "Auto parts",
                [
                    "Tyres and wheels",
                    "Engine parts",
                    "Body parts",
                    "Lighting",
                    "Car audio",
                ],
            ),
            ("Agricultural machinery", []),
            ("Construction machinery", []),
        ],
    ),
    (
        2,
        "Real estate",
        [
            ("Apartments", ["For sale", "For rent", "Short-term rent"]),
            ("Houses", ["For sale", "For rent"]),
            ("Rooms", []),
            ("Land plots", []),
            ("Garages and parking", []),
            ("Commercial property", ["Offices", "Retail space", "Warehouses"]),
            ("Property abroad", []),
        ],
    ),
    (
        3,
        "Jobs",
        [
            ("IT and telecom", []),
            ("Sales", []),
            ("Accounting and finance", []),
            ("Construction", []),
            ("Healthcare", []),
            ("Education", []),
            ("Hospitality", []),
            ("Logistics", []),
            ("Manufacturing", []),
            ("Marketing", []),
            ("Customer service", []),
            ("Part-time", []),
        ],
    ),
    (
        4,
        "Services",
        [
            ("Repairs and renovation", []),
            ("Cleaning", []),
            ("Moving and transport", []),
            ("Beauty", []),
            ("Tutoring", []),
            ("IT services", []),
            ("Events", []),
            ("Photo and video", []),
            ("Legal", []),
            ("Pet care", []),
        ],
    ),
    (
        5,
        "Home and garden",
        [
            (
                "Furniture",
                ["Sofas", "Beds", "Tables", "Chairs", "Wardrobes", "Shelving"],
            ),
            (
                "Appliances",
                [
                    "Fridges",
                    "Washing machines",
                    "Dishwashers",
                    "Ovens",
                    "Vacuum cleaners",
                    "Microwaves",
                ],
            ),
            ("Kitchenware", []),
            ("Home textiles", []),
            ("Lighting", []),
            ("Garden", ["Garden tools", "Plants", "Garden furniture", "Grills"]),
            ("Building materials", []),
            ("Tools", ["Power tools", "Hand tools", "Measuring tools"]),
        ],
    ),
    (
        6,
        "Fashion",
        [
            (
                "Women's clothing",
                ["Dresses", "Tops", "Jeans", "Coats", "Skirts", "Knitwear"],
            ),
            ("Men's clothing", ["Shirts", "T-shirts", "Jeans", "Suits", "Jackets"]),
            ("Shoes", ["Sneakers", "Boots", "Sandals", "Formal shoes", "Sports shoes"]),
            ("Bags", []),
            ("Watches", []),
            ("Jewellery", []),
            ("Accessories", []),
            ("Children's clothing", []),
        ],
    ),
    (
        7,
        "Kids",
        [
            (
                "Toys",
                ["Dolls", "Construction sets", "Educational toys", "Soft toys"],
            ),
            ("Strollers", []),
            ("Car seats", []),
            ("Kids' furniture", []),
            ("Baby care", []),
            ("School supplies", []),
        ],
    ),
    (
        8,
        "Hobbies and leisure",
        [
            ("Books", ["Fiction", "Non-fiction", "Textbooks", "Comics"]),
            (
                "Musical instruments",
                ["Guitars", "Keyboards", "Drums", "Wind instruments"],
            ),
            (
                "Sports equipment",
                [
                    "Bicycles",
                    "Fitness",
                    "Winter sports",
                    "Water sports",
                    "Camping",
                    "Fishing",
                ],
            ),
            ("Collectibles", ["Coins", "Stamps", "Antiques", "Art"]),
            ("Tickets", []),
            ("Board games", []),
        ],
    ),
    (
        9,
        "Animals",
        [
            ("Dogs", []),
            ("Cats", []),
            ("Birds", []),
            ("Aquarium", []),
            ("Rodents", []),
            ("Pet supplies", ["Pet food", "Cages and beds", "Pet accessories"]),
        ],
    ),
    (
        10,
        "Business and industry",
        [
            ("Industrial equipment", []),
            ("Office equipment", []),
            ("Retail equipment", []),
            ("Restaurant equipment", []),
            ("Ready-made business", []),
        ],
    ),
    (
        11,
        "Electronics",
        [
            (
                "Computers",
                [
                    "Laptops",
                    "Desktops",
                    "Monitors",
                    "Components",
                    "Peripherals",
                    "Networking",
                ],
            ),
            ("Tablets", []),
            ("Phones", []),
            ("Phone accessories", ["Cases", "Chargers", "Screen protectors"]),
            ("TV and video", ["TVs", "Projectors", "Media players"]),
            ("Audio", ["Headphones", "Speakers", "Hi-Fi"]),
            ("Cameras", ["Digital cameras", "Lenses", "Drones"]),
            ("Video games", ["Consoles", "Games", "Gaming accessories"]),
            ("Smart home", []),
            ("Wearables", []),
        ],
    ),
    (
        12,
        "Health and beauty",
        [
            ("Cosmetics", ["Make-up", "Skin care", "Nail care"]),
            ("Perfume", []),
            ("Hair care", []),
            ("Medical devices", []),
        ],
    ),
]

# Categories kept in the tree but switched off, as real catalogues have them.
INACTIVE_CATEGORY_NAMES = frozenset({"Property abroad", "Ready-made business"})


@dataclass(frozen=True)
class AttributeSpec:
    """A marketplace attribute definition and how the demo fills its values.

    `sample` says how a value is made: (low, high, decimals) for a number,
    (first year, last year) for a date, a key of TEXT_SAMPLES or a tuple of
    strings for text; select-like types pick among `options`.
    """

    id: int
    name: str
    display_name: str
    attribute_type: str
    options: tuple[str, ...] = ()
    labelled: bool = False
    rules: dict[str, Any] = field(default_factory=dict)
    sample: Any = None
    is_required: bool = False
    is_searchable: bool = False
    is_filterable: bool = False
    is_variant_compatible: bool = False
    affects_stock: bool = False


COLOURS = (
    "black",
    "white",
    "gray",
    "silver",
    "red",
    "blue",
    "green",
    "yellow",
    "orange",
    "brown",
    "beige",
    "pink",
    "purple",
    "gold",
)
CLOTHING_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
SHOE_SIZES = tuple(str(size) for size in range(35, 47))

_A = AttributeSpec
ATTRIBUTES: list[AttributeSpec] = [
    # Goods in general.
    _A(1, "condition", "Condition", "select",
       ("new", "like_new", "good", "fair", "for_parts"), labelled=True,
       is_required=True, is_filterable=True),
    _A(2, "brand", "Brand", "text", rules={"max_length": 80}, sample="brand",
       is_searchable=True, is_filterable=True),
    _A(3, "color", "Colour", "color", COLOURS, is_filterable=True,
       is_variant_compatible=True),
    _A(4, "warranty_months", "Warranty (months)", "number",
       rules={"min": 0, "max": 120}, sample=(0, 36, 0)),
    _A(5, "delivery_available", "Delivery available", "boolean"),
    _A(6, "negotiable", "Price negotiable", "boolean"),
    _A(7, "purchase_date", "Purchase date", "date", sample=(2015, 2026)),
    _A(8, "additional_info", "", "textarea", rules={"max_length": 4000},
       sample="description"),
    _A(94, "model", "Model", "text", rules={"max_length": 120}, sample="model",
       is_searchable=True),
    # Vehicles.
    _A(10, "year", "Year", "number", rules={"min": 1950, "max": 2026},
       sample=(1990, 2026, 0), is_filterable=True),
    _A(11, "mileage_km", "Mileage, km", "number", rules={"min": 0, "max": 2000000},
       sample=(0, 350000, 0), is_filterable=True),
    _A(12, "fuel_type", "Fuel", "select",
       ("petrol", "diesel", "hybrid", "electric", "lpg"), labelled=True,
       is_filterable=True),
    _A(13, "transmission", "Transmission", "select",
       ("manual", "automatic", "robotic", "cvt"), labelled=True, is_filterable=True),
    _A(14, "engine_volume_l", "Engine volume, l", "number",
       rules={"min": 0.1, "max": 10}, sample=(0.8, 6.0, 1)),
    _A(15, "engine_power_hp", "Power, hp", "number", rules={"min": 1, "max": 2000},
       sample=(60, 450, 0)),
    _A(16, "body_type", "Body type", "select",
       ("Sedan", "Hatchback", "Estate", "SUV", "Coupe", "Convertible", "Minivan",
        "Pickup")),
    _A(19, "vin", "VIN", "text", rules={"pattern": "[A-HJ-NPR-Z0-9]{17}"},
       sample="vin", is_searchable=True),
    _A(22, "first_registration", "First registration", "date", sample=(1995, 2026)),
    _A(23, "features", "Features", "multiselect",
       ("Air conditioning", "Cruise control", "Parking sensors", "Heated seats",
        "Navigation", "Sunroof", "Leather interior", "Bluetooth", "Rear camera",
        "Alloy wheels")),
    _A(26, "tyre_size", "Tyre size", "size",
       ("175/70 R14", "195/65 R15", "205/55 R16", "225/45 R17", "235/65 R17",
        "245/40 R18")),
    # Real estate.
    _A(30, "rooms", "Rooms", "number", rules={"min": 0, "max": 30},
       sample=(1, 6, 0), is_filterable=True),
    _A(31, "total_area_m2", "Total area, m²", "number",
       rules={"min": 5, "max": 100000}, sample=(18, 320, 1), is_filterable=True),
    _A(32, "living_area_m2", "Living area, m²", "number", rules={"min": 1},
       sample=(12, 200, 1)),
    _A(33, "kitchen_area_m2", "", "number", sample=(4, 30, 1)),
    _A(34, "floor", "Floor", "number", rules={"min": -3, "max": 120},
       sample=(1, 25, 0)),
    _A(35, "floors_total", "Floors in building", "number",
       rules={"min": 1, "max": 120}, sample=(2, 30, 0)),
    _A(36, "building_type", "Building type", "select",
       ("panel", "brick", "monolithic", "wood", "block"), labelled=True),
    _A(37, "year_built", "Year built", "number", rules={"min": 1800, "max": 2030},
       sample=(1900, 2026, 0)),
    _A(38, "balcony", "Balcony", "boolean"),
    _A(39, "furnished", "Furnished", "boolean", is_filterable=True),
    _A(40, "amenities", "Amenities", "multiselect",
       ("elevator", "parking", "security", "playground", "concierge", "gym",
        "pool"), labelled=True),
    _A(41, "heating", "Heating", "select",
       ("Central", "Gas", "Electric", "Heat pump", "None")),
    _A(42, "available_from", "Available from", "date", sample=(2024, 2027)),
    _A(43, "rent_deposit", "Deposit", "number", rules={"min": 0},
       sample=(0, 5000, 0)),
    _A(45, "land_area_ares", "Land area, ares", "number", sample=(2, 400, 1)),
    _A(46, "postal_code", "Postal code", "text", rules={"pattern": r"\d{5}"},
       sample="postal_code"),
    # Electronics.
    _A(50, "memory_gb", "RAM, GB", "number", rules={"min": 1, "max": 1024},
       sample=(2, 64, 0), is_filterable=True, is_variant_compatible=True),
    _A(51, "storage_gb", "Storage, GB", "number", rules={"min": 1, "max": 32768},
       sample=(32, 2048, 0), is_filterable=True, is_variant_compatible=True),
    _A(52, "screen_size_in", "Screen size, in", "number",
       rules={"min": 1, "max": 120}, sample=(4.7, 17.3, 1), is_filterable=True),
    _A(53, "operating_system", "Operating system", "select",
       ("Android", "iOS", "Windows", "macOS", "Linux", "ChromeOS", "Other")),
    _A(54, "processor", "Processor", "text", rules={"max_length": 120},
       sample="processor"),
    _A(55, "battery_mah", "Battery, mAh", "number", rules={"min": 100},
       sample=(1800, 6000, 0)),
    _A(56, "dual_sim", "Dual SIM", "boolean"),
    _A(57, "camera_mp", "Camera, MP", "number", sample=(5, 200, 1)),
    _A(58, "connectivity", "Connectivity", "multiselect",
       ("wifi", "bluetooth", "nfc", "5g", "lte", "usb_c", "hdmi"), labelled=True),
    _A(59, "resolution", "Resolution", "select",
       ("HD", "Full HD", "2K", "4K", "8K")),
    _A(61, "imei", "IMEI", "text", rules={"pattern": r"\d{15}"}, sample="imei"),
    _A(62, "original_box", "Original box", "boolean"),
    _A(63, "release_date", "Release date", "date", sample=(2016, 2026)),
    # Fashion.
    _A(70, "size", "Size", "size", CLOTHING_SIZES, is_filterable=True,
       is_variant_compatible=True, affects_stock=True),
    _A(71, "shoe_size", "Shoe size (EU)", "size", SHOE_SIZES, is_filterable=True,
       is_variant_compatible=True, affects_stock=True),
    _A(72, "material", "Material", "select",
       ("cotton", "wool", "leather", "polyester", "denim", "silk", "linen",
        "synthetic"), labelled=True, is_variant_compatible=True),
    _A(73, "gender", "Gender", "select",
       ("women", "men", "unisex", "girls", "boys"), labelled=True),
    _A(74, "season", "Season", "multiselect",
       ("Spring", "Summer", "Autumn", "Winter")),
    _A(75, "style", "Style", "select",
       ("Casual", "Formal", "Sport", "Vintage", "Streetwear")),
    _A(76, "pattern", "", "select",
       ("Solid", "Striped", "Checked", "Floral", "Printed")),
    _A(77, "age_group", "Age group", "select",
       ("0-1", "1-3", "3-7", "7-12", "12+"), labelled=True),
    # Jobs and services.
    _A(80, "salary_from", "Salary from", "number", rules={"min": 0},
       sample=(800, 6000, 0), is_filterable=True),
    _A(82, "employment_type", "Employment", "select",
       ("full_time", "part_time", "contract", "internship", "temporary"),
       labelled=True, is_filterable=True),
    _A(83, "experience_years", "Experience, years", "number",
       rules={"min": 0, "max": 50}, sample=(0, 15, 0)),
    _A(84, "remote_work", "Remote work", "boolean", is_filterable=True),
    _A(86, "skills", "Skills", "multiselect",
       ("Python", "SQL", "Excel", "Driving licence", "English", "Negotiation",
        "First aid", "Forklift")),
    _A(87, "start_date", "Start date", "date", sample=(2025, 2027)),
    _A(88, "service_area", "Service area", "text", sample="city"),
    _A(89, "price_per_hour", "Price per hour", "number", rules={"min": 0},
       sample=(10, 150, 0)),
    _A(90, "languages", "Languages", "multiselect",
       ("en", "de", "fr", "es", "pl", "uk", "zh"), labelled=True),
    # Everything else.
    _A(91, "breed", "Breed", "text", sample="breed", is_searchable=True),
    _A(92, "age_months", "Age, months", "number", rules={"min": 0},
       sample=(1, 180, 0)),
    _A(93, "vaccinated", "Vaccinated", "boolean"),
    _A(95, "weight_kg", "Weight, kg", "number", rules={"min": 0},
       sample=(0.1, 80, 2), is_variant_compatible=True),
    _A(96, "author", "Author", "text", sample="author", is_searchable=True),
    _A(97, "isbn", "ISBN", "text", rules={"pattern": r"97[89]\d{10}"},
       sample="isbn"),
    _A(98, "genre", "Genre", "select",
       ("Novel", "Crime", "Fantasy", "History", "Science", "Children", "Poetry")),
    _A(100, "frame_size", "Frame size", "size", ("XS", "S", "M", "L", "XL")),
    _A(102, "power_w", "Power, W", "number", rules={"min": 1},
       sample=(100, 3000, 0)),
    _A(103, "energy_class", "Energy class", "select",
       ("A+++", "A++", "A+", "A", "B", "C", "D")),
    _A(104, "dimensions_cm", "Dimensions (W×D×H, cm)", "text",
       rules={"pattern": r"\d+x\d+(x\d+)?", "max_length": 20},
       sample="dimensions"),
    _A(107, "expiry_date", "Best before", "date", sample=(2025, 2028)),
    _A(108, "volume_ml", "Volume, ml", "number", rules={"min": 1},
       sample=(5, 1000, 0), is_variant_compatible=True),
    _A(109, "skin_type", "Skin type", "multiselect",
       ("Normal", "Dry", "Oily", "Combination", "Sensitive")),
    _A(110, "platform", "Platform", "select",
       ("ps5", "ps4", "xbox_series", "switch", "pc"), labelled=True),
]  # fmt: skip
del _A

# Groups of attribute ids a category enables; ids in `required` are required
# by the category mapping (attribute 1 is required by its own definition).
GROUPS: dict[str, tuple[int, ...]] = {
    "goods": (1, 2, 3, 4, 5, 6, 7, 8),
    "models": (94,),
    "cars": (10, 11, 12, 13, 14, 15, 16, 19, 22, 23),
    "machines": (10, 11, 12, 14, 15),
    "boats": (10, 12, 15, 95),
    "tyres": (26,),
    "apartments": (30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41),
    "rent": (42, 43),
    "houses": (30, 31, 32, 37, 39, 41, 45, 46),
    "land": (31, 45, 46),
    "commercial": (31, 34, 37, 40, 46),
    "computing": (50, 51, 52, 53, 54, 62, 63),
    "phones": (50, 51, 52, 53, 55, 56, 57, 58, 61, 62, 63),
    "screens": (52, 59),
    "audio": (58, 62),
    "apparel": (70, 72, 73, 74, 75, 76),
    "footwear": (71, 72, 73, 74, 75),
    "kids": (77, 73),
    "jobs": (80, 82, 83, 84, 86, 87, 90),
    "services": (88, 89, 90, 84),
    "animals": (91, 92, 93, 73),
    "books": (96, 97, 98),
    "bicycles": (100, 95),
    "appliances": (102, 103, 104),
    "furniture": (104, 72),
    "beauty": (107, 108, 109),
    "games": (110,),
    "tickets": (88, 7),
    "heavy": (95, 102),
}

REQUIRED_BY_GROUP: dict[str, tuple[int, ...]] = {
    "cars": (10, 11, 12),
    "machines": (10,),
    "apartments": (30, 31),
    "houses": (31,),
    "land": (45,),
    "jobs": (82,),
    "apparel": (70,),
    "footwear": (71,),
    "phones": (51,),
    "books": (96,),
}

# Groups enabled for every leaf of a root, then the extra groups of a subtree
# (matched on the child's name, or "child/grandchild").
ROOT_GROUPS: dict[int, tuple[str, ...]] = {
    1: ("goods", "models"),
    2: (),
    3: ("jobs",),
    4: ("services",),
    5: ("goods",),
    6: ("goods",),
    7: ("goods", "kids"),
    8: ("goods",),
    9: (),
    10: ("goods", "heavy", "models"),
    11: ("goods", "models"),
    12: ("goods", "beauty"),
}
SUBTREE_GROUPS: dict[str, tuple[str, ...]] = {
    "Cars": ("cars",),
    "Motorcycles": ("machines",),
    "Trucks": ("machines", "heavy"),
    "Vans": ("machines",),
    "Buses": ("machines",),
    "Boats": ("boats",),
    "Agricultural machinery": ("machines", "heavy"),
    "Construction machinery": ("machines", "heavy"),
    "Auto parts": ("tyres",),
    "Apartments": ("apartments",),
    "Apartments/For rent": ("rent",),
    "Apartments/Short-term rent": ("rent",),
    "Houses": ("houses",),
    "Houses/For rent": ("rent",),
    "Rooms": ("apartments", "rent"),
    "Land plots": ("land",),
    "Garages and parking": ("land",),
    "Commercial property": ("commercial",),
    "Property abroad": ("houses",),
    "Appliances": ("appliances", "models"),
    "Furniture": ("furniture",),
    "Garden": ("furniture",),
    "Tools": ("appliances", "models"),
    "Lighting": ("appliances",),
    "Women's clothing": ("apparel",),
    "Men's clothing": ("apparel",),
    "Children's clothing": ("apparel", "kids"),
    "Shoes": ("footwear",),
    "Watches": ("models",),
    "Books": ("books",),
    "Musical instruments": ("models",),
    "Sports equipment/Bicycles": ("bicycles",),
    "Tickets": ("tickets",),
    "Dogs": ("animals",),
    "Cats": ("animals",),
    "Birds": ("animals",),
    "Aquarium": ("animals",),
    "Rodents": ("animals",),
    "Pet supplies": ("goods",),
    "Computers": ("computing",),
    "Tablets": ("computing",),
    "Phones": ("phones",),
    "TV and video": ("screens",),
    "Audio": ("audio",),
    "Video games": ("games",),
    "Wearables": ("phones",),
}

# Share of new listings per root, as a live marketplace sees them.
ROOT_WEIGHTS: dict[int, int] = {
    1: 16,
    2: 10,
    3: 5,
    4: 5,
    5: 12,
    6: 14,
    7: 6,
    8: 6,
    9: 3,
    10: 3,
    11: 18,
    12: 2,
}

# (id, name, display_name, type, options, affects_stock, affects_price); names
# overlap the marketplace ones under other spellings, as the two systems grew apart.
VARIANT_ATTRIBUTES: list[tuple[int, str, str, str, list[Any], bool, bool]] = [
    (1, "Colour", "", "color", ["Black", "White", "Red", "Blue", "Green", "Grey"],
     False, False),
    (2, "Size ", "Size", "size", ["XS", "S", "M", "L", "XL"], True, False),
    (3, "Memory", "", "select", ["64 GB", "128 GB", "256 GB", "512 GB"], True, True),
    (4, "Shoe size", "", "size", [str(size) for size in range(38, 46)], True, False),
    (5, "material", "Material", "select",
     ["Cotton", "Wool", "Leather", "Polyester", "Linen"], False, False),
    (6, "Storage", "", "select", ["128GB", "256GB", "512GB", "1TB"], True, True),
    (7, "Screen Size", "Screen", "select", ['13"', '14"', '15.6"', '16"'],
     False, True),
    (8, "Pattern", "", "select", ["Solid", "Striped", "Checked"], False, False),
    (9, "Volume", "", "select", ["30 ml", "50 ml", "100 ml"], True, True),
    (10, "Length", "", "text", [], False, False),
    (11, "Fit", "Fit", "select",
     [{"value": "slim", "label": "Slim"}, {"value": "regular", "label": "Regular"},
      {"value": "relaxed", "label": "Relaxed"}], False, False),
    (12, "Weight", "", "text", [], False, True),
    (13, "Gender", "", "select", ["Women", "Men", "Unisex"], False, False),
    (14, "Capacity", "Capacity", "select",
     [{"value": "1l", "label": "1 L"}, {"value": "1_5l", "label": "1.5 L"},
      {"value": "2l", "label": "2 L"}], True, True),
    (15, "Edition", "", "text", [], False, True),
]  # fmt: skip

# Free-text values of the text variant attributes, by variant attribute id.
VARIANT_TEXT_SAMPLES: dict[int, tuple[str, ...]] = {
    10: ('30"', '32"', '34"', "36"),
    12: ("1 kg", "2,5 kg", "5 kg", "10 kg", "20 kg"),
    15: ("Paperback", "Hardcover", "Collector's edition", "Pocket"),
}

# Storefront categories: the noun of their products and the variant attribute
# names they enable, spelled the way each team happened to type them.
STOREFRONT_CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Fashion/Women's clothing/Dresses": ("dress", ("Colour", "Size ", "material")),
    "Fashion/Women's clothing/Tops": ("top", ("colour", "size", "Pattern")),
    "Fashion/Men's clothing/T-shirts": ("T-shirt", ("COLOUR", "SIZE", "Fit")),
    "Fashion/Men's clothing/Jeans": ("jeans", ("Colour ", " size", "Length", "fit")),
    "Fashion/Shoes/Sneakers": ("sneakers", ("Colour", "Shoe Size", "gender")),
    "Fashion/Shoes/Boots": ("boots", ("colour", "shoe size ")),
    "Electronics/Phones": ("smartphone", ("Colour", "memory", "Storage")),
    "Electronics/Computers/Laptops": ("laptop", ("Memory ", "storage", "screen size")),
    "Electronics/Tablets": ("tablet", ("colour", "STORAGE")),
    "Health and beauty/Perfume": ("eau de parfum", ("Volume",)),
    "Home and garden/Kitchenware": ("kettle", ("Colour", "Capacity", "Material")),
    "Hobbies and leisure/Books/Fiction": ("novel", ("Edition",)),
    "Hobbies and leisure/Sports equipment/Fitness": ("dumbbell set", ("weight",)),
}
