"""Alembic environment: runs migrations on the connection ``Store`` hands over (or a URL)."""
from alembic import context
from sqlalchemy import create_engine

from encounters.store.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            configure_and_run(connection)
    else:
        configure_and_run(connection)


def configure_and_run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()
