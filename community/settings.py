"""Settings for the community platform, read from the environment.

With no variables set the site runs embedded: SQLite, in-memory channel layer and cache,
the database search backend, immediate tasks and e-mail printed to the console. Setting
DATABASE_URL, REDIS_URL, ELASTICSEARCH_URL, EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and
DEBUG=off moves the same code onto production engines.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "community"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "embedded-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = env.str("SITE_NAME", default="Northwind Community")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # daphne first so that `runserver` serves ASGI (WebSockets included).
    "daphne",
    "community.core",
    "community.members",
    "community.home",
    "community.stories",
    "community.notifications",
    "community.moderation",
    "community.search",
    "community.listening",
    "forums",
    "events",
    "learning",
    "careers",
    "community.insight",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "community.members.apps.MembersWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "community.core.bad_input.DropNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "community.core.page_posts.IncompletePagePreviewMiddleware",
    # Exceptions reach these two from the bottom up. A page read cut by a database restart is
    # read again once; before that, refusals (403, 422, 429) and a pool with no connection free
    # (503) are answered in one place.
    "community.core.lost_connections.RetryReadsOnLostConnectionMiddleware",
    "community.core.errors.DomainErrorMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"
ASGI_APPLICATION = "community.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "community.home.context_processors.site_chrome",
                "community.notifications.context_processors.notification_bell",
            ],
        },
    },
    {
        # The rows of long lists only (community/core/jinja.py): pages stay Django templates.
        "NAME": "rows",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "community.core.jinja.environment"},
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite waits for the write lock (IMMEDIATE transactions, busy timeout) instead of failing
# with "database is locked" when two requests write at once.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
else:
    # Checked before use: a connection broken by a database restart is replaced, not used.
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # Under ASGI every request runs in a thread of its own, so persistent per-thread connections
    # (CONN_MAX_AGE > 0) pile up until the server refuses clients: close them, or pool them.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        options = DATABASES["default"].setdefault("OPTIONS", {})
        # Searches over large indexes cross JIT's cost threshold, and compiling takes longer
        # (100 ms and more) than the statements it would speed up.
        options.setdefault("options", "-c jit=off")
        # Django's psycopg pool bounds each process to DATABASE_POOL_MAX_SIZE connections, shared
        # by all its threads; size it as described in the README. DATABASE_POOL=off leaves
        # pooling to an external pooler (PgBouncer) instead.
        if env.bool("DATABASE_POOL", default=True):
            options.setdefault(
                "pool",
                {
                    "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
                    "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
                    # Seconds a request waits for a free connection before it fails.
                    "timeout": env.float("DATABASE_POOL_TIMEOUT", default=20.0),
                },
            )
            DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections; Django must not
            # Prepared statements: a query run again on a pooled connection reuses its plan
            # instead of being planned each time (a topic page's main query takes about 8 ms to
            # plan and 2 ms to run). They need server-side parameter binding and live with the
            # connection, so they go with Django's own pool only: an external pooler in
            # transaction mode could not keep them. DATABASE_PREPARED_STATEMENTS=off turns them off.
            if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
                options.setdefault("server_side_binding", True)
                options.setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and channel layer -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Short socket timeouts: a hung Redis must cost a request milliseconds, not the whole worker.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
if REDIS_URL:
    from community.core.cache import redis_cache

    # A Redis that is down or hung reads as cache misses for every caller (django-redis'
    # IGNORE_EXCEPTIONS), skipped for a few seconds after each failure: the cache never fails a
    # page, nor makes it wait a timeout per cache call.
    CACHES = {
        "default": redis_cache(
            REDIS_URL,
            key_prefix=env.str("CACHE_KEY_PREFIX", default="community"),
            socket_timeout=REDIS_SOCKET_TIMEOUT,
            retry_after=env.float("REDIS_CACHE_RETRY_AFTER", default=2.0),
        )
    }
    _channel_host = {
        "address": REDIS_URL,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        # Longer than the layer's own 5 s blocking wait for messages, or idle
        # connections time out and drop their WebSockets.
        "socket_timeout": 15,
        "max_connections": env.int("CHANNEL_MAX_CONNECTIONS", default=200),
    }
    # Live pushes are hints (the database has the truth), so by default they travel over Redis
    # pub/sub: Redis hands each message to the processes listening at that moment, with no
    # per-message round trips to collect it, and subscriptions end with the process that held
    # them. `lists` is channels_redis' list-backed layer: messages wait up to a minute for a
    # process that is slow to collect them, one round trip each, and a burst of replies to a
    # followed topic outran it.
    CHANNEL_LAYER = env.str("CHANNEL_LAYER", default="pubsub")
    if CHANNEL_LAYER not in ("pubsub", "lists"):
        raise ImproperlyConfigured(f"CHANNEL_LAYER must be pubsub or lists, not {CHANNEL_LAYER!r}")
    _channel_config = {
        "hosts": [_channel_host],
        "prefix": env.str("CHANNEL_PREFIX", default="community"),
    }
    if CHANNEL_LAYER == "pubsub":
        _channel_backend = "channels_redis.pubsub.RedisPubSubChannelLayer"
    else:
        _channel_backend = "channels_redis.core.RedisChannelLayer"
        # Messages waiting per process: a burst (an announcement) reaches every member
        # connected to one worker through a single queue.
        _channel_config["capacity"] = env.int("CHANNEL_CAPACITY", default=20000)
    CHANNEL_LAYERS = {"default": {"BACKEND": _channel_backend, "CONFIG": _channel_config}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Configured explicitly: without CHANNEL_LAYERS, Channels has no layer at all.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Search -----------------------------------------------------------------------------
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
COMMUNITY_SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "database"
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="community")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.0)
# The Wagtail admin's own page search stays on the database.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background tasks (django-tasks, as used by Wagtail) --------------------------------
# With Redis (several processes) tasks wait in the database for `manage.py task_worker`, so a
# request that fans out to thousands of members returns at once, and the worker's live pushes
# reach every process through Redis. Embedded (one process, in-memory channel layer) they run
# inside the request, where their live pushes can reach the members connected to it.
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = env.str("TASKS_BACKEND", default="database" if REDIS_URL else "immediate")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}}
# /healthz reports the queue as stalled (no worker draining it) past this many seconds of waiting.
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=120)

# --- E-mail -----------------------------------------------------------------------------
# `python3 -m community demo` sets COMMUNITY_DEMO: e-mail is kept in the demo mailbox at
# /dev/mail/ with one line on the console per message, requests are logged once each, and a
# missing page shows the site's own 404 page although DEBUG is on.
COMMUNITY_DEMO = env.bool("COMMUNITY_DEMO", default=False)
DEV_MAIL_DIR = env.path("DEV_MAIL_DIR", default=BASE_DIR / "var" / "mail")
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
elif COMMUNITY_DEMO and DEBUG:
    EMAIL_BACKEND = "community.core.dev_mail.DemoMailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <community@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "community.members.backends.MemberModelBackend",
    "community.members.backends.MemberAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "community.members.forms.SignupSegmentForm"
ACCOUNT_ADAPTER = "community.members.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# allauth's rate limits (login, failed logins, sign-up, password reset, e-mail confirmation)
# are on by default and keyed on the cache; they are deliberately not switched off here.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
# The admin shows members' own pictures or initials; no e-mail hashes go to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILUSERS_PASSWORD_ENABLED = True

TAGGIT_CASE_INSENSITIVE = True

# --- Notifications ----------------------------------------------------------------------
# Requests never wait for the channel layer: each process's sender thread drains a queue of
# pushes. Longest one batch may take, how long pushes pause once the layer is down (refused,
# or timed out and failed a ping), and how many may wait (the oldest go first when full).
# The notification is in the database either way.
LIVE_PUSH_TIMEOUT = env.float("LIVE_PUSH_TIMEOUT", default=5.0)
LIVE_PUSH_BACKOFF = env.float("LIVE_PUSH_BACKOFF", default=5.0)
LIVE_PUSH_QUEUE = env.int("LIVE_PUSH_QUEUE", default=10000)
# Members an announcement reaches per database round trip and channel-layer burst.
ANNOUNCEMENT_BATCH_SIZE = env.int("ANNOUNCEMENT_BATCH_SIZE", default=1000)

# --- Moderation and trust ---------------------------------------------------------------
# Reports from this many different members hide an item until a community manager reviews it.
MODERATION_AUTO_HIDE_REPORTS = env.int("MODERATION_AUTO_HIDE_REPORTS", default=3)
# A new member's first posts wait for approval until this many have been approved.
MODERATION_HOLD_FIRST_POSTS = env.int("MODERATION_HOLD_FIRST_POSTS", default=2)
# Links a member may put in one post while their posts still need approval.
MODERATION_NEW_MEMBER_MAX_LINKS = env.int("MODERATION_NEW_MEMBER_MAX_LINKS", default=2)
# Per-member limits, "count/seconds"; community managers are exempt.
RATE_LIMITS = {
    "topic": env.str("RATE_LIMIT_TOPICS", default="5/600"),
    "reply": env.str("RATE_LIMIT_REPLIES", default="30/600"),
    "report": env.str("RATE_LIMIT_REPORTS", default="10/3600"),
    "kudos": env.str("RATE_LIMIT_KUDOS", default="60/600"),
    # New jobs (drafts and reposts) per employer: a busy recruiter stays well below it.
    "job": env.str("RATE_LIMIT_JOBS", default="20/3600"),
    # Autosave runs every few seconds while a member types; these only stop runaway scripts.
    "draft": env.str("RATE_LIMIT_DRAFTS", default="600/600"),
    "preview": env.str("RATE_LIMIT_PREVIEWS", default="120/600"),
}

# --- Members ----------------------------------------------------------------------------
AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
AVATAR_MAX_PIXELS = env.int("AVATAR_MAX_PIXELS", default=4096)
AVATAR_MIN_PIXELS = 32
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Careers: applications ---------------------------------------------------------------
# Largest CV a member may send, and how long applications (and their CVs) are kept once the
# job has closed.
CAREERS_CV_MAX_BYTES = env.int("CAREERS_CV_MAX_BYTES", default=5 * 1024 * 1024)
CAREERS_APPLICATION_RETENTION_DAYS = env.int("CAREERS_APPLICATION_RETENTION_DAYS", default=180)

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files only some people may read (job applicants' CVs): kept apart from MEDIA_ROOT and served by
# no URL of their own, only through views that check who is asking.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "community.core.static_files.HashedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Every admin image upload is decoded in full and re-encoded before it is stored.
WAGTAILIMAGES_IMAGE_FORM_BASE = "community.core.image_uploads.ImageForm"
# Partners embed videos: only these players, whatever URL an editor pastes.
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [
            {
                "endpoint": "https://www.youtube.com/oembed",
                "urls": [
                    r"^https?://(?:[-\w]+\.)?youtube\.com/watch.+$",
                    r"^https?://(?:[-\w]+\.)?youtube\.com/shorts/.+$",
                    r"^https?://youtu\.be/.+$",
                ],
            },
            {
                "endpoint": "https://vimeo.com/api/oembed.json",
                "urls": [r"^https?://(?:www\.)?vimeo\.com/.+$"],
            },
        ],
    }
]

# --- Security ---------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_ENGINE = "community.core.sessions"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging ----------------------------------------------------------------------------
# Everything goes through the root logger's one handler. Django's own default configuration
# also gives the "django" logger a console handler of its own; it is replaced here (no handlers,
# records propagate to the root), or every request and warning would print twice.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"quiet_assets": {"()": "community.core.demo_console.QuietAssets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
if COMMUNITY_DEMO:
    # One line per page opened: the access log says 404 already ("django.request" would add
    # a second line), and static files served fine are left out.
    LOGGING["formatters"]["plain"]["format"] = "%(asctime)s %(message)s"
    LOGGING["formatters"]["plain"]["datefmt"] = "%H:%M:%S"
    LOGGING["loggers"]["django.request"] = {"level": "ERROR"}
    LOGGING["loggers"]["django.channels.server"] = {"filters": ["quiet_assets"]}
    if DEBUG:
        MIDDLEWARE.append("community.core.demo_console.SiteNotFoundMiddleware")
