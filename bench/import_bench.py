"""`make bench-import`: healthsink's import of an Apple Health export against healthkit-to-sqlite, in one run.

1. Builds a deterministic synthetic export.zip shaped after the real samples (format doc §11): ≥ 1M Records
   from several sources (Watch records carry the `device` string and metadata), HRV records with beat lists,
   sleep stages, blood pressure correlations (with their top-level copies), %-fraction types, workouts with
   WorkoutStatistics and a GPX route each, activity summaries. Cached in bench/out/ once built.
2. `healthsink import` (a fresh database; rows in PostgreSQL), then `healthkit-to-sqlite` (PyPI; into a fresh
   SQLite file) on the same zip. Each is a child process timed from start to exit, its peak RSS from wait4.
Prints records/s for both (Records in the file / wall time), their ratio, and each one's peak RSS.
HEALTHSINK_BENCH_SCALE scales the export (1 = ~1.03M records); HEALTHSINK_BENCH_DATABASE_URL picks the server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bench.common import ROOT, calibration, cli, fresh_database, server_url

OUT = ROOT / "bench" / "out"
SCALE = float(os.environ.get("HEALTHSINK_BENCH_SCALE", "1"))
H2S = Path(os.environ.get("HEALTHSINK_BENCH_H2S", ROOT / ".venv-h2s" / "bin" / "healthkit-to-sqlite"))
TZ = timezone(timedelta(hours=1))
START = datetime(2024, 1, 1, tzinfo=TZ)
WATCH = "Jane\u2019s Apple\u00a0Watch"
DEVICE = (
    "&lt;&lt;HKDevice: 0x28{:07x}&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch6,7, software:10.2&gt;"
)
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2025-06-01 10:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-01-01"
  HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""


def _d(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S +0100")


def _rec(
    type_: str, start: str, end: str, value, unit: str | None, source: str, device: bool, inner: str = "", n: int = 0
) -> str:
    dev = f' device="{DEVICE.format(n & 0xFFFFFFF)}"' if device else ""
    u = f' unit="{unit}"' if unit else ""
    head = (
        f' <Record type="{type_}" sourceName="{source}" sourceVersion="10.2"{dev}{u} creationDate="{end}" '
        f'startDate="{start}" endDate="{end}" value="{value}"'
    )
    return f"{head}>\n{inner} </Record>\n" if inner else f"{head}/>\n"


def build(path: Path) -> int:
    """Writes the export; returns how many Record elements it holds (top level)."""
    n = lambda x: int(x * SCALE)
    q = "HKQuantityTypeIdentifier"
    records = 0
    minutes = [_d(START + timedelta(minutes=i)) for i in range(n(420_000) + 1)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("apple_health_export/export.xml", "w", force_zip64=True) as f:
            buf: list[str] = [HEADER]

            def out(s: str) -> None:
                buf.append(s)
                if len(buf) > 20_000:
                    f.write("".join(buf).encode())
                    buf.clear()

            for i in range(n(400_000)):
                ctx = f'  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="{i % 3}"/>\n'
                out(_rec(q + "HeartRate", minutes[i], minutes[i], 60 + i % 50, "count/min", WATCH, True, ctx, i))
            for i in range(n(200_000)):
                out(_rec(q + "StepCount", minutes[i], minutes[i + 1], i % 120, "count", "iPhone", False))
            for i in range(n(100_000)):
                out(_rec(q + "StepCount", minutes[i], minutes[i + 1], i % 90, "count", WATCH, True, n=i))
            for i in range(n(150_000)):
                out(
                    _rec(
                        q + "ActiveEnergyBurned", minutes[i], minutes[i + 1], 2.5 + i % 30 / 10, "kJ", WATCH, True, n=i
                    )
                )
            for i in range(n(80_000)):
                out(_rec(q + "BasalEnergyBurned", minutes[i], minutes[i + 1], 4.6, "kJ", WATCH, True, n=i))
            for i in range(n(50_000)):
                out(_rec(q + "DistanceWalkingRunning", minutes[i], minutes[i + 1], 0.0512, "km", "iPhone", False))
            for i in range(n(10_000)):
                out(
                    _rec(
                        q + "OxygenSaturation",
                        minutes[i * 30],
                        minutes[i * 30],
                        0.96 + i % 4 / 100,
                        "%",
                        WATCH,
                        True,
                        n=i,
                    )
                )
                out(
                    _rec(
                        q + "RespiratoryRate",
                        minutes[i * 30],
                        minutes[i * 30],
                        14 + i % 5,
                        "count/min",
                        WATCH,
                        True,
                        n=i,
                    )
                )
                out(
                    _rec(
                        q + "WalkingDoubleSupportPercentage",
                        minutes[i * 30],
                        minutes[i * 30 + 1],
                        0.271,
                        "%",
                        "iPhone",
                        False,
                    )
                )
            for i in range(n(5_000)):
                t = START + timedelta(minutes=80 * i)
                beats = "".join(
                    f'   <InstantaneousBeatsPerMinute bpm="{60 + k % 9}" '
                    f'time="{(t + timedelta(seconds=k)).strftime("%-I:%M:%S")}.{k % 100:02d} '
                    f'{(t + timedelta(seconds=k)).strftime("%p").lower()}"/>\n'
                    for k in range(40)
                )
                inner = f"  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n"
                out(
                    _rec(
                        q + "HeartRateVariabilitySDNN",
                        _d(t),
                        _d(t + timedelta(seconds=60)),
                        30 + i % 40,
                        "ms",
                        WATCH,
                        True,
                        inner,
                        i,
                    )
                )
            stages = (
                "InBed",
                "AsleepCore",
                "AsleepDeep",
                "AsleepCore",
                "AsleepREM",
                "AsleepCore",
                "Awake",
                "AsleepREM",
            )
            for night in range(n(365)):
                t = START + timedelta(days=night, hours=23)
                for k, stage in enumerate(stages):
                    tz = '  <MetadataEntry key="HKTimeZone" value="Europe/Paris"/>\n'
                    out(
                        _rec(
                            "HKCategoryTypeIdentifierSleepAnalysis",
                            _d(t + timedelta(minutes=50 * k)),
                            _d(t + timedelta(minutes=50 * k + 45)),
                            f"HKCategoryValueSleepAnalysis{stage}",
                            None,
                            WATCH,
                            True,
                            tz,
                            night,
                        )
                    )
            records += (
                sum(n(x) for x in (400_000, 200_000, 100_000, 150_000, 80_000, 50_000))
                + 3 * n(10_000)
                + n(5_000)
                + 8 * n(365)
            )
            for i in range(n(500)):
                t = _d(START + timedelta(hours=13 * i))
                s = _rec(q + "BloodPressureSystolic", t, t, 118 + i % 20, "mmHg", "Omron", False)
                d = _rec(q + "BloodPressureDiastolic", t, t, 76 + i % 10, "mmHg", "Omron", False)
                out(s + d)
                out(
                    f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" '
                    f'creationDate="{t}" startDate="{t}" endDate="{t}">\n {s} {d} </Correlation>\n'
                )
            records += 2 * n(500)
            routes = []
            for w in range(n(60)):
                t0 = START + timedelta(days=5 * w, hours=7)
                name = f"route_{t0:%Y-%m-%d}_{w}.gpx"
                routes.append((name, t0))
                out(
                    f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="20" durationUnit="min" '
                    f'sourceName="{WATCH}" device="{DEVICE.format(w)}" creationDate="{_d(t0)}" startDate="{_d(t0)}" '
                    f'endDate="{_d(t0 + timedelta(minutes=20))}">\n'
                    '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
                    '  <MetadataEntry key="HKTimeZone" value="Europe/Paris"/>\n'
                    f'  <WorkoutStatistics type="{q}ActiveEnergyBurned" startDate="{_d(t0)}" '
                    f'endDate="{_d(t0 + timedelta(minutes=20))}" sum="231.7" unit="kcal"/>\n'
                    f'  <WorkoutStatistics type="{q}HeartRate" startDate="{_d(t0)}" '
                    f'endDate="{_d(t0 + timedelta(minutes=20))}" average="141" minimum="110" maximum="171" '
                    'unit="count/min"/>\n'
                    f'  <WorkoutRoute sourceName="{WATCH}" startDate="{_d(t0)}" '
                    f'endDate="{_d(t0 + timedelta(minutes=20))}">\n'
                    f'   <FileReference path="/workout-routes/{name}"/>\n  </WorkoutRoute>\n </Workout>\n'
                )
            for day in range(n(365)):
                out(
                    f' <ActivitySummary dateComponents="{START + timedelta(days=day):%Y-%m-%d}" '
                    'activeEnergyBurned="590" '
                    'activeEnergyBurnedGoal="630" activeEnergyBurnedUnit="kcal" appleExerciseTime="38" '
                    'appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>\n'
                )
            out("</HealthData>\n")
            f.write("".join(buf).encode())
        for name, t0 in routes:
            pts = "\n".join(
                f'<trkpt lon="{6.1 + k / 10000:.6f}" lat="{48.6 + k / 10000:.6f}"><ele>361.9</ele>'
                f"<time>{(t0 + timedelta(seconds=k)).astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</time>"
                "<extensions><speed>2.9</speed><course>50.5</course><hAcc>6.6</hAcc><vAcc>6.4</vAcc></extensions>"
                "</trkpt>"
                for k in range(1200)
            )
            z.writestr(
                f"apple_health_export/workout-routes/{name}",
                '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health Export" '
                f'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n{pts}\n</trkseg></trk></gpx>\n',
            )
    return records


def timed(argv: list[str], env: dict | None = None) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds (user + system, from wait4) and peak RSS (MB) of a child process. The peak is
    its VmHWM, read every 0.2 s: wait4's ru_maxrss keeps the forking parent's size across exec."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    status_file = Path(f"/proc/{proc.pid}/status")
    peak = 0.0
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
    err: list[bytes] = []
    err_reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    err_reader.start()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        try:
            for line in status_file.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - t
    reader.join()
    err_reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {err[0].decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, peak, subprocess.CompletedProcess(argv, 0, out[0], err[0])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / f"apple-export-x{SCALE:g}.zip"
    count_file = export.with_suffix(".records")
    if not export.exists() or not count_file.exists():
        t = time.perf_counter()
        count_file.write_text(str(build(export)))
        print(f"built {export.name} in {time.perf_counter() - t:.1f} s")
    records = int(count_file.read_text())
    with zipfile.ZipFile(export) as z:
        xml_bytes = z.getinfo("apple_health_export/export.xml").file_size
    print(
        f"export: {records:,} records, export.xml {xml_bytes / 2**20:,.0f} MB, "
        f"zip {export.stat().st_size / 2**20:,.0f} MB"
    )
    print(calibration())

    db_url = fresh_database(server_url(), "healthsink_bench_import")
    cli(db_url, "user", "add", "bench@example.org")
    env = {**os.environ, "HEALTHSINK_DATABASE_URL": db_url, "HEALTHSINK_LOG_LEVEL": "warning"}
    wall, cpu, rss, done = timed(
        [sys.executable, "-m", "healthsink", "import", str(export), "--user", "bench@example.org", "--json"], env
    )
    hs_rate = records / wall
    print(
        f"healthsink import:   {wall:7.1f} s  {hs_rate:9,.0f} records/s  CPU {cpu:6.1f} s  peak RSS {rss:6.0f} MB "
        f"(rows in PostgreSQL; the server's CPU and memory not counted)"
    )
    print(f"  summary: {done.stdout.decode()[:300]}…")

    if not H2S.exists():
        print(f"healthkit-to-sqlite not found at {H2S}: `make bench-import` installs it")
        return
    db = OUT / "h2s.db"
    db.unlink(missing_ok=True)
    wall2, cpu2, rss2, _ = timed([str(H2S), str(export), str(db), "--silent"])
    h2s_rate = records / wall2
    print(
        f"healthkit-to-sqlite: {wall2:7.1f} s  {h2s_rate:9,.0f} records/s  CPU {cpu2:6.1f} s  "
        f"peak RSS {rss2:6.0f} MB (SQLite, in process)"
    )
    print(f"ratio: {hs_rate / h2s_rate:.2f}x healthkit-to-sqlite's records/s")
    db.unlink(missing_ok=True)
    shutil.rmtree(OUT / "h2s.db-journal", ignore_errors=True)


if __name__ == "__main__":
    main()
