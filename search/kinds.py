"""What the search covers: five record kinds, facilities, typical cases, notices, pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    LICENCE = "licence", _("行政许可")
    BLACKLIST = "blacklist", _("严重失信主体名单")
    INSPECTION = "inspection", _("双随机抽查结果")
    PRACTICE_SCORE = "practice_score", _("不良执业行为记分")
    FACILITY = "facility", _("机构")
    CASE = "case", _("典型案例")
    NOTICE = "notice", _("通知公告与政策文件")
    PAGE = "page", _("其他页面")


RECORD_KINDS = (
    DocKind.PENALTY,
    DocKind.LICENCE,
    DocKind.BLACKLIST,
    DocKind.INSPECTION,
    DocKind.PRACTICE_SCORE,
)
PAGE_KINDS = (DocKind.CASE, DocKind.NOTICE, DocKind.PAGE)

# Facets counted for every search, in the order the page shows them.
FACET_NAMES = ("kind", "region", "year", "authority", "penalty_type", "facility_type")
