// The administration as a new administrator meets it (issue 12): the second factor at the first
// sign-in, then a group, a policy, a service, an operator, a windows-1251 registry with one bad
// line, an SMS text and a new consent version — all in the browser, at 360 px; then the new
// operator turns on the second factor and signs in with it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { usePortal, phonePage, shot, totp, windows1251 } from "./harness.mjs";

let portal, browser;
usePortal((p, b) => { portal = p; browser = b; });

/** Signs in with login and password; answers the second factor when asked, with a fresh code. */
async function signIn(page, login, password) {
  await page.goto(portal.url + "/login");
  await page.fill("#login", login);
  await page.fill("#password", password);
  await page.click("#login-submit");
  await page.waitForLoadState("load");
}

/** Waits for a page that says what was done (`?done=…`) and returns its path without the query. */
async function done(page) {
  await page.waitForURL(/[?&]done=/);
  return new URL(page.url()).pathname;
}

let operatorPassword;

test("an administrator sets up a group, a policy, a service, an operator, the registry, a text and a consent", async () => {
  portal.cli(["staff", "create", "--login", "root", "--name", "Админов Пётр", "--role", "administrator", "--password-stdin"], "admin password 12\n");
  const page = await phonePage(browser);
  await signIn(page, "root", "admin password 12");
  await page.waitForURL("**/login/second-factor/enrol**");
  const secret = (await page.locator("#totp-secret").innerText()).trim();
  assert.match(secret, /^[A-Z2-7 ]{20,}$/, "the secret in groups, for typing");
  assert.equal(await page.locator("#totp-qr svg").count(), 1, "a QR code drawn by the portal");
  await shot(page, "60-admin-enrol-360");
  await page.fill("#totp", totp(secret));
  await page.click("#totp-submit");
  await page.waitForSelector("#recovery-codes");
  assert.equal(await page.locator("#recovery-codes li").count(), 10);
  await page.click("#recovery-continue");

  // A group.
  await page.goto(portal.url + "/admin/groups");
  await page.fill("#group_code", "field");
  await page.fill("#name_ru", "Выездная поддержка");
  await page.fill("#name_be", "Выязная падтрымка");
  await page.fill("#name_en", "Field support");
  await page.click("#create-group");
  await done(page);
  assert.match(await page.content(), /Выездная поддержка/);

  // A policy: first response in two working hours, resolution in a working day.
  await page.goto(portal.url + "/admin/sla/new");
  await page.fill("#name_ru", "Выезд");
  await page.fill("#name_be", "Выезд");
  await page.fill("#name_en", "On-site");
  await page.fill("#list_order", "5");
  await page.fill("#first_response", "два часа");
  await page.click("#save-policy");
  assert.match(await page.locator("#first_response-error").innerText(), /Первый ответ, рабочих минут/, "a field error in words");
  await page.fill("#first_response", "120");
  await page.fill("#resolution", "480");
  await page.fill("#warn_percent", "75");
  await shot(page, "61-admin-policy-360");
  await page.click("#save-policy");
  const policyPath = await done(page);
  const policyId = policyPath.split("/").pop();

  // A service of the ЭЦП section, routed to the new group, under the new policy.
  await page.goto(portal.url + "/admin/services/new");
  await page.fill("#service_code", "ecp-field");
  await page.selectOption("#parent", "ecp");
  await page.fill("#name_ru", "Выезд специалиста");
  await page.fill("#name_be", "Выезд спецыяліста");
  await page.fill("#name_en", "On-site visit");
  await page.selectOption("#group", "field");
  await page.selectOption("#sla_policy", policyId);
  await page.click("#save-service");
  await done(page);
  const services = await (await fetch(portal.url + "/api/v1/services")).json();
  const ecp = services.find((s) => s.code === "ecp");
  assert.ok(ecp.children.some((c) => c.code === "ecp-field"), "customers can choose it");

  // An operator of the new group, with a password shown once.
  await page.goto(portal.url + "/admin/staff/new");
  await page.fill("#login", "ivanova.o");
  await page.fill("#last_name", "Иванова");
  await page.fill("#first_name", "Ольга");
  await page.selectOption("#role", "operator");
  await page.check('#groups input[value="field"]');
  await page.click("#save-staff");
  await page.waitForSelector("#once-password");
  operatorPassword = (await page.locator("#once-password").innerText()).trim();
  assert.equal(operatorPassword.length, 10);
  await shot(page, "62-admin-password-once-360");

  // The registry as Excel saves it: windows-1251, «;», one line with a wrong check digit.
  await page.goto(portal.url + "/admin/organizations/import");
  await page.setInputFiles("#file", {
    name: "реестр.csv",
    mimeType: "text/csv",
    buffer: windows1251(
      "УНП;Наименование;Адрес;Номер договора;Дата договора\r\n" +
      "190542056;ЧУП «Василёк»;г. Гродно, ул. Советская, 1;Д-2;15.01.2024\r\n" +
      "190542057;Ошибка в УНП;;;\r\n" +
      "100582333;РУП «НЦЭУ»;г. Минск;;\r\n",
    ),
  });
  await page.click("#upload-registry");
  await page.waitForSelector("#registry-preview");
  const preview = await page.locator("#registry-preview").innerText();
  assert.match(preview, /ЧУП «Василёк»/, "read as windows-1251");
  assert.match(preview, /не сходится последняя, контрольная цифра/, "the bad line with its error");
  await shot(page, "63-admin-registry-preview-360");
  const confirm = page.locator("#confirm-import");
  assert.match(await confirm.innerText(), /2 организации/, "only the valid lines");
  await confirm.click();
  await done(page);
  await page.goto(portal.url + "/admin/organizations?q=" + encodeURIComponent("Василёк"));
  assert.match(await page.locator("#org-list").innerText(), /190542056/);

  // The SMS of a new ticket: the preview follows the typing; an unknown placeholder is refused.
  await page.goto(portal.url + "/admin/templates");
  await page.click("#edit-ticket_created-ru");
  await page.fill("#sms", "Техподдержка: заявка {number} принята, ответим {when}.");
  await page.click("#save-template");
  assert.match(await page.locator("#sms-error").innerText(), /уберите подстановку, которой здесь нет/, "the unknown placeholder is refused");
  await page.fill("#sms", "Техподдержка: заявка {number} принята. Мы ответим в рабочее время, по будням с 9 до 18.");
  await page.waitForFunction(() => document.querySelector("#preview-sms")?.textContent.includes("рабочее время"));
  assert.match(await page.locator("#sms-size").innerText(), /^2 SMS/, "Cyrillic over 70 characters: two parts");
  await shot(page, "64-admin-template-360");
  await page.click("#save-template");
  await done(page);

  // A new version of the consent.
  await page.goto(portal.url + "/admin/documents/personal_data");
  await page.fill("#body_ru", "## Что нового\n\nМы храним обращения пять лет.");
  await page.click("#publish-document");
  await done(page);
  const consent = await (await fetch(portal.url + "/docs/consent/v/3")).text();
  assert.match(consent, /храним обращения пять лет/, "the new version at its own address");
  const before = await fetch(portal.url + "/docs/consent/v/2");
  assert.equal(before.status, 200, "the old one stays readable");
  await shot(page, "65-admin-documents-360");

  // The reports over what the demo filed: cards, charts with their tables, files to download.
  await page.goto(portal.url + "/staff/reports");
  assert.match(await page.locator("#report-cards").innerText(), /Подано/);
  assert.ok(await page.locator("svg.chart").count() >= 3, "charts drawn on the server");
  await page.locator("#volume-title ~ details summary").click();
  await shot(page, "67-reports-360");
  await page.fill("#since", "2026-12-31");
  await page.fill("#until", "2026-01-01");
  await page.click("#report-filters button[type=submit]");
  assert.match(await page.locator("#until-error").innerText(), /не раньше/, "a reversed period is a field error");
  await page.context().close();
});

