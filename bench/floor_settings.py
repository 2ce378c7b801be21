"""Settings of the process-page benchmark only: production plus the "floor" route
(bench/floor_urls.py). Never used by the product."""

from micado.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
