"""The cluster behaves as one portal: run against `scripts/cluster.sh up` (three instances on
PostgreSQL behind nginx). Each check prints what it measured; any failure exits non-zero.

  python3 scripts/cluster/check.py
"""

import http.client
import json
import os
import sys
import time
from urllib.parse import urlparse
from concurrent.futures import ThreadPoolExecutor

from portal import (NODES, PROXY, STATE, TLS, Client, create_staff, customer, fakes, file_ticket, outbox_settled,
                    psql, random_phone, sign_in, sms_secret, sse_connection, STAFF_PASSWORD)

failures = []


def check(name):
    def run(test):
        started = time.time()
        try:
            figures = test()
            print(f"ok    {name}: {figures} ({time.time() - started:.1f} s)", flush=True)
        except Exception as error:  # a failed check, or one that could not run: both are failures
            failures.append(name)
            print(f"FAIL  {name}: {error}", flush=True)
        return test
    return run


def sms_sent_by(node):
    with open(os.path.join(STATE, f"node{node}.log"), encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if "sms accepted by the gateway" in line)


def upstream_port(answer):
    # nginx names the instance it asked last (after a retry: every one it tried).
    return answer.upstream.split(",")[-1].strip().rsplit(":", 1)[-1]


create_staff("cl-boss", "supervisor", email="boss@cluster.test")
create_staff("cl-op", "operator", email="op@cluster.test", groups=["first_line", "ecp"])
# Signed in once: a supervisor's authenticator code is good once, and the runs take seconds.
boss = sign_in("cl-boss", STAFF_PASSWORD)


@check("a session made through one instance holds on the others")
def session_everywhere():
    client, phone = customer()
    answers = [client.get("/api/v1/tickets") for _ in range(9)]
    statuses = {a.status for a in answers}
    upstreams = {upstream_port(a) for a in answers}
    assert statuses == {200}, f"answers {statuses}"
    assert len(upstreams) == 3, f"only instances {upstreams} answered"
    # The same person reaches each instance directly too, and is known there.
    direct = [client.get("/api/v1/tickets", base=node).status for node in NODES]
    assert direct == [200, 200, 200], f"directly: {direct}"
    return f"9 requests through the proxy answered 200 by {len(upstreams)} instances; 200 from each directly"


@check("a ticket filed on one instance reaches an operator's open queue on another within 1 s")
def live_queue_across_instances():
    client, _ = customer()
    delays = []
    for attempt in range(3):
        connection, stream = sse_connection(boss, NODES[0])
        time.sleep(0.3)
        subject = f"Через другой узел {attempt}"
        filed = time.time()
        number = file_ticket(client, subject, base=NODES[1 + attempt % 2])
        seen, took = "", None
        while took is None:
            line = stream.readline().decode("utf-8", "replace")
            assert line, "the stream ended"
            seen += line
            if number in line:
                took = time.time() - filed
        connection.close()
        delays.append(took)
    assert max(delays) < 1.0, f"took {delays}"
    return "after " + ", ".join(f"{d * 1000:.0f} ms" for d in delays)


@check("each SMS and e-mail is sent exactly once with three workers, also through a slow gateway")
def exactly_once():
    # A slow gateway makes the three instances' workers overlap on the same backlog.
    fakes("/mode", {"status": 200, "delay": 0.3})
    try:
        with ThreadPoolExecutor(8) as pool:
            people = list(pool.map(lambda _: customer()[0], range(16)))
            numbers = list(pool.map(lambda p: file_ticket(p[1], f"Заявка {p[0]}"), enumerate(people)))
        assigned = [boss.post(f"/api/v1/staff/tickets/{n}/assign", {"assignee": "cl-op"}) for n in numbers]
        assert {a.status for a in assigned} == {200}, [(a.status, a.raw) for a in assigned if a.status != 200]
    finally:
        fakes("/mode", {"status": 200, "delay": 0})
    outbox = outbox_settled()
    stats = fakes("/stats")
    sms_queued = outbox.get("sms:sent", 0)
    mail_queued = outbox.get("email:sent", 0)
    assert outbox.keys() <= {"sms:sent", "email:sent"}, f"outbox: {outbox}"
    assert stats["sms"]["duplicated"] == 0 and stats["mail"]["duplicated"] == 0, f"duplicates: {stats}"
    assert stats["sms"]["distinct"] == sms_queued, f"SMS: {sms_queued} in the outbox, gateway got {stats['sms']}"
    assert stats["mail"]["distinct"] == mail_queued, f"mail: {mail_queued} in the outbox, relay got {stats['mail']}"
    assert mail_queued >= len(numbers), f"one e-mail per assignment at least: {mail_queued}"
    by_instance = [sms_sent_by(n) for n in (1, 2, 3)]
    assert sum(1 for n in by_instance if n) >= 2, f"SMS sent by the instances: {by_instance}"
    return (f"{sms_queued} SMS and {mail_queued} e-mails queued; the gateway got {stats['sms']['received']} SMS "
            f"(sent by the three instances: {by_instance}) and the relay {stats['mail']['received']} e-mails, "
            "0 duplicated, 0 missing")



