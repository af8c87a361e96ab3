"""The five public record kinds as the public pages see them: URL slug, model, labels, fields.

Labels follow the national 双公示 columns (DOMAIN.md §2); a field without an entry in
`labels` uses its model's verbose_name.
"""

from dataclasses import dataclass, field

from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from portal.models import (
    BlacklistEntry,
    InspectionResult,
    LicenceRecord,
    PenaltyRecord,
    PracticeScore,
)


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    number_label: str
    date_label: str
    authority_label: str
    authority_code_label: str
    fields: tuple  # kind-specific fields shown on the detail page, in order
    summary: tuple  # fields shown on a list card
    labels: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.model._meta.verbose_name

    def field_label(self, name):
        if name in self.labels:
            return self.labels[name]
        return self.model._meta.get_field(name).verbose_name


KINDS = {
    kind.slug: kind
    for kind in (
        Kind(
            "penalties",
            PenaltyRecord,
            _("行政处罚决定书文号"),
            _("处罚决定日期"),
            _("处罚机关"),
            _("处罚机关统一社会信用代码"),
            fields=(
                "violation_type",
                "facts",
                "legal_basis",
                "penalty_categories",
                "content",
                "fine_amount",
                "confiscated_amount",
                "licence_affected",
                "valid_until",
            ),
            summary=("penalty_categories", "fine_amount", "violation_type"),
            labels={
                "penalty_categories": _("处罚类别"),
                "fine_amount": _("罚款金额"),
                "confiscated_amount": _("没收违法所得、没收非法财物的金额"),
            },
        ),
        Kind(
            "licences",
            LicenceRecord,
            _("行政许可决定文书号"),
            _("许可决定日期"),
            _("许可机关"),
            _("许可机关统一社会信用代码"),
            fields=(
                "document_name",
                "licence_category",
                "certificate_name",
                "licence_number",
                "content",
                "valid_from",
                "valid_to",
                "status",
            ),
            summary=("certificate_name", "licence_number", "valid_to"),
        ),
        Kind(
            "blacklist",
            BlacklistEntry,
            _("列入决定文书号"),
            _("列入日期"),
            _("列入机关"),
            _("列入机关统一社会信用代码"),
            fields=(
                "listing_reason",
                "listing_basis",
                "removal_planned_on",
                "removed_on",
                "removal_reason",
            ),
            summary=("listing_reason", "removal_planned_on"),
        ),
        Kind(
            "inspections",
            InspectionResult,
            _("抽查任务编号"),
            _("抽查完成日期"),
            _("抽查机关"),
            _("抽查机关统一社会信用代码"),
            fields=(
                "plan_number",
                "plan_name",
                "task_name",
                "inspection_type",
                "result",
                "result_detail",
            ),
            summary=("result", "task_name"),
        ),
        Kind(
            "scores",
            PracticeScore,
            _("记分决定文书号"),
            _("记分日期"),
            _("记分机关"),
            _("记分机关统一社会信用代码"),
            fields=("points", "behaviour", "legal_basis"),
            summary=("points", "behaviour"),
        ),
    )
}

KIND_BY_MODEL = {kind.model: kind for kind in KINDS.values()}


class KindConverter:
    """`<recordkind:kind>` in URLs: only the five slugs match (anything else falls through)."""

    regex = "|".join(KINDS)

    def to_python(self, value):
        return KINDS[value]

    def to_url(self, value):
        return value.slug if isinstance(value, Kind) else value


register_converter(KindConverter, "recordkind")
