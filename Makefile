# quickread: `make run` serves the site on the bundled demo corpora (http://127.0.0.1:8000); `make test` runs lint, types and the test suite.
# Both create the virtual environment .venv (everything pinned by constraints.txt) when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The Nu Html Checker (vnu-jar, run on Java) and axe-core (run in chromium) for tests/serve/test_validators.py,
# pinned in tools/checkers/package-lock.json. `npm ci --ignore-scripts`: vnu-jar's install script would
# download a Java of its own; Debian's is used instead. Without npm (or the registry) the checks skip, saying so.
CHECKERS := tools/checkers
CHECKERS_STAMP := $(CHECKERS)/node_modules/.installed

.PHONY: run test lint typecheck unit format clean checkers

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,archive]'
	touch $(STAMP)

$(CHECKERS_STAMP): $(CHECKERS)/package.json $(CHECKERS)/package-lock.json
	@if command -v npm >/dev/null; then \
		(cd $(CHECKERS) && npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null) \
		&& touch $@ || echo "npm ci failed in $(CHECKERS): the HTML and accessibility checks will skip" >&2; \
	else \
		echo "npm is missing: the HTML and accessibility checks will skip" >&2; \
	fi

checkers: $(CHECKERS_STAMP)

# The site on the demo corpora (Wikinews 2019-2020 and 2,251 press releases of 127 Congress offices, 2019 Q1):
# ingested into data/quickread.db and digested on the first run only (progress bars; see README for how long).
# Wikinews is CC BY 2.5, so the story pages show its articles' full text.
DEMO_SEEDS := demo/wikinews_2019_2020/articles.jsonl demo/congress_press_2019q1/articles.jsonl.gz

run: $(STAMP)
	$(BIN)/quickread serve $(addprefix --seed ,$(DEMO_SEEDS)) --full-text-outlet Wikinews --host 127.0.0.1 --port 8000

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(CHECKERS_STAMP)
	$(BIN)/pytest -q

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache $(CHECKERS)/node_modules
