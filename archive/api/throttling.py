"""How often an anonymous caller may ask: ``API_ANON_RATE`` (settings), per IP address."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, with its rate read from the settings on every request.

    DRF copies the rates into its throttle classes when they are imported, so a rate
    changed later (a test's ``settings`` override) would otherwise go unseen.
    """

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
