"""The wording of every message: one subject and one text per kind, in Vietnamese, with {placeholders}.

The defaults are here; the standing office may store its own wording (MessageTemplate), checked when saved:
a placeholder the kind does not offer is refused (core.papers.placeholders, the papers' same check).
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.papers.placeholders import check_template, fill
from notifications.enums import NotificationKind as K

logger = logging.getLogger(__name__)

YEAR = {"nam": _("the campaign's year")}
UNIT = {"don_vi": _("the unit's name")}
LINK = {"lien_ket": _("the address of the page to open")}
REASON = {"ly_do": _("the reason the standing office gave")}
DOSSIER = {"ho_so": _("the dossier's name")}
REMINDER = {
    **YEAR,
    **UNIT,
    **LINK,
    "han": _("the unit's deadline (its extension's if it has one), dd/mm/yyyy"),
    "con_lai": _("the number of days left"),
}


@dataclass(frozen=True)
class MessageKind:
    placeholders: dict  # name -> what it holds (shown beside the editing form)
    subject: str
    body: str


# Default wording: Vietnamese administrative text, written here as the rules of the project allow for the
# defaults of editable texts; the standing office adapts it on the templates page.
MESSAGE_KINDS: dict[str, MessageKind] = {
    K.REGISTRATION_RETURNED: MessageKind(
        {**YEAR, **UNIT, **REASON, **LINK},
        "Bản đăng ký thi đua năm {nam} của {don_vi} bị trả lại",
        "Thường trực Hội đồng Thi đua - Khen thưởng đã trả lại bản đăng ký thi đua năm {nam} của {don_vi} "
        "để bổ sung, hoàn thiện.\nLý do: {ly_do}\nĐề nghị đơn vị chỉnh sửa và gửi lại.\n"
        "Xem bản đăng ký: {lien_ket}",
    ),
    K.REGISTRATION_ACCEPTED: MessageKind(
        {**YEAR, **UNIT, **LINK},
        "Bản đăng ký thi đua năm {nam} của {don_vi} đã được tiếp nhận",
        "Thường trực Hội đồng Thi đua - Khen thưởng đã tiếp nhận bản đăng ký thi đua năm {nam} của "
        "{don_vi}.\nXem bản đăng ký: {lien_ket}",
    ),
    K.DOSSIER_RETURNED: MessageKind(
        {**YEAR, **UNIT, **DOSSIER, **REASON, **LINK},
        "Hồ sơ đề nghị khen thưởng của {don_vi} bị trả lại",
        "Thường trực Hội đồng Thi đua - Khen thưởng đã trả lại hồ sơ “{ho_so}” của {don_vi} để bổ sung, "
        "hoàn thiện.\nLý do: {ly_do}\nĐề nghị đơn vị chỉnh sửa và nộp lại.\nXem hồ sơ: {lien_ket}",
    ),
    K.DOSSIER_ACCEPTED: MessageKind(
        {**YEAR, **UNIT, **DOSSIER, **LINK},
        "Hồ sơ đề nghị khen thưởng của {don_vi} đã được tiếp nhận",
        "Thường trực Hội đồng Thi đua - Khen thưởng đã tiếp nhận hồ sơ “{ho_so}” của {don_vi} để trình "
        "Hội đồng.\nXem hồ sơ: {lien_ket}",
    ),
    K.BALLOT_OPENED: MessageKind(
        {**YEAR, "phien": _("the session's name"), "ngay": _("the session's date, dd/mm/yyyy"), **LINK},
        "Mời bỏ phiếu: {phien}",
        "Hội đồng Thi đua - Khen thưởng mở phiên “{phien}” ngày {ngay} (năm {nam}).\n"
        "Đề nghị đồng chí tham dự và bỏ phiếu kín: {lien_ket}",
    ),
    K.ROUND_OPENED: MessageKind(
        {
            **YEAR,
            "dot": _("the evaluation round's name"),
            "so_sang_kien": _("how many initiatives the round evaluates"),
            **LINK,
        },
        "Mời chấm điểm sáng kiến: {dot}",
        "Hội đồng sáng kiến mở đợt đánh giá “{dot}” năm {nam} với {so_sang_kien} sáng kiến.\n"
        "Đề nghị đồng chí chấm điểm và biểu quyết: {lien_ket}",
    ),
    K.DECISION_ISSUED: MessageKind(
        {
            **YEAR,
            **UNIT,
            "loai": _("the kind of document (decision or tờ trình)"),
            "so_hieu": _("the document's number, such as 15/QĐ-STP"),
            "ngay": _("the date of issue, dd/mm/yyyy"),
            **LINK,
        },
        "{loai} số {so_hieu} ngày {ngay}",
        "Đã ban hành {loai} số {so_hieu} ngày {ngay} về khen thưởng năm {nam}, có cá nhân, tập thể của "
        "{don_vi}.\nXem hồ sơ của đơn vị: {lien_ket}",
    ),
    K.REMIND_REGISTRATION: MessageKind(
        REMINDER,
        "Nhắc hạn: đăng ký thi đua năm {nam} trước ngày {han}",
        "{don_vi} chưa gửi bản đăng ký thi đua năm {nam}. Hạn gửi: trước ngày {han} (còn {con_lai} ngày).\n"
        "Bản đăng ký: {lien_ket}",
    ),
    K.REMIND_NOMINATIONS: MessageKind(
        REMINDER,
        "Nhắc hạn: nộp hồ sơ đề nghị khen thưởng năm {nam} trước ngày {han}",
        "{don_vi} chưa nộp hồ sơ đề nghị khen thưởng năm {nam}. Hạn nộp: trước ngày {han} "
        "(còn {con_lai} ngày).\nHồ sơ: {lien_ket}",
    ),
    K.REMIND_INITIATIVES: MessageKind(
        REMINDER,
        "Nhắc hạn: nộp đơn công nhận sáng kiến năm {nam} trước ngày {han}",
        "{don_vi} đã đăng ký danh hiệu Chiến sĩ thi đua nhưng chưa nộp đơn yêu cầu công nhận sáng kiến năm "
        "{nam}. Hạn nộp: trước ngày {han} (còn {con_lai} ngày).\nSáng kiến: {lien_ket}",
    ),
}


def check_message(kind: str, *, subject: str, body: str) -> None:
    """Refuse a subject or text naming a placeholder the kind does not offer (ValidationError per field)."""
    allowed = MESSAGE_KINDS[kind].placeholders
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            check_template(text, allowed)
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


def message_texts(kind: str) -> tuple[str, str]:
    """The subject and text in force for `kind`: the standing office's, else the default."""
    from notifications.models import MessageTemplate

    stored = MessageTemplate.objects.filter(kind=kind).first()
    if stored is None:
        default = MESSAGE_KINDS[kind]
        return default.subject, default.body
    return stored.subject, stored.body


def render_message(kind: str, values: dict) -> tuple[str, str]:
    """(subject, text) of `kind` filled with `values`, which must give every placeholder of the kind.
    A stored wording the check would now refuse (changed in the database) falls back to the default."""
    missing = set(MESSAGE_KINDS[kind].placeholders) - set(values)
    if missing:  # a programming error: the kind promises these names
        raise KeyError(f"{kind}: no value for {sorted(missing)}")
    subject, body = message_texts(kind)
    try:
        subject, body = fill(subject, values), fill(body, values)
    except ValidationError:
        logger.warning("stored wording of %s is invalid; the default is used", kind)
        default = MESSAGE_KINDS[kind]
        subject, body = fill(default.subject, values), fill(default.body, values)
    # An e-mail subject is one line (Django refuses a newline in a header).
    return " ".join(subject.split()), body
