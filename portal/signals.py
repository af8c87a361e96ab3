"""Signals other apps listen to when public data changes without model signals.

Bulk imports, demo seeding and publicity recomputation write with bulk_create/bulk_update,
which send no post_save. They send `public_data_changed` instead, once committed:
`kind` is a RecordKind value or "facility"; `ids` the objects touched (None = all of them).
The search index listens (search/signals.py).
"""

from django.dispatch import Signal

public_data_changed = Signal()


def send_changed(kind, ids=None):
    public_data_changed.send(sender=None, kind=str(kind), ids=None if ids is None else list(ids))
