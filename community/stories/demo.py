"""Demo stories: products, the Fjord Consulting partner section, customer stories written by
the community team and by the partner, partner articles, one story waiting for review and one
sent back with a comment, recommendations, advocates and member highlights.

Logos and pictures are drawn on the fly and kept small, so seeding stays fast. Every piece is
added only when it is missing, so running the seeder again adds nothing.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry

from community.core.demo import Output, register_seeder
from community.members.models import Industry, Region, User
from community.members.roles import Role

from .models import HighlightKind, MemberHighlight, Product, StoryAdvocate, StoryRecommendation
from .pages import ArticlePage, ArticleType, PartnerPage, StoryIndexPage, StoryPage
from .partners import onboard_partner
from .services import sync_advocates

MANAGER_EMAIL = "manager@example.com"
MEMBER_EMAIL = "member@example.com"
PARTNER_EMAIL = "partner@example.com"
PARTNER_NAME = "Fjord Consulting"
PARTNER_SUMMARY = (
    "Implementation partner for the Nordics: campaign orchestration, CRM integration and "
    "lead scoring for B2B and B2C teams."
)
PARTNER_WEBSITE = "https://fjord-consulting.example.com/"
PARTNER_ABOUT = (
    "<p>Fjord Consulting helps marketing teams in Norway, Sweden, Denmark and Finland get "
    "from a signed contract to their first live journey in weeks, not quarters.</p>"
    "<p>Twelve consultants, more than 80 implementations, and a habit of leaving every "
    "customer with a team that can run the platform on its own.</p>"
)
REVIEW_COMMENT = (
    "Thanks, Lars! Could you add one customer example and check the dashboard figures with "
    "the product team before we publish? Happy to help with either."
)

PRODUCTS = [
    ("Campaign Studio", "campaign-studio"),
    ("Journeys", "journeys"),
    ("Insights", "insights"),
    ("Connectors", "connectors"),
    ("Lead Scoring", "lead-scoring"),
]

SILENT_MAIL = "django.core.mail.backends.dummy.EmailBackend"
LOGO_SIZE = (256, 256)
HERO_SIZE = (1200, 630)
FONT_FILES = ("DejaVuSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf")


# -- What to write ------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    text: str
    name: str
    role: str
    # "company:<name>" quotes a demo member working there, or an e-mail a named account;
    # when nobody matches, the name and role above are shown without a member.
    member: str = ""


@dataclass(frozen=True)
class Picture:
    """An illustration placed in a story's body, drawn once and shared."""

    key: str
    caption: str
    alt_text: str


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    summary: str
    days_ago: int
    palette: tuple[str, str]
    tags: tuple[str, ...]
    body: list[tuple[str, Any]]
    customer: str = ""
    industry: str = ""
    region: str = ""
    audience: str = ""
    products: tuple[str, ...] = ()
    featured: bool = False
    advocates: tuple[str, ...] = ()
    recommenders: int = 0
    article_type: str = ""


def _cta(heading: str, text: str, label: str, url: str) -> tuple[str, dict]:
    return ("call_to_action", {"heading": heading, "text": text, "button_label": label, "url": url})


def _metrics(*pairs: tuple[str, str]) -> tuple[str, list[dict]]:
    return ("metrics", [{"value": value, "label": label} for value, label in pairs])


