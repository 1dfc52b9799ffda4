"""Writes the Grafana dashboards in deploy/grafana/dashboards/ (`make grafana`; committed, and a test
regenerates them and requires no difference).

Each panel's SQL is a file in deploy/grafana/queries/, named by the panel's `query`, so every statement is
readable (and tested, as the healthsink_readonly role, on seeded data) on its own. Panels name their data
source through the `${datasource}` variable, whose default is the provisioned uid `healthsink`: the same JSON
works provisioned or imported by hand.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from grafana_foundation_sdk.builders import (
    dashboard,
    geomap,
    stat,
    statetimeline,
    table,
    timeseries,
)
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.cog import variants
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.common import GraphDrawStyle, StackingMode
from grafana_foundation_sdk.models.dashboard import (
    DataSourceRef,
    VariableOption,
    VariableRefresh,
    VariableSort,
)

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"
OUT = HERE / "dashboards"
PLUGIN = "grafana-postgresql-datasource"
SOURCE = DataSourceRef(type_val=PLUGIN, uid="${datasource}")


class SqlTarget(variants.Dataquery):
    """A raw-SQL target for Grafana's PostgreSQL data source (the SDK has no builder for it)."""

    def __init__(self, ref_id: str, sql: str, fmt: str) -> None:
        self.ref_id, self.sql, self.fmt = ref_id, sql, fmt

    def to_json(self) -> dict[str, object]:
        return {
            "refId": self.ref_id,
            "datasource": SOURCE.to_json(),
            "editorMode": "code",
            "format": self.fmt,
            "rawQuery": True,
            "rawSql": self.sql,
        }


class Sql(cogbuilder.Builder[variants.Dataquery]):
    def __init__(self, query: str, fmt: str = "time_series") -> None:
        self._target = SqlTarget("A", query_text(query), fmt)

    def build(self) -> variants.Dataquery:
        return self._target


def query_text(name: str) -> str:
    """The statement without its header comment (the file keeps it for readers)."""
    lines = (QUERIES / f"{name}.sql").read_text().splitlines()
    return "\n".join(line for line in lines if not line.startswith("--")).strip()


@dataclass(frozen=True)
class Panel:
    kind: str  # bars | lines | band | stat | table | timeline | stacked | route
    title: str
    query: str
    unit: str = "none"
    width: int = 12
    height: int = 8


DASHBOARDS: dict[str, tuple[str, list[Panel]]] = {
    "overview": (
        "healthsink: overview",
        [
            Panel("stat", "Steps, latest day", "steps_latest_day", width=6, height=4),
            Panel("stat", "Active energy, latest day", "active_energy_latest_day", "kcal", 6, 4),
            Panel("stat", "Exercise, latest day", "exercise_latest_day", "m", 6, 4),
            Panel("stat", "Resting heart rate, latest day", "resting_latest_day", "bpm", 6, 4),
            Panel("bars", "Steps per day (sources merged)", "steps_per_day"),
            Panel("bars", "Active energy per day", "active_energy_per_day", "kcal"),
            Panel("bars", "Exercise minutes per day", "exercise_per_day", "m"),
            Panel("bars", "Stand hours per day", "stand_per_day"),
        ],
    ),
    "heart": (
        "healthsink: heart",
        [
            Panel("band", "Heart rate per day (min, average, max)", "heart_rate_per_day", "bpm", 24),
            Panel("lines", "Resting heart rate", "resting_heart_rate", "bpm"),
            Panel("lines", "Heart rate variability", "heart_rate_variability", "ms"),
            Panel("lines", "Heart rate samples", "heart_rate_samples", "bpm"),
            Panel("lines", "Blood pressure", "blood_pressure", "mmHg"),
            Panel("table", "Heart rate notifications", "heart_rate_notifications", width=24, height=6),
        ],
    ),
    "sleep": (
        "healthsink: sleep",
        [
            Panel("stacked", "Stages per night (one source: ${sleep_source})", "sleep_stages_per_night", "h", 24),
            Panel("bars", "Time asleep per night", "sleep_total_per_night", "h"),
            Panel("table", "Bed and wake times", "sleep_schedule"),
            Panel("timeline", "Stages through the night (segments)", "sleep_hypnogram", width=24, height=6),
        ],
    ),
    "workouts": (
        "healthsink: workouts",
        [
            Panel("table", "Workouts", "workouts_list", width=24),
            Panel("bars", "Workout minutes per week", "workouts_per_week", "m"),
            Panel("route", "Route of the latest workout in the range", "workout_route_latest"),
        ],
    ),
}


def _panel(p: Panel, panel_id: int):
    if p.kind in ("bars", "lines", "band", "stacked"):
        b = timeseries.Panel().unit(p.unit)
        if p.kind in ("bars", "stacked"):
            b = b.draw_style(GraphDrawStyle.BARS).fill_opacity(80).line_width(0).axis_soft_min(0)
        if p.kind == "stacked":
            from grafana_foundation_sdk.builders.common import StackingConfig

            b = b.stacking(StackingConfig().mode(StackingMode.NORMAL))
        if p.kind == "band":
            b = b.fill_below_to("min").fill_opacity(15)
        target = Sql(p.query)
    elif p.kind == "stat":
        b, target = stat.Panel().unit(p.unit), Sql(p.query)
    elif p.kind == "table":
        b, target = table.Panel(), Sql(p.query, "table")
    elif p.kind == "timeline":
        b, target = statetimeline.Panel(), Sql(p.query, "table")
    elif p.kind == "route":
        # Grafana's default basemap (CARTO) is a third-party request; see the README to change it.
        b, target = geomap.Panel(), Sql(p.query, "table")
    else:
        raise ValueError(p.kind)
    return b.id(panel_id).title(p.title).datasource(SOURCE).with_target(target).span(p.width).height(p.height)


def _variables(with_sleep_source: bool) -> list:
    out = [
        dashboard.DatasourceVariable("datasource")
        .label("Data source")
        .type(PLUGIN)
        .current(VariableOption(selected=True, text="healthsink", value="healthsink")),
        dashboard.QueryVariable("user")
        .label("User")
        .datasource(SOURCE)
        .query(query_text("variable_users"))
        .refresh(VariableRefresh.ON_DASHBOARD_LOAD)
        .sort(VariableSort.ALPHABETICAL_ASC),
    ]
    if with_sleep_source:
        out.append(
            dashboard.QueryVariable("sleep_source")
            .label("Source")
            .datasource(SOURCE)
            .query(query_text("variable_sleep_sources"))
            .refresh(VariableRefresh.ON_DASHBOARD_LOAD)
        )
    return out


def build(slug: str) -> dict:
    title, panels = DASHBOARDS[slug]
    d = (
        dashboard.Dashboard(title)
        .uid(f"healthsink-{slug}")
        .tags(["healthsink"])
        .time("now-30d", "now")
        .timezone("browser")
        .refresh("5m")
        .editable()
    )
    for v in _variables(slug == "sleep"):
        d = d.with_variable(v)
    for n, p in enumerate(panels, 1):
        d = d.with_panel(_panel(p, n))
    return json.loads(json.dumps(d.build(), cls=JSONEncoder))


def render(slug: str) -> str:
    return json.dumps(build(slug), indent=2, sort_keys=True) + "\n"


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for slug in DASHBOARDS:
        (OUT / f"{slug}.json").write_text(render(slug))
    print(f"wrote {len(DASHBOARDS)} dashboards to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
