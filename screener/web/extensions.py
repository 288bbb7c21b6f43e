"""What the app keeps for every request, with its type: the questionnaire (in each
language) and the contacts, each built once when the app is created."""

from __future__ import annotations

from flask import current_app
from flask import has_request_context

from ..questionnaire import Questionnaire
from .contacts import Contacts

#: The keys of `app.extensions` the app fills in `create_app`: the questionnaire as
#: written (in the clinic's language), and by language code every language offered.
QUESTIONNAIRE = "screener.questionnaire"
QUESTIONNAIRES = "screener.questionnaires"
CONTACTS = "screener.contacts"


def current_questionnaire() -> Questionnaire:
    """The questionnaire in this request's language (screener/languages): a patient's
    choice on patient pages, the clinic's on staff pages and outside a request."""
    from ..languages import current_language

    if has_request_context():
        by_language: dict[str, Questionnaire] = current_app.extensions[QUESTIONNAIRES]
        found = by_language.get(current_language())
        if found is not None:
            return found
    q: Questionnaire = current_app.extensions[QUESTIONNAIRE]
    return q


def current_contacts() -> Contacts:
    contacts: Contacts = current_app.extensions[CONTACTS]
    return contacts