TEAM_STORIES = [
    Plan(
        slug="lumen-retail-abandoned-carts",
        title="How Lumen Retail won back 28% of abandoned carts with triggered journeys",
        summary=(
            "Lumen Retail replaced a single reminder email with a three-step journey that "
            "reacts to what shoppers do. Recovered revenue grew by 28% in one quarter, "
            "without a bigger discount."
        ),
        customer="Lumen Retail",
        industry="retail-e-commerce",
        region="LATAM",
        audience="b2c",
        products=("journeys", "campaign-studio"),
        tags=("automation", "ecommerce", "journeys", "personalization"),
        featured=True,
        days_ago=14,
        palette=("#db2777", "#f59e0b"),
        advocates=(MEMBER_EMAIL,),
        recommenders=9,
        body=[
            (
                "challenge",
                "<p>Lumen Retail sells home goods online and in 40 stores across Brazil. Seven "
                "in ten online carts were abandoned, and the one reminder email the team sent "
                "after 24 hours recovered barely 3% of them.</p>"
                "<p>Every shopper got the same message and the same 10% coupon, whether they "
                "had left a €9 candle or a €900 sofa behind.</p>",
            ),
            _metrics(
                ("+28%", "recovered revenue"),
                ("3 steps", "in the new journey"),
                ("-40%", "discount cost"),
            ),
            (
                "solution",
                "<p>With <b>Journeys</b>, the team built a reminder flow that listens to the "
                "shopper instead of the clock:</p>"
                "<ul><li>a first nudge after one hour, showing the exact items left behind;</li>"
                "<li>a second message the next day with reviews of those items;</li>"
                "<li>a coupon only for carts above the average order value, and only on day "
                "three.</li></ul>"
                "<p>Shoppers who come back and buy leave the journey at once, so nobody gets "
                "a reminder for something they already own.</p>",
            ),
            (
                "image",
                Picture(
                    "journey-map",
                    "The abandoned cart journey: every step waits for the shopper's next move.",
                    "A journey diagram from browse to cart, reminder, reviews, offer and purchase.",
                ),
            ),
            (
                "quote",
                Quote(
                    "We stopped shouting the same discount at everyone. The journey answers "
                    "what the shopper did, and that turned out to be worth more than the coupon.",
                    "Ana Souza",
                    "Marketing Operations Lead, Lumen Retail",
                    member=MEMBER_EMAIL,
                ),
            ),
            (
                "results",
                "<p>In the first quarter the journey recovered 28% more revenue than the old "
                "reminder, while spending 40% less on discounts. Unsubscribes from cart emails "
                "fell by half.</p>",
            ),
            _cta(
                "Build your first cart journey",
                "Start from the abandoned cart template and adapt the steps to your shop.",
                "Open the template",
                "https://www.example.com/templates/abandoned-cart",
            ),
        ],
    ),
    Plan(
        slug="bluebird-bank-mortgage-leads",
        title="Bluebird Bank doubles qualified mortgage leads with lead scoring",
        summary=(
            "Loan officers at Bluebird Bank were calling every web lead. A scoring model "
            "built on behaviour and fit now sends them only the ready ones, and qualified "
            "leads doubled in six months."
        ),
        customer="Bluebird Bank",
        industry="financial-services",
        region="NA",
        audience="both",
        products=("lead-scoring", "insights"),
        tags=("lead-scoring", "sales-alignment", "analytics"),
        featured=True,
        days_ago=37,
        palette=("#1d4ed8", "#06b6d4"),
        advocates=("company:Bluebird Bank",),
        recommenders=6,
        body=[
            (
                "challenge",
                "<p>Bluebird Bank's mortgage team received 4,000 web enquiries a month. Loan "
                "officers called them in the order they arrived, and most calls reached people "
                "who were just comparing rates.</p>",
            ),
            (
                "solution",
                "<p>Marketing and the lending team agreed on a shared definition of a "
                "<b>sales-ready lead</b> and built it in <b>Lead Scoring</b>: points for fit "
                "(income band, region, property value) and for behaviour (calculator use, rate "
                "alerts, a booked call).</p>"
                "<p>Leads above the threshold go straight to a loan officer; the rest enter a "
                "nurture track that teaches first-time buyers the process.</p>",
            ),
            _metrics(
                ("2x", "qualified leads"),
                ("-35%", "time to first call"),
                ("+18%", "approved applications"),
            ),
            (
                "quote",
                Quote(
                    "Our loan officers trust the score because they helped define it. That "
                    "made all the difference.",
                    "Dana Whitfield",
                    "Head of Lending Marketing, Bluebird Bank",
                    member="company:Bluebird Bank",
                ),
            ),
            (
                "results",
                "<p>Six months on, qualified leads have doubled, officers reach them 35% "
                "faster, and approved applications are up 18%. The model is reviewed together "
                "every quarter.</p>",
            ),
        ],
    ),
    Plan(
        slug="cedar-health-consent-aware-nurture",
        title="Cedar Health builds a consent-aware nurture program for clinics",
        summary=(
            "Cedar Health connected its CRM and consent records so every clinic receives only "
            "the messages it agreed to. Engagement rose by a third while complaints dropped "
            "to nearly zero."
        ),
        customer="Cedar Health",
        industry="healthcare-life-sciences",
        region="NA",
        audience="b2b",
        products=("connectors", "journeys"),
        tags=("consent", "integrations", "nurture", "compliance"),
        days_ago=58,
        palette=("#059669", "#84cc16"),
        advocates=("company:Cedar Health",),
        recommenders=4,
        body=[
            (
                "challenge",
                "<p>Cedar Health sells diagnostic equipment to 2,300 clinics. Consent was kept "
                "in three systems, and the marketing team exported lists by hand before every "
                "send, hoping nothing had changed in between.</p>",
            ),
            (
                "solution",
                "<p>Using <b>Connectors</b>, consent and preferences now sync every fifteen "
                "minutes from the CRM. Journeys check consent at each step, not just at "
                "entry, so a clinic that opts out mid-journey never hears from them again.</p>",
            ),
            (
                "results",
                "<p>Manual list exports are gone, email engagement is up 33%, and the "
                "compliance team signs off on new programs in days instead of weeks.</p>",
            ),
            _metrics(
                ("+33%", "email engagement"), ("0", "manual exports"), ("15 min", "consent sync")
            ),
            (
                "quote",
                Quote(
                    "Compliance used to be the last gate before launch. Now it is built into "
                    "every journey, and nobody waits for it.",
                    "Marcus Bell",
                    "Director of Marketing Operations, Cedar Health",
                    member="company:Cedar Health",
                ),
            ),
        ],
    ),
    Plan(
        slug="kestrel-software-trial-conversion",
        title="Kestrel Software lifts trial conversion by 22% with product signals",
        summary=(
            "Kestrel Software feeds in-app events into its nurture program, so trial users "
            "hear about the feature they are stuck on, not the next one in a fixed sequence."
        ),
        customer="Kestrel Software",
        industry="software-saas",
        region="EMEA",
        audience="b2b",
        products=("insights", "lead-scoring", "journeys"),
        tags=("product-led-growth", "automation", "lead-scoring"),
        days_ago=83,
        palette=("#7c3aed", "#ec4899"),
        advocates=("company:Kestrel Software",),
        recommenders=7,
        body=[
            (
                "challenge",
                "<p>Kestrel's 14-day trial sent the same seven emails to everyone. Users who "
                "had already connected their data were told how to connect their data.</p>",
            ),
            (
                "solution",
                "<p>Product events now flow into <b>Insights</b>: account created, data source "
                "connected, first report shared. Each trial user follows the branch that "
                "matches their progress, and a usage score tells sales which trials to call.</p>",
            ),
            (
                "image",
                Picture(
                    "results-dashboard",
                    "Trial conversion by week, before and after the new program.",
                    "A dashboard with weekly bars rising and a trend line going up.",
                ),
            ),
            _metrics(
                ("+22%", "trial conversion"),
                ("-3 days", "time to first report"),
                ("+41%", "sales-accepted trials"),
            ),
            (
                "results",
                "<p>Trial conversion is up 22%, and sales calls now land with the users most "
                "likely to buy.</p>",
            ),
            (
                "quote",
                Quote(
                    "The emails finally sound like they know what you did in the product "
                    "yesterday.",
                    "Jonas Weber",
                    "Lifecycle Marketing Manager, Kestrel Software",
                    member="company:Kestrel Software",
                ),
            ),
        ],
    ),
    Plan(
        slug="meridian-travel-nine-markets",
        title="Meridian Travel runs one campaign calendar across nine markets",
        summary=(
            "Meridian Travel's regional teams used to build every campaign nine times. With "
            "shared templates and local content blocks, they now launch together and adapt "
            "locally in an afternoon."
        ),
        customer="Meridian Travel",
        industry="travel-hospitality",
        region="APAC",
        audience="b2c",
        products=("campaign-studio",),
        tags=("localization", "email", "campaign-planning"),
        days_ago=121,
        palette=("#0891b2", "#6366f1"),
        recommenders=3,
        body=[
            (
                "challenge",
                "<p>Nine markets, six languages and one small central team: every seasonal "
                "campaign was rebuilt by each market, with different layouts, tracking and "
                "send times.</p>",
            ),
            (
                "solution",
                "<p>The central team now builds each campaign once in <b>Campaign Studio</b> "
                "with locked layout and tracking, and markets fill in local content blocks: "
                "language, offers, images and send times for their time zone.</p>",
            ),
            (
                "results",
                "<p>Campaigns launch in all markets in the same week, build time per market "
                "fell from two days to three hours, and reporting compares like with like.</p>",
            ),
            _metrics(
                ("9", "markets, one calendar"),
                ("3 h", "build time per market"),
                ("+12%", "bookings from email"),
            ),
            _cta(
                "Plan campaigns across markets",
                "See how shared templates and local content blocks work together.",
                "Read the guide",
                "https://www.example.com/guides/multi-market-campaigns",
            ),
        ],
    ),
]

