"""Settings for the API benchmark: the portal's, plus the minimal comparison views."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
