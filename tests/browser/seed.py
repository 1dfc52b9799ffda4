"""Two weeks of one person's data, ending today in Europe/Berlin, in the app's JSON shape: steps from two
sources (merged: the larger per day), energy, exercise, stand hours, resting HR, HRV, heart rate every
5 minutes for two days, blood pressure, sleep nights (aggregated) and last night's segments, workouts with
heart rate and a route, ECG, symptoms, state of mind, medications, cycle and a heart-rate notification."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Berlin")
DAYS = 14


def today() -> date:
    return datetime.now(ZONE).date()


def at(day: date, hh: int, mm: int = 0) -> str:
    """A local time written the app's way, with the zone's offset on that day."""
    t = datetime(day.year, day.month, day.day, hh, mm, tzinfo=ZONE)
    return t.strftime("%Y-%m-%d %H:%M:%S %z")


def _metric(name, units, data):
    return {"name": name, "units": units, "data": data}


def body() -> dict:
    end = today()
    days = [end - timedelta(days=i) for i in range(DAYS - 1, -1, -1)]
    steps, energy, exercise, stand, resting, hrv, bp, sleep, hr = [], [], [], [], [], [], [], [], []
    for i, d in enumerate(days):
        for h in (9, 13, 18):
            steps.append({"date": at(d, h), "qty": 1000 + 100 * i + h, "source": "iPhone"})
            steps.append({"date": at(d, h), "qty": 900 + 100 * i + h, "source": "Apple Watch"})
        energy.append({"date": at(d, 12), "qty": 300 + 10 * i, "source": "Apple Watch"})
        exercise.append({"date": at(d, 12), "qty": 20 + i, "source": "Apple Watch"})
        stand += [{"date": at(d, h), "qty": 1, "source": "Apple Watch"} for h in range(8, 8 + 6 + i % 6)]
        resting.append({"date": at(d, 7), "qty": 55 + i % 4, "source": "Apple Watch"})
        hrv.append({"date": at(d, 7), "qty": 40 + i, "source": "Apple Watch"})
        bp.append({"date": at(d, 8), "systolic": 118 + i % 5, "diastolic": 76 + i % 3, "source": "Omron"})
        sleep.append(
            {
                "date": at(d, 0),
                "totalSleep": 6.5 + (i % 4) * 0.25,
                "core": 3.5 + (i % 4) * 0.25,
                "deep": 1.0,
                "rem": 2.0,
                "awake": 0.4,
                "asleep": 0,
                "inBed": 0,
                "sleepStart": at(d - timedelta(days=1), 23, 10),
                "sleepEnd": at(d, 6, 50),
                "source": "Apple Watch",
            }
        )
    for d in days[-2:]:
        for m in range(0, 24 * 60, 5):
            v = 62 + 20 * math.sin(m / 1440 * 2 * math.pi) ** 2
            hr.append(
                {
                    "date": at(d, m // 60, m % 60),
                    "Min": round(v - 5),
                    "Avg": round(v),
                    "Max": round(v + 7),
                    "source": "Apple Watch",
                }
            )
    last = days[-1]
    stages = [
        ("Core", 23, 10, 0, 30),
        ("Deep", 0, 30, 1, 40),
        ("REM", 1, 40, 2, 30),
        ("Core", 2, 30, 4, 0),
        ("Awake", 4, 0, 4, 10),
        ("REM", 4, 10, 5, 20),
        ("Core", 5, 20, 6, 50),
    ]
    segments = [
        {
            "startDate": at(last - timedelta(days=1) if h0 == 23 else last, h0, m0),
            "endDate": at(last, h1, m1),
            "qty": 0,
            "value": v,
            "source": "Apple Watch",
        }
        for v, h0, m0, h1, m1 in stages
    ]
    workouts = []
    for n, d in enumerate(days[-10::3]):
        start = datetime(d.year, d.month, d.day, 7, 0, tzinfo=ZONE)
        workouts.append(
            {
                "id": f"A1B2C3D4-0000-4000-8000-00000000000{n}",
                "name": "Outdoor Run",
                "start": at(d, 7),
                "end": at(d, 7, 30),
                "duration": 1800,
                "distance": {"qty": 5 + n, "units": "km"},
                "activeEnergyBurned": {"qty": 350 + 10 * n, "units": "kcal"},
                "heartRateData": [
                    {
                        "date": (start + timedelta(minutes=k)).strftime("%Y-%m-%d %H:%M:%S %z"),
                        "Min": 120 + k,
                        "Avg": 130 + k,
                        "Max": 140 + k,
                        "units": "count/min",
                        "source": "Apple Watch",
                    }
                    for k in range(30)
                ],
                "route": [
                    {
                        "latitude": 52.52 + 0.004 * math.sin(k / 10),
                        "longitude": 13.40 + 0.0004 * k,
                        "altitude": 35 + k % 7,
                        "speed": 3 + (k % 5) / 5,
                        "timestamp": (start + timedelta(seconds=20 * k)).strftime("%Y-%m-%d %H:%M:%S %z"),
                    }
                    for k in range(90)
                ],
            }
        )
    return {
        "data": {
            "metrics": [
                _metric("step_count", "count", steps),
                _metric("active_energy", "kcal", energy),
                _metric("apple_exercise_time", "min", exercise),
                _metric("apple_stand_hour", "count", stand),
                _metric("resting_heart_rate", "count/min", resting),
                _metric("heart_rate_variability", "ms", hrv),
                _metric("blood_pressure", "mmHg", bp),
                _metric("heart_rate", "count/min", hr),
                _metric("sleep_analysis", "hr", sleep + segments),
            ],
            "workouts": workouts,
            "ecg": [
                {
                    "start": at(last, 9),
                    "end": at(last, 9, 1),
                    "classification": "Sinus Rhythm",
                    "averageHeartRate": 64,
                    "samplingFrequency": 512,
                    "source": "Apple Watch",
                    "voltageMeasurements": [
                        {
                            "date": datetime(last.year, last.month, last.day, 9, tzinfo=ZONE).timestamp() + j / 512,
                            "voltage": 300 * math.sin(j / 40) ** 15,
                            "units": "mcV",
                        }
                        for j in range(512 * 5)
                    ],
                }
            ],
            "symptoms": [
                {"start": at(d, 10), "end": at(d, 12), "name": "Headache", "severity": "Mild", "source": "iPhone"}
                for d in days[-3:]
            ],
            "stateOfMind": [
                {
                    "id": f"S-{k}",
                    "start": at(d, 20),
                    "end": at(d, 20),
                    "kind": "daily_mood",
                    "valence": round(math.sin(k) * 0.8, 2),
                    "valenceClassification": "neutral",
                    "labels": ["calm"],
                    "associations": ["family"],
                }
                for k, d in enumerate(days)
            ],
            "medications": [
                {"displayText": "Vitamin D", "start": at(d, 8), "status": "Taken", "source": "iPhone"}
                for d in days[-5:]
            ],
            "cycleTracking": [
                {"start": at(days[-4], 0), "name": "Menstrual Flow", "value": "Light", "source": "iPhone"}
            ],
            "heartRateNotifications": [
                {
                    "heartNotification": "low_heart_rate_notification",
                    "threshold": 40,
                    "start": at(days[-2], 3),
                    "end": at(days[-2], 3, 10),
                }
            ],
        }
    }
