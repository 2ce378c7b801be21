// The caseworker flow of the PA app in Debian's headless Chromium, with the keyboard only,
// at tablet size (768 x 1024): a caseworker writes a process with 5 steps and one labelled
// branch, attaches two document types and an office, submits it for review; a PA admin
// publishes it; a translator adds Arabic; two sessions edit the same process and the
// second gets the conflict message; an older revision is restored.
// Usage: node pa_process_flow.mjs '<json: {"base": url, "editor": [cookies], "admin": [...],
//                                          "translator": [...]}>'
// Prints one JSON object with what each step saw; the Python test asserts on it and on the DB.
import { chromium } from "playwright-core";

const { base, editor, admin, translator } = JSON.parse(process.argv[2]);
const seen = { steps: [], foreignRequests: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

async function session(cookies) {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const origin = new URL(base).host;
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.host && url.host !== origin) seen.foreignRequests.push(req.url());
  });
  return page;
}

// Keyboard only: focus a field the way Tab would reach it, type, and press Enter on buttons.
async function type(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}

async function press(page, locator) {
  await locator.focus();
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
}

async function choose(page, selector, labels) {
  // A <select>: focus it and pick options as a keyboard user would (select by label).
  await page.focus(selector);
  await page.selectOption(selector, labels.map((label) => ({ label })));
}

function button(page, name) {
  return page.getByRole("button", { name, exact: true });
}

try {
  const caseworker = await session(editor);
  for (const [kind, name] of [["document-type", "Reisepass"], ["document-type", "Mietvertrag"],
                              ["office", "Bürgeramt Mitte"]]) {
    await caseworker.goto(`${base}/en/pa/content/${kind}/new/`);
    await type(caseworker, "#id_name_de", name);
    await press(caseworker, button(caseworker, "Save"));
    seen.steps.push({ created: kind, name, url: caseworker.url() });
  }

  await caseworker.goto(`${base}/en/pa/content/process/new/`);
  await type(caseworker, "#id_title_de", "Wohnsitz anmelden");
  await type(caseworker, "#id_summary_de", "Innerhalb von zwei Wochen nach dem Einzug.");
  await press(caseworker, button(caseworker, "Save"));
  const stepsUrl = caseworker.url();
  seen.stepsUrl = stepsUrl;
  const processId = Number(stepsUrl.match(/process\/(\d+)\/steps/)[1]);
  seen.processId = processId;

  for (let number = 1; number <= 5; number++) {
    await type(caseworker, "#id_add-title_de", `Schritt ${number}`);
    if (number === 2) {
      await choose(caseworker, "#id_add-office", ["Bürgeramt Mitte"]);
      await choose(caseworker, "#id_add-required_documents", ["Reisepass", "Mietvertrag"]);
    }
    await press(caseworker, button(caseworker, "Add step"));
  }
  await choose(caseworker, "#id_from_step", [await optionLabel(caseworker, "#id_from_step", "Schritt 2")]);
  await choose(caseworker, "#id_to_step", [await optionLabel(caseworker, "#id_to_step", "Schritt 4")]);
  await type(caseworker, "#id_label", "Wenn Sie schon einen Mietvertrag haben");
  await press(caseworker, button(caseworker, "Connect"));
  seen.stepEditorText = await caseworker.locator("main").innerText();

  await caseworker.goto(`${base}/en/pa/content/process/${processId}/preview/`);
  seen.previewText = await caseworker.locator("main").innerText();

  await caseworker.goto(stepsUrl);
  await press(caseworker, button(caseworker, "Submit for review"));
  seen.afterSubmit = await caseworker.locator("main").innerText();

  const reviewer = await session(admin);
  await reviewer.goto(`${base}/en/pa/content/moderation/`);
  seen.queueText = await reviewer.locator("main").innerText();
  await press(reviewer, reviewer.locator("article", { hasText: "Wohnsitz anmelden" })
    .getByRole("button", { name: "Approve and publish" }));
  seen.queueAfterPublish = await reviewer.locator("main").innerText();

  const apiDe = await caseworker.request.get(`${base}/api/v1/processes/${processId}/?lang=de`);
  seen.apiDe = { status: apiDe.status(), body: await apiDe.json() };

  const arabic = await session(translator);
  await arabic.goto(`${base}/ar/pa/content/process/${processId}/?lang=ar`);
  await type(arabic, "#id_title_ar", "تسجيل محل السكن");
  await type(arabic, "#id_summary_ar", "خلال أسبوعين بعد الانتقال.");
  await press(arabic, arabic.locator("form.pa-form button[type=submit]").first());
  const apiAr = await arabic.request.get(`${base}/api/v1/processes/${processId}/?lang=ar`);
  seen.apiAr = { status: apiAr.status(), body: await apiAr.json() };

  // Two sessions open the same edit form; the first saves, the second is refused.
  const editUrl = `${base}/en/pa/content/process/${processId}/`;
  await caseworker.goto(editUrl);
  await reviewer.goto(editUrl);
  await type(caseworker, "#id_title_de", "Wohnsitz beim Bürgeramt anmelden");
  await press(caseworker, button(caseworker, "Save"));
  await type(reviewer, "#id_title_de", "Wohnung anmelden");
  await press(reviewer, button(reviewer, "Save"));
  seen.conflictText = await reviewer.locator("main").innerText();

  // Restore an older revision from the history.
  await caseworker.goto(`${base}/en/pa/content/process/${processId}/revisions/`);
  seen.historyText = await caseworker.locator("main").innerText();
  await press(caseworker, caseworker.getByRole("button", { name: /^Restore version \d+$/ }).first());
  seen.afterRestore = await caseworker.locator("main").innerText();
} catch (error) {
  seen.error = String(error && error.stack || error);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen));

async function optionLabel(page, selector, text) {
  const labels = await page.$$eval(`${selector} option`, (options) => options.map((o) => o.label));
  const match = labels.find((label) => label.includes(text));
  if (!match) throw new Error(`no option with ${text} in ${selector}: ${labels.join(" | ")}`);
  return match;
}
