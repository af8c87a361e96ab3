"""INSERT many model instances with one prepared statement (`executemany`).

`QuerySet.bulk_create` compiles every value through the ORM and, on SQLite, splits
inserts into statements of 999 parameters (about 20 rows of a record); for 100,000 rows
that costs more than everything else an import does. Here each value goes through the
field's own `get_db_prep_save` (or is passed as is for plain text, numbers, booleans and
foreign keys), which is what the ORM does too, without the per-statement compiling.

No signals are sent and primary keys are not set on the instances: callers that need
them read them back by a unique column (see `ids_by`).
"""

import operator

from django.db import connection, models
from django.utils import timezone

from .parties import chunks

PLAIN_EXACT = {
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.ForeignKey,
}
BATCH = 2000


MEMO = (models.DateField, models.DecimalField)  # DateTimeField is a DateField


def _converter(field):
    if type(field) in PLAIN_EXACT:
        if isinstance(field, models.ForeignKey) and not isinstance(
            field.target_field, models.AutoField | models.IntegerField
        ):
            return lambda value: field.get_db_prep_save(value, connection)
        return None  # the driver takes the value as is
    if isinstance(field, MEMO):  # few distinct values in an import: convert each once
        memo = {}

        def convert(value):
            try:
                return memo[value]
            except KeyError:
                memo[value] = converted = field.get_db_prep_save(value, connection)
                return converted

        return convert
    return lambda value: field.get_db_prep_save(value, connection)


def insert(model, objs, batch_size=BATCH, with_pk=False) -> bool:
    """Insert `objs`, model instances or dicts of attname → value (missing keys get the
    field's default); auto_now/auto_now_add fields are filled in.

    With `with_pk` on PostgreSQL the primary keys are reserved from the sequence first
    and set on the objects; returns whether it did (elsewhere read them back)."""
    if not objs:
        return with_pk
    as_dict = isinstance(objs[0], dict)
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    auto = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    now = timezone.now()  # one timestamp for the whole batch, as one statement would have
    for obj in objs:
        values = obj if as_dict else obj.__dict__
        for field in auto:
            if field.auto_now or values.get(field.attname) is None:
                values[field.attname] = now
        if as_dict:
            for field in fields:
                if field.attname not in values:
                    values[field.attname] = field.get_default()
    assigned = with_pk and connection.vendor == "postgresql"
    if assigned:
        pk = model._meta.pk
        for obj, value in zip(objs, reserve_ids(model, len(objs)), strict=True):
            (obj if as_dict else obj.__dict__)[pk.attname] = value
        fields = [pk, *fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        for batch in chunks(objs, batch_size):
            rows = prepared_rows(batch, fields, as_dict)
            if connection.vendor == "postgresql":  # a statement per row costs a round trip
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:  # SQLite: in-process, executemany has no per-row statement cost
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return assigned


def prepared_rows(objs, fields, as_dict=False) -> list:
    pick = operator.itemgetter(*[f.attname for f in fields])
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
    rows = []
    for obj in objs:
        row = list(pick(obj if as_dict else obj.__dict__))
        for index, convert in converters:
            row[index] = convert(row[index])
        rows.append(row)
    return rows


def reserve_ids(model, count: int) -> list:
    """Take `count` values from a PostgreSQL table's id sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def update(model, objs, field_names, batch_size=BATCH) -> int:
    """UPDATE `field_names` of `objs` (saved instances) in bulk."""
    if not objs:
        return 0
    pk = model._meta.pk
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY into a temporary table shaped like the columns, then one UPDATE … FROM.
            names = [quote(f.column) for f in [pk, *fields]]
            cursor.execute(
                f"CREATE TEMPORARY TABLE import_update ON COMMIT DROP AS "
                f"SELECT {', '.join(names)} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY import_update ({', '.join(names)}) FROM STDIN") as copy:
                for row in prepared_rows(objs, [pk, *fields]):
                    copy.write_row(row)
            sets = ", ".join(f"{n} = import_update.{n}" for n in names[1:])
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM import_update "
                f"WHERE {table}.{names[0]} = import_update.{names[0]}"
            )
            cursor.execute("DROP TABLE import_update")
            return len(objs)
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        sql = f"UPDATE {table} SET {assignments} WHERE {quote(pk.column)} = %s"
        for batch in chunks(objs, batch_size):
            cursor.executemany(sql, prepared_rows(batch, [*fields, pk]))
    return len(objs)


def instance_factory(model):
    """A constructor for new, unsaved instances that skips Model.__init__'s per-field
    work: every field starts at its default (defaults must not be mutable or callable
    per instance for the fields callers leave unset)."""
    fields = model._meta.concrete_fields
    template = {f.attname: f.get_default() for f in fields if not f.primary_key}
    template[model._meta.pk.attname] = None

    def new(**values):
        obj = model.__new__(model)
        obj._state = models.base.ModelState()
        obj.__dict__.update(template)
        obj.__dict__.update(values)
        return obj

    return new


def ids_by(model, column: str, keys, extra=None) -> dict:
    """{key: pk} for rows whose `column` is in `keys` (a unique column)."""
    found = {}
    queryset = model.objects.all() if extra is None else model.objects.filter(**extra)
    for chunk in chunks(keys, 500):
        found.update(queryset.filter(**{f"{column}__in": chunk}).values_list(column, "pk"))
    return found
