# quickread: `make run` digests the bundled demo corpus; `make test` runs lint, types and the test suite.
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

run: $(STAMP)
	$(BIN)/quickread digest-groups demo/wikinews_2019_2020/articles.jsonl --field story --min-articles 2 \
		--out-dir out --format html
	@echo "Quick Read pages for the demo corpus are in $(CURDIR)/out/ (open out/index.html)"

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
