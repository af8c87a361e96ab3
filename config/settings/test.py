from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PORTAL_FIELD_KEY = "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q="
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run inline in tests; tests of the broker itself override this.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
ALLOWED_HOSTS = ["*"]
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    import os

    # A fresh key space per run so cached values never leak between runs.
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
# Cached pages would outlive each test's rolled-back database; tests of the cache enable it.
PORTAL_PAGE_CACHE = False
# With ELASTICSEARCH_URL set (the integration suite), tests write to their own indices.
SEARCH_INDEX_PREFIX = "test-portal-search"
# The CAPTCHA accepts "PASSED" in tests (django-simple-captcha's test mode).
CAPTCHA_TEST_MODE = True
PORTAL_NOTIFIER = "portal.intake.notify.ConsoleNotifier"
