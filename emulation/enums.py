from django.db import models
from django.utils.translation import gettext_lazy as _


class Regime(models.TextChoices):
    R2017 = "R2017", _("Emulation Law 2003/2013 and Decree 91/2017/NĐ-CP")
    R2024 = "R2024", _("Emulation Law 2022 and Decree 98/2023/NĐ-CP")
    R2025 = "R2025", _("Emulation Law 2022 and Decree 152/2025/NĐ-CP")


class DocumentProfile(models.TextChoices):
    TT01_2011 = "TT01_2011", _("Circular 01/2011/TT-BNV (until 04/03/2020)")
    ND30_2020 = "ND30_2020", _("Decree 30/2020/NĐ-CP (from 05/03/2020)")


class DeadlineKind(models.TextChoices):
    REGISTRATION = "registration", _("Units send their title registrations")
    REPORT_HOME_AFFAIRS = (
        "report_home_affairs",
        _("Registration summary sent to the Department of Home Affairs"),
    )
    INITIATIVES = "initiatives", _("Initiative applications")
    NOMINATIONS = "nominations", _("Nomination dossiers")


class TitleSubject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    BOTH = "both", _("Individual or collective")


class CertificateKind(models.TextChoices):
    """What the Department prints for each awardee of a title (emulation.Title.certificate)."""

    NONE = "", _("No certificate")
    GIAY_KHEN = "giay_khen", _("Certificate of merit (giấy khen) of the Director")
    CHUNG_NHAN = "chung_nhan", _("Certificate of the title (giấy chứng nhận)")


class TitleCategory(models.TextChoices):
    EMULATION_TITLE = "emulation_title", _("Emulation title")
    REWARD_FORM = "reward_form", _("Form of reward")


class Authority(models.TextChoices):
    DIRECTOR = "director", _("Director of the Department")
    PROVINCE_CHAIRMAN = "province_chairman", _("Chairman of the Provincial People's Committee")
    MINISTER = "minister", _("Minister of Justice")


class TargetMeasure(models.TextChoices):
    DEPARTMENT_AWARD = "department_award", _("The Department receives one of the titles")
    UNIT_SHARE = "unit_share", _("Share of units with the title")
    STAFF_SHARE = "staff_share", _("Share of staff with the title")
    STAFF_COUNT = "staff_count", _("Number of staff with the title")
    LEADER_SHARE = "leader_share", _("Share of leaders among staff with the title")
    NON_LEADER_SHARE = "non_leader_share", _("Share of non-leaders among staff with the title")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"
    MORE_THAN = "gt", ">"
    LESS_THAN = "lt", "<"


class TitleCode(models.TextChoices):
    """Codes of the reference titles (fixtures/titles.json) that the rules refer to."""

    LDTT = "LDTT", "LĐTT"
    CSTDCS = "CSTDCS", "CSTĐCS"
    CSTD_TINH = "CSTD_TINH", "CSTĐ cấp tỉnh"
    TTLDTT = "TTLDTT", "Tập thể LĐTT"
    TTLDXS = "TTLDXS", "Tập thể LĐXS"
    CO_UBND = "CO_UBND", "Cờ thi đua UBND tỉnh"
    CO_BTP = "CO_BTP", "Cờ thi đua Bộ Tư pháp"
    GK_GD = "GK_GD", "Giấy khen Giám đốc Sở"
    BK_UBND = "BK_UBND", "Bằng khen UBND tỉnh"
    BK_BTP = "BK_BTP", "Bằng khen Bộ Tư pháp"


# Each individual title includes the ones before it: a CSTĐCS is also a LĐTT (NĐ 91/2017 Art 9 k3),
# and a CSTĐ cấp tỉnh is a CSTĐCS of the same year.
LDTT_OR_HIGHER = (TitleCode.LDTT, TitleCode.CSTDCS, TitleCode.CSTD_TINH)
CSTDCS_OR_HIGHER = (TitleCode.CSTDCS, TitleCode.CSTD_TINH)
BANG_KHEN = (TitleCode.BK_UBND, TitleCode.BK_BTP)


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")

    @property
    def colour(self) -> str:  # Bootstrap's contextual colour of the state's badge
        return {"submitted": "primary", "returned": "warning", "accepted": "success"}.get(
            self.value, "secondary"
        )


EDITABLE_REGISTRATION_STATES = (RegistrationState.DRAFT, RegistrationState.RETURNED)


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "all", _("of all council members")
    PRESENT = "present", _("of the members present")


class QuotaRounding(models.TextChoices):
    FLOOR = "floor", _("Round down")
    HALF_UP = "round", _("Round half up")
    CEIL = "ceil", _("Round up")


class BlocKind(models.TextChoices):
    """How the province groups bodies for the comparison behind Cờ thi đua (Luật 2022 Art 26)."""

    BLOC = "bloc", _("Emulation bloc (khối thi đua)")
    CLUSTER = "cluster", _("Emulation cluster (cụm thi đua)")


class CriteriaSubject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
