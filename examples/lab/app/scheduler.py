"""The lab's scheduler: queues a job every EVERY_SECONDS seconds."""

import os
import time

import lab


def main() -> None:
    every = float(os.environ.get("EVERY_SECONDS", "10"))
    queue = lab.queue()
    while True:
        queue.lpush(lab.QUEUE, f"tick {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}")
        time.sleep(every)


if __name__ == "__main__":
    main()
