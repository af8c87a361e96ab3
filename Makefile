# Two commands matter: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test venv node_modules migrate seed serve lint format clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

# axe-core for the browser tests (tests/browser), pinned in package.json / package-lock.json.
# Installed only when missing; without npm the browser tests are skipped (and fail under CI=true).
node_modules:
	@if [ -f node_modules/axe-core/axe.min.js ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "未找到 npm：无法安装 axe-core，浏览器测试将被跳过（CI 中为失败）"; fi

migrate: venv
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput

seed: migrate
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py seed_demo --facilities 500 --records 5000
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py create_demo_admin

# Set up everything, load demo data, run a django-q2 worker and serve http://$(HOST):$(PORT)
demo: seed
	@echo "启动后台任务进程 (django-q2) 与网站：http://$(HOST):$(PORT)/  管理后台：http://$(HOST):$(PORT)/admin/"
	@DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py qcluster & \
	worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Run every test (SQLite unless DATABASE_URL is set), browser tests included, on two
# processes (pytest-xdist); screenshots of the main pages land in tests/artifacts/screenshots/.
test: venv node_modules
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var/db.sqlite3* static .pytest_cache
