"""The row shapes the parsers produce: one entry per staging table, columns in COPY order.

Each family module builds tuples in exactly this order; store/flush.py copies them into `staging` and
runs `sql/merge/<key>.sql`. `family` is the response key a row counts under (None for rows that belong
to an item counted elsewhere, such as a workout's route points); `partition_col` is the index of the
column the target is partitioned by (None when the target is not partitioned).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    key: str
    staging: str
    target: str
    columns: tuple[str, ...]
    family: str | None
    partition_col: int | None = None


def _t(key, cols, family, partition_by=None, target=None) -> Table:
    """A table spec: staged in `staging_<key>`, merged by sql/merge/<key>.sql into `target` (default: key)."""
    columns = tuple(cols.split())
    partition_col = columns.index(partition_by) if partition_by else None
    return Table(key, f"staging_{key}", target or key, columns, family, partition_col)


QUANTITY = _t(
    "quantity",
    "user_id metric source ts end_ts utc_offset units orig_units qty label extra ingestion_id",
    "metrics",
    "ts",
    "quantity_samples",
)
HEART_RATE = _t(
    "heart_rate",
    "user_id metric source ts end_ts utc_offset units orig_units hr_min hr_avg hr_max context extra ingestion_id",
    "metrics",
    "ts",
    "heart_rate_samples",
)
BLOOD_PRESSURE = _t(
    "blood_pressure",
    "user_id source ts utc_offset units systolic diastolic extra ingestion_id",
    "metrics",
    target="blood_pressure_samples",
)
HEARTBEAT_SERIES = _t(
    "heartbeat_series", "user_id source ts utc_offset beat_epochs since_start preceded_by_gap ingestion_id", None
)
SLEEP_NIGHTS = _t(
    "sleep_nights",
    "user_id source night_start date_ts utc_offset units total_sleep asleep core deep rem awake "
    "in_bed sleep_start sleep_end in_bed_start in_bed_end sleep_source in_bed_source extra "
    "ingestion_id",
    "metrics",
)
SLEEP_SEGMENTS = _t(
    "sleep_segments",
    "user_id source stage start_ts end_ts utc_offset units qty extra ingestion_id",
    "metrics",
    "start_ts",
)
WORKOUTS = _t(
    "workouts",
    "user_id workout_key version name start_ts end_ts utc_offset duration_s location is_indoor "
    "summary metadata extra ingestion_id",
    "workouts",
)
WORKOUT_SERIES = _t(
    "workout_series",
    "user_id workout_key series source ts utc_offset units qty qty_min qty_max extra ingestion_id",
    None,
    "ts",
)
ROUTE_POINTS = _t(
    "route_points",
    "user_id workout_key ts utc_offset latitude longitude altitude course course_accuracy "
    "horizontal_accuracy vertical_accuracy speed speed_accuracy extra ingestion_id",
    None,
    "ts",
    "workout_route_points",
)
ECG = _t(
    "ecg",
    "user_id source start_ts end_ts utc_offset classification severity average_heart_rate "
    "sampling_frequency measurement_count voltage_units sample_epochs voltages extra ingestion_id",
    "ecg",
    target="ecg_recordings",
)
SYMPTOMS = _t(
    "symptoms",
    "user_id name start_ts end_ts utc_offset severity user_entered source extra ingestion_id",
    "symptoms",
)
STATE_OF_MIND = _t(
    "state_of_mind",
    "user_id id start_ts end_ts utc_offset kind labels associations valence "
    "valence_classification metadata extra ingestion_id",
    "state_of_mind",
)
MEDICATIONS = _t(
    "medications",
    "user_id name ts utc_offset start_ts end_ts scheduled_ts nickname status form is_archived "
    "dosage codings extra ingestion_id",
    "medications",
)
CYCLE_TRACKING = _t(
    "cycle_tracking",
    "user_id name start_ts end_ts utc_offset value is_cycle_start extra ingestion_id",
    "cycle_tracking",
)
HEART_RATE_NOTIFICATIONS = _t(
    "heart_rate_notifications",
    "user_id kind start_ts end_ts utc_offset threshold source source_id heart_rate hrv extra ingestion_id",
    "heart_rate_notifications",
)
# Apple export's clinical records: one FHIR resource each, kept whole (importers/apple/clinical.py; no HAE form)
CLINICAL_RECORDS = _t(
    "clinical_records",
    "user_id source_url resource_type identifier type source_name fhir_version ts utc_offset record_ts "
    "file_path resource extra ingestion_id",
    "clinical_records",
)
# each spelling of a source the app sent, once per user, and the normalised source rows keep (ingest/names.py)
SOURCE_ALIASES = _t("source_aliases", "user_id raw source ingestion_id", None)


@dataclass(frozen=True)
class Page:
    """A keyset-paged list route: GET `path` runs sql/read/<table key>_page.sql, ordered by `sort` (instant,
    key), whose last row is the next cursor. `name` names the route (auth scopes, metrics, OpenAPI);
    `item_id` the columns an item's id is made of (one: its value; more: an opaque token; none: no id)."""

    name: str
    path: str
    table: Table
    sort: tuple[str, str]
    summary: str
    item_id: tuple[str, ...] = ()

    @property
    def statement(self) -> str:
        return f"read/{self.table.key}_page"


