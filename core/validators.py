"""Checks of values that reach an official paper: a document number in the NĐ 30/2020 form, and the date
of an event that has already happened. Each refusal names its field, in Vietnamese."""

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import field_error
from core.formats import vn_date


def check_document_number(value: str, *, field: str) -> str:
    """ "15/QĐ-STP", "01/TTr-STP", "3012/QĐ-UBND": number, "/", the type and issuer in capitals joined by
    "-" (NĐ 30/2020 Art 15). The pattern is settings.DOCUMENT_NUMBER_PATTERN."""
    value = value.strip()
    if not re.fullmatch(settings.DOCUMENT_NUMBER_PATTERN, value):
        raise field_error(
            field,
            _("“%(value)s” is not a document number: write it like 15/QĐ-STP (number, “/”, type and issuer).")
            % {"value": value},
            "bad_number",
        )
    return value


def check_past_date(value: dt.date, *, field: str, year: int) -> dt.date:
    """An event that has happened: not after today, and not before the campaign's year began."""
    today = timezone.localdate()
    if value > today:
        raise field_error(
            field, _("The date %(date)s is in the future.") % {"date": vn_date(value)}, "future_date"
        )
    if value < dt.date(year, 1, 1):
        raise field_error(
            field,
            _("The date %(date)s is before the %(year)s campaign began.")
            % {"date": vn_date(value), "year": year},
            "date_before_campaign",
        )
    return value
