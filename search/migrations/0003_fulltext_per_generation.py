"""PostgreSQL: one partial GIN index per index generation instead of one for all rows.

A rebuild then writes its rows under no GIN index and builds the new generation's index
once at the end (search.backends.db_sql.PostgresFTS). Both databases: the kind/date index
no longer starts with the generation (see SearchDocument.Meta).
"""

from django.db import migrations, models


def active_generation(apps):
    build = (
        apps.get_model("portal_search", "IndexBuild")
        .objects.filter(backend="db", finished_at__isnull=False)
        .order_by("-generation")
        .first()
    )
    return build.generation if build else 1


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    generation = active_generation(apps)
    schema_editor.execute("DROP INDEX IF EXISTS search_doc_fts")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS search_doc_fts_g{generation} ON "
        f"portal_search_searchdocument USING gin (fts) WHERE generation = {generation}"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_doc_fts ON portal_search_searchdocument "
        "USING gin (fts)"
    )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_fulltext")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveIndex(model_name="searchdocument", name="search_doc_kind_date"),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["kind", "-date"], name="search_doc_kind_newest"),
        ),
    ]
