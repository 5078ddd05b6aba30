from django.urls import path

from casequality.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_new, name="new"),
    path("marking/", views.marking, name="marking"),
    path("recheck/", views.audit_recheck, name="recheck"),
    path("figures/", views.audit_figures, name="figures"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/sample/", views.audit_sample, name="sample"),
    path("<int:pk>/assign/", views.audit_assign, name="assign"),
    path("<int:pk>/cases/<int:case_pk>/", views.audit_case_answer, name="case"),
    path("<int:pk>/moderation/", views.audit_moderation, name="moderation"),
    path("<int:pk>/moderation/settle/", views.audit_settle, name="settle"),
    path("<int:pk>/judged/", views.audit_judged, name="judged"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("<int:pk>/self-assessment/<str:standard>/", views.self_assessment_standard, name="self_assessment_standard"),
]
