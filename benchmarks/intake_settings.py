"""Settings for benchmarks/intake.py: the production-like bench settings, plus what lets a
load generator file reports.

- CAPTCHA in test mode: "PASSED" is accepted with any captcha_0 (the image is never drawn);
- the submission rate limit out of the way (every client comes from 127.0.0.1);
- django-q2 on the ORM broker, asynchronous, and no cluster running: the follow-up tasks
  are queued (one row each) and never run, as when the worker is down;
- BENCH_CHEAP_HASH=1 swaps the password hasher (which hashes the query code) for MD5, only
  to measure what the rest of a submission costs. Never a production setting.
"""

import os

from benchmarks.bench_settings import *  # noqa: F403

CAPTCHA_TEST_MODE = True
PORTAL_REPORT_RATE = "1000000/h"
PORTAL_PAGE_CACHE = False
if os.environ.get("REDIS_URL"):  # the production set-up: tasks queue in Redis
    Q_CLUSTER = {**Q_CLUSTER, "redis": os.environ["REDIS_URL"], "sync": False}  # noqa: F405
    Q_CLUSTER.pop("orm", None)
else:  # embedded: tasks queue in the database
    Q_CLUSTER = {k: v for k, v in Q_CLUSTER.items() if k != "redis"}  # noqa: F405
    Q_CLUSTER.update(orm="default", sync=False, log_level="WARNING")
if os.environ.get("BENCH_CHEAP_HASH") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
