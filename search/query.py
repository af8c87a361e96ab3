"""What a search asks and what it answers, the same for every backend.

`SearchQuery` is built by the search page, the API and `manage.py search_records`;
a backend's `search(query)` returns `SearchResults`. Facets are counted by the backend
(aggregation-only queries); labels are added afterwards by `search.facets`.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.utils import timezone

from .kinds import FACET_NAMES

SORTS = ("relevance", "date")
MAX_PAGE = 50  # deeper pages are refused: nobody reads page 51, robots do
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    kinds: tuple = ()  # DocKind values; empty = every kind
    region: str = ""  # a region code: its whole subtree matches
    authority: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    penalty_type: int | None = None
    facility_type: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    today: datetime.date | None = None
    facets: bool = True  # count facets (the page does; scripts need not)

    def on(self) -> datetime.date:
        return self.today or timezone.localdate()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def with_(self, **changes) -> "SearchQuery":
        return replace(self, **changes)

    def filters(self) -> dict:
        """The active filters by facet name (kinds included)."""
        values = {
            "kind": self.kinds,
            "region": self.region,
            "authority": self.authority,
            "year": self.year,
            "penalty_type": self.penalty_type,
            "facility_type": self.facility_type,
        }
        return {name: value for name, value in values.items() if value}


@dataclass
class Hit:
    key: str  # "penalty:123"
    kind: str
    object_id: int
    title: str
    url: str
    date: datetime.date | None = None
    code: str = ""  # document number, licence number or USCC: what identifies it
    title_html: str = ""  # escaped, query words in <mark>
    snippet_html: str = ""
    score: float = 0.0
    exact: bool = False  # the query was this document's code


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list = field(default_factory=list)
    total: int = 0
    total_is_lower_bound: bool = False  # "10,000+" rather than an exact figure
    facets: dict = field(default_factory=dict)  # facet name -> [FacetValue]
    kind_counts: dict = field(default_factory=dict)  # kind -> count, ignoring the kind filter
    backend: str = "db"
    suggestion: str = ""  # "did you mean" (a corrected code or query)
    elapsed_ms: float = 0.0

    @property
    def num_pages(self) -> int:
        pages = -(-self.total // self.query.per_page) if self.total else 0
        return min(pages, MAX_PAGE)


def empty_facets() -> dict:
    return {name: [] for name in FACET_NAMES}
