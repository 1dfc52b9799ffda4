"""Units on the way out: the unit a read answers in, and the conversion of each stored unit into it.

Values are stored in each metric's canonical unit (healthsink/units.py). A read answers in the unit it names
(`units=kJ`), else in the unit system it names (`units=us`), else in the user's system. Rows stored in a unit
that does not convert into the answer's unit (a unit the ingest did not know) are never mixed in: they are
answered apart, in their own unit.
"""

from __future__ import annotations

from healthsink import units
from healthsink.errors import InvalidParameter
from healthsink.read.settings import UNIT_SYSTEMS


def canonical(metric: str, stored: list[str]) -> str | None:
    """The metric's canonical unit; for a metric the table does not list, what its known stored units convert to."""
    unit = units.canonical_unit(metric)
    if unit is not None:
        return unit
    for u in stored:
        c = units.resolve(metric, u)
        if c.known:
            return c.unit
    return stored[0] if stored else None


def answer_unit(metric: str, stored: list[str], requested: str | None, system: str) -> str | None:
    """The unit a read of `metric` answers in. `requested` is a unit, 'metric', 'us', or None (the user's
    system). A unit that is unknown or does not convert from the metric's unit is a 400 naming `units`."""
    base = canonical(metric, stored)
    if requested in UNIT_SYSTEMS:
        system, requested = requested, None
    if requested is None:
        if base is None or system != "us":
            return base
        return units.us_unit(base, metric)
    spelled = units.spelling(requested)
    if spelled is None:
        raise InvalidParameter(f"'units' is not a unit healthsink knows: {requested!r}", parameter="units")
    if base is not None:
        try:
            units.converter(base, spelled, metric)
        except units.UnitError:
            raise InvalidParameter(
                f"{metric} is kept in {base}, which does not convert to {requested}", parameter="units"
            ) from None
    return spelled


def conversion(metric: str, stored_unit: str, answer: str | None) -> units.Conversion | None:
    """How a value stored in `stored_unit` becomes one in `answer`; None when it does not (keep it apart)."""
    if answer is None or stored_unit == answer:
        return units.Conversion(stored_unit)
    try:
        return units.converter(stored_unit, answer, metric)
    except units.UnitError:
        return None
