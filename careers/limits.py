"""The web form's rate limit: CAREERS_APPLY_RATE submissions per IP, counted in the shared cache.

What counts is what costs: a stored application or a bot's submission (the honeypot filled); a
person correcting a typo in the form is not held back by their own mistakes. If the cache is down
the form stays open and the outage is logged: losing applicants is worse.
"""

from core.ip_limit import IpLimit

SUBMISSIONS = IpLimit(
    group="careers-apply",
    rate_setting="CAREERS_APPLY_RATE",
    when_down="Careers rate limit unavailable (cache error); the form stays open",
)
