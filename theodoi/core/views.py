"""Generic page views in the NetBox manner: one view serves the full page or its HTMX partial."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django_tables2 import RequestConfig

PER_PAGE = 25


def is_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


class ObjectListView(LoginRequiredMixin, View):
    """A filtered, paginated table; HTMX requests get the table alone."""

    filterset_class = None
    table_class = None
    template_name = "core/object_list.html"
    partial_template_name = "core/partials/object_table.html"
    title = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    def extra_context(self, request: HttpRequest) -> dict:
        return {}

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = self.filterset_class(
            request.GET, queryset=self.get_queryset(request), request=request
        )
        queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        table = self.table_class(queryset)
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        context = {
            "title": self.title,
            "filterset": filterset,
            "table": table,
            "count": table.paginator.count if hasattr(table, "paginator") else len(queryset),
            **self.extra_context(request),
        }
        template = self.partial_template_name if is_partial(request) else self.template_name
        return render(request, template, context)


class ScopedObjectMixin(LoginRequiredMixin):
    """Fetches one object from the user's scope; anything else is a 404."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    def get_object(self, request: HttpRequest, pk: int) -> Model:
        return get_object_or_404(self.get_queryset(request), pk=pk)


class ObjectEditView(ScopedObjectMixin, View):
    """Edit form for an object in the user's scope, saved through a service.

    A form whose `version` is older than the object's last change is stale: it is refused
    with a message, and nothing is written.
    """

    form_class = None
    template_name = "core/object_edit.html"
    service: Callable[..., Model] | None = None
    title = ""

    def check_permission(self, request: HttpRequest, obj: Model | None) -> None:
        raise NotImplementedError

    def get_form(self, request: HttpRequest, obj: Model | None, data=None):
        return self.form_class(data=data, instance=obj, user=request.user)

    def new_object(self, request: HttpRequest, **kwargs) -> Model | None:
        return None

    def load(self, request: HttpRequest, pk: int | None, **kwargs) -> Model | None:
        obj = self.get_object(request, pk) if pk is not None else self.new_object(request, **kwargs)
        self.check_permission(request, obj)
        return obj

    def render_form(self, request, form, obj, status=200):
        context = {"form": form, "object": obj, "title": self.title}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None, **kwargs) -> HttpResponse:
        obj = self.load(request, pk, **kwargs)
        return self.render_form(request, self.get_form(request, obj), obj)

    def post(self, request: HttpRequest, pk: int | None = None, **kwargs) -> HttpResponse:
        obj = self.load(request, pk, **kwargs)
        form = self.get_form(request, obj, data=request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if hasattr(form, "check_version_locked"):
                        form.check_version_locked()
                    saved = self.save(request, form, obj)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, "Đã lưu thay đổi.")
                return redirect(saved.get_absolute_url())
        return self.render_form(request, form, obj, status=422)

    def save(self, request: HttpRequest, form, obj: Model | None) -> Model:
        raise NotImplementedError


class ObjectDeleteView(ScopedObjectMixin, View):
    """Asks for confirmation on GET, deletes on POST."""

    template_name = "core/object_confirm_delete.html"

    def check_permission(self, request: HttpRequest, obj: Model) -> None:
        raise NotImplementedError

    def delete(self, request: HttpRequest, obj: Model) -> str:
        """Deletes through a service and returns the URL to go to next."""
        raise NotImplementedError

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        self.check_permission(request, obj)
        return render(request, self.template_name, {"object": obj})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(request, pk)
        self.check_permission(request, obj)
        next_url = self.delete(request, obj)
        messages.success(request, f"Đã xóa: {obj}")
        return redirect(next_url)


def deny(message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied(message)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"message": message}, status=403)


def not_found() -> Http404:
    return Http404("Không tìm thấy.")
