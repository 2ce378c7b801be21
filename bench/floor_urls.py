"""The product's URLs plus `/bench-floor/`: a bare Django view that returns the bytes of
the page under test (the file named by BENCH_FLOOR_FILE), through the same middleware.
Benchmark only (bench/floor_settings.py); never in the product's URLconf."""

import os
from functools import cache

from django.http import HttpResponse
from django.urls import path

from micado.urls import urlpatterns as product_urlpatterns


@cache
def _body() -> bytes:
    with open(os.environ["BENCH_FLOOR_FILE"], "rb") as f:
        return f.read()


def floor(request):
    return HttpResponse(_body(), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench-floor/", floor), *product_urlpatterns]
