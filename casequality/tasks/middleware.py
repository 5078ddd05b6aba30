"""Tells the person whose change could not be sent to the workers that it is saved.

A page that changes a record (a form, an act, a countersignature) writes the record and
its re-evaluation's task row in one transaction, and sends the task after the commit. If
the broker is down, the send fails quietly (casequality/tasks/worker.py), the row waits
for the relay, and this middleware adds the message BROKER_UNAVAILABLE to the next page
the person sees (Django's messages): never a traceback, never "failed".
"""

from __future__ import annotations

from django.contrib import messages

from casequality.tasks.worker import BROKER_UNAVAILABLE, broker_unavailable


class BrokerNoticeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        broker_unavailable(clear=True)  # what an earlier request on this thread found is not this one's
        response = self.get_response(request)
        page = response.status_code in (301, 302, 303) or response.get("Content-Type", "").startswith("text/html")
        if broker_unavailable(clear=True) and page:
            # Pages; an API change is saved all the same (no messages there: nothing is added).
            messages.warning(request, BROKER_UNAVAILABLE, fail_silently=True)
        return response
