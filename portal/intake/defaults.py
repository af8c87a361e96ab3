"""Default lead categories and evidence file types (DOMAIN.md §5), created after migrate
and editable in the admin afterwards."""

from django.db import transaction

DEFAULT_CATEGORIES = (
    ("非法行医", "无证行医、超范围执业、非卫生技术人员行医"),
    ("医疗美容", "生活美容机构开展医疗美容、超项目执业"),
    ("欺诈骗保", "虚构诊疗、挂床住院、串换药品骗取医保基金"),
    ("医疗质量安全", "诊疗不规范、院感防控、医疗事故隐患"),
    ("违规收费", "乱收费、重复收费、未公示价格"),
    ("医德医风/回扣", "收受红包、回扣，开单提成"),
    ("号贩子/医托", "倒卖号源、医托拉客"),
    ("非医学需要胎儿性别鉴定", "非医学需要的胎儿性别鉴定、选择性别人工终止妊娠"),
    ("虚假医疗广告", "夸大疗效、虚假宣传"),
    ("传染病防控", "疫情报告、消毒隔离、医疗废物处置"),
    ("公共场所卫生", "宾馆、游泳场所、美容美发等场所卫生"),
    ("其他", ""),
)

# label, MIME type, extensions, is_image
DEFAULT_FILE_TYPES = (
    ("JPEG 图片", "image/jpeg", "jpg jpeg", True),
    ("PNG 图片", "image/png", "png", True),
    ("WebP 图片", "image/webp", "webp", True),
    ("HEIC 图片（苹果手机）", "image/heic", "heic heif", True),
    ("PDF 文档", "application/pdf", "pdf", False),
    ("Word 文档", "application/msword", "doc", False),
    (
        "Word 文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        False,
    ),
    ("Excel 表格", "application/vnd.ms-excel", "xls", False),
    (
        "Excel 表格",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        False,
    ),
    ("WPS/ODF 文档", "application/vnd.oasis.opendocument.text", "odt", False),
    ("MP3 录音", "audio/mpeg", "mp3", False),
    ("M4A 录音", "audio/mp4", "m4a", False),
    ("WAV 录音", "audio/x-wav", "wav", False),
    ("AMR 录音", "audio/amr", "amr", False),
    ("MP4 视频", "video/mp4", "mp4", False),
    ("MOV 视频", "video/quicktime", "mov", False),
    ("3GP 视频", "video/3gpp", "3gp", False),
)


def ensure_lead_defaults():
    from ..models import EvidenceFileType, LeadCategory

    with transaction.atomic():
        if not LeadCategory.objects.exists():
            LeadCategory.objects.bulk_create(
                LeadCategory(name=name, description=text, order=i * 10)
                for i, (name, text) in enumerate(DEFAULT_CATEGORIES, start=1)
            )
        existing = set(EvidenceFileType.objects.values_list("mime_type", flat=True))
        EvidenceFileType.objects.bulk_create(
            EvidenceFileType(label=label, mime_type=mime, extensions=ext, is_image=image)
            for label, mime, ext, image in DEFAULT_FILE_TYPES
            if mime not in existing
        )
