"""Settings shared by every environment; everything variable comes from the environment.

With no environment at all the site runs embedded: SQLite, the database search
backend and django-q2's ORM broker. DATABASE_URL, REDIS_URL and ELASTICSEARCH_URL
switch to PostgreSQL, Redis and Elasticsearch.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Our apps come last so their post_migrate setup runs after Wagtail's permissions exist.
INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_q",
    "captcha",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "theme",
    "cms",
    "search",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            BASE_DIR / "theme" / "templates"
        ],  # before app templates: overrides Wagtail admin branding
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: SQLite by default, anything dj-database-url understands otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes. A 64 MiB page cache per
    # connection (SQLite's default is 2 MiB): at a million records the search index's
    # B-trees no longer fit in 2 MiB, and rebuilding it then rereads pages constantly.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and task broker: Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
else:
    # Shared by the web and worker processes of one machine (progress, invalidation).
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FileCache",  # FileBasedCache, culled rarely
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

Q_CLUSTER = {
    "name": os.environ.get("Q_CLUSTER_NAME", "portal"),
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 600,
    "retry": 720,
    "max_attempts": 3,
    "queue_limit": 50,
    "bulk": 10,
    "catch_up": False,
    "label": _("后台任务"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Search: see search/ (issue 4). Wagtail's own backend stays on the database.
# The database backend (SQLite FTS5 / PostgreSQL) always answers; with ELASTICSEARCH_URL set,
# Elasticsearch answers and the database index is the fallback (docs/search.md).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "portal-search")  # alias name
SEARCH_ELASTICSEARCH_TIMEOUT = float(os.environ.get("SEARCH_ELASTICSEARCH_TIMEOUT", "2"))
SEARCH_ELASTICSEARCH_WRITE_TIMEOUT = 30.0
SEARCH_ELASTICSEARCH_REPLICAS = int(os.environ.get("SEARCH_ELASTICSEARCH_REPLICAS", "0"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Internationalisation: zh-hans first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]

# --- Static and media. Uploaded evidence (issue 5) goes to PRIVATE_MEDIA_ROOT, never served.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail
WAGTAIL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "监督公示平台")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "xlsx", "txt", "zip"]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSNIPPETS_MENU_SHOW_ALL = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# --- Field encryption (personal data). Comma-separated Fernet keys, newest first: rotation
# adds a key in front; `manage.py rotate_field_key` re-encrypts with it.
PORTAL_FIELD_KEY = os.environ.get("PORTAL_FIELD_KEY", "")
# Keys the digests used to match encrypted values (e.g. an ID number on import); defaults to
# SECRET_KEY. Changing it requires `manage.py rotate_field_key` to recompute digests.
PORTAL_BLIND_INDEX_KEY = os.environ.get("PORTAL_BLIND_INDEX_KEY", "")

# --- Whole-page cache for anonymous visitors (portal/pagecache.py)
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))

# --- Bulk import
PORTAL_IMPORT_MAX_BYTES = int(os.environ.get("PORTAL_IMPORT_MAX_BYTES", str(200 * 1024 * 1024)))

# --- Complaint and report intake (portal/intake, docs/intake.md).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # a page in Chinese, not Django's English 403
PORTAL_EVIDENCE_MAX_FILES = 5
PORTAL_EVIDENCE_MAX_FILE_BYTES = 10 * 1024 * 1024
PORTAL_EVIDENCE_MAX_TOTAL_BYTES = 30 * 1024 * 1024
PORTAL_REPORT_RATE = os.environ.get("PORTAL_REPORT_RATE", "5/h")  # per IP and per session
PORTAL_TRACK_RATE = os.environ.get("PORTAL_TRACK_RATE", "10/h")  # wrong query codes per IP
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0"))  # X-Forwarded-For hops
PORTAL_DUPLICATE_WINDOW_DAYS = 90  # leads about the same thing within this many days
PORTAL_DUPLICATE_TEXT_SIMILARITY = 0.5  # or texts this alike (bigram Jaccard), see leads/duplicates
PORTAL_NOTIFIER = os.environ.get("PORTAL_NOTIFIER", "portal.intake.notify.ConsoleNotifier")
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_FONT_SIZE = 36
CAPTCHA_IMAGE_SIZE = (160, 60)
CAPTCHA_FLITE_PATH = os.environ.get("CAPTCHA_FLITE_PATH", "/usr/bin/flite")  # audio CAPTCHA
CAPTCHA_TIMEOUT = 10  # minutes
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
