"""A small HTTP/1.1 keep-alive server for the load generator's tests.

Usage: keepalive_server.py PORT VERSION CLOSE_EVERY STATUS

Answers GET with STATUS and `X-Turnout-Version: VERSION`. Every CLOSE_EVERY-th request on a connection is
not answered: the connection is closed before any response byte, as an nginx worker does to idle keep-alive
connections on reload. CLOSE_EVERY 0 never closes.
"""
import http.server
import socketserver
import sys

PORT, VERSION, CLOSE_EVERY, STATUS = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.served = 0

    def do_GET(self):
        self.served += 1
        if CLOSE_EVERY and self.served % CLOSE_EVERY == 0:
            self.close_connection = True
            return
        body = b'{"ok":true}'
        self.send_response(STATUS)
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


Server(("127.0.0.1", PORT), Handler).serve_forever()
