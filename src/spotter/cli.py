"""The `spotter` command."""

from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer
from pydantic import ValidationError

from spotter.config import Settings, get_settings

app = typer.Typer(
    help="Spotter: fitness management for personal trainers and their trainees.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema: upgrade, downgrade, URL.", no_args_is_help=True)
seed_app = typer.Typer(help="Load data.", no_args_is_help=True)
users_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")
app.add_typer(users_app, name="users")


class CliError(Exception):
    """An error to print as one line, without a traceback."""


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    sys.exit(0)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    demo: Annotated[
        bool, typer.Option(help="Load the demo data set when the database has no users.")
    ] = False,
) -> None:
    """Migrate if needed, then serve the API and UI."""
    import uvicorn

    from spotter import schema
    from spotter.config import configure_logging
    from spotter.db import embedded
    from spotter.db.urls import owner_url

    settings = get_settings()
    configure_logging(settings)
    url = owner_url(settings)
    if not settings.database_url:
        # Worker processes must join the server this process started.
        embedded.export_url(url.render_as_string(hide_password=False))
        get_settings.cache_clear()
    schema.upgrade(url)
    if demo:
        from spotter.seed.demo import print_demo_accounts, seed_demo_if_empty

        if seed_demo_if_empty(url):
            typer.echo("Loaded the demo data set.")
        print_demo_accounts()
    typer.echo(f"Spotter is serving on http://{host}:{port} (API docs at /docs)")
    # uvicorn shuts down gracefully, then re-raises SIGTERM to the handler it
    # found. Exiting normally from there lets atexit stop the embedded server.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    uvicorn.run(
        "spotter.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=20,
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Jobs run at once.")] = 4,
) -> None:
    """Run background jobs and periodic tasks until stopped."""
    from spotter import schema
    from spotter.config import configure_logging
    from spotter.db.urls import owner_url
    from spotter.jobs.app import create_job_app

    settings = get_settings()
    configure_logging(settings)
    url = owner_url(settings)
    schema.upgrade(url)
    typer.echo("Spotter worker started.")
    # procrastinate stops gracefully on SIGINT and SIGTERM: running jobs finish.
    create_job_app(url).run_worker(concurrency=concurrency, wait=True, install_signal_handlers=True)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (default: head)."""
    from spotter import schema
    from spotter.db import migrate
    from spotter.db.urls import owner_url

    url = owner_url(get_settings())
    schema.upgrade(url, revision)
    typer.echo(f"Database at {migrate.current_revision(url) or 'base'}.")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, or 'base' for none.")],
) -> None:
    """Revert migrations down to REVISION."""
    from spotter.db import migrate
    from spotter.db.urls import owner_url

    url = owner_url(get_settings())
    migrate.downgrade(url, revision)
    typer.echo(f"Database at {migrate.current_revision(url) or 'base'}.")


@db_app.command("url")
def db_url() -> None:
    """Print the database URL (the embedded server's while it runs)."""
    from spotter.db.urls import libpq_dsn, owner_url

    typer.echo(libpq_dsn(owner_url(get_settings())))


@seed_app.command("demo")
def seed_demo() -> None:
    """Load the demo data set (idempotent)."""
    from spotter import schema
    from spotter.db.urls import owner_url
    from spotter.seed.demo import print_demo_accounts, seed_demo_data

    url = owner_url(get_settings())
    schema.upgrade(url)
    created = seed_demo_data(url)
    typer.echo("Loaded the demo data set." if created else "The demo data set was already there.")
    print_demo_accounts()


@seed_app.command("bulk")
def seed_bulk(
    scale: Annotated[
        float, typer.Option(min=0.0001, max=2.0, help="Times the seed's row counts (1: ~7M rows).")
    ] = 0.02,
    password: Annotated[
        str | None,
        typer.Option(help="Give every bulk account this password (for benchmarks)."),
    ] = None,
) -> None:
    """Load the seed's 15 tables at its counts times SCALE with COPY, for benchmarks.

    Accounts: trainer00000@bulk.spotter.test ..., trainee000000@bulk.spotter.test ...
    (trainee000000 has the long workout history). Run it on a quiet database:
    it locks the tables it fills until it commits.
    """
    from spotter import schema
    from spotter.db.urls import owner_url
    from spotter.seed.bulk import AlreadyLoadedError, describe, load

    url = owner_url(get_settings())
    schema.upgrade(url)
    try:
        report = load(url, scale, password=password)
    except AlreadyLoadedError as exc:
        raise CliError(str(exc)) from exc
    typer.echo(describe(report))


TYPED_OR_PIPED_HELP = (
    "Password (8-128 characters, not a common one). Omitted: asked for twice on a"
    " terminal, else read from the first line of standard input."
)


def _password_from_operator(given: str | None) -> str:
    """--password, else typed at a hidden prompt (twice), else the first line
    piped in by a script: never an account nobody can sign in to."""
    if given is not None:
        return given
    if sys.stdin.isatty():
        password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise CliError("no password: pass --password, type it at the prompt, or pipe it in")
    return line


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Sign-in email.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    role: Annotated[str, typer.Option(help="trainer or trainee.")] = "trainee",
    password: Annotated[str | None, typer.Option(help=TYPED_OR_PIPED_HELP)] = None,
) -> None:
    """Create an account that can sign in now; its email counts as verified."""
    from spotter.db.urls import owner_url
    from spotter.users.admin import AccountError, create_account

    try:
        user_id = create_account(
            owner_url(get_settings()), email, name, role, _password_from_operator(password)
        )
    except AccountError as exc:
        raise CliError(str(exc)) from exc
    typer.echo(f"Created {role} {email} ({user_id}).")


@users_app.command("set-password")
def users_set_password(
    email: Annotated[str, typer.Option(help="The account's email.")],
    password: Annotated[str | None, typer.Option(help=TYPED_OR_PIPED_HELP)] = None,
) -> None:
    """Set an account's password; all its sessions end and the user is emailed."""
    from spotter.db.urls import owner_url
    from spotter.users.admin import AccountError, set_password

    try:
        set_password(owner_url(get_settings()), email, _password_from_operator(password))
    except AccountError as exc:
        raise CliError(str(exc)) from exc
    typer.echo(f"Set the password of {email}; its sessions have ended.")


def _set_active(email: str, active: bool) -> None:
    from spotter.db.urls import owner_url
    from spotter.users.admin import AccountError, set_active

    try:
        set_active(owner_url(get_settings()), email, active)
    except AccountError as exc:
        raise CliError(str(exc)) from exc


@users_app.command("deactivate")
def users_deactivate(email: Annotated[str, typer.Option(help="The account's email.")]) -> None:
    """Block an account and end all its sessions at once."""
    _set_active(email, False)
    typer.echo(f"Deactivated {email}; its sessions have ended.")


@users_app.command("activate")
def users_activate(email: Annotated[str, typer.Option(help="The account's email.")]) -> None:
    """Let a deactivated account sign in again."""
    _set_active(email, True)
    typer.echo(f"Activated {email}.")


def _setting_errors(error: ValidationError) -> list[str]:
    """One line per setting the environment got wrong, by its variable."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        variable = "DATABASE_URL" if field == "database_url" else f"SPOTTER_{field.upper()}"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"error: {variable}: {message}")
    return lines


def main() -> None:
    try:
        app()
    except CliError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except ValidationError as exc:
        if exc.title != Settings.__name__:
            raise
        typer.echo("\n".join(_setting_errors(exc)), err=True)
        sys.exit(2)
    except Exception as exc:
        # Operators get one readable line; SPOTTER_LOG_LEVEL=debug shows more.
        if get_settings().log_level == "debug":
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
