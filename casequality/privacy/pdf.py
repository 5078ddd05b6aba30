"""The subject access export as a document people read: each section a heading, each row its fields."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from casequality.reports.services import html_to_pdf

SECTION_TITLES = {
    "case": "The child and the case",
    "orders": "Orders",
    "reports": "Reports to court",
    "assessments": "Assessments",
    "plans": "Plans",
    "events": "Contacts and events",
    "findings": "Findings (and when each was opened and put right)",
    "finding_notes": "Notes on findings",
    "manager_entries": "Managers' entries",
    "self_audits": "Self-audits",
    "self_audit_answers": "Self-audit answers",
    "supervision_samples": "Supervision samples",
    "audit_cases": "Audits that sampled the case",
    "audit_answers": "Audit answers",
    "access_log": "Who opened or changed the record (access log)",
}


def subject_access_html(document: dict[str, Any]) -> str:
    sections = [
        (
            SECTION_TITLES.get(name, name.replace("_", " ").capitalize()),
            [
                [(field.replace("_", " ").capitalize(), value) for field, value in sorted(row.items())]
                for row in (rows if isinstance(rows, list) else [rows])
            ],
        )
        for name, rows in document.items()
        if name not in ("format", "service")
    ]
    return render_to_string(
        "privacy/subject_access.html",
        {
            "ref": document["case"]["ref"],
            "service": document["service"],
            "sections": sections,
        },
    )


def subject_access_pdf(document: dict[str, Any]) -> bytes:
    return html_to_pdf(subject_access_html(document))
