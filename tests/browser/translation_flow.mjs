// The translation workflow of issue 10 in Debian's headless Chromium, with the keyboard only:
// a translator limited to Arabic opens the queue, opens the process with an outdated step,
// translates that step side by side and marks it translated; a reviewer marks it reviewed;
// the migrant page in Arabic shows the new text and no notice; the translator cannot touch
// Russian (its queue and editor answer 403, a save posted with the page's CSRF token too).
// Usage: node translation_flow.mjs '<json: {"base": url, "translator": [cookies],
//                                           "reviewer": [...], "migrant": [...], "processId": n,
//                                           "stepId": n, "text": "..."}>'
import { chromium } from "playwright-core";

const { base, translator, reviewer, migrant, processId, stepId, text } = JSON.parse(process.argv[2]);
const seen = { foreignRequests: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

async function session(cookies) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const origin = new URL(base).host;
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.host && url.host !== origin) seen.foreignRequests.push(req.url());
  });
  return page;
}

async function press(page, locator) {
  await locator.focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
}

// Tab from the top of the page until `selector` has the focus (at most `limit` presses):
// proves the control is reachable by the keyboard in document order.
async function tabTo(page, selector, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) {
      return i + 1;
    }
  }
  throw new Error(`${selector} not reached with Tab`);
}

try {
  const work = await session(translator);
  await work.goto(`${base}/en/pa/translations/`);
  seen.queueUrl = work.url();
  seen.queueText = await work.locator("main").innerText();
  await press(work, work.locator(`a[href$="/process/${processId}/"]`));
  seen.editorUrl = work.url();
  const unit = `#step-${stepId}`;
  seen.diff = await work.locator(`${unit} ins`).allInnerTexts();
  const field = `${unit}-description`;
  seen.fieldLang = await work.getAttribute(field, "lang");
  seen.fieldDir = await work.getAttribute(field, "dir");
  seen.tabs = await tabTo(work, field);
  await work.keyboard.press("Control+A");
  await work.keyboard.type(text);
  // Tab on to the unit's "Save and mark translated" button and press Enter.
  await tabTo(work, `${unit} button[name="mark_translated"]`, 10);
  await Promise.all([work.waitForNavigation({ waitUntil: "load" }), work.keyboard.press("Enter")]);
  seen.afterSave = await work.locator("main").innerText();
  // Russian is not theirs: the pages refuse, and so does a save sent from this page.
  seen.russian = {};
  for (const [name, path] of [["queue", "/en/pa/translations/ru/"],
                              ["editor", `/en/pa/translations/ru/process/${processId}/`]]) {
    const response = await work.goto(`${base}${path}`);
    seen.russian[name] = response.status();
  }
  await work.goBack();
  await work.goBack();
  seen.russian.save = await work.evaluate(async ({ processId }) => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    const body = new URLSearchParams({ csrfmiddlewaretoken: token, unit: "item",
                                       "item-title": "Прописка", mark_translated: "1" });
    const response = await fetch(`/en/pa/translations/ru/process/${processId}/save/`,
                                 { method: "POST", body, redirect: "manual" });
    return [response.status, (await response.text()).includes("CSRF")];
  }, { processId });

  const check = await session(reviewer);
  await check.goto(`${base}/en/pa/translations/ar/process/${processId}/`);
  await press(check, check.locator(`${unit} button`, { hasText: "Mark reviewed" }));
  seen.afterReview = await check.locator("main").innerText();

  const reader = await session(migrant);
  await reader.goto(`${base}/ar/processes/${processId}/`);
  seen.migrantText = await reader.locator("main").innerText();
  seen.migrantNotices = await reader.locator(".notice-fallback").count();
} catch (error) {
  seen.error = String(error && error.stack ? error.stack : error);
}
await browser.close();
console.log(JSON.stringify(seen));