PARTNER_STORIES = [
    Plan(
        slug="evergreen-energy-migration",
        title="Evergreen Energy moves 1.2 million customers to a new platform in ten weeks",
        summary=(
            "With Fjord Consulting, Evergreen Energy migrated its customer communication to a "
            "new platform during the busiest billing season, with no missed invoice reminder."
        ),
        customer="Evergreen Energy",
        industry="energy-utilities",
        region="EMEA",
        audience="b2c",
        products=("connectors", "campaign-studio"),
        tags=("migration", "integrations", "data-quality"),
        featured=False,
        days_ago=29,
        palette=("#16a34a", "#0ea5e9"),
        advocates=("company:Evergreen Energy",),
        recommenders=5,
        body=[
            (
                "challenge",
                "<p>Evergreen Energy's old email tool was end-of-life, and its contract ended "
                "in the middle of winter billing. 1.2 million customers, 300 templates and "
                "two CRMs had to move without a single missed reminder.</p>",
            ),
            (
                "solution",
                "<p>Fjord Consulting ran the move in three waves: service messages first, "
                "then billing, then marketing. <b>Connectors</b> kept both CRMs in sync, and "
                "every template was rebuilt once in <b>Campaign Studio</b> with shared "
                "components.</p>",
            ),
            _metrics(
                ("10 weeks", "from kickoff to cutover"),
                ("300 → 48", "templates"),
                ("0", "missed reminders"),
            ),
            (
                "quote",
                Quote(
                    "Fjord treated the cutover like an engineering project, with a rollback "
                    "plan for every wave. We never needed one.",
                    "Sigrid Holm",
                    "Head of Customer Communication, Evergreen Energy",
                    member="company:Evergreen Energy",
                ),
            ),
            (
                "results",
                "<p>The cutover happened on schedule, templates went from 300 to 48, and "
                "the team now ships a new campaign in a day.</p>",
            ),
        ],
    ),
    Plan(
        slug="pioneer-manufacturing-account-based-marketing",
        title="Pioneer Manufacturing turns distributor lists into account-based programs",
        summary=(
            "Pioneer Manufacturing and Fjord Consulting rebuilt lead scoring around accounts "
            "instead of contacts, and sales now spends its time on the distributors ready to "
            "grow."
        ),
        customer="Pioneer Manufacturing",
        industry="manufacturing",
        region="EMEA",
        audience="b2b",
        products=("lead-scoring", "insights"),
        tags=("abm", "lead-scoring", "sales-alignment"),
        featured=True,
        days_ago=67,
        palette=("#ea580c", "#facc15"),
        advocates=("company:Pioneer Manufacturing", MEMBER_EMAIL),
        recommenders=6,
        body=[
            (
                "challenge",
                "<p>Pioneer sells industrial pumps through 600 distributors. Scoring "
                "individual contacts hid the real signal: three people at the same "
                "distributor reading about the same product line.</p>",
            ),
            (
                "solution",
                "<p>Fjord Consulting added an account score next to the contact score in "
                "<b>Lead Scoring</b>, rolled up engagement per distributor in <b>Insights</b>, "
                "and gave account managers a weekly list of the ten accounts heating up.</p>",
            ),
            (
                "image",
                Picture(
                    "results-dashboard",
                    "Engagement per distributor account, week by week.",
                    "A dashboard with weekly bars rising and a trend line going up.",
                ),
            ),
            _metrics(
                ("+46%", "pipeline from distributors"),
                ("10", "hot accounts a week"),
                ("-30%", "cold calls"),
            ),
            (
                "results",
                "<p>Pipeline from distributors grew 46% in two quarters, and cold calls fell "
                "by almost a third.</p>",
            ),
            (
                "quote",
                Quote(
                    "Account scores gave our sales team a list they actually want to work "
                    "through on Monday morning.",
                    "Henrik Dahl",
                    "Marketing Director, Pioneer Manufacturing",
                    member="company:Pioneer Manufacturing",
                ),
            ),
        ],
    ),
    Plan(
        slug="granite-insurance-preference-center",
        title="Granite Insurance lets customers choose what they hear about",
        summary=(
            "A preference center built with Fjord Consulting cut unsubscribes by 60% at "
            "Granite Insurance: customers now pick topics and frequency instead of leaving."
        ),
        customer="Granite Insurance",
        industry="financial-services",
        region="EMEA",
        audience="both",
        products=("journeys", "connectors"),
        tags=("consent", "preference-center", "retention"),
        days_ago=152,
        palette=("#475569", "#14b8a6"),
        recommenders=2,
        body=[
            (
                "challenge",
                "<p>Granite Insurance had one choice for customers: everything or nothing. "
                "Unsubscribes were climbing, and with them the cost of reaching policy holders "
                "at renewal.</p>",
            ),
            (
                "solution",
                "<p>Fjord Consulting designed a preference center with five topics and three "
                "frequencies, synced through <b>Connectors</b> to the policy system, and "
                "routed every journey through it.</p>",
            ),
            (
                "results",
                "<p>Unsubscribes fell by 60%, and a third of the customers who visited the "
                "preference center chose more topics, not fewer.</p>",
            ),
            _metrics(
                ("-60%", "unsubscribes"),
                ("5", "topics to choose from"),
                ("+9%", "renewals by email"),
            ),
            _cta(
                "Talk to Fjord Consulting",
                "Planning a preference center? Fjord has built a dozen of them.",
                "Contact Fjord",
                "https://fjord-consulting.example.com/contact",
            ),
        ],
    ),
]

