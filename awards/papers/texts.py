"""The editable texts of the decision and the tờ trình (core.papers.templates.TEMPLATE_KINDS).

The defaults follow the usual layout of a decision with articles (NĐ 30/2020 Phụ lục I) and DOMAIN.md §3 on
bonuses (a multiple of the base salary, emulation.bonus); that the bonus is paid from the Department's own
emulation fund is practice [U]. The exact wording the Department uses was not
found (searched: "mẫu quyết định tặng danh hiệu lao động tiên tiến sở", "tờ trình đề nghị tặng chiến sĩ thi
đua cấp tỉnh mẫu"): each text is a template the standing office edits (emulation:papertemplate-list).
"""

from django.utils.translation import gettext_lazy as _

from core.papers.templates import TEMPLATE_KINDS, TemplateKind

# What the placeholders of a title's sentence hold (one line per title, or per title and subject).
_TITLE = {
    "hinh_thuc": _(
        "the title in a sentence: danh hiệu “Lao động tiên tiến”, or the form of reward: Giấy khen …"
    ),
    "danh_hieu": _("the name of the title or form of reward"),
    "doi_tuong": _("how many collectives and individuals: “02 tập thể và 05 cá nhân”"),
    "so_ca_nhan": _("the number of individuals"),
    "so_tap_the": _("the number of collectives"),
    "nam": _("the campaign year"),
    "ten_so": _("the Department’s name in a sentence: “Sở Tư pháp”"),
}
_BONUS = {
    "hinh_thuc": _TITLE["hinh_thuc"],
    "danh_hieu": _TITLE["danh_hieu"],
    "doi_tuong_don": _("“cá nhân” (individual) or “tập thể” (collective)"),
    "he_so": _("the multiple of the base salary: “0,3”"),
    "luong_co_so": _("the base salary on the decision date: “1.390.000”"),
    "muc_thuong": _("the bonus of each, in figures: “420.000”"),
    "muc_thuong_chu": _("the bonus of each, in words: “Bốn trăm hai mươi nghìn đồng”"),
    "nam": _("the campaign year"),
}
_DEPARTMENT = {"ten_so": _TITLE["ten_so"], "nam": _("the campaign year")}

TEMPLATE_KINDS.update(
    {
        "decision-article-1-intro": TemplateKind(
            label=_("Reward decision — Article 1, opening sentence"),
            placeholders=_DEPARTMENT,
            default=(
                "Tặng danh hiệu thi đua, hình thức khen thưởng năm {nam} cho các tập thể, cá nhân thuộc "
                "{ten_so} đã có thành tích trong phong trào thi đua (có danh sách kèm theo), cụ thể:"
            ),
        ),
        "decision-article-1": TemplateKind(
            label=_("Reward decision — Article 1, one line per title"),
            placeholders=_TITLE,
            default="Tặng {hinh_thuc} năm {nam} cho {doi_tuong};",
            per_title=True,
        ),
        "decision-article-2": TemplateKind(
            label=_("Reward decision — Article 2, the bonus of each title"),
            placeholders=_BONUS,
            default=(
                "Mỗi {doi_tuong_don} được tặng {hinh_thuc} được thưởng {he_so} lần mức lương cơ sở "
                "({luong_co_so} đồng), là {muc_thuong} đồng ({muc_thuong_chu});"
            ),
            per_title=True,
        ),
        "decision-article-2-fund": TemplateKind(
            label=_("Reward decision — Article 2, the fund"),
            placeholders={
                **_DEPARTMENT,
                "nghi_dinh": _("the decree that sets the bonuses: “Nghị định số 91/2017/NĐ-CP”"),
                "tong_tien": _("the total of the bonuses, in figures"),
                "tong_tien_chu": _("the total of the bonuses, in words"),
            },
            default=(
                "Tổng số tiền thưởng là {tong_tien} đồng ({tong_tien_chu}), theo quy định tại {nghi_dinh}, "
                "chi từ Quỹ thi đua, khen thưởng của {ten_so} năm {nam}."
            ),
        ),
        "decision-article-3": TemplateKind(
            label=_("Reward decision — Article 3, who executes it"),
            placeholders=_DEPARTMENT,
            default=(
                "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng, đơn vị "
                "thuộc {ten_so} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
                "Quyết định này./."
            ),
        ),
        "submission-intro": TemplateKind(
            label=_("Submission — opening"),
            placeholders={**_DEPARTMENT, "ke_hoach": _("the year’s emulation plan: “Kế hoạch số … ngày …”")},
            default=(
                "Thực hiện {ke_hoach}, trên cơ sở đề nghị của các phòng, đơn vị thuộc Sở và kết quả "
                "bình xét, bỏ phiếu kín của Hội đồng Thi đua – Khen thưởng Sở, {ten_so} đã xét chọn các "
                "tập thể, cá nhân đủ tiêu chuẩn đề nghị cấp trên khen thưởng."
            ),
        ),
        "submission-council": TemplateKind(
            label=_("Submission — the council’s result"),
            placeholders={
                "phien_hop": _("the name of the council’s session"),
                "ngay_hop": _("the date of the session: “05/12/2018”"),
                "so_thanh_vien": _("the number of council members"),
                "so_co_mat": _("the number of members present"),
            },
            default=(
                "Ngày {ngay_hop}, Hội đồng Thi đua – Khen thưởng Sở họp ({phien_hop}), có {so_co_mat}/"
                "{so_thanh_vien} thành viên dự họp, bình xét và bỏ phiếu kín. Kết quả:"
            ),
        ),
        "submission-proposal-intro": TemplateKind(
            label=_("Submission — the proposal, opening sentence"),
            placeholders={
                "ten_so": _TITLE["ten_so"],
                "cap_tren": _("who decides: “Chủ tịch Ủy ban nhân dân tỉnh …”"),
            },
            default="{ten_so} kính đề nghị {cap_tren} xem xét, tặng:",
        ),
        "submission-proposal": TemplateKind(
            label=_("Submission — the proposal, one line per title"),
            placeholders=_TITLE,
            default="{hinh_thuc} năm {nam} cho {doi_tuong};",
            per_title=True,
        ),
        "submission-closing": TemplateKind(
            label=_("Submission — closing"),
            placeholders={"ten_so": _TITLE["ten_so"], "cap_tren": _("who decides")},
            default="{ten_so} kính trình {cap_tren} xem xét, quyết định./.",
        ),
    }
)
