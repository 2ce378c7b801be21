// Read-aloud controls with and without JavaScript, in Debian's headless Chromium (320 px).
// Usage: node read_aloud_check.mjs '{"base": "http://127.0.0.1:port", "paths": ["/en/glossary/1/"],
//                                    "label": "Read aloud", "cookies": [...]}'
// Prints one JSON object: per path, what a visitor sees with JavaScript off and on.
import { chromium } from "playwright-core";

const cfg = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const out = { pages: {}, errors: [] };

async function look(javaScriptEnabled, path) {
  const context = await browser.newContext({ viewport: { width: 320, height: 720 }, javaScriptEnabled });
  if (cfg.cookies?.length) await context.addCookies(cfg.cookies);
  const page = await context.newPage();
  page.on("pageerror", (err) => out.errors.push(String(err)));
  await page.goto(cfg.base + path, { waitUntil: "load" });
  if (javaScriptEnabled) {
    await page.locator(".read-aloud button").first().waitFor({ state: "visible", timeout: 10000 }).catch(() => {});
  }
  const seen = await page.evaluate((label) => {
    const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
    const buttons = Array.from(document.querySelectorAll("button")).filter(visible);
    return {
      readAloudButtons: buttons.filter((b) => b.textContent.includes(label)).length,
      labelVisible: document.body.innerText.includes(label),
      pressed: buttons.filter((b) => b.textContent.includes(label)).map((b) => b.getAttribute("aria-pressed")),
      notes: document.querySelectorAll('.read-aloud [role="status"][data-read-aloud-note]').length,
    };
  }, cfg.label);
  await context.close();
  return seen;
}

try {
  for (const path of cfg.paths) {
    out.pages[path] = { withoutJs: await look(false, path), withJs: await look(true, path) };
  }
} catch (err) {
  out.error = String((err && err.stack) || err);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
