"""The lab's API (gunicorn api:app): job counts, a health check and Prometheus metrics."""

from flask import Flask, Response, jsonify, request

import lab

app = Flask(__name__)


def jobs_done() -> int:
    with lab.database() as conn:
        return conn.execute("SELECT count(*) FROM jobs_done").fetchone()[0]


@app.get("/")
def index():
    return jsonify(jobs_done=jobs_done(), jobs_queued=lab.queue().llen(lab.QUEUE))


@app.post("/jobs")
def enqueue():
    payload = request.get_data(as_text=True) or "manual"
    lab.queue().lpush(lab.QUEUE, payload)
    return jsonify(queued=payload), 202


@app.get("/health")
def health():
    try:
        lab.queue().ping()
        jobs_done()
    except Exception as error:  # any failure of a dependency makes the API unhealthy
        return jsonify(healthy=False, error=str(error)), 503
    return jsonify(healthy=True)


@app.get("/metrics")
def metrics():
    body = (
        "# HELP lab_jobs_done_total Jobs the worker has finished.\n"
        "# TYPE lab_jobs_done_total counter\n"
        f"lab_jobs_done_total {jobs_done()}\n"
        "# HELP lab_jobs_queued Jobs waiting in the queue.\n"
        "# TYPE lab_jobs_queued gauge\n"
        f"lab_jobs_queued {lab.queue().llen(lab.QUEUE)}\n"
    )
    return Response(body, mimetype="text/plain; version=0.0.4")
