"""The Apple export's pieces that need no database: ECG CSVs, beat times, devices, names, the DTD cut."""

import io

import pytest

from healthsink.importers.apple import ecg_csv, mapping
from healthsink.importers.apple.localtime import beat_epochs, in_zone
from healthsink.importers.apple.records import device
from healthsink.importers.apple.source import ExportSource
from healthsink.importers.apple.xmlstream import XmlStream
from healthsink.ingest import dates

JA = (
    "名前,テスト 太郎\n生年月日,1980/01/01\n記録日,2026-03-30 09:14:40 +0900\n分類,洞調律\n症状,\n"
    'ソフトウェアバージョン,2\nデバイス,"Watch7,2"\nサンプルレート,512ヘルツ\n\nリード,第I誘導\n単位,µV\n\n'
    '-48,673\n12\n"-1,5"\n'
)


def test_a_japanese_ecg_with_decimal_commas():
    e = ecg_csv.parse(io.BytesIO(JA.encode()), "ecg_2026-03-30.csv")
    assert e["classification"] == "洞調律" and e["samplingFrequency"] == 512
    assert [v["voltage"] for v in e["voltageMeasurements"]] == [-48.673, 12.0, -1.5]
    start = dates.parse("2026-03-30 09:14:40 +0900")[0].timestamp()
    assert e["voltageMeasurements"][2]["date"] == pytest.approx(start + 2 / 512)
    assert "テスト" not in repr(e) and "1980" not in repr(e)  # the name and birth date are not kept


def test_beats_in_both_decimal_marks_and_12_hour_clocks_roll_over_midnight():
    got = beat_epochs("2026-03-30 23:59:59 +0200", ["23:59:59,50", "11:59:59.90 pm", "12:00:00.40 am"])
    base = dates.parse("2026-03-30 23:59:59 +0200")[0].timestamp()
    assert [round(t - base, 2) for t in got] == [0.5, 0.9, 1.4]


def test_zones_devices_and_names():
    assert in_zone("2016-11-14 07:25:41 -0700", "America/Los_Angeles") == "2016-11-14 06:25:41 -0800"
    assert in_zone("2016-11-14 07:25:41 -0700", "Not/AZone") == "2016-11-14 07:25:41 -0700"
    a = device(
        "<<HKDevice: 0x282a45810>, name:Apple Watch, hardware:Watch6,7, software:10.2, "
        "creation date:2025-08-14 23:49:07 +0000>"
    )
    b = device(
        "<<HKDevice: 0x3012772a0>, name:Apple Watch, hardware:Watch6,7, software:10.2, "
        "creation date:2025-08-14 23:49:07 +0000>"
    )
    assert a == b == "name:Apple Watch, hardware:Watch6,7, software:10.2"
    assert mapping.own_name("HKQuantityTypeIdentifierFooBarUV") == "foo_bar_uv"
    assert mapping.enum_value("HKCategoryValueSeverityNotPresent", "Headache") == "Not Present"


@pytest.mark.parametrize(
    "dtd",
    [
        "",  # older exports: none
        "<!DOCTYPE HealthData [\n<!ATTLIST HealthData\n  locale CDATA #REQUIRED\n>\n]>\n",
        "<!DOCTYPE HealthData [\n<!ATTLIST VisionPrescription\n  type CDATA #REQUIRED\n<!ELEMENT RightEye EMPTY>\n]>\n",
        "<!DOCTYPE HealthData [\n<!ELEMENT RightEye EMPTY>\n>\n]>\n",  # iOS 16: an extra '>'
    ],
)
def test_every_dtd_form_parses_and_lines_stay_the_files(tmp_path, dtd):
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{dtd}<HealthData locale="en_US">\n'
        ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" '
        'startDate="2026-03-30 08:00:00 +0200" endDate="2026-03-30 08:10:00 +0200" value="5\x0b00"/>\n'
        ' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" '
        'startDate="2026-03-30 08:00:00 +0200" endDate="2026-03-30 08:10:00 +0200" value="5 & 0"/>\n'
        "</HealthData>\n"
    )
    path = tmp_path / "export.xml"
    path.write_text(xml)
    read = [0, 0]
    src = ExportSource(path)
    items = []
    with pytest.raises(Exception) as err:
        for batch in XmlStream("export.xml", read).items(src.pieces(read)):
            items += batch
    assert [i[1]["value"] for i in items] == ["500"]  # the control character is dropped (P3)
    line = xml[: xml.index("5 & 0")].count("\n") + 1
    assert f"export.xml: line {line}: XML syntax error" in str(err.value)
