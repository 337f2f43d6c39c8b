"""A tiny HTTP server the runtime tests start as a real child process.

GET /ready answers --ready-status; every other path answers 200. On SIGTERM it exits with --term-exit-code
(default 0), or ignores the signal with --ignore-term. --crash-after S makes it exit with --crash-code after S
seconds. It prints FIXTURE_GREETING (from its environment) to stdout and a line to stderr, so tests can find
both in the log file.
"""
import argparse
import http.server
import os
import signal
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--ready-status", type=int, default=200)
parser.add_argument("--ignore-term", action="store_true")
parser.add_argument("--term-exit-code", type=int, default=0)
parser.add_argument("--crash-after", type=float)
parser.add_argument("--crash-code", type=int, default=3)
args = parser.parse_args()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = args.ready_status if self.path == "/ready" else 200
        body = b"ok\n" if status < 400 else b"not ready\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *values):
        pass


def on_term(signum, frame):
    print("fixture: got SIGTERM, exiting", flush=True)
    os._exit(args.term_exit_code)


if args.ignore_term:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, on_term)

if args.crash_after is not None:
    def crash():
        time.sleep(args.crash_after)
        print("fixture: crashing", flush=True)
        os._exit(args.crash_code)
    threading.Thread(target=crash, daemon=True).start()

server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print("fixture: greeting=" + os.environ.get("FIXTURE_GREETING", "<unset>"), flush=True)
print("fixture: PATH " + ("set" if "PATH" in os.environ else "unset"), flush=True)
print("fixture: listening on %d" % args.port, file=sys.stderr, flush=True)
server.serve_forever()
