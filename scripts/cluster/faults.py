"""Faults, scripted, on the cluster of `scripts/cluster.sh` (three instances on PostgreSQL
behind nginx): each run counts what the portal acknowledged, finds it afterwards and prints a
table. Started by `scripts/faults.sh`, which brings the cluster up first.

  python3 scripts/cluster/faults.py [--gateway-down 600] [--slow-gateway 20] [--s3-down 60] [--only NAME ...]

Stops PostgreSQL for a few seconds (the machine's own cluster, through pg_ctlcluster) and
mounts a small tmpfs for the disk-full run: run it on a machine of your own, as root.
"""

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid

from load import Load
from portal import (ENV, NODES, ROOT, STATE, Answer, Client, customer, fakes, outbox_settled, psql,
                    random_phone, sms_texts)

rows = []
problems = []


def row(fault, acknowledged, found, lost, duplicated, failed, recovery, note=""):
    rows.append((fault, acknowledged, found, lost, duplicated, failed, recovery, note))
    print(f"  {fault}: acknowledged {acknowledged}, found {found}, lost {lost}, duplicated {duplicated}, "
          f"failed {failed}, recovery {recovery}. {note}", flush=True)
    if lost or duplicated:
        problems.append(fault)


def expect(condition, what):
    if not condition:
        problems.append(what)
        print(f"  PROBLEM: {what}", flush=True)


