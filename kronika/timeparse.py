"""Calendar arithmetic for time expressions: what a phrase says, and the interval it denotes.

The date finder (``kronika.dates``) reads a phrase into a *reference*, a small
frozen dataclass that says only what the words say ("w sierpniu" -> ``Month(8)``,
"w zeszłym tygodniu" -> ``Relative("week", -1)``).  ``resolve(ref, published,
tense)`` turns it into an inclusive interval.  A reference either denotes one
interval (an explicit year, a shift from the publication date) or one per cycle
(a month without a year, a weekday); the clause's tense picks the cycle.  The
rules, and why, are in docs/dates.md.  Nothing here reads text or data files.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

Interval = tuple[dt.date, dt.date]
ONE_DAY = dt.timedelta(days=1)
AROUND = range(-2, 3)  # cycles (years, weeks) tried around the publication date


@dataclass(frozen=True, slots=True)
class Resolution:
    """An inclusive interval and the precision of the expression that named it."""

    start: dt.date
    end: dt.date
    precision: str  # day | week | month | quarter | year | range


def month_interval(year: int, month: int) -> Interval:
    """The first and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def months_interval(year: int, first: int, count: int) -> Interval:
    """``count`` whole months from ``first`` of ``year`` (may run into the next year)."""
    last_year, last = shift_month(year, first, count - 1)
    return dt.date(year, first, 1), month_interval(last_year, last)[1]


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) ``n`` months after (or before, n < 0) the given one."""
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def week_of(day: dt.date) -> Interval:
    """Monday to Sunday of the ISO week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def unit_interval(unit: str, published: dt.date, shift: int) -> Interval:
    """The calendar ``unit`` holding the publication date, moved by ``shift`` units."""
    if unit == "day":
        day = published + dt.timedelta(days=shift)
        return day, day
    if unit in ("week", "weekend"):
        monday = week_of(published)[0] + dt.timedelta(weeks=shift)
        first = monday + dt.timedelta(days=5) if unit == "weekend" else monday
        return first, monday + dt.timedelta(days=6)
    if unit == "month":
        return month_interval(*shift_month(published.year, published.month, shift))
    if unit in ("quarter", "half"):
        size = 3 if unit == "quarter" else 6
        year, first = shift_month(published.year, (published.month - 1) // size * size + 1, shift * size)
        return months_interval(year, first, size)
    if unit == "year":
        return dt.date(published.year + shift, 1, 1), dt.date(published.year + shift, 12, 31)
    raise ValueError(f"unknown calendar unit {unit!r}")


def _years(year: int | None, year_shift: int | None, published: dt.date | None,
           around: range = AROUND) -> tuple[int, ...]:
    """The years a yearly reference may fall in: the written one, a shifted one, or a few around publication."""
    if year is not None:
        return (year,)
    if published is None:
        return ()
    if year_shift is not None:
        return (published.year + year_shift,)
    return tuple(published.year + k for k in around)


@dataclass(frozen=True, slots=True)
class Date:
    """A calendar day; month and year may be left to context ("27 marca")."""

    day: int
    month: int | None = None
    year: int | None = None
    year_shift: int | None = None
    precision = "day"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        out = []
        # four years each way, so that 29 February always has a leap year on both sides
        for y in (_years(self.year, self.year_shift, published, range(-4, 5)) if self.month else ()):
            try:
                out.append((dt.date(y, self.month, self.day),) * 2)
            except ValueError:  # 29 February outside leap years, 31 April
                continue
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Months:
    """``count`` whole months from ``first``: a month, a quarter, a half-year or a season."""

    first: int
    count: int = 1
    year: int | None = None  # the year the period ends in ("zima 2024" = Dec 2023-Feb 2024)
    year_shift: int | None = None
    precision: str = "month"
    mode: str | None = None  # last / next: the latest over / earliest to come ("zeszłej zimy")

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        out = []
        for y in _years(self.year, self.year_shift, published):
            start_year = y - 1 if self.first + self.count - 1 > 12 else y
            out.append(months_interval(start_year, self.first, self.count))
        if self.mode == "last" and published is not None:
            return tuple(c for c in out if c[1] < published)[-1:]
        if self.mode == "next" and published is not None:
            return tuple(c for c in out if c[0] > published)[:1]
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Year:
    """A year written as a number."""

    year: int
    precision = "year"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        return ((dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)),)


@dataclass(frozen=True, slots=True)
class Relative:
    """A calendar unit counted from the publication date's own ("wczoraj", "w zeszłym roku").

    ``shift`` None means any nearby one, picked by tense ("na początku roku").
    """

    unit: str
    shift: int | None = None

    @property
    def precision(self) -> str:
        return self.unit if self.unit in ("day", "week", "month", "quarter", "year") else "range"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        if published is None:
            return ()
        shifts = AROUND if self.shift is None else (self.shift,)
        return tuple(unit_interval(self.unit, published, k) for k in shifts)


