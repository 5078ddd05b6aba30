import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast's nine users are hashed with the production hasher otherwise (seconds a test).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