PARTNER_ARTICLES = [
    Plan(
        slug="five-checks-before-you-connect-your-crm",
        title="Five checks before you connect your CRM",
        summary=(
            "Most integration problems we fix were visible before the first sync. Here are the "
            "five checks we run with every customer before we connect a CRM."
        ),
        article_type=ArticleType.HOW_TO,
        industry="",
        audience="both",
        products=("connectors",),
        tags=("integrations", "data-quality", "crm"),
        days_ago=21,
        palette=("#0f766e", "#22d3ee"),
        recommenders=4,
        body=[
            (
                "text",
                "<p>We have connected more than 80 CRMs to the platform. The projects that "
                "went smoothly all started with the same five checks.</p>"
                "<ol><li><b>Who owns each field?</b> Decide which system wins for every field "
                "you sync, before the first run.</li>"
                "<li><b>How clean are the e-mail addresses?</b> Deduplicate on a normalised "
                "address, not the raw one.</li>"
                "<li><b>Where does consent live?</b> One source of truth, synced both ways.</li>"
                "<li><b>What counts as deleted?</b> Agree how deletions and merges travel.</li>"
                "<li><b>What are the API limits?</b> Plan batch sizes for your largest "
                "import.</li></ol>",
            ),
            (
                "text",
                "<p>Each check takes an hour. Skipping them usually costs weeks.</p>",
            ),
        ],
    ),
    Plan(
        slug="a-lead-score-sales-can-explain",
        title="A lead score your sales team can explain",
        summary=(
            "If sales cannot say why a lead scored 80, they will not trust it. How we design "
            "scoring models with sales, not for them."
        ),
        article_type=ArticleType.HOW_TO,
        audience="b2b",
        products=("lead-scoring",),
        tags=("lead-scoring", "sales-alignment"),
        days_ago=74,
        palette=("#9333ea", "#f97316"),
        recommenders=3,
        body=[
            (
                "text",
                "<p>A good score is one a sales rep can explain in a sentence: <i>“They fit "
                "our customer profile and asked for a price this week.”</i></p>"
                "<ul><li>Keep fit and behaviour as two separate scores.</li>"
                "<li>Use no more than ten rules to start with.</li>"
                "<li>Let behaviour points decay after 30 days.</li>"
                "<li>Review the threshold with sales every quarter.</li></ul>",
            ),
        ],
    ),
    Plan(
        slug="fjord-consulting-certified-journeys-partner",
        title="Fjord Consulting is now a certified Journeys partner",
        summary=(
            "Our whole consulting team passed the Journeys certification, and we are opening "
            "two free office hours a month for Nordic customers."
        ),
        article_type=ArticleType.ANNOUNCEMENT,
        audience="both",
        products=("journeys",),
        tags=("journeys", "partners", "nordics"),
        days_ago=104,
        palette=("#2563eb", "#a855f7"),
        recommenders=2,
        body=[
            (
                "text",
                "<p>All twelve Fjord consultants are now certified on <b>Journeys</b>. To "
                "celebrate, we are hosting free office hours on the first and third Thursday "
                "of every month: bring a journey you are building and we will review it "
                "together.</p>",
            ),
        ],
    ),
]

