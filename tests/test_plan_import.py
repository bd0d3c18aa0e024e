import pytest
from django.core.exceptions import ValidationError

from tests.conftest import extraction
from theodoi.plans.models import Indicator, Plan, Task
from theodoi.plans.services import plan_import_extraction


def test_import_resolves_agencies_through_names_and_aliases(plan, agencies):
    task = plan.tasks.get(code="1.1")
    assert task.lead == agencies["vhxh"]
    assert list(task.coordinators.all()) == [agencies["kinhte"]]
    assert task.group.code == "I" and task.group.title == "Nâng cao nhận thức"


def test_import_keeps_unknown_lead_as_read(plan):
    task = plan.tasks.get(code="2.1")
    assert task.lead is None
    assert task.lead_raw == "Cơ quan lạ chưa có trong danh mục"


def test_import_prefers_the_plans_own_unit_agency(plan, agencies):
    indicator = plan.indicators.get()
    assert indicator.lead == agencies["kinhte"]  # not the other commune's "Phòng Kinh tế"
    target = indicator.targets.get()
    assert (target.op, target.value, target.period) == (">=", 85, "2030")


def test_import_is_all_or_nothing(units, agencies):
    bad = extraction()
    bad["tasks"][1]["deadline"]["kind"] = "someday"  # not a deadline kind
    with pytest.raises(ValidationError):
        plan_import_extraction(unit=units["commune"], extraction=bad, content=b"x")
    assert Plan.objects.count() == 0
    assert Task.objects.count() == 0
    assert Indicator.objects.count() == 0


def test_same_document_is_not_imported_twice(units, agencies):
    first = plan_import_extraction(
        unit=units["commune"], extraction=extraction(), content=b"same bytes"
    )
    second = plan_import_extraction(
        unit=units["commune"], extraction=extraction(), content=b"same bytes"
    )
    assert first.created and not second.created
    assert second.plan == first.plan
    assert Plan.objects.count() == 1


def test_import_without_title_is_refused(units):
    bad = extraction()
    bad["document"]["title"] = "  "
    with pytest.raises(ValidationError, match="trích yếu"):
        plan_import_extraction(unit=units["commune"], extraction=bad)
    assert Plan.objects.count() == 0
