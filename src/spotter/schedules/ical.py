"""The iCal feed (RFC 5545) of a user's sessions, for calendar apps."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from spotter.schedules.repository import FeedEntry

MEDIA_TYPE = "text/calendar; charset=utf-8"
# Calendar apps poll; five minutes old is fresh enough.
HEADERS = {"Cache-Control": "private, max-age=300"}
ICAL_STATUS = {
    "pending": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "completed": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def render_feed(entries: list[FeedEntry], zone: ZoneInfo, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Spotter//Training sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Spotter")
    calendar.add("x-wr-timezone", zone.key)
    for entry in entries:
        schedule = entry.schedule
        event = Event()
        event.add("uid", f"{schedule.id}@{host}")
        stamp = schedule.updated_at or schedule.created_at or dt.datetime.now(dt.UTC)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("last-modified", stamp.astimezone(dt.UTC))
        # Sessions are booked in the gym's local time.
        event.add("dtstart", dt.datetime.combine(schedule.date, schedule.start_time, zone))
        event.add("dtend", dt.datetime.combine(schedule.date, schedule.end_time, zone))
        # The other party first: a trainer's day is many sessions with the
        # same few titles, and a calendar cell shows the start of the line.
        event.add("summary", _summary(schedule.title, entry.with_name))
        event.add("status", ICAL_STATUS[schedule.status])
        if schedule.location:
            event.add("location", schedule.location)
        if schedule.notes:
            event.add("description", schedule.notes)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    rendered: bytes = calendar.to_ical()
    return rendered


def _summary(title: str, with_name: str | None) -> str:
    return f"{with_name} · {title}" if with_name else title
