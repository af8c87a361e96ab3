"""Evidence uploads: limits enforced while the request streams in, the type recognised
from the content (not the name), images re-encoded without metadata (EXIF GPS).

`EvidenceUploadHandler` sits in front of Django's own handlers: it counts the bytes of
each file and of all files together and skips (discards unread) any file past a limit,
so an oversized upload never reaches memory or disk, and the rest of the form survives.
"""

import hashlib
import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024


def limits() -> dict:
    return {
        "files": getattr(settings, "PORTAL_EVIDENCE_MAX_FILES", 5),
        "file_bytes": getattr(settings, "PORTAL_EVIDENCE_MAX_FILE_BYTES", 10 * MB),
        "total_bytes": getattr(settings, "PORTAL_EVIDENCE_MAX_TOTAL_BYTES", 30 * MB),
    }


class EvidenceUploadHandler(FileUploadHandler):
    """Skips files beyond the count, size and total limits; records why on the request."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limits = limits()
        self.total = 0
        self.files = 0
        self.current = 0
        request.evidence_rejected = []  # (file name, reason)

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.current = 0
        self.refusal = None
        if not file_name:
            return
        self.files += 1
        if self.files > self.limits["files"]:
            # Skipped at its first chunk: SkipFile here would make Django close the file
            # the next handler has just finished.
            self.refusal = _("最多上传 %(n)d 个文件") % {"n": self.limits["files"]}

    def receive_data_chunk(self, raw_data, start):
        if self.refusal:
            self._reject(self.refusal)
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.current > self.limits["file_bytes"]:
            self.total -= self.current
            size = filesizeformat(self.limits["file_bytes"])
            self._reject(_("文件超过 %(size)s") % {"size": size})
        if self.total > self.limits["total_bytes"]:
            self.total -= self.current
            size = filesizeformat(self.limits["total_bytes"])
            self._reject(_("文件合计超过 %(size)s") % {"size": size})
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler builds the file

    def _reject(self, reason):
        self.refusal = None
        self.request.evidence_rejected.append((self.file_name, reason))
        raise SkipFile


def install_handler(request):
    """Put the limit handler first. Call before request.POST / FILES is read."""
    request.upload_handlers.insert(0, EvidenceUploadHandler(request))


@dataclass
class CheckedFile:
    name: str
    content_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


class EvidenceError(ValueError):
    pass


def allowed_types() -> dict:
    from ..models import EvidenceFileType

    return {t.mime_type: t for t in EvidenceFileType.objects.filter(active=True)}


def check_file(upload, allowed=None) -> CheckedFile:
    """Read one upload (already within the size limits), recognise its type from the
    content, re-encode images. Raises EvidenceError with a message for the citizen."""
    allowed = allowed_types() if allowed is None else allowed
    name = (upload.name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:150]
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in allowed:
        raise EvidenceError(
            _("“%(name)s”的文件内容不是允许的类型（图片、PDF、Office 文档、录音或视频）。")
            % {"name": name}
        )
    upload.seek(0)
    content = upload.read()
    file_type = allowed[kind.mime]
    extension = kind.extension
    content_type = kind.mime
    if file_type.is_image:
        try:
            content, content_type, extension = strip_metadata(content, kind.mime)
        except Exception as exc:  # a damaged or disguised image
            raise EvidenceError(_("图片“%(name)s”无法读取。") % {"name": name}) from exc
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return CheckedFile(
        name=f"{stem}.{extension}",
        content_type=content_type,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def strip_metadata(content: bytes, mime: str) -> tuple[bytes, str, str]:
    """Decode and re-encode the pixels only: EXIF (GPS, camera, time) and comments go."""
    from PIL import Image, ImageOps

    if mime == "image/heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        if mime == "image/png":
            clean = upright.copy()
            clean.info = {}
            clean.save(out, format="PNG", optimize=True)
            return out.getvalue(), "image/png", "png"
        rgb = upright.convert("RGB")
        rgb.save(out, format="JPEG", quality=90)
        return out.getvalue(), "image/jpeg", "jpg"


def save_evidence(lead, checked: CheckedFile, supplement=None):
    from ..models import Evidence

    evidence = Evidence(
        lead=lead,
        supplement=supplement,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # The stored name says nothing about the reporter or the content.
    evidence.file.save(f"{checked.sha256[:16]}.{checked.name.rsplit('.', 1)[-1]}",
                       ContentFile(checked.content), save=False)  # fmt: skip
    evidence.save()
    return evidence
