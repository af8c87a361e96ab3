"""Revisions and Wagtail audit-log entries for imported records, created in bulk.

Each created or changed record gets a `Revision` (as `RevisionMixin.save_revision` would
make it, content = `serializable_data()`) and one log entry, "wagtail.create" or
"wagtail.edit", all sharing one uuid so the history groups them as one action. One more
entry, "portal.import", carries the import's summary (file, counts, published or not); it
is attached to the first record written because Wagtail log entries belong to an object.
"""

import datetime
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision

from .fastinsert import insert
from .parties import chunks

IMPORT_ACTION = "portal.import"
RAW_TYPES = (str, int, float, Decimal, datetime.date, datetime.time, type(None))


def serializer(model):
    """A faster `serializable_data()` for a plain (non-cluster, non-MTI) model, giving the
    same JSON-ready dict as modelcluster's get_serializable_data_for_fields."""
    spec = [(f.name, f.attname, f.remote_field is not None, f) for f in model._meta.fields]
    spec = [s for s in spec if s[3].serialize]

    def serialize(obj):
        data = {"pk": obj.pk}
        values = obj.__dict__
        for name, attname, is_relation, field in spec:
            value = values[attname]
            if is_relation:
                data[name] = value
            elif isinstance(value, datetime.datetime):
                if timezone.is_naive(value):
                    value = timezone.make_aware(value, timezone.get_default_timezone())
                data[name] = timezone.localtime(value, datetime.UTC)
            elif isinstance(value, RAW_TYPES):
                data[name] = value
            else:
                data[name] = field.value_to_string(obj)
        return data

    return serialize


def make_revisions(model, records, user, now) -> list:
    """Create one revision per record; return [(record, revision id)]."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_type = model.get_base_content_type()
    user_id = user.pk if user is not None else None
    serialize = serializer(model)
    rows = [
        {
            "content_type_id": content_type.pk,
            "base_content_type_id": base_type.pk,
            "object_id": str(record.pk),
            "created_at": now,
            "user_id": user_id,
            "object_str": str(record),
            "content": serialize(record),
            "approved_go_live_at": None,
        }
        for record in records
    ]
    if insert(Revision, rows, with_pk=True):
        return [(record, row["id"]) for record, row in zip(records, rows, strict=True)]
    # Read the new ids back through the (base_content_type, object_id) index; an object's
    # newest revision is the one just made.
    ids = {}
    revisions = Revision.objects.filter(base_content_type_id=base_type.pk).order_by()
    for chunk in chunks([str(r.pk) for r in records]):
        for object_id, pk in revisions.filter(object_id__in=chunk).values_list("object_id", "id"):
            if pk > ids.get(object_id, 0):
                ids[object_id] = pk
    return [(record, ids[str(record.pk)]) for record in records]


def link_revisions(model, pairs, live: bool, drafted=()):
    """Point each record at its new revision (and its live revision when published).

    One parameterised UPDATE run with executemany: bulk_update's CASE expressions cost
    more than the rest of the import together."""
    drafted_ids = {record.pk for record in drafted}
    latest, both = [], []
    for record, revision_id in pairs:
        record.latest_revision_id = revision_id
        if live and record.pk not in drafted_ids:
            record.live_revision_id = revision_id
            both.append((revision_id, revision_id, record.pk))
        else:
            latest.append((revision_id, record.pk))
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    latest_col = quote(model._meta.get_field("latest_revision").column)
    live_col = quote(model._meta.get_field("live_revision").column)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if latest:
                sql = f"UPDATE {table} SET {latest_col} = %s WHERE {pk} = %s"
                cursor.executemany(sql, latest)
            if both:
                sql = f"UPDATE {table} SET {latest_col} = %s, {live_col} = %s WHERE {pk} = %s"
                cursor.executemany(sql, both)
            return
        # Elsewhere one statement per batch (the values are all integers).
        for rows, sets in (
            (latest, f"{latest_col} = v.r"),
            (both, f"{latest_col} = v.r, {live_col} = v.r"),
        ):
            for part in chunks([(revision, record) for revision, *_, record in rows], 20000):
                values = ", ".join(["(%s, %s)"] * len(part))
                cursor.execute(
                    f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v(r, i) WHERE {table}.{pk} = v.i",
                    [value for pair in part for value in pair],
                )


def log_entries(model, created, updated, revisions, user, now, published, summary):
    """Log entries as the admin would write them: "wagtail.create" or "wagtail.edit", and
    "wagtail.publish" for records that went live, then the import's summary entry.

    Each record's entries share a uuid of their own: Wagtail's history shows only the
    latest entry per (uuid, action), across objects, so one uuid for the whole import
    would hide all but one record's entries."""
    if not revisions:
        return None
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    user_id = user.pk if user is not None else None
    created_ids = {record.pk for record in created}

    def entry(record, action, revision_id, group, label=None, data=None):
        return {
            "content_type_id": content_type.pk,
            "label": label or str(record),
            "action": action,
            "data": data or {},
            "timestamp": now,
            "uuid": group,
            "user_id": user_id,
            "revision_id": revision_id,
            "content_changed": True,
            "deleted": False,
            "object_id": str(record.pk),
        }

    entries = []
    for record, revision_id in revisions:
        group = uuid.uuid4()
        action = "wagtail.create" if record.pk in created_ids else "wagtail.edit"
        entries.append(entry(record, action, revision_id, group))
        if published and record.live_revision_id == revision_id:
            entries.append(entry(record, "wagtail.publish", revision_id, group))
    first, first_revision = revisions[0]
    data = {**summary, "created": len(created), "updated": len(updated)}
    data["published"] = bool(published)
    label = summary.get("file")
    entries.append(entry(first, IMPORT_ACTION, first_revision, uuid.uuid4(), label, data))
    insert(ModelLogEntry, entries)