@dataclass(frozen=True, slots=True)
class Weekday:
    """A day of the week (1 = Monday): of a week counted from publication, or picked by tense.

    ``mode`` "last"/"next" means the latest before / earliest after the publication day.
    """

    weekday: int
    week_shift: int | None = None
    mode: str | None = None
    span: int = 1  # 2 for a weekend (Saturday + Sunday)

    @property
    def precision(self) -> str:
        return "day" if self.span == 1 else "range"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        if published is None:
            return ()
        monday = week_of(published)[0]
        shifts = AROUND if self.week_shift is None else (self.week_shift,)
        out = []
        for k in shifts:
            first = monday + dt.timedelta(weeks=k, days=self.weekday - 1)
            out.append((first, first + dt.timedelta(days=self.span - 1)))
        if self.mode == "last":
            return tuple(c for c in out if c[1] < published)[-1:]
        if self.mode == "next":
            return tuple(c for c in out if c[0] > published)[:1]
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Rolling:
    """The last or next stretch of a unit ending or starting on publication ("w ostatnim tygodniu")."""

    unit: str
    direction: str  # last | next
    precision = "range"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        if published is None or self.unit not in ("day", "week", "month", "year"):
            return ()
        sign = -1 if self.direction == "last" else 1
        if self.unit in ("day", "week"):
            other = published + dt.timedelta(days=sign * (6 if self.unit == "week" else 0))
        else:
            months = 12 if self.unit == "year" else 1
            year, month = shift_month(published.year, published.month, sign * months)
            day = min(published.day, calendar.monthrange(year, month)[1])
            other = dt.date(year, month, day) - sign * ONE_DAY
        return (tuple(sorted((published, other))),)


@dataclass(frozen=True, slots=True)
class Part:
    """The beginning, middle or end of another reference ("na początku tego tygodnia")."""

    inner: object
    part: str  # begin | middle | end

    @property
    def precision(self) -> str:
        return self.inner.precision

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        return tuple(part_of(c, self.part) for c in self.inner.candidates(published))


@dataclass(frozen=True, slots=True)
class Span:
    """From the start of one reference to the end of another ("od stycznia do marca")."""

    first: object
    last: object
    precision = "range"

    def pairs(self, published: dt.date | None) -> tuple[tuple[Interval, Interval], ...]:
        """Each cycle of the first end with the earliest cycle of the last end not over before it."""
        ends = sorted(self.last.candidates(published))
        out = []
        for first in sorted(self.first.candidates(published)):
            last = next((c for c in ends if c[1] >= first[0]), None)
            if last is not None:
                out.append((first, last))
        return tuple(dict.fromkeys(out))

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        return tuple(dict.fromkeys((a[0], b[1]) for a, b in self.pairs(published)))


@dataclass(frozen=True, slots=True)
class Since:
    """From a reference up to publication ("od 24 lutego"); no interval when it starts later."""

    inner: object
    precision = "range"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        found = resolve(self.inner, published, "past")
        if published is None or found is None or found.start > published:
            return ()
        return ((found.start, published),)


@dataclass(frozen=True, slots=True)
class Open:
    """An expression kept for its text but denoting no closed interval ("do tej pory")."""

    reason: str = "open"
    precision = "range"

    def candidates(self, published: dt.date | None) -> tuple[Interval, ...]:
        return ()


