"""Limits on how often a view may be tried, per client and for everyone together
(Flask-Limiter): for look-ups a guesser would hammer, such as the resume code.

Only views marked `@rate_limited` are limited; every other route is left alone (no
default or application-wide limits). Each app gets a limiter of its own, so two apps
in one process (the tests make many) never share counts or settings.

A client is counted under an HMAC of its address, keyed with the app's SECRET_KEY:
the counts, in memory or in a shared store, never hold an IP address, and the keyed
hash cannot be reversed by trying every address (there are only 2**32 in IPv4).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from typing import cast

from flask import Flask
from flask import current_app
from flask import request
from flask_limiter import Limiter
from flask_limiter import RateLimitExceeded
from limits import parse

#: The app.extensions key of this app's limiter.
LIMITER = "screener.limiter"
#: What a limit's breach is called, per kind (`RateLimitExceeded.description`).
PER_CLIENT = "per_client"
OVERALL = "overall"
_CLIENT_PURPOSE = b"screener rate limit client\x00"
_EVERYONE = "everyone"

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., object])


@dataclass(frozen=True)
class Limits:
    """The settings (app.config keys) holding a view's limits, and the methods they
    count."""

    per_client: str
    overall: str
    methods: tuple[str, ...] = ("POST",)


#: The attribute `rate_limited` sets on a view.
_LIMITS = "_screener_rate_limits"


def rate_limited(
    per_client: str, overall: str
) -> Callable[[ViewFunction], ViewFunction]:
    """Mark a view as limited by these settings (each a Flask-Limiter string, e.g.
    "10 per hour"); `register_rate_limits` applies them once the views are known."""

    def mark(view: ViewFunction) -> ViewFunction:
        setattr(view, _LIMITS, Limits(per_client, overall))
        return view

    return mark


def client_key() -> str:
    """Who is counted: an HMAC of the client's address, never the address itself."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(secret, _CLIENT_PURPOSE + address, hashlib.sha256).hexdigest()[:32]


def _everyone() -> str:
    return _EVERYONE


def register_rate_limits(app: Flask) -> None:
    """Give the app its limiter and wrap each view marked `rate_limited` (after the
    blueprints are registered)."""
    limiter = Limiter(
        client_key,
        storage_uri=app.config["RATE_LIMIT_STORAGE_URI"],
        strategy="fixed-window",
        key_prefix="screener",
        headers_enabled=False,
        # A shared store that stops answering must not turn a look-up into a 500:
        # each worker then counts in its own memory until the store is back.
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    # The limiter's before_request hook checks default and application-wide limits,
    # of which there are none: the limits here are checked by the views' wrappers.
    # It cost about 90 microseconds on every request to every page, so it goes.
    hooks = app.before_request_funcs[None]
    hooks[:] = [
        hook for hook in hooks if getattr(hook, "__self__", None) is not limiter
    ]
    app.extensions[LIMITER] = limiter
    for endpoint, view in list(app.view_functions.items()):
        limits: Limits | None = getattr(view, _LIMITS, None)
        if limits is not None:
            app.view_functions[endpoint] = _limited(limiter, view, limits)


def _limited(limiter: Limiter, view: ViewFunction, limits: Limits) -> ViewFunction:
    def setting(name: str) -> Callable[[], str]:
        return lambda: str(current_app.config[name])

    methods = list(limits.methods)
    per_client = limiter.limit(
        setting(limits.per_client), methods=methods, error_message=PER_CLIENT
    )
    overall = limiter.limit(
        setting(limits.overall),
        key_func=_everyone,
        methods=methods,
        error_message=OVERALL,
    )
    # The limiter's wrappers keep the view's name and attributes (functools.wraps).
    return cast(ViewFunction, overall(per_client(view)))


def breached(error: RateLimitExceeded) -> str:
    """Which kind of limit a request broke: PER_CLIENT or OVERALL."""
    return OVERALL if error.description == OVERALL else PER_CLIENT


def first_this_hour(*keys: str) -> bool:
    """True the first time in each hour these keys are given (counted in the
    limiter's storage): for noting a flood once rather than at every request."""
    limiter: Limiter = current_app.extensions[LIMITER]
    try:
        return limiter.limiter.hit(parse("1 per hour"), "screener-once", *keys)
    except Exception:  # any store's own error: note nothing, go on
        return False


def minutes_until_retry() -> int:
    """Whole minutes until the limit this request broke lets it through again."""
    limiter: Limiter = current_app.extensions[LIMITER]
    broken = limiter.current_limit
    try:
        reset_at = broken.reset_at if broken else None
    except Exception:  # the store stopped answering: say an hour
        reset_at = None
    if reset_at is None:
        return 60
    return max(1, math.ceil((reset_at - time.time()) / 60))
