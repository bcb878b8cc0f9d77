# coursekit: build the book and run every check. Quick start: `make book`, then `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := tests/js/node_modules/axe-core/axe.min.js
PIP_VERSION := 25.3

BOOK2 := .book2/jupyter-book
JB2 := $(BOOK2)/jupyter_book/dist/jupyter-book.cjs
JB2_FLAGS ?= --offline

# Reports of every job (pytest's JUnit XML, the linters' output) stay here, also when a job fails.
REPORTS := _build/reports
PYTEST_REPORT = --junitxml=$(REPORTS)/$@.xml
# Notebooks linted by ruff; code cells are short calls, so a line may hold 100 characters.
NOTEBOOKS := $(wildcard chapters/*.ipynb back/*.ipynb exercises/*.ipynb instructor/exercises/*.ipynb)
# Notebooks that the book does not build: nbval executes these; the strict build executes the rest
# (tests/test_notebooks_validated.py checks that every notebook is in one of the two).
NBVAL_NOTEBOOKS := instructor/exercises

.PHONY: help install book lab notebooks test lint types check unit slow nbval site-strict browser bench bench-site screenshots pdf release strip clean book2 test-book2 book2-parity job-lint job-unit job-book job-browser

help:
	@echo "make book    install everything, execute the notebooks, build the site into _build/html"
	@echo "make lab     open the course's notebooks (notebooks/) in JupyterLab"
	@echo "make test    the whole suite, as CI's four jobs (reports in _build/reports/):"
	@echo "             job-lint (ruff, mypy, coursekit check), job-unit (unit and slow tests),"
	@echo "             job-book (strict build, nbval), job-browser (browser tests, JB1/JB2 parity)"
	@echo "make unit    the unit tests without the slow ones (make slow runs those)"
	@echo "make book2   build the site with Jupyter Book 2 instead, offline, into _build/book2/html"
	@echo "make bench   time builds, nbval, data loading, quizzes, maps, page weights and load times"
	@echo "make screenshots  every course map at a fixed viewport into _build/screenshots/, layout checked"
	@echo "make pdf     print the book to _build/pdf/book.pdf with Chromium"
	@echo "make release student exercise notebooks from instructor/exercises (solutions removed), practice prints"
	@echo "make strip   remove outputs from every notebook before committing"
	@echo "make notebooks  rewrite install cells, released exercises and the student form (notebooks/)"
	@echo "make clean   remove _build (keeps .venv)"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	@echo "Setting up $(VENV) (first run takes a few minutes)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	@# the distribution was called "coursekit" before it was renamed; drop a stale install of it
	@$(BIN)/python -m pip uninstall --quiet --yes coursekit 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[book,test,lab]"
	@touch $@

install: $(STAMP)

book: $(STAMP)
	@$(BIN)/jupyter-book build . --builder html || { echo "" >&2; echo "make book: the build failed (see the lines starting with ERROR above); _build/html is not a good site." >&2; exit 1; }
	@echo ""
	@echo "The site is built. Open $(CURDIR)/_build/html/index.html in a browser,"
	@echo "or serve it: $(BIN)/python -m http.server -d _build/html 8000"

# The student's way in: JupyterLab (pinned, with the widget and MyST extensions) on the student form.
lab: $(STAMP)
	@echo "Opening JupyterLab on notebooks/ (stop it with Ctrl-C twice). Start with chapters/01-about.ipynb."
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks notebooks/chapters/01-about.ipynb \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root)

notebooks: $(STAMP)
	$(BIN)/coursekit notebooks

$(REPORTS):
	@mkdir -p $@

lint: $(STAMP) | $(REPORTS)
	$(BIN)/ruff check src tests scripts conftest.py 2>&1 | tee $(REPORTS)/ruff.txt
	$(BIN)/ruff check --line-length 100 $(NOTEBOOKS) 2>&1 | tee $(REPORTS)/ruff-notebooks.txt

types: $(STAMP) | $(REPORTS)
	$(BIN)/mypy 2>&1 | tee $(REPORTS)/mypy.txt

check: $(STAMP) | $(REPORTS)
	$(BIN)/coursekit check 2>&1 | tee $(REPORTS)/check.txt

unit: $(STAMP) $(AXE) | $(REPORTS)
	bash scripts/ensure-bubblewrap.sh
	$(BIN)/pytest tests -m "not browser and not book2 and not slow" $(PYTEST_REPORT)

slow: $(STAMP) $(AXE) | $(REPORTS)
	bash scripts/ensure-bubblewrap.sh
	$(BIN)/pytest tests -m "slow and not browser and not book2" $(PYTEST_REPORT)

nbval: $(STAMP) | $(REPORTS)
	$(BIN)/pytest --nbval-lax --nbval-sanitize-with tests/sanitize.cfg $(NBVAL_NOTEBOOKS) $(PYTEST_REPORT)

# Fails when a notebook fails to execute (coursekit.execution); the execution cache is reused only
# when nothing a notebook depends on changed.
site-strict: $(STAMP) | $(REPORTS)
	$(BIN)/jupyter-book build . --builder html -n -W --keep-going 2>&1 | tee $(REPORTS)/site-strict.txt

# axe-core for the browser tests, gift-pegjs (an independent GIFT parser) for the export tests
$(AXE): tests/js/package.json tests/js/package-lock.json
	@command -v npm >/dev/null || { echo "error: the tests need npm (Node.js) to install axe-core and gift-pegjs: apt-get install npm" >&2; exit 1; }
	npm ci --prefix tests/js --no-audit --no-fund
	@touch $@

browser: $(STAMP) site-strict $(AXE) | $(REPORTS)
	bash scripts/ensure-chromium.sh
	$(BIN)/pytest tests -m browser $(PYTEST_REPORT)

# Jupyter Book 2 (see src/coursekit/jb2): pinned in book2/requirements.txt, kept out of .venv (which
# holds jupyter-book 1.x under the same name), run with Node.js in a network namespace.
$(JB2): book2/requirements.txt | $(STAMP)
	@command -v node >/dev/null || { echo "error: make book2 needs Node.js 18 or newer: apt-get install nodejs" >&2; exit 1; }
	rm -rf $(BOOK2)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes --target $(BOOK2) -r book2/requirements.txt
	@touch $@

book2: $(STAMP) $(JB2)
	$(BIN)/coursekit jb2 build $(JB2_FLAGS)

# JB1/JB2 parity: same pages, quiz ids and map data; both sites offline, error-free and axe clean.
book2-parity: $(STAMP) site-strict book2 $(AXE) | $(REPORTS)
	bash scripts/ensure-chromium.sh
	$(BIN)/pytest tests -m book2 $(PYTEST_REPORT)

test-book2: book2-parity

pdf: book
	bash scripts/ensure-chromium.sh
	$(BIN)/python scripts/build_pdf.py

screenshots: $(STAMP)
	bash scripts/ensure-chromium.sh
	$(BIN)/python scripts/screenshot_maps.py

bench-site: book
	bash scripts/ensure-chromium.sh
	$(BIN)/python scripts/bench_site.py --pages

# CI's jobs; each can run on its own (`make job-unit`). make -k test runs every job past a failure.
# Some unit tests read the built site, so job-unit builds it first (once per make run: make test
# builds it once for every job).
job-lint: lint types check
job-book: site-strict nbval
job-unit: site-strict unit slow
job-browser: browser book2-parity

test: job-lint job-book job-unit job-browser

bench: $(STAMP)
	bash scripts/ensure-bubblewrap.sh
	$(BIN)/python scripts/bench.py

release: $(STAMP)
	$(BIN)/coursekit release instructor/exercises exercises --keys instructor/exercises/keys

strip: $(STAMP)
	$(BIN)/coursekit strip chapters exercises instructor/exercises back

clean:
	rm -rf _build
