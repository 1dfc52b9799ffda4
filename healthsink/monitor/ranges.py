"""Plausible values per metric, in the unit it is stored in (healthsink/units.py's canonical unit). A value
outside is flagged, never dropped: a scale's misreading, a unit typed wrong in another app, a sensor glitch.

Bounds are generous on purpose (a finding should mean something is wrong, not that someone is unusual);
sources: human physiology's extremes (body mass of a newborn to the heaviest recorded, core temperature
survivable range), and what the devices report per sample (a day's steps total)."""

from __future__ import annotations

# (metric, units, lowest, highest)
RANGES: list[tuple[str, str, float, float]] = [
    ("weight_body_mass", "kg", 2, 400),
    ("lean_body_mass", "kg", 1, 200),
    ("body_mass_index", "count", 8, 80),
    ("body_fat_percentage", "%", 0, 100),
    ("height", "cm", 30, 260),
    ("body_temperature", "degC", 30, 45),
    ("basal_body_temperature", "degC", 30, 45),
    ("resting_heart_rate", "count/min", 25, 200),
    ("walking_heart_rate_average", "count/min", 30, 220),
    ("respiratory_rate", "count/min", 4, 60),
    ("heart_rate_variability", "ms", 1, 500),
    ("blood_oxygen_saturation", "%", 0, 100),
    ("blood_glucose", "mg/dL", 20, 700),
    ("vo2_max", "ml/(kg·min)", 5, 100),
    ("step_count", "count", 0, 100_000),
    ("active_energy", "kcal", 0, 20_000),
    ("walking_running_distance", "km", 0, 300),
    ("walking_speed", "km/hr", 0, 30),
    ("dietary_water", "mL", 0, 20_000),
]
