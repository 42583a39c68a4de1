"""`dondoc web`: the web pages for the office, on the bot's database and search."""

from __future__ import annotations

from datetime import date

import click

from dondoc.cli._app import App, pass_app, today_option
from dondoc.cli.ask import open_service


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind an HTTPS proxy).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (default: DONDOC_WEB_PORT, else 8080).")
@click.option("--link", is_flag=True, help="Print a one-time admin sign-in link (valid 15 minutes) before serving.")
@click.option("--no-search", is_flag=True, help="Do not load the search index (the register has no free-text box).")
@today_option
@pass_app
def web(app: App, host: str, port: int | None, link: bool, no_search: bool, today: date | None) -> None:
    """Serve the web pages: overview, register, tasks, reports and upload, subscriptions.

    Sign-in is by DONDOC_WEB_PASSWORD (admin), DONDOC_WEB_VIEWER_PASSWORD (read only) or a
    one-time link; set DONDOC_WEB_SECRET so sessions and links survive a restart.

    Example:

        DONDOC_WEB_PASSWORD='mật-khẩu-dài' dondoc web --port 8080 --link --today 2025-07-01
    """
    import uvicorn

    from dondoc.web.app import create_app
    from dondoc.web.links import link_url, web_address

    settings = app.settings
    search = None if no_search else open_service(app)
    fixed = (lambda: today) if today else None
    application = create_app(settings, app.sessions, app.registry, search=search, today=fixed)
    port = port or settings.web_port or 8080
    base = web_address(settings.web_url, host, port)
    if link:
        click.echo(f"Liên kết đăng nhập một lần (15 phút): {link_url(base, application.state.secret)}")
    elif not (settings.web_password or settings.web_viewer_password):
        click.echo("DONDOC_WEB_PASSWORD is not set: sign in only with a one-time link (`dondoc web --link`).", err=True)
    click.echo(f"dondoc web: {base}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning")
