from django.urls import path

from casequality.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("compare/", views.report_compare, name="compare"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/pdf/", views.report_pdf_download, name="pdf"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/publish/", views.report_publish_view, name="publish"),
]
