"""The office's page of the users of its units: list, create, change a role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from theodoi.accounts import selectors, services
from theodoi.accounts.forms import UserCreateForm, UserEditForm
from theodoi.accounts.permissions import is_office


def _require_office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied("Chỉ cơ quan thường trực mới quản lý người dùng.")


def _apply_errors(form, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    else:
        form.add_service_error(exc)


@login_required
def agency_options(request):
    """The agencies of the unit chosen in a user form, as the options of its agency list."""
    _require_office(request)
    unit = request.GET.get("unit", "")
    agencies = selectors.assignable_agencies(user=request.user).filter(
        unit_id=int(unit) if unit.isdigit() else None
    )
    return render(request, "accounts/_agency_options.html", {"agencies": agencies})


@login_required
def user_list(request):
    _require_office(request)
    return render(
        request, "accounts/user_list.html", {"users": selectors.user_list(user=request.user)}
    )


@login_required
def user_create(request):
    _require_office(request)
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(actor=request.user, **form.service_data())
        except (ValidationError, PermissionDenied) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Đã tạo người dùng {created.username}.")
            return redirect("accounts:user_edit", pk=created.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": "Thêm người dùng"},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def user_edit(request, pk: int):
    _require_office(request)
    target = get_object_or_404(selectors.user_list(user=request.user), pk=pk)
    assignment = selectors.user_role_in_scope(user=request.user, target=target)
    if assignment is None:
        raise Http404
    initial = {
        "full_name": target.full_name,
        "email": target.email,
        "is_active": target.is_active,
        "role": assignment.role,
        "unit": assignment.unit,
        "agency": assignment.agency,
    }
    form = UserEditForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=request.user, user=target, assignment=assignment, data=form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("accounts:user_edit", pk=target.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "target": target, "title": f"Người dùng {target.username}"},
        status=422 if request.method == "POST" else 200,
    )
