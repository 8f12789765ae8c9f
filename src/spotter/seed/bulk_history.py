"""Bulk rows of history, month by month: notifications and the audit trail.
Both tables are partitioned by month of created_at; the loader copies each
month's rows straight into that month's partition."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from spotter.notifications.messages import MESSAGES
from spotter.seed.bulk_plan import trainee_email
from spotter.seed.bulk_world import World

NOTIFICATION_COLUMNS = (
    "user_id, type, title, message, resource_type, resource_id, is_read, read_at, created_at"
)
# Texts of create_schedule_notification() (55_notifications.sql), which the
# loader stands in for.
SCHEDULE_TEXTS = {
    "th": ("นัดหมายใหม่", "คุณมีนัดฝึกใหม่: {title} วันที่ {date}"),
    "en": ("New appointment", "You have a new training session: {title} on {date}"),
}


def schedules_by_month(world: World) -> list[list[int]]:
    """Indexes into world.schedules of the bookings made in each month."""
    months = world.plan.months
    found: list[list[int]] = [[] for _ in months]
    for index, schedule in enumerate(world.schedules):
        booked = schedule.created_at.date().replace(day=1)
        found[max(0, min(len(months) - 1, months.index(booked)))].append(index)
    return found


NULL = "\\N"  # COPY text format's NULL


def _read_state(world: World, at: str, recent_after: str) -> str:
    """is_read and read_at: older notifications mostly read, last week's half."""
    if world.rng.random() < (0.5 if at > recent_after else 0.95):
        return f"t\t{at}"
    return f"f\t{NULL}"


def notifications_of_month(
    world: World, month: int, booked: list[int], others: int
) -> Iterator[str]:
    """COPY text lines: each booking's "new appointment" (what the trigger
    writes), then `others` of the kinds the app writes, about that month's
    workouts. (Read at the moment it arrived, to keep it simple.)"""
    rng = world.rng
    recent_after = (world.now - dt.timedelta(days=7)).isoformat()
    for index in booked:
        schedule = world.schedules[index]
        title, message = SCHEDULE_TEXTS[world.language[schedule.trainee]]
        text = message.format(title=schedule.title, date=schedule.date.isoformat())
        at = schedule.created_at.isoformat()
        yield (
            f"{schedule.trainee}\tschedule_created\t{title}\t{text}\tschedules\t{schedule.id}"
            f"\t{_read_state(world, at, recent_after)}\t{at}\n"
        )
    workouts = world.workouts_by_month[month] or [r for m in world.workouts_by_month for r in m]
    kinds = ("workout_logged", "workout_logged", "session_card_created", "achievement_unlocked")
    texts = {
        (kind, language): MESSAGES[kind][language] for kind in kinds for language in ("th", "en")
    }
    language = {str(user): lang for user, lang in world.language.items()}
    for at in world.timestamps(month, others):
        ref = workouts[rng.randrange(len(workouts))]
        kind = kinds[rng.randrange(len(kinds))]
        # Trainees hear about their workouts; a fifth go to the coach.
        user = ref.trainer if rng.random() < 0.2 else ref.trainee
        title, template = texts[kind, language[user]]
        message = template.format(
            name="Coach", date=ref.date, exercise="Barbell Back Squat", record="+5 kg"
        )
        yield (
            f"{user}\t{kind}\t{title}\t{message}\tworkouts\t{ref.id}"
            f"\t{_read_state(world, at, recent_after)}\t{at}\n"
        )


AUDIT_COLUMNS = (
    "user_id, user_email, action, resource_type, resource_id, subject_user_id, old_values,"
    " new_values, ip_address, user_agent, created_at"
)
AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile/15E148"
UPDATES = [
    f'{{"rating": {a}}}\t{{"rating": {b}}}' for a in range(1, 6) for b in range(1, 6) if a != b
]


def audit_of_month(world: World, month: int, count: int) -> Iterator[str]:
    """COPY text lines: sign-ins, and changes to that month's workouts by
    their trainee or coach. The trail follows the workouts, so a long
    history has a long trail (the heavy trainee's is deep enough to page
    far into)."""
    rng = world.rng
    workouts = world.workouts_by_month[month] or [r for m in world.workouts_by_month for r in m]
    trainees = [str(t) for t in world.trainees]
    for at in world.timestamps(month, count):
        tail = f"\t203.0.113.{rng.randrange(1, 255)}\t{AGENT}\t{at}\n"
        roll = rng.random()
        if roll < 0.08:
            index = rng.randrange(len(trainees))
            user = trainees[index]
            yield (
                f"{user}\t{trainee_email(index)}\tLOGIN\tusers\t{user}\t{user}\t{NULL}"
                f'\t{{"method": "password"}}{tail}'
            )
            continue
        ref = workouts[rng.randrange(len(workouts))]
        actor = ref.trainer if roll < 0.7 else ref.trainee
        if roll < 0.3:
            snapshot = f'{{"id": "{ref.id}", "date": "{ref.date}"}}'
            yield (
                f"{actor}\t{NULL}\tCREATE\tworkouts\t{ref.id}\t{ref.trainee}\t{NULL}"
                f"\t{snapshot}{tail}"
            )
        elif roll < 0.95:
            change = UPDATES[rng.randrange(len(UPDATES))]
            yield f"{actor}\t{NULL}\tUPDATE\tworkouts\t{ref.id}\t{ref.trainee}\t{change}{tail}"
        else:
            yield (
                f"{actor}\t{NULL}\tDELETE\tbody_weight_entries\t{uuid.uuid4()}\t{ref.trainee}"
                f'\t{{"weight": 70.5}}\t{NULL}{tail}'
            )