PENDING_STORY = Plan(
    slug="tidal-foods-loyalty-journeys",
    title="Tidal Foods grows loyalty sign-ups with in-store QR journeys",
    summary=(
        "Tidal Foods invited shoppers to join its loyalty program from a QR code at the till. "
        "A welcome journey turned 41% of sign-ups into repeat online customers."
    ),
    customer="Tidal Foods",
    industry="retail-e-commerce",
    region="EMEA",
    audience="b2c",
    products=("journeys", "campaign-studio"),
    tags=("loyalty", "retail", "journeys"),
    days_ago=0,
    palette=("#0d9488", "#fbbf24"),
    body=[
        (
            "challenge",
            "<p>Tidal Foods knew its in-store shoppers only as card transactions. The loyalty "
            "program had 8,000 members after three years.</p>",
        ),
        (
            "solution",
            "<p>Fjord Consulting set up QR codes at the tills that open a one-field sign-up "
            "form, and a four-step welcome journey with recipes based on the first basket.</p>",
        ),
        _metrics(("+41%", "repeat online customers"), ("5x", "loyalty sign-ups")),
        (
            "results",
            "<p>Sign-ups grew fivefold in six months, and 41% of new members bought online "
            "within their first month.</p>",
        ),
    ],
)

REJECTED_ARTICLE = Plan(
    slug="first-look-at-the-new-insights-dashboards",
    title="First look at the new Insights dashboards",
    summary="Our first impressions of the new Insights dashboards, and what they mean for reporting.",
    article_type=ArticleType.ANNOUNCEMENT,
    audience="both",
    products=("insights",),
    tags=("analytics", "reporting"),
    days_ago=0,
    palette=("#4f46e5", "#38bdf8"),
    body=[
        (
            "text",
            "<p>The new dashboards in <b>Insights</b> load faster and compare campaigns side "
            "by side. We estimate they will save most teams an hour a week of reporting.</p>",
        ),
    ],
)

HIGHLIGHTS = [
    (
        MEMBER_EMAIL,
        HighlightKind.AWARD,
        "Named Retail Marketing Operations Leader of the Year",
        "Ana was recognised by the Brazilian retail marketing association for Lumen Retail's "
        "abandoned cart journey and her work training store teams.",
        "https://awards.example.com/retail-marketing-operations",
        6,
    ),
    (
        "company:Kestrel Software",
        HighlightKind.TALK,
        "Speaking at Northwind Summit: product signals in trial nurture",
        "A 30-minute session on feeding in-app events into trial nurture programs, with the "
        "templates their team uses every day.",
        "https://summit.example.com/sessions/product-signals",
        12,
    ),
    (
        PARTNER_EMAIL,
        HighlightKind.PRESS,
        "Interviewed in Nordic MarTech Weekly",
        "Lars Eriksen on why migrations succeed or fail in the first two weeks, and what "
        "Fjord Consulting checks before any CRM is connected.",
        "https://martech-weekly.example.com/interviews/lars-eriksen",
        20,
    ),
]


# -- Seeding ------------------------------------------------------------------------------


@dataclass
class Context:
    manager: User
    partner: User
    index: StoryIndexPage
    partner_page: PartnerPage
    partner_collection: Collection
    products: dict[str, Product]
    industries: dict[str, Industry]
    regions: dict[str, Region]
    crowd: list[User]
    now: datetime = field(default_factory=timezone.now)
    recommendations: list[StoryRecommendation] = field(default_factory=list)
    _members: dict[str, User | None] = field(default_factory=dict)

    def member(self, key: str) -> User | None:
        """A demo member by e-mail, or "company:<name>": the first demo customer working there."""
        if key not in self._members:
            if key.startswith("company:"):
                self._members[key] = (
                    User.objects.filter(
                        email__endswith="@demo.example.com",
                        is_active=True,
                        profile__company=key.removeprefix("company:"),
                        groups__name=Role.CUSTOMER.value,
                    )
                    .select_related("profile")
                    .order_by("email")
                    .first()
                )
            else:
                self._members[key] = (
                    User.objects.filter(email=key).select_related("profile").first()
                )
        return self._members[key]


