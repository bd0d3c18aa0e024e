import django_tables2 as tables

from theodoi.plans.models import Indicator, Plan, Task


class PlanTable(tables.Table):
    number = tables.Column(verbose_name="Số, ký hiệu", linkify=True, default="(không ghi số)")
    title = tables.Column(verbose_name="Trích yếu", linkify=True)
    unit = tables.Column(verbose_name="Đơn vị")
    issued_on = tables.DateColumn(verbose_name="Ngày ban hành", format="d/m/Y")
    status = tables.Column(verbose_name="Trạng thái")
    task_count = tables.Column(verbose_name="Nhiệm vụ", orderable=True)
    indicator_count = tables.Column(verbose_name="Chỉ tiêu", orderable=True)

    class Meta:
        model = Plan
        fields = ("number", "title", "unit", "issued_on", "status", "task_count", "indicator_count")
        empty_text = "Không có kế hoạch nào phù hợp."


class AssignedWorkTable(tables.Table):
    """Columns shared by the task and indicator tables: number, lead agency, plan."""

    code = tables.Column(verbose_name="TT")
    lead = tables.Column(verbose_name="Chủ trì", default="—")
    plan = tables.Column(
        verbose_name="Kế hoạch",
        accessor="plan__short_label",
        order_by=("plan__number",),
        linkify=lambda record: record.plan.get_absolute_url(),
    )


class TaskTable(AssignedWorkTable):
    title = tables.Column(verbose_name="Nhiệm vụ", linkify=True)
    deadline_raw = tables.Column(verbose_name="Thời hạn", order_by=("due_date",))

    class Meta:
        model = Task
        fields = ("code", "title", "lead", "deadline_raw", "plan")
        empty_text = "Không có nhiệm vụ nào phù hợp."


class IndicatorTable(AssignedWorkTable):
    name = tables.Column(verbose_name="Chỉ tiêu", linkify=True)
    unit_of_measure = tables.Column(verbose_name="Đơn vị tính")

    class Meta:
        model = Indicator
        fields = ("code", "name", "unit_of_measure", "lead", "plan")
        empty_text = "Không có chỉ tiêu nào phù hợp."
