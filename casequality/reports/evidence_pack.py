"""The evidence a service sends HM Inspectorate of Probation before fieldwork, filled from its
record (`casequality evidence-pack --framework hmip-youth-2025 --out DIR`).

HMIP asks for evidence in advance: an organisational data spreadsheet, a narrative
template and a multi-agency discussion template, and case lists it samples from (HMIP
update on the youth inspection programme, https://hmiprobation.justiceinspectorates.gov.uk/?p=6564).
The spreadsheet's and templates' own layout is not reproduced: the pack gives the figures
the record can give, under our own headings, and its README lists what the service must
add by hand (docs/decisions/0021-hmip-2025-framework.md).

`organisational_figures` is pure (case dicts of the interchange format, staff rows, the
activity counts); `evidence_pack_write` reads the database and writes the files.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casequality.audits.frameworks import Framework
from casequality.audits.sampling import (
    EXCLUSION_REASONS,
    STRATUM_LABELS,
    children_long_list_read,
    exclusions_apply,
    sampling_window,
    victims_long_list_read,
)
from casequality.cases.csvfile import csv_dict_writer, csv_writer
from casequality.cases.vocabulary import CUSTODIAL_ORDERS, STATUTORY_ORDERS

OUT_OF_COURT_ORDER_TYPES = frozenset({"youth_caution", "youth_conditional_caution"})
DISPOSAL_WORDS = {
    "referral_order": "Referral order",
    "youth_rehabilitation_order": "Youth rehabilitation order",
    "detention_and_training_order": "Detention and training order",
    "long_term_detention": "Long-term detention",
    "youth_caution": "Youth caution",
    "youth_conditional_caution": "Youth conditional caution",
    "community_resolution": "Community resolution",
    "outcome_22": "Outcome 22",
    "outcome_21": "Outcome 21",
    "outcome_23": "Outcome 23",
    "other": "Other",
}


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _open(start, end, as_of: date) -> bool:
    start, end = _day(start), _day(end)
    return start is not None and start <= as_of and (end is None or end >= as_of)


def _in(day, start: date, end: date) -> bool:
    day = _day(day)
    return day is not None and start <= day <= end


@dataclass
class Figures:
    as_of: date
    start: date
    end: date
    children_open: int = 0
    by_disposal: dict[str, int] = field(default_factory=dict)  # disposal type -> children with one open
    by_kind: dict[str, int] = field(default_factory=dict)  # custody / community / out_of_court -> children
    staff_by_role: dict[str, int] = field(default_factory=dict)
    caseload_per_practitioner: dict[str, int] = field(default_factory=dict)  # case manager ref -> open cases
    unallocated: int = 0
    victims_identified: int = 0
    victims_contact_offered: int = 0
    victims_consented: int = 0
    activity: dict[str, int] = field(default_factory=dict)

    @property
    def practitioners(self) -> int:
        return len(self.caseload_per_practitioner)

    @property
    def mean_caseload(self) -> float | None:
        return (
            round(sum(self.caseload_per_practitioner.values()) / self.practitioners, 1) if self.practitioners else None
        )

    @property
    def largest_caseload(self) -> int | None:
        return max(self.caseload_per_practitioner.values(), default=None)

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "children_open": self.children_open,
            "by_disposal": self.by_disposal,
            "by_kind": self.by_kind,
            "staff_by_role": self.staff_by_role,
            "caseload_per_practitioner": self.caseload_per_practitioner,
            "practitioners": self.practitioners,
            "mean_caseload": self.mean_caseload,
            "largest_caseload": self.largest_caseload,
            "unallocated_open_cases": self.unallocated,
            "victims": {
                "identified": self.victims_identified,
                "contact_offered": self.victims_contact_offered,
                "consented": self.victims_consented,
            },
            "oversight_and_audit_activity": self.activity,
        }


def organisational_figures(
    cases: list[dict],
    staff: list[dict],
    *,
    as_of: date,
    start: date,
    end: date,
    activity: dict[str, int] | None = None,
) -> Figures:
    """What the record says of the service: open caseload by disposal on `as_of`, staff by
    role, open cases per case manager, victims the service learned of in the period, and
    the oversight and audit activity counted by the caller for the period.

    A child is on the open caseload when an order (start on or before as_of, no end or an
    end on or after it) or an out-of-court outcome (the same, by its start) is open; a
    child with two open disposals of one type counts once for that type.
    """
    figures = Figures(as_of=as_of, start=start, end=end, activity=dict(activity or {}))
    by_disposal: Counter = Counter()
    by_kind: Counter = Counter()
    per_manager: Counter = Counter()
    for case in cases:
        types: set[str] = set()
        for order in case.get("orders", []):
            if _open(order.get("start"), order.get("end"), as_of):
                types.add(order["type"])
        for outcome in case.get("out_of_court", []) or []:
            if _open(outcome.get("start") or outcome.get("decision_date"), outcome.get("end"), as_of) and (
                outcome.get("completed") is None
            ):
                types.add(outcome["type"])
        if types:
            figures.children_open += 1
            by_disposal.update(types)
            by_kind.update(
                {
                    "custody" if t in CUSTODIAL_ORDERS else "community" if t in STATUTORY_ORDERS else "out_of_court"
                    for t in types
                }
            )
            if case.get("case_manager"):
                per_manager[case["case_manager"]] += 1
            else:
                figures.unallocated += 1
        for victim in case.get("victims", []) or []:
            if _in(victim.get("identified"), start, end):
                figures.victims_identified += 1
                figures.victims_contact_offered += victim.get("contact_offered") is not None
                figures.victims_consented += victim.get("consent") == "given"
    for row in staff:
        if row.get("active", True):
            figures.staff_by_role[row["role"]] = figures.staff_by_role.get(row["role"], 0) + 1
            if row["role"] == "case_manager":
                per_manager.setdefault(row["ref"], 0)
    figures.by_disposal = dict(sorted(by_disposal.items()))
    figures.by_kind = {k: by_kind[k] for k in ("custody", "community", "out_of_court") if by_kind[k]}
    figures.caseload_per_practitioner = dict(sorted(per_manager.items()))
    return figures


# --- what the service adds by hand ----------------------------------------------------------

BY_HAND = [
    "The organisational data spreadsheet in HMIP's own layout (download it from HMIP's website): copy the figures "
    "of organisational-figures.csv into it; its budget, partner contributions and staffing establishment "
    "(vacancies, sickness, agency staff, secondees from probation, police, health and education) are not in "
    "the case record.",
    "Staff training and supervision records, and the staff survey arrangements.",
    "Governance: the management board's terms of reference, membership and minutes (the record holds only "
    "attendance), the youth justice plan, and the disproportionality action plan.",
    "Partnerships and services: the services available to children (health, education, substance misuse, "
    "speech and language), and the Appropriate Adult arrangements (the 2025 standards' new focus).",
    "Policies: out-of-court decision-making (the joint decision-making panel), resettlement, bail and remand, "
    "victims and restorative justice, and quality assurance.",
    "The narrative template (narrative.md has the figures in place; write each [to add] paragraph) and the "
    "multi-agency discussion template (not produced here).",
    "Figures the record does not hold: children supervised on bail or remand, and the whole-year caseload where "
    "the record starts later.",
]


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv_writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _pct(k: int, n: int) -> str:
    return f"{round(100 * k / n)}%" if n else "-"


def narrative_text(*, service_name: str, framework: Framework, figures: Figures, kpis: list | None) -> str:
    """The narrative template with the record's figures in place and [to add] where the
    service must write."""
    f = figures
    kinds = {
        "custody": "in custody or on licence",
        "community": "on a court order in the community",
        "out_of_court": "on an out-of-court disposal",
    }
    kind_text = "; ".join(f"{n} {kinds[k]}" for k, n in f.by_kind.items()) or "none"
    disposals = "\n".join(f"| {DISPOSAL_WORDS.get(t, t)} | {n} |" for t, n in f.by_disposal.items())
    lines = [
        f"# Narrative for the inspection of {service_name}",
        "",
        f"Framework: {framework.title} ({framework.id}). Figures from Casequality's record as of "
        f"{f.as_of.isoformat()}; activity over {f.start.isoformat()} to {f.end.isoformat()}. Check every figure "
        "against your case management system before sending.",
        "",
        "## Local context",
        "",
        "[to add: the area, its population of children, the service's structure and location, and what has "
        "changed since the last inspection]",
        "",
        f"On {f.as_of.isoformat()} the service worked with {f.children_open} children: {kind_text}. A child with "
        "more than one kind of disposal is counted under each, here and in the table.",
        "",
        "| Disposal | Children |",
        "|---|---|",
        disposals or "| none | 0 |",
        "",
        "## Governance and leadership",
        "",
        "[to add: the management board, its partners and how it holds the service to account]",
        "",
        "## Staff",
        "",
        f"The record names {sum(f.staff_by_role.values())} staff: "
        + ", ".join(
            f"{n} {role.replace('_', ' ')}{'s' if n != 1 else ''}" for role, n in sorted(f.staff_by_role.items())
        )
        + f". {f.practitioners} case managers hold the open caseload: on average "
        f"{f.mean_caseload if f.mean_caseload is not None else '-'} "
        f"children each, the largest {f.largest_caseload if f.largest_caseload is not None else '-'}"
        + (f"; {f.unallocated} open cases have no case manager" if f.unallocated else "")
        + ".",
        "",
        "[to add: vacancies, training, supervision and staff well-being]",
        "",
        "## Partnerships and services",
        "",
        "[to add: services for children, and the Appropriate Adult arrangements]",
        "",
        "## Information and facilities; quality assurance",
        "",
        "Oversight and audit activity in the period, from the record: "
        + "; ".join(f"{ACTIVITY_WORDS.get(k, k)} {v}" for k, v in f.activity.items())
        + ".",
        "",
        "[to add: how the service learns from audits and acts on them]",
        "",
        "## Work with children",
        "",
        "[to add: the service's own view of its assessing, planning, delivery and reviewing, for positive change "
        "and for the safety of the child and of others]",
        "",
        "## Work with victims",
        "",
        f"In the period the service learned of {f.victims_identified} victims; contact was offered to "
        f"{f.victims_contact_offered} ({_pct(f.victims_contact_offered, f.victims_identified)}) and "
        f"{f.victims_consented} consented to contact ({_pct(f.victims_consented, f.victims_identified)}).",
        "",
        "[to add: the victims' service, restorative justice and how victims' views reach the child's plan]",
        "",
        "## Key performance indicators",
        "",
    ]
    if kpis is None:
        lines.append("[to add: the YJB key performance indicators for the period (not computed here)]")
    else:
        lines += ["| KPI | Measure | Figure |", "|---|---|---|"]
        for kpi in kpis:
            figure = (
                "-"
                if kpi.rate is None
                else (
                    f"{kpi.numerator} of {kpi.denominator} ({round(100 * kpi.rate)}%)"
                    if kpi.unit == "share"
                    else f"{kpi.rate:g}"
                )
            )
            lines.append(f"| {kpi.id} | {kpi.name} | {figure} |")
    return "\n".join(lines) + "\n"


ACTIVITY_WORDS = {
    "manager_entries": "managers' entries in case records",
    "supervision_samples": "supervision samples drawn",
    "self_audits": "self-audits submitted",
    "self_audits_checked": "self-audits checked by a manager",
    "audits": "audits created",
    "audit_cases_answered": "cases answered in audits",
    "finding_notes": "notes on the rulebook's findings",
}


def readme_text(*, service_name: str, framework: Framework, files: list[str], kpis_included: bool) -> str:
    lines = [
        f"# Evidence in advance: {service_name}",
        "",
        f"Written by Casequality for {framework.title} ({framework.id}). It holds what the case record can give; "
        'everything below "What you must still add" comes from elsewhere. The case lists name cases by '
        "reference only: send them to HMIP by its secure route, never by ordinary email.",
        "",
        "## Files",
        "",
        *[f"- {name}" for name in files],
        "",
        "## What you must still add by hand",
        "",
        *[f"- {item}" for item in BY_HAND],
    ]
    if not kpis_included:
        lines.append("- The YJB key performance indicators for the period (not computed in this pack).")
    lines += [
        "",
        "## Organisational standards the inspection team judges (evidence to gather)",
        "",
        *[f"- {j.id} {j.title}: {' '.join(j.prompts)}" for j in framework.judged_standards],
        "",
        "## How the case lists were drawn",
        "",
        "Children's cases: every court or out-of-court disposal that started in the window, with its stratum "
        "(the work, sex, risk of serious harm) and any exclusion with its reason. Victims' cases: every victim "
        "the service learned of in the window. HMIP draws its own sample from lists like these; "
        "docs/audits.md (Sampling) describes how Casequality draws one for a mock inspection.",
    ]
    return "\n".join(lines) + "\n"


def children_rows(candidates, excluded) -> list[list]:
    rows = [
        [
            c.case,
            c.disposal,
            c.start.isoformat() if c.start else "",
            c.sex,
            "low" if c.rosh_low else "medium or above",
            c.case_manager or "",
            STRATUM_LABELS.get(c.stratum, c.stratum),
            "",
        ]
        for c in candidates
    ]
    rows += [
        [
            c.case,
            c.disposal,
            c.start.isoformat() if c.start else "",
            c.sex,
            "low" if c.rosh_low else "medium or above",
            c.case_manager or "",
            "",
            EXCLUSION_REASONS.get(reason, reason),
        ]
        for c, reason in excluded
    ]
    return sorted(rows)


CHILDREN_HEADER = ["case", "disposal", "start", "sex", "rosh", "case_manager", "stratum", "excluded_because"]
VICTIMS_HEADER = ["case", "victim", "identified", "stratum", "worker"]


@dataclass
class Pack:
    directory: Path
    files: list[str]
    figures: Figures
    kpis_included: bool


def evidence_pack_write(
    *,
    service,
    framework: Framework,
    out: Path,
    as_of: date,
    start: date,
    end: date,
    cases,
    staff: list[dict],
    activity: dict[str, int],
    kpis: list | None,
) -> Pack:
    """Write the pack into `out` (created; an existing file of the pack is replaced).
    `cases` are the service's interchange case dicts; `kpis` None leaves them out."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "case-lists").mkdir(exist_ok=True)
    window = sampling_window(as_of)
    children, excluded = exclusions_apply(children_long_list_read(service=service, as_of=as_of, window=window))
    _write_csv(out / "case-lists" / "children.csv", CHILDREN_HEADER, children_rows(children, excluded))
    victims = victims_long_list_read(service=service, as_of=as_of, window=window)
    _write_csv(
        out / "case-lists" / "victims.csv",
        VICTIMS_HEADER,
        [
            [
                v.case,
                v.victim,
                v.start.isoformat() if v.start else "",
                STRATUM_LABELS.get(v.stratum, v.stratum),
                v.case_manager or "",
            ]
            for v in victims
        ],
    )
    figures = organisational_figures(list(cases), staff, as_of=as_of, start=start, end=end, activity=activity)
    (out / "organisational-figures.json").write_text(json.dumps(figures.as_dict(), indent=2) + "\n", encoding="utf-8")
    rows = [["children_open", "", figures.children_open]]
    rows += [["by_disposal", DISPOSAL_WORDS.get(t, t), n] for t, n in figures.by_disposal.items()]
    rows += [["by_kind", k, n] for k, n in figures.by_kind.items()]
    rows += [["staff_by_role", r, n] for r, n in sorted(figures.staff_by_role.items())]
    rows += [["caseload_per_practitioner", ref, n] for ref, n in figures.caseload_per_practitioner.items()]
    rows += [
        ["unallocated_open_cases", "", figures.unallocated],
        ["victims_identified", "", figures.victims_identified],
        ["victims_contact_offered", "", figures.victims_contact_offered],
        ["victims_consented", "", figures.victims_consented],
    ]
    rows += [["activity", ACTIVITY_WORDS.get(k, k), n] for k, n in figures.activity.items()]
    _write_csv(out / "organisational-figures.csv", ["figure", "of", "value"], rows)
    files = [
        "README.md",
        "case-lists/children.csv",
        "case-lists/victims.csv",
        "organisational-figures.json",
        "organisational-figures.csv",
        "narrative.md",
    ]
    if kpis is not None:
        from casequality.reports.management.commands.kpis import CSV_COLUMNS, csv_rows

        with (out / "kpis.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv_dict_writer(fh, CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(csv_rows(kpis))
        files.insert(5, "kpis.csv")
    (out / "narrative.md").write_text(
        narrative_text(service_name=service.name, framework=framework, figures=figures, kpis=kpis), encoding="utf-8"
    )
    (out / "README.md").write_text(
        readme_text(service_name=service.name, framework=framework, files=files, kpis_included=kpis is not None),
        encoding="utf-8",
    )
    return Pack(directory=out, files=files, figures=figures, kpis_included=kpis is not None)
