/// The Python script behind `LoopbackWebhookServer`.
enum LoopbackWebhookScript {
    /// A ThreadingHTTPServer (Python's http.server): `server.py RECORDS PORT`.
    static let source = #"""
"""A loopback HTTP server for handoff's webhook tests (http.server).

Usage: server.py FOLDER PORT  (PORT 0 picks a free one). Prints the port on stdout once
it listens. Each POST becomes FOLDER/request-NNNNNN.json ({"path", "headers" [[name, value]],
"body" base64, "status"}), written to a temporary name and renamed, then is answered: 200, or
while FOLDER/failing holds a status code, that status. Exits when stdin reaches EOF or its
parent process dies, so a crashed test run leaves no listener.
"""
import base64, json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

folder, port = sys.argv[1], int(sys.argv[2])
lock = threading.Lock()
count = len([n for n in os.listdir(folder) if n.startswith("request-")])

def failing_status():
    try:
        with open(os.path.join(folder, "failing")) as f:
            return int(f.read().strip())
    except (FileNotFoundError, ValueError):
        return None

class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # answers "Expect: 100-continue" at once (curl sends it for large bodies)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", "0")))

    def do_POST(self):
        global count
        body = self.read_body()
        status = failing_status() or 200
        with lock:
            count += 1
            name = os.path.join(folder, "request-%06d.json" % count)
        record = {"path": self.path, "headers": [[k.lower(), v] for k, v in self.headers.items()],
                  "body": base64.b64encode(body).decode("ascii"), "status": status}
        with open(name + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(name + ".tmp", name)
        answer = b'{"ok":true}\n' if status == 200 else b'{"ok":false}\n'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

exit_with_parent()
ThreadingHTTPServer.allow_reuse_address = True
ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", port), Recorder)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#
}
