"""The GET parameters of the search page and its JSON API, parsed into a `SearchQuery`.

Unlike the record lists (which drop a bad filter with a note), a bad value here is an
error the visitor sees next to the field and in a summary at the top: the page still
renders (200) and the API answers 400 with the same messages.

Parameters: q, kind (repeatable), region, authority, date_from, date_to, year,
penalty_type, facility_type, sort, page.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models.parties import FacilityType

from .kinds import DocKind
from .query import MAX_PAGE, MAX_QUERY_LENGTH, SORTS, SearchQuery

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"]
PER_PAGE = 20
SORT_LABELS = {"relevance": _("按相关度"), "date": _("按日期（最新在前）")}
# The filters a visitor can add and remove one by one (all but q, sort and page).
FILTER_PARAMS = (
    "kind",
    "region",
    "authority",
    "year",
    "penalty_type",
    "facility_type",
    "date_from",
    "date_to",
)
VISIBLE_FIELDS = ("q", "date_from", "date_to")  # the inputs shown when the form has errors
DATE_ERROR = _("请输入有效的日期，格式如 2025-03-05。")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("搜索关键词"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "搜索词太长：最多 %(limit_value)d 个字，当前 %(show_value)d 个字。请只输入名称、"
                "信用代码或文书号中的关键部分。"
            )
        },
    )
    kind = forms.MultipleChoiceField(
        label=_("信息类别"),
        choices=DocKind.choices,
        required=False,
        error_messages={"invalid_choice": _("没有“%(value)s”这一信息类别。")},
    )
    region = forms.RegexField(
        label=_("所在区划"),
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": _("区划代码应为六位数字。")},
    )
    authority = forms.IntegerField(
        label=_("决定机关"),
        min_value=1,
        required=False,
        error_messages={"invalid": _("决定机关无效。"), "min_value": _("决定机关无效。")},
    )
    date_from = forms.DateField(
        label=_("起始日期"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": DATE_ERROR},
    )
    date_to = forms.DateField(
        label=_("截止日期"),
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": DATE_ERROR},
    )
    year = forms.IntegerField(
        label=_("年份"),
        min_value=1949,
        max_value=2100,
        required=False,
        error_messages={
            "invalid": _("年份应为四位数字，如 2025。"),
            "min_value": _("年份应在 1949 至 2100 之间。"),
            "max_value": _("年份应在 1949 至 2100 之间。"),
        },
    )
    penalty_type = forms.IntegerField(
        label=_("处罚类别"),
        min_value=1,
        required=False,
        error_messages={"invalid": _("处罚类别无效。"), "min_value": _("处罚类别无效。")},
    )
    facility_type = forms.ChoiceField(
        label=_("机构类型"),
        choices=[("", "")] + FacilityType.choices,
        required=False,
        error_messages={"invalid_choice": _("没有“%(value)s”这一机构类型。")},
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        choices=list(SORT_LABELS.items()),
        required=False,
        error_messages={"invalid_choice": _("排序方式只能是按相关度或按日期。")},
    )
    page = forms.IntegerField(
        label=_("页码"),
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        error_messages={
            "invalid": _("页码应为数字。"),
            "min_value": _("页码应从 1 开始。"),
            "max_value": _(
                "最多只能查看前 %(limit_value)s 页结果。请增加关键词或筛选条件，缩小搜索范围。"
            ),
        },
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned

    # --- results of parsing ------------------------------------------------------------

    @property
    def text(self) -> str:
        """The query text (valid or not, stripped): what the search box shows."""
        if self.is_valid() or "q" not in self.errors:
            return self.cleaned_data.get("q", "")
        return (self.data.get("q") or "").strip()

    def value(self, name):
        """A cleaned value, or None/"" when absent or invalid."""
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def to_query(self, per_page=PER_PAGE, **extra) -> SearchQuery:
        """The SearchQuery of a valid form."""
        if not self.is_valid():
            raise ValueError("the search form has errors")
        data = self.cleaned_data
        sort = data.get("sort") or SORTS[0]
        return SearchQuery(
            text=" ".join(data.get("q", "").split()),
            kinds=tuple(dict.fromkeys(data.get("kind") or ())),
            region=data.get("region") or "",
            authority=data.get("authority"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            year=data.get("year"),
            penalty_type=data.get("penalty_type"),
            facility_type=data.get("facility_type") or "",
            sort=sort,
            page=data.get("page") or 1,
            per_page=per_page,
            **extra,
        )

    def params(self) -> dict:
        """The valid, non-empty parameters as GET values (lists for kind), without page."""
        self.is_valid()
        params = {}
        for name in ("q", *FILTER_PARAMS, "sort"):
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if name == "kind":
                value = list(dict.fromkeys(value or ()))
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            elif value is not None:
                value = str(value).strip()
            if name == "sort" and value == SORTS[0]:
                continue
            if value:
                params[name] = value
        return params

    def error_list(self) -> list[dict]:
        """[{"field", "id", "label", "message"}] in field order, for the error summary. `id`
        is the input's id; parameters without an input of their own (they come from links)
        point at the search box, under which their messages are shown."""
        self.is_valid()
        errors = []
        for name, field in self.fields.items():
            target = f"search-{name}" if name in VISIBLE_FIELDS else "search-q"
            for message in self.errors.get(name, []):
                errors.append(
                    {"field": name, "id": target, "label": field.label, "message": message}
                )
        return errors

    def link_errors(self) -> list[dict]:
        """Errors of the parameters that have no input on the page (shown under the box)."""
        return [e for e in self.error_list() if e["field"] not in VISIBLE_FIELDS]

    def errors_json(self) -> dict:
        self.is_valid()
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}
