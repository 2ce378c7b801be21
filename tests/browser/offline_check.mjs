// Offline reading and read aloud in Debian's headless Chromium (phone width).
// Usage: node offline_check.mjs '{"base": "http://localhost:port", "lang": "en",
//   "process": "/en/processes/1/", "topic": "/en/processes/?topic=3",
//   "kept": "/en/processes/2/", "unvisited": "/en/glossary/", "cookies": [...]}'
// Prints one JSON object with what the pages showed.
import { chromium } from "playwright-core";

const cfg = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const out = { foreignRequests: [], errors: [] };
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 720 }, serviceWorkers: "allow" });
  if (cfg.cookies?.length) await context.addCookies(cfg.cookies);
  const origin = new URL(cfg.base).host;
  context.on("request", (req) => {
    const url = new URL(req.url());
    if (url.host && url.host !== origin && !req.url().startsWith("data:")) out.foreignRequests.push(req.url());
  });
  const page = await context.newPage();
  page.on("pageerror", (err) => out.errors.push(String(err)));
  // Count what the page asks the speech engine to say.
  // With `fakeVoice` (a language tag), the engine pretends to have a voice for it.
  await page.addInitScript((fakeVoice) => {
    window.__spoken = [];
    if (!window.speechSynthesis) return;
    const synth = window.speechSynthesis;
    const speak = synth.speak.bind(synth);
    if (fakeVoice) {
      synth.getVoices = () => [{ lang: fakeVoice, name: "Test voice", voiceURI: "test", localService: true, default: true }];
    }
    synth.speak = (u) => {
      window.__spoken.push({ text: u.text, lang: u.lang });
      if (!fakeVoice) speak(u);
    };
  }, cfg.fakeVoice || null);

  // 1. First visit: the worker installs and stores this page.
  await page.goto(cfg.base + cfg.process, { waitUntil: "load" });
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === "true", null, { timeout: 20000 });
  out.controlled = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return { scope: reg.scope, active: !!reg.active };
  });
  out.title = await page.locator("h1").first().innerText();

  // 2. Read aloud: a visible button per text; pressing it speaks or says there is no voice.
  out.readAloudButtons = await page.locator(".read-aloud:not([hidden]) button").count();
  const box = page.locator(".read-aloud:not([hidden])").first();
  const button = box.locator("button");
  await button.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => {
    const note = document.querySelector("[data-read-aloud-note]");
    return (window.__spoken || []).length > 0 || (note && note.textContent.trim() !== "");
  }, null, { timeout: 5000 });
  out.readAloud = await page.evaluate(() => ({
    spoken: window.__spoken,
    speaking: !!(window.speechSynthesis && (window.speechSynthesis.speaking || window.speechSynthesis.pending)),
    voices: window.speechSynthesis ? window.speechSynthesis.getVoices().length : -1,
    note: document.querySelector("[data-read-aloud-note]").textContent.trim(),
    pressed: document.querySelector(".read-aloud:not([hidden]) button").getAttribute("aria-pressed"),
  }));
  await page.keyboard.press("Escape");
  out.pressedAfterEscape = await button.getAttribute("aria-pressed");

  // 3. Keep a topic: every guide of the list, saved on purpose.
  if (cfg.topic) {
    await page.goto(cfg.base + cfg.topic, { waitUntil: "load" });
    const keep = page.locator("[data-offline-keep]");
    await keep.locator("button").waitFor({ state: "visible", timeout: 10000 });
    await keep.locator("button").click();
    await page.waitForFunction(() => {
      const s = document.querySelector("[data-offline-status]");
      return s && !document.querySelector("[data-offline-keep] button").disabled && s.textContent.trim() !== "" &&
        !/…|\.\.\./.test(s.textContent);
    }, null, { timeout: 20000 });
    out.keepStatus = (await keep.locator("[data-offline-status]").innerText()).trim();
  }

  // 4. Offline: the page opened once reloads from the device.
  await context.setOffline(true);
  await page.goto(cfg.base + cfg.process, { waitUntil: "load" });
  out.offlineTitle = await page.locator("h1").first().innerText();
  out.offlineSteps = await page.locator(".flow-step").count();
  out.offlineBanner = await page.locator("[data-offline-banner]").isVisible();
  await page.reload({ waitUntil: "load" });
  out.reloadedTitle = await page.locator("h1").first().innerText();
  if (cfg.kept) {
    await page.goto(cfg.base + cfg.kept, { waitUntil: "load" });
    out.keptTitle = await page.locator("h1").first().innerText();
    out.keptGlossaryLinks = await page.locator("a[href*='/glossary/']").count();
  }
  if (cfg.keptTerm) {
    await page.goto(cfg.base + cfg.keptTerm, { waitUntil: "load" });
    out.keptTermTitle = await page.locator("h1").first().innerText();
  }
  // A page never opened: the offline page in the visitor's language, with the saved pages.
  await page.goto(cfg.base + cfg.unvisited, { waitUntil: "load" });
  out.unvisitedTitle = await page.locator("h1").first().innerText();
  out.unvisitedLang = await page.evaluate(() => document.documentElement.lang);
  await page.locator("[data-offline-list] a").first().waitFor({ timeout: 5000 }).catch(() => {});
  out.savedList = await page.locator("[data-offline-list] a").allInnerTexts();
  await context.setOffline(false);
  await context.close();
} catch (err) {
  out.errors.push(String(err && err.stack || err));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
