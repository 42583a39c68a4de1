"""The reminder policy: which reminder a task owes on a day, and when the bot keeps quiet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dondoc.config import Settings

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROLES = ("lead", "coordinating")
DUE_TODAY = "due_today"
OVERDUE_DIGEST = "overdue_digest"
RECURRING_DIGEST = "recurring_digest"
DIGEST_KINDS = (OVERDUE_DIGEST, RECURRING_DIGEST)


def due_kind(days_before: int) -> str:
    """The ledger kind of the reminder sent `days_before` the due day ("due_in_3", "due_today")."""
    return DUE_TODAY if days_before == 0 else f"due_in_{days_before}"


class PolicyError(ValueError):
    """Raised when a reminder setting has a value the policy cannot use; carries the setting's name."""

    def __init__(self, setting: str, value: object, expected: str) -> None:
        super().__init__(f"{setting}={value!r}: expected {expected}")
        self.setting = setting
        self.value = value


@dataclass(frozen=True)
class ReminderPolicy:
    """What is sent, to whom and when; built from Settings, so it is configuration, not code.

    Attributes:
        days_before: reminders go out this many days before the due day (0 = on the day).
        roles: which unit roles a subscription covers ("lead", optionally "coordinating").
        quiet_start, quiet_end: no message from quiet_start:00 until quiet_end:00, local time.
        quiet_weekdays: whole days without messages (0 = Monday); what falls due then is sent
            on the next working day, unless a later reminder has superseded it.
        recurring_day: the monthly digest of recurring tasks is owed from this day of the month
            (moved to the next working day) for `recurring_window` days, so a missed day is caught up.
        page_size: tasks per digest page.
        admin_chats: chats whose reminders carry the "Đã xong" button.
        max_attempts: a message that failed this many times is given up (and logged).
        backoff_base, backoff_cap: seconds before retrying a failed send, doubling up to the cap.
        max_inline_wait: a Telegram retry_after up to this many seconds is waited out in the tick.
        claim_lease: seconds after which a claim whose sender died may be taken over.
        tick_minutes: how often the scheduler looks for owed reminders.
        keep_days: ledger rows older than this are pruned (they can never be owed again).
    """

    timezone: str = "Asia/Ho_Chi_Minh"
    days_before: tuple[int, ...] = (7, 3, 1, 0)
    roles: tuple[str, ...] = ("lead",)
    quiet_start: int = 21
    quiet_end: int = 7
    quiet_weekdays: frozenset[int] = frozenset({5, 6})
    recurring_day: int = 1
    recurring_window: int = 7
    page_size: int = 10
    admin_chats: frozenset[str] = field(default_factory=frozenset)
    max_attempts: int = 8
    backoff_base: float = 60.0
    backoff_cap: float = 3600.0
    max_inline_wait: float = 30.0
    claim_lease: float = 600.0
    tick_minutes: int = 5
    keep_days: int = 120

    def __post_init__(self) -> None:
        if not self.days_before or any(d < 0 for d in self.days_before):
            raise PolicyError("DONDOC_REMINDER_DAYS", self.days_before, "days >= 0, e.g. 7,3,1,0")
        object.__setattr__(self, "days_before", tuple(sorted(set(self.days_before), reverse=True)))
        if not self.roles or set(self.roles) - set(ROLES):
            raise PolicyError("DONDOC_REMINDER_ROLES", self.roles, "lead or lead,coordinating")
        for name, hour in (("DONDOC_QUIET_START", self.quiet_start), ("DONDOC_QUIET_END", self.quiet_end)):
            if not 0 <= hour <= 23:
                raise PolicyError(name, hour, "an hour 0-23")
        if not 1 <= self.recurring_day <= 28:
            raise PolicyError("DONDOC_RECURRING_DAY", self.recurring_day, "a day of the month 1-28")

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderPolicy:
        """The policy the settings describe (see docs/reminders.md for each setting).

        Raises:
            PolicyError: a reminder setting is out of range or names an unknown day or role.
        """
        unknown = set(settings.quiet_days) - set(WEEKDAYS)
        if unknown:
            raise PolicyError("DONDOC_QUIET_DAYS", ",".join(sorted(unknown)), "day names among " + ",".join(WEEKDAYS))
        if not settings.reminder_roles or set(settings.reminder_roles) - set(ROLES):
            roles = ",".join(sorted(settings.reminder_roles))
            raise PolicyError("DONDOC_REMINDER_ROLES", roles, "lead or lead,coordinating")
        return cls(
            timezone=settings.timezone,
            days_before=tuple(settings.reminder_days),
            roles=tuple(role for role in ROLES if role in settings.reminder_roles),
            quiet_start=settings.quiet_start,
            quiet_end=settings.quiet_end,
            quiet_weekdays=frozenset(WEEKDAYS.index(day) for day in settings.quiet_days),
            recurring_day=settings.recurring_day,
            admin_chats=settings.admin_chats,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def due_kinds(self) -> tuple[str, ...]:
        return tuple(due_kind(days) for days in self.days_before)

    def is_admin(self, channel: str, chat_id: str) -> bool:
        """Admin chats get "Đã xong"; entries are "123" or "telegram:123", and the console is the operator."""
        return channel == "console" or chat_id in self.admin_chats or f"{channel}:{chat_id}" in self.admin_chats

    def local(self, moment: datetime) -> datetime:
        """`moment` on the policy's wall clock (Vietnam time by default)."""
        return moment.astimezone(self.tz)

    def is_quiet_day(self, day: date) -> bool:
        return day.weekday() in self.quiet_weekdays

    def is_quiet(self, moment: datetime) -> bool:
        """True when no message may go out at `moment`: a quiet weekday or a quiet hour."""
        local = self.local(moment)
        if self.is_quiet_day(local.date()):
            return True
        start, end, hour = self.quiet_start, self.quiet_end, local.hour
        if start == end:
            return False
        return start <= hour or hour < end if start > end else start <= hour < end

    def next_working_day(self, day: date) -> date:
        """The first day after `day` that is not quiet (where a "remind me later" lands)."""
        day += timedelta(days=1)
        while self.is_quiet_day(day) and len(self.quiet_weekdays) < 7:
            day += timedelta(days=1)
        return day

    def due_milestone(self, due: date, day: date) -> int | None:
        """The latest reminder a task due on `due` has reached on `day`, as days before the due day.

        A reminder not sent on its day (quiet weekend, bot down, chat muted) is still owed
        until the next one is reached, so a day's outage costs one late reminder, not one lost
        and none doubled. None before the first reminder and once the task is overdue.
        """
        left = (due - day).days
        if left < 0:
            return None
        reached = [days for days in self.days_before if days >= left]
        return min(reached) if reached else None

    def recurring_month(self, day: date) -> date | None:
        """The month (as its first day) whose recurring digest is owed on `day`, if any."""
        start = date(day.year, day.month, self.recurring_day)
        if self.is_quiet_day(start):
            start = self.next_working_day(start)
        if start <= day < start + timedelta(days=self.recurring_window):
            return day.replace(day=1)
        return None

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed send."""
        return min(self.backoff_base * 2 ** max(attempts - 1, 0), self.backoff_cap)
