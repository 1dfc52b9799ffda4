"""The workouts CSV, one row per workout, in both layouts the app has written:

- until about March 2026 (v1): `Workout Type,Start,End,Duration,Active Energy (kcal),…,Location,` with a
  trailing comma, missing numbers written `0.0`;
- since (v2): `Type,Start,End,Duration,Total Energy (kJ),…,Swim Stoke Cadence (spm),…`, missing values empty.

Each row becomes the workout object the JSON export would hold: `{qty, units}` summaries under the JSON keys,
times with the offset of the user's zone. The CSV has no HealthKit id, so the workout is keyed like a v1 JSON
workout (name and start).
"""

from __future__ import annotations

from datetime import tzinfo

from healthsink.ingest.hae_csv import labels
from healthsink.ingest.hae_csv.local import in_zone
from healthsink.ingest.hae_csv.table import Table, cell, number

# Column label slugs (English, and the Spanish ones of a real 2026 export) -> JSON workout keys.
_NAME = frozenset(
    {
        "workout_type",
        "type",
        "tipo",
        "tipo_de_entrenamiento",
        "type_d_entraînement",
        "trainingsart",
        "tipo_di_allenamento",
        "tipo_de_treino",
    }
)
_START = frozenset({"start", "inicio", "início", "début", "beginn", "inizio"})
_END = frozenset({"end", "fin", "fim", "ende", "fine"})
_DURATION = frozenset({"duration", "duración", "duração", "durée", "dauer", "durata"})
# fmt: off
_SUMMARIES = {
    "active_energy": "activeEnergyBurned", "energía_activa": "activeEnergyBurned",
    "resting_energy": "basalEnergyBurned", "energía_en_reposo": "basalEnergyBurned",
    "total_energy": "totalEnergy", "energía_total": "totalEnergy",
    "intensity": "intensity", "intensidad": "intensity",
    "max_heart_rate": "maxHeartRate", "frecuencia_cardíaca_máxima": "maxHeartRate",
    "avg_heart_rate": "avgHeartRate", "frecuencia_cardíaca_promedio": "avgHeartRate",
    "distance": "distance", "distancia": "distance",
    "max_speed": "maxSpeed", "velocidad_máx": "maxSpeed",
    "avg_speed": "avgSpeed", "veloc_prom": "avgSpeed", "velocidad_promedio": "avgSpeed",
    "flights_climbed": "flightsClimbed", "pisos_subidos": "flightsClimbed",
    "elevation_ascended": "elevationUp", "elevación_ascendida": "elevationUp",
    "elevation_descended": "elevationDown", "elevación_descendida": "elevationDown",
    # not `stepCount`: that key holds the per-minute series in a v2 workout
    "step_count": "totalStepCount", "conteo_de_pasos": "totalStepCount",
    "step_cadence": "stepCadence", "cadencia_de_paso": "stepCadence",
    "swimming_stroke_count": "totalSwimmingStrokeCount",
    "swim_cadence": "swimCadence", "swim_stoke_cadence": "swimCadence",   # "Stoke": the app's own typo
    "lap_length": "lapLength", "temperature": "temperature", "temperatura": "temperature",
    "humidity": "humidity", "humedad": "humidity",
}
# fmt: on
_TEXTS = {
    "location": "location",
    "ubicación": "location",
    "swim_stroke_style": "strokeStyle",
    "water_salinity": "salinity",
}
_NUMBERS = {"swolf_score": "swolfScore"}
# Units the v1 header leaves out.
_DEFAULT_UNITS = {"flightsClimbed": "count", "totalStepCount": "count", "totalSwimmingStrokeCount": "count"}


def _role(label: str) -> str | None:
    key = labels.slug(label)
    for role, names in (("name", _NAME), ("start", _START), ("end", _END), ("duration", _DURATION)):
        if key in names:
            return role
    return None


def is_workouts(header: list[str]) -> bool:
    """A workouts CSV: a type column, then start and end (by label, in any language above)."""
    roles = [_role(labels.parse_header(h).label) for h in header[:4]]
    return len(roles) >= 3 and roles[:3] == ["name", "start", "end"]


def duration_s(text: str):
    """'00:22:00' or '45:00' (MM:SS) -> seconds; anything else is passed on for the module to judge."""
    parts = text.split(":")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return number(text)
    if len(values) == 3:
        return values[0] * 3600 + values[1] * 60 + values[2]
    if len(values) == 2:
        return values[0] * 60 + values[1]
    return values[0]


def workouts(t: Table, tz: tzinfo, part: int) -> tuple[list[dict], list[tuple]]:
    """(workout objects, warnings)."""
    warnings: list[tuple] = []
    v1 = labels.slug(labels.parse_header(t.header[0]).label) == "workout_type"
    columns = []  # (index, kind, key, units)
    for c, text in enumerate(t.header):
        col = labels.parse_header(text)
        role, key = _role(col.label), labels.slug(col.label)
        if role:
            columns.append((c, role, role, None))
        elif key in _SUMMARIES:
            target = _SUMMARIES[key]
            columns.append((c, "summary", target, col.unit or _DEFAULT_UNITS.get(target, "")))
        elif key in _TEXTS:
            columns.append((c, "text", _TEXTS[key], None))
        elif key in _NUMBERS:
            columns.append((c, "number", _NUMBERS[key], None))
        elif text:
            name = labels.metric_name(col.label)[0]
            warnings.append(
                (
                    "warning",
                    "workout",
                    c,
                    f"csv[{part}].header[{c}]",
                    "unknown_csv_label",
                    f"{text!r} is not a known workout column: kept as {name!r}",
                )
            )
            columns.append((c, "summary", name, col.unit))
    out = []
    for row in t.rows:
        w: dict = {}
        for c, kind, key, units in columns:
            v = cell(row, c)
            if not v:
                continue
            if kind in ("start", "end"):
                w[key] = in_zone(v, tz)
            elif kind == "name":
                w[key] = v
            elif kind == "duration":
                w[key] = duration_s(v)
            elif kind == "text":
                w[key] = v
            else:
                x = number(v)
                if v1 and x == 0:  # v1 writes 0.0 for "not measured"; its JSON leaves the key out
                    continue
                w[key] = x if kind == "number" else {"qty": x, "units": units}
        if w:
            out.append(w)
    return out, warnings
