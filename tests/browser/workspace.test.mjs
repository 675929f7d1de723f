// Issue 11: the operator's two-pane workspace — a reply with its status choice, a draft kept on
// the server across a reload, and two operators on one ticket seeing each other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { usePortal, phonePage, shot, registerCustomer, signInOperator, fileTicket } from "./harness.mjs";

let portal, browser;
usePortal((p, b) => {
  portal = p;
  browser = b;
});

test("two-pane reply with a status choice, a draft that survives a reload, two operators on one ticket", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-44-01", "+375291114401");
  await customer.goto(portal.url + "/tickets/new");
  await customer.getByLabel("Услуга").selectOption("ecp-token");
  await customer.getByLabel("Тема").fill("Сертификат не виден в браузере");
  await customer.getByLabel("Описание").fill("После обновления браузер не предлагает сертификат при входе на портал.");
  await customer.getByRole("button", { name: "Отправить заявку" }).click();
  await customer.waitForURL(/\/tickets\/\d{4}-\d{6}\?done=ticket-filed/);
  const number = customer.url().match(/(\d{4}-\d{6})/)[1];

  const anna = await signInOperator(portal, browser);
  await anna.goto(portal.url + `/staff/tickets/${number}`);
  // Two panes: the attributes beside the conversation, the reply box on the first screen.
  const conversation = await anna.locator(".conversation").boundingBox();
  const panel = await anna.locator(".panel").boundingBox();
  assert.ok(panel.x >= conversation.x + conversation.width, `side by side: ${JSON.stringify({ conversation, panel })}`);
  const reply = anna.getByLabel("Сообщение");
  const box = await reply.boundingBox();
  assert.ok(box.y + box.height < 768, `the reply box is at hand without scrolling (bottom at ${box.y + box.height})`);
  assert.equal(await anna.getByRole("radio", { name: "Ожидает ответа клиента" }).isChecked(), true, "the default choice");

  // The draft is kept as it is typed and comes back after a reload.
  const saved = anna.waitForResponse((r) => r.url().endsWith("/draft") && r.status() === 204);
  await reply.fill("Здравствуйте! Откройте настройки браузера и");
  await saved;
  await anna.reload();
  assert.equal(await anna.getByLabel("Сообщение").inputValue(), "Здравствуйте! Откройте настройки браузера и");

  // A colleague opens the same ticket: each sees the other, live.
  const oleg = await signInOperator(portal, browser, { width: 1366, height: 768 }, "operator2");
  await oleg.goto(portal.url + `/staff/tickets/${number}`);
  // Anna reloaded a moment ago: her page's goodbye may overtake its first beat, so her presence
  // may take a second beat to come back (the page beats again 1.5 s after loading).
  await oleg.locator("#presence", { hasText: "Анна Петрова" }).waitFor({ timeout: 15000 });
  await anna.getByLabel("Сообщение").press("End");
  await anna.getByLabel("Сообщение").pressSequentially(" выберите сертификат.");
  await oleg.locator("#presence", { hasText: "Анна Петрова пишет ответ" }).waitFor({ timeout: 15000 });
  await anna.locator("#presence", { hasText: "Олег Сидоров смотрит эту заявку" }).waitFor({ timeout: 15000 });
  await shot(oleg, "40-workspace-colleague-1366");

  await anna.getByRole("radio", { name: "Решена" }).check();
  await shot(anna, "41-workspace-reply-1366");
  await anna.getByRole("button", { name: "Ответить клиенту" }).click();
  await anna.waitForURL("**?done=reply-sent");
  assert.equal(await anna.locator("#ticket-status").innerText(), "Решена");
  assert.equal(await anna.getByLabel("Сообщение").inputValue(), "", "sending cleared the draft");
  assert.match(await anna.locator("#timeline li").first().innerText(), /выберите сертификат/, "newest first, beside the reply box");

  // One «Сохранить» for the attributes: the colleague takes the ticket back into work.
  await oleg.reload();
  await oleg.getByLabel("Статус").selectOption({ label: "В работе" });
  await oleg.getByLabel("Исполнитель").selectOption({ label: "Олег Сидоров" });
  await oleg.getByRole("button", { name: "Сохранить", exact: true }).click();
  await oleg.waitForURL("**?done=ticket-saved");
  assert.equal(await oleg.locator("#assignee").innerText(), "Олег Сидоров");
  assert.match(await oleg.locator("#timeline").innerText(), /Исполнитель: — → Олег Сидоров/);

  const phone = await signInOperator(portal, browser, { width: 360, height: 800 });
  await phone.goto(portal.url + `/staff/tickets/${number}`);
  await shot(phone, "42-workspace-360");
});


