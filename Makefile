# 账房 Zhangfang — everything a newcomer types.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test test-postgresql lint conformance clean bench dist

install: $(STAMP)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,postgresql]'
	touch $(STAMP)

run: install
	@$(PY) main.py || { rc=$$?; $(PY) -m ui.platform_check; exit $$rc; }  # Qt's failure exit: say what it lacked

# The public contract (../shared/conformance) up to the last stage built, after our own tests.
CONFORMANCE_UPTO ?= ui
# The suite runs on every core (pytest-xdist): each worker has its own temporary folder and its own
# PostgreSQL databases (their names carry the worker's pid), so workers never share a book.
PYTEST_JOBS ?= auto

test: install
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(PYTEST_JOBS)
	@if [ -f ../shared/conformance/check.py ]; then \
	  QT_QPA_PLATFORM=offscreen $(PY) ../shared/conformance/check.py --upto $(CONFORMANCE_UPTO) --python $(PY); \
	else echo "conformance: ../shared/conformance/check.py not found, skipped"; fi
	@$(MAKE) --no-print-directory test-postgresql

# The second engine: the storage, use-case and CLI tests and the conformance check again, on books in
# the PostgreSQL server ZHANGFANG_TEST_PG names (.ci/run starts a throwaway one with .ci/pg-cluster).
PG_TESTS ?= tests/storage tests/usecases tests/cli
test-postgresql: install
	@if [ -z "$$ZHANGFANG_TEST_PG" ]; then \
	  echo "PostgreSQL: skipped (ZHANGFANG_TEST_PG is not set; .ci/pg-cluster start DIR prints one)"; exit 0; fi; \
	set -e; QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(PYTEST_JOBS) --engine postgresql $(PG_TESTS); \
	if [ -f ../shared/conformance/check.py ]; then \
	  url=$$($(PY) -m tests.engines create); \
	  QT_QPA_PLATFORM=offscreen $(PY) ../shared/conformance/check.py --upto $(CONFORMANCE_UPTO) --python $(PY) \
	    --db "$$url" || rc=$$?; \
	  $(PY) -m tests.engines drop "$$url"; exit $${rc:-0}; \
	fi

# The benchmark suite (bench/README.md): figures beside baselines run in the same process.
SCALE ?= small
bench: install
	$(PY) -m bench --scale $(SCALE) --out bench-$(SCALE).json

# The one-folder bundle (issue 31, packaging/): dist/zhangfang/zhangfang, the desktop entry and
# dist/zhangfang-<version>-<os>-<arch>.tar.gz. PyInstaller comes with the `dist` extra, only here.
.PHONY: dist
DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(PY) packaging/build_dist.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info