def part_of(interval: Interval, part: str) -> Interval:
    """The beginning, middle or end of an interval (conventions in docs/dates.md)."""
    start, end = interval
    n = (end - start).days + 1
    if n == 7 and start.weekday() == 0:  # a week: Mon-Wed, Tue-Thu, Fri-Sun
        a, b = {"begin": (0, 2), "middle": (1, 3), "end": (4, 6)}[part]
    elif start.day == 1 and end == month_interval(start.year, start.month)[1]:  # a month: thirds by day
        a, b = {"begin": (0, 9), "middle": (10, 19), "end": (20, n - 1)}[part]
    elif (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        first, count = {"begin": (1, 3), "middle": (6, 2), "end": (10, 3)}[part]
        return months_interval(start.year, first, count)
    elif start.day == 1 and (end + ONE_DAY).day == 1 and _months_between(start, end) % 3 == 0:
        size = _months_between(start, end) // 3  # quarters, seasons, halves: whole months
        offset = {"begin": 0, "middle": size, "end": 2 * size}[part]
        return months_interval(*shift_month(start.year, start.month, offset), size)
    else:
        k = max(n // 3, 1)
        a, b = {"begin": (0, k - 1), "middle": (k, n - k - 1), "end": (n - k, n - 1)}[part]
    return start + dt.timedelta(days=a), start + dt.timedelta(days=max(a, b))


def _month_of(ref, end: bool) -> int | None:
    """The first (or last) month of a dated reference, None for any other."""
    if isinstance(ref, Date):
        return ref.month
    if isinstance(ref, Months):
        return (ref.first + ref.count - 2) % 12 + 1 if end else ref.first
    return None


def _borrow(ref, other, left: bool):
    """``ref`` with the month and year it lacks taken from the range's other end."""
    if not isinstance(ref, (Date, Months)) or not isinstance(other, (Date, Months)):
        return ref
    if isinstance(ref, Date) and ref.month is None and isinstance(other, Date):
        ref = replace(ref, month=other.month)
    if ref.year is not None or ref.year_shift is not None:
        return ref
    if other.year_shift is not None:
        return replace(ref, year_shift=other.year_shift)
    if other.year is None:
        return ref
    mine, theirs = _month_of(ref, not left), _month_of(other, left)
    wraps = mine is not None and theirs is not None and (mine > theirs if left else mine < theirs)
    return replace(ref, year=other.year + ((-1 if left else 1) if wraps else 0))


def complete_range(first, last) -> tuple:
    """The two ends of a range, each completed with the month and year written only at the other.

    "od 10 do 12 marca 2024": the 10th is of March 2024; "od listopada do lutego
    2024": November is of 2023, because a range runs forwards in time.
    """
    return _borrow(first, last, True), _borrow(last, first, False)


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _counts(interval: Interval, published: dt.date, tense: str) -> bool:
    """Whether a period holding the publication date counts as the latest (past) or next (future) one.

    It does when the event could lie in it on the tense's side: a day-long period
    needs the publication day itself, a longer one at least one more day.
    """
    start, end = interval
    if not start <= published <= end:
        return True
    side = (published - start).days + 1 if tense == "past" else (end - published).days + 1
    return side >= min(2, (end - start).days + 1)


def choose(candidates: tuple[Interval, ...], published: dt.date, tense: str | None,
           judged: tuple[tuple[Interval, Interval], ...] | None = None) -> Interval:
    """Pick one cycle: the latest begun (past), the earliest not over (future), else the nearest.

    ``judged`` pairs each candidate's first and last named period (a range "w
    styczniu i lutym"): in the past its last period must have begun, in the
    future its first must not be over, since the event spans both.
    """
    judged = judged or tuple((c, c) for c in candidates)
    by_start = sorted(zip(candidates, judged, strict=True))
    if tense == "past":
        fit = [c for c, (_, last) in by_start if last[0] <= published and _counts(last, published, tense)]
        if fit:
            return fit[-1]
    elif tense == "future":
        fit = [c for c, (first, _) in by_start if first[1] >= published and _counts(first, published, tense)]
        if fit:
            return fit[0]

    def gap(c: Interval) -> int:
        return max((c[0] - published).days, (published - c[1]).days, 0)

    return min(sorted(candidates), key=lambda c: (gap(c), c[0]))


def clip(interval: Interval, published: dt.date, tense: str | None, strict: bool = False) -> Interval:
    """Cut a period holding the publication date to the side the tense allows.

    ``strict`` (parts of a period: "na początku tego tygodnia") also leaves out the
    publication day itself when the part holds an earlier (past) or later (future) day.
    """
    start, end = interval
    if not start <= published <= end or tense not in ("past", "future"):
        return interval
    if tense == "past":
        last = published - ONE_DAY if strict and published > start else published
        return start, last
    first = published + ONE_DAY if strict and published < end else published
    return first, end


def resolve(ref, published: dt.date | None, tense: str | None = None) -> Resolution | None:
    """The interval a reference denotes, given the publication date and the clause's tense.

    ``tense`` is "past", "present", "future" or None (unknown).  Returns None when
    the reference needs a publication date that is missing, or denotes no closed
    interval; a date is never invented.
    """
    if isinstance(ref, Since) and tense == "future":
        return None  # "od 1 maja ustawa będzie obowiązywać": open at its end
    candidates = ref.candidates(published)
    if not candidates:
        return None
    if len(candidates) == 1 or published is None:
        interval = candidates[0]
    elif isinstance(ref, Span):
        pairs = ref.pairs(published)
        interval = choose(tuple((a[0], b[1]) for a, b in pairs), published, tense, pairs)
    else:
        interval = choose(candidates, published, tense)
    if published is not None and not isinstance(ref, Since):
        interval = clip(interval, published, tense, strict=isinstance(ref, Part))
    return Resolution(interval[0], interval[1], ref.precision)
