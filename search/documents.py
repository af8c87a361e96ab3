"""Search documents: what the index holds for each public thing, the same for every backend.

`documents(kind, ids)` yields one `SearchDoc` per object that may be public (now or on a
later date: a decision dated tomorrow is indexed with `public_from` tomorrow). Objects
that may never be public again (drafts, withdrawn, repaired, past their publicity) yield
nothing, and `indexing` deletes their documents. Natural persons get no facility document:
a person is findable through their public records only, and only while those are public.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags

from portal.models import RECORD_MODELS, Facility, PartyType
from portal.public.formatting import redact_id_numbers

from .kinds import DocKind
from .text import normalize_code

BODY_LIMIT = 4000  # characters of body text worth indexing per document
FACILITY_BOOST = 1.5  # a profile beats each of its records for the party's own name
PRIVATE_FACILITY_FIELDS = ("id_number", "id_number_digest", "legal_rep_id_number")
# Not read when building documents: skipped when loading (a rebuild reads every record).
UNUSED_FACILITY_FIELDS = (*PRIVATE_FACILITY_FIELDS, "created_at", "updated_at")
UNUSED_RECORD_FIELDS = (
    "first_published_at", "last_published_at", "go_live_at", "expire_at", "locked_at",
    "remarks", "withdrawn_at", "withdrawal_reason", "repaired_at", "repair_reason",
    "created_at", "updated_at",
)  # fmt: skip


@dataclass
class SearchDoc:
    kind: str
    object_id: int
    title: str
    body: str = ""
    url: str = ""
    codes: list = field(default_factory=list)  # exact identifiers, as written
    names: list = field(default_factory=list)  # spelled in pinyin too
    facility_id: int | None = None
    region_code: str = ""
    authority_id: int | None = None
    date: datetime.date | None = None
    penalty_type_ids: list = field(default_factory=list)
    facility_type: str = ""
    public_from: datetime.date | None = None
    public_until: datetime.date | None = None
    boost: float = 1.0

    @property
    def key(self) -> str:
        return doc_key(self.kind, self.object_id)

    @property
    def code(self) -> str:
        return self.codes[0] if self.codes else ""

    @property
    def normalized_codes(self) -> list:
        return list(dict.fromkeys(c for c in map(normalize_code, self.codes) if c))


def doc_key(kind, object_id) -> str:
    return f"{kind}:{object_id}"


def choice_label(model, field_name, value) -> str:
    """`get_FOO_display()` without its cost (it hashes every lazy choice label on each
    call: a third of a rebuild's time), memoised per language."""
    key = (model, field_name, value, translation.get_language())
    try:
        return _LABELS[key]
    except KeyError:
        choices = dict(model._meta.get_field(field_name).flatchoices)
        _LABELS[key] = label = str(choices.get(value, value))
        return label


_LABELS: dict = {}


def _join(*parts) -> str:
    """Body text: the parts joined, any resident ID number quoted in them masked (a
    person's number must not find their record), cut to BODY_LIMIT."""
    return redact_id_numbers(" ".join(str(p) for p in parts if p))[:BODY_LIMIT]


# --- records ------------------------------------------------------------------------------


def eligible_records(model, today=None):
    """Records that are public today or will be on their decision date."""
    today = today or timezone.localdate()
    return model.objects.filter(
        Q(publicity_ends_on__isnull=True) | Q(publicity_ends_on__gte=today),
        live=True,
        publishable=True,
        withdrawn_at__isnull=True,
        repaired_at__isnull=True,
    )


RECORD_TEXT = {
    DocKind.PENALTY: lambda r: (
        r.violation_type,
        _join(r.facts, r.penalty_categories, r.content, r.legal_basis, r.licence_affected),
    ),
    DocKind.LICENCE: lambda r: (
        r.certificate_name,
        _join(r.document_name, r.content, choice_label(type(r), "status", r.status)),
    ),
    DocKind.BLACKLIST: lambda r: (
        "严重失信主体名单",
        _join(r.listing_reason, r.listing_basis, r.removal_reason),
    ),
    DocKind.INSPECTION: lambda r: (
        r.task_name,
        _join(r.result, r.plan_name, r.inspection_type, r.result_detail),
    ),
    DocKind.PRACTICE_SCORE: lambda r: (
        f"不良执业行为记分 {r.points}分",
        _join(r.behaviour, r.legal_basis),
    ),
}


def record_docs(kind, ids=None, today=None, after=None):
    model = RECORD_MODELS[kind]
    qs = (
        eligible_records(model, today)
        .select_related("facility__region")
        .defer(*UNUSED_RECORD_FIELDS, *(f"facility__{name}" for name in UNUSED_FACILITY_FIELDS))
        .order_by("pk")
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if after:
        qs = qs.filter(pk__gt=after)
    if kind == DocKind.PENALTY:
        qs = qs.prefetch_related("penalty_types")
    for record in qs.iterator(chunk_size=1000) if ids is None else qs:
        yield record_doc(kind, record)


def record_doc(kind, record) -> SearchDoc:
    facility = record.facility
    name = record.party_name or facility.name
    heading, body = RECORD_TEXT[kind](record)
    names = [name]
    if facility.name != name:  # renamed since the decision: findable by either name
        names.append(facility.name)
        body = _join(facility.name, body)
    codes = [record.document_number]
    if kind == DocKind.LICENCE and record.licence_number:
        codes.append(record.licence_number)
    if facility.uscc:
        codes.append(facility.uscc)
    return SearchDoc(
        kind=kind,
        object_id=record.pk,
        title=redact_id_numbers(f"{name} {heading}".strip()),
        body=body,
        codes=codes,
        names=names,
        facility_id=facility.pk,
        region_code=facility.region.code if facility.region_id else "",
        authority_id=record.authority_id,
        date=record.decision_date,
        penalty_type_ids=(
            sorted(t.pk for t in record.penalty_types.all()) if kind == DocKind.PENALTY else []
        ),
        facility_type=facility.facility_type,
        public_from=record.decision_date,
        public_until=record.publicity_ends_on,
    )


# --- facilities ---------------------------------------------------------------------------


def facility_docs(ids=None, today=None, after=None):
    qs = (
        Facility.objects.exclude(party_type=PartyType.NATURAL_PERSON)
        .select_related("region")
        .defer(*UNUSED_FACILITY_FIELDS)
        .order_by("pk")
    )
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if after:
        qs = qs.filter(pk__gt=after)
    for facility in qs.iterator(chunk_size=1000) if ids is None else qs:
        yield facility_doc(facility)


def facility_doc(facility) -> SearchDoc:
    codes = [
        facility.uscc,
        facility.licence_number,
        facility.business_registration_no,
        facility.organisation_code,
        facility.institution_certificate_no,
        facility.social_organisation_no,
    ]
    return SearchDoc(
        kind=DocKind.FACILITY,
        object_id=facility.pk,
        title=facility.name,
        body=_join(
            choice_label(Facility, "facility_type", facility.facility_type), facility.address
        ),
        codes=[c for c in codes if c],
        names=[facility.name],
        facility_id=facility.pk,
        region_code=facility.region.code if facility.region_id else "",
        facility_type=facility.facility_type,
        boost=FACILITY_BOOST,
    )


# --- CMS pages ----------------------------------------------------------------------------


def _page_models():
    from cms.models import CasePage, NoticePage, PolicyDocumentPage, StandardPage

    return {
        DocKind.CASE: (CasePage,),
        DocKind.NOTICE: (NoticePage, PolicyDocumentPage),
        DocKind.PAGE: (StandardPage,),
    }


def page_kind(page) -> str | None:
    for kind, models in _page_models().items():
        if isinstance(page.specific, models):
            return kind
    return None


def _body_text(page) -> str:
    body = getattr(page, "body", None)
    if body is None:
        return ""
    try:
        return strip_tags(body.render_as_block())
    except Exception:  # a broken block must not stop the index: the title still counts
        return ""


def page_docs(kind, ids=None, today=None, after=None):
    pages = []
    for model in _page_models()[kind]:
        qs = model.objects.live().public()
        if model.__name__ == "CasePage":
            qs = qs.select_related("region", "category")
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        if after:
            qs = qs.filter(pk__gt=after)
        pages.extend(qs)
    for page in sorted(pages, key=lambda p: p.pk):
        yield page_doc(kind, page)


def page_doc(kind, page) -> SearchDoc:
    summary = getattr(page, "summary", "")
    with translation.override(settings.LANGUAGE_CODE):  # the path without /en/
        url = page.url or ""
    doc = SearchDoc(
        kind=kind,
        object_id=page.pk,
        title=page.title,
        body=_join(summary, _body_text(page)),
        url=url,
        date=(page.last_published_at or page.first_published_at or timezone.now()).date(),
    )
    if kind == DocKind.CASE:
        doc.date = page.case_date
        doc.body = _join(page.category.name, doc.body)
        doc.region_code = page.region.code if page.region_id else ""
    elif kind == DocKind.NOTICE:
        doc.date = page.issue_date
        doc.codes = [page.document_number] if page.document_number else []
        doc.body = _join(page.issuing_authority, doc.body)
    return doc


def documents(kind, ids=None, today=None, after=None):
    """Search documents of one kind (all, those of `ids` still eligible, or after an id),
    in id order."""
    if kind in RECORD_MODELS:
        return record_docs(kind, ids, today, after)
    if kind == DocKind.FACILITY:
        return facility_docs(ids, today, after)
    return page_docs(kind, ids, today, after)


def count_candidates(kind, today=None) -> int:
    """How many objects of a kind a rebuild goes through (for its progress bar)."""
    if kind in RECORD_MODELS:
        return eligible_records(RECORD_MODELS[kind], today).count()
    if kind == DocKind.FACILITY:
        return Facility.objects.exclude(party_type=PartyType.NATURAL_PERSON).count()
    return sum(m.objects.live().public().count() for m in _page_models()[kind])
