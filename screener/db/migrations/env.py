"""Alembic's environment: migrate over the connection the app hands over.

The app's own engine is used, so the configured DATABASE_URL (instance file or
SCREENER_* variables) decides which database is migrated; there is no alembic.ini.
"""

from alembic import context

from screener.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
