#!/bin/sh
# Entrypoint of the portal image (see Dockerfile and docs/deploy.md).
# With PORTAL_MIGRATE=1, apply migrations first: this also creates the reference data,
# roles and django-q2 schedules (portal/setup.py), then index what is public if the search
# index is empty. Then run the given command as PID 1.
# Only one container should set PORTAL_MIGRATE=1 (in compose.yaml: web).
set -eu

if [ "${PORTAL_MIGRATE:-0}" = "1" ]; then
    echo "entrypoint: python manage.py migrate --noinput" >&2
    python manage.py migrate --noinput
    # A new or upgraded installation: index what is public if the search index is empty.
    echo "entrypoint: python manage.py rebuild_search_index --if-empty" >&2
    python manage.py rebuild_search_index --if-empty --no-progress
fi

exec "$@"
