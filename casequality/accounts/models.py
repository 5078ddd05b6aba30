"""People who sign in, what role they hold, and the access log of children's records."""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from casequality.cases.models import Case, Service, Staff, Team


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", "Case manager"
    TEAM_MANAGER = "team_manager", "Team manager"
    QA_LEAD = "qa_lead", "QA lead"
    INSPECTOR = "inspector", "Inspector"
    BOARD = "board", "Board member"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A person who signs in. Their role decides what they may see (accounts/rules.py).

    `service` is their home service; `extra_services` are further services an
    inspector or QA lead has been granted. `staff` links a case manager or team
    manager to their entry in the case record, which decides their caseload or team.
    """

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CASE_MANAGER)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="users")
    extra_services = models.ManyToManyField(Service, blank=True, related_name="granted_users")
    staff = models.OneToOneField(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="user")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="users")
    # One of `casequality demo`'s logins: it signs in only on a database marked demo (DemoMark).
    is_demo_login = models.BooleanField(default=False, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # No superuser anywhere: what anyone may do comes from the role table
            # (accounts/rules.py), and the database refuses a row that would bypass it.
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="no_superuser"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AccessVerb(models.TextChoices):
    VIEW = "view", "Viewed"
    CHANGE = "change", "Changed"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    COUNTERSIGN = "countersign", "Countersigned"
    NOTE = "note", "Added a note"
    AUDIT = "audit", "Audited"
    SELF_AUDIT = "self_audit", "Self-audited"
    SAMPLE = "sample", "Sampled for supervision"
    MANAGER_ENTRY = "manager_entry", "Made a manager entry"
    DENIED = "denied", "Was refused"


class AccessLogEntry(models.Model):
    """One read or change of a child's record. Written only by access_log_record()."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=200)  # kept if the user is deleted
    verb = models.CharField(max_length=20, choices=AccessVerb.choices)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case_ref = models.CharField(max_length=64, blank=True)
    target = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case_ref", "at"])]
        verbose_name_plural = "access log entries"


class DemoMark(models.Model):
    """The row `casequality demo` writes: this database is a demo database.

    Only a database holding it lets the demo logins sign in, with the demo password and
    without a second factor, and every page says so (a banner). A service's database never
    holds it; nothing in the app writes it but the demo command.
    """

    marked_at = models.DateTimeField(auto_now_add=True)
    marked_by = models.CharField(max_length=200, default="casequality demo")

    def __str__(self) -> str:
        return f"demo database since {self.marked_at:%Y-%m-%d %H:%M}"
