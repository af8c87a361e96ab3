"""Storage for files that must never be served publicly (import uploads, complaint evidence)."""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT with no public URL: asking for one is a bug, not a link
    to /media/ (staff get files through views that check permissions)."""

    def url(self, name):
        raise ValueError("private files have no public URL; serve them through a view")


def private_storage():
    return storages["private"]
