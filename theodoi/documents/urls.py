from django.urls import path

from theodoi.documents import views

app_name = "documents"
urlpatterns = [
    path(
        "don-vi/<int:unit_pk>/bao-cao-tong-hop.docx",
        views.consolidated_docx,
        name="consolidated_docx",
    ),
    path(
        "don-vi/<int:unit_pk>/bao-cao-tong-hop.pdf",
        views.consolidated_pdf,
        name="consolidated_pdf",
    ),
]
