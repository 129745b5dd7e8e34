"""Settings for the test suite: the project's settings, plus a throwaway key when none is set."""

from recruitment.settings import *  # noqa: F403

if not SECRET_KEY_CONFIGURED:  # noqa: F405
    SECRET_KEY = "insecure-test-key-never-use-in-production"
    SECRET_KEY_CONFIGURED = True

# The suite asserts texts in the source language (English) unless a test asks for Russian: through
# Accept-Language, a candidate's or chat's stored language, or override_settings(LANGUAGE_CODE="ru").
# Production defaults to DEFAULT_LANGUAGE (ru); tests/recruitment/test_languages.py checks that.
LANGUAGE_CODE = "en"
