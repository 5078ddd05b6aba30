"""What the web pages keep of their own: each service's record version, for the page cache."""

from __future__ import annotations

from django.db import models


class RecordVersion(models.Model):
    """A number that goes up with every committed change to what a service's cached pages show.

    Kept by the database itself (triggers: casequality/data/record_versions.py, migration
    web 0001), never by the application, so no write (an import's bulk statements, the
    sweep's COPY, an act, a retention delete, the admin) can forget it. The page cache
    (data/page_cache.py) keys a page on the versions of the services its user sees: a
    write to one of them gives every page of that service a new key.
    """

    service_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "record version"

    def __str__(self) -> str:
        return f"service {self.service_id}: version {self.version}"
