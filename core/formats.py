"""Vietnamese dates and numbers for messages and papers (STYLE.md 9): dd/mm/yyyy, "." for thousands and
"," for decimals, times in Asia/Ho_Chi_Minh."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone


def vn_date(value: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
        return f"{value:%d/%m/%Y %H:%M}" if with_time else f"{value:%d/%m/%Y}"
    return f"{value:%d/%m/%Y}"


def vn_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """12345.5 -> "12.345,5"; `decimals` None keeps a whole number whole and one decimal otherwise."""
    value = Decimal(value)
    if decimals is None:
        decimals = 0 if value == value.to_integral() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
