from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import KINDS
from .service import can_import, kind_label

ACCEPTED = (".csv", ".xlsx", ".txt")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("数据类型"))
    file = forms.FileField(
        label=gettext_lazy("文件"),
        help_text=gettext_lazy(
            "CSV（UTF-8、带 BOM 的 UTF-8 或 GBK/GB18030 编码）或 XLSX（读取第一个工作表）。"
            "表头可用中文列名、列代码（如 CF_XDR_MC）或英文别名。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("导入后直接发布"),
        required=False,
        help_text=gettext_lazy("仅对有发布权限的用户生效；没有发布权限时，记录保存为草稿待审核。"),
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("跳过不合格的行"),
        required=False,
        help_text=gettext_lazy(
            "不勾选时，只要有一行不合格，整个文件都不导入；勾选后导入合格的行，不合格的行列入报告。"
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("仅校验，不导入"),
        required=False,
        help_text=gettext_lazy("检查文件并显示将新增、更新多少条记录，不写入任何数据。"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [k for k in KINDS if user is None or can_import(user, k)]
        choices = [(k, kind_label(k)) for k in kinds]
        self.fields["kind"].choices = [("", _("请选择…")), *choices] if len(kinds) > 1 else choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "PORTAL_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
        if upload.size == 0:
            raise forms.ValidationError(_("文件是空的（0 字节）"))
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大，上限为 %(limit)d MB") % {"limit": limit // (1024 * 1024)}
            )
        name = (upload.name or "").lower()
        if not name.endswith(ACCEPTED):
            raise forms.ValidationError(_("只能导入 CSV 或 XLSX 文件"))
        return upload
