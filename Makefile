# fairs: `make run` serves the demo on SQLite, `make test` runs the checks and the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HTMX_VERSION := 2.0.11
JSQR_VERSION := 1.4.0
SWAGGER_UI_VERSION := 5.36.0

.PHONY: run test venv lint format serve migrate demo i18n vendor bench bench-export clean mutation wheel

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

# The demo keeps its files here in the checkout (fairs.db, .fairs_secret), not in the user's data folder.
run: export FAIRS_DATA_DIR ?= .
run: venv
	$(BIN)/fairs migrate
	FAIRS_DEMO=1 $(BIN)/fairs demo
	FAIRS_DEMO=1 $(BIN)/fairs serve --host 127.0.0.1 --port 8000

test: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n auto --dist worksteal

# Mutation testing of the coupons, report and clients packages and the scope helpers (docs/testing.md).
# Not part of `test`. Resumable: results are kept in mutants/; `rm -rf mutants` starts afresh.
MUTATION_CHILDREN ?= 1
mutation: venv
	@$(BIN)/python -c 'import mutmut' 2>/dev/null || $(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,mutation]"
	$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN)
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
	keys = ("killed", "survived", "no_tests", "timeout", "suspicious", "segfault", "skipped", "check_was_interrupted_by_user"); \
	checked = sum(s[k] for k in keys) - s["check_was_interrupted_by_user"]; \
	print("mutants {total}: killed {killed}, survived {survived}, no tests {no_tests}, timeout {timeout}, suspicious {suspicious}, segfault {segfault}".format(**s)); \
	print("checked {}, not yet checked {}".format(checked, s["total"] - checked)); \
	print("not killed (survived + no tests): {:.1%} of the checked mutants".format((s["survived"] + s["no_tests"]) / max(checked, 1)))'
	$(BIN)/mutmut results

lint: venv
	$(BIN)/ruff check src tests bench

format: venv
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

i18n: venv
	$(BIN)/pybabel extract -F babel.cfg -o src/fairs/locale/messages.pot src
	$(BIN)/pybabel update -i src/fairs/locale/messages.pot -d src/fairs/locale --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d src/fairs/locale

vendor:
	cd /tmp && npm pack htmx.org@$(HTMX_VERSION) >/dev/null && tar xzf htmx.org-$(HTMX_VERSION).tgz
	cp /tmp/package/dist/htmx.min.js src/fairs/static/vendor/htmx-$(HTMX_VERSION).min.js
	cp /tmp/package/LICENSE src/fairs/static/vendor/htmx-$(HTMX_VERSION).LICENSE
	rm -rf /tmp/package && cd /tmp && npm pack jsqr@$(JSQR_VERSION) >/dev/null && tar xzf jsqr-$(JSQR_VERSION).tgz
	cp /tmp/package/dist/jsQR.js src/fairs/static/vendor/jsqr-$(JSQR_VERSION).js
	cp /tmp/package/LICENSE src/fairs/static/vendor/jsqr-$(JSQR_VERSION).LICENSE
	rm -rf /tmp/package && cd /tmp && npm pack swagger-ui-dist@$(SWAGGER_UI_VERSION) >/dev/null && tar xzf swagger-ui-dist-$(SWAGGER_UI_VERSION).tgz
	cp /tmp/package/swagger-ui-bundle.js src/fairs/static/vendor/swagger-ui-$(SWAGGER_UI_VERSION)-bundle.js
	cp /tmp/package/swagger-ui.css src/fairs/static/vendor/swagger-ui-$(SWAGGER_UI_VERSION).css
	cp /tmp/package/favicon-32x32.png src/fairs/static/vendor/swagger-ui-$(SWAGGER_UI_VERSION)-favicon-32x32.png
	cp /tmp/package/LICENSE src/fairs/static/vendor/swagger-ui-$(SWAGGER_UI_VERSION).LICENSE
	cp /tmp/package/NOTICE src/fairs/static/vendor/swagger-ui-$(SWAGGER_UI_VERSION).NOTICE
	cp /tmp/package/swagger-ui-bundle.js.LICENSE.txt src/fairs/static/vendor/swagger-ui-$(SWAGGER_UI_VERSION)-bundle.js.LICENSE.txt
	rm -rf /tmp/package

# dist/fairs-<version>-py3-none-any.whl: what a district installs with pipx or uv (README, "First run").
wheel: venv
	rm -rf build dist/fairs-*.whl
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir dist .
	@ls dist/fairs-*.whl

bench: venv
	$(BIN)/python bench/loop.py

bench-export: venv
	$(BIN)/python bench/export.py

clean:
	rm -rf $(VENV) fairs.db fairs.db-wal fairs.db-shm build dist
