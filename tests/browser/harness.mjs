// Starts the real helpdesk binary on a free port with a temporary data directory,
// and Debian's Chromium through Playwright (never a downloaded browser).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createServer } from "node:net";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const screenshots = join(here, "screenshots");
mkdirSync(screenshots, { recursive: true });

const BINARY = process.env.HELPDESK_BIN || join(root, "target", "debug", "helpdesk");

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startPortal() {
  if (!existsSync(BINARY)) throw new Error(`build the portal first (cargo build): ${BINARY} is missing`);
  const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-browser-"));
  const port = await freePort();
  const env = { ...process.env, HELPDESK_DATA_DIR: dataDir, HELPDESK_LISTEN: `127.0.0.1:${port}`, HELPDESK_OUTBOX_POLL_MILLIS: "50", HELPDESK_LOG: "debug", HELPDESK_LOG_FORMAT: "json" };
  execFileSync(BINARY, ["demo"], { env, stdio: "ignore" });
  for (const [login, name] of [["operator1", "Петрова Анна"], ["operator2", "Сидоров Олег"]]) {
    execFileSync(BINARY, ["staff", "create", "--login", login, "--name", name, "--role", "operator", "--group", "ecp", "--group", "first_line", "--password-stdin"], { env, input: "operator password 1\n", stdio: ["pipe", "ignore", "ignore"] });
  }
  const child = spawn(BINARY, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => { log += d; });
  child.stderr.on("data", (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    dataDir,
    log: () => log,
    /** Runs a `helpdesk` command against this portal's database (e.g. `staff create`). */
    cli(args, input = "") {
      return execFileSync(BINARY, args, { env, input, stdio: ["pipe", "pipe", "ignore"] }).toString();
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
    /** Waits for an SMS to `to` with `purpose` and returns its last token (the code or password). */
    async secret(to, purpose) {
      const file = join(dataDir, "sms-outbox.jsonl");
      for (let i = 0; i < 200; i++) {
        if (existsSync(file)) {
          const lines = readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
          const found = lines.filter((l) => l.to === to && l.purpose === purpose).pop();
          if (found) return found.text.trim().split(/\s+/).pop();
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${purpose} SMS to ${to}`);
    },
  };
}

/** Starts a portal and a browser before a file's tests and stops them after; `assign` gets both. */
export function usePortal(assign) {
  let portal, browser;
  before(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    assign(portal, browser);
  });
  after(async () => {
    await browser?.close();
    await portal?.stop();
  });
}

/** The code an authenticator app shows for a base32 secret, `offset` steps of 30 s from now. */
export function totp(secret, offset = 0) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/\s+/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = createHmac("sha1", key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, "0");
}

/** Text as a Belarusian Excel saves it: windows-1251 (Cyrillic, «», №; ASCII as is). */
export function windows1251(text) {
  const special = { "Ё": 0xa8, "ё": 0xb8, "«": 0xab, "»": 0xbb, "№": 0xb9, "І": 0xb2, "і": 0xb3, "Ў": 0xa1, "ў": 0xa2 };
  return Buffer.from([...text].map((c) => {
    const code = c.codePointAt(0);
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (c in special) return special[c];
    throw new Error(`not in windows-1251: ${c}`);
  }));
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

export async function phonePage(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, deviceScaleFactor: 1, locale: "ru-RU", hasTouch: true, isMobile: true });
  return context.newPage();
}

const AXE = readFileSync(join(here, "node_modules", "axe-core", "axe.min.js"), "utf8");

/**
 * Keeps a screenshot of the page and checks what a test from the inside misses: the page must
 * not scroll sideways at its width, and axe-core must find no violation (WCAG 2.x A and AA).
 * axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  // The window's own width, not `innerWidth`: a phone zooms out to fit a page that overflows,
  // which makes `innerWidth` grow with the page.
  const width = page.viewportSize().width;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) {
    throw new Error(`${name}: the page is ${scrollWidth} px wide in a ${width} px window (it scrolls sideways)`);
  }
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
  });
  if (violations.length > 0) {
    throw new Error(`${name}: axe-core found ${violations.length} violation(s):\n${violations.join("\n")}`);
  }
}

/** Registers a customer through the pages and signs them in (they land on «choose a password»). */
export async function registerCustomer(portal, page, phone, e164) {
  await page.goto(portal.url + "/register");
  await page.getByLabel("Фамилия").fill("Клиентов");
  await page.getByRole("textbox", { name: "Имя", exact: true }).fill("Павел");
  await page.getByLabel("Мобильный телефон").fill(phone);
  await page.locator("#accept_personal_data").check();
  await page.locator("#accept_terms").check();
  await page.getByRole("button", { name: "Получить код подтверждения" }).click();
  await page.waitForURL("**/confirm");
  await page.getByLabel("Код из SMS").fill(await portal.secret(e164, "registration_code"));
  await page.getByRole("button", { name: "Подтвердить" }).click();
  await page.waitForURL("**/done");
  await page.getByRole("link", { name: "Вход в систему техподдержка" }).click();
  await page.getByLabel("Пароль").fill(await portal.secret(e164, "password"));
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL("**/account/password?invited=1");
}

/** Signs an operator (`operator1`, Петрова Анна, or `operator2`, Сидоров Олег; both in the ЭЦП
 * group) in on a desk-sized page (or `viewport`). */
export async function signInOperator(portal, browser, viewport = { width: 1366, height: 768 }, login = "operator1") {
  const operator = await browser.newPage({ viewport, locale: "ru-RU" });
  await operator.goto(portal.url + "/login");
  await operator.getByLabel("Имя пользователя (логин)").fill(login);
  await operator.getByLabel("Пароль").fill("operator password 1");
  await operator.getByRole("button", { name: "Войти" }).click();
  await operator.waitForURL("**/staff");
  return operator;
}

/** Files a ticket (service «Носители ключей», the given subject) through the pages; its number. */
export async function fileTicket(portal, page, subject, description = "Носитель не определяется после обновления Windows 11: ошибка 0x80090016.") {
  await page.goto(portal.url + "/tickets/new");
  await page.getByLabel("Услуга").selectOption("ecp-token");
  await page.getByLabel("Тема").fill(subject);
  await page.getByLabel("Описание").fill(description);
  await page.getByRole("button", { name: "Отправить заявку" }).click();
  await page.waitForURL(/\/tickets\/\d{4}-\d{6}\?done=ticket-filed/);
  return page.url().match(/(\d{4}-\d{6})/)[1];
}