@dataclass(frozen=True)
class Family:
    """One kind of data the app sends: `name` in responses (its counter), the API and exports; `envelope_key`
    under the HAE body's `data` (None: not in the app's bodies, only in imported files); the tables its rows
    go to (a workout's series and route points count as the workout); `pages`, the list routes it is read back
    through (web/routes.py adds them; the metrics' own routes, with buckets and units, are written there by
    hand)."""

    name: str
    envelope_key: str | None
    tables: tuple[Table, ...]
    pages: tuple[Page, ...] = ()


def _page(name, path, table, sort, summary, item_id=()) -> Page:
    return Page(name, path, table, tuple(sort.split()), summary, tuple(item_id.split()) if item_id else ())


REGISTRY = (
    Family(
        "metrics",
        "metrics",
        (QUANTITY, HEART_RATE, BLOOD_PRESSURE, HEARTBEAT_SERIES, SLEEP_NIGHTS, SLEEP_SEGMENTS),
        (
            _page(
                "heartbeats",
                "/api/v1/metrics/heart_rate_variability/beats",
                HEARTBEAT_SERIES,
                "ts source",
                "HRV beat-to-beat series (beat epochs, seconds since the series start, gaps), each belonging "
                "to the heart_rate_variability sample at the same date and source",
            ),
        ),
    ),
    Family(
        "workouts",
        "workouts",
        (WORKOUTS, WORKOUT_SERIES, ROUTE_POINTS),
        (
            _page(
                "workouts",
                "/api/v1/workouts",
                WORKOUTS,
                "start_ts workout_key",
                "Workout summaries with route point counts",
                "workout_key",
            ),
        ),
    ),
    Family(
        "symptoms",
        "symptoms",
        (SYMPTOMS,),
        (_page("symptoms", "/api/v1/symptoms", SYMPTOMS, "start_ts name", "Symptoms"),),
    ),
    Family(
        "ecg",
        "ecg",
        (ECG,),
        (
            _page(
                "ecg_list",
                "/api/v1/ecg",
                ECG,
                "start_ts source",
                "ECG recordings (without samples)",
                "source start_ts",
            ),
        ),
    ),
    Family(
        "heart_rate_notifications",
        "heartRateNotifications",
        (HEART_RATE_NOTIFICATIONS,),
        (
            _page(
                "heart_rate_notifications",
                "/api/v1/heart-rate-notifications",
                HEART_RATE_NOTIFICATIONS,
                "start_ts kind",
                "Heart-rate notifications",
            ),
        ),
    ),
    Family(
        "state_of_mind",
        "stateOfMind",
        (STATE_OF_MIND,),
        (_page("state_of_mind", "/api/v1/state-of-mind", STATE_OF_MIND, "start_ts id", "State of mind entries"),),
    ),
    Family(
        "medications",
        "medications",
        (MEDICATIONS,),
        (_page("medications", "/api/v1/medications", MEDICATIONS, "ts name", "Medication events"),),
    ),
    Family(
        "cycle_tracking",
        "cycleTracking",
        (CYCLE_TRACKING,),
        (_page("cycle_tracking", "/api/v1/cycle-tracking", CYCLE_TRACKING, "start_ts name", "Cycle tracking events"),),
    ),
    Family(
        "clinical_records",
        None,
        (CLINICAL_RECORDS,),
        (
            _page(
                "clinical_records",
                "/api/v1/clinical-records",
                CLINICAL_RECORDS,
                "record_ts id",
                "Clinical records of Apple Health exports (FHIR resources, kept whole)",
            ),
        ),
    ),
)
# Every table a flush may write: the families' tables, then the source spellings their rows were sent with.
ALL = tuple(t for f in REGISTRY for t in f.tables) + (SOURCE_ALIASES,)
BY_KEY = {t.key: t for t in ALL}
# store/flush.py counts each body's rows by their last column: one flush may carry many bodies.
assert all(t.columns[-1] == "ingestion_id" for t in ALL)
# The response's families, always all present, and the envelope keys the parsers read, in this order.
FAMILIES = tuple(f.name for f in REGISTRY)
ENVELOPE_KEYS = tuple(f.envelope_key for f in REGISTRY if f.envelope_key)
# What /api/v1/export?type= can stream: every family table (sql/export/<key>.sql); beat series are read
# through their own route.
EXPORTS = tuple(t.key for f in REGISTRY for t in f.tables if t is not HEARTBEAT_SERIES)
# The list routes, by route name.
PAGES = {p.name: p for f in REGISTRY for p in f.pages}

# Which feed wrote a row (migration 0040). Not a staged column: the merges of these tables (the ones both
# the app and an Apple export fill) look it up per ingestion_id in `ingestion_origins` (absent = "hae"),
# and an "apple_export" row never overwrites a row of another origin.
ORIGINS = ("hae", "apple_export", "csv")
WITH_ORIGIN = frozenset(
    {
        "quantity",
        "heart_rate",
        "blood_pressure",
        "heartbeat_series",
        "sleep_segments",
        "workouts",
        "route_points",
        "ecg",
        "symptoms",
        "cycle_tracking",
        "heart_rate_notifications",
    }
)
