"""The database: SQLAlchemy 2 models, Alembic migrations and the repositories that write through them.

SQLite (a file, the default) and PostgreSQL (`KEPIL_DATABASE_URL`) run the same models and migrations.
Every write is one transaction that also appends to the audit log; a failure leaves nothing written.
"""