@register_seeder(name="stories", order=30)
def seed_stories(options: dict[str, Any], out: Output) -> None:
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    partner = User.objects.filter(email=PARTNER_EMAIL).first()
    index = StoryIndexPage.objects.first()
    if manager is None or partner is None or index is None:
        out("  The demo logins or the stories section are missing; seed members first.")
        return

    products_added = _ensure_products()
    onboarded = onboard_partner(
        name=PARTNER_NAME,
        member_emails=[PARTNER_EMAIL],
        summary=PARTNER_SUMMARY,
        website=PARTNER_WEBSITE,
    )
    context = Context(
        manager=manager,
        partner=partner,
        index=index,
        partner_page=onboarded.page,
        partner_collection=onboarded.collection,
        products={product.slug: product for product in Product.objects.all()},
        industries={industry.slug: industry for industry in Industry.objects.all()},
        regions={region.code: region for region in Region.objects.all()},
        crowd=list(
            User.objects.filter(
                email__endswith="@demo.example.com",
                is_active=True,
                groups__name=Role.CUSTOMER.value,
            ).order_by("email")[:80]
        ),
    )
    _complete_partner_page(context)

    added: dict[str, int] = {"stories": 0, "articles": 0, "waiting": 0, "sent back": 0}
    for plan in TEAM_STORIES:
        added["stories"] += _publish(context, plan, parent=index, author=manager)
    for plan in PARTNER_STORIES:
        added["stories"] += _publish(context, plan, parent=context.partner_page, author=partner)
    for plan in PARTNER_ARTICLES:
        added["articles"] += _publish(context, plan, parent=context.partner_page, author=partner)
    added["waiting"] += _submit_for_review(context, PENDING_STORY)
    added["sent back"] += _submit_for_review(context, REJECTED_ARTICLE, reject_with=REVIEW_COMMENT)
    recommendations = _recommend(context)
    highlights = _ensure_highlights(context)
    sync_advocates()

    if not any(added.values()) and not products_added and not highlights:
        live = StoryPage.objects.live().count()
        out(f"  {live} stories and articles already there; nothing to add.")
        return
    out(
        f"  {products_added} products, {added['stories']} stories, {added['articles']} "
        f"articles, {added['waiting']} draft waiting for review, {added['sent back']} sent "
        f"back with a comment, {recommendations} recommendations and {highlights} member "
        "highlights added."
    )


def _ensure_products() -> int:
    added = 0
    for order, (name, slug) in enumerate(PRODUCTS):
        _, created = Product.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order * 10}
        )
        added += created
    return added


def _complete_partner_page(context: Context) -> None:
    """Give the partner section a logo and an introduction, once."""
    page = context.partner_page
    if page.logo_id:
        return
    with transaction.atomic():
        page.logo = _image(
            f"{PARTNER_NAME} logo",
            lambda: _draw_logo(PARTNER_NAME, ("#1e3a8a", "#0ea5e9")),
            collection=context.partner_collection,
            owner=context.partner,
            extension="png",
        )
        page.about = PARTNER_ABOUT
        page.save_revision(user=context.manager).publish(user=context.manager)


def _publish(context: Context, plan: Plan, *, parent: Page, author: User) -> int:
    """Write the page as `author`; a community manager publishes it. 1 if added, else 0."""
    if parent.get_children().filter(slug=plan.slug).exists():
        return 0
    with transaction.atomic():
        page = _new_page(context, plan, parent=parent, author=author, live=True)
        page.save_revision(user=author).publish(user=context.manager)
        when = context.now - timedelta(days=plan.days_ago, hours=_hours(plan.slug))
        Page.objects.filter(pk=page.pk).update(
            first_published_at=when, last_published_at=when, latest_revision_created_at=when
        )
        page.revisions.update(created_at=when)
        PageLogEntry.objects.filter(page=page).update(timestamp=when)
        _add_recommenders(context, page, plan, published_at=when)
    return 1


def _submit_for_review(context: Context, plan: Plan, *, reject_with: str = "") -> int:
    """A partner's draft submitted to the review workflow; rejected with a comment if asked."""
    parent = context.partner_page
    if parent.get_children().filter(slug=plan.slug).exists():
        return 0
    # A seed is data, not events: Wagtail's review e-mails to managers and partner stay unsent.
    with transaction.atomic(), override_settings(EMAIL_BACKEND=SILENT_MAIL):
        page = _new_page(context, plan, parent=parent, author=context.partner, live=False)
        page.save_revision(user=context.partner)
        workflow = page.get_workflow()
        if workflow is None:
            return 1
        state = workflow.start(page, context.partner)
        if reject_with and state.current_task_state is not None:
            task_state = state.current_task_state
            task_state.task.specific.on_action(
                task_state, context.manager, "reject", comment=reject_with
            )
    return 1


