"""gunicorn settings for `make serve`: BIND and WEB_CONCURRENCY from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Build the app once in the master: a broken questions.yaml or a missing secret key
# stops the server before any worker starts, with the app's own message.
preload_app = True
# gunicorn's access log records client IP addresses; the app logs each request itself,
# without them (screener/logs.py).
accesslog = None
errorlog = "-"
loglevel = "info"
# gunicorn's own lines without client addresses, query strings, reference codes or
# times, and no Server banner (screener/web/serving.py).
logger_class = "screener.web.serving.AnonymousLogger"


def on_starting(server):
    from screener.web.serving import hide_server_banner

    hide_server_banner()


def post_fork(server, worker):
    # A connection opened before the fork must never be shared between workers:
    # each worker starts with an empty pool.
    from screener.db import engine_of

    app = server.app.wsgi()
    # bench/pages also serves apps of its own through this file, without a database.
    if "screener.db.read" in getattr(app, "extensions", {}):
        engine_of(app).dispose(close=False)
