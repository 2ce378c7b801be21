// The audio player of a process page, with the keyboard alone, online and offline, in
// Debian's headless Chromium (phone width).
// Usage: node player_check.mjs '{"base": "http://localhost:port", "process": "/ar/processes/1/",
//   "player": "player-step-3", "topic": "/ar/processes/?topic=2", "kept": "/ar/processes/5/",
//   "keptPlayer": "player-step-9", "cookies": [...]}'
// Prints one JSON object with what happened.
import { chromium } from "playwright-core";

const cfg = JSON.parse(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
});
const out = { errors: [], foreignRequests: [], audioRequests: [] };

// Press Tab until the player's button has the focus; how many presses it took.
async function tabTo(page, selector, limit = 300) {
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)) return presses;
  }
  return -1;
}

// Listen for the audio element's "playing" and watch its time advance.
async function watch(page, id) {
  await page.evaluate((id) => {
    const audio = document.querySelector("#" + id + " audio");
    window.__played = { playing: false };
    audio.addEventListener("playing", () => { window.__played.playing = true; });
  }, id);
}

async function played(page, id) {
  await page.waitForFunction((id) => {
    const audio = document.querySelector("#" + id + " audio");
    return window.__played.playing && audio.currentTime > 0.5;
  }, id, { timeout: 60000 });
  return page.evaluate((id) => {
    const box = document.getElementById(id);
    const audio = box.querySelector("audio");
    return {
      playingEvent: window.__played.playing,
      currentTime: audio.currentTime,
      currentSrc: audio.currentSrc,
      paused: audio.paused,
      pressed: box.querySelector(".player-toggle").getAttribute("aria-pressed"),
      note: box.querySelector("[data-player-note]").textContent.trim(),
      nativeControlsHidden: audio.hidden && !audio.controls,
    };
  }, id);
}

try {
  const context = await browser.newContext({ viewport: { width: 320, height: 720 }, serviceWorkers: "allow" });
  if (cfg.cookies?.length) await context.addCookies(cfg.cookies);
  const origin = new URL(cfg.base).host;
  context.on("request", (req) => {
    const url = new URL(req.url());
    if (url.host && url.host !== origin && !req.url().startsWith("data:")) out.foreignRequests.push(req.url());
    if (url.pathname.startsWith("/media/speech/")) {
      out.audioRequests.push({ path: url.pathname, range: req.headers()["range"] || null, sw: !!req.serviceWorker() });
    }
  });
  const page = await context.newPage();
  // A shared, busy machine: generous waits (a failure still fails, only later).
  page.setDefaultNavigationTimeout(120000);
  page.setDefaultTimeout(60000);
  page.on("pageerror", (err) => out.errors.push(String(err)));

  // 1. Online: the Arabic process page; Tab to the step's player, Enter plays it.
  await page.goto(cfg.base + cfg.process, { waitUntil: "load" });
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === "true", null, { timeout: 60000 });
  out.dir = await page.evaluate(() => document.documentElement.dir);
  out.audioBeforePlay = out.audioRequests.length; // preload="none": nothing yet
  const toggle = "#" + cfg.player + " .player-toggle";
  out.tabs = await tabTo(page, toggle);
  await watch(page, cfg.player);
  await page.keyboard.press("Enter");
  out.online = await played(page, cfg.player);
  // Space pauses (the same native button), Enter plays again.
  await page.keyboard.press("Space");
  await page.waitForFunction((s) => document.querySelector(s).getAttribute("aria-pressed") === "false", toggle, { timeout: 5000 });
  out.pausedBySpace = await page.evaluate((id) => document.querySelector("#" + id + " audio").paused, cfg.player);
  // Speed, with the keyboard: Tab to the select, arrow down.
  await page.keyboard.press("Tab"); // the position slider
  await page.keyboard.press("Tab"); // the speed
  out.speedFocused = await page.evaluate(() => document.activeElement.className);
  await page.keyboard.press("ArrowDown");
  out.rate = await page.evaluate((id) => document.querySelector("#" + id + " audio").playbackRate, cfg.player);

  // 2. Keep the topic (the kept guide and its audio files are stored on the device).
  await page.goto(cfg.base + cfg.topic, { waitUntil: "load" });
  const keep = page.locator("[data-offline-keep]");
  await keep.locator("button").waitFor({ state: "visible", timeout: 10000 });
  await keep.locator("button").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => {
    const s = document.querySelector("[data-offline-status]");
    return s && !document.querySelector("[data-offline-keep] button").disabled && s.textContent.trim() !== "" &&
      !/…|\.\.\./.test(s.textContent);
  }, null, { timeout: 60000 });
  out.keepStatus = (await keep.locator("[data-offline-status]").innerText()).trim();
  out.keptAudio = await page.evaluate(async () => {
    const cache = await caches.open("micado-kept");
    return (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p.startsWith("/media/speech/"));
  });

  // 3. Offline: the kept guide opens from the device and its step's audio plays. The
  // browser's HTTP cache is emptied first (it holds the files fetched while keeping):
  // only the service worker's stored copies can answer now.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  await context.setOffline(true);
  out.rangeProbe = await page.evaluate(async (path) => {
    const answer = await fetch(path, { headers: { Range: "bytes=10-109" } });
    const body = await answer.arrayBuffer();
    return { status: answer.status, length: body.byteLength, range: answer.headers.get("Content-Range") };
  }, out.keptAudio.find((p) => p.endsWith(".opus")));
  const before = out.audioRequests.length;
  await page.goto(cfg.base + cfg.kept, { waitUntil: "load" });
  out.offlineBanner = await page.locator("[data-offline-banner]").isVisible();
  out.offlineTitle = await page.locator("h1").first().innerText();
  const keptToggle = "#" + cfg.keptPlayer + " .player-toggle";
  out.offlineTabs = await tabTo(page, keptToggle);
  await watch(page, cfg.keptPlayer);
  await page.keyboard.press("Enter");
  out.offline = await played(page, cfg.keptPlayer);
  out.offlineAudioRequests = out.audioRequests.slice(before);
  await context.setOffline(false);
  await context.close();
} catch (err) {
  out.errors.push(String(err && err.stack || err));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
