"""Clinical records of an Apple Health export: ClinicalRecord elements and their FHIR files, kept whole, read back
through the list route and the export, and not stored twice by a re-import."""

import json
import zipfile

import orjson

from healthsink.importers.apple.clinical import fhir_date
from tests.helpers import auth, rows, tsql
from tests.importing import importer_user as user  # noqa: F401 (a fixture)

OBSERVATION = (
    b'{"resourceType": "Observation", "id": "obs-1", "status": "final",\n'
    b' "code": {"text": "Hemoglobin A1c"}, "effectiveDateTime": "2024-05-06T09:30:00-04:00",\n'
    b' "valueQuantity": {"value": 5.40, "unit": "%"}}'
)
CONDITION = {"resourceType": "Condition", "id": "cond-1", "code": {"text": "Asthma"}, "onsetDateTime": "1965-04"}
ALLERGY = {"resourceType": "AllergyIntolerance", "id": "al-1", "recordedDate": "2020-02-03"}


def clinical(type_, identifier, path, received="2024-05-07 10:00:00 -0400") -> str:
    return (
        f' <ClinicalRecord type="HKClinicalTypeIdentifier{type_}" identifier="{identifier}" '
        'sourceName="Example Hospital" sourceURL="https://fhir.example.org/r4" fhirVersion="4.0.1" '
        f'receivedDate="{received}" resourceFilePath="{path}"/>\n'
    )


def export_zip(path, extra_files=True):
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        ' <ExportDate value="2024-06-01 10:00:00 -0400"/>\n'
        + clinical("LabResultRecord", "obs-1", "/clinical-records/Observation-obs-1.json")
        + clinical("ConditionRecord", "cond-1", "/clinical-records/Condition-cond-1.json")
        + clinical("ProcedureRecord", "proc-9", "/clinical-records/Procedure-proc-9.json")  # its file is missing
        + "</HealthData>\n"
    )
    files = {
        "apple_health_export/export.xml": xml.encode(),
        "apple_health_export/clinical-records/Observation-obs-1.json": OBSERVATION,
        "apple_health_export/clinical-records/Condition-cond-1.json": json.dumps(CONDITION).encode(),
    }
    if extra_files:  # a resource no element names
        files["apple_health_export/clinical-records/AllergyIntolerance-al-1.json"] = json.dumps(ALLERGY).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def test_fhir_dates():
    assert fhir_date("2024-05-06T09:30:00-04:00")[0].isoformat() == "2024-05-06T13:30:00+00:00"
    assert fhir_date("2024-05-06T09:30:00-04:00")[1] == -240
    assert fhir_date("1965-04")[0].isoformat() == "1965-04-01T00:00:00+00:00"
    assert fhir_date("2019")[0].year == 2019 and fhir_date("soon") is None and fhir_date(None) is None


async def test_clinical_records_are_kept_whole_counted_and_read_back(user, conn, client, tmp_path):  # noqa: F811
    out = await user(export_zip(tmp_path / "export.zip"), batch_rows=2)
    assert out["errors"] == [], out["errors"]
    assert out["inserted"]["clinical_records"] == 4 and out["clinical_records"] == 4
    assert any("Procedure-proc-9.json is not in the export" in w["details"] for w in out["warnings"])
    got = {r["identifier"]: r for r in await rows(conn, "clinical_records", user.user_id)}
    assert set(got) == {"obs-1", "cond-1", "proc-9", "al-1"}
    obs = got["obs-1"]
    assert (obs["resource_type"], obs["type"]) == ("Observation", "HKClinicalTypeIdentifierLabResultRecord")
    assert obs["record_ts"].isoformat() == "2024-05-06T13:30:00+00:00" and obs["utc_offset"] == -240
    assert obs["ts"].isoformat() == "2024-05-07T14:00:00+00:00"  # when it reached the phone
    assert obs["source_url"] == "https://fhir.example.org/r4" and obs["fhir_version"] == "4.0.1"
    # the resource as the provider wrote it: the decimal keeps its digits
    text = await conn.fetchval(tsql("clinical_resource_text"), user.user_id, "obs-1", ["valueQuantity", "value"])
    assert text == "5.40"
    assert got["cond-1"]["record_ts"].year == 1965  # older than any sample: kept all the same
    assert got["cond-1"]["resource"] == CONDITION
    assert got["proc-9"]["resource"] is None and got["proc-9"]["extra"] == {"resource_missing": True}
    assert got["proc-9"]["record_ts"] == got["proc-9"]["ts"]  # no resource: the date it arrived
    al = got["al-1"]  # a file alone: dated by the export
    assert (al["resource_type"], al["source_url"], al["ts"].isoformat()) == (
        "AllergyIntolerance",
        "",
        "2024-06-01T14:00:00+00:00",
    )

    again = await user(export_zip(tmp_path / "again.zip"), batch_rows=2)
    assert again["inserted"]["clinical_records"] == 0 and again["updated"]["clinical_records"] == 0
    assert again["duplicates"]["clinical_records"] == 4

    resp = await client.get("/api/v1/clinical-records?limit=3", headers=auth(user.key))
    assert resp.status == 200, await resp.text()
    page = await resp.json()
    assert [i["identifier"] for i in page["items"]] == ["cond-1", "al-1", "obs-1"] and page["next_cursor"]
    assert page["items"][2]["resource"]["valueQuantity"]["value"] == 5.4
    resp = await client.get(f"/api/v1/clinical-records?cursor={page['next_cursor']}", headers=auth(user.key))
    assert [i["identifier"] for i in (await resp.json())["items"]] == ["proc-9"]
    resp = await client.get("/api/v1/export?type=clinical_records", headers=auth(user.key))
    assert resp.status == 200
    lines = [orjson.loads(line) for line in (await resp.read()).splitlines() if line.strip()]
    assert sorted(r["identifier"] for r in lines) == ["al-1", "cond-1", "obs-1", "proc-9"]
