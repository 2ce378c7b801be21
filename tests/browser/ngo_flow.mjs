// The NGO flow of issue 11 in Debian's headless Chromium, in two stages (the Python test
// reads the invitation e-mail in between):
// stage "register": an NGO registers (its admin is asked to confirm the e-mail address);
// stage "approve": the admin follows the confirmation link, a PA admin approves the NGO,
//   its admin sets up two factors (TOTP) and invites an editor;
// stage "offers": the editor accepts the invitation, sets up two factors, creates a course
//   and a tip on a PA process (German, then Arabic), the PA admin approves both, a migrant
//   sees them in Arabic, and the NGO sees the view count grow.
// Usage: node ngo_flow.mjs '<json: {"stage", "base", "admin": [cookies], "migrant": [...],
//                                    "ngo": [...], "invitation": path, "region", ...}>'
// Prints one JSON object with what each step saw.
import { createHmac } from "node:crypto";
import { chromium } from "playwright-core";

const args = JSON.parse(process.argv[2]);
const { base } = args;
const seen = { foreignRequests: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

async function session(cookies = []) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const origin = new URL(base).host;
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.host && url.host !== origin) seen.foreignRequests.push(req.url());
  });
  return page;
}

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), locator.click()]);
}

function button(page, name) {
  return page.getByRole("button", { name, exact: true });
}

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 secret, as an authenticator app.
function totp(secret) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secret.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const hmac = createHmac("sha1", Buffer.from(bytes)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, "0");
}

// After the first sign-in with a staff role the app asks for two factors: set them up.
async function setUpTwoFactor(page, password) {
  if (page.url().includes("reauthenticate")) {
    await page.fill("#id_password", password);
    await submit(page, page.locator("form button[type=submit]").last());
    seen.reauthResult = `${page.url()} ${(await page.locator("body").innerText()).slice(0, 600)}`;
  }
  if (!page.url().includes("/2fa/totp/activate")) return false;
  for (let attempt = 0; attempt < 2; attempt++) {
    // A code typed at the end of its 30 s window may arrive in the next: start early in one.
    const left = 30 - ((Date.now() / 1000) % 30);
    if (left < 5) await page.waitForTimeout(left * 1000 + 200);
    const secret = await page.inputValue("#authenticator_secret");
    await page.fill("#id_code", totp(secret));
    await submit(page, page.locator("form button[type=submit]").last());
    seen.totpResult = `${page.url()} ${(await page.locator("body").innerText()).slice(0, 600)}`;
    if (!page.url().includes("/2fa/totp/activate")) break;
  }
  return true;
}

async function text(page) {
  return page.locator("main").innerText();
}

