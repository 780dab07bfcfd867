# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.PHONY: run test bench lint install install-dev migrate demo clean messages

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

# The site and the django-q cluster together; Ctrl-C stops both (scripts/run.py).
run: demo
	@echo ""
	@echo "  Site:   http://127.0.0.1:$(PORT)/   (English /en/, 繁體 /zh-hant/)"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/   login: admin / changeme"
	@echo "  Demo staff: editor / changeme (Editors), approver / changeme (Approvers),"
	@echo "              teacher / changeme (Teachers)"
	@echo ""
	@PORT=$(PORT) $(PY) scripts/run.py

test: install-dev
	$(PY) -m pytest --ds=config.settings.test $(PYTEST_ARGS)

bench: install-dev
	$(PY) bench/run.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test

clean:
	rm -rf var staticfiles

# UI translations: collect the strings of our own apps and templates, refill
# the generated en and zh_Hant catalogues, compile the .mo files (kept in the
# repository), then list what is left to translate in zh_Hans (fails if any).
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='bench/*' --ignore='tests/*' --ignore='staticfiles/*' \
	--ignore='static/*' --ignore='var/*' --ignore='media/*' --ignore='site/*' --ignore='scripts/*'
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l zh_Hant -l en $(MESSAGES_IGNORE) \
	  --add-location=file --no-wrap --no-obsolete
	$(PY) scripts/po_tools.py update
	$(PY) manage.py compilemessages -l zh_Hans -l zh_Hant -l en --ignore='.venv'
	$(PY) scripts/po_tools.py check
