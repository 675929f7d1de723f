// The seed's journey on a 360×800 phone screen: register, confirm by SMS, log in, cabinet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { usePortal, phonePage, shot } from "./harness.mjs";

let portal, browser;
usePortal((p, b) => {
  portal = p;
  browser = b;
});

test("registration, SMS code, password by SMS, login and cabinet", async () => {
  const page = await phonePage(browser);
  await page.goto(portal.url + "/");
  await shot(page, "01-landing");
  await page.getByRole("link", { name: "Регистрация" }).first().click();
  await page.waitForURL("**/register");

  await page.getByLabel("Фамилия").fill("Коваленко");
  await page.getByRole("textbox", { name: "Имя", exact: true }).fill("Ольга");
  await page.getByLabel("Отчество").fill("Петровна");
  await page.getByLabel("Мобильный телефон").fill("8 029 765-43-21");
  await page.getByLabel("E-mail").fill("olga@example.by");
  await page.getByLabel("УНП организации").fill("100582333");
  await page.getByLabel("Должность").click(); // blur → lookup
  await page.locator("#org-found").waitFor();
  assert.match(await page.locator("#org-result").innerText(), /Организация найдена[\s\S]*Национальный центр электронных услуг/);
  await page.getByLabel("Должность").fill("Бухгалтер");

  const getCode = page.getByRole("button", { name: "Получить код подтверждения" });
  assert.equal(await getCode.isDisabled(), true, "disabled until both consents are ticked");
  await page.locator("#accept_personal_data").check();
  assert.equal(await getCode.isDisabled(), true);
  await page.locator("#accept_terms").check();
  assert.equal(await getCode.isDisabled(), false);
  await shot(page, "02-registration-form");
  await getCode.click();

  await page.waitForURL("**/confirm");
  assert.match(await page.locator("main").innerText(), /\+375 29 \*\*\*-\*\*-21/);
  const countdown = await page.locator("#code-countdown").innerText();
  assert.match(countdown, /Код действителен ещё [45]:\d\d/);
  assert.equal(await page.getByRole("button", { name: "Отправить код повторно" }).isDisabled(), true);
  await shot(page, "03-code-form");
  const code = await portal.secret("+375297654321", "registration_code");
  await page.getByLabel("Код из SMS").fill(code);
  await page.getByRole("button", { name: "Подтвердить" }).click();

  await page.waitForURL("**/done");
  assert.match(await page.locator("#your-login").innerText(), /\+375 29 765-43-21/);
  await shot(page, "04-registration-done");
  await page.getByRole("link", { name: "Вход в систему техподдержка" }).click();

  await page.waitForURL("**/login?**");
  assert.equal(await page.getByLabel("Имя пользователя (логин)").inputValue(), "+375 29 765-43-21");
  const password = await portal.secret("+375297654321", "password");
  await page.getByLabel("Пароль").fill(password);
  await shot(page, "05-login");
  await page.getByRole("button", { name: "Войти" }).click();

  await page.waitForURL("**/account/password?invited=1");
  await shot(page, "06-choose-password");
  await page.getByRole("link", { name: "Позже" }).click();
  await page.waitForURL("**/account");
  const cabinet = await page.locator("main").innerText();
  assert.match(cabinet, /\+375 29 765-43-21/);
  assert.match(cabinet, /Национальный центр электронных услуг[\s\S]*На рассмотрении/);
  await shot(page, "07-cabinet");
  assert.equal(portal.log().includes(code), false, "the code is not in the server log");
  assert.equal(portal.log().includes(password), false, "the password is not in the server log");
});

test("an unknown УНП opens the organisation fields", async () => {
  const page = await phonePage(browser);
  await page.goto(portal.url + "/register");
  assert.equal(await page.locator("#org-manual").isHidden(), true);
  await page.getByLabel("УНП организации").fill("191111113");
  await page.getByLabel("Должность").click();
  await page.locator("#org-not-found").waitFor();
  assert.equal(await page.locator("#org-manual").isVisible(), true);
  assert.match(await page.locator("#org-not-found").innerText(), /Организация не найдена в Системе/);
  await page.getByLabel("УНП организации").fill("100582330");
  await page.getByLabel("Должность").click();
  await page.locator("#unp-live-error").waitFor();
  assert.equal(
    await page.locator("#unp-live-error").innerText(),
    "«УНП организации»: такого УНП нет\u00a0— не сходится последняя, контрольная цифра. Проверьте номер.",
  );
  await shot(page, "08-unknown-unp");
});

test("CapsLock and Cyrillic warnings on the password field", async () => {
  const page = await phonePage(browser);
  await page.goto(portal.url + "/login");
  const password = page.getByLabel("Пароль");
  const warning = page.locator(".caps-warning");
  assert.equal(await warning.isHidden(), true);
  await password.pressSequentially("пароль");
  await warning.waitFor({ state: "visible" });
  assert.match(await warning.innerText(), /буквы кириллицы/);
  await password.fill("");
  await password.press("Backspace");
  await warning.waitFor({ state: "hidden" });
  // A key event that reports CapsLock, as a real keyboard does.
  await password.evaluate((el) => {
    el.focus();
    el.dispatchEvent(new KeyboardEvent("keydown", { key: "A", bubbles: true, modifierCapsLock: true }));
  });
  await warning.waitFor({ state: "visible" });
  assert.match(await warning.innerText(), /CapsLock|Caps Lock/);
  await shot(page, "09-capslock-warning");
  await password.evaluate((el) => el.dispatchEvent(new KeyboardEvent("keyup", { key: "a", bubbles: true, modifierCapsLock: false })));
  await warning.waitFor({ state: "hidden" });
});
