"""WSGI entry point: gunicorn casequality.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
application = get_wsgi_application()