test("a customer's reply appears live in the operator's queue, moved up and marked", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-44-02", "+375291114402");
  const older = await fileTicket(portal, customer, "Первая заявка: токен");
  const newer = await fileTicket(portal, customer, "Вторая заявка: сертификат");

  const operator = await signInOperator(portal, browser);
  const streamOpen = operator.waitForResponse((r) => r.url().includes("/staff/events?queue=all") && r.status() === 200);
  await operator.goto(portal.url + "/staff?queue=all");
  await streamOpen;
  const numbers = () => operator.locator("#queue tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.number));
  assert.deepEqual((await numbers()).slice(0, 2), [newer, older]);
  await operator.evaluate(() => { window.stillTheSamePage = true; });

  await customer.goto(portal.url + `/tickets/${older}`);
  await customer.getByLabel("Ваш ответ").fill("Забыл написать: носитель AvToken.");
  await customer.getByRole("button", { name: "Отправить", exact: true }).click();
  await customer.waitForURL("**?done=reply-sent");

  const row = operator.locator("#queue tbody tr.fresh", { hasText: older });
  await row.waitFor({ timeout: 10000 });
  assert.equal((await numbers())[0], older, "moved to the top");
  assert.equal(await operator.locator(`#queue tbody tr[data-number="${older}"]`).count(), 1, "moved, not copied");
  assert.match(await row.locator(".cell-updated").innerText(), /\d{2}\.\d{2}\.\d{4}/, "the columns are filled");
  assert.match(await row.locator(".cell-sla").innerText(), /осталось|просрочено/, "the business time left");
  assert.match(await operator.locator("#live-tickets").innerText(), /обновился/);
  assert.equal(await operator.evaluate(() => window.stillTheSamePage), true, "no reload happened");
  await shot(operator, "43-live-queue-reply-1366");
});

test("keyboard shortcuts in the console, never while typing", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-44-03", "+375291114403");
  const number = await fileTicket(portal, customer, "Клавиатурная заявка");

  const operator = await signInOperator(portal, browser);
  await operator.goto(portal.url + "/staff?queue=all");
  await operator.keyboard.press("?");
  assert.equal(await operator.locator("#shortcuts").isVisible(), true, "? lists the shortcuts");
  await shot(operator, "44-shortcuts-1366");
  await operator.keyboard.press("Escape");
  assert.equal(await operator.locator("#shortcuts").isVisible(), false);

  await operator.keyboard.press("/");
  assert.equal(await operator.evaluate(() => document.activeElement.id), "q", "/ goes to the search");
  await operator.keyboard.type("jk");
  assert.equal(await operator.locator("#q").inputValue(), "jk", "letters typed into a field stay letters");
  assert.equal(await operator.locator("#queue tr.current").count(), 0);
  await operator.locator("#q").fill("");
  await operator.locator("h1").click();

  await operator.keyboard.press("j");
  await operator.keyboard.press("j");
  await operator.keyboard.press("k");
  const current = await operator.locator("#queue tbody tr.current").getAttribute("data-number");
  assert.equal(current, await operator.locator("#queue tbody tr").first().getAttribute("data-number"), "j, j, k: back on the first row");
  assert.equal(current, number, "the newest ticket is first");
  await operator.keyboard.press("Enter");
  await operator.waitForURL(`**/staff/tickets/${number}`);

  await operator.keyboard.press("a");
  await operator.waitForURL("**?done=ticket-saved");
  assert.equal(await operator.locator("#assignee").innerText(), "Анна Петрова", "a assigns the ticket to me");
  await operator.keyboard.press("n");
  assert.equal(await operator.evaluate(() => document.activeElement.id), "body", "n starts a note");
  await operator.keyboard.type("Проверить журнал Avest.");
  await operator.keyboard.press("Control+Enter");
  await operator.waitForURL("**?done=note-added");
  assert.match(await operator.locator("#timeline li.internal").first().innerText(), /Проверить журнал Avest/);
});

test("a bulk assignment: tick a row, shift-click a range, choose, apply", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-44-04", "+375291114404");
  const filed = [];
  for (const subject of ["Пакет 1", "Пакет 2", "Пакет 3"]) filed.push(await fileTicket(portal, customer, subject));

  const operator = await signInOperator(portal, browser);
  await operator.goto(portal.url + "/staff?queue=all");
  const top = await operator.locator("#queue tbody tr").evaluateAll((rows) => rows.slice(0, 3).map((r) => r.dataset.number));
  assert.deepEqual(top, filed.slice().reverse(), "the three new tickets head the list");
  await operator.getByRole("checkbox", { name: `Выбрать заявку ${top[0]}` }).click();
  await operator.getByRole("checkbox", { name: `Выбрать заявку ${top[2]}` }).click({ modifiers: ["Shift"] });
  const ticked = await operator.locator('#queue tbody input[name="ticket"]:checked').evaluateAll((b) => b.map((x) => x.value));
  assert.deepEqual(ticked, top, "Shift+click ticks the range");
  await operator.locator("#bulk-assignee").selectOption({ label: "Олег Сидоров" });
  await operator.locator("#bulk-priority").selectOption({ label: "Высокий" });
  await shot(operator, "45-bulk-1366");
  await operator.getByRole("button", { name: "Применить к отмеченным" }).click();
  await operator.waitForURL("**/staff/bulk**");
  const changed = await operator.locator("#bulk-changed li").allInnerTexts();
  assert.deepEqual(changed.slice().sort(), top.slice().sort());
  assert.equal(await operator.locator("#bulk-refused").count(), 0);
  await shot(operator, "46-bulk-result-1366");
  await operator.locator("#back-to-queue").click();
  await operator.waitForURL("**/staff?queue=all");
});

