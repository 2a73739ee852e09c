"""The app of examples/stack.ucl: `/` greets, `/health` checks the database."""

import os

import psycopg
from fastapi import FastAPI, Response

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://app:app@postgres-16/app")

app = FastAPI()


@app.get("/")
def root() -> dict:
    return {"hello": "from a FreeBSD jail"}


@app.get("/health")
def health(response: Response) -> dict:
    try:
        with psycopg.connect(DATABASE_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        response.status_code = 503
        return {"database": "unreachable", "error": str(error)}
    return {"database": "ok"}
