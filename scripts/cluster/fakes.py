"""The outer edges of a cluster run, faked: an HTTP SMS gateway and an SMTP relay.

Usage: fakes.py STATE_DIR SMS_PORT SMTP_PORT
Every message received is appended as a JSON line to STATE_DIR/sms.jsonl or STATE_DIR/mail.jsonl
with its idempotency key (the `Idempotency-Key` header; the Message-ID), so a run can count
what was sent twice and what never came. The gateway's behaviour is set at runtime:
  POST /mode {"status": 500, "delay": 0}   answer every send with this status after `delay` s
  GET  /stats                             {"sms": {...}, "mail": {...}} received, distinct, duplicated
Only the standard library.
"""

import json
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE, SMS_PORT, SMTP_PORT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lock = threading.Lock()
mode = {"status": 200, "delay": 0.0}
seen = {"sms": {}, "mail": {}}


def record(kind, key, entry):
    with lock:
        seen[kind][key] = seen[kind].get(key, 0) + 1
        entry["key"], entry["at"] = key, time.time()
        with open(f"{STATE}/{kind}.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def stats():
    with lock:
        return {
            kind: {
                "received": sum(counts.values()),
                "distinct": len(counts),
                "duplicated": sum(1 for n in counts.values() if n > 1),
            }
            for kind, counts in seen.items()
        }


class Gateway(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(200, stats() if self.path == "/stats" else {"ok": True})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/mode":
            mode.update(json.loads(body or b"{}"))
            return self.answer(200, mode)
        status, delay = mode["status"], float(mode["delay"])
        if delay:
            time.sleep(delay)
        if status == 200:
            try:
                message = json.loads(body)
            except ValueError:
                message = {}
            record("sms", self.headers.get("Idempotency-Key", ""), {"to": message.get("phone"), "text": message.get("text")})
        self.answer(status, {"status": "queued" if status == 200 else "failed"})


class Smtp(socketserver.StreamRequestHandler):
    def line(self, text):
        self.wfile.write((text + "\r\n").encode())

    def handle(self):
        self.line("220 fake relay")
        recipients = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.line("250-fake relay")
                self.line("250 8BITMIME")
            elif verb == "MAIL":
                recipients = []
                self.line("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[-1].strip(" <>"))
                self.line("250 OK")
            elif verb == "DATA":
                self.line("354 go on")
                lines = []
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    lines.append(data.decode("utf-8", "replace"))
                message_id = next((l.split(":", 1)[1].strip() for l in lines if l.lower().startswith("message-id:")), "")
                record("mail", message_id, {"to": recipients})
                self.line("250 OK queued")
            elif verb == "QUIT":
                self.line("221 bye")
                return
            else:
                self.line("250 OK")


class SmtpServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


smtp = SmtpServer(("127.0.0.1", SMTP_PORT), Smtp)
threading.Thread(target=smtp.serve_forever, daemon=True).start()
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", SMS_PORT), Gateway).serve_forever()
