"""The case record (docs/case-format.md): one service's staff and children's cases.

Sub-records (orders, reports, assessments, plans, events) keep the interchange ids as
`ref`, unique within their case; references between them (a plan's assessment, a
report's order) are those refs, checked at import. Nested parts that are always read
whole (Asset scores, RoSH screening, objectives) are JSON. So are format 2's records
(offences, out-of-court outcomes, PDAT assessments, victims, circumstances, an
assessment's AssetPlus part, the service's board meetings): they are read whole, by the
rulebook and the KPIs, as the interchange dicts they were imported as.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from casequality.cases.search_key import search_key
from casequality.cases.vocabulary.roles import Role


class Service(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    # Format 2's `board_meetings` (the management board and which partners attended), as
    # the last import that carried them sent them.
    board_meetings = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="team_unique_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# A staff member's role is the one list of roles (cases/vocabulary/roles.py), the same a
# user holds: the name StaffRole stays for the code that reads the record's staff by it.
StaffRole = Role


class Staff(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="staff")
    ref = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports_to_me")
    # False once an import's staff list no longer names them (they left): their user keeps
    # no caseload or team (accounts.selectors). An import that names them again restores it.
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "ref"], name="staff_unique_ref")]
        # The case managers of a service by name: the first 51 of thousands, for the
        # caseload's and the queue's filters (a select, or a text box past 50).
        indexes = [models.Index(fields=["service", "role", "name", "id"], name="staff_service_role_name")]
        ordering = ["name"]
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"


class Sex(models.TextChoices):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"
    NOT_KNOWN = "not_known"


class Case(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cases")
    ref = models.CharField(max_length=64)
    case_manager = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="cases")
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="cases")
    child_name = models.CharField(max_length=200)
    child_dob = models.DateField()
    child_sex = models.CharField(max_length=12, choices=Sex.choices)
    child_ethnicity = models.CharField(max_length=200, blank=True)
    looked_after = models.BooleanField(default=False)
    social_worker = models.CharField(max_length=200, null=True, blank=True)
    diversity = models.JSONField(default=dict)
    # Format 2's records of the case, as interchange lists (docs/case-format.md).
    offences = models.JSONField(default=list, blank=True)
    out_of_court = models.JSONField(default=list, blank=True)
    diversion_assessments = models.JSONField(default=list, blank=True)
    victims = models.JSONField(default=list, blank=True)
    circumstances = models.JSONField(default=list, blank=True)
    # Format 2.1's: serious incidents notified to the YJB, MAPPA eligibility (decision 0053).
    serious_incidents = models.JSONField(default=list, blank=True)
    mappa_eligibility = models.JSONField(default=list, blank=True)
    # Derived at import from the record: the date of its `closed` event, if any.
    closed_on = models.DateField(null=True, blank=True)
    # The child's name as search compares it (cases/search_key.py, decision 0048): kept by
    # save() and by the import's bulk write, filled for older rows by migration 0009.
    search_key = models.CharField(max_length=200, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "ref"], name="case_unique_ref")]
        indexes = [
            models.Index(fields=["service", "case_manager"]),
            models.Index(fields=["service", "team"]),
            # A service's caseload in its order (reference, then id): a QA lead's page N of
            # 100,000 cases reads the index, not every case sorted (docs/decisions/0020).
            models.Index(fields=["service", "ref", "id"], name="case_service_ref_order"),
            # Search by name within a service (decision 0048); a name or part of a reference
            # found anywhere in it by trigram indexes on PostgreSQL (migration 0011, decision 0057).
            models.Index(fields=["service", "search_key"], name="case_service_search_key"),
            # Search by date of birth (decision 0057).
            models.Index(fields=["service", "child_dob"], name="case_service_child_dob"),
        ]
        ordering = ["ref"]

    def __str__(self) -> str:
        return self.ref

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = search_key(self.child_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "child_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)


class SubRecord(models.Model):
    ref = models.CharField(max_length=64)

    class Meta:
        abstract = True
        ordering = ["id"]


class Order(SubRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="orders")
    type = models.CharField(max_length=40)
    court_date = models.DateField()
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    custody_considered = models.BooleanField(default=False)
    custody_release = models.DateField(null=True, blank=True)


class Report(SubRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    type = models.CharField(max_length=40)
    order_ref = models.CharField(max_length=64, null=True, blank=True)
    requested = models.BooleanField(default=True)
    not_requested_reason = models.TextField(null=True, blank=True)
    yos_challenged = models.BooleanField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    author = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(null=True, blank=True)
    discussed_with_child = models.BooleanField(default=False)
    discussed_with_parent = models.BooleanField(default=False)


class Countersignable(SubRecord):
    date = models.DateField()
    author = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    countersigned_by = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    countersigned_date = models.DateField(null=True, blank=True)
    countersigned_outcome = models.CharField(max_length=10, blank=True)  # approved / returned / ""
    countersigned_comment = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]


class Assessment(Countersignable):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    stage = models.CharField(max_length=20)
    instrument = models.CharField(max_length=20)
    likelihood = models.JSONField(default=dict)
    rosh = models.JSONField(default=dict)
    vulnerability = models.JSONField(default=dict)
    diversity_barriers = models.TextField(blank=True)
    child_views = models.TextField(null=True, blank=True)
    parent_contributed = models.BooleanField(default=False)
    # Format 2: an AssetPlus assessment's trigger, stages, rationale ... (null for others).
    assetplus = models.JSONField(null=True, blank=True)


class Plan(Countersignable):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    type = models.CharField(max_length=40)
    assessment_ref = models.CharField(max_length=64, null=True, blank=True)
    objectives = models.JSONField(default=list)
    phases = models.JSONField(default=list)
    contingency = models.TextField(null=True, blank=True)
    agreed_with_child = models.BooleanField(default=False)
    agreed_with_parent = models.BooleanField(default=False)
    child_version = models.TextField(null=True, blank=True)
    review_by = models.DateField(null=True, blank=True)


class Event(SubRecord):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=40)
    date = models.DateField()
    by = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.TextField(blank=True)
    # The type's extra keys (kind, acceptable, outcome, decision, ...), as in the file.
    extra = models.JSONField(default=dict)


class ActKind(models.TextChoices):
    COUNTERSIGNATURE = "countersignature", "Countersignature"
    MANAGER_ENTRY = "manager_entry", "Manager entry"
    OVERSIGHT_REQUEST = "oversight_request", "Request for oversight"


class ActSubject(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    PLAN = "plan", "Plan"
    CASE = "case", "Case"


class Act(models.Model):
    """What a person did in Casequality on a case: owned by Casequality, never by the import.

    The case management system (CMS) owns what it sends (orders, assessments, plans,
    events); an import replaces that part of the record. An act — a countersignature or
    return, a manager entry, a request for oversight — is a record of its own: an import
    never deletes or changes it, and a correction is a new act that `corrects` the old.
    Its subject is named by the CMS's ref, so an act outlives the rows an import replaces;
    if the CMS withdraws the subject, the act stays and is shown as about a withdrawn
    record. `subject_version` is the version of the subject the person saw
    (cases.acts.subject_version). The rulebook reads the record with its acts merged in
    (cases.acts.effective_record); a CMS record of the same act is counted once.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acts")
    ref = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=ActKind.choices)
    subject_type = models.CharField(max_length=12, choices=ActSubject.choices)
    subject_ref = models.CharField(max_length=64, blank=True)
    subject_version = models.CharField(max_length=64, blank=True)
    by = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    by_ref = models.CharField(max_length=64)  # kept if the staff row goes
    date = models.DateField()
    outcome = models.CharField(max_length=10, blank=True)  # countersignature: approved / returned
    text = models.TextField(blank=True)  # the comment, the entry
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    recorded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=200)  # a user name, or the integration that sent it
    # PostgreSQL's id of the transaction that recorded it: a feed read by id (the API's
    # acts) holds back acts of transactions that may still commit, so it never skips one.
    txid = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "ref"], name="act_unique_ref")]
        indexes = [models.Index(fields=["case", "subject_ref"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("An act is never changed: record a correction instead")
        super().save(*args, **kwargs)


class ReturnedItem(models.Model):
    """An assessment or plan a manager returned that the case manager has not yet sent back:
    kept beside the record, written in the transaction that changes it (an import, an act;
    data.today.returned_items_refresh), so that the Today page joins it instead of working
    it out from every item, act and event of the service (decision 0063's first gap).

    `item_id` is the returned row's (cases_assessment's or cases_plan's, by `kind`): not a
    foreign key, since an import replaces the rows it points at and writes these again in
    the same transaction. `act` is the countersignature act that stands (its signer and
    comment), or null where the case management system's own countersignature does.
    Nothing of a person's words is copied here: the page reads them from the item or the act.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # "assessment" | "plan"
    ref = models.CharField(max_length=64)
    item_id = models.BigIntegerField()
    act = models.ForeignKey(Act, null=True, on_delete=models.CASCADE, related_name="+")
    returned_on = models.DateField()

    class Meta:
        ordering = ["id"]
