"""Services that change the Department's structure on a date, by a decision: a unit created, renamed,
merged into another, split, dissolved. Each records a UnitEvent, sets the units' validity periods and moves
the people's dated memberships (departments.models.Membership), all or nothing.

`unit_reorganise` applies a list of such events read from a file (the `reorganise` command): one
transaction, so a refused event leaves nothing of the ones before it.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.formats import vn_date
from core.validators import check_document_number
from departments.enums import UnitEventKind, UnitKind
from departments.models import Membership, Staff, Unit, UnitEvent
from departments.services import ONE_DAY, _lock_staff, _membership_write, _unit_missing

# TT 15/2025/TT-BNV: no reward is proposed for a body dissolved in a reorganisation (issue 11). [U] The
# article is not verified (/work/notes/research-2025.md found no text of TT 15/2025): the citation names the
# circular only; add the article here once verified.
DISSOLVED_BODY_CITATION = "Thông tư 15/2025/TT-BNV"


def refuse_if_unit_gone(unit: Unit, *, on: dt.date) -> None:
    """Refuse a proposal for `unit` when it does not exist on `on` (merged, split, dissolved, or not yet
    created), citing the rule."""
    if not unit.exists_on(on):
        raise ValidationError(
            _(
                "%(unit)s does not exist on %(date)s (reorganised or dissolved): "
                "no reward is proposed for it (%(citation)s)."
            )
            % {"unit": unit.name, "date": vn_date(on), "citation": DISSOLVED_BODY_CITATION},
            code="unit_gone",
        )


@dataclass
class Reorganised:
    """What one event changed: the event, the units it created and each person moved (from, to; to is
    None when the unit was dissolved)."""

    event: UnitEvent
    created: list[Unit] = field(default_factory=list)
    moved: list[tuple[Staff, Unit, Unit | None]] = field(default_factory=list)


def _check_decision(decision_number: str) -> str:
    if not (decision_number or "").strip():
        raise ValidationError(
            _("The number of the decision on the reorganisation is missing."), code="no_decision"
        )
    return check_document_number(decision_number, field="decision_number")


def _lock_unit(unit: Unit) -> Unit:
    return Unit.objects.select_for_update().get(pk=unit.pk)


def _check_exists(unit: Unit, on: dt.date) -> None:
    if not unit.exists_on(on):
        raise ValidationError(_unit_missing(unit, on), code="unit_missing")


def _check_no_later_event(unit: Unit, on: dt.date) -> None:
    """A change is recorded in date order: none may predate an event already recorded after it."""
    later = UnitEvent.objects.filter(Q(units=unit) | Q(successors=unit), date__gt=on).first()
    if later:
        raise ValidationError(
            _("%(unit)s already has a change recorded on %(date)s, after %(on)s.")
            % {"unit": unit.name, "date": vn_date(later.date), "on": vn_date(on)},
            code="overlap",
        )


def _end(unit: Unit, on: dt.date) -> None:
    """`unit` exists until the day before `on`. Refused when it ends before `on` already or begins on it."""
    _check_exists(unit, on)
    if unit.valid_from is not None and unit.valid_from >= on:
        raise ValidationError(
            _("%(unit)s begins on %(date)s: it cannot end before it begins.")
            % {"unit": unit.name, "date": vn_date(unit.valid_from)},
            code="overlap",
        )
    _check_no_later_event(unit, on)
    unit.valid_to = on - ONE_DAY
    unit.active = False
    unit.full_clean()
    unit.save(update_fields=["valid_to", "active", "updated_at"])


def _move_members(unit: Unit, on: dt.date, target_of) -> list[tuple[Staff, Unit, Unit | None]]:
    """Everyone in `unit` on or after `on` goes to `target_of(staff)` from `on` (None: nowhere, the
    membership ends the day before)."""
    moved = []
    memberships = list(
        Membership.objects.filter(unit=unit)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("staff")
        .order_by("staff__code")
    )
    for membership in memberships:
        staff = _lock_staff(membership.staff)
        target = target_of(staff)
        if membership.starts_on > on:
            raise ValidationError(
                _("%(name)s joins %(unit)s on %(date)s, after the unit ends: they would be in two units.")
                % {"name": staff.full_name, "unit": unit.name, "date": vn_date(membership.starts_on)},
                code="membership_overlap",
            )
        ends_on = membership.ends_on
        if membership.starts_on == on and target is not None:
            membership.unit = target
            _membership_write(membership)
        elif membership.starts_on == on:
            membership.delete()
        else:
            membership.ends_on = on - ONE_DAY
            _membership_write(membership)
            if target is not None:
                _membership_write(Membership(staff=staff, unit=target, starts_on=on, ends_on=ends_on))
        moved.append((staff, unit, target))
    return moved


def _event(*, kind, on, decision_number, units, successors=(), by=None, **names) -> UnitEvent:
    event = UnitEvent(kind=kind, date=on, decision_number=decision_number, recorded_by=by, **names)
    event.full_clean()
    event.save()
    event.units.set(units)
    event.successors.set(successors)
    return event


@transaction.atomic
def unit_create(
    *, code: str, name: str, kind: str, on: dt.date, decision_number: str, display_order: int = 0, by=None
) -> Reorganised:
    """A new unit that exists from `on`."""
    decision_number = _check_decision(decision_number)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            _("A unit with the code %(code)s already exists.") % {"code": code}, code="unit_exists"
        )
    unit = Unit(code=code, name=name, kind=kind, valid_from=on, display_order=display_order)
    unit.full_clean()
    unit.save()
    event = _event(kind=UnitEventKind.CREATED, on=on, decision_number=decision_number, units=[unit], by=by)
    return Reorganised(event=event, created=[unit])


@transaction.atomic
def unit_rename(*, unit: Unit, name: str, on: dt.date, decision_number: str, by=None) -> Reorganised:
    """`unit` is called `name` from `on`; its earlier name stays in the event (selectors.unit_name_on)."""
    decision_number = _check_decision(decision_number)
    unit = _lock_unit(unit)
    _check_exists(unit, on)
    _check_no_later_event(unit, on)
    name = name.strip()
    if not name or name == unit.name:
        raise ValidationError(
            _("The new name of %(unit)s must differ from the current one.") % {"unit": unit.name},
            code="same_name",
        )
    event = _event(
        kind=UnitEventKind.RENAMED,
        on=on,
        decision_number=decision_number,
        units=[unit],
        old_name=unit.name,
        new_name=name,
        by=by,
    )
    unit.name = name
    unit.full_clean()
    unit.save(update_fields=["name", "updated_at"])
    return Reorganised(event=event)


@transaction.atomic
def unit_merge(*, units: list[Unit], into: Unit, on: dt.date, decision_number: str, by=None) -> Reorganised:
    """`units` end the day before `on`; their people belong to `into` from `on`. `into` (new or existing)
    must exist on `on`."""
    decision_number = _check_decision(decision_number)
    into = _lock_unit(into)
    if not into.exists_on(on):
        raise ValidationError(
            _("Cannot merge into %(unit)s: it does not exist on %(date)s.")
            % {"unit": into.name, "date": vn_date(on)},
            code="unit_missing",
        )
    sources = [_lock_unit(unit) for unit in units]
    if not sources or any(unit.pk == into.pk for unit in sources):
        raise ValidationError(_("A unit cannot be merged into itself."), code="merge_into_itself")
    moved = []
    for unit in sources:
        _end(unit, on)
        moved += _move_members(unit, on, lambda staff: into)
    event = _event(
        kind=UnitEventKind.MERGED,
        on=on,
        decision_number=decision_number,
        units=sources,
        successors=[into],
        by=by,
    )
    return Reorganised(event=event, moved=moved)


@transaction.atomic
def unit_split(
    *,
    unit: Unit,
    into: list[Unit],
    on: dt.date,
    decision_number: str,
    people: dict[int, Unit] | None = None,
    by=None,
) -> Reorganised:
    """`unit` ends the day before `on`; each person goes to the successor `people` names (by staff id),
    anyone not named to the first of `into`."""
    decision_number = _check_decision(decision_number)
    unit = _lock_unit(unit)
    successors = [_lock_unit(successor) for successor in into]
    if len(successors) < 2 or any(successor.pk == unit.pk for successor in successors):
        raise ValidationError(
            _("A unit is split into at least two other units."), code="split_needs_two_successors"
        )
    for successor in successors:
        if not successor.exists_on(on):
            raise ValidationError(_unit_missing(successor, on), code="unit_missing")
    people = people or {}
    allowed = {successor.pk for successor in successors}
    if any(target.pk not in allowed for target in people.values()):
        raise ValidationError(
            _("People can only go to the units %(unit)s is split into.") % {"unit": unit.name},
            code="not_a_successor",
        )
    _end(unit, on)
    moved = _move_members(unit, on, lambda staff: people.get(staff.pk, successors[0]))
    strangers = set(people) - {staff.pk for staff, _source, _target in moved}
    if strangers:
        names = ", ".join(Staff.objects.filter(pk__in=strangers).values_list("full_name", flat=True))
        raise ValidationError(
            _("Not in %(unit)s on %(date)s: %(names)s.")
            % {"unit": unit.name, "date": vn_date(on), "names": names},
            code="not_a_member",
        )
    event = _event(
        kind=UnitEventKind.SPLIT,
        on=on,
        decision_number=decision_number,
        units=[unit],
        successors=successors,
        by=by,
    )
    return Reorganised(event=event, moved=moved)


@transaction.atomic
def unit_dissolve(*, unit: Unit, on: dt.date, decision_number: str, by=None) -> Reorganised:
    """`unit` ends the day before `on`; its people's memberships end with it (Staff.unit keeps their last
    unit until they are moved or leave)."""
    decision_number = _check_decision(decision_number)
    unit = _lock_unit(unit)
    _end(unit, on)
    moved = _move_members(unit, on, lambda staff: None)
    event = _event(kind=UnitEventKind.DISSOLVED, on=on, decision_number=decision_number, units=[unit], by=by)
    return Reorganised(event=event, moved=moved)


# --- A described reorganisation (the `reorganise` command) ----------------------------------------------


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationError(_("There is no unit with the code %(code)s.") % {"code": code}, code="no_unit")
    return unit


def _date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}, code="bad_date"
        ) from None


def _apply(step: dict[str, Any], by) -> list[Reorganised]:
    kind = step.get("kind")
    on = _date(step.get("date"))
    decision = str(step.get("decision") or "")
    done = []
    # Units the event itself creates (the "C" a merge or a split goes into), created first, same decision.
    for new in step.get("new_units", []):
        unit_kind = new.get("kind", UnitKind.DIVISION)
        done.append(
            unit_create(
                code=new.get("code", ""), name=new.get("name", ""), kind=unit_kind, on=on,
                decision_number=decision, by=by,
            )
        )  # fmt: skip
    if kind == UnitEventKind.CREATED:
        if not done:
            raise ValidationError(_("A “created” event lists its units under “new_units”."), code="no_units")
        return done
    if kind == UnitEventKind.RENAMED:
        done.append(unit_rename(unit=_unit(step.get("unit")), name=step.get("name", ""), on=on,
                                decision_number=decision, by=by))  # fmt: skip
    elif kind == UnitEventKind.MERGED:
        units = [_unit(code) for code in step.get("units", [])]
        done.append(
            unit_merge(units=units, into=_unit(step.get("into")), on=on, decision_number=decision, by=by)
        )
    elif kind == UnitEventKind.SPLIT:
        into = [_unit(code) for code in step.get("into", [])]
        people = {}
        for staff_code, unit_code in step.get("people", {}).items():
            staff = Staff.objects.filter(code=staff_code).first()
            if staff is None:
                raise ValidationError(
                    _("There is no staff member with the code %(code)s.") % {"code": staff_code},
                    code="no_staff",
                )
            people[staff.pk] = _unit(unit_code)
        done.append(unit_split(unit=_unit(step.get("unit")), into=into, on=on, decision_number=decision,
                               people=people, by=by))  # fmt: skip
    elif kind == UnitEventKind.DISSOLVED:
        done.append(unit_dissolve(unit=_unit(step.get("unit")), on=on, decision_number=decision, by=by))
    else:
        raise ValidationError(
            _("“%(kind)s” is not a kind of change: use %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(UnitEventKind.values)},
            code="bad_kind",
        )
    return done


@transaction.atomic
def unit_reorganise(*, steps: list[dict[str, Any]], by=None) -> list[Reorganised]:
    """Apply `steps` (the events of a reorganisation file, see README) in order, all or nothing: a refused
    event raises a ValidationError naming it, and nothing of the events before it stays written."""
    done = []
    for number, step in enumerate(steps, start=1):
        try:
            if not isinstance(step, dict):
                raise ValidationError(_("An event is an object with a kind, a date and a decision."))
            done += _apply(step, by)
        except ValidationError as error:
            raise ValidationError(
                [
                    _("Event %(number)s: %(message)s") % {"number": number, "message": message}
                    for message in error.messages
                ],  # fmt: skip
                code="event_refused",
            ) from error
    return done
