"""Production-like settings for benchmarks: DEBUG off, plus a bare "ceiling" view."""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("PORTAL_FIELD_KEY", "YmVuY2htYXJrLW9ubHkta2V5LW5ldmVyLXVzZS0xMjM=")

from config.settings.production import *  # noqa: E402,F403

ROOT_URLCONF = "benchmarks.bench_urls"
ALLOWED_HOSTS = ["*"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
