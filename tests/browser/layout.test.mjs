// Issue 11: every page a customer or an operator works in, at a phone's 360×800 and a desk's
// 1366×768: none scrolls sideways and axe-core finds nothing (both checked by `shot`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { usePortal, phonePage, shot, registerCustomer, signInOperator, fileTicket } from "./harness.mjs";

let portal, browser;
usePortal((p, b) => {
  portal = p;
  browser = b;
});


test("customer pages at 360 px and at a desk's width", async () => {
  const phone = await phonePage(browser);
  await registerCustomer(portal, phone, "+375 29 111-33-01", "+375291113301");
  const number = await fileTicket(portal, phone, "Очень длинная тема заявки о том, что носитель ключей AvToken не определяется");
  await shot(phone, "20-customer-ticket-360");
  await phone.goto(portal.url + "/tickets");
  await shot(phone, "21-customer-list-360");
  await phone.goto(portal.url + "/account");
  await phone.getByLabel("Название токена").fill("Интеграция с 1С");
  await phone.getByRole("button", { name: "Создать токен" }).click();
  await phone.locator("#new-token").waitFor();
  await shot(phone, "22-cabinet-token-360");

  const desk = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "ru-RU" });
  await desk.context().addCookies(await phone.context().cookies());
  for (const [path, name] of [["/tickets", "23-customer-list-1366"], [`/tickets/${number}`, "24-customer-ticket-1366"], ["/account", "25-cabinet-1366"]]) {
    await desk.goto(portal.url + path);
    await shot(desk, name);
  }
});

test("operator pages at a desk's width and at 360 px", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-33-02", "+375291113302");
  const number = await fileTicket(portal, customer, "Не виден носитель");
  for (const [viewport, suffix] of [[{ width: 1366, height: 768 }, "1366"], [{ width: 360, height: 800 }, "360"]]) {
    const operator = await signInOperator(portal, browser, viewport);
    await operator.goto(portal.url + "/staff?queue=all");
    assert.match(await operator.locator("#queue").innerText(), new RegExp(number));
    await shot(operator, `30-queue-${suffix}`);
    await operator.goto(portal.url + `/staff/tickets/${number}`);
    await shot(operator, `31-operator-ticket-${suffix}`);
    await operator.goto(portal.url + "/staff/canned");
    await shot(operator, `32-canned-${suffix}`);
  }
});
