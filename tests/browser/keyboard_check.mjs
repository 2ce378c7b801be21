// Walk a page with the Tab key in headless Chromium (phone width) and report every element
// that took the focus, with whether a focus indicator is drawn and whether it is on screen.
// Usage: node keyboard_check.mjs '<json {url, cookies, tabs}>'
import { chromium } from "playwright-core";

const { url, cookies = [], tabs = 80 } = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const seen = { stops: [] };
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  for (let i = 0; i < tabs; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute("type") || "",
        name: (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "").trim().slice(0, 60),
        href: el.getAttribute("href") || "",
        indicator: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
          || style.boxShadow !== "none",
        onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0
          && rect.left < window.innerWidth + 1,
      };
    });
    if (!stop) break;
    seen.stops.push(stop);
  }
  seen.horizontalScroll = await page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth + 1);
} catch (error) {
  seen.error = String(error && error.stack || error);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen));
