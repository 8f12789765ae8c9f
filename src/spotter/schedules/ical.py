"""The iCal feed (RFC 5545) of a user's sessions, for calendar apps."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from spotter.db.models import Schedule

MEDIA_TYPE = "text/calendar; charset=utf-8"
# Calendar apps poll; five minutes old is fresh enough.
HEADERS = {"Cache-Control": "private, max-age=300"}
ICAL_STATUS = {
    "pending": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "completed": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def render_feed(schedules: list[Schedule], timezone: str, host: str) -> bytes:
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Spotter//Training sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Spotter")
    calendar.add("x-wr-timezone", timezone)
    for schedule in schedules:
        event = Event()
        event.add("uid", f"{schedule.id}@{host}")
        stamp = schedule.updated_at or schedule.created_at or dt.datetime.now(dt.UTC)
        event.add("dtstamp", stamp.astimezone(dt.UTC))
        event.add("last-modified", stamp.astimezone(dt.UTC))
        # Sessions are booked in the gym's local time.
        event.add("dtstart", dt.datetime.combine(schedule.date, schedule.start_time, zone))
        event.add("dtend", dt.datetime.combine(schedule.date, schedule.end_time, zone))
        event.add("summary", schedule.title)
        event.add("status", ICAL_STATUS[schedule.status])
        if schedule.location:
            event.add("location", schedule.location)
        if schedule.notes:
            event.add("description", schedule.notes)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    rendered: bytes = calendar.to_ical()
    return rendered
