# One image for the web app (gunicorn, the default command) and the django-q2 worker
# (`python manage.py qcluster`). How to run it: docs/deploy.md.
# Building needs PyPI (or a mirror, see PIP_INDEX_URL); running needs no network access
# besides PostgreSQL, Redis and Elasticsearch.

# ---- builder: a virtualenv in /opt/venv with the dependencies from pyproject.toml
FROM python:3.11-slim-bookworm AS builder

# A PyPI mirror can be used at build time, e.g.
#   docker build --build-arg PIP_INDEX_URL=https://mirrors.aliyun.com/pypi/simple/ .
ARG PIP_INDEX_URL=https://pypi.org/simple
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# Only pyproject.toml is copied, so this layer is rebuilt only when the dependencies change:
# `pip install .` then builds an empty distribution that pulls in every dependency (all of
# them ship wheels, no compiler is needed). The empty distribution is removed again because
# the code runs from /app: settings derive BASE_DIR from their own location, and templates
# and static files are not package data.
COPY pyproject.toml ./
RUN pip install . \
    && pip uninstall --yes supervision-portal


# ---- final image: the slim base already has every runtime library the wheels need
# (psycopg[binary], Pillow and cryptography bundle theirs; tzdata and CA certificates are in it).
FROM python:3.11-slim-bookworm

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORTAL_VAR_DIR=/app/var \
    STATIC_ROOT=/app/static

# flite speaks the CAPTCHA for visitors who cannot read it (the audio alternative).
RUN apt-get update && apt-get install -y --no-install-recommends flite \
    && rm -rf /var/lib/apt/lists/*

# Fixed uid/gid 1000, so a bind-mounted /app/var can be prepared with `chown 1000:1000`.
RUN groupadd --gid 1000 portal \
    && useradd --uid 1000 --gid portal --create-home --shell /usr/sbin/nologin portal

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
# The code stays owned by root: the portal user can read it, not change it.
COPY . .

# Static files are collected at build time, with throwaway keys that exist only for this step
# (the production settings refuse to load without SECRET_KEY and PORTAL_FIELD_KEY; collectstatic
# uses neither). The dummy Fernet key decodes to "build-only-dummy-never-use-this!".
ARG COLLECTSTATIC_SECRET_KEY=collectstatic-only-dummy-not-a-secret
ARG COLLECTSTATIC_FIELD_KEY=YnVpbGQtb25seS1kdW1teS1uZXZlci11c2UtdGhpcyE=
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    SECRET_KEY="$COLLECTSTATIC_SECRET_KEY" \
    PORTAL_FIELD_KEY="$COLLECTSTATIC_FIELD_KEY" \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/private-media \
    && chown -R portal:portal /app/var

USER portal

# Uploaded media (MEDIA_ROOT) and complaint evidence (PRIVATE_MEDIA_ROOT) live here; with the
# default settings also the SQLite database when DATABASE_URL is not set. Declared last: changes
# to /app/var after a VOLUME instruction would be discarded.
VOLUME ["/app/var"]

EXPOSE 8000

# No curl in the slim image: Python asks /healthz, which also checks the database.
# urlopen raises on a refused connection or on any non-2xx answer, and the exit status is then 1.
# ALLOWED_HOSTS must contain 127.0.0.1 for this request to get through.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
# Shell form only to expand GUNICORN_WORKERS; `exec` keeps gunicorn as PID 1 for signals.
# Further gunicorn options go in GUNICORN_CMD_ARGS (e.g. "--timeout 120").
CMD ["/bin/sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --access-logfile -"]
