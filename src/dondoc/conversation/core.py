"""The conversation core: an incoming message in, replies with buttons out, whatever the channel."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Protocol

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session, sessionmaker

from dondoc.conversation import buttons, focal_commands, progress_commands
from dondoc.conversation.access import Access, FloodGuard
from dondoc.conversation.answer_text import answer_text
from dondoc.conversation.chat_text import fit, grid, task_details
from dondoc.conversation.commands import COMMANDS, run_command
from dondoc.conversation.listings import Listings, typed_number
from dondoc.conversation.messages import Button, IncomingMessage, Reply
from dondoc.conversation.reminder_commands import press_reminder_button
from dondoc.conversation.turn import (
    DETAILS_HINT,
    DETAILS_PER_ROW,
    ButtonStash,
    ChatState,
    FileMaker,
    Turn,
    clamp,
    latest_updates,
)
from dondoc.conversation.uploads import PREFIX as UPLOAD_PREFIX
from dondoc.conversation.uploads import Uploads
from dondoc.conversation.wording import echo
from dondoc.data.sources import source_names
from dondoc.data.task_view import task_view
from dondoc.data.tasks import NoSuchTask, get_task
from dondoc.data.units import UnitRegistry
from dondoc.index.answer import Answer
from dondoc.index.refresh import Refreshable
from dondoc.nlp.progress_reply import parse_reply
from dondoc.nlp.text import fold, normalize
from dondoc.reminders.policy import ReminderPolicy

log = logging.getLogger(__name__)

APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
SLOW_DOWN = "Bạn gửi tin nhắn hơi nhanh. Vui lòng chờ khoảng một phút rồi hỏi tiếp nhé."
EXPIRED = "Nút này đã hết hạn (bot vừa khởi động lại hoặc dữ liệu đã cập nhật). Bạn vui lòng hỏi lại."
NO_LISTING = (
    "Không có nhiệm vụ số {number} trong danh sách gần nhất của cuộc trò chuyện này. "
    "Hãy đặt câu hỏi hoặc gõ /cham để có danh sách, rồi gõ “Chi tiết {number}”."
)
NOT_GROUP_ADMIN = (
    "Chỉ quản trị viên của nhóm mới được thay đổi việc theo dõi hoặc tạm dừng nhắc việc của cả nhóm. "
    "Bạn hãy nhờ quản trị viên nhóm gõ lệnh này."
)
# Commands that change what a whole group hears: in groups, only its administrators may run them.
GROUP_ADMIN_COMMANDS = frozenset({"theodoi", "huy", "tamdung"})
NO_SEARCH = "Chức năng hỏi đáp tự do chưa sẵn sàng. Bạn có thể dùng các lệnh /cham, /sapden, /thongke; gõ /help."


class Searcher(Protocol):
    """What the core needs from the search service (`dondoc.index.service.SearchService`).

    While it loads, `ask` waits for it (a listing only for the tasks, a topic question at most a few seconds
    for its semantic part) and answers: a question is never refused for a restart.
    """

    def ask(self, question: str, today: date, offset: int = 0, limit: int = 10) -> Answer: ...


class Conversation:
    """Answers messages from any channel; holds no channel knowledge and no per-chat state but paging tokens.

    Args:
        sessions: the database.
        registry: the unit registry.
        today: the day deadlines are judged by (called for every message).
        search: the search service, built once (on `warm` or the first free-text question); it answers while
            it loads (`SearchService.start`); None when free-text answering is not available.
        access: the allow-list and admin chats.
        flood: the per-user flood guard.
        page_size: tasks per page.
        reminders: the reminder policy, which the buttons on
            reminders need; without it those buttons answer that they have expired.
        web_link: mints a one-time sign-in link to the web pages for /web; None when no web pages run.
        files: makes the register (/xuat) and the chart (/thongke); without it only text is sent.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        registry: UnitRegistry,
        *,
        today: Callable[[], date],
        search: Callable[[], Searcher] | None = None,
        access: Access | None = None,
        flood: FloodGuard | None = None,
        page_size: int = 10,
        reminders: ReminderPolicy | None = None,
        web_link: Callable[[], str] | None = None,
        files: FileMaker | None = None,
    ) -> None:
        self.sessions = sessions
        self.registry = registry
        self.today = today
        self.access = access or Access()
        self.flood = flood or FloodGuard()
        self.page_size = page_size
        self.reminders = reminders
        self.web_link = web_link
        self.stash = ButtonStash()
        self.listings = Listings()
        self.state = ChatState(self.access, self.listings, files=files)
        self._search_factory = search
        self._searcher: Searcher | None = None
        self._load_lock = threading.Lock()
        self.uploads = Uploads(sessions, registry, self.access, today, reminders, index=self._loaded_index)

    def warm(self) -> None:
        """Build the search service now rather than on the first question."""
        self._search()

    def handle(self, msg: IncomingMessage, max_length: int = 4096) -> list[Reply]:
        """The replies to one message, each fitting `max_length`; empty when the bot stays silent.

        Silent for: group messages that are neither commands, mentions nor button presses, and
        a flooding user's messages after the one polite warning. Unexpected errors propagate to
        the channel's error handler, which apologises (APOLOGY) and logs them.
        """
        text = msg.text.strip() if msg.is_callback else normalize(msg.text)  # zero-width marks gone
        if msg.chat_type != "private" and not (msg.is_callback or msg.mentioned or text.startswith("/")):
            return []
        if not self.access.is_admin(msg.channel, msg.chat_id):
            verdict = self.flood.check(msg)
            if verdict != "ok":
                return [Reply(SLOW_DOWN)] if verdict == "warn" else []
        if not self.access.allows(msg.channel, msg.chat_id):
            return [
                Reply(
                    "Xin lỗi, cuộc trò chuyện này chưa được phép dùng dondoc. "
                    f"Hãy gửi mã {msg.chat_id} cho quản trị viên để được mở quyền."
                )
            ]
        if msg.file is not None and msg.chat_type == "private":  # a report sent to be ingested
            return fit(self.uploads.receive(msg, msg.file), max_length)
        if not text:  # a bare "@bot" in a group: say what the bot can do
            text = "/help" if msg.mentioned else ""
        if not text:
            return []
        with self.sessions() as session:
            turn = Turn(
                msg, session, self.registry, self.today(), self.page_size, self.stash, self.state, self.web_link
            )
            if msg.is_callback:
                replies = self._button(turn, text)
            elif text.startswith("/"):
                replies = self._command(turn, text)
            elif (number := typed_number(text)) is not None:
                replies = [self._typed_details(turn, number)]
            elif (note := progress_commands.take_note(turn, text)) is not None:
                replies = [note]
            else:
                replies = self._reply_or_question(turn, text)
        self.listings.remember(msg.channel, msg.chat_id, replies, merge=msg.is_callback)
        return fit(replies, max_length)

    def _typed_details(self, turn: Turn, number: int) -> Reply:
        """ "Chi tiết N" typed as text: task N of the chat's last listing."""
        task_id = self.listings.task_id(turn.msg.channel, turn.msg.chat_id, number)
        if task_id is None:
            return Reply(NO_LISTING.format(number=number))
        return self._details(turn, task_id)

    def changes_group(self, msg: IncomingMessage) -> bool:
        """True when `msg` runs a command that changes a group's subscriptions or pauses, in a group.

        The channel then asks the platform whether the sender administers the group and says so in
        `msg.extras["group_admin"]` (Telegram: getChatMember); without that, only admin chats may.
        """
        if msg.chat_type == "private":
            return False
        return _command_name(msg.text, msg.is_callback) in GROUP_ADMIN_COMMANDS

    def _allowed_to_change(self, msg: IncomingMessage) -> bool:
        return bool(msg.extras.get("group_admin")) or self.access.is_admin(msg.channel, msg.chat_id)

    def _command(self, turn: Turn, text: str) -> list[Reply]:
        word, _, args = text.partition(" ")
        name = fold(word[1:].split("@", 1)[0])
        if name in GROUP_ADMIN_COMMANDS and self.changes_group(turn.msg) and not self._allowed_to_change(turn.msg):
            return [Reply(NOT_GROUP_ADMIN)]
        if name in COMMANDS:
            return run_command(turn, name, args.strip())
        word = echo(word)
        guess = process.extractOne(name, list(COMMANDS), scorer=fuzz.ratio, score_cutoff=50) if name else None
        if guess is None:
            return [Reply(f"Không có lệnh {word}. Gõ /help để xem các lệnh.")]
        best = guess[0]
        button = turn.command_button(f"/{best} {args.strip()}".strip(), best, args.strip())
        return [Reply(f"Không có lệnh {word}. Có phải ý bạn là /{best}? Gõ /help để xem các lệnh.", ((button,),))]

    def _button(self, turn: Turn, data: str) -> list[Reply]:
        """A button press, as `dondoc.conversation.buttons` encodes them; EXPIRED for anything unknown."""
        if data.startswith(UPLOAD_PREFIX):
            return self.uploads.press(turn.msg, data)
        if buttons.is_reminder(data) and self.reminders is not None:
            msg, query = turn.msg, turn.msg.extras.get("callback_query_id")
            key = f"{msg.channel}:{query}" if query else None
            reply = press_reminder_button(
                turn.session, self.reminders, msg.channel, msg.chat_id, data, turn.today,
                registry=self.registry, key=key,
            )  # fmt: skip
            return [reply]
        pressed = buttons.decode(data)
        if pressed is not None and pressed.action.startswith("update"):
            return progress_commands.press_update(turn, pressed)
        if pressed is not None and pressed.action == "focal":
            return focal_commands.press_focal(turn, pressed.request_id, pressed.decision)
        if pressed is not None and pressed.action == "extension":
            return progress_commands.press_extension(turn, pressed.request_id, pressed.decision)
        if pressed is None or pressed.action not in ("details", "page", "command"):
            log.info("dropping unknown button data %r from chat %s", data, turn.msg.chat_id)
            return [Reply(EXPIRED)]
        if pressed.action == "details":
            return [self._details(turn, pressed.task_id)]
        if pressed.action == "page" and pressed.chat != buttons.chat_tag(turn.msg.channel, turn.msg.chat_id):
            log.info("refusing a paging button of another chat in chat %s", turn.msg.chat_id)
            return [Reply(EXPIRED)]
        if self.changes_group(turn.msg) and not self._allowed_to_change(turn.msg):
            return [Reply(NOT_GROUP_ADMIN)]
        value = turn.unstash(pressed.args)
        if value is None:
            return [Reply(EXPIRED)]
        if pressed.action == "page" and pressed.command == "?":
            replies = self._question(turn, value, pressed.offset)
        elif pressed.command in COMMANDS:
            replies = run_command(turn, pressed.command, value, pressed.offset)
        else:
            return [Reply(EXPIRED)]
        return [Reply(r.text, r.buttons, edit=True) for r in replies]

    def _details(self, turn: Turn, task_id: int) -> Reply:
        try:
            task = task_view(get_task(turn.session, task_id))
        except NoSuchTask:
            return Reply(EXPIRED)
        latest = progress_commands.latest_update(turn.session, task_id, dict(source_names(turn.session)))
        text = task_details(task, turn.today, latest)
        return Reply(text, progress_commands.details_buttons(task_id))

    def _reply_or_question(self, turn: Turn, text: str) -> list[Reply]:
        """A reply to a message about tasks that reads as progress ("đã xong theo CV 123/BYT"), else a question."""
        replied = [buttons.decode(data) for data in turn.msg.extras.get("replied_buttons", ())]
        task_ids = [p.task_id for p in replied if p is not None and p.task_id]
        said = parse_reply(text, turn.today) if task_ids and not text.rstrip().endswith("?") else None
        if said is not None:
            return progress_commands.reply_to_tasks(turn, list(dict.fromkeys(task_ids)), said)
        return self._question(turn, text, 0)

    def _loaded_index(self) -> Refreshable | None:
        """The search index, if a question has loaded it: an ingest from the chat refreshes it at once."""
        return self._searcher if isinstance(self._searcher, Refreshable) else None

    def _search(self) -> Searcher | None:
        """The search service, built once; other threads wait for the build, never for the index to load."""
        if self._searcher is not None or self._search_factory is None:
            return self._searcher
        with self._load_lock:
            if self._searcher is None:
                self._searcher = self._search_factory()
            return self._searcher

    def _question(self, turn: Turn, question: str, offset: int) -> list[Reply]:
        searcher = self._search()
        if searcher is None:
            return [Reply(NO_SEARCH)]
        answer = searcher.ask(question, turn.today, offset=offset, limit=self.page_size)
        if answer.total and not answer.results:  # past the end: show the last page
            last = clamp(offset, answer.total, self.page_size)
            answer = searcher.ask(question, turn.today, offset=last, limit=self.page_size)
        return [render_answer(turn, question, answer)]


def _command_name(text: str, is_callback: bool) -> str | None:
    """The command a message or a button's data would run (folded, without "@bot"), or None."""
    if is_callback:
        pressed = buttons.decode(text)
        return pressed.command if pressed is not None and pressed.action in ("command", "page") else None
    text = text.strip()
    return fold(text[1:].split(maxsplit=1)[0].split("@", 1)[0]) if text.startswith("/") and len(text) > 1 else None


def render_answer(turn: Turn, question: str, answer: Answer) -> Reply:
    """The search service's reply (it lists this page's tasks) with "Chi tiết N" buttons and paging."""
    text = answer_text(answer, latest_updates(turn.session, [result.task.id for result in answer.results]))
    if not answer.results:
        return Reply(text)
    first = answer.offset + 1
    details = [Button(f"Chi tiết {first + i}", buttons.details(r.task.id)) for i, r in enumerate(answer.results)]
    nav = turn.nav_row("?", question, answer.offset, answer.total, turn.page_size)
    return Reply(f"{text}\n\n{DETAILS_HINT}", grid(details, DETAILS_PER_ROW) + nav)
