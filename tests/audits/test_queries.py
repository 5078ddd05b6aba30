"""Reading stored records costs a fixed number of queries, however many cases."""

from casequality.audits.frameworks import framework_get
from casequality.audits.models import Audit
from casequality.audits.results import audit_results
from casequality.audits.sampling import long_list_read
from casequality.audits.services import suggestions_compute
from casequality.cases.models import Case

from .factories import AS_OF, case_make


def _cases(service, n):
    for i in range(n):
        case_make(service, f"Q{i:03d}")


def test_the_long_list_is_read_in_three_queries(cast, django_assert_num_queries):
    _cases(cast.service, 30)
    with django_assert_num_queries(3):  # orders, assessments, cases
        assert len(long_list_read(service=cast.service, as_of=AS_OF)) == 30


def test_suggestions_for_a_sample_take_a_fixed_number_of_queries(cast, django_assert_num_queries):
    _cases(cast.service, 20)
    with django_assert_num_queries(7):  # findings, cases, and five prefetches of the record
        assert len(suggestions_compute(framework=framework_get("sqs-2013"), cases=Case.objects.all())) == 20


def test_an_audits_results_are_one_query(cast, django_assert_num_queries):
    from tests.reports.factories import manchester_2013_audit

    audit = manchester_2013_audit(cast.service)
    audit = Audit.objects.get(pk=audit.pk)
    with django_assert_num_queries(1):
        assert audit_results(audit).cases == 47


def test_an_audits_list_of_cases_reads_no_suggestions_nor_case_record_and_one_query(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casequality.audits.selectors import audit_cases_with_progress
    from tests.reports.factories import manchester_2013_audit

    audit = Audit.objects.get(pk=manchester_2013_audit(cast.service).pk)
    with CaptureQueriesContext(connection) as queries:
        cases = audit_cases_with_progress(audit)
        refs = [(ac.case_ref, ac.answered, ac.inspector_id, ac.inspector_name) for ac in cases]
    assert len(refs) == audit.cases.count() and len(queries) == 1
    assert "suggestions" not in queries[0]["sql"] and "victims" not in queries[0]["sql"]
