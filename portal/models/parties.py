from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..credit_code import validate_uscc
from ..crypto import EncryptedTextField, blind_index
from ..id_number import mask_id_number, validate_id_number
from ..normalize import normalize_code
from .places import Region


class PartyType(models.TextChoices):
    ORGANISATION = "organisation", _("法人及非法人组织")
    NATURAL_PERSON = "natural_person", _("自然人")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")


class FacilityType(models.TextChoices):
    HOSPITAL = "hospital", _("医院")
    CLINIC = "clinic", _("诊所")
    OUTPATIENT = "outpatient", _("门诊部")
    COSMETIC = "cosmetic", _("医疗美容机构")
    CHECKUP = "checkup", _("体检中心")
    TOWNSHIP = "township", _("卫生院")
    COMMUNITY = "community", _("社区卫生服务中心")
    MATERNAL = "maternal", _("妇幼保健机构")
    DENTAL = "dental", _("口腔诊所")
    PUBLIC_PLACE = "public_place", _("公共场所")
    WATER = "water", _("供水单位")
    PRACTITIONER = "practitioner", _("医务人员")
    OTHER = "other", _("其他")


class Facility(models.Model):
    """A party records are about: an organisation or a natural person. One profile each."""

    party_type = models.CharField(
        _("行政相对人类别"),
        max_length=24,
        choices=PartyType.choices,
        default=PartyType.ORGANISATION,
    )
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_uscc],
    )
    business_registration_no = models.CharField(_("工商注册号"), max_length=50, blank=True)
    organisation_code = models.CharField(_("组织机构代码"), max_length=50, blank=True)
    tax_registration_no = models.CharField(_("税务登记号"), max_length=50, blank=True)
    institution_certificate_no = models.CharField(_("事业单位证书号"), max_length=50, blank=True)
    social_organisation_no = models.CharField(_("社会组织登记证号"), max_length=50, blank=True)
    licence_number = models.CharField(_("执业许可证号"), max_length=100, blank=True)
    facility_type = models.CharField(
        _("机构类型"), max_length=24, choices=FacilityType.choices, default=FacilityType.OTHER
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    legal_rep_id_type = models.CharField(_("法定代表人证件类型"), max_length=30, blank=True)
    legal_rep_id_number = EncryptedTextField(_("法定代表人证件号码"), blank=True)
    id_type = models.CharField(_("证件类型"), max_length=30, blank=True)
    id_number = EncryptedTextField(
        _("证件号码"),
        blank=True,
        help_text=_("自然人的证件号码加密存储，公开页面只显示首尾各一位。"),
    )
    id_number_masked = models.CharField(_("证件号码（脱敏）"), max_length=30, blank=True)
    id_number_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("行政相对人")
        verbose_name_plural = _("行政相对人（机构/人员）")
        indexes = [models.Index(fields=["name", "region"])]
        constraints = [
            models.CheckConstraint(condition=~Q(uscc=""), name="facility_uscc_null_not_empty")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.uscc = normalize_code(self.uscc) or None
        legacy = [
            self.business_registration_no,
            self.organisation_code,
            self.tax_registration_no,
            self.institution_certificate_no,
            self.social_organisation_no,
        ]
        if self.party_type != PartyType.NATURAL_PERSON and not self.uscc and not any(legacy):
            raise ValidationError(
                {"uscc": _("法人及非法人组织、个体工商户须填写统一社会信用代码（或原登记代码）。")}
            )
        if self.id_number and (not self.id_type or "身份证" in self.id_type):
            try:
                validate_id_number(self.id_number)
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.messages}) from exc

    def save(self, *args, **kwargs):
        self.uscc = normalize_code(self.uscc) or None
        number = normalize_code(self.id_number)
        self.id_number_masked = mask_id_number(number)
        self.id_number_digest = blind_index(number)
        super().save(*args, **kwargs)

    @property
    def is_natural_person(self):
        return self.party_type == PartyType.NATURAL_PERSON

    @property
    def public_identifier(self):
        """What a public page may show to identify the party."""
        if self.uscc:
            return self.uscc
        return self.id_number_masked
