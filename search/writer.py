"""A rebuild's writes on threads of their own, so that building the next batch of
documents (Python) overlaps writing the previous ones (the database or Elasticsearch).

On a two-core machine this is most of what a rebuild can gain: the database driver
releases the GIL while the server (or SQLite's C code) works, and with two writers
PostgreSQL works on two batches at once. `write(*item)` may run for several items at a
time; `record(*item)` runs for each item in the order they were put, once it and every
item before it are written (a rebuild saves its progress there, so a resumed rebuild
never skips a batch). Inside an open transaction (tests, a caller's atomic block) other
threads could not see the caller's rows, so both run inline, in order.
"""

import queue
import threading

from django.db import connection, connections

QUEUE_SIZE = 2  # batches built ahead of the writers: enough to keep them busy


class BatchWriter:
    def __init__(self, write, record=None, threads=1):
        self.write = write
        self.record = record or (lambda *item: None)
        self.threads = threads if not connection.in_atomic_block else 0
        self.error = None
        self.queue = queue.Queue(maxsize=QUEUE_SIZE)
        self.workers = []
        self.lock = threading.Lock()
        self.items = {}  # seq → item, until recorded
        self.written = set()
        self.next_put = self.next_record = 0

    @property
    def threaded(self) -> bool:
        return self.threads > 0

    def __enter__(self):
        for n in range(self.threads):
            worker = threading.Thread(target=self._run, name=f"search-writer-{n}", daemon=True)
            worker.start()
            self.workers.append(worker)
        return self

    def put(self, *item):
        if not self.threaded:
            self.write(*item)
            self.record(*item)
            return
        seq, self.next_put = self.next_put, self.next_put + 1
        with self.lock:
            self.items[seq] = item
        self._offer((seq, item))

    def _offer(self, entry):
        while True:
            self._raise_if_failed()
            try:
                self.queue.put(entry, timeout=0.5)
                return
            except queue.Full:
                continue

    def __exit__(self, exc_type, exc, tb):
        if not self.threaded:
            return False
        for _ in self.workers:  # one end mark each, unless they died and nobody reads
            while self.error is None and any(w.is_alive() for w in self.workers):
                try:
                    self.queue.put(None, timeout=0.5)
                    break
                except queue.Full:
                    continue
        for worker in self.workers:
            worker.join()
        if exc_type is None:
            self._raise_if_failed()
        return False

    def _raise_if_failed(self):
        if self.error is not None:
            raise self.error

    def _run(self):
        try:
            while self.error is None and (entry := self.queue.get()) is not None:
                seq, item = entry
                self.write(*item)
                with self.lock:  # record, in order, everything written so far
                    self.written.add(seq)
                    while self.error is None and self.next_record in self.written:
                        self.written.discard(self.next_record)
                        self.record(*self.items.pop(self.next_record))
                        self.next_record += 1
        except BaseException as error:  # handed to the building thread
            self.error = error
        finally:
            connections.close_all()  # this thread's own connections
