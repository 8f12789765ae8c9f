"""Reminders for confirmed sessions starting within SPOTTER_REMINDER_LEAD,
in the gym's time zone: one each, ever (reminder_sent)."""

from __future__ import annotations

import procrastinate

from spotter.jobs.context import job_settings
from spotter.jobs.db import defer_in, fetch_all, notify_user, pool_of

# Claims the due sessions and marks them in one statement: two workers can
# never remind the same session (the row lock makes the second re-check).
DUE = """
WITH due AS (
  UPDATE schedules s SET reminder_sent = true
   WHERE s.status = 'confirmed' AND s.reminder_sent IS NOT TRUE
     AND s.date BETWEEN (now() AT TIME ZONE %(tz)s)::date
                    AND ((now() + %(lead)s) AT TIME ZONE %(tz)s)::date
     AND (s.date + s.start_time) AT TIME ZONE %(tz)s > now()
     AND (s.date + s.start_time) AT TIME ZONE %(tz)s <= now() + %(lead)s
  RETURNING s.id, s.trainee_id, s.title, s.date, s.start_time, s.location
)
SELECT due.*, u.email, coalesce(st.language, 'th') AS language,
       coalesce((st.notification_settings->>'email')::boolean, true) AS wants_email
  FROM due JOIN users u ON u.id = due.trainee_id
  LEFT JOIN settings st ON st.user_id = due.trainee_id
"""


async def send_reminders(context: procrastinate.JobContext, timestamp: int) -> int:
    settings = job_settings()
    async with pool_of(context).connection() as conn, conn.transaction():
        due = await fetch_all(conn, DUE, {"tz": settings.timezone, "lead": settings.reminder_lead})
        for session in due:
            params = {
                "title": session["title"],
                "date": session["date"].isoformat(),
                "time": session["start_time"].strftime("%H:%M"),
            }
            await notify_user(
                conn,
                session["trainee_id"],
                "schedule_reminder",
                resource_type="schedules",
                resource_id=session["id"],
                **params,
            )
            if session["wants_email"]:
                await defer_in(
                    conn,
                    "emails.send",
                    "emails",
                    {
                        "to": session["email"],
                        "kind": "reminder",
                        "language": session["language"],
                        "params": {**params, "location": session["location"] or "-"},
                    },
                )
    return len(due)


def register(app: procrastinate.App) -> None:
    task = app.task(name="reminders.send", queue="reminders", pass_context=True)(send_reminders)
    app.periodic(cron="* * * * *", periodic_id="send_reminders")(task)