test("the new operator turns on the second factor and signs in with it", async () => {
  assert.ok(operatorPassword, "the administrator's test made the operator");
  const page = await phonePage(browser);
  await signIn(page, "ivanova.o", operatorPassword);
  await page.waitForURL("**/account/password?invited=1");
  await page.fill("#current_password", operatorPassword);
  await page.fill("#new_password", "operator password 42");
  await page.fill("#new_password_repeat", "operator password 42");
  await page.getByRole("button", { name: "Сохранить" }).click();
  await page.waitForLoadState("load");

  await page.goto(portal.url + "/account/second-factor");
  const secret = (await page.locator("#totp-secret").innerText()).trim();
  await shot(page, "66-operator-second-factor-360");
  await page.fill("#totp", "123");
  await page.click("#enrol-submit");
  assert.equal(await page.locator("#totp-error").count(), 1, "a wrong code is a field error");
  await page.fill("#totp", totp(secret));
  await page.click("#enrol-submit");
  await page.waitForSelector("#recovery-codes");
  await page.click("#recovery-continue");
  await page.goto(portal.url + "/account/second-factor");
  assert.equal(await page.locator("#totp-on").count(), 1);

  await page.locator('form[action="/logout"] button').click();
  await page.waitForLoadState("load");
  await signIn(page, "ivanova.o", "operator password 42");
  await page.waitForURL("**/login/second-factor**");
  // The code of enrolment was spent: the app's next code signs in.
  await page.fill("#totp", totp(secret, 1));
  await page.click("#totp-submit");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.goto(portal.url + "/staff");
  assert.equal(new URL(page.url()).pathname, "/staff", "in the console");
  await page.context().close();
});
