from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
if not PORTAL_FIELD_KEY:  # noqa: F405
    # A fixed development key so `make demo` works without configuration. Never in production.
    PORTAL_FIELD_KEY = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZC0="
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
