"""`healthsink import PATH --user EMAIL [--json]`: a progress bar on a terminal (bytes read, records/s, ETA),
then a summary of counts per family; exit 2 with one line (file, line, what) for a file that cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from healthsink.errors import InvalidExport
from healthsink.importers import job
from healthsink.store import accounts, db
from healthsink.store.partitions import Partitions


def add_arguments(p) -> None:
    p.add_argument(
        "path",
        type=Path,
        help="export.zip, export.xml, the unzipped folder, or Health Auto Export "
        "files (.json, CSV .zip, or a folder of them)",
    )
    p.add_argument("--user", required=True, help="whose data it is (email)")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")


class _Bar:
    """tqdm over the bytes of the XML (uncompressed), shown only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        self.enabled = enabled

    def __call__(self, pr) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=pr.total_bytes or None,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc="importing",
                file=sys.stderr,
                dynamic_ncols=True,
            )
        self.bar.update(pr.bytes_done - self.bar.n)
        elapsed = self.bar.format_dict.get("elapsed") or 0
        self.bar.set_postfix_str(
            f"{pr.records:,} records, {pr.records / elapsed if elapsed else 0:,.0f}/s", refresh=False
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


async def run(cfg, args) -> int:
    from healthsink.pipeline import Ingestor

    path: Path = args.path.expanduser()
    pool = await db.create_pool(db.database_url(cfg), 1, 3)
    bar = _Bar(sys.stderr.isatty() and not args.json)
    try:
        async with pool.acquire() as conn:
            user_id = (await accounts.get_user(conn, args.user))["id"]
        if not path.exists():
            raise InvalidExport(f"{path}: no such file or folder")
        partitions = Partitions()
        import_id = await job.start(pool, user_id, path)
        try:
            out = await job.run(
                pool,
                partitions,
                user_id,
                import_id,
                path,
                batch_rows=cfg.ingest.batch_rows,
                ingestor=Ingestor(pool, cfg, partitions),
                on_progress=bar,
            )
        except InvalidExport as exc:
            bar.close()
            print(f"healthsink: import {import_id} failed: {exc.message}", file=sys.stderr)
            return 2
    finally:
        bar.close()
        await pool.close()
    if args.json:
        print(orjson.dumps(out).decode())
    else:
        print(_text(out))
    return 0


def _text(out: dict) -> str:
    lines = [
        f"import {out['import_id']}: {out.get('records', 0):,} records in {out['duration_s']:.1f} s"
        + (f" (export of {out['export_date']})" if out.get("export_date") else "")
    ]
    lines.append(f"{'family':<26}{'processed':>11}{'inserted':>11}{'updated':>11}{'duplicates':>11}")
    for fam, n in out["processed"].items():
        if n:
            lines.append(
                f"{fam:<26}{n:>11,}{out['inserted'][fam]:>11,}{out['updated'][fam]:>11,}{out['duplicates'][fam]:>11,}"
            )
    new = sum(out["inserted"].values()) + sum(out["updated"].values())
    if not new:
        lines.append("nothing new: everything in this file was already stored")
    extras = [
        f"{k.replace('_', ' ')} {out[k]:,}"
        for k in ("workouts", "route_points", "ecg_files", "activity_summaries", "files")
        if out.get(k)
    ]
    if extras:
        lines.append(", ".join(extras))
    errors = out["errors"]
    if errors or out.get("errors_omitted"):
        lines.append(f"{len(errors) + out.get('errors_omitted', 0)} rejected item(s), e.g.:")
        lines += [f"  {e['path']}: {e['error']}: {e['details']}" for e in errors[:5]]
    for w in out["warnings"][:20]:
        lines.append(f"warning: {w['details']}")
    return "\n".join(lines)
