from django.db import models


class UnitLevel(models.TextChoices):
    NATIONAL = "national", "Trung ương"
    PROVINCE = "province", "Tỉnh, thành phố"
    COMMUNE = "commune", "Xã, phường, đặc khu"


class UnitType(models.TextChoices):
    """The official type of a unit (vietnam-provinces' division types)."""

    NATION = "quoc-gia", "Quốc gia"
    PROVINCE = "tinh", "Tỉnh"
    CITY = "thanh-pho", "Thành phố trực thuộc Trung ương"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    SPECIAL_ZONE = "dac-khu", "Đặc khu"


class AgencyKind(models.TextChoices):
    GOVERNMENT_OFFICE = "government_office", "Cơ quan hành chính"
    MINISTRY = "ministry", "Bộ, ngành Trung ương"
    PARTY = "party", "Cơ quan Đảng"
    PEOPLE_COUNCIL = "people_council", "Hội đồng nhân dân"
    PEOPLE_COMMITTEE = "people_committee", "Ủy ban nhân dân"
    DEPARTMENT = "department", "Sở, ban, ngành"
    COMMUNE_OFFICE = "commune_office", "Văn phòng HĐND và UBND"
    COMMUNE_DIVISION = "commune_division", "Phòng chuyên môn"
    POLICE = "police", "Công an"
    MILITARY = "military", "Quân sự"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp công lập"
    SCHOOL = "school", "Trường học"
    BANK = "bank", "Ngân hàng"
    ENTERPRISE = "enterprise", "Doanh nghiệp"
    MASS_ORGANISATION = "mass_organisation", "Mặt trận, đoàn thể"
    OTHER = "other", "Khác"
