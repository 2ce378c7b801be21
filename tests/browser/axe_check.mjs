// Audit pages with axe-core (WCAG 2.1 A and AA) in Debian's headless Chromium.
// Usage: node axe_check.mjs '<json: [{"url": "...", "cookies": [...]}, ...]>'
// Prints one JSON object: {url: {violations: [...], foreignRequests: [...], bytes: n,
// overflow: pixels wider than the viewport}}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const pages = JSON.parse(process.argv[2]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const results = {};
try {
  for (const { url, cookies = [], width = 360 } of pages) {
    const context = await browser.newContext({ viewport: { width, height: 720 } });
    if (cookies.length) await context.addCookies(cookies);
    const page = await context.newPage();
    const origin = new URL(url).host;
    const foreign = [];
    let bytes = 0;
    page.on("request", (req) => {
      const host = new URL(req.url()).host;
      if (host && host !== origin && !req.url().startsWith("data:")) foreign.push(req.url());
    });
    page.on("response", async (res) => {
      const len = Number((await res.allHeaders())["content-length"] || 0);
      bytes += len;
    });
    const response = await page.goto(url, { waitUntil: "load" });
    // Pixels the page is wider than the phone's screen (0: no sideways scrolling),
    // measured before axe runs (it adds elements of its own).
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    await page.evaluate(axeSource);
    const audit = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    );
    results[url] = {
      status: response.status(),
      overflow,
      finalUrl: page.url(),
      violations: audit.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      })),
      passes: audit.passes.length,
      foreignRequests: foreign,
      bytes,
    };
    if (process.env.AXE_SCREENSHOT_DIR) {
      const name = url.replace(/[^a-z0-9]+/gi, "_").slice(-60);
      await page.screenshot({ path: `${process.env.AXE_SCREENSHOT_DIR}/${name}.png`, fullPage: true });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
