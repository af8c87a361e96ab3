from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = _("全文检索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .schedule import ensure_sweep_schedule
        from .signals import connect

        connect()
        post_migrate.connect(ensure_sweep_schedule, sender=self)
