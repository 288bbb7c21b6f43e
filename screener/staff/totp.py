"""Time-based one-time codes (RFC 6238) for staff, and the QR code to enrol an app."""

from __future__ import annotations

import datetime as dt

import pyotp
import segno

#: Accept the code for the previous and next 30-second step too: phone clocks drift.
VALID_STEPS = (-1, 0, 1)


def new_secret() -> str:
    return pyotp.random_base32()


def enrolment_uri(secret: str, username: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def qr_code_data_uri(uri: str) -> str:
    """Draw the QR code here as an SVG data URI: no image service sees the secret."""
    data_uri: str = segno.make(uri, error="m").svg_data_uri(scale=6, border=4)
    return data_uri


def matching_step(
    secret: str, code: str, now: dt.datetime, last_step: int | None
) -> int | None:
    """Return the time step the code belongs to, or None if it is wrong or used.

    A step no later than `last_step` was already used to sign in: a code seen over
    someone's shoulder cannot be used again.
    """
    code = code.replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    moment = now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now
    current = totp.timecode(moment)
    for offset in VALID_STEPS:
        step = current + offset
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step if last_step is None or step > last_step else None
    return None
