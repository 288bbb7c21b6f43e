"""What the app keeps for every request, with its type: the questionnaire and the
contacts, each built once when the app is created."""

from __future__ import annotations

from flask import current_app

from ..questionnaire import Questionnaire
from .contacts import Contacts

#: The keys of `app.extensions` the app fills in `create_app`.
QUESTIONNAIRE = "screener.questionnaire"
CONTACTS = "screener.contacts"


def current_questionnaire() -> Questionnaire:
    q: Questionnaire = current_app.extensions[QUESTIONNAIRE]
    return q


def current_contacts() -> Contacts:
    contacts: Contacts = current_app.extensions[CONTACTS]
    return contacts
