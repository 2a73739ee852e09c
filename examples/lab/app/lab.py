"""What the lab's processes share: connections and the one table they use."""

import os

import psycopg
import redis

QUEUE = "lab:jobs"


def database() -> psycopg.Connection:
    """Connect to PostgreSQL (DATABASE_URL) and make sure the jobs table exists."""
    conn = psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=3, autocommit=True)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS jobs_done ("
        " id bigserial PRIMARY KEY, payload text NOT NULL, done_at timestamptz DEFAULT now())"
    )
    return conn


def queue() -> redis.Redis:
    """Connect to Redis (REDIS_URL)."""
    return redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=10)
