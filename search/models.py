"""The database backend's index: one row per public document, one row per exact code.

The full-text part lives beside these tables and is made by the migration for the
database in use: an FTS5 table `search_fts` on SQLite (rowid = SearchDocument.id) and a
`fts` tsvector column with a GIN index on PostgreSQL. A rebuild writes a new generation
of rows and switches to it in one transaction, so searches never see a half-built index.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import DocKind


class SearchDocument(models.Model):
    generation = models.PositiveIntegerField(default=1)
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=DocKind.choices)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400, blank=True)
    code = models.CharField(max_length=100, blank=True)
    facility_id = models.BigIntegerField(null=True, blank=True)
    region_code = models.CharField(max_length=12, blank=True)
    authority_id = models.BigIntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    penalty_types = models.CharField(max_length=100, blank=True)  # "|1|3|"
    facility_type = models.CharField(max_length=24, blank=True)
    public_from = models.DateField(null=True, blank=True)
    public_until = models.DateField(null=True, blank=True)
    boost = models.FloatField(default=1.0)

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")
        constraints = [
            models.UniqueConstraint(fields=["generation", "key"], name="search_doc_generation_key")
        ]
        indexes = [
            # Not led by generation: a rebuild's key lookups in its new generation must
            # use the (generation, key) index, whatever the planner's statistics say.
            models.Index(fields=["kind", "-date"], name="search_doc_kind_newest"),
            models.Index(fields=["public_until"], name="search_doc_public_until"),
            models.Index(fields=["kind", "title"], name="search_doc_kind_title"),
        ]

    def __str__(self):
        return self.key


class SearchCode(models.Model):
    """An exact identifier (USCC, document or licence number) in canonical form."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = _("检索代码")
        verbose_name_plural = _("检索代码")

    def __str__(self):
        return self.code


class IndexBuild(models.Model):
    """One rebuild of one backend's index: what generation (or index name) it writes and
    how far each kind got, so an interrupted rebuild resumes where it stopped."""

    backend = models.CharField(max_length=20)
    generation = models.PositiveIntegerField()
    name = models.CharField(max_length=100, blank=True)  # the Elasticsearch index
    progress = models.JSONField(default=dict)  # kind -> last object id written
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("索引重建")
        verbose_name_plural = _("索引重建")
        constraints = [
            models.UniqueConstraint(fields=["backend", "generation"], name="index_build_generation")
        ]
        ordering = ["-generation"]

    def __str__(self):
        return f"{self.backend} #{self.generation}"
