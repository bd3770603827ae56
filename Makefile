# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	@echo "Mở http://127.0.0.1:8000 — mật khẩu mọi tài khoản demo: thidua-demo"
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs GNU gettext; the compiled .mo files are committed so that users do not.
messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages --locale vi --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'
	DEBUG=true $(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles
