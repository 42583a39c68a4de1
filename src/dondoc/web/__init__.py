"""The web pages for the office that runs the follow-up: overview, register, tasks, reports, subscriptions.

`dondoc.web.app.create_app` builds the application; `mint_link` is all the bot's `/web` command needs.
"""

from dondoc.web.links import LINK_PATH, mint_link

__all__ = ["LINK_PATH", "mint_link"]