test("a merge: the duplicate's messages join the other ticket of the same customer", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-44-05", "+375291114405");
  const kept = await fileTicket(portal, customer, "Носитель не виден");
  const duplicate = await fileTicket(portal, customer, "Носитель не виден (повторно)");

  const operator = await signInOperator(portal, browser);
  await operator.goto(portal.url + `/staff/tickets/${duplicate}`);
  await operator.getByLabel("Объединить с заявкой №").fill(kept);
  await operator.getByRole("button", { name: "Объединить", exact: true }).click();
  await operator.waitForURL(`**/staff/tickets/${kept}?done=tickets-merged`);
  assert.match(await operator.locator("main").innerText(), /Заявки объединены\./);
  assert.equal(await operator.locator("#timeline li.customer").count(), 2, "both messages are here now");
  assert.match(await operator.locator("#merged-from").innerText(), new RegExp(duplicate));
  await shot(operator, "47-merged-1366");

  await customer.goto(portal.url + `/tickets/${duplicate}`);
  assert.equal(await customer.locator("#ticket-status").innerText(), "Закрыта");
  await customer.locator("#merged-into a").click();
  await customer.waitForURL(`**/tickets/${kept}`);
  assert.match(await customer.locator("#conversation").innerText(), /ошибка 0x80090016[\s\S]*ошибка 0x80090016/);
});

test("a picture shows as a thumbnail and opens a preview", async () => {
  const customer = await phonePage(browser);
  await registerCustomer(portal, customer, "+375 29 111-44-06", "+375291114406");
  const png = Buffer.from((await customer.evaluate(() => {
    const c = document.createElement("canvas");
    c.width = 900; c.height = 600;
    const g = c.getContext("2d");
    g.fillStyle = "#0b5cad"; g.fillRect(0, 0, 900, 600);
    g.fillStyle = "#fff"; g.font = "bold 80px sans-serif"; g.fillText("Ошибка 0x80090016", 40, 320);
    return c.toDataURL("image/png");
  })).split(",")[1], "base64");
  await customer.goto(portal.url + "/tickets/new");
  await customer.getByLabel("Услуга").selectOption("ecp-token");
  await customer.getByLabel("Тема").fill("Скриншот ошибки");
  await customer.getByLabel("Описание").fill("Прикладываю снимок экрана.");
  await customer.getByLabel("Файлы").setInputFiles([
    { name: "снимок.png", mimeType: "image/png", buffer: png },
    { name: "журнал.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 журнал") },
  ]);
  await customer.getByRole("button", { name: "Отправить заявку" }).click();
  await customer.waitForURL(/\/tickets\/\d{4}-\d{6}\?done=ticket-filed/);
  const number = customer.url().match(/(\d{4}-\d{6})/)[1];

  const operator = await signInOperator(portal, browser);
  await operator.goto(portal.url + `/staff/tickets/${number}`);
  const thumb = operator.getByRole("img", { name: "снимок.png" });
  await thumb.waitFor();
  // Thumbnails load lazily: one below the fold loads when it is scrolled to.
  await thumb.scrollIntoViewIfNeeded();
  await thumb.evaluate((img) => (img.complete && img.naturalWidth > 0) || new Promise((loaded, failed) => {
    img.addEventListener("load", loaded, { once: true });
    img.addEventListener("error", () => failed(new Error("the thumbnail did not load")), { once: true });
  }));
  const size = await thumb.evaluate((img) => ({ w: img.naturalWidth, h: img.naturalHeight, done: img.complete }));
  assert.deepEqual(size, { w: 240, h: 160, done: true }, "a server-made thumbnail, not the picture");
  assert.equal(await operator.locator(".file-icon", { hasText: "PDF" }).count(), 1);
  await thumb.click();
  assert.equal(await operator.locator("#preview").isVisible(), true, "a click opens the preview");
  assert.equal(await operator.locator("#preview-name").innerText(), "снимок.png");
  await shot(operator, "48-preview-1366");
  await operator.keyboard.press("Escape");
  await shot(operator, "49-thumbnail-1366");
  await customer.goto(portal.url + `/tickets/${number}`);
  await shot(customer, "50-customer-thumbnail-360");
});
