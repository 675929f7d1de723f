// Starts the real helpdesk binary on a free port with a temporary data directory,
// and Debian's Chromium through Playwright (never a downloaded browser).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

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
  execFileSync(BINARY, ["staff", "create", "--login", "operator1", "--name", "Петрова Анна", "--role", "operator", "--group", "ecp", "--group", "first_line", "--password-stdin"], { env, input: "operator password 1\n", stdio: ["pipe", "ignore", "ignore"] });
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

export function shot(page, name) {
  return page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}
