"""Live data for the home page blocks: every figure goes through `Model.objects.public(today)`.

`headline_figures` costs a fixed number of queries (one per record kind, 5 in all) whatever
the size of the data: counts and sums are aggregated in the database.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from portal.models import RECORD_MODELS, BlacklistEntry, PenaltyRecord, RecordKind

RECORD_LIST_URLS = {
    RecordKind.PENALTY: "/records/penalties/",
    RecordKind.LICENCE: "/records/licences/",
    RecordKind.BLACKLIST: "/records/blacklist/",
    RecordKind.INSPECTION: "/records/inspections/",
    RecordKind.PRACTICE_SCORE: "/records/scores/",
}
STATISTICS_URL = "/statistics/"


def penalty_url(record) -> str:
    return f"{RECORD_LIST_URLS[RecordKind.PENALTY]}{record.pk}/"


@dataclass
class HeadlineFigures:
    today: datetime.date
    by_kind: list = field(default_factory=list)  # [(kind, label, count, url)]
    total_public: int = 0
    fines_wan: Decimal = Decimal(0)  # 万元, as stored
    fined_decisions: int = 0
    blacklisted_parties: int = 0

    @property
    def fines_yuan(self) -> Decimal:
        return (self.fines_wan * 10000).quantize(Decimal(1))

    # Grouped digits whatever the locale's number format says ("817,100").
    @property
    def total_display(self) -> str:
        return f"{self.total_public:,}"

    @property
    def fines_wan_display(self) -> str:
        return f"{self.fines_wan:,.2f}"

    @property
    def fines_yuan_display(self) -> str:
        return f"{self.fines_yuan:,}"

    @property
    def blacklisted_display(self) -> str:
        return f"{self.blacklisted_parties:,}"

    @property
    def year(self) -> int:
        return self.today.year


def headline_figures(today=None) -> HeadlineFigures:
    today = today or timezone.localdate()
    figures = HeadlineFigures(today=today)
    year_start = datetime.date(today.year, 1, 1)
    for kind, model in RECORD_MODELS.items():
        public = model.objects.public(today).order_by()
        if model is PenaltyRecord:
            this_year = Q(decision_date__gte=year_start, fine_amount__gt=0)
            row = public.aggregate(
                count=Count("pk"),
                fines=Sum("fine_amount", filter=this_year),
                fined=Count("pk", filter=this_year),
            )
            figures.fines_wan = row["fines"] or Decimal(0)
            figures.fined_decisions = row["fined"]
        elif model is BlacklistEntry:
            row = public.aggregate(count=Count("pk"), parties=Count("facility", distinct=True))
            figures.blacklisted_parties = row["parties"]
        else:
            row = {"count": public.count()}
        label, url = model._meta.verbose_name, RECORD_LIST_URLS[kind]
        figures.by_kind.append((kind, label, row["count"], url, f"{row['count']:,}"))
        figures.total_public += row["count"]
    return figures


def latest_public_penalties(count, today=None):
    today = today or timezone.localdate()
    penalties = list(
        PenaltyRecord.objects.public(today)
        .order_by("-decision_date", "-id")
        .only("pk", "document_number", "party_name", "decision_date", "penalty_categories")[:count]
    )
    for penalty in penalties:
        penalty.public_url = penalty_url(penalty)
    return penalties


def latest_cases(count):
    from .models import CaseIndexPage, CasePage

    cases = list(
        CasePage.objects.live()
        .public()
        .select_related("category", "region")
        .order_by("-case_date", "-pk")[:count]
    )
    index = CaseIndexPage.objects.live().public().first()
    return cases, index


def latest_notices(count):
    from .models import NoticeIndexPage, NoticePage

    notices = list(NoticePage.objects.live().public().order_by("-issue_date", "-pk")[:count])
    index = NoticeIndexPage.objects.live().public().first()
    return notices, index
