from .cases import CaseCategory, CaseIndexPage, CasePage
from .documents import (
    DocumentStatus,
    NoticeIndexPage,
    NoticePage,
    PolicyDocumentPage,
    PolicyIndexPage,
    PolicyType,
)
from .home_page import HomePage
from .standard import StandardPage
from .workflow import CaseReviewTask

__all__ = [
    "CaseCategory",
    "CaseIndexPage",
    "CasePage",
    "CaseReviewTask",
    "DocumentStatus",
    "HomePage",
    "NoticeIndexPage",
    "NoticePage",
    "PolicyDocumentPage",
    "PolicyIndexPage",
    "PolicyType",
    "StandardPage",
]
