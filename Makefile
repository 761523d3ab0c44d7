# The same targets locally and in CI (.ci/run calls `make test`).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXTRAS ?= dev,postgres,spark,exchange
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup demo test check lint typecheck pytest bench clean

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt -e ".[$(EXTRAS)]"
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/netbrake demo

test: setup
	bash scripts/test.sh

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .venv-core .pytest_cache .mypy_cache .ruff_cache
