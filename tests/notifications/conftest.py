import pytest

from tests.awards.conftest import complete_dossier, councillors, media, registered  # noqa: F401 -- fixtures
from tests.initiatives.conftest import council, file_initiative, open_round  # noqa: F401 -- fixtures


@pytest.fixture
def with_emails(cast):
    """Every user of the cast gets an address "<username>@stp.example.vn"."""
    for user in cast.values():
        user.email = f"{user.username}@stp.example.vn"
        user.save(update_fields=["email"])
    return cast
