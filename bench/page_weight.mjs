// Browser side of bench/bench_page_weight.py: opens each migrant page as a first-time
// visitor (a new browser profile: cold HTTP cache, no service worker) and then again in
// the same profile (a repeat visit), at 320 px.
//   node bench/page_weight.mjs '{"base": "http://localhost:port", "chromium": "/usr/bin/chromium",
//                                "pages": [{"lang": "en", "name": "home", "path": "/en/"}, ...]}'
// Before and after each visit it prints "mark <what> <index>" and waits for "ok" on
// stdin: the Python side counts the bytes on the wire in between (a counting relay in
// front of gunicorn). At the end it prints "result {json}" with, per page, the size and
// encoding of the HTML as the browser reports it.
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const cfg = JSON.parse(process.argv[2]);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function mark(what) {
  process.stdout.write(`mark ${what}\n`);
  await lines.next();
}

const browser = await chromium.launch({
  executablePath: cfg.chromium || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const out = { browser: "Chromium " + browser.version(), pages: [] };

async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: "load" });
  // The offline script registers the worker, which precaches the offline files and
  // stores this page and the offline page; it says when that is done.
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === "true",
    null, { timeout: 20000 }).catch(() => {});
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  const sizes = await response.request().sizes();
  const headers = await response.allHeaders();
  return {
    status: response.status(),
    documentBytes: sizes.responseHeadersSize + sizes.responseBodySize,
    documentEncoding: headers["content-encoding"] || "",
  };
}

try {
  for (const [index, item] of cfg.pages.entries()) {
    const context = await browser.newContext({
      viewport: { width: 320, height: 720 }, serviceWorkers: "allow", locale: item.lang,
    });
    const page = await context.newPage();
    const url = cfg.base + item.path;
    await mark(`start ${index}`);
    const first = await visit(page, url);
    await mark(`first ${index}`);
    // A later visit: another tab of the same profile opens the page again.
    const again = await context.newPage();
    await page.close();
    const repeat = await visit(again, url);
    await mark(`repeat ${index}`);
    out.pages.push({ ...item, ...first, repeatStatus: repeat.status });
    await context.close();
  }
} catch (err) {
  out.error = String((err && err.stack) || err);
} finally {
  await browser.close();
}
process.stdout.write("result " + JSON.stringify(out) + "\n");
process.exit(0);
