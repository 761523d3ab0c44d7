"""The benign population's topical communities: their hashtags, captions and bios.

Each community has its own hashtags so that the benign graph has topical
clusters, and several carry hard negatives on purpose: cooking uses 🍕
#pizza and travel uses 🗺️ #travel innocently, and words such as Scunthorpe,
cocktail and therapist contain substrings that a naive matcher flags.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Community:
    """A topical community: its name, relative size, hashtags, captions and bios."""

    name: str
    weight: float
    hashtags: tuple[str, ...]
    captions: tuple[str, ...]
    bios: tuple[str, ...]


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "fashion",
        3.0,
        ("fashion", "ootd", "style", "thrift"),
        ("new fit today", "thrifted this jacket", "outfit check", "spring colours"),
        ("fashion lover | thrift queen", "stylist in training", "ootd every day"),
    ),
    Community(
        "nba",
        3.0,
        ("nba", "basketball", "hoops", "playoffs"),
        ("what a game last night", "buzzer beater!!", "playoff mood", "courtside view"),
        ("hoops fan 🏀", "basketball is life | #nba", "coach, dad, hooper"),
    ),
    Community(
        "embroidery",
        1.0,
        ("embroidery", "stitching", "needlework", "handmade"),
        ("finished this hoop", "french knots all day", "new pattern drop", "stitch by stitch"),
        ("embroidery artist | #embroidery", "slow stitching", "needle and thread"),
    ),
    Community(
        "spelunking",
        0.5,
        ("spelunking", "caving", "underground", "caves"),
        ("six hours underground", "squeeze of the day", "new cave mapped", "headlamp selfie"),
        ("caver | #spelunking", "underground explorer", "rope, light, repeat"),
    ),
    Community(
        "cooking",
        2.5,
        ("cooking", "pizza", "homemade", "foodie"),
        ("friday pizza night 🍕", "homemade dough", "sunday roast", "cocktail hour"),
        ("home cook | #pizza 🍕", "bakes bread, eats pizza", "chef at home | cocktail nerd"),
    ),
    Community(
        "gaming",
        3.0,
        ("gaming", "speedrun", "twitch", "retrogaming"),
        ("new personal best", "stream tonight", "retro haul", "boss down finally"),
        ("gamer | streamer", "speedrunner", "retro games collector"),
    ),
    Community(
        "travel",
        2.0,
        ("travel", "wanderlust", "roadtrip", "backpacking"),
        ("next stop 🗺️", "road trip day 3", "sunset from the ferry", "map in hand 🗺️"),
        ("wanderer | #travel 🗺️", "backpacker, 40 countries", "weekend wanderer"),
    ),
    Community(
        "football",
        2.5,
        ("football", "matchday", "scunthorpe", "groundhop"),
        ("matchday in Scunthorpe", "away day", "what a goal", "groundhop number 52"),
        ("Scunthorpe United fan", "groundhopper", "season ticket holder"),
    ),
    Community(
        "wellbeing",
        1.5,
        ("wellbeing", "mentalhealth", "selfcare", "therapy"),
        ("reminder to rest", "therapist tip of the week", "morning pages", "walk it off"),
        ("therapist | mental health", "self care daily", "counsellor and runner"),
    ),
    Community(
        "photography",
        2.0,
        ("photography", "filmphotography", "35mm", "streetphoto"),
        ("shot on film", "golden hour", "street scene", "new roll developed"),
        ("photographer 📷", "film shooter", "street photography"),
    ),
)

FIRST_NAMES = (
    "alex",
    "sam",
    "jo",
    "maria",
    "li",
    "omar",
    "nina",
    "kofi",
    "ana",
    "lee",
    "ravi",
    "eva",
    "tom",
    "zoe",
    "ivan",
    "mia",
    "noah",
    "lea",
    "yuki",
    "sara",
    "ben",
    "aisha",
    "leo",
    "ida",
)
LAST_NAMES = (
    "smith",
    "garcia",
    "chen",
    "okafor",
    "muller",
    "rossi",
    "khan",
    "silva",
    "novak",
    "brown",
    "kim",
    "lopez",
    "ng",
    "dubois",
    "haddad",
    "berg",
    "park",
    "costa",
    "singh",
    "walsh",
)
#: Bios for members who carry no indicator: they look like anyone else's.
PLAIN_BIOS = ("just vibes", "dm me", "new here", "living my life", "hi :)", "follow for more")
PLAIN_CAPTIONS = ("new post", "good morning", "weekend", "miss me?", "back again", "❤️")
