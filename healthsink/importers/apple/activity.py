"""ActivitySummary (the rings of one day) -> quantities named `activity_*`, one point per day at local
midnight. The live feed has no such thing, so the names are their own and never add to step or energy days."""

from __future__ import annotations

from healthsink.importers.apple import mapping as m
from healthsink.ingest import metrics
from healthsink.ingest.rows import RowBuilder

SOURCE = "Activity Summary"
# attribute -> (metric, unit attribute or fixed unit)
_RINGS = (
    ("activeEnergyBurned", "activity_move", "activeEnergyBurnedUnit"),
    ("activeEnergyBurnedGoal", "activity_move_goal", "activeEnergyBurnedUnit"),
    ("appleMoveTime", "activity_move_time", "min"),
    ("appleMoveTimeGoal", "activity_move_time_goal", "min"),
    ("appleMoveMinutes", "activity_move_time", "min"),
    ("appleMoveMinutesGoal", "activity_move_time_goal", "min"),
    ("appleExerciseTime", "activity_exercise", "min"),
    ("appleExerciseTimeGoal", "activity_exercise_goal", "min"),
    ("appleStandHours", "activity_stand_hours", "count"),
    ("appleStandHoursGoal", "activity_stand_hours_goal", "count"),
)


def add(b: RowBuilder, a: dict, offset: str, line: int) -> None:
    """`offset` ('+0200'): the export's, as the summary's day has no zone of its own."""
    day = a.get("dateComponents")
    if not day:
        return
    date = f"{day} 00:00:00 {offset}"
    for attr, name, unit in _RINGS:
        value = a.get(attr)
        if value is None:
            continue
        u = a.get(unit) or "kcal" if unit.endswith("Unit") else unit
        metrics.add_points(
            b, 0, name, m.UNIT_SPELLINGS.get(u, u), [{"date": date, "qty": value, "source": SOURCE}], line
        )
