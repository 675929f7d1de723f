"""Signs an administrator in on a running portal and prints their session cookie.

Usage: admin_session.py BASE_URL DATA_DIR
The account is made with the command line (`helpdesk staff create`), as an operator would on
the server; the first sign-in enrols the second factor as an authenticator app would (RFC 6238
codes from the secret the enrolment shows). Only the standard library.
"""

import base64
import hashlib
import hmac
import http.cookiejar
import json
import os
import struct
import subprocess
import sys
import time
import urllib.request

BASE, DATA_DIR = sys.argv[1].rstrip("/"), sys.argv[2]
LOGIN, PASSWORD = "schema-admin", "schemathesis admin password"
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def call(path, body):
    request = urllib.request.Request(
        BASE + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with opener.open(request) as answer:
        return json.loads(answer.read().decode() or "null")


def totp(secret):
    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


subprocess.run(
    ["target/debug/helpdesk", "staff", "create", "--login", LOGIN, "--name", "Проверкин Админ",
     "--role", "administrator", "--password-stdin"],
    input=PASSWORD.encode(), check=True, stdout=subprocess.DEVNULL,
    env={**os.environ, "HELPDESK_DATA_DIR": DATA_DIR},
)
challenge = call("/api/v1/auth/login", {"login": LOGIN, "password": PASSWORD})["challenge"]
secret = call("/api/v1/auth/second-factor/enrolment", {"challenge": challenge})["secret"]
call("/api/v1/auth/second-factor", {"challenge": challenge, "totp": totp(secret)})
print("; ".join(f"{c.name}={c.value}" for c in jar))
