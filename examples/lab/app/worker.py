"""The lab's queue worker: takes jobs from Redis and records them in PostgreSQL.

`worker.py --check HEARTBEAT` is its health check: it fails when the heartbeat file that the
worker touches after every job or idle wait is older than 30 seconds.
"""

import os
import sys
import time
from pathlib import Path

import lab

STALE_AFTER = 30


def check(heartbeat: Path) -> int:
    try:
        age = time.time() - heartbeat.stat().st_mtime
    except OSError as error:
        print(f"no heartbeat: {error}", file=sys.stderr)
        return 1
    if age > STALE_AFTER:
        print(f"heartbeat is {age:.0f}s old", file=sys.stderr)
        return 1
    return 0


def run(heartbeat: Path) -> None:
    queue = lab.queue()
    conn = lab.database()
    while True:
        job = queue.brpop(lab.QUEUE, timeout=5)
        if job is not None:
            conn.execute("INSERT INTO jobs_done (payload) VALUES (%s)", (job[1].decode(),))
        heartbeat.touch()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(check(Path(sys.argv[2])))
    run(Path(os.environ.get("HEARTBEAT", "/var/db/lab/worker.heartbeat")))
