"""The words the demo catalogue is made of: the category tree and each family's goods.

Brands and store names are invented, so the demo names no real company.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    name: str
    nouns: tuple[str, ...] = ()
    price_dollars: tuple[int, int] = (10, 100)
    children: tuple[CategorySpec, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class SpecTemplate:
    name: str
    values: tuple[str, ...]
    unit: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Family:
    """What the products under one root category have in common."""

    brands: tuple[str, ...]
    models: tuple[str, ...]
    colors: tuple[str, ...]
    specs: tuple[SpecTemplate, ...]
    facet: tuple[str, tuple[str, ...]]
    blurbs: tuple[str, ...]
    tags: tuple[str, ...]
    titled: bool = False


def _c(
    name: str,
    nouns: tuple[str, ...] = (),
    price: tuple[int, int] = (10, 100),
    children: tuple[CategorySpec, ...] = (),
    description: str | None = None,
) -> CategorySpec:
    return CategorySpec(name, nouns, price, children, description)


# fmt: off
CATEGORY_TREE: tuple[CategorySpec, ...] = (
    _c("Electronics", description="Gadgets, computers and everything that plugs in.", children=(
        _c("Audio", children=(
            _c("Headphones", ("Over-Ear Headphones", "Studio Headphones"), (40, 350), children=(
                _c("Wireless Earbuds", ("Wireless Earbuds", "Sport Earbuds"), (30, 250)),
            )),
            _c("Speakers", ("Bluetooth Speaker", "Bookshelf Speakers", "Soundbar"), (35, 600)),
        )),
        _c("Computers", children=(
            _c("Laptops", ("Laptop", "Ultrabook", "Gaming Laptop"), (450, 2400)),
            _c("Monitors", ("27-inch Monitor", "4K Monitor", "Ultrawide Monitor"), (150, 900)),
            _c("Keyboards & Mice", ("Mechanical Keyboard", "Wireless Mouse"), (20, 180)),
        )),
        _c("Phones & Tablets", children=(
            _c("Smartphones", ("Smartphone", "Compact Phone"), (200, 1200)),
            _c("Tablets", ("Tablet", "E-Reader"), (100, 900)),
        )),
    )),
    _c("Home & Kitchen", description="Cook, rest and work at home.", children=(
        _c("Kitchen", children=(
            _c("Cookware", ("Frying Pan", "Dutch Oven", "Saucepan Set"), (25, 300)),
            _c("Small Appliances", ("Blender", "Coffee Maker", "Air Fryer"), (30, 400)),
            _c("Knives", ("Chef's Knife", "Knife Block Set"), (20, 250)),
        )),
        _c("Furniture", children=(
            _c("Desks", ("Standing Desk", "Writing Desk"), (120, 800)),
            _c("Office Chairs", ("Ergonomic Chair", "Task Chair"), (90, 700)),
        )),
    )),
    _c("Fashion", description="Clothing, shoes and accessories.", children=(
        _c("Men", children=(
            _c("Men's Jackets", ("Rain Jacket", "Down Jacket"), (60, 350)),
            _c("Men's Shoes", ("Running Shoes", "Leather Boots"), (50, 250)),
        )),
        _c("Women", children=(
            _c("Women's Dresses", ("Wrap Dress", "Midi Dress"), (35, 220)),
            _c("Women's Shoes", ("Ankle Boots", "Trail Sneakers"), (50, 260)),
        )),
        _c("Accessories", children=(
            _c("Bags", ("Backpack", "Tote Bag", "Duffel Bag"), (25, 300)),
            _c("Watches", ("Analog Watch", "Field Watch"), (60, 600)),
        )),
    )),
    _c("Sports & Outdoors", description="Gear for the trail, the gym and the road.", children=(
        _c("Camping", children=(
            _c("Tents", ("2-Person Tent", "Family Tent"), (80, 600)),
            _c("Sleeping Bags", ("Down Sleeping Bag", "Camping Quilt"), (50, 400)),
        )),
        _c("Fitness", children=(
            _c("Yoga Mats", ("Yoga Mat", "Travel Yoga Mat"), (20, 120)),
            _c("Dumbbells", ("Adjustable Dumbbells", "Kettlebell"), (30, 450)),
        )),
    )),
    _c("Books", description="Stories, recipes and lives.", children=(
        _c("Fiction", children=(
            _c("Science Fiction", ("Science Fiction Novel", "Space Opera"), (8, 35)),
            _c("Mystery", ("Mystery Novel", "Detective Story"), (8, 30)),
        )),
        _c("Non-fiction", children=(
            _c("Cookbooks", ("Cookbook",), (15, 50)),
            _c("Biographies", ("Biography", "Memoir"), (12, 40)),
        )),
    )),
)
# fmt: on

_WARRANTY = SpecTemplate("Warranty", ("12", "24", "36"), "months")
_MODELS = ("Aria", "Pulse", "Nova", "Edge", "Core", "Studio", "Arc", "Summit", "Drift", "Halo")

FAMILIES: dict[str, Family] = {
    "Electronics": Family(
        brands=("Sonora", "Voltix", "Lumenor", "Kestrel", "Brightwave", "Orbital"),
        models=(*_MODELS, "Pro", "Max", "Air", "Mini"),
        colors=("Black", "Silver", "White", "Midnight Blue", "Graphite"),
        specs=(
            SpecTemplate("Weight", ("180", "320", "450", "900", "1400", "2100"), "g", "Physical"),
            SpecTemplate("Battery life", ("8", "12", "20", "30", "40"), "h", "Power"),
            SpecTemplate("Connectivity", ("Bluetooth 5.3", "USB-C", "Wi-Fi 6"), None, "Ports"),
            _WARRANTY,
        ),
        facet=("connectivity", ("Bluetooth", "Wired", "Wi-Fi")),
        blurbs=(
            "Crisp performance that keeps up with a full working day.",
            "Designed for long sessions, with controls that fall right under your fingers.",
            "A clean, minimal design that fits any desk.",
            "Updates and support included for years to come.",
        ),
        tags=("electronics", "tech", "gift"),
    ),
    "Home & Kitchen": Family(
        brands=("Hearthstone", "Maple & Co", "Copperleaf", "Nordhaus", "Everyday Living"),
        models=("Classic", "Essential", "Heritage", "Modern", "Signature", "Pure", "Craft"),
        colors=("Natural", "Charcoal", "Cream", "Sage", "Walnut", "Stainless"),
        specs=(
            SpecTemplate("Material", ("Stainless steel", "Cast iron", "Oak", "Cotton", "Bamboo")),
            SpecTemplate("Width", ("30", "45", "60", "120", "160"), "cm", "Dimensions"),
            SpecTemplate("Care", ("Dishwasher safe", "Hand wash", "Machine wash")),
            _WARRANTY,
        ),
        facet=("material", ("Steel", "Wood", "Cotton", "Ceramic")),
        blurbs=(
            "Made to be used every day and to last for years.",
            "Thoughtful details that make the daily routine easier.",
            "Easy to clean and built from durable materials.",
            "A timeless look for any home.",
        ),
        tags=("home", "kitchen", "everyday"),
    ),
    "Fashion": Family(
        brands=("Northline", "Atelier Rue", "Fernwood", "Urban Thread", "Solstice"),
        models=("Classic", "Urban", "Trail", "Weekend", "Heritage", "Coastal", "Metro"),
        colors=("Black", "Navy", "Olive", "Camel", "Burgundy", "Grey"),
        specs=(
            SpecTemplate(
                "Material", ("Organic cotton", "Merino wool", "Recycled nylon", "Leather")
            ),
            SpecTemplate("Fit", ("Regular", "Slim", "Relaxed"), None, "Sizing"),
            SpecTemplate("Care", ("Machine wash cold", "Hand wash", "Dry clean only")),
        ),
        facet=("material", ("Cotton", "Wool", "Leather", "Synthetic")),
        blurbs=(
            "A comfortable fit you will reach for again and again.",
            "Cut from soft, breathable fabric for all-day wear.",
            "Versatile enough for the office and the weekend.",
        ),
        tags=("fashion", "style", "apparel"),
    ),
    "Sports & Outdoors": Family(
        brands=("Ridgeback", "Peakform", "Trailmark", "Ironvale", "Bluefin"),
        models=("Summit", "Trek", "Flow", "Basecamp", "Ascent", "Core", "Ranger"),
        colors=("Forest Green", "Orange", "Slate", "Black", "Sky Blue"),
        specs=(
            SpecTemplate("Weight", ("0.4", "0.9", "1.6", "2.5", "4.0", "12"), "kg", "Physical"),
            SpecTemplate("Material", ("Ripstop nylon", "Natural rubber", "Cast iron", "TPE foam")),
            SpecTemplate("Season", ("3-season", "4-season", "All year")),
        ),
        facet=("activity", ("Hiking", "Camping", "Training", "Yoga")),
        blurbs=(
            "Tested outdoors in every kind of weather.",
            "Light enough to carry, tough enough to rely on.",
            "Built for training sessions that keep getting harder.",
        ),
        tags=("outdoors", "sport", "fitness"),
    ),
    "Books": Family(
        brands=("Harbor Press", "Lantern Books", "Quillstone", "Red Kite Publishing"),
        models=("Silent", "Last", "Hidden", "Golden", "Winter", "Lost", "Distant", "Bright"),
        colors=("Hardcover", "Paperback"),
        specs=(
            SpecTemplate("Pages", ("212", "288", "304", "356", "420", "512"), None, "Details"),
            SpecTemplate("Language", ("English",), None, "Details"),
            SpecTemplate("Format", ("Hardcover", "Paperback"), None, "Details"),
        ),
        facet=("format", ("Hardcover", "Paperback")),
        blurbs=(
            "A page-turner that readers could not put down.",
            "Warm, surprising and beautifully written.",
            "An instant favourite of book clubs everywhere.",
        ),
        tags=("books", "reading", "gift"),
        titled=True,
    ),
}

TITLE_NOUNS = (
    "Harbor",
    "Orchard",
    "Signal",
    "Garden",
    "Frontier",
    "River",
    "Lighthouse",
    "Kitchen",
)

STORE_WORDS = (
    (
        "Copper",
        "Harbor",
        "Maple",
        "Silver",
        "Juniper",
        "North",
        "Blue",
        "Golden",
        "Cedar",
        "Willow",
    ),
    ("Lane", "Street", "Corner", "Market", "Depot", "Bay", "Field", "Works", "House", "Trading"),
    ("Goods", "Supply", "Co.", "Outfitters", "Store", "Shop"),
)

STORE_PITCHES = (
    "Fast shipping and friendly support.",
    "Hand-picked products, tested before they ship.",
    "Family-run since 2009.",
    "Refurbished and new, always with a warranty.",
    "Great prices on the brands you love.",
)
