"""Refusals built in one place.

`field_error`: a refusal tied to one field of the form. ValidationError({"field": message}, code=…) silently
drops the code (Django keeps it only on the inner errors), so services build field errors here.

`refuse_duplicate`: a row that may exist once (one campaign a year, one sheet per unit, one active extension)
is checked before it is written, but two requests at the same moment both pass the check; the database's
unique constraint stops the second, and this turns its IntegrityError into the same refusal the check gives.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@contextmanager
def refuse_duplicate(refusal: ValidationError):
    """Run the writes inside as a savepoint; a unique constraint they trip raises `refusal` instead."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise refusal from error
