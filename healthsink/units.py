"""Canonical units: one unit per metric, so every sum, average, min and max is over one unit.

The factors come from `pint` (its definitions of the calorie, the US fluid ounce, the stone, degF ...);
the table SPELLINGS maps what Health Auto Export writes to pint expressions. pint runs only when a pair of
units is first resolved: a backfill of a million points resolves each (metric, unit) once and then pays a
multiplication a point (`Conversion.apply`).

Public API (the read side imports it):
  CANONICAL                       metric -> its canonical unit (an HAE spelling)
  canonical_unit(metric)          that unit; for a metric not in the table None
  resolve(metric, unit)           Conversion to the canonical unit (cached); `.known` False when the unit is
                                  not one this metric can be in: then the value is kept as sent
  to_canonical(metric, unit, v)   (value, unit, known)
  converter(a, b, metric=None)    Conversion from unit a to unit b (cached), UnitError when they do not convert
  convert(v, a, b, metric=None)   converter(a, b, metric).apply(v)
  spelling(unit)                  the table's spelling of a unit a person typed ("km/h" -> "km/hr"), or None
  us_unit(unit, metric=None)      the unit the US system shows a canonical unit in
  warm()                          pay pint's start-up (~1 s) now, not in the first request
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

# HAE spelling -> pint expression. The first spelling of each dimension is the canonical unit of metrics not in
# CANONICAL. Counted things get a dimension of their own ([hae_count]): pint treats "count" and "%" alike as
# dimensionless (count -> % would multiply by 100) and count/min as 1/min (it would convert to Hz).
SPELLINGS: dict[str, str] = {
    "count": "hae_count",
    "steps": "hae_count",
    "pas": "hae_count",
    "count/min": "hae_count / minute",
    "bpm": "hae_count / minute",
    "spm": "hae_count / minute",
    "%": "percent",
    "kcal": "kilocalorie",
    "Cal": "kilocalorie",
    "cal": "calorie",
    "kJ": "kilojoule",
    "J": "joule",
    "min": "minute",
    "hr": "hour",
    "h": "hour",
    "s": "second",
    "ms": "millisecond",
    "m": "meter",
    "km": "kilometer",
    "cm": "centimeter",
    "mm": "millimeter",
    "mi": "mile",
    "ft": "foot",
    "yd": "yard",
    "in": "inch",
    "km/hr": "kilometer / hour",
    "km/h": "kilometer / hour",
    "kmph": "kilometer / hour",
    "mi/hr": "mile / hour",
    "mph": "mile / hour",
    "m/s": "meter / second",
    "ft/s": "foot / second",
    "g": "gram",
    "kg": "kilogram",
    "mg": "milligram",
    "mcg": "microgram",
    "µg": "microgram",
    "μg": "microgram",
    "lb": "pound",
    "st": "stone",
    "oz": "ounce",
    "degC": "degC",
    "ºC": "degC",
    "°C": "degC",
    "degF": "degF",
    "ºF": "degF",
    "°F": "degF",
    "K": "kelvin",
    "mL": "milliliter",
    "ml": "milliliter",
    "L": "liter",
    "l": "liter",
    "fl_oz_us": "US_fluid_ounce",
    "fl_oz_imp": "imperial_fluid_ounce",
    "cup_us": "cup",
    "L/min": "liter / minute",
    "mL/min": "milliliter / minute",
    "mg/dL": "milligram / deciliter",
    "mmol/L": "millimole / liter",
    "W": "watt",
    "kcal/hr·kg": "kilocalorie / hour / kilogram",
    "MET": "kilocalorie / hour / kilogram",
    "ml/(kg·min)": "milliliter / kilogram / minute",
    "mL/(kg·min)": "milliliter / kilogram / minute",
    "mL/kg/min": "milliliter / kilogram / minute",
    "mmHg": "mmHg",
    "dBASPL": "hae_dbaspl",
    "IU": "hae_iu",
    "µS": "microsiemens",
    "μS": "microsiemens",
    "S": "siemens",
    "mcV": "microvolt",
    "µV": "microvolt",
}

# Where a unit converts only for one metric: glucose's molar mass (18.016 g/mol x 10), vitamin D's IU.
_FOR_METRIC: dict[str, dict[str, str]] = {
    "blood_glucose": {"mmol/L": "18.016 * milligram / deciliter"},
    "vitamin_d": {"IU": "0.025 * microgram"},
}

_BY_UNIT = {
    "kcal": "active_energy basal_energy_burned dietary_energy",
    "km": "walking_running_distance cycling_distance wheelchair_distance downhill_snow_sports",
    "m": "swimming_distance six_minute_walking_test_distance running_stride_length under_water_depth",
    "cm": "height waist_circumference walking_step_length running_vertical_oscillation",
    "kg": "weight_body_mass lean_body_mass",
    "degC": "apple_sleeping_wrist_temperature basal_body_temperature body_temperature under_water_temperature",
    "mL": "dietary_water",
    "L": "forced_expiratory_volume forced_vital_capacity",
    "L/min": "peak_expiratory_flow_rate",
    "mg/dL": "blood_glucose",
    "km/hr": "walking_speed running_speed cycling_speed",
    "m/s": "stair_speed_up stair_speed_down",
    "min": "apple_exercise_time apple_move_time apple_stand_time mindful_minutes time_in_daylight",
    "hr": "sleep_analysis",
    "s": "handwashing toothbrushing",
    "ms": "heart_rate_variability running_ground_contact_time",
    "count/min": "heart_rate resting_heart_rate walking_heart_rate_average cardio_recovery respiratory_rate "
    "cycling_cadence",
    "count": "step_count apple_stand_hour flights_climbed wheelchair_push_count swim_stroke_count body_mass_index "
    "inhaler_usage breathing_disturbances number_of_alcoholic_beverages number_of_times_fallen "
    "sexual_activity uv_exposure high_heart_rate_notifications low_heart_rate_notifications "
    "irregular_heart_rate_notifications",
    "%": "body_fat_percentage atrial_fibrillation_burden walking_asymmetry_percentage "
    "walking_double_support_percentage blood_oxygen_saturation peripheral_perfusion_index "
    "blood_alcohol_content",
    "dBASPL": "environmental_audio_exposure headphone_audio_exposure",
    "mmHg": "blood_pressure",
    "W": "cycling_power cycling_functional_threshold_power running_power",
    "ml/(kg·min)": "vo2_max",
    "kcal/hr·kg": "physical_effort",
    "IU": "insulin_delivery",
    "µS": "electrodermal_activity",
    "g": "dietary_sugar carbohydrates fiber monounsaturated_fat polyunsaturated_fat protein saturated_fat total_fat",
    "mg": "dietary_cholesterol dietary_caffeine calcium chloride copper iron magnesium manganese niacin "
    "pantothenic_acid phosphorus potassium riboflavin sodium thiamin vitamin_b6 vitamin_c vitamin_e zinc",
    "mcg": "dietary_biotin chromium folate iodine molybdenum selenium vitamin_a vitamin_b12 vitamin_d vitamin_k",
}
CANONICAL: dict[str, str] = {metric: unit for unit, metrics in _BY_UNIT.items() for metric in metrics.split()}

# A workout's fields (format doc §4: summaries {qty, units}, series [{date, qty, units}]) -> their canonical unit.
WORKOUT_UNITS: dict[str, str] = {
    **dict.fromkeys(("activeEnergy", "activeEnergyBurned", "totalEnergy", "basalEnergy"), "kcal"),
    **dict.fromkeys(("distance", "walkingAndRunningDistance", "cyclingDistance", "lapLength"), "km"),
    **dict.fromkeys(("swimDistance", "elevation", "elevationUp", "elevationDown"), "m"),
    **dict.fromkeys(("speed", "avgSpeed", "maxSpeed"), "km/hr"),
    **dict.fromkeys(
        (
            "heartRate",
            "heartRateData",
            "heartRateRecovery",
            "avgHeartRate",
            "maxHeartRate",
            "stepCadence",
            "swimCadence",
        ),
        "count/min",
    ),
    **dict.fromkeys(("stepCount", "flightsClimbed", "totalSwimmingStrokeCount", "swimStroke"), "count"),
    "temperature": "degC",
    "humidity": "%",
    "intensity": "kcal/hr·kg",
    "intesity": "kcal/hr·kg",
}
_WORKOUT_NUMBERS = ("qty", "ascent", "descent")

# The US system shows these canonical units differently; everything else (kcal, count, %, ms ...) is shared.
_US = {"km": "mi", "m": "ft", "cm": "in", "kg": "lb", "degC": "degF", "mL": "fl_oz_us", "km/hr": "mi/hr", "m/s": "ft/s"}
_US_FOR_METRIC = {"swimming_distance": "yd", "six_minute_walking_test_distance": "m"}


class UnitError(ValueError):
    """Two units that do not convert into each other, or a unit not in SPELLINGS."""


@dataclass(frozen=True, slots=True)
class Conversion:
    unit: str  # the unit a converted value is in
    factor: float = 1.0
    offset: float = 0.0
    known: bool = True  # False: the unit is not one the metric can be in; the value stays as sent
    identity: bool = True

    def apply(self, value: float) -> float:
        """value * factor + offset, to 12 significant digits: 418.4 kJ is 100.0 kcal, not 99.99999999999999
        (418.4 and 4.184 are not exact in binary, so no order of operations gets there without rounding),
        and 98.6 degF 37.0 degC. Sensors give 3 or 4 digits; 12 keep every one of them."""
        return value if self.identity else float(f"{value * self.factor + self.offset:.12g}")

    def read(self, value: float) -> float:
        """apply() for a read, to 10 significant digits. A stored value carries the 12th digit's rounding of
        its conversion at ingest, which a conversion back would show: 2000 kJ is stored as 478.011472275 kcal
        and read in kJ as 1999.9999999986; to 10 digits, 2000."""
        return value if self.identity else read_digits(value * self.factor + self.offset)


def read_digits(value: float) -> float:
    """A converted value as a read answers it: 10 significant digits (see Conversion.read)."""
    return float(f"{value:.10g}")


@lru_cache(maxsize=1)
def _registry():
    import pint  # 0.3 s to import and 0.4 s to build: paid on the first new unit, not at every start

    # exact rationals: degF -> degC is 5/9 and -160/9, not 0.55555555555554 (floats round only at the end)
    ureg = pint.UnitRegistry(cache_folder=None, non_int_type=Fraction)
    for d in ("hae_count = [hae_count]", "hae_dbaspl = [hae_dbaspl]", "hae_iu = [hae_iu]"):
        ureg.define(d)
    return ureg


def spelling(unit) -> str | None:
    """The SPELLINGS key for a unit as sent or typed: exact, else after NFC and trimming, else ignoring case
    where every spelling of that fold means the same unit (`KCAL`, `Kg`, `ML`; never `CAL` or `s`/`S`)."""
    if not isinstance(unit, str):
        return None
    if unit in SPELLINGS:
        return unit
    u = unicodedata.normalize("NFC", unit).strip()
    if u in SPELLINGS:
        return u
    return _folded().get(u.casefold())


@lru_cache(maxsize=1)
def _folded() -> dict[str, str]:
    seen: dict[str, list[str]] = {}
    for s in SPELLINGS:
        seen.setdefault(s.casefold(), []).append(s)
    # an ambiguous fold (m/M, s/S, l/L ...) is left out unless all its spellings mean the same thing
    return {k: v[0] for k, v in seen.items() if len({SPELLINGS[s] for s in v}) == 1}


def _quantity(unit: str, metric: str | None):
    expr = _FOR_METRIC.get(metric or "", {}).get(unit) or SPELLINGS[unit]
    return _registry().Quantity(Fraction(1), expr) if "*" not in expr else _registry()(expr)


def canonical_unit(metric: str) -> str | None:
    return CANONICAL.get(metric)


@lru_cache(maxsize=4096)
def converter(from_unit: str, to_unit: str, metric: str | None = None) -> Conversion:
    """from_unit -> to_unit (an offset only for temperatures)."""
    a, b = spelling(from_unit), spelling(to_unit)
    if a is None or b is None:
        raise UnitError(f"unknown unit: {from_unit if a is None else to_unit!r}")
    if a == b:
        return Conversion(b)
    qa, qb = _quantity(a, metric), _quantity(b, metric)
    if qa.dimensionality != qb.dimensionality:
        raise UnitError(f"{from_unit} does not convert to {to_unit}")
    ureg = _registry()
    # two points fix a linear map; degF -> degC is the only one with an offset
    zero = ureg.Quantity(0, qa.units).to(qb.units).magnitude / qb.magnitude
    one = ureg.Quantity(qa.magnitude, qa.units).to(qb.units).magnitude / qb.magnitude
    factor, offset = float(one - zero), float(zero)
    return Conversion(b, factor, offset, True, factor == 1.0 and offset == 0.0)


def convert(value: float, from_unit: str, to_unit: str, metric: str | None = None) -> float:
    return converter(from_unit, to_unit, metric).apply(value)


@lru_cache(maxsize=1)
def _dimension_defaults() -> dict:
    out: dict = {}
    for s in SPELLINGS:
        out.setdefault(_quantity(s, None).dimensionality, s)
    return out


@lru_cache(maxsize=4096)
def resolve(metric: str, unit: str) -> Conversion:
    """The conversion of `metric` values sent in `unit` to the metric's canonical unit. A metric not in CANONICAL
    takes the first unit of SPELLINGS with the same dimension. An unknown unit (not in SPELLINGS, or of
    another dimension than the canonical one) gives known=False and the unit as sent: stored apart, unconverted."""
    target = CANONICAL.get(metric)
    s = spelling(unit)
    if s is None:
        return Conversion(unit, known=False)
    if target is None:
        target = _dimension_defaults().get(_quantity(s, metric).dimensionality, s)
    try:
        return converter(s, target, metric)
    except UnitError:
        return Conversion(unit, known=False)


def warm() -> None:
    """Build pint's registry and resolve every spelling once (~1-2 s on a slow machine), at start rather than
    inside the first request."""
    _dimension_defaults()


def to_canonical(metric: str, unit: str, value: float) -> tuple[float, str, bool]:
    c = resolve(metric, unit)
    return c.apply(value), c.unit, c.known


@lru_cache(maxsize=1024)
def for_workout(field: str, unit) -> Conversion:
    """A workout field's values sent in `unit` -> WORKOUT_UNITS[field]; a field not listed is kept as sent."""
    target = WORKOUT_UNITS.get(field)
    if target is None or spelling(unit) is None:
        return Conversion(unit, known=target is None)
    try:
        return converter(unit, target)
    except UnitError:
        return Conversion(unit, known=False)


def workout_summary(field: str, value: dict) -> dict:
    """A workout summary ({qty, units}, elevation's {ascent, descent, units}, heartRate's {min: {qty, units} ...})
    in its field's canonical unit, the unit as sent in `orig_units`."""
    if "units" not in value:  # one level down only (heartRate's min/avg/max): a body's nesting is not ours to walk
        return {k: workout_summary(field, v) if isinstance(v, dict) and "units" in v else v for k, v in value.items()}
    sent = value["units"]
    c = for_workout(field, sent)
    if c.unit == sent:
        return value
    out = {**value, "units": c.unit, "orig_units": sent}
    for k in _WORKOUT_NUMBERS:
        v = value.get(k)
        if type(v) in (int, float):
            out[k] = c.apply(v)
    return out


def us_unit(unit: str, metric: str | None = None) -> str:
    """How the US unit system shows values kept in canonical `unit` (of `metric`, where it matters)."""
    if metric in _US_FOR_METRIC and unit == CANONICAL.get(metric):
        return _US_FOR_METRIC[metric]
    return _US.get(unit, unit)
