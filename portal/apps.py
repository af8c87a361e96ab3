from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("公示数据")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .setup import ensure_defaults

        post_migrate.connect(ensure_defaults, sender=self)
        from .pagecache import connect_signals

        connect_signals()
