# quickread: `make run` serves the site on the bundled demo corpus (http://127.0.0.1:8000); `make test` runs lint, types and the test suite.
# Both create the virtual environment .venv (everything pinned by constraints.txt) when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit format clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The site on the demo corpus: ingested into data/quickread.db and digested on the first run only. Wikinews is
# CC BY 2.5, so the story pages show its articles' full text.
run: $(STAMP)
	$(BIN)/quickread serve --seed demo/wikinews_2019_2020/articles.jsonl --full-text-outlet Wikinews --host 127.0.0.1 --port 8000

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
