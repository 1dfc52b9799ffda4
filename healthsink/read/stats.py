"""Bucket arithmetic: per-source statistics, merging sources, and adding buckets up into longer ones.

The merge rule (README "Merging sources"): iPhone and Watch record the same walk, so adding their totals counts
it twice. Within one grain bucket (a local day, or an hour or minute when those are asked for) a sum is the
largest single source's total, an average is weighted by each source's samples, min and max are taken across
sources, the count is the largest source's. A week or month is then the sum (or sample-weighted average, min,
max) of its merged days, never a merge over the whole week: HAE's pipe-joined source names change from day to
day ("Apple Watch" one day, "Apple Watch|iPhone" the next), and picking one source for a whole week would drop
every day another name carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from healthsink.units import read_digits


@dataclass(frozen=True, slots=True)
class Stats:
    """n values, their total, smallest and largest (in one unit)."""

    n: int
    total: float
    lo: float | None
    hi: float | None

    @property
    def avg(self) -> float | None:
        return self.total / self.n if self.n else None

    def value(self, agg: str) -> float | None:
        return {"sum": self.total, "avg": self.avg, "min": self.lo, "max": self.hi, "count": self.n}[agg]

    def scaled(self, factor: float, offset: float) -> Stats:
        """The same values converted by v * factor + offset (factor > 0 keeps min and max in place), to the
        digits a read answers in (units.read_digits)."""
        if factor == 1.0 and offset == 0.0:
            return self
        return Stats(
            self.n,
            read_digits(self.total * factor + offset * self.n),
            None if self.lo is None else read_digits(self.lo * factor + offset),
            None if self.hi is None else read_digits(self.hi * factor + offset),
        )


def _lo(values) -> float | None:
    values = [v for v in values if v is not None]
    return min(values) if values else None


def _hi(values) -> float | None:
    values = [v for v in values if v is not None]
    return max(values) if values else None


def combine(parts: list[Stats]) -> Stats:
    """The statistics of the union of the values (buckets of one source added up)."""
    if len(parts) == 1:  # most days have one row per source: ten years of months merge ~7,000 of them
        return parts[0]
    return Stats(
        sum(p.n for p in parts), sum(p.total for p in parts), _lo(p.lo for p in parts), _hi(p.hi for p in parts)
    )


@dataclass(slots=True)
class Merged:
    """One bucket of several sources. `total` is the largest single source's total (what a sum shows), `count`
    that source's number of values; `all` holds every source's values together, for the weighted average, min
    and max."""

    total: float
    count: int
    all: Stats
    sources: set[str] = field(default_factory=set)

    def value(self, agg: str) -> float | None:
        if agg == "sum":
            return self.total
        if agg == "count":
            return self.count
        return self.all.value(agg)


def merge(by_source: dict[str, Stats]) -> Merged:
    """One grain bucket's sources merged (the rule in the module docstring)."""
    largest = max(by_source.values(), key=lambda s: (s.total, s.n))
    return Merged(largest.total, largest.n, combine(list(by_source.values())), set(by_source))


def roll_up(days: list[Merged]) -> Merged:
    """A week or month from its merged days: totals and counts added, averages weighted by samples."""
    return Merged(
        sum(d.total for d in days),
        sum(d.count for d in days),
        combine([d.all for d in days]),
        set().union(*(d.sources for d in days)),
    )
