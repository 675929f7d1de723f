// Issue 4's journey: a customer files a request, an operator answers it from the queue,
// the customer reads the answer and marks the problem solved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { usePortal, phonePage, shot, registerCustomer, signInOperator } from "./harness.mjs";

let portal, browser;
usePortal((p, b) => {
  portal = p;
  browser = b;
});

test("customer files, operator answers from the queue, customer marks it solved", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-22-44", "+375291112244");
  await customer.goto(portal.url + "/tickets");
  await customer.getByRole("link", { name: "Новая заявка" }).click();
  await customer.getByLabel("Услуга").selectOption("ecp-token");
  await customer.getByLabel("Тема").fill("Токен не определяется");
  await customer.getByLabel("Описание").fill("После обновления Windows носитель не виден в Avest CSP.");
  await customer.getByLabel("Файлы").setInputFiles({ name: "ошибка.txt", mimeType: "text/plain", buffer: Buffer.from("Ошибка 0x80090016: набор ключей не существует") });
  await shot(customer, "10-new-ticket");
  await customer.getByRole("button", { name: "Отправить заявку" }).click();
  await customer.waitForURL(/\/tickets\/\d{4}-\d{6}\?done=ticket-filed/);
  const number = customer.url().match(/(\d{4}-\d{6})/)[1];
  assert.match(await customer.locator("main").innerText(), /Заявка принята/);
  const notice = await portal.secret("+375291112244", "ticket_update");
  assert.ok(notice.length > 0);

  const operator = await signInOperator(portal, browser);
  await operator.getByRole("link", { name: "Неназначенные" }).click();
  await operator.getByRole("link", { name: number }).click();
  await operator.waitForURL(`**/staff/tickets/${number}`);
  assert.match(await operator.locator("#requester").innerText(), /Клиентов Павел/);
  const fileLink = operator.getByRole("link", { name: "ошибка.txt" });
  const href = await fileLink.getAttribute("href");
  const download = await operator.request.get(portal.url + href);
  assert.equal(download.status(), 200);
  assert.match(download.headers()["content-disposition"], /^attachment;/);
  assert.equal(await download.text(), "Ошибка 0x80090016: набор ключей не существует");
  await operator.getByLabel("Сообщение").fill("Проверяем, какая у вас версия драйвера.");
  await operator.getByRole("button", { name: "Внутренняя заметка" }).click();
  await operator.waitForURL("**?done=note-added");
  await operator.getByLabel("Сообщение").fill("Переустановите драйвер носителя с сайта производителя.");
  await operator.getByRole("button", { name: "Ответить клиенту" }).click();
  await operator.waitForURL("**?done=reply-sent");
  await shot(operator, "11-operator-ticket");

  await customer.goto(portal.url + `/tickets/${number}`);
  const conversation = await customer.locator("#conversation").innerText();
  assert.match(conversation, /Переустановите драйвер носителя/);
  assert.doesNotMatch(conversation, /версия драйвера/, "internal notes never reach the customer");
  assert.equal(await customer.locator("#ticket-status").innerText(), "Ожидает вашего ответа", "a reply waits for the customer by default");
  assert.match(await customer.locator("#status-steps").innerText(), /Принята[\s\S]*Ожидает вашего ответа/, "the way the ticket went");
  await customer.getByRole("button", { name: "Проблема решена" }).click();
  await customer.waitForURL("**?done=ticket-solved");
  assert.equal(await customer.locator("#ticket-status").innerText(), "Решена");
  await shot(customer, "12-ticket-solved");
});

test("a new ticket appears in the operator's queue without reloading; a canned response answers it", async () => {
  const operator = await signInOperator(portal, browser);

  // A personal canned response first.
  await operator.goto(portal.url + "/staff/canned");
  await operator.getByLabel("Название").fill("Переустановка драйвера");
  await operator.getByLabel("Текст ответа").fill("Удалите драйвер носителя, перезагрузите компьютер и установите его снова.");
  await operator.getByRole("button", { name: "Сохранить шаблон" }).click();
  assert.match(await operator.locator("#canned-list").innerText(), /Переустановка драйвера/);

  await operator.goto(portal.url + "/staff");
  // The queue opens its event stream; the page is marked, as a reload would lose the mark.
  const streamOpen = operator.waitForResponse((r) => r.url().includes("/staff/events") && r.status() === 200);
  await operator.getByRole("link", { name: "Неназначенные" }).click();
  await streamOpen;
  await operator.evaluate(() => { window.stillTheSamePage = true; });

  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-22-55", "+375291112255");
  await customer.goto(portal.url + "/tickets/new");
  await customer.getByLabel("Услуга").selectOption("ecp-token");
  await customer.getByLabel("Тема").fill("Носитель пропал после обновления");
  await customer.getByLabel("Описание").fill("AvToken не виден в Avest CSP после обновления Windows.");
  await customer.getByRole("button", { name: "Отправить заявку" }).click();
  await customer.waitForURL(/\/tickets\/\d{4}-\d{6}\?done=ticket-filed/);
  const number = customer.url().match(/(\d{4}-\d{6})/)[1];

  const row = operator.locator("#queue tbody tr.fresh", { hasText: number });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.innerText(), /Носитель пропал после обновления/);
  assert.equal(await operator.locator("#live-tickets").isVisible(), true, "the operator is told new tickets arrived");
  assert.equal(await operator.evaluate(() => window.stillTheSamePage), true, "no reload happened");
  await shot(operator, "13-live-queue");

  await row.getByRole("link", { name: number }).click();
  await operator.waitForURL(`**/staff/tickets/${number}`);
  await operator.getByLabel("Шаблон ответа").selectOption({ label: "Переустановка драйвера" });
  await operator.getByRole("button", { name: "Вставить в ответ" }).click();
  assert.match(await operator.getByLabel("Сообщение").inputValue(), /^Удалите драйвер носителя/);
  assert.match(operator.url(), new RegExp(`/staff/tickets/${number}$`), "inserted in place, no navigation");
  await operator.getByRole("button", { name: "Ответить клиенту" }).click();
  await operator.waitForURL("**?done=reply-sent");

  await customer.goto(portal.url + `/tickets/${number}`);
  assert.match(await customer.locator("#conversation").innerText(), /Удалите драйвер носителя, перезагрузите компьютер/);
});
