"""What the intake templates show besides the form itself: the four kinds in plain words,
the error summary, the evidence list and the `accept` hint of the file input."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import LeadKind
from . import flow, pending
from .evidence import allowed_types, limits

KIND_PAGES = [
    {
        "slug": "complaint",
        "kind": LeadKind.COMPLAINT,
        "title": LeadKind.COMPLAINT.label,
        "summary": _(
            "您或家人看病、体检、做美容时遇到的问题：乱收费、服务差、诊疗不规范、医疗安全隐患等。"
        ),  # fmt: skip
        "intro": _(
            "请告诉我们您在哪家机构遇到了什么问题。可以匿名；留下联系方式的，我们会告诉您处理结果。"
        ),  # fmt: skip
    },
    {
        "slug": "violation",
        "kind": LeadKind.VIOLATION,
        "title": LeadKind.VIOLATION.label,
        "summary": _(
            "您发现的违法违规行为：无证行医、生活美容店做医疗美容、骗取医保基金、收受回扣、号贩子等。"
        ),  # fmt: skip
        "intro": _(
            "请告诉我们谁在什么地方有什么违法违规行为。可以匿名；不想领取奖励的，请用这张表。"
        ),  # fmt: skip
    },
    {
        "slug": "reward",
        "kind": LeadKind.REWARD,
        "title": LeadKind.REWARD.label,
        "summary": _(
            "举报违法违规行为并申请奖励。须实名，经查证属实并立案查处的，给予一次性奖励。"
        ),  # fmt: skip
        "intro": _(
            "有奖举报须填写真实姓名、居民身份证号码和手机号码，并同意下面的奖励规则。"
        ),  # fmt: skip
    },
    {
        "slug": "nominate",
        "kind": LeadKind.NOMINATE,
        "title": LeadKind.NOMINATE.label,
        "summary": _(
            "您希望我们去检查某家医疗机构或公共场所（如宾馆、游泳馆、美容美发店），告诉我们检查什么、为什么。"
        ),  # fmt: skip
        "intro": _(
            "请告诉我们希望检查哪家机构、检查什么。我们会把它纳入监督检查的安排。可以匿名。"
        ),  # fmt: skip
    },
]
PAGE_OF_KIND = {page["kind"]: page for page in KIND_PAGES}
for _page in KIND_PAGES:
    _page["url_name"] = f"intake:{_page['slug']}"


def evidence_accept() -> str:
    """The file input's `accept`: the extensions of the allowed types (a hint only)."""
    extensions = []
    for file_type in allowed_types().values():
        extensions += [f".{ext.strip('.').lower()}" for ext in file_type.extensions.split()]
    return ",".join(dict.fromkeys(extensions))


def form_context(request, form, token, notice=None) -> dict:
    page = PAGE_OF_KIND[form.kind]
    bound = form.is_bound
    return {
        "form": form,
        "form_token": token,
        "notice": notice,
        "errors": form.error_list() if bound else [],
        "pending": pending.listed(request, token),
        "kind": page["slug"],
        "kind_page": page,
        "reward_kind": form.kind == LeadKind.REWARD,
        "chosen_facility": form.chosen_facility() if bound else None,
        "accept": evidence_accept(),
        "limits": limits(),
        "deadlines": flow.deadlines(),
        "reward": flow.reward_amounts(),
        "suggest_url": reverse("intake:facilities"),
        "breadcrumbs": [
            {"url": reverse("intake:report"), "label": _("投诉举报")},
            {"url": "", "label": page["title"]},
        ],
    }
