# healthsink. `make run` serves on 127.0.0.1:8080 (embedded PostgreSQL unless HEALTHSINK_DATABASE_URL
# is set); `make test` runs the suite (embedded PostgreSQL and redis-server unless
# HEALTHSINK_TEST_DATABASE_URL / HEALTHSINK_TEST_REDIS_URL are set).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run migrate test test-citus bench-citus lint bench loadtest loadtest-open bench-read bench-import grafana clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[embedded,test]'
	touch $(STAMP)

migrate: install
	$(BIN)/healthsink migrate

run: migrate
	$(BIN)/healthsink serve

test: install
	$(BIN)/pytest -q

# The ingest and read tests on a Citus cluster: a coordinator and two workers started from the system's
# PostgreSQL 15 (Citus 13.2.2 built from ../shared/vendor by ../shared/scripts/citus-build.sh if missing),
# `healthsink migrate`, `healthsink citus distribute`, the tests, the cluster stopped. 4 shards a table (2 a
# worker) keep emptying the database between tests quick. Skips, saying why, where it cannot run.
CITUS_TESTS := tests/test_citus.py tests/test_ingest.py tests/test_batching.py tests/test_queue.py \
	tests/test_newest_and_leases.py tests/test_read_api.py tests/test_read_series.py tests/test_read_sleep_and_gaps.py \
	tests/test_rollup.py
test-citus: install
	$(BIN)/python -m tests.citus_cluster run --shards 4 -- $(BIN)/pytest -q -p no:cacheprovider $(CITUS_TESTS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python -m bench.ingest_bench

loadtest: install
	$(BIN)/python -m bench.loadtest

# fixed arrival rates (HEALTHSINK_LOADTEST_RATES, _SECONDS per rate, _WORKERS): latency from each due time
loadtest-open: install
	$(BIN)/python -m bench.loadtest --open

# ten years of one user's data by COPY, then the dashboard's reads through the HTTP API (p50/p95)
bench-read: install
	$(BIN)/python -m bench.read_bench

# syncs on a Citus cluster against plain PostgreSQL on the same servers: requests/s, p99. 8 shards a table: 4 per
# worker, the count docs/scaling.md advises for two workers
bench-citus: install
	$(BIN)/python -m tests.citus_cluster run --shards 8 -- $(BIN)/python -m bench.citus_bench

# a synthetic Apple Health export (>= 1M records) through `healthsink import` and through healthkit-to-sqlite
# (PyPI, in a venv of its own: its click and sqlite-utils stay out of healthsink's)
bench-import: install
	test -x .venv-h2s/bin/healthkit-to-sqlite || ($(PYTHON) -m venv .venv-h2s && \
		.venv-h2s/bin/pip install --quiet healthkit-to-sqlite==1.0.1)
	$(BIN)/python -m bench.import_bench

# deploy/grafana/dashboards/*.json from deploy/grafana/generate.py and queries/ (commit the result)
grafana: install
	$(BIN)/python deploy/grafana/generate.py

clean:
	rm -rf $(VENV) data *.egg-info
