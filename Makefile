# One command serves the app with demo data; one runs the whole test suite.
# Both create the virtual environment on first use and are safe to repeat.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 3000
HOST ?= 127.0.0.1
# prometheus_client reads this when it is first imported: it must be in the
# environment before any Python starts. gunicorn wipes it at start.
PROMETHEUS_MULTIPROC_DIR ?= $(CURDIR)/var/prometheus-multiproc

.PHONY: setup run test lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo ""
	@echo "  API v2:   http://$(HOST):$(PORT)/api/v2/marketplace/categories/1103/attributes"
	@echo "  API docs: http://$(HOST):$(PORT)/api/docs/"
	@echo "  Metrics:  http://$(HOST):$(PORT)/metrics   Health: /health/live, /health/ready"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/  (demo staff login: staff / staff-demo-password)"
	@echo ""
	HOST=$(HOST) PORT=$(PORT) PROMETHEUS_MULTIPROC_DIR=$(PROMETHEUS_MULTIPROC_DIR) \
		$(BIN)/gunicorn -c config/gunicorn.py

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var