def cluster(*args):
    subprocess.run([os.path.join(ROOT, "scripts", "cluster.sh"), *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def status_of(url, timeout=3):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except Exception:
        return None


def kill_an_instance():
    print("kill -9 of instance 2 while 8 clients file tickets and register through the proxy", flush=True)
    load = Load()
    timing = {"started": time.time()}

    def during():
        time.sleep(5)
        cluster("kill", "2")
        timing["killed"] = time.time()
        time.sleep(10)
        timing["restart"] = time.time()
        cluster("start", "2")
        timing["back"] = time.time() - timing["restart"]

    load.run(30, during)
    acknowledged, found, lost, duplicated = load.verify()
    outbox_settled()
    resent = sms_resent_since(timing["started"])
    row("kill -9 of one of three instances (8 clients, 30 s)", acknowledged, found, lost, duplicated, load.failed,
        f"{timing['back']:.1f} s to start again",
        f"errors {load.errors or 'none'}; slowest {load.slowest:.1f} s; {resent} SMS the killed instance had "
        "handed to the gateway but not yet marked sent went again after its lease, with the same Idempotency-Key")


def restart_postgres(down_seconds=6):
    print(f"PostgreSQL stopped for {down_seconds} s under the same load", flush=True)
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    pg = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]
    load = Load()
    seen = {}

    def during():
        time.sleep(5)
        subprocess.run(pg + ["stop", "-m", "fast"], check=True)
        time.sleep(1)
        seen["down"] = [status_of(node + "/readyz") for node in NODES]
        time.sleep(down_seconds - 1)
        subprocess.run(pg + ["start"], check=True)
        started = time.time()
        while time.time() - started < 60:
            if all(status_of(node + "/readyz") == 200 for node in NODES):
                break
            time.sleep(0.1)
        seen["ready"] = time.time() - started

    started = time.time()
    load.run(25, during)
    acknowledged, found, lost, duplicated = load.verify()
    outbox_settled()
    resent = sms_resent_since(started)
    timeout = 30
    expect(seen["down"] == [503, 503, 503], f"/readyz while PostgreSQL was down: {seen['down']}")
    expect(seen["ready"] <= 5, f"/readyz took {seen['ready']:.1f} s to say 200")
    expect(load.slowest < timeout, f"a request took {load.slowest:.1f} s (the request timeout is {timeout} s)")
    row(f"PostgreSQL stopped {down_seconds} s, then started", acknowledged, found, lost, duplicated, load.failed,
        f"/readyz 200 on all three {seen['ready']:.1f} s after the start",
        f"/readyz while down: {seen['down']}; errors {load.errors or 'none'}; slowest request {load.slowest:.1f} s; "
        f"no instance restarted; {resent} SMS handed to the gateway while their marking failed went again, "
        "with the same Idempotency-Key")


def registrations_while(count, body_prefix):
    """Starts `count` registrations through the proxy; the ids of those answered 201."""
    ids = []
    for _ in range(count):
        answer = Client().post("/api/v1/registrations", {
            "phone": random_phone(), "last_name": body_prefix, "first_name": "Ждущий",
            "accept_personal_data": True, "accept_terms": True})
        if answer.status == 201:
            ids.append(answer.json["registration_id"])
    return ids


def sms_resent_since(started):
    """SMS the gateway received again, with a key it had received already, since `started`."""
    receipts = {}
    for entry in sms_texts():
        receipts.setdefault(entry["key"], []).append(entry["at"])
    return sum(1 for times in receipts.values() if len(times) > 1 and max(times) >= started)


def sms_delivery_figures(ids, started):
    stats = fakes("/stats")["sms"]
    delivered = {e["key"] for e in sms_texts()}
    found = sum(1 for i in ids if f"{i}:1" in delivered)
    in_outbox = int(psql("SELECT count(*) FROM outbox WHERE channel = 'sms'"))
    gave_up = int(psql("SELECT count(*) FROM outbox WHERE channel = 'sms' AND status = 'failed'"))
    return stats, found, in_outbox, gave_up, sms_resent_since(started)


def gateway_down(seconds):
    print(f"the SMS gateway answers 500 for {seconds} s while people register", flush=True)
    fakes("/mode", {"status": 500, "delay": 0})
    ids = []
    started = time.time()
    while time.time() - started < seconds:
        ids += registrations_while(5, "Безсвязи")
        time.sleep(min(30, max(0, seconds - (time.time() - started))))
    fakes("/mode", {"status": 200, "delay": 0})
    back = time.time()
    outbox_settled(timeout=3600)
    recovery = time.time() - back
    stats, found, in_outbox, gave_up, resent = sms_delivery_figures(ids, started)
    lost = len(ids) - found + (in_outbox - stats["distinct"]) + gave_up
    row(f"SMS gateway down {seconds / 60:g} min (500), then up", len(ids), found, lost, resent, 0,
        f"backlog drained {recovery:.1f} s after the gateway was back",
        f"codes queued during the outage: {len(ids)}; all SMS so far: {in_outbox} queued, "
        f"{stats['distinct']} delivered, {gave_up} given up")


def slow_gateway(delay):
    print(f"every send takes {delay} s at the gateway (leases of 15 s)", flush=True)
    fakes("/mode", {"status": 200, "delay": delay})
    started = time.time()
    ids = registrations_while(12, "Медленный")
    outbox_settled(timeout=1800)
    took = time.time() - started
    fakes("/mode", {"status": 200, "delay": 0})
    stats, found, in_outbox, gave_up, resent = sms_delivery_figures(ids, started)
    lost = len(ids) - found + (in_outbox - stats["distinct"]) + gave_up
    row(f"SMS gateway slow ({delay} s a send)", len(ids), found, lost, resent, 0,
        f"all sent {took:.0f} s after the first", f"{stats['received']} sends received for {stats['distinct']} keys")


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(client, subject, language="ru", base=None):
    body, content_type = multipart({"service": "ecp-issue", "subject": subject, "body": "Скан во вложении."},
                                   [("скан.pdf", b"%PDF-1.4 " + os.urandom(200_000))])
    request = urllib.request.Request((base or client.base) + "/api/v1/tickets", data=body, method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("Accept-Language", language)
    request.add_header("Cookie", client.cookie_header())
    try:
        with client.opener.open(request, timeout=60) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def bucket_keys():
    with urllib.request.urlopen(ENV["S3"] + "/helpdesk", timeout=10) as response:
        return response.read().decode().count("<Key>")


def s3_down(seconds):
    print(f"the S3 server frozen (SIGSTOP) for {seconds} s", flush=True)
    person, _ = customer()
    before = upload(person, "До остановки хранилища")
    assert before.status == 201, before.raw
    number = before.json["number"]
    detail = person.get(f"/api/v1/tickets/{number}")
    url = detail.json["messages"][0]["attachments"][0]["url"]
    moto = int(open(os.path.join(STATE, "s3.pid")).read())
    os.kill(moto, signal.SIGSTOP)
    frozen = time.time()
    refused, messages, downloads = [], set(), []
    try:
        while time.time() - frozen < seconds:
            answer = upload(person, "Во время остановки", language="be")
            refused.append(answer.status)
            messages.add(answer.json.get("error", {}).get("message", answer.raw[:80].decode("utf-8", "replace")))
            downloads.append(person.get(url).status)
            time.sleep(5)
    finally:
        os.kill(moto, signal.SIGCONT)
    resumed = time.time()
    while person.get(url).status != 200 and time.time() - resumed < 60:
        time.sleep(0.2)
    recovery = time.time() - resumed
    after = upload(person, "После остановки хранилища")
    rows_now = int(psql("SELECT count(*) FROM attachments"))
    time.sleep(2)
    keys = bucket_keys()
    expect(set(refused) == {503}, f"uploads while the bucket was away answered {sorted(set(refused))}")
    expect(after.status == 201, f"an upload afterwards answered {after.status}")
    acknowledged = 2 if after.status == 201 else 1
    row(f"S3 server frozen {seconds} s", acknowledged, acknowledged, 0, 0, len(refused),
        f"downloads back {recovery:.1f} s after it resumed",
        f"{len(refused)} uploads refused with 503 ({'; '.join(sorted(messages))}); downloads meanwhile "
        f"{sorted(set(downloads))}; attachments in the database {rows_now}, objects in the bucket {keys}")
    expect(keys == rows_now, f"objects in the bucket {keys} != attachments {rows_now} (half-stored)")


def disk_full():
    """A single instance on SQLite with its data directory on a 24 MiB tmpfs, filled up."""
    print("disk full: one SQLite instance on a 24 MiB tmpfs, filled", flush=True)
    mount = os.path.join(STATE, "small-disk")
    os.makedirs(mount, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount], check=True)
    port = free_port()
    env = dict(os.environ, HELPDESK_LISTEN=f"127.0.0.1:{port}", HELPDESK_DATA_DIR=mount,
               HELPDESK_DATABASE_URL="", HELPDESK_LOG_FORMAT="json")
    env.pop("HELPDESK_DATABASE_URL")
    log = open(os.path.join(STATE, "small-disk.log"), "ab")
    server = subprocess.Popen([ENV["BIN"]], env=env, stdout=log, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if status_of(base + "/healthz") == 200:
                break
            time.sleep(0.1)
        person = small_disk_customer(base, mount)
        acknowledged = []
        filler = os.path.join(mount, "filler")
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M"], stderr=subprocess.DEVNULL)
        answers, refused = [], []

        def note(answer):
            if answer.status == 201:
                acknowledged.append(answer.json["number"])
                return
            refused.append(answer.status)
            if (answer.status, answer.code) not in answers:
                answers.append((answer.status, answer.code))

        # Files first, then tickets with long texts until the database has no room left either.
        for i in range(3):
            note(upload(person, f"Диск полон {i}", base=base))
        for i in range(300):
            answer = person.post("/api/v1/tickets", {"service": "ecp-token", "subject": f"Диск полон, текст {i}",
                                                     "body": "Длинный текст заявки. " * 400}, base=base)
            note(answer)
            if answer.status != 201:
                break
        expect(any(code == "unavailable" for _, code in answers), f"the database never filled up: {answers}")
        os.remove(filler)
        freed = time.time()
        after = person.post("/api/v1/tickets", {"service": "ecp-token", "subject": "Место есть", "body": "Текст."},
                            base=base)
        recovery = time.time() - freed
        if after.status == 201:
            acknowledged.append(after.json["number"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = sqlite3.connect(os.path.join(mount, "helpdesk.db"))
    integrity = database.execute("PRAGMA integrity_check").fetchone()[0]
    stored = {r[0] for r in database.execute("SELECT number FROM tickets")}
    database.close()
    subprocess.run(["umount", mount], check=True)
    found = sum(1 for n in acknowledged if n in stored)
    expect(all(status == 503 for status, _ in answers), f"answers on a full disk: {answers}")
    expect(integrity == "ok", f"integrity_check: {integrity}")
    expect(after.status == 201, f"after freeing space: {after.status}")
    row("disk full (SQLite and attachments on a 24 MiB tmpfs)", len(acknowledged), found,
        len(acknowledged) - found, 0, len(refused),
        f"accepted again at once ({recovery * 1000:.0f} ms after space was freed)",
        f"answers while full (each kind once): {answers}; integrity_check {integrity}")


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def small_disk_customer(base, data_dir):
    client, phone = Client(base), random_phone()
    answer = client.post("/api/v1/registrations", {"phone": phone, "last_name": "Местов", "first_name": "Иван",
                                                   "accept_personal_data": True, "accept_terms": True})
    assert answer.status == 201, answer.raw
    registration = answer.json["registration_id"]

    def secret(key):
        outbox = os.path.join(data_dir, "sms-outbox.jsonl")
        for _ in range(200):
            if os.path.exists(outbox):
                with open(outbox, encoding="utf-8") as f:
                    for line in f:
                        entry = json.loads(line)
                        if entry.get("id") == key:
                            return entry["text"].split()[-1]
            time.sleep(0.05)
        raise AssertionError(f"no SMS {key}")

    answer = client.post(f"/api/v1/registrations/{registration}/confirm", {"code": secret(f"{registration}:1")})
    assert answer.status == 200, answer.raw
    password = secret(f"{registration}:password")
    answer = client.post("/api/v1/auth/login", {"login": phone, "password": password})
    assert answer.status == 200, answer.raw
    return client


def print_table():
    header = "| fault | acknowledged | found afterwards | lost | duplicated | failed during the fault | recovery |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---|"]
    for fault, acknowledged, found, lost, duplicated, failed, recovery, _ in rows:
        lines.append(f"| {fault} | {acknowledged} | {found} | {lost} | {duplicated} | {failed} | {recovery} |")
    notes = [f"- {fault}: {note}" for fault, *_, note in rows if note]
    text = "\n".join(lines + [""] + notes)
    print("\n" + text)
    with open(os.path.join(STATE, "faults.md"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway-down", type=int, default=600, help="seconds the SMS gateway answers 500")
    parser.add_argument("--slow-gateway", type=int, default=20, help="seconds each send takes at the gateway")
    parser.add_argument("--s3-down", type=int, default=60, help="seconds the S3 server is frozen")
    parser.add_argument("--only", nargs="*", help="kill postgres gateway slow s3 disk")
    args = parser.parse_args()
    runs = {
        "kill": kill_an_instance,
        "postgres": restart_postgres,
        "gateway": lambda: gateway_down(args.gateway_down),
        "slow": lambda: slow_gateway(args.slow_gateway),
        "s3": lambda: s3_down(args.s3_down),
        "disk": disk_full,
    }
    for name, run in runs.items():
        if not args.only or name in args.only:
            run()
    print_table()
    print("\nfaults:", "0 acknowledged requests lost, 0 duplicated, every expectation met" if not problems
          else f"problems: {problems}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
