"""The full-text part of the database index, made for the database in use."""

from django.db import migrations

SQLITE = [
    # Terms are cut by search.text and joined with spaces; unicode61 only splits on them.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, extra, tokenize = \"unicode61 remove_diacritics 0\")",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_fts_new"]

POSTGRESQL = [
    "ALTER TABLE portal_search_searchdocument ADD COLUMN fts tsvector",
    "CREATE INDEX search_doc_fts ON portal_search_searchdocument USING gin (fts)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_doc_fts",
    "ALTER TABLE portal_search_searchdocument DROP COLUMN IF EXISTS fts",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
