// What Chromium actually draws of the server-rendered SVG charts.
// Usage: node chart_check.mjs '{"pages": [{"url": "...", "cookies": [...]}]}'
// Prints {url: {status, bars: [{width}], paths: [{fill, width}], ticks: [{text, advance}]}}:
// the rendered width of every bar, the computed fill and drawn size of every Land, and
// for every axis label the distance between its first two characters (a label whose
// x attribute the browser read as a list of positions spreads its characters apart).
import { chromium } from "playwright-core";

const cfg = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const out = {};
try {
  for (const { url, cookies = [] } of cfg.pages) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (cookies.length) await context.addCookies(cookies);
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: "load" });
    out[url] = await page.evaluate(() => {
      const charts = [...document.querySelectorAll("svg.chart-svg")];
      const bars = charts.flatMap((svg) => [...svg.querySelectorAll("rect")]).map((r) => ({
        width: r.getBBox().width,
        attr: r.getAttribute("width"),
      }));
      const paths = charts.flatMap((svg) => [...svg.querySelectorAll("path.region")]).map((p) => {
        const box = p.getBBox();
        return { fill: getComputedStyle(p).fill, width: box.width, height: box.height };
      });
      const ticks = charts
        .flatMap((svg) => [...svg.querySelectorAll("text[text-anchor='middle']")])
        .map((t) => ({
          text: t.textContent,
          advance: t.getNumberOfChars() > 1
            ? t.getStartPositionOfChar(1).x - t.getStartPositionOfChar(0).x : null,
        }));
      const lines = charts.flatMap((svg) => [...svg.querySelectorAll("line")]).map((l) => l.getBBox().y);
      return { bars, paths, ticks, lines, title: document.title };
    });
    out[url].status = response.status();
    out[url].finalUrl = page.url();
    await context.close();
  }
} catch (err) {
  out.error = String((err && err.stack) || err);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
