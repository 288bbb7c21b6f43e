"""The screener with one extra page that does nothing: a fixed page of the question
page's size and a CSRF token, through all of the app's per-request machinery (session
cookie, CSRF, security headers, the request log) but no database and no template.

Its throughput is the ceiling for any page of this app under the same server.
"""

from flask_wtf.csrf import generate_csrf

from screener import create_app

#: About the size of the question page measured (bench/pages prints the real size).
FIXED_PAGE = "<!doctype html>" + "x" * 7200

app = create_app()


@app.get("/bench/fixed-page")
def fixed_page() -> str:
    return FIXED_PAGE + generate_csrf()
