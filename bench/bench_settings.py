"""Settings of the HTTP benchmark (bench/api_http.py): the project's, plus two reference views."""

from recruitment.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
