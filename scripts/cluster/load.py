"""Eight clients filing tickets and registering through the proxy, remembering every request
the portal acknowledged (2xx) so that a fault run can look for each one afterwards."""

import threading
import time
import uuid
from collections import Counter

from portal import Client, customer, psql, random_phone, sms_texts


class Load:
    def __init__(self, clients=8):
        self.clients = clients
        self.people = [customer()[0] for _ in range(clients)]
        self.lock = threading.Lock()
        self.tickets = []        # (number, subject) answered 201
        self.registrations = []  # phones whose confirmation answered 200
        self.failed = 0
        self.slowest = 0.0
        self.stop = threading.Event()
        self.errors = {}

    def _note(self, answer, started):
        took = time.time() - started
        with self.lock:
            self.slowest = max(self.slowest, took)
            if answer is None or answer.status >= 300:
                self.failed += 1
                key = "no answer" if answer is None else f"{answer.status} {answer.code or ''}".strip()
                self.errors[key] = self.errors.get(key, 0) + 1
                return False
            return True

    def _call(self, client, method, path, body=None):
        started = time.time()
        try:
            answer = client.call(method, path, body)
        except Exception:  # a broken connection is a failed request, counted, not a crash of the run
            answer = None
        return answer if self._note(answer, started) else None

    def _file(self, person):
        subject = f"Нагрузка {uuid.uuid4().hex[:12]}"
        answer = self._call(person, "POST", "/api/v1/tickets",
                            {"service": "ecp-token", "subject": subject, "body": "Ошибка при подписании."})
        if answer is not None:
            with self.lock:
                self.tickets.append((answer.json["number"], subject))

    def _register(self):
        client, phone = Client(), random_phone()
        answer = self._call(client, "POST", "/api/v1/registrations", {
            "phone": phone, "last_name": "Нагрузкин", "first_name": "Пётр", "accept_personal_data": True,
            "accept_terms": True})
        if answer is None:
            return
        registration = answer.json["registration_id"]
        code = None
        for _ in range(100):  # the code's SMS: through the outbox and the fake gateway
            code = next((e["text"].split()[-1] for e in sms_texts() if e["key"] == f"{registration}:1"), None)
            if code or self.stop.is_set():
                break
            time.sleep(0.1)
        if code is None:
            return
        if self._call(client, "POST", f"/api/v1/registrations/{registration}/confirm", {"code": code}) is not None:
            with self.lock:
                self.registrations.append(phone)

    def _client(self, index):
        person, turn = self.people[index], 0
        while not self.stop.is_set():
            turn += 1
            if turn % 4 == 0:
                self._register()
            else:
                self._file(person)

    def run(self, seconds, during=None):
        """Runs the load for `seconds`, calling `during()` in this thread meanwhile."""
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.clients)]
        for t in threads:
            t.start()
        started = time.time()
        outcome = during() if during else None
        remaining = seconds - (time.time() - started)
        if remaining > 0:
            time.sleep(remaining)
        self.stop.set()
        for t in threads:
            t.join(timeout=120)
        return outcome

    def verify(self):
        """(acknowledged, found, lost, duplicated) over the tickets and the registrations."""
        numbers = {n for n, _ in self.tickets}
        subjects = {s for _, s in self.tickets}
        found_tickets = set(psql("SELECT number FROM tickets WHERE subject LIKE 'Нагрузка %'").split())
        stored = Counter(psql("SELECT subject FROM tickets WHERE subject LIKE 'Нагрузка %'").splitlines())
        duplicated = sum(1 for s in subjects if stored[s] > 1)
        phones = set(self.registrations)
        found_users = set(psql("SELECT phone FROM users WHERE last_name = 'Нагрузкин'").split())
        acknowledged = len(numbers) + len(phones)
        found = len(numbers & found_tickets) + len(phones & found_users)
        return acknowledged, found, acknowledged - found, duplicated
