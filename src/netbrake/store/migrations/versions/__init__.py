"""Alembic revisions, one module each, numbered 0001, 0002, ..."""
