"""A 47-case audit whose answers give the shares of the 2013 Manchester report."""

from __future__ import annotations

from casequality.audits.frameworks import framework_get
from casequality.audits.services import audit_load
from tests.audits.factories import case_make

# question: (yes, applicable), as the 2013 report words them (47 cases).
SHARES_2013 = {
    "1.1": (35, 40),  # "generally of good quality": the great majority
    "1.1b": (2, 6),  # "often unable to find evidence"
    "1.2": (25, 47),  # "just over half were good enough"
    "1.3": (10, 30),  # "too few effective reviews"
    "1.4": (29, 47),  # "just under two-thirds" (61.7%)
    "1.5": (5, 11),  # "just under half of the custodial sentence plans" (45.5%)
    "2.1": (18, 47),  # the weakest area
    "2.2": (10, 20),  # "good enough in only half"
    "2.3": (8, 25),
    "2.4": (9, 24),
    "3.1": (35, 47),  # "three-quarters" (74.5%)
    "3.2": (11, 20),  # "just over half" (55%)
    "3.3": (8, 22),
    "3.4": (10, 22),
    "4.1": (32, 47),
    "4.2": (6, 14),
    "4.3": (24, 47),
    "4.4": (20, 47),
    "4.5": (22, 25),  # "the great majority" (88%)
    "4.6a": (31, 47),  # "two-thirds" (66%)
    "4.6b": (13, 16),  # "well over three-quarters" (81%)
}
REASONS_1_2 = (
    ["evidence_insufficient_or_unclear"] * 12
    + ["known_information_left_out"] * 5
    + ["evidence_conflicts_with_the_rating"] * 3
    + ["copy_of_a_previous_assessment"] * 2
)


CHILD_NAMES = [f"Zebedee{chr(65 + i % 26)}{i:02d} Quartermaine" for i in range(47)]


def manchester_2013_audit(
    service,
    *,
    title="Short Quality Screening of youth offending work in Manchester",
    shares=SHARES_2013,
    prefix="M",
    make_cases=True,
):
    """Store 47 cases (children with distinctive names) and load an audit with the 2013 shares."""
    refs = [f"{prefix}{i:03d}" for i in range(47)]
    if make_cases:
        for i, ref in enumerate(refs):
            case_make(service, ref, name=CHILD_NAMES[i], sex="female" if i % 5 == 0 else "male")
    framework = framework_get("sqs-2013")
    answers = []
    for qid in framework.question_ids():
        yes, applicable = shares[qid]
        question = framework.question(qid)
        first_reason = next(iter(question.reasons), None)
        no_index = 0
        for i, ref in enumerate(refs):
            row = {"case": ref, "question": qid, "auditor": "S20"}
            if i >= applicable:
                row["answer"] = "n/a"
            elif i < yes:
                row["answer"] = "yes"
            else:
                row["answer"] = "no"
                if qid == "1.2":
                    row["reasons"] = [REASONS_1_2[no_index]]
                elif first_reason:
                    row["reasons"] = [first_reason]
                no_index += 1
            answers.append(row)
    return audit_load(
        {
            "format": "casequality-audit/1",
            "framework": "sqs-2013",
            "service": service.code,
            "title": title,
            "fieldwork": {"start": "2013-06-17", "end": "2013-06-19"},
            "cases": refs,
            "answers": answers,
        }
    )