try {
  if (args.stage === "register") {
    const applicant = await session();
    await applicant.goto(`${base}/en/ngo/register/`);
    await applicant.fill("#id_name", "Nachbarschaftshilfe Lindenfeld e. V.");
    await applicant.fill("#id_region", args.region);
    await applicant.fill("#id_address", "Marktplatz 2");
    await applicant.fill("#id_email", "info@nachbarschaft.example");
    await applicant.fill("#id_description", "Deutschkurse und Begleitung zu Ämtern.");
    await applicant.fill("#id_applicant_name", "Hana Applicant");
    await applicant.fill("#id_applicant_email", "hana@nachbarschaft.example");
    await applicant.fill("#id_applicant_password", args.password);
    await submit(applicant, button(applicant, "Register"));
    // Before anything else the applicant confirms the e-mail address.
    seen.afterRegister = await applicant.locator("body").innerText();
    seen.afterRegisterUrl = applicant.url();
    await applicant.goto(`${base}/en/ngo/`);
    seen.beforeConfirmUrl = applicant.url();
    seen.applicant = await applicant.context().cookies();
  } else if (args.stage === "approve") {
    const confirming = await session(args.applicant);
    await confirming.goto(`${base}${args.confirm}`);
    await submit(confirming, confirming.locator("button[type=submit]", { hasText: "Confirm" }));
    await confirming.goto(`${base}/en/ngo/`);
    seen.afterConfirm = await text(confirming);

    const admin = await session(args.admin);
    await admin.goto(`${base}/en/pa/moderation/`);
    seen.queueBefore = await text(admin);
    const row = admin.locator("tr", { hasText: "Nachbarschaftshilfe Lindenfeld" });
    await submit(admin, row.getByRole("button", { name: "Approve", exact: true }));
    seen.queueAfter = await text(admin);

    // The applicant comes back later and signs in with the e-mail address and password.
    const applicant = await session();
    await applicant.goto(`${base}/en/accounts/login/`);
    await applicant.fill("#id_login", "hana@nachbarschaft.example");
    await applicant.fill("#id_password", args.password);
    await submit(applicant, applicant.locator("form button[type=submit]", { hasText: "Sign In" }));
    await applicant.goto(`${base}/en/ngo/`);
    seen.beforeTotpUrl = applicant.url();
    seen.adminTotp = await setUpTwoFactor(applicant, args.password);
    await applicant.goto(`${base}/en/ngo/`);
    seen.afterTotp = `${applicant.url()} ${await applicant.locator("body").innerText()}`;
    await submit(applicant, applicant.getByRole("link", { name: "Nachbarschaftshilfe Lindenfeld e. V." }));
    await submit(applicant, applicant.getByRole("link", { name: "Members", exact: true }));
    await applicant.fill("#id_email", "emre@nachbarschaft.example");
    await applicant.selectOption("#id_role", "ngo_editor");
    await applicant.selectOption("#id_language", "en");
    await submit(applicant, button(applicant, "Send invitation"));
    seen.membersText = await text(applicant);
    seen.slug = new URL(applicant.url()).pathname.split("/")[4];
  } else {
    const editor = await session();
    await editor.goto(`${base}${args.invitation}`);
    seen.invitationText = await text(editor);
    await editor.fill("#id_name", "Emre Editor");
    await editor.fill("#id_password", args.password);
    await submit(editor, button(editor, "Accept the invitation"));
    seen.editorTotp = await setUpTwoFactor(editor, args.password);
    const ngo = `${base}/en/ngo/o/${args.slug}`;

    await editor.goto(`${ngo}/course/new/`);
    await editor.fill("#id_title_de", "Deutsch für den Alltag");
    await editor.fill("#id_summary_de", "Montags und mittwochs im Gemeindehaus.");
    await editor.fill("#id_places_total", "12");
    await editor.fill("#id_places_left", "5");
    await editor.fill("#id_registration_contact", "Anmeldung: 06999 123");
    await submit(editor, button(editor, "Save and submit for review"));
    seen.courseCreated = await text(editor);
    const courseUrl = editor.url().split("?")[0];
    seen.courseId = Number(courseUrl.split("/").filter(Boolean).pop());
    await editor.goto(`${courseUrl}?lang=ar`);
    await editor.fill("#id_title_ar", "الألمانية للحياة اليومية");
    await editor.fill("#id_summary_ar", "أيام الاثنين والأربعاء في قاعة البلدية.");
    await submit(editor, button(editor, "Save and submit for review"));

    await editor.goto(`${ngo}/comment/new/?process=${args.processId}`);
    await editor.fill("#id_text_de", "Gehen Sie früh am Morgen hin, dann ist es leer.");
    await submit(editor, button(editor, "Save and submit for review"));
    const tipUrl = editor.url().split("?")[0];
    seen.tipId = Number(tipUrl.split("/").filter(Boolean).pop());
    await editor.goto(`${tipUrl}?lang=ar`);
    await editor.fill("#id_text_ar", "اذهب في الصباح الباكر، حينها يكون المكان فارغًا.");
    await submit(editor, button(editor, "Save and submit for review"));
    await editor.goto(`${ngo}/`);
    seen.listBefore = await text(editor);

    const admin = await session(args.admin);
    await admin.goto(`${base}/en/pa/moderation/`);
    seen.queueText = await text(admin);
    for (const id of [`#queue-course-${seen.courseId}`, `#queue-comment-${seen.tipId}`]) {
      await submit(admin, admin.locator(id).getByRole("button", { name: "Approve and publish" }));
    }
    seen.queueAfter = await text(admin);

    await editor.goto(`${ngo}/`);
    seen.listAfter = await text(editor);

    const migrant = await session(args.migrant);
    await migrant.goto(`${base}/ar/courses/`);
    seen.migrantCourses = await text(migrant);
    seen.migrantDir = await migrant.getAttribute("html", "dir");
    await migrant.goto(`${base}/ar/courses/${seen.courseId}/`, { waitUntil: "networkidle" });
    seen.migrantCourse = await text(migrant);
    await migrant.goto(`${base}/ar/processes/${args.processId}/`);
    seen.migrantProcess = await text(migrant);

    await editor.goto(`${ngo}/reach/`);
    seen.reachBefore = await editor.locator("td.reach-total").first().innerText();
    for (let i = 0; i < 2; i++) {
      await migrant.goto(`${base}/ar/courses/${seen.courseId}/`, { waitUntil: "networkidle" });
    }
    await editor.goto(`${ngo}/reach/`);
    seen.reachAfter = await editor.locator("td.reach-total").first().innerText();
  }
} catch (error) {
  const soFar = JSON.stringify(seen).slice(0, 4000);
  seen.error = `${String(error && error.stack || error)}\nseen so far: ${soFar}`;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(seen));
