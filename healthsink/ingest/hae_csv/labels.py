"""CSV column labels -> HAE metric names and units.

The CSV format writes the app's UI label, `<Label> [<Sub>] (<unit>)`, where JSON writes the metric's name.
English labels become names by the rule the app itself uses (hae-format.md §2.6: lower-case, runs of other
characters made `_`), checked against the names the app is known to send; the few labels whose slug is not
the name, and the localised labels seen in real exports (hae-2026.md §2.3), are in the tables below. A label
that maps nowhere is kept under its own slug and reported as a warning, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from healthsink.ingest import names

_HEADER = re.compile(r"^\s*(?P<label>.*?)\s*(?:\[(?P<sub>[^\]]*)\])?\s*(?:\((?P<unit>.*)\))?\s*$")

# Every metric name the app is known to send (hae-format.md §2.5, hae-2026.md §0.10).
# fmt: off
KNOWN = frozenset({
    "active_energy", "basal_energy_burned", "apple_exercise_time", "apple_move_time", "apple_stand_hour",
    "apple_stand_time", "step_count", "walking_running_distance", "cycling_distance", "swimming_distance",
    "wheelchair_distance", "downhill_snow_sports", "flights_climbed", "wheelchair_push_count", "swim_stroke_count",
    "vo2_max", "physical_effort", "cycling_cadence", "cycling_power", "cycling_functional_threshold_power",
    "cycling_speed", "running_power", "running_speed", "running_ground_contact_time", "running_stride_length",
    "running_vertical_oscillation", "under_water_depth", "weight_body_mass", "body_mass_index", "body_fat_percentage",
    "lean_body_mass", "height", "waist_circumference", "apple_sleeping_wrist_temperature", "heart_rate",
    "resting_heart_rate", "walking_heart_rate_average", "heart_rate_variability", "heart_rate_variability_rmssd",
    "cardio_recovery", "atrial_fibrillation_burden", "blood_pressure", "environmental_audio_exposure",
    "headphone_audio_exposure", "walking_speed", "walking_step_length", "walking_asymmetry_percentage",
    "walking_double_support_percentage", "six_minute_walking_test_distance", "stair_speed_up", "stair_speed_down",
    "respiratory_rate", "blood_oxygen_saturation", "forced_expiratory_volume", "forced_vital_capacity",
    "peak_expiratory_flow_rate", "inhaler_usage", "breathing_disturbances", "sleep_analysis",
    "basal_body_temperature", "body_temperature", "blood_glucose", "insulin_delivery", "peripheral_perfusion_index",
    "electrodermal_activity", "blood_alcohol_content", "number_of_alcoholic_beverages", "number_of_times_fallen",
    "handwashing", "toothbrushing", "sexual_activity", "mindful_minutes", "time_in_daylight", "uv_exposure",
    "under_water_temperature", "workout_effort_score", "dietary_energy", "dietary_water", "dietary_sugar",
    "dietary_cholesterol", "carbohydrates", "dietary_biotin", "dietary_caffeine", "calcium", "chloride", "chromium",
    "copper", "fiber", "folate", "iodine", "iron", "magnesium", "manganese", "molybdenum", "monounsaturated_fat",
    "niacin", "pantothenic_acid", "phosphorus", "polyunsaturated_fat", "potassium", "protein", "riboflavin",
    "saturated_fat", "selenium", "sodium", "thiamin", "total_fat", "vitamin_a", "vitamin_b6", "vitamin_b12",
    "vitamin_c", "vitamin_d", "vitamin_e", "vitamin_k", "zinc",
})
# fmt: on

# Labels whose slug is not the metric name, and localised labels. Keys are label slugs (accents kept:
# `_slug` keeps letters of any script), so "Energía Activa" and "energía activa" are one key.
# fmt: off
_LABELS = {
    # English UI labels that differ from the name
    "resting_energy": "basal_energy_burned", "basal_energy": "basal_energy_burned",
    "resting_basal_energy": "basal_energy_burned", "exercise_time": "apple_exercise_time",
    "stand_time": "apple_stand_time", "stand_hour": "apple_stand_hour", "move_time": "apple_move_time",
    "cycling_ftp": "cycling_functional_threshold_power", "underwater_depth": "under_water_depth",
    "underwater_temperature": "under_water_temperature", "downhill_snow_sports_distance": "downhill_snow_sports",
    "sleeping_wrist_temperature": "apple_sleeping_wrist_temperature", "hrv": "heart_rate_variability",
    "heart_rate_variability_sdnn": "heart_rate_variability", "blood_oxygen": "blood_oxygen_saturation",
    "weight": "weight_body_mass", "body_mass": "weight_body_mass", "steps": "step_count",
    # Spanish (hae-2026.md §2.3; a real export's headers quoted by zirbio/pain-control)
    "conteo_de_pasos": "step_count", "pasos": "step_count", "energía_activa": "active_energy",
    "energía_en_reposo": "basal_energy_burned", "energía_basal": "basal_energy_burned",
    "frecuencia_cardiaca": "heart_rate", "frecuencia_cardíaca": "heart_rate",
    "frecuencia_cardiaca_en_reposo": "resting_heart_rate", "frecuencia_cardíaca_en_reposo": "resting_heart_rate",
    "variabilidad_de_frecuencia_cardíaca": "heart_rate_variability",
    "variabilidad_de_la_frecuencia_cardíaca": "heart_rate_variability",
    "saturación_de_oxígeno_en_sangre": "blood_oxygen_saturation", "análisis_del_sueño": "sleep_analysis",
    "distancia_de_caminata_carrera": "walking_running_distance",
    "distancia_recorrida_caminando_y_corriendo": "walking_running_distance",
    "porcentaje_de_asimetría_al_caminar": "walking_asymmetry_percentage", "velocidad_al_caminar": "walking_speed",
    "vo2_máx": "vo2_max", "pisos_subidos": "flights_climbed", "tiempo_de_ejercicio": "apple_exercise_time",
    "frecuencia_respiratoria": "respiratory_rate", "peso": "weight_body_mass", "proteína": "protein",
    "carbohidratos": "carbohydrates", "cafeína": "dietary_caffeine", "vitamina_d": "vitamin_d",
    "tiempo_a_la_luz_del_día": "time_in_daylight",
    # Portuguese
    "contagem_de_passos": "step_count", "passos": "step_count", "energia_ativa": "active_energy",
    "energia_em_repouso": "basal_energy_burned", "frequência_cardíaca": "heart_rate",
    "frequência_cardíaca_em_repouso": "resting_heart_rate", "análise_do_sono": "sleep_analysis",
    "distância_de_caminhada_corrida": "walking_running_distance", "lances_de_escada_subidos": "flights_climbed",
    # French
    "nombre_de_pas": "step_count", "pas": "step_count", "énergie_active": "active_energy",
    "énergie_au_repos": "basal_energy_burned", "fréquence_cardiaque": "heart_rate",
    "fréquence_cardiaque_au_repos": "resting_heart_rate", "analyse_du_sommeil": "sleep_analysis",
    "distance_de_marche_et_de_course": "walking_running_distance", "étages_montés": "flights_climbed",
    # German
    "schritte": "step_count", "schrittzahl": "step_count", "aktive_energie": "active_energy",
    "ruheenergie": "basal_energy_burned", "herzfrequenz": "heart_rate", "ruheherzfrequenz": "resting_heart_rate",
    "schlafanalyse": "sleep_analysis", "gehen_laufen_distanz": "walking_running_distance",
    "etagen_gestiegen": "flights_climbed",
    # Italian
    "conteggio_passi": "step_count", "passi": "step_count", "energia_attiva": "active_energy",
    "energia_a_riposo": "basal_energy_burned", "frequenza_cardiaca": "heart_rate",
    "frequenza_cardiaca_a_riposo": "resting_heart_rate", "analisi_del_sonno": "sleep_analysis",
    "distanza_camminata_corsa": "walking_running_distance", "piani_saliti": "flights_climbed",
}
# fmt: on

# The first column of a metrics or series CSV, in the languages seen.
DATE_LABELS = frozenset(
    {
        "date_time",
        "date",
        "fecha_hora",
        "fecha",
        "data_hora",
        "data",
        "datum_uhrzeit",
        "datum_zeit",
        "datum",
        "date_heure",
        "data_ora",
    }
)

# Bracketed sub-columns -> the key the same value has in the JSON point (hae-format.md §2.2).
# fmt: off
SUB_KEYS = {
    "min": "Min", "max": "Max", "avg": "Avg", "average": "Avg", "mín": "Min", "máx": "Max", "prom": "Avg",
    "promedio": "Avg", "média": "Avg", "moyenne": "Avg", "durchschnitt": "Avg", "media": "Avg",
    "total": "totalSleep", "asleep": "asleep", "in_bed": "inBed", "inbed": "inBed", "core": "core",
    "deep": "deep", "rem": "rem", "awake": "awake",
    "dormido": "asleep", "en_cama": "inBed", "núcleo": "core", "profundo": "deep", "despierto": "awake",
    "adormecido": "asleep", "na_cama": "inBed", "essencial": "core", "acordado": "awake",
    "endormi": "asleep", "au_lit": "inBed", "paradoxal": "rem", "éveillé": "awake", "léger": "core",
    "schlafend": "asleep", "im_bett": "inBed", "kern": "core", "tief": "deep", "wach": "awake",
    "addormentato": "asleep", "a_letto": "inBed", "nucleo": "core", "profondo": "deep", "sveglio": "awake",
    "systolic": "systolic", "diastolic": "diastolic", "sistólica": "systolic", "diastólica": "diastolic",
    "unspecified": "Unspecified", "protection_used": "Protection Used", "protection_not_used": "Protection Not Used",
}
# fmt: on

# Localised units -> as the JSON spells them (units.py converts the JSON spellings, `bpm` and `ºF` included).
# fmt: off
_UNITS = {
    "ºf": "degF", "°f": "degF", "degf": "degF", "ºc": "degC", "°c": "degC", "degc": "degC",
    "steps": "count", "pasos": "count", "passos": "count", "pas": "count", "schritte": "count", "passi": "count",
    "lpm": "count/min", "ppm": "count/min",   # latidos / pulsations par minute
}
# fmt: on


@dataclass(frozen=True)
class Column:
    label: str  # as written, without sub-column and unit
    sub: str | None  # the bracketed part, as written
    unit: str  # JSON spelling; '' when the header has none
    raw_unit: str | None  # as written


@lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    """Lower-case, NFKC, runs of anything but letters and digits made `_` (letters of any script kept)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\W_]+", "_", text).strip("_")


def slug(text: str) -> str:
    return _slug(text)


def parse_header(cell: str) -> Column:
    m = _HEADER.match(cell.replace("\ufeff", ""))
    label, sub, unit = m.group("label"), m.group("sub"), m.group("unit")
    return Column(label, sub.strip() if sub is not None else None, unit_of(unit), unit)


def unit_of(raw: str | None) -> str:
    if raw is None:
        return ""
    raw = raw.strip()
    return _UNITS.get(raw.lower(), raw)


@lru_cache(maxsize=4096)
def metric_name(label: str) -> tuple[str, bool]:
    """(metric name, known). An unknown label's name is its ASCII slug, the way the app forms names."""
    key = _slug(label)
    if key in _LABELS:
        return _LABELS[key], True
    name = names.normalise(label)
    if name in KNOWN:
        return name, True
    ascii_name = names.normalise(unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode())
    return ascii_name or key, False


def sub_key(sub: str) -> str | None:
    return SUB_KEYS.get(_slug(sub))


def is_date_label(cell: str) -> bool:
    return _slug(parse_header(cell).label) in DATE_LABELS
