"""The one state-machine mechanism of registrations, initiatives and dossiers.

A workflow is a table of named steps (from, to, the permission the actor needs on the object, whether the
unit's deadline guards it, whether a comment is required, an extra check). `transition` is the only way
such an object changes state: it refuses anything not in the table, checks the actor's permission, the
closed campaign and the deadline, the version the user's form was read at, runs the step's check, updates
conditionally on the old state, writes the history row, and queues the step's notifications for after
the commit (`notify`). `actions` answers the same questions for a
page, so that a button is shown exactly when pressing it would be allowed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, update_wrapper

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import update_logged
from core.errors import field_error
from core.locking import check_version, stale_error
from emulation.deadlines import deadline_status, refuse_if_closed, write_guard


@dataclass(frozen=True)
class Step:
    name: str  # the action as views and templates name it: "submit", "return", "withdraw"…
    source: str
    target: str
    permission: str  # checked on the object
    guarded: bool = False  # the unit's own move: closed by the unit's deadline
    needs_comment: bool = False
    check: Callable | None = None  # (obj) -> None, raising ValidationError; run only by `transition`


# Every workflow of the project, in the order their modules were imported (tests walk them all).
WORKFLOWS: list["Workflow"] = []


class Workflow:
    def __init__(
        self,
        *,
        model: type[models.Model],
        history: type[models.Model],
        states: type[models.TextChoices],
        steps: list[Step],
        editable: tuple,
        edit_permission: str,
        edit_object: Callable = lambda obj: obj,
        deadline: Callable = lambda obj: None,  # (obj) -> (kind, unit, phase) | None
        noun: Callable,  # () -> "this registration", translated when the message is built
        notify: Callable | None = None,  # (obj, step name, comment) -> None, run once the move is committed
    ):
        self.model = model
        self.history = history
        self.states = states
        self.steps = steps
        self.editable = editable
        self.edit_permission = edit_permission
        self.edit_object = edit_object
        self.deadline = deadline
        self.noun = noun
        self.notify = notify
        self._by_move = {(step.source, step.target): step for step in steps}
        self._stamps_submission = any(f.name == "submitted_at" for f in model._meta.get_fields())
        self._history_fk = next(
            f.name for f in history._meta.get_fields() if getattr(f, "related_model", None) is model
        )
        WORKFLOWS.append(self)

    # --- Questions a page asks --------------------------------------------------------------------

    def _open_for_unit(self, obj) -> bool:
        guard = self.deadline(obj)
        return guard is None or deadline_status(obj.campaign, *guard).is_open

    def can(self, obj, name: str, user) -> bool:
        """Would `user` be allowed to take the step `name` on `obj` now?"""
        if obj is None or obj.campaign.closed:
            return False
        for step in self.steps:
            if step.name == name and step.source == obj.state and user.has_perm(step.permission, obj):
                return not step.guarded or self._open_for_unit(obj)
        return False

    def actions(self, obj, user) -> dict[str, bool]:
        """{step name: allowed now} for every step of the table, for templates: `{% if actions.submit %}`."""
        return {step.name: self.can(obj, step.name, user) for step in self.steps}

    def is_editable(self, obj) -> bool:
        return obj.state in self.editable

    def can_edit(self, obj, user) -> bool:
        return (
            not obj.campaign.closed
            and self.is_editable(obj)
            and user.has_perm(self.edit_permission, self.edit_object(obj))
            and self._open_for_unit(obj)
        )

    def history_of(self, obj) -> list:
        return list(self.history.objects.filter(**{self._history_fk: obj}).select_related("actor"))

    def returned_comment(self, obj, history: list) -> str:
        """While `obj` is returned, what the reviewer asked to change (the last return's comment)."""
        if obj is None or obj.state != getattr(self.states, "RETURNED", None):
            return ""
        returns = [row for row in history if row.to_state == obj.state]
        return returns[-1].comment if returns else ""

    # --- Writes -----------------------------------------------------------------------------------

    def record(self, obj, *, by, from_state: str, to_state: str, comment: str = "") -> None:
        self.history.objects.create(
            **{self._history_fk: obj}, actor=by, from_state=from_state, to_state=to_state, comment=comment
        )

    def guard(self, obj) -> None:
        """The closed campaign and, for the unit's moves and edits, the unit's deadline."""
        guard = self.deadline(obj)
        if guard is None:
            refuse_if_closed(obj.campaign)
        else:
            kind, unit, phase = guard
            write_guard(campaign=obj.campaign, kind=kind, unit=unit, phase=phase)

    def refuse_unless_editable(self, obj) -> None:
        if not self.is_editable(obj):
            raise ValidationError(
                _("%(what)s is “%(state)s” and can no longer be changed.")
                % {"what": self.noun().capitalize(), "state": self.states(obj.state).label},
                code="not_editable",
            )

    def lock(self, obj, *, by):
        """The object locked for a change of its content by `by`: permission, closed campaign, deadline and
        editable state. Call inside the change's transaction."""
        if not by.has_perm(self.edit_permission, self.edit_object(obj)):
            raise PermissionDenied(_("You are not allowed to do this."))
        locked = self.model.objects.select_for_update().get(pk=obj.pk)
        self.guard(locked)
        self.refuse_unless_editable(locked)
        return locked

    def lock_for_edit(self, obj, *, by, version: int | None):
        """As `lock`, and refused unless `version` is the one the form was read at (optimistic lock)."""
        locked = self.lock(obj, by=by)
        check_version(locked, version)
        return locked

    def bump(self, obj) -> None:
        """Count an edit of `obj`'s content (its lines, nominees, documents) as a new version."""
        update_logged(
            self.model.objects.filter(pk=obj.pk), version=F("version") + 1, updated_at=timezone.now()
        )

    @transaction.atomic
    def transition(self, obj, to_state: str, *, by, comment: str = "", version: int | None = None, **changes):
        """Move `obj` to `to_state`. `version`, when given, is the version the user's page showed; the
        move is refused if anyone changed the object since. Returns the object as saved."""
        from_state = obj.state
        step = self._by_move.get((from_state, to_state))
        if step is None:
            raise ValidationError(
                _("%(what)s is “%(from)s” and cannot become “%(to)s”.")
                % {
                    "what": self.noun().capitalize(),
                    "from": self.states(from_state).label,
                    "to": self.states(to_state).label,
                },
                code="transition",
            )
        if not by.has_perm(step.permission, obj):
            raise PermissionDenied(_("You are not allowed to do this."))
        comment = comment.strip()
        if step.needs_comment and not comment:
            raise field_error("comment", _("Give the reason."), "no_comment")
        if step.guarded:
            self.guard(obj)
        else:
            refuse_if_closed(obj.campaign)
        if version is not None and version != obj.version:
            raise stale_error()
        if step.check is not None:
            step.check(obj)
        if self._stamps_submission and to_state == getattr(self.states, "SUBMITTED", None):
            changes.setdefault("submitted_at", timezone.now())
        matching = self.model.objects.filter(pk=obj.pk, state=from_state)
        if version is not None:
            matching = matching.filter(version=version)
        if not update_logged(matching, state=to_state, version=F("version") + 1, **changes):
            raise ValidationError(
                _("Someone else changed %(what)s in the meantime. Reload the page.") % {"what": self.noun()},
                code="stale",
            )
        self.record(obj, by=by, from_state=from_state, to_state=to_state, comment=comment)
        obj.refresh_from_db()
        if self.notify is not None:
            # After the commit, never for a move rolled back (by a later check of the same transaction
            # too); a failing mail server is logged, not raised: the move is saved by then.
            # Named as the event (update_wrapper): Django logs a failing callback by its __qualname__.
            callback = update_wrapper(partial(self.notify, obj, step.name, comment), self.notify)
            transaction.on_commit(callback, robust=True)
        return obj
