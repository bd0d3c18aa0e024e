from django.db import models


class PlanKind(models.TextChoices):
    RESOLUTION = "resolution", "Nghị quyết"
    PROGRAMME = "programme", "Chương trình hành động"
    PLAN = "plan", "Kế hoạch"


class PlanLevel(models.TextChoices):
    NATIONAL = "national", "Trung ương"
    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"
    AGENCY = "agency", "Cơ quan, đơn vị"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo (chờ rà soát)"
    ACTIVE = "active", "Đang thực hiện"
    CLOSED = "closed", "Đã kết thúc"


class DeadlineKind(models.TextChoices):
    DATE = "date", "Có thời hạn"
    RECURRING = "recurring", "Định kỳ"
    CONTINUOUS = "continuous", "Thường xuyên"
    RANGE = "range", "Giai đoạn"
    CONDITIONAL = "conditional", "Theo điều kiện"
    UNKNOWN = "unknown", "Chưa xác định"


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", "Hằng tuần"
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    ANNUAL = "annual", "Hằng năm"


class TargetOp(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="
    TOP = "top", "Top"
    RANGE = "range", "Khoảng"
    TEXT = "text", "Định tính"


class Collective(models.TextChoices):
    """A group of agencies a plan names as one ("UBND các xã, phường", "Các sở, ban, ngành"):
    every member of the group under the plan's unit has a share of the task and reports it."""

    COMMUNE_COMMITTEES = "commune_committees", "UBND các xã, phường, đặc khu"
    DEPARTMENTS = "departments", "Các sở, ban, ngành"
    COMMUNE_DIVISIONS = "commune_divisions", "Các phòng, ban chuyên môn"
    MASS_ORGANISATIONS = "mass_organisations", "Mặt trận Tổ quốc và các đoàn thể"
    PUBLIC_SERVICES = "public_services", "Các đơn vị sự nghiệp"
    SCHOOLS = "schools", "Các trường học"
