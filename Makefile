# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test bench lint install install-dev migrate demo worker clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_initial_data

# The site and the django-q cluster together; Ctrl-C stops both.
run: demo
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/   (English /en/, 繁體 /zh-hant/)"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/   login: admin / changeme"
	@echo "  Demo staff: editor / changeme (Editors), approver / changeme (Approvers)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py qcluster & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); \
	  wait

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(PY) bench/run.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test

clean:
	rm -rf var staticfiles
