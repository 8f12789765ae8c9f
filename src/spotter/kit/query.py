"""Query parameters that many lists share."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from spotter.kit.errors import UnprocessableError
from spotter.kit.time_fields import CalendarDate

TraineeIdQuery = Annotated[
    uuid.UUID | None,
    Query(alias="traineeId", description="One trainee's rows: yourself, or a trainee of yours."),
]


@dataclass(frozen=True)
class DateWindow:
    """A list's inclusive `from` and `to` dates, either open."""

    first: dt.date | None = None
    last: dt.date | None = None


async def date_window(
    date_from: Annotated[CalendarDate | None, Query(alias="from")] = None,
    date_to: Annotated[CalendarDate | None, Query(alias="to")] = None,
) -> DateWindow:
    if date_from and date_to and date_to < date_from:
        raise UnprocessableError("query.to", "`to` must not be before `from`.")
    return DateWindow(date_from, date_to)


DateWindowArgs = Annotated[DateWindow, Depends(date_window)]
"""The `from` and `to` query parameters, checked."""
