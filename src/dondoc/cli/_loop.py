"""What the progress-loop verbs share: the terminal as an admin actor, and their domain errors as one line."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

import click

from dondoc.data.extensions import NoSuchExtension
from dondoc.data.focal_points import Actor, InvalidDecision, NoSuchFocalPoint, NotAdmin
from dondoc.data.progress import InvalidStatus, NotAllowed

# `--by` of every verb where an admin decides at the terminal (focal points, extensions).
decided_by_option = click.option("--by", "who", help="The admin deciding (default: your login name).")


def terminal_actor(who: str | None) -> Actor:
    """Whoever runs the command: an admin (the terminal reaches the database directly), named by --by."""
    return Actor("cli", "terminal", who or getpass.getuser(), is_admin=True)


@contextmanager
def loop_errors() -> Iterator[None]:
    """Turn the progress loop's domain errors into a short message and exit code 1."""
    try:
        yield
    except NoSuchFocalPoint as error:
        raise click.ClickException(
            f"No focal-point request with id {error.request_id}. See `dondoc focal list`."
        ) from None
    except NoSuchExtension as error:
        raise click.ClickException(f"No extension request with id {error.request_id}.") from None
    except InvalidDecision as error:
        raise click.ClickException(
            f"Request {error.request_id} is {error.state}; it cannot be {error.decision}. "
            f"See `dondoc {error.kind} list`."
        ) from None
    except (NotAdmin, NotAllowed, InvalidStatus) as error:
        raise click.ClickException(f"{str(error).capitalize()}.") from None
