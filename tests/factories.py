import datetime as dt

import factory

from departments.enums import EmploymentType, Gender, UnitKind
from departments.models import (
    Membership,
    Staff,
    StaffYear,
    Unit,
    User,
    fold_text,
    name_sort_key,
    position_rank,
)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"U{n:02d}")
    name = factory.Sequence(lambda n: f"Phòng số {n}")
    kind = UnitKind.DIVISION
    display_order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Thị Lan"
    last_name = "Nguyễn"
    # The product refuses scoring until each council login stands for a person: by default a council
    # member is the person from outside the Department named as the login (pass outside_name="" for none).
    outside_name = factory.LazyAttribute(
        lambda o: (
            f"{o.last_name} {o.first_name}"
            if getattr(o, "is_initiative_council", False) or getattr(o, "is_council_member", False)
            else ""
        )
    )

    @classmethod
    def _create(cls, model_class, *args, password="pw", **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        return user


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CB-{n:04d}")
    full_name = factory.Sequence(lambda n: f"Trần Văn Đức {n}")
    gender = Gender.MALE
    date_of_birth = dt.date(1985, 5, 17)
    position = "Chuyên viên"
    employment_type = EmploymentType.CIVIL_SERVANT
    unit = factory.SubFactory(UnitFactory)
    recruited_on = dt.date(2010, 3, 1)
    search_text = factory.LazyAttribute(lambda o: fold_text(f"{o.full_name} {o.code} {o.position}"))
    sort_key = factory.LazyAttribute(lambda o: name_sort_key(o.full_name))
    position_rank = factory.LazyAttribute(lambda o: position_rank(o.position))

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        # As departments.services.staff_create does: the person's unit from the recruitment date.
        if create:
            Membership.objects.create(
                staff=obj, unit=obj.unit, starts_on=obj.recruited_on, ends_on=obj.left_on
            )


class StaffYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffYear

    staff = factory.SubFactory(StaffFactory)
    year = 2018
    task_grade = "HTTNV"
