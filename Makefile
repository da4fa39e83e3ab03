# Two commands do all the set-up on a fresh machine:
#   make report   - check articles/ and write reports/
#   make test     - run the test suite
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: report test bench screenshot chromium clean

report: $(STAMP)
	$(BIN)/claimcheck check articles --out reports

test: $(STAMP) chromium
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m claimcheck.bench ../shared/corpora/bbc --assume-published 2005-01-01 --json docs/benchmarks.json

screenshot: $(STAMP) chromium
	$(BIN)/python -m claimcheck.report.screenshot reports/report.html reports/screenshot.png --height 1100 --viewport-only

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium for the browser test; never a browser downloaded by a test tool.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "chromium not installed: the browser test will be skipped"

clean:
	rm -rf $(VENV) .pytest_cache
