"""What the progress-loop verbs share: the terminal as an admin actor, and their domain errors as one line."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from dondoc.cli._app import App, pass_app
from dondoc.followup.extensions import NoSuchExtension
from dondoc.followup.focal_points import Actor, InvalidDecision, NoSuchFocalPoint, NotAdmin
from dondoc.followup.progress import InvalidStatus, NotAllowed

Decide = Callable[[App, int, str, str | None], None]


def decision_verbs(group: click.Group, decide: Decide, verbs: dict[str, str]) -> None:
    """Add one verb per decision an admin takes at the terminal (focal points, extensions), each
    `VERB REQUEST_ID [--by WHO]` calling `decide(app, request_id, verb, who)`.

    Args:
        verbs: verb -> its help text, an example included.
    """
    for verb, help_text in verbs.items():

        def command(app: App, request_id: int, who: str | None, verb: str = verb) -> None:
            decide(app, request_id, verb, who)

        command.__doc__ = help_text
        options = click.option("--by", "who", help="The admin deciding (default: your login name).")
        group.command(name=verb)(click.argument("request_id", type=int)(options(pass_app(command))))


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
