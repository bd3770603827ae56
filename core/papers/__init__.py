"""The papers the office prints and signs, described once and rendered three ways.

`model` holds the description (a `Paper`: header, title, blocks of paragraphs and tables, signatures,
recipients); `profiles` the layout rules of TT 01/2011/TT-BNV and NĐ 30/2020/NĐ-CP, chosen by the paper's
date; `pdf`, `docx` and `xlsx` render a paper; `placeholders` fills the texts the Department edits.
"""
