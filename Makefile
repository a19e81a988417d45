# The two commands a reader needs: `make serve` and `make test`. Everything else is a step of those.
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null)
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build setup tools

## Build the site and serve it at http://127.0.0.1:$(PORT). An edit rebuilds only the pages it
## touches (--dirty): a new page title reaches the home page's list on the next full build.
serve: setup
	uv run mkdocs serve --strict --dirty -a 127.0.0.1:$(PORT)

## Install everything the tests need, then run them all.
test: setup tools
	uv run pytest

## Strict build into site/; a failed build leaves the last good site in place.
build: setup
	uv run python -m generator build

setup:
ifeq ($(UV),)
	python3 -m pip install --quiet "uv==$(UV_VERSION)"
endif
	uv sync --locked --quiet

## System packages the tests use (Debian). Toolchains (Go, Node, Java, Rust) come with the machine.
tools:
	bash .ci/tools
