// Click a glossary word on a page in headless Chromium (keyboard: focus + Enter) and report
// what opened in place; then Escape. Usage: node mention_check.mjs '<json {url, cookies}>'
import { chromium } from "playwright-core";

const { url, cookies = [] } = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const seen = {};
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const link = page.locator("a.mention-glossary").first();
  await link.focus();
  await page.keyboard.press("Enter");
  seen.urlAfterEnter = page.url();
  seen.expanded = await link.getAttribute("aria-expanded");
  const popup = page.locator(".mention-popup").first();
  seen.popupVisible = await popup.isVisible();
  seen.popupText = await popup.innerText();
  seen.popupRole = await popup.getAttribute("role");
  await page.keyboard.press("Escape");
  seen.visibleAfterEscape = await popup.isVisible();
  seen.focusedAfterEscape = await page.evaluate(() => document.activeElement.className);
} catch (error) {
  seen.error = String(error && error.stack || error);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen));
