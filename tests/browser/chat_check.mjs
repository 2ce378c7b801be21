// The chat widget in headless Chromium: which files a page loads before the chat is
// opened, then open it with the keyboard, ask a question, read the answer from the live
// log, run axe-core on the open panel, close with Escape.
// Usage: node chat_check.mjs '<json {url, cookies, question}>'
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const { url, cookies = [], question } = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const seen = { requests: [] };
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 720 } });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  page.on("request", (req) => seen.requests.push(new URL(req.url()).pathname));
  await page.goto(url, { waitUntil: "load" });
  seen.beforeOpen = [...seen.requests];
  seen.dir = await page.evaluate(() => document.documentElement.dir);
  const launcher = page.locator("[data-chat-open]");
  await launcher.focus();
  await page.keyboard.press("Enter");
  const panel = page.locator("#chat-panel");
  await panel.waitFor({ state: "visible", timeout: 15000 });
  seen.urlAfterOpen = page.url();
  seen.focused = await page.evaluate(() => document.activeElement.id);
  seen.liveRegion = await page.locator("#chat-panel [role=log]").getAttribute("aria-live");
  seen.role = await panel.getAttribute("role");
  await page.keyboard.type(question);
  await page.keyboard.press("Enter");
  const reply = page.locator("#chat-panel .chat-from-bot").first();
  await reply.waitFor({ state: "visible", timeout: 30000 });
  seen.replyText = await reply.locator(".chat-text").innerText();
  seen.replyLinks = await reply.locator(".chat-links a").evaluateAll((as) =>
    as.map((a) => ({ href: a.getAttribute("href"), text: a.textContent })));
  seen.userText = await page.locator("#chat-panel .chat-from-user .chat-text").first().innerText();
  seen.stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("micado-chat")).history.length);
  await page.evaluate(axeSource);
  const audit = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run("#chat-panel", { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  seen.violations = audit.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.html).slice(0, 3) }));
  await page.keyboard.press("Escape");
  seen.visibleAfterEscape = await panel.isVisible();
  seen.focusedAfterEscape = await page.evaluate(() => document.activeElement.hasAttribute("data-chat-open"));
} catch (error) {
  seen.error = String(error && error.stack || error);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen));
