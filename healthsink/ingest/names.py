"""Metric names: normalised, then mapped through the aliases the app's versions have used (format doc §2.6)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

ALIASES = {
    "vo2max": "vo2_max",
    "distance_downhill_snow_sports": "downhill_snow_sports",
    "push_count": "wheelchair_push_count",
    "swimming_stroke_count": "swim_stroke_count",
    "forced_expiratory_volume_1": "forced_expiratory_volume",
    "number_of_time_fallen": "number_of_times_fallen",
    "biotin": "dietary_biotin",
    "caffeine": "dietary_caffeine",
    "cholesterol": "dietary_cholesterol",
    "monosaturated_fat": "monounsaturated_fat",
    "weight_body_mass": "weight_body_mass",
    "heart_rate_variability_sdnn": "heart_rate_variability",
    "environmental_audio": "environmental_audio_exposure",
    "headphone_audio": "headphone_audio_exposure",
    "walking_heart_rate": "walking_heart_rate_average",
}

# Metrics whose values add up over time: a negative value is an error, and buckets are summed.
CUMULATIVE = frozenset(
    {
        "step_count",
        "active_energy",
        "basal_energy_burned",
        "walking_running_distance",
        "cycling_distance",
        "swimming_distance",
        "wheelchair_distance",
        "downhill_snow_sports",
        "flights_climbed",
        "wheelchair_push_count",
        "swim_stroke_count",
        "apple_exercise_time",
        "apple_move_time",
        "apple_stand_time",
        "apple_stand_hour",
        "dietary_energy",
        "time_in_daylight",
        "mindful_minutes",
        "number_of_times_fallen",
        "inhaler_usage",
        "number_of_alcoholic_beverages",
        "dietary_water",
    }
)


@lru_cache(maxsize=4096)
def normalise(raw: str) -> str:
    """'Stair Speed: Down' / 'stair_speed:_down' -> 'stair_speed_down'; then the alias table."""
    name = _NON_ALNUM.sub("_", unicodedata.normalize("NFKC", raw).lower()).strip("_")
    return ALIASES.get(name, name)


# Typographic quotes and the spaces iOS writes in device names ("Anna’s Apple\u00a0Watch") fold to ASCII; zero-width
# spaces and byte order marks go. migrations/0018_normalise_sources.sql does the same in SQL
# (healthsink_source_key_v1); tests/test_sources.py checks that the two agree.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\t\n\r\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u3000", " "),
        **dict.fromkeys("\u200b\ufeff"),
    }
)
_SPACES = re.compile(" {2,}")


@lru_cache(maxsize=4096)
def source_key(raw) -> str:
    """A source as part of a natural key, one string per device or set of devices: NFC, quotes and spaces folded
    (_FOLD), runs of spaces made one, trimmed; pipe-joined names (HAE's aggregated buckets) as a set, sorted by
    code point (`iPhone | Watch|Watch` == `Watch|iPhone`). Missing (2021 payloads) is ''."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raw = str(raw)
    s = _SPACES.sub(" ", unicodedata.normalize("NFC", raw).translate(_FOLD))
    if "|" in s:
        return "|".join(sorted({p.strip(" ") for p in s.split("|")} - {""}))
    return s.strip(" ")


def aliases(raws) -> list[tuple[str, str]]:
    """(spelling as sent, source_key) of each distinct spelling among `raws` that the key changes."""
    out = []
    for raw in set(raws):
        if type(raw) is str and (key := source_key(raw)) != raw:
            out.append((raw, key))
    return out