def _new_page(context: Context, plan: Plan, *, parent: Page, author: User, live: bool):
    in_partner_section = parent.pk == context.partner_page.pk
    collection = context.partner_collection if in_partner_section else None
    hero = _image(
        f"{plan.customer or plan.title}: header picture",
        lambda: _draw_hero(plan.palette, seed=plan.slug),
        collection=collection,
        owner=author,
        extension="jpg",
    )
    fields: dict[str, Any] = {
        "title": plan.title,
        "slug": plan.slug,
        "owner": author,
        "live": live,
        "summary": plan.summary,
        "hero_image": hero,
        "industry": context.industries.get(plan.industry),
        "region": context.regions.get(plan.region),
        "audience": plan.audience,
        "featured": plan.featured,
        "body": _body(context, plan.body, collection=collection, owner=author),
        "advocates": [
            StoryAdvocate(member=member)
            for member in _unique(context.member(key) for key in plan.advocates)
        ],
    }
    if plan.article_type:
        page = ArticlePage(article_type=plan.article_type, **fields)
    else:
        logo = _image(
            f"{plan.customer} logo",
            lambda: _draw_logo(plan.customer, plan.palette),
            collection=collection,
            owner=author,
            extension="png",
        )
        page = StoryPage(customer_name=plan.customer, customer_logo=logo, **fields)
    page.products = [context.products[slug] for slug in plan.products if slug in context.products]
    page.tags.add(*plan.tags)
    parent.add_child(instance=page)
    return page


def _body(context: Context, blocks: list[tuple[str, Any]], *, collection, owner) -> list:
    body = []
    for block_type, value in blocks:
        if isinstance(value, Quote):
            value = _quote(context, value)
        elif isinstance(value, Picture):
            value = {
                "image": _image(
                    _ILLUSTRATIONS[value.key][0],
                    _ILLUSTRATIONS[value.key][1],
                    collection=collection,
                    owner=owner,
                    extension="png",
                ),
                "caption": value.caption,
                "alt_text": value.alt_text,
            }
        body.append((block_type, value))
    return body


def _quote(context: Context, quote: Quote) -> dict[str, Any]:
    member = context.member(quote.member) if quote.member else None
    if member is None:
        return {"text": quote.text, "name": quote.name, "role": quote.role, "member": None}
    profile = getattr(member, "profile", None)
    role = (
        ", ".join(part for part in (profile.job_title, profile.company) if part) if profile else ""
    )
    return {"text": quote.text, "name": str(member), "role": role, "member": member}


def _unique(members) -> list[User]:
    seen: dict[int, User] = {}
    for member in members:
        if member is not None:
            seen.setdefault(member.pk, member)
    return list(seen.values())


def _hours(slug: str) -> int:
    return random.Random(slug).randint(7, 17)


def _add_recommenders(context: Context, page: StoryPage, plan: Plan, *, published_at) -> None:
    if not plan.recommenders or not context.crowd:
        return
    rng = random.Random(f"recommend:{plan.slug}")
    members = rng.sample(context.crowd, min(plan.recommenders, len(context.crowd)))
    age = max((context.now - published_at).total_seconds(), 3600)
    context.recommendations.extend(
        StoryRecommendation(
            story=page,
            member=member,
            created_at=published_at + timedelta(seconds=rng.uniform(600, age)),
        )
        for member in members
        if member.pk != page.owner_id
    )


def _recommend(context: Context) -> int:
    """The recommendations of the stories added in this run."""
    if not context.recommendations:
        return 0
    StoryRecommendation.objects.bulk_create(context.recommendations, ignore_conflicts=True)
    return len(context.recommendations)


def _ensure_highlights(context: Context) -> int:
    added = 0
    today = timezone.localdate()
    for key, kind, headline, text, link, days_ago in HIGHLIGHTS:
        if MemberHighlight.objects.filter(headline=headline).exists():
            continue
        # Which demo members work where depends on the crowd's size; any customer will do.
        member = context.member(key) or (context.crowd[0] if context.crowd else None)
        if member is None:
            continue
        MemberHighlight.objects.create(
            member=member,
            kind=kind,
            headline=headline,
            text=text,
            link=link,
            starts_on=today - timedelta(days=days_ago),
        )
        added += 1
    return added


# -- Pictures -----------------------------------------------------------------------------


def _image(title: str, draw, *, collection: Collection | None, owner: User, extension: str):
    """The Wagtail image with this title in the collection, drawn and saved if missing."""
    Image = get_image_model()
    collection = collection or Collection.get_first_root_node()
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing
    picture: PillowImage.Image = draw()
    data = BytesIO()
    if extension == "jpg":
        picture.convert("RGB").save(data, "JPEG", quality=85, optimize=True)
    else:
        picture.save(data, "PNG", optimize=True)
    data.seek(0)
    name = f"{_file_stem(title)}.{extension}"
    image = Image(title=title, collection=collection, uploaded_by_user=owner)
    image.file = ImageFile(data, name=name)
    image.save()
    return image


