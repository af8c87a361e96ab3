from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("网站内容")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .models import CaseCategory, CaseIndexPage
        from .setup import ensure_cms_defaults, on_case_index_saved

        post_migrate.connect(ensure_cms_defaults, sender=self)
        post_save.connect(on_case_index_saved, sender=CaseIndexPage, dispatch_uid="cms-case-index")
        try:
            from portal.pagecache import bump_version
        except ImportError:  # the page cache is optional
            return
        for signal in (post_save, post_delete):
            signal.connect(bump_version, sender=CaseCategory, dispatch_uid=f"cms-cat-{id(signal)}")
