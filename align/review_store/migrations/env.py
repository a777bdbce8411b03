"""Alembic's entry point: migrations run on the connection (and in the transaction) the store opened."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# The store holds its own exclusive transaction (BEGIN IMMEDIATE / the advisory lock): every revision runs
# inside it and the store commits once at the end, so a failed upgrade leaves the database as it was.
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
context.run_migrations()
