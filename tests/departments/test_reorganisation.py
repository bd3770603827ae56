"""Units over time: renames, merges, splits, dissolutions, all or nothing, and the lineage they leave."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from departments.enums import UnitEventKind
from departments.models import Membership, Unit, UnitEvent
from departments.reorganisation import unit_create, unit_dissolve, unit_merge, unit_rename, unit_split
from departments.selectors import unit_name_on, unit_of, unit_predecessors, units_existing_on
from departments.services import staff_move
from tests.factories import StaffFactory, UnitFactory

D = dt.date
DECISION = "15/QĐ-STP"


def _memberships(unit):
    return sorted(Membership.objects.filter(unit=unit).values_list("staff__code", "starts_on", "ends_on"))


def _state():
    """Everything the reorganisation writes, to compare before and after a refusal."""
    return (
        list(Unit.objects.order_by("code").values_list("code", "name", "valid_from", "valid_to", "active")),
        list(Membership.objects.order_by("pk").values_list("staff_id", "unit_id", "starts_on", "ends_on")),
        UnitEvent.objects.count(),
    )


@pytest.fixture
def a(db):
    return UnitFactory(code="A", name="Phòng A")


@pytest.fixture
def b(db):
    return UnitFactory(code="B", name="Phòng B")


@pytest.fixture
def c(db):
    return UnitFactory(code="C", name="Phòng C")


@pytest.fixture
def people(a, b):
    return {
        "A-1": StaffFactory(unit=a, code="A-1", recruited_on=D(2015, 1, 1)),
        "A-2": StaffFactory(unit=a, code="A-2", recruited_on=D(2015, 1, 1)),
        "B-1": StaffFactory(unit=b, code="B-1", recruited_on=D(2015, 1, 1)),
    }


def test_merge_into_an_existing_unit_moves_people(a, b, c, people):
    done = unit_merge(units=[a, b], into=c, on=D(2025, 7, 1), decision_number=DECISION)

    a.refresh_from_db()
    people["A-1"].refresh_from_db()
    assert (a.valid_to, a.active, people["A-1"].unit) == (D(2025, 6, 30), False, c)
    assert _memberships(c) == [
        ("A-1", D(2025, 7, 1), None),
        ("A-2", D(2025, 7, 1), None),
        ("B-1", D(2025, 7, 1), None),
    ]
    assert _memberships(a) == [("A-1", D(2015, 1, 1), D(2025, 6, 30)), ("A-2", D(2015, 1, 1), D(2025, 6, 30))]
    assert (done.event.kind, len(done.moved), list(done.event.successors.all())) == (
        UnitEventKind.MERGED,
        3,
        [c],
    )
    assert (unit_of(people["B-1"], D(2025, 6, 30)), unit_of(people["B-1"], D(2025, 7, 1))) == (
        people["B-1"].unit_id,
        c.pk,
    )


def test_merge_into_a_new_unit(a, b, people):
    created = unit_create(
        code="AB", name="Phòng A và B", kind="division", on=D(2025, 7, 1), decision_number=DECISION
    )
    new = created.created[0]

    unit_merge(units=[a, b], into=new, on=D(2025, 7, 1), decision_number=DECISION)

    assert [u.code for u in units_existing_on(D(2025, 6, 30))] == ["A", "B"]
    assert [u.code for u in units_existing_on(D(2025, 7, 1))] == ["AB"]


def test_merge_into_a_unit_that_does_not_exist_then_is_refused(a, people):
    later = UnitFactory(code="L", name="Phòng L", valid_from=D(2026, 1, 1))
    before = _state()

    with pytest.raises(ValidationError) as refused:
        unit_merge(units=[a], into=later, on=D(2025, 7, 1), decision_number=DECISION)

    assert refused.value.messages == [
        "Không thể sáp nhập vào Phòng L: đơn vị này không tồn tại vào ngày 01/07/2025."
    ]
    assert _state() == before


def test_merge_of_a_unit_already_ended_is_refused(a, c):
    ended = UnitFactory(code="E", name="Phòng E", valid_to=D(2020, 12, 31), active=False)
    before = _state()

    with pytest.raises(ValidationError) as refused:
        unit_merge(units=[a, ended], into=c, on=D(2025, 7, 1), decision_number=DECISION)

    assert refused.value.messages == ["Đơn vị Phòng E không tồn tại vào ngày 01/07/2025."]
    assert _state() == before


def test_merge_on_the_day_a_unit_begins_is_refused(c):
    young = UnitFactory(code="Y", name="Phòng Y", valid_from=D(2025, 7, 1))

    with pytest.raises(ValidationError) as refused:
        unit_merge(units=[young], into=c, on=D(2025, 7, 1), decision_number=DECISION)

    assert refused.value.code == "overlap"


def test_merge_before_a_recorded_later_change_is_refused(a, c):
    unit_rename(unit=a, name="Phòng A mới", on=D(2026, 1, 1), decision_number=DECISION)
    before = _state()

    with pytest.raises(ValidationError) as refused:
        unit_merge(units=[a], into=c, on=D(2025, 7, 1), decision_number=DECISION)

    assert refused.value.messages == [
        "Phòng A mới đã có thay đổi tổ chức ghi nhận ngày 01/01/2026, sau ngày 01/07/2025."
    ]
    assert _state() == before


def test_merge_leaving_someone_in_two_units_is_refused(a, b, c, people):
    newcomer = StaffFactory(unit=b, code="B-2", recruited_on=D(2015, 1, 1))
    staff_move(staff=newcomer, unit=a, on=D(2025, 9, 1))
    before = _state()

    with pytest.raises(ValidationError) as refused:
        unit_merge(units=[a], into=c, on=D(2025, 7, 1), decision_number=DECISION)

    assert refused.value.code == "membership_overlap"
    assert _state() == before


@pytest.mark.parametrize("number", ["", "   ", "quyết định"])
def test_merge_without_a_decision_number_is_refused(a, c, number):
    before = _state()

    with pytest.raises(ValidationError):
        unit_merge(units=[a], into=c, on=D(2025, 7, 1), decision_number=number)

    assert _state() == before


def test_missing_decision_number_message(a):
    with pytest.raises(ValidationError) as refused:
        unit_dissolve(unit=a, on=D(2025, 7, 1), decision_number="")

    assert refused.value.messages == ["Thiếu số quyết định về việc sắp xếp tổ chức."]


def test_split_sends_each_listed_person_and_the_rest_to_the_first(a, b, c, people):
    unit_split(unit=a, into=[b, c], on=D(2025, 7, 1), decision_number=DECISION, people={people["A-2"].pk: c})

    assert (unit_of(people["A-1"], D(2025, 7, 1)), unit_of(people["A-2"], D(2025, 7, 1))) == (b.pk, c.pk)
    assert sorted(unit_predecessors(c)) == [a.pk]


def test_split_naming_a_stranger_is_refused(a, b, c, people):
    before = _state()

    with pytest.raises(ValidationError) as refused:
        unit_split(
            unit=a, into=[b, c], on=D(2025, 7, 1), decision_number=DECISION, people={people["B-1"].pk: c}
        )

    assert refused.value.code == "not_a_member"
    assert _state() == before


def test_dissolve_ends_the_unit_and_the_memberships(a, people):
    unit_dissolve(unit=a, on=D(2025, 7, 1), decision_number=DECISION)

    assert _memberships(a) == [("A-1", D(2015, 1, 1), D(2025, 6, 30)), ("A-2", D(2015, 1, 1), D(2025, 6, 30))]
    assert unit_of(people["A-1"], D(2025, 7, 1)) is None


def test_rename_keeps_the_name_history(a):
    unit_rename(unit=a, name="Phòng A1", on=D(2020, 1, 1), decision_number=DECISION)
    unit_rename(unit=a, name="Phòng A2", on=D(2025, 7, 1), decision_number=DECISION)
    a.refresh_from_db()

    assert [
        unit_name_on(a, day) for day in (D(2019, 12, 31), D(2020, 1, 1), D(2025, 6, 30), D(2025, 7, 1))
    ] == [
        "Phòng A",
        "Phòng A1",
        "Phòng A1",
        "Phòng A2",
    ]


def test_lineage_through_two_merges(a, b, c):
    d = UnitFactory(code="D", name="Phòng D")
    unit_merge(units=[a], into=b, on=D(2020, 1, 1), decision_number=DECISION)
    unit_merge(units=[b, c], into=d, on=D(2025, 7, 1), decision_number=DECISION)

    assert unit_predecessors(d) == sorted([b.pk, c.pk]) + [a.pk]
    assert unit_predecessors(a) == []


# --- The command ------------------------------------------------------------------------------------------


def _file(tmp_path, events):
    path = tmp_path / "reorganise.json"
    path.write_text(json.dumps({"events": events}, ensure_ascii=False), encoding="utf-8")
    return str(path)


MERGE_AND_RENAME = [
    {"kind": "merged", "date": "2025-07-01", "decision": DECISION, "units": ["A", "B"], "into": "AB",
     "new_units": [{"code": "AB", "name": "Phòng A và B", "kind": "division"}]},
    {"kind": "renamed", "date": "2025-07-01", "decision": DECISION, "unit": "C", "name": "Phòng C mới"},
]  # fmt: skip


def test_reorganise_command_round_trip(tmp_path, a, b, c, people):
    out = StringIO()

    call_command("reorganise", _file(tmp_path, MERGE_AND_RENAME), stdout=out)

    merged = Unit.objects.get(code="AB")
    assert _memberships(merged) == [
        ("A-1", D(2025, 7, 1), None),
        ("A-2", D(2025, 7, 1), None),
        ("B-1", D(2025, 7, 1), None),
    ]
    assert Unit.objects.get(code="C").name == "Phòng C mới"
    assert sorted(unit_predecessors(merged)) == sorted([a.pk, b.pk])
    assert out.getvalue().splitlines()[-1] == "Tổng cộng: 3 sự kiện, 3 lượt người chuyển đơn vị."
    assert "  A-1 " in out.getvalue()


def test_reorganise_dry_run_writes_nothing(tmp_path, a, b, c, people):
    before = _state()
    out = StringIO()

    call_command("reorganise", _file(tmp_path, MERGE_AND_RENAME), "--dry-run", stdout=out)

    assert _state() == before
    assert out.getvalue().splitlines()[-1] == "Chạy thử (--dry-run): không ghi gì."


def test_reorganise_second_event_bad_writes_nothing_of_the_first(tmp_path, a, b, c, people):
    events = [
        MERGE_AND_RENAME[0],
        {"kind": "merged", "date": "2025-07-01", "decision": DECISION, "units": ["C"], "into": "ZZ"},
    ]
    before = _state()

    with pytest.raises(CommandError) as refused:
        call_command("reorganise", _file(tmp_path, events), stdout=StringIO())

    assert str(refused.value) == "Không ghi gì. Sự kiện 2: Không có đơn vị nào mang mã ZZ."
    assert _state() == before


def test_reorganise_refuses_an_unknown_kind(tmp_path, a):
    with pytest.raises(CommandError) as refused:
        call_command(
            "reorganise", _file(tmp_path, [{"kind": "moved", "date": "2025-07-01", "decision": DECISION}])
        )

    assert str(refused.value).startswith("Không ghi gì. Sự kiện 1: “moved” không phải là loại thay đổi")


def test_reorganise_refuses_a_bad_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("reorganise", str(path))

    assert str(refused.value).startswith(f"Không đọc được tệp {path}")


def test_unit_names_on_gives_the_name_of_the_day_in_one_query(a, b, django_assert_num_queries):
    from departments.selectors import unit_names_on

    unit_rename(unit=a, name="Phòng A1", on=D(2020, 1, 1), decision_number=DECISION)
    unit_rename(unit=a, name="Phòng A2", on=D(2025, 7, 1), decision_number=DECISION)

    with django_assert_num_queries(1):
        names = unit_names_on(D(2019, 6, 1))

    assert (names, unit_names_on(D(2021, 1, 1)), unit_names_on(D(2025, 7, 1))) == (
        {a.pk: "Phòng A"},
        {a.pk: "Phòng A1"},
        {},
    )


def test_the_readme_example_applies_to_the_demo(db, tmp_path):
    """The example of README.md ("The organisation over time") is a valid file for the demo's units."""
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    example = readme.split('```json\n{"events"', 1)[1].split("```", 1)[0]
    path = tmp_path / "example.json"
    path.write_text('{"events"' + example, encoding="utf-8")
    call_command("seed_demo", "--year", "2030", stdout=StringIO())
    before = _state()
    out = StringIO()

    call_command("reorganise", str(path), "--dry-run", stdout=out)

    assert out.getvalue().splitlines()[-2].startswith("Tổng cộng: 8 sự kiện, ")
    assert _state() == before


def test_yearly_sheet_follows_the_memberships(a, c, people):
    from departments.selectors import staff_of_year

    unit_merge(units=[a], into=c, on=D(2025, 7, 1), decision_number=DECISION)

    def codes(unit, year):
        return sorted(staff.code for staff, _record in staff_of_year(unit, year))

    assert (codes(a, 2025), codes(c, 2025), codes(a, 2026), codes(c, 2026)) == (
        ["A-1", "A-2"],
        ["A-1", "A-2"],
        [],
        ["A-1", "A-2"],
    )


def test_people_of_a_dissolved_unit_can_be_placed_after_it_ends(a, c, people):
    unit_dissolve(unit=a, on=D(2025, 7, 1), decision_number=DECISION)

    with pytest.raises(ValidationError) as refused:
        staff_move(staff=people["A-1"], unit=c, on=D(2025, 6, 1))
    staff_move(staff=people["A-1"], unit=c, on=D(2025, 8, 1))

    assert refused.value.code == "membership_overlap"
    assert _memberships(c) == [("A-1", D(2025, 8, 1), None)]
    assert Membership.objects.get(staff=people["A-1"], unit=c).staff.unit == c
