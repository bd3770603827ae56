"""Two writers at once on PostgreSQL: each takes the chain head's row lock in turn, so the chain stays one
line (SQLite serialises writers anyway)."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from core.models import AuditChainHead, AuditSeal
from tests.factories import UnitFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are tested on PostgreSQL (make test with DATABASE_URL)",
)


def test_two_writers_at_once_do_not_fork_the_chain(transactional_db):
    barrier = threading.Barrier(2)
    errors = []

    def write(prefix):
        try:
            barrier.wait()
            for i in range(15):
                UnitFactory(code=f"{prefix}{i:02d}", name=f"Phòng {prefix} {i}")
        except Exception as error:  # noqa: BLE001 -- any failure is the outcome; the test inspects it
            errors.append(error)
        finally:
            from django.db import connection as thread_connection

            thread_connection.close()

    threads = [threading.Thread(target=write, args=(prefix,)) for prefix in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seals = list(AuditSeal.objects.order_by("position"))
    assert [s.position for s in seals] == list(range(1, len(seals) + 1))
    assert len(seals) >= 30
    # Each seal follows the one before it: no two entries share a previous hash.
    assert [s.previous_hash for s in seals[1:]] == [s.hash for s in seals[:-1]]
    assert AuditChainHead.objects.get().last_hash == seals[-1].hash
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().strip() == f"Chuỗi nhật ký kiểm toán toàn vẹn: {len(seals)} mục."
