# `make run` starts the whole system on embedded defaults; `make test` runs lint and the test suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := recruitment.settings

.PHONY: run test lint format migrate seed clean messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The .mo catalogues are built from the committed .po files (Debian's gettext provides msgfmt).
messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0

run: $(VENV)/.installed messages
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --no-input -v 0
	DEBUG=$${DEBUG:-true} $(PY) manage.py ensure_dev_superuser
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py run_dev

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint messages
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3 media staticfiles .pytest_cache .ruff_cache

# `make test-stress`: the browser tests STRESS_RUNS times in a row (10 by default) while two CPU-bound
# processes load the machine, as a busy CI runner would; the load stops when the target ends, pass or fail.
# The whole suite in random order (pytest-randomly, on by default once installed; the seed is in the
# header): `$(VENV)/bin/pytest -p randomly`; replay an order with `-p randomly --randomly-seed=<seed>`,
# or run in file order with `-p no:randomly`.
STRESS_RUNS ?= 10
.PHONY: test-stress
test-stress: $(VENV)/.installed
	@$(PY) -c 'while True: pass' & hog1=$$!; \
	$(PY) -c 'while True: pass' & hog2=$$!; \
	trap 'kill $$hog1 $$hog2 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	for run in $$(seq 1 $(STRESS_RUNS)); do \
		echo "== browser tests, loaded run $$run of $(STRESS_RUNS)"; \
		start=$$(date +%s); \
		REQUIRE_BROWSER=1 $(VENV)/bin/pytest -m browser $(PYTEST_ARGS) || exit 1; \
		echo "== run $$run passed in $$(( $$(date +%s) - start )) s"; \
	done
