"""Throttles of the REST API: per client address for anonymous callers, per account for
signed-in ones. The rates are read from settings at each request (DRF's own classes read
them once at import), so a deployment, and a test, can change them."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class PublicAnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.MICADO_API_THROTTLE_RATES.get(self.scope)


class PublicUserThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.MICADO_API_THROTTLE_RATES.get(self.scope)
