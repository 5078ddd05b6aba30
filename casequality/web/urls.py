"""The pages of Casequality. Every view checks the role's permission (tests/web/test_every_url.py)."""

from django.urls import path

from casequality.notifications.views import email_settings
from casequality.web import converters  # noqa: F401 - registers <ref:...> (outside ids in a path)
from casequality.web.views import (
    accounts,
    admin_pages,
    board,
    cases,
    kpis,
    measures,
    oversight,
    rulebook,
    search,
    self_audit,
    supervision,
    today,
)

app_name = "web"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("today/", today.today, name="today"),
    path("accounts/login/", accounts.SignInView.as_view(), name="sign_in"),
    path("accounts/logout/", accounts.sign_out, name="sign_out"),
    path("accounts/two-factor/", accounts.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", accounts.two_factor_setup, name="two_factor_setup"),
    path("accounts/password/", accounts.password_change, name="password_change"),
    path("accounts/email/", email_settings, name="email_settings"),
    path("search/", search.search_page, name="search"),
    path("cases/", cases.caseload, name="caseload"),
    path("caseload.csv", cases.caseload_csv, name="caseload_csv"),
    path("cases/<ref:ref>/", cases.case_detail, name="case_detail"),
    path("cases/<ref:ref>/findings/<int:pk>/", cases.finding_answer, name="finding_answer"),
    path(
        "cases/<ref:ref>/<str:kind>/<ref:item_ref>/request-oversight/",
        cases.request_oversight,
        name="request_oversight",
    ),
    path("oversight/", oversight.queue, name="oversight"),
    path("oversight.csv", oversight.queue_csv, name="oversight_csv"),
    path("oversight/<ref:ref>/<str:kind>/<ref:item_ref>/", oversight.item, name="oversight_item"),
    path("supervision/", supervision.samples, name="supervision"),
    path("supervision/<int:pk>/", supervision.sample_detail, name="supervision_sample"),
    path("supervision/<int:pk>/cases/<ref:ref>/", supervision.sample_case, name="supervision_case"),
    path("self-audit/", self_audit.overview, name="self_audit"),
    path("self-audit/cases/<ref:ref>/", self_audit.new, name="self_audit_new"),
    path("self-audit/<int:pk>/", self_audit.detail, name="self_audit_detail"),
    path("rules/", rulebook.rulebook, name="rules"),
    path("rules/<str:rule_id>/", rulebook.rule_change, name="rule_change"),
    path("rules/parameters/<str:name>/", rulebook.parameter_change, name="parameter_change"),
    path("access-log/", admin_pages.access_log, name="access_log"),
    path("board/", board.board, name="board"),
    path("board/plan/", board.plan, name="plan"),
    path("board/plan/pdf/", board.plan_pdf, name="plan_pdf"),
    path("board/plan/new/", board.plan_action_new, name="plan_action_new"),
    path("board/plan/<int:pk>/", board.plan_action, name="plan_action"),
    path("board/plan/<int:pk>/edit/", board.plan_action_change, name="plan_action_edit"),
    path("board/plan/<int:pk>/updates/new/", board.plan_update_new, name="plan_update_new"),
    path("board/plan/<int:pk>/comments/new/", board.plan_comment_new, name="plan_comment_new"),
    path("measures/", measures.measures, name="measures"),
    path("kpis/", kpis.kpi_figures, name="kpis"),
    path("kpis/<str:kpi_id>/", kpis.kpi_cases, name="kpi_cases"),
]
