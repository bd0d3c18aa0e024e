from django.db import models


class Role(models.TextChoices):
    OFFICE = "office", "Cơ quan thường trực (tổng hợp, theo dõi)"
    REPORTER = "reporter", "Cán bộ báo cáo của cơ quan"
    LEADER = "leader", "Lãnh đạo"
    ADMIN = "admin", "Quản trị hệ thống"
