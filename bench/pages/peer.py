"""The screener's question page written the plain way, doing the same work: the peer
bench/pages measures the screener against.

Flask with Flask-SQLAlchemy (a model, `db.session`, a SQLite file), a FlaskForm class
with CSRF, the patient's draft read on GET and written on POST as JSON, and a Jinja
template that renders the same markup as the screener's page (the layout, the banner,
each question's fieldset, hint and choices, the footer). What it leaves out is what
the screener does beyond that: red flags, `show_if`, the route through the pages, the
security headers and the request log.

    SCREENER_SECRET_KEY=... PEER_DATABASE=/tmp/peer.sqlite3 gunicorn bench.pages.peer:app
"""

from __future__ import annotations

import os
import secrets
import tempfile
from typing import Any

from flask import Flask
from flask import redirect
from flask import render_template
from flask import session
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from jinja2 import DictLoader
from sqlalchemy import JSON
from sqlalchemy import String
from sqlalchemy import text
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms import SelectMultipleField
from wtforms import widgets
from wtforms.validators import InputRequired

AGES = [
    ("under_16", "Under 16"),
    ("age_16_20", "16 to 20"),
    ("age_21_40", "21 to 40"),
    ("age_41_60", "41 to 60"),
    ("age_61_80", "61 to 80"),
    ("over_80", "Over 80"),
]
STARTED = [
    ("age_0_2", "Under 3 (a baby or toddler)"),
    ("age_3_12", "3 to 12"),
    ("age_13_20", "13 to 20"),
    ("age_21_40", "21 to 40"),
    ("over_40", "Over 40"),
    ("not_sure", "Not sure"),
]
REGIONS = [
    ("eyes", "Eyes and eyelids"),
    ("lower_face", "Lower face, mouth, jaw or tongue"),
    ("voice", "Voice or throat"),
    ("neck", "Neck"),
    ("shoulder", "Shoulder"),
    ("arm_hand", "Arm or hand"),
    ("trunk", "Back, chest or tummy (trunk)"),
    ("leg_foot", "Leg or foot"),
]

LAYOUT = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>About you – Section 2 of 11, About you – Movement symptoms questionnaire</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/css/app.css">
  <script src="/static/js/app.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main-content">Skip to main content</a>
  <header class="header"><div class="width-container">
    <a class="header__service" href="/">Movement symptoms questionnaire</a>
  </div></header>
  <div class="emergency-banner"><div class="width-container">
    <p><strong>Not for emergencies.</strong> If someone is struggling to breathe or
    swallow, or shows signs of a stroke, call <a class="phone-link" href="tel:999">999</a>
    now. For urgent advice, call NHS 111 on <a class="phone-link" href="tel:111">111</a>.</p>
  </div></div>
  <div class="width-container">
    <a class="back-link" href="/questions/who_page">Back</a>
    <main class="main" id="main-content" tabindex="-1">
      {% block content %}{% endblock %}
    </main>
  </div>
  <footer class="footer"><div class="width-container">
    <p>Questionnaire version 2026.12.1. <strong>This content is a draft.</strong>
    A clinician has not reviewed it yet.</p>
    <p>This service does not use cookies for tracking and sends nothing to other
    websites.</p>
  </div></footer>
</body>
</html>"""

PAGE = """{% extends "layout.html" %}
{% block content %}
  <p class="caption" id="progress">Section 2 of 11<span class="visually-hidden">:</span>
  <span class="caption__section">About you</span></p>
  <h1 class="heading-l">About you</h1>
  <form method="post" novalidate data-prevent-double-submit>
    {{ form.csrf_token }}
    {% for field in form if field.name != "csrf_token" %}
      <div class="form-group{% if field.errors %} form-group--error{% endif %}">
        <fieldset class="fieldset"{% if field.description %} aria-describedby="{{ field.id }}-hint"{% endif %}>
          <legend class="fieldset__legend">{{ field.label.text }}</legend>
          {% if field.description %}<div class="hint" id="{{ field.id }}-hint">{{ field.description }}</div>{% endif %}
          {% for error in field.errors[:1] %}<p class="error-message">{{ error }}</p>{% endfor %}
          <div class="choices choices--{{ 'checkbox' if field.type == 'SelectMultipleField' else 'radio' }}">
            {% for option in field %}
              <div class="choices__item">
                {{ option(class_="choices__input") }}
                <label class="choices__label" for="{{ option.id }}">{{ option.label.text }}</label>
              </div>
            {% endfor %}
          </div>
        </fieldset>
      </div>
    {% endfor %}
    <button type="submit" class="button">Continue</button>
  </form>
  <p class="aside">There is no time limit. Your answers are saved each time you press
  Continue.</p>
{% endblock %}"""

START = """{% extends "layout.html" %}
{% block content %}<form method="post" action="/start">{{ form.csrf_token }}
<button type="submit" class="button">Start now</button></form>{% endblock %}"""


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Draft(db.Model):  # type: ignore[name-defined,misc]
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AboutPerson(FlaskForm):  # type: ignore[misc]
    age_band = RadioField(
        "How old are you?", choices=AGES, validators=[InputRequired()]
    )
    age_started = RadioField(
        "How old were you when the problem first started?",
        choices=STARTED,
        description="A best guess is fine.",
        validators=[InputRequired()],
    )
    body_regions = SelectMultipleField(
        "Tick every part of your body where you notice the problem.",
        choices=REGIONS,
        description="If many parts are affected, tick them all.",
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[InputRequired()],
    )


class StartForm(FlaskForm):  # type: ignore[misc]
    pass


_DEFAULT_DATABASE = os.path.join(tempfile.gettempdir(), "screener-peer.sqlite3")
app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SCREENER_SECRET_KEY"]
app.config["SQLALCHEMY_DATABASE_URI"] = (
    f"sqlite:///{os.environ.get('PEER_DATABASE', _DEFAULT_DATABASE)}"
)
# The plain way to let several workers share a SQLite file: wait for locks (pysqlite's
# timeout) and write-ahead logging, set once on the file.
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 10}}
app.jinja_loader = DictLoader(
    {"layout.html": LAYOUT, "page.html": PAGE, "start.html": START}
)
db.init_app(app)
with app.app_context():
    db.create_all()
    db.session.execute(text("PRAGMA journal_mode = WAL"))


@app.route("/start", methods=["GET", "POST"])
def start() -> Response | str:
    form = StartForm()
    if form.validate_on_submit():
        draft = Draft(token=secrets.token_urlsafe(32), answers={})
        db.session.add(draft)
        db.session.commit()
        session["draft"] = draft.token
        return redirect("/questions/about")
    return render_template("start.html", form=form)


@app.route("/questions/about", methods=["GET", "POST"])
def about() -> Response | str:
    draft = db.get_or_404(Draft, session.get("draft", ""))
    form = AboutPerson(data=draft.answers)
    if form.validate_on_submit():
        draft.answers = {
            **draft.answers,
            "age_band": form.age_band.data,
            "age_started": form.age_started.data,
            "body_regions": form.body_regions.data,
        }
        db.session.commit()
        return redirect("/questions/movement_pattern")
    return render_template("page.html", form=form)
