"""The Elasticsearch index: its analyzers, one Document class per kind, one source per doc.

Every kind lives in the same versioned index (`portal-search-v3`) behind one alias
(`portal-search`), so a query searches all kinds at once and one aggregation counts them.
Each kind has its own `elasticsearch-dsl` Document class over a shared mapping; a hit
comes back as the class of its kind (matched on the `kind` field).

Text is normalised in Python before it is sent (`search.text.normalize`: NFKC, lower
case, OpenCC traditional→simplified), because Elasticsearch has no OpenCC: `title`,
`body` and `codes.text` hold normalised text, `display_title`/`display_body` the
original for showing. The analyzers are the built-in `cjk` analyzer's parts (standard
tokenizer, cjk_width, lowercase, cjk_bigram) without its English stop words, indexing
unigrams too, so a one-character query matches as it does in the database backend.
"""

import datetime

from elasticsearch_dsl import (
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
    analyzer,
    token_filter,
)

from ..documents import SearchDoc
from ..kinds import DocKind
from ..text import normalize, pinyin_terms

CJK_INDEX = analyzer(
    "portal_cjk_index",
    tokenizer="standard",
    filter=[
        "cjk_width",
        "lowercase",
        token_filter("portal_cjk_bigram_unigrams", "cjk_bigram", output_unigrams=True),
    ],
)
# Queries are cut into bigrams only (a lone character stays a unigram): search.text.query_terms.
CJK_SEARCH = analyzer(
    "portal_cjk_search", tokenizer="standard", filter=["cjk_width", "lowercase", "cjk_bigram"]
)


def cjk_text(**kwargs):
    return Text(analyzer=CJK_INDEX, search_analyzer=CJK_SEARCH, **kwargs)


class PortalDocument(Document):
    """The mapping every kind shares. Subclasses (one per kind) set KIND."""

    KIND = ""

    key = Keyword()
    kind = Keyword()
    object_id = Long()
    title = cjk_text()
    body = cjk_text()
    display_title = Text(index=False)
    display_body = Text(index=False)
    url = Keyword(index=False, doc_values=False)
    code = Keyword(index=False, doc_values=False)
    # Exact identifiers in search.text.normalize_code form; `.text` finds parts of them.
    codes = Keyword(fields={"text": cjk_text()})
    pinyin = Keyword()
    facility_id = Long()
    region_code = Keyword()
    region_prefixes = Keyword()
    authority_id = Long()
    date = Date()
    year = Integer()
    penalty_type_ids = Integer()
    facility_type = Keyword()
    public_from = Date()
    public_until = Date()
    boost = Float()

    class Meta:
        dynamic = MetaField("strict")

    @classmethod
    def _matches(cls, hit):
        return bool(cls.KIND) and hit.get("_source", {}).get("kind") == cls.KIND


def _document_class(kind: DocKind):
    name = "".join(part.title() for part in kind.value.split("_")) + "Document"
    return type(name, (PortalDocument,), {"KIND": kind.value, "__module__": __name__})


DOCUMENTS = {kind.value: _document_class(kind) for kind in DocKind}
SOURCE_FIELDS = [
    "kind",
    "object_id",
    "display_title",
    "display_body",
    "url",
    "code",
    "codes",
    "date",
]


def index_definition(name: str, replicas: int = 0, building: bool = False) -> Index:
    """Settings and mappings of one concrete index. A build refreshes only when it ends."""
    index = Index(name)
    settings = {"number_of_shards": 1, "number_of_replicas": replicas}
    if building:
        settings["refresh_interval"] = "-1"
    index.settings(**settings)
    for document in DOCUMENTS.values():
        index.document(document)
    return index


def region_prefixes(code: str) -> list[str]:
    """Province, city and county prefixes of a county code: a region filter is one term."""
    if not code:
        return []
    return list(dict.fromkeys(p for p in (code[:2], code[:4], code) if p))


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def document_for(doc: SearchDoc) -> PortalDocument:
    """The kind's Document for a SearchDoc, id = its key."""
    pinyin = []
    for name in doc.names:
        pinyin.extend(pinyin_terms(name))
    document_class = DOCUMENTS[str(doc.kind)]
    return document_class(
        meta={"id": doc.key},
        key=doc.key,
        kind=str(doc.kind),
        object_id=doc.object_id,
        title=normalize(doc.title),
        body=normalize(doc.body),
        display_title=doc.title,
        display_body=doc.body,
        url=doc.url,
        code=doc.code,
        codes=doc.normalized_codes,
        pinyin=list(dict.fromkeys(pinyin)),
        facility_id=doc.facility_id,
        region_code=doc.region_code,
        region_prefixes=region_prefixes(doc.region_code),
        authority_id=doc.authority_id,
        date=_iso(doc.date),
        year=doc.date.year if doc.date else None,
        penalty_type_ids=list(doc.penalty_type_ids),
        facility_type=doc.facility_type,
        public_from=_iso(doc.public_from),
        public_until=_iso(doc.public_until),
        boost=float(doc.boost),
    )


def bulk_action(doc: SearchDoc, index: str) -> dict:
    """An `index` action for elasticsearch.helpers.bulk; empty values are left out (missing)."""
    action = document_for(doc).to_dict(include_meta=True)
    action["_index"] = index
    action["_source"] = {
        name: value for name, value in action["_source"].items() if value not in ("", None, [])
    }
    return action


def delete_action(key: str, index: str) -> dict:
    return {"_op_type": "delete", "_index": index, "_id": key}
