"""`healthsink import`, as a user types it."""

import orjson

from tests.test_cli import run
from tests.test_import_apple import BODY, export_xml, make_zip


def test_import_prints_a_summary_then_nothing_new(cfg, tmp_path):
    assert run(cfg, "user", "add", "gina@example.org").returncode == 0
    z = make_zip(tmp_path / "export.zip", export_xml(BODY))
    first = run(cfg, "import", str(z), "--user", "gina@example.org", "--json")
    assert first.returncode == 0, first.stderr
    out = orjson.loads(first.stdout)
    assert out["inserted"]["metrics"] > 20 and out["workouts"] == 2 and out["ecg_files"] == 1
    again = run(cfg, "import", str(z), "--user", "gina@example.org")
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stdout and "metrics" in again.stdout and "1951" not in again.stdout + again.stderr


def test_a_bad_file_is_one_line_and_exit_2(cfg, tmp_path):
    assert run(cfg, "user", "add", "hal@example.org").returncode == 0
    p = tmp_path / "export.zip"
    p.write_bytes(make_zip(tmp_path / "good.zip", export_xml(BODY)).read_bytes()[:3000])
    bad = run(cfg, "import", str(p), "--user", "hal@example.org")
    assert bad.returncode == 2 and bad.stdout == ""
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and "export.zip" in lines[0] and "truncated or damaged" in lines[0]
