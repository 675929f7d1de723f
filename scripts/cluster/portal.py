"""What the cluster runs share: the cluster's addresses, an HTTP client with its own cookies,
the fakes' counts, the database, and a customer made the way a person makes one.

Only the standard library, so a clean machine runs it with the Python it has.
"""

import base64
import hashlib
import hmac
import http.client
import http.cookiejar
import json
import os
import random
import ssl
import struct
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATE = os.path.join(ROOT, "target", "cluster")
STAFF_PASSWORD = "Cluster staff pass 7"


def cluster_env():
    env = {}
    with open(os.path.join(STATE, "cluster.env"), encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            if key:
                env[key] = value.strip('"')
    return env


ENV = cluster_env()
PROXY = ENV["PROXY"]
NODES = ENV["NODES"].split()
TLS = ssl.create_default_context(cafile=ENV["CA"])


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body
        try:
            self.json = json.loads(body) if body else {}
        except ValueError:
            self.json = {}

    @property
    def upstream(self):
        return self.headers.get("X-Upstream", "")

    @property
    def code(self):
        error = self.json.get("error") if isinstance(self.json, dict) else None
        return error.get("code") if isinstance(error, dict) else None


class Client:
    """A browser's worth of state: its cookies, sent to whichever address it is pointed at."""

    def __init__(self, base=PROXY, timeout=40):
        self.base, self.timeout = base, timeout
        # Cookies are kept here and sent by hand: the portal's are `Secure`, and the runs also
        # talk to the instances behind the proxy, over plain HTTP, as the same person.
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=TLS))

    def call(self, method, path, body=None, base=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request((base or self.base) + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if len(self.jar):
            request.add_header("Cookie", self.cookie_header())
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                self.jar.extract_cookies(response, request)
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            self.jar.extract_cookies(error, request)
            return Answer(error.code, error.headers, error.read())

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body if body is not None else {}, **kw)

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def random_phone():
    return f"+37529{random.randint(1000000, 9999999)}"


def sms_texts():
    path = os.path.join(STATE, "sms.jsonl")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sms_secret(key, wait=20.0):
    """The last word of the SMS sent with this idempotency key (a code, a password)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        for entry in sms_texts():
            if entry["key"] == key:
                return entry["text"].split()[-1]
        time.sleep(0.05)
    raise AssertionError(f"no SMS with key {key} within {wait} s")


def register(phone, client=None):
    """Registers `phone` through the proxy the way the API does; returns (client, password)."""
    client = client or Client()
    answer = client.post("/api/v1/registrations", {
        "phone": phone, "last_name": "Кластеров", "first_name": "Иван", "middle_name": "Петрович",
        "email": f"c{phone[-7:]}@cluster.test", "accept_personal_data": True, "accept_terms": True,
    })
    assert answer.status == 201, (answer.status, answer.raw)
    registration = answer.json["registration_id"]
    code = sms_secret(f"{registration}:1")
    answer = client.post(f"/api/v1/registrations/{registration}/confirm", {"code": code})
    assert answer.status == 200, (answer.status, answer.raw)
    return client, sms_secret(f"{registration}:password")


def totp(secret, at=None):
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000:06d}"


def sign_in(login, password, base=PROXY):
    """Signs in; a supervisor enrols an authenticator at the first sign-in (once per cluster run)."""
    client = Client(base)
    answer = client.post("/api/v1/auth/login", {"login": login, "password": password})
    if answer.status == 202:
        challenge = answer.json["challenge"]
        enrolment = client.post("/api/v1/auth/second-factor/enrolment", {"challenge": challenge})
        assert enrolment.status == 200, (login, enrolment.status, enrolment.raw)
        answer = client.post("/api/v1/auth/second-factor", {"challenge": challenge,
                                                            "totp": totp(enrolment.json["secret"])})
    assert answer.status == 200, (login, answer.status, answer.raw)
    return client


def customer(phone=None):
    phone = phone or random_phone()
    _, password = register(phone)
    return sign_in(phone, password), phone


def file_ticket(client, subject, base=None):
    answer = client.post("/api/v1/tickets", {"service": "ecp-token", "subject": subject,
                                             "body": "Токен не виден в системе после обновления."}, base=base)
    assert answer.status == 201, (answer.status, answer.raw)
    return answer.json["number"]


def psql(sql):
    out = subprocess.run(["psql", ENV["DATABASE_URL"], "-Atc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def create_staff(login, role, email=None, groups=()):
    command = [ENV["BIN"], "staff", "create", "--login", login, "--name", login, "--role", role, "--password-stdin"]
    if email:
        command += ["--email", email]
    for group in groups:
        command += ["--group", group]
    env = dict(os.environ, HELPDESK_DATABASE_URL=ENV["DATABASE_URL"], HELPDESK_DATA_DIR=os.path.join(STATE, "cli"))
    subprocess.run(command, input=STAFF_PASSWORD + "\n", text=True, check=True, capture_output=True, env=env, cwd=ROOT)


def fakes(path, body=None):
    url = ENV["GATEWAY"] + path
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as response:
        return json.loads(response.read())


def outbox_settled(timeout=120.0):
    """Waits until nothing is left to send; returns the outbox's counts by channel."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if psql("SELECT count(*) FROM outbox WHERE status = 'pending'") == "0":
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the outbox did not drain: " + psql("SELECT status, count(*) FROM outbox GROUP BY 1"))
    rows = psql("SELECT channel || ':' || status || ':' || count(*) FROM outbox GROUP BY channel, status")
    return dict((line.rsplit(":", 1)[0], int(line.rsplit(":", 1)[1])) for line in rows.splitlines() if line)


def sse_connection(client, base, path="/staff/events"):
    """A raw connection reading server-sent events, with `client`'s cookies."""
    url = urlparse(base)
    if url.scheme == "https":
        connection = http.client.HTTPSConnection(url.hostname, url.port, context=TLS, timeout=30)
    else:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.request("GET", path, headers={"Accept": "text/event-stream", "Cookie": client.cookie_header()})
    response = connection.getresponse()
    assert response.status == 200, response.status
    return connection, response
