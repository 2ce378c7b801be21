"""Throttles of the REST API: per client address for anonymous callers, per account for
signed-in ones, at REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon" | "user"], read at
each request (apps.core.ratelimit.SettingsRateMixin)."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from apps.core.ratelimit import SettingsRateMixin


class PublicAnonThrottle(SettingsRateMixin, AnonRateThrottle):
    pass


class PublicUserThrottle(SettingsRateMixin, UserRateThrottle):
    pass
