"""The read rules tested directly, without HTTP: bucket arithmetic, units out, local days, origins."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from healthsink.errors import InvalidParameter
from healthsink.read import convert, local, series
from healthsink.read.sleep import one_per_date
from healthsink.read.stats import Stats, combine, merge, roll_up


def test_a_merged_day_takes_the_largest_source_and_weights_the_average():
    day = merge({"iPhone": Stats(4, 4000.0, 500.0, 1500.0), "Watch": Stats(1, 4200.0, 4200.0, 4200.0)})
    assert (day.value("sum"), day.value("count"), day.value("avg")) == (4200.0, 1, 8200.0 / 5)
    assert (day.value("min"), day.value("max"), day.sources) == (500.0, 4200.0, {"iPhone", "Watch"})


def test_a_week_adds_up_its_merged_days_not_one_merge_over_the_week():
    mon = merge({"Apple Watch": Stats(1, 3.0, 3.0, 3.0), "iPhone": Stats(1, 2.0, 2.0, 2.0)})
    tue = merge({"Apple Watch|iPhone": Stats(1, 4.0, 4.0, 4.0)})
    wed = merge({"Watch|💖✨💫": Stats(1, 5.0, 5.0, 5.0)})
    week = roll_up([mon, tue, wed])
    assert week.value("sum") == 12.0 and week.value("count") == 3
    assert week.value("avg") == 14.0 / 4 and (week.value("min"), week.value("max")) == (2.0, 5.0)


def test_stats_convert_with_factor_and_offset():
    c = Stats(2, 75.0, 37.0, 38.0).scaled(1.8, 32.0)  # degC -> degF
    assert (round(c.total, 6), round(c.avg, 6), round(c.lo, 6), round(c.hi, 6)) == (199.0, 99.5, 98.6, 100.4)
    assert combine([Stats(0, 0.0, None, None), Stats(1, 2.0, 2.0, 2.0)]) == Stats(1, 2.0, 2.0, 2.0)


def test_the_answer_unit():
    assert convert.answer_unit("walking_running_distance", ["km"], None, "metric") == "km"
    assert convert.answer_unit("walking_running_distance", ["km"], None, "us") == "mi"
    assert convert.answer_unit("walking_running_distance", ["km"], "metric", "us") == "km"
    assert convert.answer_unit("active_energy", ["kcal"], "kJ", "metric") == "kJ"
    assert convert.answer_unit("step_count", ["count"], None, "us") == "count"
    for bad in ("parsecs", "kg"):
        with pytest.raises(InvalidParameter) as err:
            convert.answer_unit("active_energy", ["kcal"], bad, "metric")
        assert err.value.details["parameter"] == "units"
    assert convert.conversion("active_energy", "zorkmid", "kcal") is None
    assert round(convert.conversion("active_energy", "kcal", "kJ").apply(1.0), 6) == 4.184


def test_a_date_alone_is_local_midnight_even_on_a_dst_day():
    berlin = ZoneInfo("Europe/Berlin")
    start, end = local.time_range(date(2026, 3, 29), date(2026, 3, 30), berlin)
    assert start == datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert end.timestamp() - start.timestamp() == 23 * 3600  # the day clocks spring forward
    instant = datetime(2026, 3, 29, 5, tzinfo=UTC)
    assert local.instant(instant, berlin) is instant
    with pytest.raises(InvalidParameter):
        local.time_range(date(2026, 3, 30), date(2026, 3, 30), berlin)


def test_one_origin_per_day_prefers_the_live_feed_then_csv():
    rows = [
        {"day": 1, "origin": "apple_export", "v": 1},
        {"day": 1, "origin": "hae", "v": 2},
        {"day": 2, "origin": "apple_export", "v": 3},
        {"day": 2, "origin": "csv", "v": 4},
        {"day": 3, "origin": "apple_export", "v": 5},
    ]
    assert [r["v"] for r in series.one_origin(rows, lambda r: r["day"])] == [2, 4, 5]


def test_one_sleep_night_per_date_is_the_longest_asleep():
    nights = [
        {"night": "2026-03-30", "source": "Watch", "total_sleep": 6.5},
        {"night": "2026-03-30", "source": "App", "total_sleep": 7.25},
        {"night": "2026-03-31", "source": "Watch", "total_sleep": None},
    ]
    assert [(n["source"], n["sources"]) for n in one_per_date(nights)] == [
        ("App", ["App", "Watch"]),
        ("Watch", ["Watch"]),
    ]
