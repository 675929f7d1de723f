"""Registers a customer on a running portal and prints a personal API token for them.

Usage: customer_token.py BASE_URL DATA_DIR
Reads the codes and the password from the portal's SMS outbox file (the `file` transport), as
a person would read their SMS, then creates the token in the cabinet as a person would.
Only the standard library, so the CI's virtualenv needs nothing more than schemathesis.
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.parse
import urllib.request

BASE, DATA_DIR = sys.argv[1].rstrip("/"), sys.argv[2]
PHONE = "+375291234500"
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def call(method, path, body=None, form=None):
    data, headers = None, {}
    if body is not None:
        data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    request = urllib.request.Request(BASE + path, data=data, headers=headers, method=method)
    with opener.open(request) as answer:
        return answer.read().decode()


def secret(key):
    for _ in range(200):
        try:
            with open(f"{DATA_DIR}/sms-outbox.jsonl", encoding="utf-8") as outbox:
                for line in outbox:
                    sms = json.loads(line)
                    if sms["id"] == key:
                        return sms["text"].split()[-1]
        except FileNotFoundError:
            pass
        time.sleep(0.05)
    sys.exit(f"no SMS {key}")


registration = json.loads(call("POST", "/api/v1/registrations", {
    "phone": PHONE, "last_name": "Проверкина", "first_name": "Анна",
    "accept_personal_data": True, "accept_terms": True,
}))
rid = registration["registration_id"]
call("POST", f"/api/v1/registrations/{rid}/confirm", {"code": secret(f"{rid}:1")})
call("POST", "/api/v1/auth/login", {"login": PHONE, "password": secret(f"{rid}:password")})
# One ticket, so the ticket operations have something to find.
call("POST", "/api/v1/tickets", {"service": "other-question", "subject": "Проверка API", "body": "Текст заявки."})
cabinet = call("GET", "/account")
csrf = re.search(r'name="csrf" value="([^"]+)"', cabinet).group(1)
page = call("POST", "/account/tokens", form={"csrf": csrf, "token_name": "schemathesis", "token_lifetime": "30"})
print(re.search(r'<code id="new-token">([^<]+)</code>', page).group(1))
