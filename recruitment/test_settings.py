"""Settings for the test suite: the project's settings, plus a throwaway key when none is set."""

from recruitment.settings import *  # noqa: F403

if not SECRET_KEY_CONFIGURED:  # noqa: F405
    SECRET_KEY = "insecure-test-key-never-use-in-production"
    SECRET_KEY_CONFIGURED = True
