"""What a user may set (time zone, unit system, goals) and how a change is checked. A bad value is an
InvalidParameter naming the field, so the API answers 400 invalid_parameter with `parameter` set."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from healthsink.errors import InvalidParameter

UNIT_SYSTEMS = ("metric", "us")
# goal -> (the metric it is measured on, that metric's canonical unit); the defaults are in migration 0020.
# A stand goal counts hours with a stand (apple_stand_hour is a count of them).
GOALS = {
    "steps": ("step_count", "count"),
    "active_energy": ("active_energy", "kcal"),
    "exercise": ("apple_exercise_time", "min"),
    "stand": ("apple_stand_hour", "count"),
}
_EDITABLE = ("tz", "units", "goals")


def zone(name: str, field: str = "tz") -> str:
    """`name` if it is an IANA zone, else a 400 naming `field`."""
    if not isinstance(name, str) or not name:
        raise InvalidParameter(f"'{field}' must be an IANA time zone name", parameter=field)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidParameter(f"'{field}' is not an IANA time zone: {name!r}", parameter=field) from None
    return name


def unit_system(name, field: str = "units") -> str:
    if name not in UNIT_SYSTEMS:
        raise InvalidParameter(f"'{field}' must be one of {', '.join(UNIT_SYSTEMS)}", parameter=field)
    return name


def goals(value) -> dict:
    if not isinstance(value, dict):
        raise InvalidParameter("'goals' must be an object of goal name -> daily target", parameter="goals")
    for name, target in value.items():
        if name not in GOALS:
            raise InvalidParameter(f"unknown goal {name!r}: one of {', '.join(GOALS)}", parameter=f"goals.{name}")
        if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0 < target < 1e7:
            raise InvalidParameter(f"goal {name!r} must be a positive number", parameter=f"goals.{name}")
    return value


def change(body) -> dict:
    """The settings a PATCH body changes, checked: {'tz': ..., 'units': ..., 'goals': ...} (each optional)."""
    if not isinstance(body, dict):
        raise InvalidParameter("the body must be a JSON object", parameter="body")
    for field in body:
        if field == "email":
            raise InvalidParameter(
                "'email' is changed by the administrator (healthsink user), not here", parameter="email"
            )
        if field not in _EDITABLE:
            raise InvalidParameter(f"unknown setting {field!r}: one of {', '.join(_EDITABLE)}", parameter=field)
    out = {}
    if "tz" in body:
        out["tz"] = zone(body["tz"])
    if "units" in body:
        out["units"] = unit_system(body["units"])
    if "goals" in body:
        out["goals"] = goals(body["goals"])
    return out
