"""Bonus amounts: a multiple of the base salary, as the regime in force on the decision date sets it.

NĐ 152/2025 Điều 49 k1, k2 (research-2025 7c [V2]): the base salary is the one in force on the date of the
award decision, and the product is rounded up to the next 10,000 đồng. The same date picks the regime whose
decree sets the coefficient (emulation.legal.regime_on), so a decision of 30/06/2025 pays under NĐ 98/2023
and one of 01/07/2025 under NĐ 152/2025.
"""

import datetime as dt
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formats import vn_date
from emulation.enums import CriteriaSubject, TitleSubject
from emulation.legal import regime_info, regime_on
from emulation.models import BaseSalary, BonusRate, Title


class Bonus(NamedTuple):
    coefficient: Decimal
    base_salary: int  # đồng a month
    amount: int  # đồng
    legal_basis: str  # the rate's text, then the base salary's


def round_up(value: Decimal, step: int) -> int:
    return int((value / step).to_integral_value(rounding=ROUND_CEILING) * step)


def bonus_amount(title: Title, on_date: dt.date, subject: str | None = None) -> Bonus:
    """The bonus of `title` awarded by a decision of `on_date`: (coefficient, base salary, amount in đồng).
    `subject` (individual or collective) is needed only for a title given to both. ValidationError when the
    reference data has no rate or no base salary for that date."""
    if subject is None:
        if title.subject == TitleSubject.BOTH:
            raise ValidationError(
                _("“%(title)s” is given to individuals and collectives: say which.") % {"title": title.name},
                code="subject_needed",
            )
        subject = title.subject
    regime = regime_on(on_date)
    rate = BonusRate.objects.filter(title=title, regime=regime, subject=subject).first()
    if rate is None:
        raise ValidationError(
            _("There is no bonus rate of “%(title)s” (%(subject)s) under %(regime)s.")
            % {"title": title.name, "subject": CriteriaSubject(subject).label, "regime": regime.label},
            code="no_rate",
        )
    salary = BaseSalary.objects.filter(valid_from__lte=on_date).order_by("-valid_from").first()
    if salary is None:
        raise ValidationError(
            _("There is no base salary in force on %(date)s.") % {"date": vn_date(on_date)}, code="no_salary"
        )
    step = regime_info(regime).bonus_round_up_to
    amount = round_up(rate.coefficient * salary.amount, step)
    return Bonus(rate.coefficient, salary.amount, amount, f"{rate.legal_basis}; {salary.legal_basis}")
