# The README's two commands: `make run` starts the app, `make test` runs every check.
# Both create .venv and install what they need on a fresh machine (Python 3.11+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test test-js lint format bench load shots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps: reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile -r requirements.txt  # no .pyc for all of it: the modules used are compiled when first imported
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy  # the files pyproject.toml names: backprop_core and the pure modules of backprop_ui

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The stage's pure core (assets/stage/core) under node --test, on walks and cases Python writes
# for it first (scripts/js_fixtures.py; the fixtures are not committed).
test-js: $(VENV)/.dev
	bash scripts/ensure-node.sh
	for f in $$(find backprop_ui/assets -name '*.js'); do node --check $$f || exit 1; done
	PYTHONPATH=. $(BIN)/python scripts/js_fixtures.py tests/js/fixtures
	node --test tests/js/

test: $(VENV)/.dev lint test-js
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-firefox.sh
	bash deploy/ensure-redis.sh
	$(BIN)/pytest -n 2 -m "not e2e and not load" --durations=5  # no browser: on both cores
	$(BIN)/pytest -n 2 --dist loadgroup -m "e2e and not load" --durations=15  # a browser and a server per worker (tests/e2e/conftest.py: TOGETHER)

$(VENV)/.bench: requirements.txt requirements-dev.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

# Budgets live here, not in timed tests; results go to BENCHMARKS.md by hand.
bench: $(VENV)/.bench
	PYTHONPATH=. $(BIN)/python bench/trace_build.py
	PYTHONPATH=. $(BIN)/python bench/walk_build.py
	PYTHONPATH=. $(BIN)/python bench/torch_compare.py
	bash scripts/ensure-chromium.sh
	PYTHONPATH=. $(BIN)/python bench/browser.py
	bash deploy/ensure-nginx.sh
	bash deploy/ensure-redis.sh
	PYTHONPATH=. $(BIN)/python bench/hall.py
	PYTHONPATH=. $(BIN)/python bench/offline.py
	PYTHONPATH=. $(BIN)/python bench/followup.py

# 20 browser sessions at once, against one server and through deploy/ (nginx + two replicas);
# a lecture hall of 300 students (10 phones on the light page) through deploy/; then the class's browser tests through deploy/,
# teacher and students on different replicas (sync Playwright: a pytest of its own, since its
# event loop would stay open under the asyncio tests). Not part of `make test`: it takes minutes.
# Figures are printed and saved to shots/.
load: $(VENV)/.dev
	bash scripts/ensure-chromium.sh
	bash deploy/ensure-nginx.sh
	bash deploy/ensure-redis.sh
	$(BIN)/pytest -m load tests/load  # -m load replaces the "not load" of addopts
	$(BIN)/pytest -m load tests/e2e/test_class.py

# Every step of the default and XOR walks, fa/en, normal/presentation, desktop/phone, into shots/.
shots: $(VENV)/.dev
	bash scripts/ensure-chromium.sh
	PYTHONPATH=. $(BIN)/python scripts/shots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis shots
