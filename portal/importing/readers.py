"""Turn an uploaded file into rows of cells: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK,
UTF-16 from Excel's "Unicode text") or XLSX. The file's content decides, not its name:
an XLSX renamed .csv is read as XLSX, a binary file renamed .csv is refused clearly."""

import csv
import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
HEADER_SEARCH_ROWS = 10


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is Chinese and shown as is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass
class Sheet:
    rows: list  # every row of the file/sheet, as lists of raw cell values
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""


def read_file(path, filename: str = "") -> Sheet:
    size = os.path.getsize(path)
    if size == 0:
        raise ImportFileError(_("文件是空的（0 字节）"))
    limit = getattr(settings, "PORTAL_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
    if size > limit:
        raise ImportFileError(
            _("文件过大（%(size)d MB），上限为 %(limit)d MB")
            % {"size": size // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )
    with open(path, "rb") as handle:
        head = handle.read(8)
    name = (filename or str(path)).lower()
    if head.startswith(ZIP_MAGIC):
        return read_xlsx(path)
    if head.startswith(OLE_MAGIC):
        raise ImportFileError(
            _("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再导入")
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("文件不是有效的 XLSX 文件（可能已损坏或只是改了扩展名）"))
    with open(path, "rb") as handle:
        data = handle.read()
    return read_csv_bytes(data)


def decode(data: bytes) -> tuple[str, str]:
    """Try UTF-8 (with or without BOM) strictly, then UTF-16 with a BOM, then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data[:4096]:
        raise ImportFileError(not_text_message())
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ImportFileError(
            _("无法识别文件编码：请将文件另存为 UTF-8 或 GBK/GB18030 编码的 CSV，或 XLSX")
        ) from None


def not_text_message():
    return _("文件内容不是 CSV 文本（可能是其他类型的文件改了扩展名）：请上传 CSV 或 XLSX 文件")


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def read_csv_bytes(data: bytes) -> Sheet:
    text, encoding = decode(data)
    if looks_binary(text):
        raise ImportFileError(not_text_message())
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(
            _("CSV 格式错误：%(error)s（请检查引号是否成对）") % {"error": exc}
        ) from None
    return Sheet(rows=rows, file_format="csv", encoding=encoding)


def read_xlsx(path) -> Sheet:
    from openpyxl import load_workbook

    broken = _("XLSX 文件已损坏或格式不正确，无法读取：请在 Excel 中重新保存后再导入")
    handle = open(path, "rb")  # a file object: openpyxl would refuse a name not ending .xlsx
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        handle.close()
        raise ImportFileError(broken) from exc
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        handle.close()
        raise ImportFileError(broken) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("XLSX 文件中没有工作表"))
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(broken) from exc
    finally:
        workbook.close()
        handle.close()
    return Sheet(rows=rows, file_format="xlsx")


def is_blank(row) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def find_header(rows, score) -> int:
    """Index of the header row: the first of the first rows that names ≥2 known columns,
    else the first non-blank row. Title rows above the header are thus skipped."""
    first = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if is_blank(row):
            continue
        if first is None:
            first = index
        if score(row) >= 2:
            return index
    if first is None:
        raise ImportFileError(_("文件中没有任何内容"))
    return first
