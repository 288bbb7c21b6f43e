"""Alembic migrations: the one way the database schema changes (see migrate.py)."""
