"""Collectives: which agencies a group named in a plan means, and reading the group from the
text a plan prints."""

from __future__ import annotations

import pytest

from theodoi.plans.choices import Collective
from theodoi.units.collectives import (
    agency_collectives,
    assignment_collectives,
    collective_codes,
    collective_members,
    collective_of,
    collectives_in,
)

pytest_plugins = ["tests.collective_world"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("UBND các xã, phường", ["commune_committees"]),
        ("Ủy ban nhân dân các xã, phường, đặc khu", ["commune_committees"]),
        ("Các sở, ban, ngành", ["departments"]),
        ("Các sở, ngành", ["departments"]),
        ("C4c s¢, ban, ngành", ["departments"]),  # as OCR reads it
        ("Các sở, ban, ngành; UBND các xã, phường", ["departments", "commune_committees"]),
        ("Mặt trận Tổ quốc và các đoàn thể", ["mass_organisations"]),
        ("Các phòng, ban chuyên môn", ["commune_divisions"]),
        ("Các trường học", ["schools"]),
        ("Các đơn vị sự nghiệp", ["public_services"]),
    ],
)
def test_a_group_named_in_a_plan_is_recognised(text, codes):
    assert collectives_in(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "các cơ quan, đơn vị liên quan",
        "Các sở, ban, ngành liên quan",
        "UBND các xã, phường có liên quan",
        "Các địa phương",
        "Sở Khoa học và Công nghệ",
        "Ủy ban nhân dân thành phố",
        "",
    ],
)
def test_related_agencies_or_one_agency_are_no_group_of_members(text):
    assert collective_of(text) == ""


def test_a_lead_naming_two_groups_leads_through_the_first_and_coordinates_through_the_second():
    lead, coordinators = assignment_collectives(
        "Các sở, ban, ngành; UBND các xã, phường", ["Sở Tài chính", "Các trường học"]
    )
    assert lead == "departments"
    assert coordinators == ["commune_committees", "schools"]


def test_commune_committees_under_a_province_are_its_active_communes_people_committees(world):
    members = collective_members(unit=world["province"], code=Collective.COMMUNE_COMMITTEES)
    assert list(members) == [world["agencies"]["anlao"], world["agencies"]["vinhlai"]]


def test_commune_committees_under_a_commune_are_none(world):
    commune = world["communes"][0]
    assert not collective_members(unit=commune, code=Collective.COMMUNE_COMMITTEES).exists()


def test_departments_are_the_provinces_own_departments(world):
    members = set(collective_members(unit=world["province"], code=Collective.DEPARTMENTS))
    assert members == {world["agencies"]["khcn"], world["agencies"]["taichinh"]}
    assert not collective_members(unit=world["nation"], code=Collective.DEPARTMENTS).exists()


def test_a_commune_committee_belongs_to_the_groups_of_every_unit_above_it(world):
    vinhlai = world["agencies"]["vinhlai"]
    assert agency_collectives(vinhlai) == [
        ("commune_committees", [world["nation"].pk, world["province"].pk])
    ]
    assert collective_codes(agency=vinhlai, unit=world["province"]) == {"commune_committees"}
    assert collective_codes(agency=vinhlai, unit=world["communes"][0]) == set()
    # the chairman is a person of the committee, not the committee
    assert agency_collectives(world["agencies"]["chairman"]) == []


def test_plan_import_keeps_the_groups_a_plan_names(world):
    tasks = world["tasks"]
    assert tasks["1"].lead == world["agencies"]["khcn"]
    assert (tasks["1"].lead_collective, tasks["1"].coordinator_collectives) == ("", [])
    assert tasks["2"].lead is None and tasks["2"].lead_raw == "UBND các xã, phường"
    assert tasks["2"].lead_collective == "commune_committees"
    assert tasks["3"].coordinator_collectives == ["commune_committees"]
    # "các cơ quan, đơn vị liên quan" beside "Các sở, ban, ngành" adds no group
    assert tasks["4"].coordinator_collectives == ["departments"]


def test_task_form_shows_and_saves_the_groups(world, client):
    task = world["tasks"]["1"]
    client.force_login(world["users"]["office"])
    url = f"/ke-hoach/nhiem-vu/{task.pk}/sua/"
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    assert 'name="lead_collective"' in html and 'name="coordinator_collectives"' in html
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "coordinators"}
    data.update(
        title=task.title,
        lead=task.lead_id,
        coordinators=[a.pk for a in task.coordinators.all()],
        lead_collective="",
        coordinator_collectives=["commune_committees", "mass_organisations"],
        version=form["version"].value(),
    )
    data.pop("group", None)
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    task.refresh_from_db()
    assert task.coordinator_collectives == ["commune_committees", "mass_organisations"]


def test_task_page_names_the_groups_instead_of_an_unmatched_agency(world, client):
    client.force_login(world["users"]["office"])
    led = client.get(world["tasks"]["2"].get_absolute_url()).content.decode()
    assert "UBND các xã, phường, đặc khu" in led and "chủ trì chung" in led
    assert "chưa khớp danh mục" not in led
    coordinated = client.get(world["tasks"]["3"].get_absolute_url()).content.decode()
    assert "UBND các xã, phường, đặc khu" in coordinated and "phối hợp chung" in coordinated