def _file_stem(title: str) -> str:
    return slugify(title)[:60] or "picture"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _gradient(size: tuple[int, int], start: str, end: str) -> PillowImage.Image:
    """A soft diagonal gradient from `start` (top left) to `end` (bottom right)."""
    across = PillowImage.linear_gradient("L").rotate(90).transpose(PillowImage.FLIP_LEFT_RIGHT)
    down = PillowImage.linear_gradient("L")
    mask = PillowImage.blend(across, down, 0.4).resize(size, PillowImage.BICUBIC)
    return PillowImage.composite(
        PillowImage.new("RGB", size, _rgb(end)), PillowImage.new("RGB", size, _rgb(start)), mask
    )


def _initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


def _draw_logo(name: str, palette: tuple[str, str]) -> PillowImage.Image:
    width, height = LOGO_SIZE
    picture = _gradient(LOGO_SIZE, *palette).convert("RGBA")
    ring = PillowImage.new("RGBA", LOGO_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(ring)
    pen.ellipse((28, 28, width - 28, height - 28), outline=(255, 255, 255, 90), width=6)
    picture.alpha_composite(ring)
    pen = ImageDraw.Draw(picture)
    pen.text(
        (width / 2, height / 2),
        _initials(name),
        font=_font(92),
        fill=(255, 255, 255, 255),
        anchor="mm",
    )
    return picture.convert("RGB")


def _draw_hero(palette: tuple[str, str], *, seed: str) -> PillowImage.Image:
    rng = random.Random(seed)
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, *palette).convert("RGBA")
    glow = PillowImage.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(glow)
    for _ in range(7):
        radius = rng.randint(90, 260)
        x, y = rng.randint(0, width), rng.randint(0, height)
        pen.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=(255, 255, 255, rng.randint(28, 70)),
        )
    picture.alpha_composite(glow.filter(ImageFilter.GaussianBlur(36)))
    lines = PillowImage.new("RGBA", HERO_SIZE, (0, 0, 0, 0))
    pen = ImageDraw.Draw(lines)
    for step in range(4):
        base = height * (0.55 + step * 0.09)
        phase, waves = rng.uniform(0, math.tau), rng.uniform(1.2, 2.4)
        points = [
            (x, base + 22 * math.sin(phase + math.tau * waves * x / width))
            for x in range(0, width + 20, 20)
        ]
        pen.line(points, fill=(255, 255, 255, 46), width=3, joint="curve")
    picture.alpha_composite(lines)
    return picture.convert("RGB")


def _draw_dashboard() -> PillowImage.Image:
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, "#f8fafc", "#e2e8f0")
    pen = ImageDraw.Draw(picture)
    pen.rounded_rectangle(
        (60, 50, width - 60, height - 50), radius=24, fill="#ffffff", outline="#cbd5e1", width=2
    )
    pen.text((100, 86), "Conversion by week", font=_font(30), fill="#0f172a")
    pen.text((100, 130), "Before and after the new program", font=_font(20), fill="#64748b")
    left, bottom, top = 110, height - 110, 200
    weeks = 12
    step = (width - 220) / weeks
    values = [22, 24, 21, 25, 23, 26, 31, 34, 36, 39, 41, 44]
    for week, value in enumerate(values):
        x = left + week * step
        bar_top = bottom - (bottom - top) * value / 50
        colour = "#94a3b8" if week < 6 else "#6366f1"
        pen.rounded_rectangle((x + 10, bar_top, x + step - 10, bottom), radius=6, fill=colour)
    trend = [
        (left + week * step + step / 2, bottom - (bottom - top) * (value + 4) / 50)
        for week, value in enumerate(values)
    ]
    pen.line(trend, fill="#ec4899", width=5, joint="curve")
    for x, y in trend:
        pen.ellipse((x - 7, y - 7, x + 7, y + 7), fill="#ffffff", outline="#ec4899", width=3)
    pen.line((left, bottom, width - 110, bottom), fill="#cbd5e1", width=2)
    return picture


def _draw_journey() -> PillowImage.Image:
    width, height = HERO_SIZE
    picture = _gradient(HERO_SIZE, "#fdf2f8", "#fef3c7")
    pen = ImageDraw.Draw(picture)
    steps = ["Browse", "Cart", "Reminder", "Reviews", "Offer", "Purchase"]
    colours = ["#94a3b8", "#db2777", "#f59e0b", "#f59e0b", "#f59e0b", "#059669"]
    gap = (width - 200) / (len(steps) - 1)
    centres = [
        (100 + index * gap, height / 2 + (40 if index % 2 else -40)) for index in range(len(steps))
    ]
    pen.line(centres, fill="#e2e8f0", width=10, joint="curve")
    label_font = _font(24)
    for (x, y), label, colour in zip(centres, steps, colours, strict=True):
        pen.ellipse((x - 54, y - 54, x + 54, y + 54), fill="#ffffff", outline=colour, width=8)
        pen.ellipse((x - 16, y - 16, x + 16, y + 16), fill=colour)
        pen.text((x, y + 86), label, font=label_font, fill="#1f2937", anchor="mm")
    pen.text((width / 2, 80), "Abandoned cart journey", font=_font(34), fill="#1f2937", anchor="mm")
    return picture


_ILLUSTRATIONS = {
    "results-dashboard": ("Illustration: results dashboard", _draw_dashboard),
    "journey-map": ("Illustration: abandoned cart journey", _draw_journey),
}
