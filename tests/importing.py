"""An importing user for the import tests: `await importer(path)` runs an import of `path` as that user."""

import pytest

from healthsink.importers import job
from healthsink.store import db
from healthsink.store.partitions import Partitions


@pytest.fixture
async def importer_user(db_url, new_key):
    """`run(path, batch_rows=…)` -> the import's summary; `run.user_id`, `run.key` (an API key of that user)."""
    pool = await db.create_pool(db_url, 1, 3)
    user_id, key = await new_key()
    partitions = Partitions()

    async def run(path, batch_rows=1000):
        import_id = await job.start(pool, user_id, path)
        return await job.run(pool, partitions, user_id, import_id, path, batch_rows=batch_rows)

    run.user_id, run.key, run.pool = user_id, key, pool
    yield run
    await pool.close()
