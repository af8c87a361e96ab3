"""Storage for files that must never be served publicly (import uploads, complaint evidence)."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
