"""The embedded default's cache: Django's file-based cache, culled now and then.

Django's FileBasedCache lists every file of the cache after each write, to decide whether
to cull, and culls a third of the entries once there are MAX_ENTRIES (300 by default).
For this site both hurt: a report costs about ten cache writes (form token, rate-limit
counters), and culling at 300 entries would throw away live form tokens and counters
when a few hundred people fill in forms at once. Here culling is checked on one write in
CULL_CHECK_EVERY (and MAX_ENTRIES is set high in settings); expired files are still
never served.
"""

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_EVERY = 200


class FileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_CHECK_EVERY) == 0:
            super()._cull()
