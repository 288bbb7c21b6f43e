"""Who patients are told to contact: the clinic, and the emergency and urgent numbers.

These are settings of the deployment, not of questions.yaml: the same content serves any
clinic, and the UK's numbers are the defaults. Each number is checked when the app
starts (with the phonenumbers library's metadata) and becomes a tap-to-call link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import phonenumbers
from phonenumbers import shortnumberinfo

from ..config import StartupError


@dataclass(frozen=True)
class Phone:
    #: As people read and dial it, e.g. "020 7946 0000".
    display: str
    #: For a link that starts a call on a phone, e.g. "tel:+44-20-7946-0000".
    uri: str


@dataclass(frozen=True)
class Contacts:
    emergency: Phone
    urgent_name: str
    urgent: Phone
    urgent_website: str | None
    crisis_name: str
    crisis: Phone
    clinic_name: str
    clinic_phone: Phone
    clinic_hours: str | None
    clinic_website: str | None
    clinic_reads_within_working_days: int

    def text_settings(self) -> dict[str, str]:
        """The values questions.yaml may name, such as {emergency_number}."""
        return {
            "emergency_number": self.emergency.display,
            "urgent_help": self.urgent_name,
            "urgent_number": self.urgent.display,
            "crisis_line": self.crisis_name,
            "crisis_number": self.crisis.display,
            "clinic_name": self.clinic_name,
            "clinic_phone": self.clinic_phone.display,
        }


def _short_number(value: Any, region: str, setting: str, emergency: bool) -> Phone:
    text = str(value or "").strip()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        parsed = None
    valid = parsed is not None and (
        shortnumberinfo.is_emergency_number(text, region)
        if emergency
        else shortnumberinfo.is_valid_short_number_for_region(parsed, region)
        or phonenumbers.is_valid_number(parsed)
    )
    if not valid or parsed is None:
        kind = "an emergency number" if emergency else "a phone number"
        raise StartupError(f"{setting} {text!r} is not {kind} in region {region}.")
    if phonenumbers.is_valid_number(parsed):
        return _full_number(parsed)
    digits = "".join(ch for ch in text if ch.isdigit())
    return Phone(display=text, uri=f"tel:{digits}")


def _full_number(parsed: phonenumbers.PhoneNumber) -> Phone:
    return Phone(
        display=phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.NATIONAL
        ),
        uri=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966),
    )


def _clinic_phone(value: Any, region: str) -> Phone:
    text = str(value or "").strip()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise StartupError(f"CLINIC_PHONE {text!r} is not a phone number.") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise StartupError(
            f"CLINIC_PHONE {text!r} is not a valid phone number in region {region}."
        )
    return _full_number(parsed)


def _website(value: Any, setting: str) -> str | None:
    if not value:
        return None
    text = str(value).strip()
    if not text.startswith(("https://", "http://")):
        raise StartupError(f"{setting} must start with https:// (found {text!r}).")
    return text


def contacts_from(config: Mapping[str, Any]) -> Contacts:
    """Read and check the contact settings; raise StartupError naming a bad one."""
    missing = [key for key in ("CLINIC_NAME", "CLINIC_PHONE") if not config.get(key)]
    if missing:
        raise StartupError(
            f"{' and '.join(missing)} must be set: patients are told to contact this "
            "clinic. Set SCREENER_CLINIC_NAME and SCREENER_CLINIC_PHONE, or put "
            "CLINIC_NAME and CLINIC_PHONE in instance/config.py."
        )
    region = str(config["PHONE_REGION"])
    days = config["CLINIC_READS_WITHIN_WORKING_DAYS"]
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
        raise StartupError(
            "CLINIC_READS_WITHIN_WORKING_DAYS must be a whole number from 1 to 60."
        )
    return Contacts(
        emergency=_short_number(
            config["EMERGENCY_NUMBER"], region, "EMERGENCY_NUMBER", True
        ),
        urgent_name=str(config["URGENT_HELP_NAME"]),
        urgent=_short_number(
            config["URGENT_HELP_NUMBER"], region, "URGENT_HELP_NUMBER", False
        ),
        urgent_website=_website(config["URGENT_HELP_WEBSITE"], "URGENT_HELP_WEBSITE"),
        crisis_name=str(config["CRISIS_LINE_NAME"]),
        crisis=_short_number(
            config["CRISIS_LINE_NUMBER"], region, "CRISIS_LINE_NUMBER", False
        ),
        clinic_name=str(config["CLINIC_NAME"]).strip(),
        clinic_phone=_clinic_phone(config["CLINIC_PHONE"], region),
        clinic_hours=str(config["CLINIC_HOURS"]).strip()
        if config["CLINIC_HOURS"]
        else None,
        clinic_website=_website(config["CLINIC_WEBSITE"], "CLINIC_WEBSITE"),
        clinic_reads_within_working_days=days,
    )
