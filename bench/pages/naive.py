"""A plain Flask-WTF question page, for scale: bench/pages reports it beside ours.

Written the way the Flask-WTF documentation shows: a FlaskForm class, a Jinja template
(compiled once, as a template file is) rendering each field, and a CSRF token from the
session. Three questions, like the screener page measured; no database.
"""

import os

from flask import Flask
from flask import render_template
from flask_wtf import FlaskForm
from jinja2 import DictLoader
from wtforms import IntegerField
from wtforms import RadioField
from wtforms.validators import InputRequired

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SCREENER_SECRET_KEY"]
app.jinja_loader = DictLoader(
    {
        "page.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>About you</title></head>
<body><main><h1>About you</h1>
<form method="post" novalidate>
  {{ form.csrf_token }}
  {% for field in form if field.name != "csrf_token" %}
    <fieldset><legend>{{ field.label.text }}</legend>
      {% for error in field.errors %}<p class="error">{{ error }}</p>{% endfor %}
      {{ field() }}
    </fieldset>
  {% endfor %}
  <button type="submit">Continue</button>
</form></main></body></html>"""
    }
)


class AboutYou(FlaskForm):
    who = RadioField(
        "Who is filling in this form?",
        choices=[("self", "Me"), ("parent", "A parent"), ("carer", "A carer")],
        validators=[InputRequired()],
    )
    age = IntegerField("How old are you?", validators=[InputRequired()])
    sex = RadioField(
        "What was your sex at birth?",
        choices=[("female", "Female"), ("male", "Male"), ("skip", "Rather not say")],
        validators=[InputRequired()],
    )


@app.route("/", methods=["GET", "POST"])
def question_page() -> str:
    form = AboutYou()
    form.validate_on_submit()
    return render_template("page.html", form=form)
