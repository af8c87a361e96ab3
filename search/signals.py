"""What queues indexing: model saves and deletes, (un)publishing, bulk changes.

Saving a draft touches only revision fields (`latest_revision`, `has_unpublished_changes`):
the live object is unchanged, so nothing is queued and the public index stays as it was.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, published, unpublished

from .indexing import enqueue, enqueue_kind

DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
}


def _record_kind(sender):
    return getattr(sender, "kind", None)


def record_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS):
        return
    enqueue(_record_kind(sender), [instance.pk])


def record_published(sender, instance, **kwargs):
    kind = _record_kind(type(instance))
    if kind:
        enqueue(kind, [instance.pk])


def record_deleted(sender, instance, **kwargs):
    enqueue(_record_kind(sender), [instance.pk])


def facility_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from portal.models import RECORD_MODELS

    enqueue("facility", [instance.pk])
    # Records carry their party's name and region: re-index them too.
    for kind, model in RECORD_MODELS.items():
        enqueue(kind, model.objects.filter(facility=instance.pk).values_list("pk", flat=True))


def facility_deleted(sender, instance, **kwargs):
    enqueue("facility", [instance.pk])


def page_changed(sender, instance, **kwargs):
    from .documents import page_kind

    kind = page_kind(instance)
    if kind:
        enqueue(kind, [instance.pk])


def page_deleted(sender, instance, **kwargs):
    from .kinds import PAGE_KINDS

    for kind in PAGE_KINDS:  # its specific type may be gone already: unindex every kind
        enqueue(kind, [instance.pk])


def bulk_changed(sender, kind, ids=None, **kwargs):
    if ids is None:
        enqueue_kind(kind)
    else:
        enqueue(kind, ids)


def connect():
    from wagtail.models import Page

    from portal.models import RECORD_MODELS, Facility
    from portal.signals import public_data_changed

    for model in RECORD_MODELS.values():
        name = model.__name__
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-save-{name}")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"search-del-{name}")
    published.connect(record_published, dispatch_uid="search-published")
    unpublished.connect(record_published, dispatch_uid="search-unpublished")
    post_save.connect(facility_saved, sender=Facility, dispatch_uid="search-facility-save")
    post_delete.connect(facility_deleted, sender=Facility, dispatch_uid="search-facility-del")
    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="search-page-unpublished")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search-page-deleted")
    public_data_changed.connect(bulk_changed, dispatch_uid="search-bulk")
