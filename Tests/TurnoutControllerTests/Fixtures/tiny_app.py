"""A small HTTP service for the controller's end-to-end tests: a stand-in for the bundled API that starts in a
fraction of a second and misbehaves on request.

Usage: tiny_app.py PORT

Serves GET /health (liveness), GET /ready (readiness) and any other GET path with a JSON body and the header
`X-Turnout-Version: $TURNOUT_VERSION`, keep-alive (HTTP/1.1). On SIGTERM it stops answering /ready with 200,
keeps serving for DRAIN_SECONDS, then exits 0.

Fault switches (environment):
  FAULT_NEVER_READY=1     /ready answers 503 forever
  FAULT_CRASH_AFTER=S     exit 3 after S seconds
  FAULT_ERROR_RATE=F      that fraction of requests (not /health, /ready) answer 500
  FAULT_LATENCY_MS=N      add N ms to every request (not /health, /ready)
"""
import http.server
import json
import os
import random
import signal
import socketserver
import sys
import threading
import time

PORT = int(sys.argv[1])
VERSION = os.environ.get("TURNOUT_VERSION", "unknown")
NEVER_READY = os.environ.get("FAULT_NEVER_READY") == "1"
CRASH_AFTER = float(os.environ.get("FAULT_CRASH_AFTER", "0"))
ERROR_RATE = float(os.environ.get("FAULT_ERROR_RATE", "0"))
LATENCY = float(os.environ.get("FAULT_LATENCY_MS", "0")) / 1000
DRAIN_SECONDS = float(os.environ.get("DRAIN_SECONDS", "1"))
draining = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/health":
            return self.answer(200, {"status": "alive"})
        if self.path == "/ready":
            ready = not NEVER_READY and not draining.is_set()
            return self.answer(200 if ready else 503, {"ready": ready})
        if LATENCY:
            time.sleep(LATENCY)
        if ERROR_RATE and random.random() < ERROR_RATE:
            return self.answer(500, {"error": "injected"})
        return self.answer(200, {"path": self.path, "version": VERSION})

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Turnout-Version", VERSION)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", PORT), Handler)


def terminate(*_):
    draining.set()
    threading.Thread(target=lambda: (time.sleep(DRAIN_SECONDS), server.shutdown()), daemon=True).start()


signal.signal(signal.SIGTERM, terminate)
if CRASH_AFTER:
    threading.Timer(CRASH_AFTER, lambda: os._exit(3)).start()
server.serve_forever()
sys.exit(0)
