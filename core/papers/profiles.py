"""How a paper is laid out: the rules of TT 01/2011/TT-BNV (papers dated before 05/03/2020) and of
NĐ 30/2020/NĐ-CP, Phụ lục I (from 05/03/2020, the day it took effect). The three renderers read every
size, margin and spacing from a `Profile`, so the profile chosen by the paper's date changes the layout.

What the texts say, as checked with the `search` tool (third-party copies of the texts, 12/2026):
- NĐ 30/2020, Phụ lục I, Phần I.I (scribd.com/document/652855730/Phuluc1; vietjack.me "Giãn dòng chuẩn
  … Nghị định 30"; lacviet.vn "cach-trinh-bay-van-ban-hanh-chinh"): A4; margins top and bottom 20–25 mm,
  left 30–35 mm, right 15–20 mm; Times New Roman; page numbers from 1, Arabic, 13–14 pt, upright,
  "canh giữa theo chiều ngang trong phần lề trên", the first page's number not shown; paragraphs at
  least 6 pt apart, line spacing from single to 1.5 lines. The table of Mục 5 (thuvienphapluat copy at
  118.69.201.250 "huong-dan-chi-tiet-cach-trinh-bay-the-thuc-van-ban-hanh-chinh"): quốc hiệu upper
  12–13 bold; tiêu ngữ 13–14 bold with a rule under it; governing body upper 12–13 upright; agency upper
  12–13 bold with a rule under it; number 13; place and date 13–14 italic; kind upper 13–14 bold; summary
  13–14 bold with a rule under it; body 13–14.
- TT 01/2011, Phụ lục I (slideshare.net "quy-tac-van-ban" copy of the table "Mẫu chữ và chi tiết trình
  bày thể thức văn bản"): quốc hiệu upper 12–13 bold (example 12), tiêu ngữ 13–14 bold (example 13) with a
  rule under it; governing body 12–13 upright; agency 12–13 bold with a rule; number 13–14.
- [U] from the text of TT 01/2011 as remembered, not found by search: kind 14 bold, summary 14 bold;
  body 13–14 with a first-line indent of 1–1.27 cm, paragraphs ≥ 6 pt apart, line spacing at least single
  or "exactly" 15 pt, at most 1.5 lines; page numbers 13–14 "giữa đầu trang (header) hoặc góc phải ở cuối
  trang (footer)", none on the first page (this profile takes the footer's right corner); rules: under the
  agency 1/3–1/2 of its line, under the tiêu ngữ as long as the line, under the summary 1/3–1/2. NĐ 30
  gives the same rule lengths (Phụ lục I, II.1–2, 5) and the same "Nơi nhận" sizes (12 bold italic, list
  11), both [U] beyond the copies above.
"""

import datetime as dt
from dataclasses import dataclass

ND30_FROM = dt.date(2020, 3, 5)


@dataclass(frozen=True)
class Profile:
    key: str
    basis: str  # the text the layout follows
    # Millimetres: top, right, bottom, left.
    margins: tuple[int, int, int, int]
    page_number: str  # "top-center" | "bottom-right"; never on the first page
    page_number_size: int
    national_size: int  # quốc hiệu
    motto_size: int  # tiêu ngữ
    agency_size: int  # governing body and agency names
    number_size: int
    place_size: int
    kind_size: int
    summary_size: int
    body_size: int
    signer_size: int
    recipients_label_size: int  # "Nơi nhận:" bold italic
    recipients_size: int
    table_size: int  # tables in the body (an annex's list)
    first_line_indent_cm: float
    paragraph_space_pt: int  # space after a body paragraph
    # Line spacing: a multiple of single ("1.15") or an exact height in points ("17pt").
    line_spacing: str
    rule_fraction: float  # the short rules under the agency and the summary: a fraction of the line


TT01 = Profile(
    key="tt01-2011",
    basis="Thông tư 01/2011/TT-BNV",
    margins=(20, 20, 20, 30),
    page_number="bottom-right",
    page_number_size=13,
    national_size=12,
    motto_size=13,
    agency_size=12,
    number_size=13,
    place_size=13,
    kind_size=14,
    summary_size=14,
    body_size=13,
    signer_size=13,
    recipients_label_size=12,
    recipients_size=11,
    table_size=12,
    first_line_indent_cm=1.0,
    paragraph_space_pt=6,
    line_spacing="17pt",  # "exactly", at least 15 pt
    rule_fraction=1 / 3,
)

ND30 = Profile(
    key="nd30-2020",
    basis="Nghị định 30/2020/NĐ-CP",
    margins=(20, 15, 20, 30),
    page_number="top-center",
    page_number_size=14,
    national_size=13,
    motto_size=14,
    agency_size=13,
    number_size=13,
    place_size=14,
    kind_size=14,
    summary_size=14,
    body_size=14,
    signer_size=14,
    recipients_label_size=12,
    recipients_size=11,
    table_size=13,
    first_line_indent_cm=1.27,
    paragraph_space_pt=6,
    line_spacing="1.15",  # between single and 1.5 lines
    rule_fraction=0.4,
)

PROFILES = {profile.key: profile for profile in (TT01, ND30)}


def profile_for(paper) -> Profile:
    """The paper's own profile when it names one, else NĐ 30 from 05/03/2020 and TT 01/2011 before."""
    if paper.profile:
        return PROFILES[paper.profile]
    return ND30 if paper.date >= ND30_FROM else TT01
