from django.urls import path

from theodoi.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("nhap/", views.plan_upload, name="plan_upload"),
    path("<int:pk>/ra-soat/", views.plan_review, name="plan_review"),
    path("<int:pk>/nhom-nq57/", views.plan_groups_map, name="plan_groups_map"),
    path(
        "nhiem-vu/<int:pk>/xac-nhan-ra-soat/",
        views.item_review_confirm,
        {"kind": "nhiem-vu"},
        name="task_review_confirm",
    ),
    path(
        "chi-tieu/<int:pk>/xac-nhan-ra-soat/",
        views.item_review_confirm,
        {"kind": "chi-tieu"},
        name="indicator_review_confirm",
    ),
    path("nhiem-vu/<int:pk>/gop/", views.task_merge, name="task_merge"),
    path("nhiem-vu/<int:pk>/tach/", views.task_split, name="task_split"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/xac-nhan/", views.plan_activate, name="plan_activate"),
    path("<int:pk>/lien-ket/", views.plan_links, name="plan_links"),
    path("<int:plan_pk>/nhiem-vu/them/", views.TaskEditView.as_view(), name="task_add"),
    path("nhiem-vu/", views.TaskListView.as_view(), name="task_list"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", views.TaskEditView.as_view(), name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("van-ban/<int:pk>/", views.source_download, name="source_download"),
    path("chi-tieu/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("chi-tieu/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("chi-tieu/<int:pk>/sua/", views.IndicatorEditView.as_view(), name="indicator_edit"),
]
