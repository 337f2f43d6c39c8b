#!/usr/bin/env python3
"""Writes a manifest with N services copied from manifests/stage2.yaml, for bench/generate-bench.sh.

Half are web services copied from stage2's `api` (each routed at /<name>/, the first at /), half workers
copied alternately from `worker-email` and `worker-processing`; the load balancer, accessories, SLOs and the
canary strategy are stage2's. The copies are written out key by key (no YAML aliases), as a person would.

    bench/generate-manifest.py N OUT.yaml
"""
import sys

WEB = """  @NAME@:
    role: web
    command: ["turnout-api", "--port", "${PORT}"]
    image: turnout-api:1.0.0
    port: 8000
    replicas: 3
    env:
      TURNOUT_LOG_LEVEL: info
      TURNOUT_CACHE_TTL: 60s
    uses: [redis, postgres]
    resources:
      requests: {cpu: 250m, memory: 128Mi}
      limits: {cpu: "2", memory: 512Mi}
    health:
      type: http
      path: /api/v1/ready
      liveness_path: /api/v1/health
      expect_status: 200
      interval: 1s
      timeout: 500ms
      healthy_threshold: 2
      unhealthy_threshold: 3
      start_period: 20s
    autoscaling: {min: 2, max: 10, cpu: 70%}
    stop_timeout: 15s
    metrics_path: /metrics
"""

WORKERS = [
    """  @NAME@:
    role: worker
    command: ["turnout-worker", "--queues", "email", "--concurrency", "8", "--metrics-port", "${PORT}"]
    image: turnout-worker:1.0.0
    port: 9101
    queues: [email]
    concurrency: 8
    replicas: 2
    uses: [redis]
    health: {type: http, path: /health, interval: 2s, timeout: 1s}
    stop_timeout: 30s
    metrics_path: /metrics
    autoscaling: {min: 2, max: 8, queue_length: 100}
""",
    """  @NAME@:
    role: worker
    command: ["turnout-worker", "--queues", "processing", "--concurrency", "2", "--metrics-port", "${PORT}"]
    image: turnout-worker:1.0.0
    port: 9102
    queues: [processing]
    concurrency: 2
    replicas: 2
    uses: [redis, postgres]
    health: {type: http, path: /health}
    stop_timeout: 60s
    resources:
      limits: {cpu: "1", memory: 256Mi}
""",
]

TAIL = """load_balancer:
  listen: 127.0.0.1:8080
  server_name: _
  algorithm: least_conn
  keepalive: 1024
  keepalive_requests: 10000
  keepalive_timeout: 60s
  timeouts: {connect: 2s, send: 30s, read: 30s}
  passive_health: {max_fails: 3, fail_timeout: 10s}
  retries: {tries: 3, timeout: 10s}
  client_max_body_size: 1Mi
  routes:
@ROUTES@accessories:
  redis: {type: redis, managed: true, port: 6390, maxmemory: 256Mi, env: TURNOUT_REDIS_URL}
  postgres: {type: postgres, managed: true, port: 5440, database: blog, user: blog, env: TURNOUT_DATABASE_URL}
slo:
  latency_p95: 200ms
  latency_p99: 500ms
  error_rate: 0.1%
  queue_length: 100
strategy:
  from: canary
  steps:
    - {weight: 10, pause: 10s}
    - {weight: 50, pause: 10s}
    - {weight: 100}
"""


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 2:
        sys.exit("usage: generate-manifest.py N OUT.yaml   (N >= 2)")
    count = int(sys.argv[1])
    webs = (count + 1) // 2
    parts = [f"# {count} services copied from manifests/stage2.yaml by bench/generate-manifest.py.\n",
             "app: blog\nruntime: local\nservices:\n"]
    routes = []
    for index in range(webs):
        name = f"api-{index}"
        parts.append(WEB.replace("@NAME@", name))
        path = "/" if index == 0 else f"/{name}/"
        routes.append(f"    - {{path: {path}, service: {name}}}\n")
    for index in range(count - webs):
        parts.append(WORKERS[index % 2].replace("@NAME@", f"worker-{index}"))
    parts.append(TAIL.replace("@ROUTES@", "".join(routes)))
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write("".join(parts))


if __name__ == "__main__":
    main()