@check("the code's five attempts hold across instances against 30 parallel guesses")
def code_attempts_shared():
    client = Client()
    phone = random_phone()
    answer = client.post("/api/v1/registrations", {
        "phone": phone, "last_name": "Подбор", "first_name": "Кода", "accept_personal_data": True,
        "accept_terms": True})
    assert answer.status == 201, answer.raw
    registration = answer.json["registration_id"]
    code = sms_secret(f"{registration}:1")
    wrong = f"{(int(code) + 1) % 1000000:06d}"

    def guess(_):
        return client.post(f"/api/v1/registrations/{registration}/confirm", {"code": wrong})

    with ThreadPoolExecutor(30) as pool:
        guesses = list(pool.map(guess, range(30)))
    told_wrong = sum(1 for g in guesses if g.code == "invalid_code")
    refused = sum(1 for g in guesses if g.code == "too_many_attempts")
    upstreams = {upstream_port(g) for g in guesses}
    right = client.post(f"/api/v1/registrations/{registration}/confirm", {"code": code})
    assert told_wrong <= 5, f"{told_wrong} guesses were checked"
    assert told_wrong + refused == 30, [g.code for g in guesses]
    assert right.status != 200, "the right code still worked after the attempts were spent"
    return (f"{told_wrong} checked, {refused} refused, spread over {len(upstreams)} instances; "
            f"the right code then: {right.status} {right.code}")


@check("the login lockout holds across instances against 30 parallel wrong passwords")
def lockout_shared():
    client, phone = customer()
    with ThreadPoolExecutor(30) as pool:
        tries = list(pool.map(lambda _: Client().post("/api/v1/auth/login", {"login": phone, "password": "wrong-1234"}),
                              range(30)))
    wrong = sum(1 for t in tries if t.code == "invalid_credentials")
    locked = sum(1 for t in tries if t.code == "locked")
    upstreams = {upstream_port(t) for t in tries}
    assert wrong <= 5, f"{wrong} passwords were checked"
    assert wrong + locked == 30, [t.code for t in tries]
    return f"{wrong} checked, {locked} locked out, spread over {len(upstreams)} instances"


def failed_login_seen_from(url, source, forwarded):
    """A wrong password sent from `source` claiming `forwarded`; the address the audit log wrote."""
    target = urlparse(url)
    last = int(psql("SELECT COALESCE(MAX(id), 0) FROM audit_log"))
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(target.hostname, target.port, context=TLS,
                                                 source_address=(source, 0), timeout=10)
    else:
        connection = http.client.HTTPConnection(target.hostname, target.port, source_address=(source, 0), timeout=10)
    body = json.dumps({"login": "+375291000000", "password": "wrong-password"})
    connection.request("POST", "/api/v1/auth/login", body=body,
                       headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded})
    status = connection.getresponse().status
    connection.close()
    assert status == 401, f"answered {status}"
    return psql(f"SELECT COALESCE(ip, '') FROM audit_log WHERE id > {last} AND event = 'login_failed' ORDER BY id LIMIT 1")


@check("X-Forwarded-For is believed from the proxy only, and the proxy replaces what a client claims")
def forwarded_for_from_the_proxy_only():
    # The whole of 127.0.0.0/8 is this machine: 127.0.0.3 plays a client, nginx talks from 127.0.0.1.
    through_proxy = failed_login_seen_from(PROXY, "127.0.0.3", "203.0.113.9")
    direct = failed_login_seen_from(NODES[0], "127.0.0.3", "203.0.113.9")
    assert through_proxy == "127.0.0.3", f"through the proxy the instance wrote {through_proxy}"
    assert direct == "127.0.0.3", f"directly the instance wrote {direct}"
    return (f"a client at 127.0.0.3 claiming 203.0.113.9: through the proxy recorded as {through_proxy}, "
            f"directly as {direct}")


print("cluster checks:", "all passed" if not failures else f"{len(failures)} failed", flush=True)
sys.exit(1 if failures else 0)
