"""Full dates for digests, derived honestly from what the file and its history say.

Pure, no I/O: ``build`` reads the git history once (``History``) and passes it in. A digest's
day comes from, in this order:

1. an ISO file name (``2026-11-20.txt``): that day;
2. its date line (``Aug 27``) with the year of the commit that first added the file: the latest
   27 August on or before that commit's day (a digest is committed after its listing);
3. the day of that commit, for a digest without a date line.

A file not committed yet (while serving locally) is dated the same way with ``History.default``
(``SOURCE_DATE_EPOCH`` or the HEAD commit's day) in place of its commit's day.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import replace

from .model import MONTH_NAMES, DateSource, Digest, History


def latest_on_or_before(month: int, day: int, limit: datetime.date) -> datetime.date:
    """Return the latest date with this ``month`` and ``day`` on or before ``limit``
    (``Aug 27`` before 2026-09-03 is 2026-08-27; before 2026-08-01 it is 2025-08-27; 29 Feb
    goes back to the latest leap year). Raises ``ValueError`` for a day no month has."""
    year = limit.year
    while True:
        if day <= calendar.monthrange(year, month)[1]:
            found = datetime.date(year, month, day)
            if found <= limit:
                return found
        year -= 1
        if year < limit.year - 8:
            raise ValueError(f"expected a day of the month, found {MONTH_NAMES[month - 1]} {day}")


def date_digest(digest: Digest, history: History) -> Digest:
    """Return ``digest`` with its full ``day`` and ``date_source`` (see the module docstring)."""
    committed = history.added.get(digest.name)
    anchor = committed or history.default
    if digest.date and "-" in digest.date:
        return replace(digest, day=datetime.date.fromisoformat(digest.date), date_source=DateSource.FILE_NAME)
    if digest.date:
        month, day = digest.date.split(" ")
        found = latest_on_or_before(MONTH_NAMES.index(month) + 1, int(day), anchor)
        source = DateSource.DATE_LINE_COMMIT_YEAR if committed else DateSource.DATE_LINE_BUILD_YEAR
        return replace(digest, day=found, date_source=source)
    return replace(digest, day=anchor, date_source=DateSource.COMMIT if committed else DateSource.BUILD)


def date_digests(digests: Iterable[Digest], history: History) -> list[Digest]:
    """Date every digest and return them oldest first: by day, the file name breaking ties."""
    return sorted((date_digest(d, history) for d in digests), key=lambda d: (d.day, d.name))


def provenance(digest: Digest) -> str:
    """One sentence for readers saying how ``digest``'s date was derived."""
    match digest.date_source:
        case DateSource.FILE_NAME:
            return "The curators dated this listing."
        case DateSource.DATE_LINE_COMMIT_YEAR:
            return f"The listing gives the day ({digest.date}); the year comes from the commit that added it."
        case DateSource.DATE_LINE_BUILD_YEAR:
            return f"The listing gives the day ({digest.date}); the year comes from the build date, as it is not committed yet."
        case DateSource.COMMIT:
            return "The listing gives no date; this is the day it was added to the reading list."
        case _:
            return "The listing gives no date and is not committed yet; this is the build date."
