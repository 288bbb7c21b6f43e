"""The smallest Flask app: the baseline bench/pages compares a question page with."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
