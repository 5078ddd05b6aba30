"""The part of each case the YJB's KPIs read, and the services' board meetings: read by
reports.selectors (a KPI's figures for a period) and reports.kpi_readings (the figures kept
until the record changes), so that neither imports the other."""

from __future__ import annotations


def kpi_board_meetings(services) -> list[dict]:
    """The management board meetings recorded on the services (v2's `board_meetings`)."""
    from casequality.cases.selectors import board_meetings

    meetings: list[dict] = []
    for service in services:
        meetings.extend(board_meetings(service))
    return meetings


KPI_BATCH = 2000


def _iso(value):
    return value.isoformat() if value is not None else None


def kpi_case_dicts(cases, *, batch_size: int = KPI_BATCH):
    """Each case of `cases` as the part of its interchange dict the KPIs read: `id`, `orders`
    and format 2's `offences`, `out_of_court`, `victims`, `circumstances` (the same values
    cases.selectors.case_documents gives), streamed with two queries per batch rather than
    reading the whole record (assessments, plans, events) of every case."""
    from casequality.cases.models import Order

    def documents(batch):
        orders: dict[int, list[dict]] = {row["pk"]: [] for row in batch}
        for order in (
            Order.objects.filter(case_id__in=list(orders))
            .order_by("case_id", "id")
            .values("case_id", "ref", "type", "court_date", "start", "end", "custody_considered", "custody_release")
        ):
            orders[order["case_id"]].append(
                {
                    "id": order["ref"],
                    "type": order["type"],
                    "court_date": _iso(order["court_date"]),
                    "start": _iso(order["start"]),
                    "end": _iso(order["end"]),
                    "custody_considered": order["custody_considered"],
                    "custody_release": _iso(order["custody_release"]),
                }
            )
        for row in batch:
            yield {
                "id": row["ref"],
                "orders": orders[row["pk"]],
                **{key: row[key] or [] for key in ("offences", "out_of_court", "victims", "circumstances")},
            }

    batch: list[dict] = []
    rows = cases.order_by("pk").values("pk", "ref", "offences", "out_of_court", "victims", "circumstances")
    for row in rows.iterator(chunk_size=batch_size):
        batch.append(row)
        if len(batch) >= batch_size:
            yield from documents(batch)
            batch = []
    if batch:
        yield from documents(batch)
