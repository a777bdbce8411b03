"""The review store's schema as Alembic migrations, the same for SQLite and PostgreSQL (see
:mod:`align.review_store.migrate`). Revision ``r0001`` is the schema the pre-Alembic migrations reached
(SQLite ``user_version`` 6); every later change is a new revision here."""
