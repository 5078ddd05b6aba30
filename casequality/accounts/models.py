"""People who sign in, what role they hold, and the access log of children's records."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from casequality.cases.models import Case, Service, Staff, Team
from casequality.cases.vocabulary.roles import Role  # the one list of roles, a staff record's too


class User(AbstractUser):
    """A person who signs in. Their role decides what they may see (accounts/roles.py).

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
    # The national administrator: an administrator whose admin pages reach every service.
    # Set only by `casequality national-admin grant` (access-logged); no form offers it.
    national_admin = models.BooleanField(default=False, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # No superuser anywhere: what anyone may do comes from the role table
            # (accounts/roles.py), and the database refuses a row that would bypass it.
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
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
    SIGN_OUT = "sign_out", "Signed out"
    SUBJECT_ACCESS = "subject_access", "Exported for subject access"
    ERASE = "erase", "Erased"
    RETENTION = "retention", "Removed under the retention schedule"


class AccessLogEntry(models.Model):
    """One read or change of a child's record, a sign-in or a refusal. Written only by
    access_log_record(), never changed: each entry carries `hash`, HMAC-SHA-256 keyed with
    CASEQUALITY_ACCESS_LOG_KEY over the previous entry's hash and its own canonical content
    (accounts/chain.py), so a row
    changed or removed behind the app's back breaks the chain `casequality access-log
    verify` walks. On PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002)
    except for the retention service removing whole old segments.

    The foreign keys hold no database constraint and nothing cascades to them: deleting a
    user, a service or (by erasure) a case must not rewrite a logged row.
    """

    seq = models.PositiveBigIntegerField(unique=True)  # position in the chain (1, 2, ...)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    actor_name = models.CharField(max_length=200)  # kept if the user is deleted
    role = models.CharField(max_length=20, blank=True)  # the actor's role when it happened
    client_address = models.CharField(max_length=64, blank=True)  # from where (the request's address)
    verb = models.CharField(max_length=20, choices=AccessVerb.choices)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    case_ref = models.CharField(max_length=64, blank=True)
    # The cases a list page showed, as " REF1 REF2 " (spaces around each, so that one
    # reference is found with `contains=" REF "` on every database): one entry per page.
    case_refs = models.TextField(blank=True)
    target = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_ref", "at"]),
            # A service's entries newest first, a page at a time by position (the access
            # log's page: web/views/admin_pages.py, decision 0063).
            models.Index(fields=["service", "seq"], name="access_log_service_seq"),
        ]
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


class AccessLogChain(models.Model):
    """The head of the access log's chain: one row, locked by every writer so that entries
    join the chain one at a time, and the anchor retention restarted it from.

    `anchor_seq`/`anchor_hash` are the last entry retention removed (0 and "" until it
    has): the first entry kept must follow them.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    anchor_seq = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)


class AccessLogRemoval(models.Model):
    """A segment of the access log retention removed: what went, when, by which rule (counts)."""

    at = models.DateTimeField()
    through_seq = models.PositiveBigIntegerField()
    through_hash = models.CharField(max_length=64)
    entries = models.PositiveIntegerField()
    before = models.DateTimeField()

    class Meta:
        ordering = ["-at"]


class AccessLogCheckpoint(models.Model):
    """A signed position of the access log's chain (accounts/chain.py).

    `signature` is HMAC-SHA-256, with a key derived from CASEQUALITY_ACCESS_LOG_KEY, over
    the time, kind, the chain's number and hash, its anchor and `plain_through` (the last
    entry hashed before the key existed). Kinds: "hourly" (`casequality access-log
    checkpoint`, from cron), "retention" (every retention run, after it moves the anchor)
    and "key" (migration accounts 0005: the log was keyed from the next entry on).
    """

    at = models.DateTimeField()
    kind = models.CharField(max_length=20)
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64, blank=True)
    anchor_seq = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)
    plain_through = models.PositiveBigIntegerField(default=0)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} checkpoint at number {self.seq} ({self.at:%Y-%m-%d %H:%M})"
