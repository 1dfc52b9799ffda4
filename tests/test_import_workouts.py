"""A workout sent by the live feed and imported from an Apple Health export shows once (migration 0061): in the
list, the detail and the export, whichever arrived first."""

import zipfile
from urllib.parse import quote

import orjson
import pytest

from tests.helpers import auth, body
from tests.importing import importer_user as user  # noqa: F401 (a fixture)

UUID = "5C0F7A2E-1B9A-4A57-9C1E-2F4C7D6E8A01"
LIVE = [
    # the same run: starts a second later, named as the app names it, no route
    {"id": UUID, "name": "Outdoor Run", "start": "2026-03-30 07:00:01 +0200", "end": "2026-03-30 07:30:00 +0200"},
    # the same ride, the name localised: its end matches too
    {
        "id": "6D1E8B3F-0000-4000-8000-000000000002",
        "name": "Vélo en extérieur",
        "start": "2026-03-30 12:00:00 +0200",
        "end": "2026-03-30 13:00:00 +0200",
    },
    # not the export's yoga: another activity, starting 30 s later, ending elsewhere
    {
        "id": "6D1E8B3F-0000-4000-8000-000000000003",
        "name": "Outdoor Walk",
        "start": "2026-03-30 18:00:30 +0200",
        "end": "2026-03-30 19:10:00 +0200",
    },
]


def workout(activity: str, start: str, end: str, route: str = "") -> str:
    ref = f'<WorkoutRoute sourceName="Watch"><FileReference path="/workout-routes/{route}"/></WorkoutRoute>'
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{activity}" duration="30" durationUnit="min" '
        f'sourceName="Watch" startDate="{start}" endDate="{end}">{ref if route else ""}</Workout>\n'
    )


def gpx(n: int) -> bytes:
    pts = "".join(
        f'<trkpt lon="6.{i:04d}" lat="48.{i:04d}"><ele>360</ele><time>2026-03-30T05:{i // 60:02d}:{i % 60:02d}Z</time>'
        "</trkpt>"
        for i in range(n)
    )
    return f'<gpx version="1.1" creator="Apple Health Export"><trk><trkseg>{pts}</trkseg></trk></gpx>'.encode()


def export_zip(path):
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        ' <ExportDate value="2026-04-01 10:00:00 +0200"/>\n'
        + workout("Running", "2026-03-30 07:00:00 +0200", "2026-03-30 07:30:00 +0200", "route_run.gpx")
        + workout("Cycling", "2026-03-30 12:00:00 +0200", "2026-03-30 13:00:01 +0200")
        + workout("Yoga", "2026-03-30 18:00:00 +0200", "2026-03-30 18:45:00 +0200")
        + "</HealthData>\n"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("apple_health_export/export.xml", xml)
        z.writestr("apple_health_export/workout-routes/route_run.gpx", gpx(90))
    return path


RUN_KEY = "xml:HKWorkoutActivityTypeRunning|2026-03-30T05:00:00+00:00|2026-03-30T05:30:00+00:00"


async def _get(client, key, url):
    resp = await client.get(url, headers=auth(key))
    assert resp.status == 200, (url, await resp.text())
    return resp


@pytest.mark.parametrize("live_first", [True, False], ids=["live_then_import", "import_then_live"])
async def test_a_workout_through_both_feeds_shows_once(user, client, tmp_path, live_first):  # noqa: F811
    async def live():
        resp = await client.post("/api/v1/ingest", data=body(workouts=LIVE), headers=auth(user.key))
        assert resp.status == 200 and (await resp.json())["errors"] == []

    if live_first:
        await live()
    out = await user(export_zip(tmp_path / "export.zip"))
    assert out["errors"] == [] and out["workouts"] == 3
    if not live_first:
        await live()

    listed = (await (await _get(client, user.key, "/api/v1/workouts")).json())["items"]
    names = [(w["id"], w["name"]) for w in listed]
    assert names == [
        (UUID, "Outdoor Run"),
        ("6D1E8B3F-0000-4000-8000-000000000002", "Vélo en extérieur"),
        (
            "xml:HKWorkoutActivityTypeYoga|2026-03-30T16:00:00+00:00|2026-03-30T16:45:00+00:00",
            "Yoga",
        ),
        ("6D1E8B3F-0000-4000-8000-000000000003", "Outdoor Walk"),
    ]

    exported = await (await _get(client, user.key, "/api/v1/export?type=workouts")).read()
    rows = [orjson.loads(line) for line in exported.splitlines() if line.strip()]
    assert sorted(r["workout_key"] for r in rows) == sorted(w for w, _ in names)

    # the imported run's own key answers with the live run; the live run, sent without a route, has the GPX's
    detail = await (await _get(client, user.key, f"/api/v1/workouts/{quote(RUN_KEY, safe='')}")).json()
    assert detail["id"] == UUID and detail["name"] == "Outdoor Run"
    route = await (await _get(client, user.key, f"/api/v1/workouts/{UUID}/route")).json()
    assert len(route["properties"]["timestamps"]) == 90 and route["properties"]["id"] == UUID
