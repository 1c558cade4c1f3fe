import { test, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import { ADMIN_IDENTIFIER, ADMIN_PASSWORD } from "../global-setup";
import { answerFromFeedback, readFeedback } from "./quiz";
import { RUN, freshPhone } from "./staff";

// Required modules for officials (issue 12), end to end: the administrator
// builds a unit tree (city → ward → sub-unit), imports two officials by
// pasting a CSV list and reads their set-up codes, and makes one of them
// the ward's manager. Both activate their accounts at /kich-hoat (one with
// JavaScript, one without). The manager gives the ward and its sub-units
// a course due in a week, with a plain form (no JavaScript); the official
// in the sub-unit sees it at /viec-can-lam, completes the course and sees
// it done on time; the manager's dashboard goes from 0% to 50%, drills
// down from the ward to the sub-unit, exports the CSV, and filters the
// people by status without JavaScript.

const PASSWORD = "học xong đúng hạn mỗi năm";
const COURSE_SLUG = "binh-dan-hoc-vu-so";
const COURSE_TITLE = "Bình dân học vụ số";
const QUIZ = "/kiem-tra/kiem-tra-binh-dan-hoc-vu-so";
/** Where the screenshots of the dashboard go. */
const SHOTS = "/tmp/e2e12";

let addresses = 0;

/** A browser of its own (cookies, address), with or without JavaScript. */
async function newPerson(
  browser: Browser,
  javaScriptEnabled: boolean,
  storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>,
): Promise<Page> {
  addresses += 1;
  const context = await browser.newContext({
    javaScriptEnabled,
    storageState,
    // each person from an address of their own (trusted from 127.0.0.1 in the test run)
    extraHTTPHeaders: { "X-Forwarded-For": `10.79.${addresses}.${(RUN % 250) + 1}` },
  });
  return context.newPage();
}

async function signIn(page: Page, identifier: string, password: string, next: string) {
  await page.goto(`/dang-nhap?tiep=${next}`);
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
  // the path itself, not the sign-in page whose ?tiep= also names it
  await expect(page).toHaveURL(new RegExp(`://[^/]+${next.replace(/[?]/g, "\\?")}$`));
  await expect(page.locator("[data-signed-in]")).toBeVisible();
}

/** Creates a unit under `parent` (none: at the top) at /quan-tri/don-vi; its id. */
async function createUnit(admin: Page, code: string, name: string, parent?: string): Promise<string> {
  await admin.goto("/quan-tri/don-vi");
  const form = admin.locator("section.unit-create");
  await form.getByLabel("Mã đơn vị", { exact: true }).fill(code);
  await form.getByLabel("Tên đơn vị", { exact: true }).fill(name);
  if (parent) await form.getByLabel("Đơn vị cấp trên").selectOption(parent);
  await form.getByRole("button", { name: "Tạo đơn vị" }).click();
  await expect(admin).toHaveURL(/\/quan-tri\/don-vi\?xong=create#don-vi-\d+$/);
  await expect(admin.getByRole("status")).toHaveText("Đã lưu thay đổi.");
  const id = new URL(admin.url()).hash.replace("#don-vi-", "");
  const row = admin.locator(`li.unit[data-code="${code}"]`);
  await expect(row.locator(".unit-head a")).toHaveAttribute("href", `/quan-tri/don-vi/${id}`);
  await expect(row.locator(".unit-head")).toContainText(name);
  return id;
}

async function activate(page: Page, identifier: string, code: string, name: string, javaScriptEnabled: boolean) {
  await page.goto("/kich-hoat");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kích hoạt tài khoản");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mã kích hoạt").fill(code);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Kích hoạt và đăng nhập" }).click();
  await expect(page).toHaveURL(/:\/\/[^/]+\/$/);
  await expect(page.locator("[data-signed-in]")).toContainText(name);
}

/** Today plus `days`, as a date input takes it, in Vietnam time (UTC+7). */
function vietnamDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
}

test("an admin sets up a ward, its manager assigns a course, an official completes it and the dashboard follows", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  const city = { code: `TP${RUN}`, name: `Thành phố Đà Nẵng ${RUN}` };
  const ward = { code: `HC${RUN}`, name: `Phường Hải Châu ${RUN}` };
  const sub = { code: `HC${RUN}-VH`, name: `Tổ văn hóa ${RUN}` };
  // Lan works in the sub-unit and learns; Minh is the ward's vice-chair and its manager
  const lan = { name: "Nguyễn Thị Lan", phone: freshPhone("09") };
  const minh = { name: "Trần Văn Minh", email: `minh.${RUN}@hocso.test` };
  const deadline = vietnamDate(7);
  const [y, m, d] = deadline.split("-");

  // 1. the administrator: the unit tree, the list of officials, the manager
  const admin = await newPerson(browser, true);
  await signIn(admin, ADMIN_IDENTIFIER, ADMIN_PASSWORD, "/quan-tri/don-vi");
  const cityId = await createUnit(admin, city.code, city.name);
  const wardId = await createUnit(admin, ward.code, ward.name, cityId);
  const subId = await createUnit(admin, sub.code, sub.name, wardId);
  await expect(admin.locator(`li.unit[data-code="${city.code}"]`)).toHaveAttribute("style", /--depth: 0/);
  await expect(admin.locator(`li.unit[data-code="${ward.code}"]`)).toHaveAttribute("style", /--depth: 1/);
  await expect(admin.locator(`li.unit[data-code="${sub.code}"]`)).toHaveAttribute("style", /--depth: 2/);

  await admin.getByRole("link", { name: "Nhập danh sách cán bộ" }).click();
  await expect(admin).toHaveURL(/\/quan-tri\/can-bo$/);
  const csv = [
    "Họ và tên,Số điện thoại hoặc email,Mã đơn vị,Chức vụ",
    `${lan.name},${lan.phone},${sub.code.toLowerCase()},Công chức văn hóa`,
    `${minh.name},${minh.email},${ward.code},Phó Chủ tịch UBND phường`,
    "",
  ].join("\r\n");
  // the pasted list (the page also takes a file, in a form of its own)
  const pasted = admin.locator("form", { has: admin.getByLabel("Danh sách (CSV, có dòng tiêu đề)") });
  await pasted.getByLabel("Danh sách (CSV, có dòng tiêu đề)").fill(csv);
  await pasted.getByRole("button", { name: "Kiểm tra (chưa lưu)" }).click();
  const summary = admin.locator("[data-roster-summary]");
  await expect(summary).toHaveText(/^Kết quả kiểm tra \(chưa lưu gì\): 2 tạo tài khoản mới, 0 .* 0 lỗi\.$/);
  await expect(admin.locator("table.roster td.code").first()).toBeEmpty();
  // the text comes back to be imported as it is
  await expect(pasted.getByLabel("Danh sách (CSV, có dòng tiêu đề)")).toHaveValue(csv.replace(/\r\n/g, "\n"));
  await pasted.getByRole("button", { name: "Nhập danh sách" }).click();
  await expect(summary).toHaveText(/^Đã nhập: 2 tạo tài khoản mới, 0 .* 0 lỗi\.$/);
  await expect(admin.getByText("Mã chỉ hiện một lần và chỉ dùng được một lần.")).toBeVisible();
  const rows = admin.locator("table.roster tbody tr[data-outcome=new]");
  await expect(rows).toHaveCount(2);
  const codeOf = async (name: string) => {
    const code = (await rows.filter({ hasText: name }).locator("td.code").textContent())?.trim() ?? "";
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    return code;
  };
  const lanCode = await codeOf(lan.name);
  const minhCode = await codeOf(minh.name);
  expect(lanCode).not.toBe(minhCode);

  // the ward's page lists both (Lan from the sub-unit); Minh becomes its manager
  await admin.goto(`/quan-tri/don-vi/${wardId}`);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`${ward.code} — ${ward.name}`);
  const members = admin.locator("table.people tbody tr");
  await expect(members).toHaveCount(2);
  await expect(members.filter({ hasText: lan.name })).toContainText(sub.code);
  await expect(members.filter({ hasText: minh.name })).toContainText("Phó Chủ tịch UBND phường");
  const manage = admin.locator("form", { has: admin.getByRole("button", { name: "Giao quản lý" }) });
  await manage.getByLabel("Số điện thoại hoặc email của tài khoản").fill(minh.email);
  await manage.getByRole("button", { name: "Giao quản lý" }).click();
  await expect(admin).toHaveURL(new RegExp(`/quan-tri/don-vi/${wardId}\\?xong=manage$`));
  await expect(admin.locator("h2:text-is('Người quản lý đơn vị') + ul")).toHaveText(minh.name);
  await admin.context().close();

  // 2. the officials activate their accounts: Lan with JavaScript, Minh without
  const official = await newPerson(browser, true);
  await activate(official, lan.phone, lanCode, lan.name, true);
  await official.goto("/viec-can-lam");
  await expect(official.getByText("Bạn chưa được giao khóa học bắt buộc nào.")).toBeVisible();

  const managerPlain = await newPerson(browser, false);
  await activate(managerPlain, minh.email, minhCode.toLowerCase(), minh.name, false);
  await expect(managerPlain.getByRole("link", { name: "Theo dõi học tập bắt buộc" })).toHaveAttribute("href", "/theo-doi");

  // 3. the manager gives the assignment, without JavaScript; a refused form comes back kept
  await managerPlain.goto("/theo-doi/giao-viec");
  await expect(managerPlain.getByRole("heading", { level: 1 })).toHaveText("Giao nhiệm vụ học tập");
  const unitSelect = managerPlain.getByLabel("Đơn vị", { exact: true });
  // a manager is offered the units they manage, not the city above them
  await expect(unitSelect.locator("option")).toHaveText([new RegExp(`${ward.code} — ${ward.name}$`), new RegExp(`${sub.code} — ${sub.name}$`)]);
  await unitSelect.selectOption(wardId);
  await expect(managerPlain.getByLabel("Gồm cả các đơn vị trực thuộc")).toBeChecked();
  await managerPlain.getByLabel(/^Hạn hoàn thành/).fill(deadline);
  await managerPlain.getByLabel(/^Cơ quan giao/).fill(`UBND ${ward.name}`);
  await managerPlain.getByLabel(/^Theo văn bản/).fill("Kế hoạch số 12/KH-UBND");
  await managerPlain.getByRole("button", { name: "Giao nhiệm vụ" }).click();
  await expect(managerPlain).toHaveURL(/\/theo-doi\/giao-viec$/);
  await expect(managerPlain.getByRole("alert")).toHaveText("Hãy chọn ít nhất một khóa học.");
  await expect(managerPlain.getByLabel(/^Cơ quan giao/)).toHaveValue(`UBND ${ward.name}`);
  await expect(managerPlain.getByLabel(/^Hạn hoàn thành/)).toHaveValue(deadline);
  await expect(managerPlain.getByLabel("Đơn vị", { exact: true })).toHaveValue(wardId);
  await managerPlain.getByLabel(COURSE_TITLE, { exact: true }).check();
  await managerPlain.getByRole("button", { name: "Giao nhiệm vụ" }).click();
  await expect(managerPlain).toHaveURL(new RegExp(`/theo-doi\\?don-vi=${wardId}&nhiem-vu=\\d+$`));
  await expect(managerPlain.getByRole("heading", { level: 1 })).toHaveText(ward.name);
  const given = managerPlain.locator("[data-assignments] tbody tr");
  await expect(given).toHaveCount(1);
  await expect(given).toContainText(`${ward.name} (cả đơn vị trực thuộc)`);
  await expect(given).toContainText("2 người");
  await expect(given).toContainText(COURSE_TITLE);
  await expect(given).toContainText(`${d}/${m}/${y}`);
  await expect(given).toContainText(`${minh.name} · UBND ${ward.name} · Kế hoạch số 12/KH-UBND`);
  await expect(managerPlain.locator("[data-percent]")).toHaveAttribute("data-percent", "0");
  await expect(managerPlain.locator("[data-people] tbody tr [data-status]")).toHaveCount(2);
  await expect(managerPlain.locator("[data-people] tbody tr [data-status=chua-bat-dau]")).toHaveCount(2);

  // 4. the official: the task, not started; the course, learned; the task, done on time
  await official.goto("/");
  await expect(official.locator(".home-tasks .task")).toContainText(COURSE_TITLE);
  await official.goto("/viec-can-lam");
  const task = official.locator("li.task", { hasText: COURSE_TITLE });
  await expect(task.locator("[data-status]")).toHaveAttribute("data-status", "chua-bat-dau");
  await expect(task.locator("[data-status]")).toHaveText("Chưa bắt đầu");
  await expect(task).toContainText(`${d}/${m}/${y}`);
  await expect(task).toContainText(`UBND ${ward.name}, Kế hoạch số 12/KH-UBND`);
  await task.getByRole("link", { name: "Bắt đầu học" }).click();
  await expect(official).toHaveURL(new RegExp(`/khoa-hoc/${COURSE_SLUG}$`));
  const lessons = await official
    .locator("ol.steps > li > a[href^='/khoa-hoc/']")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(lessons.length).toBeGreaterThan(0);
  for (const [i, lesson] of lessons.entries()) {
    await official.goto(lesson);
    await official.getByRole("button", { name: "Tôi đã học xong" }).click();
    await expect(official.locator("#tien-do [data-step=done]")).toBeVisible();
    if (i === 0) {
      await official.goto("/viec-can-lam");
      await expect(task.locator("[data-status]")).toHaveAttribute("data-status", "dang-hoc");
      await expect(task.getByRole("link", { name: "Học tiếp" })).toBeVisible();
    }
  }
  // the quiz: once without answers to read the feedback, then right
  await official.goto(QUIZ);
  await official.getByRole("button", { name: "Nộp bài" }).click();
  await expect(official.locator(".verdict")).toHaveText("Chưa đạt");
  const feedback = await readFeedback(official);
  await official.getByRole("link", { name: "Làm lại" }).click();
  await answerFromFeedback(official, feedback);
  await official.getByRole("button", { name: "Nộp bài" }).click();
  await expect(official.locator(".verdict")).toHaveText("Đạt");
  await official.goto("/viec-can-lam");
  await expect(task.locator("[data-status]")).toHaveAttribute("data-status", "dung-han");
  await expect(task.locator("[data-status]")).toHaveText("Hoàn thành đúng hạn");
  await expect(task).toContainText("Hoàn thành lúc");
  await expect(task.locator("dt:text-is('Đã xong') + dd")).toHaveText(/^(\d+)\/\1$/);
  await expect(task.getByRole("link", { name: "Xem lại" })).toBeVisible();
  await official.goto("/");
  await expect(official.locator(".home-tasks")).toHaveCount(0);

  // 5. the manager signs in with the new password: 50%, the sub-unit, the CSV
  const manager = await newPerson(browser, true);
  await signIn(manager, minh.email, PASSWORD, "/theo-doi");
  await expect(manager.getByRole("heading", { level: 1 })).toHaveText(ward.name);
  await expect(manager.locator("[data-percent]")).toHaveAttribute("data-percent", "50");
  await expect(manager.locator("[data-percent]")).toHaveText("50%");
  await expect(manager.locator("[data-assignments] tbody tr")).toContainText("50%");
  const subRow = manager.locator(`[data-units] tr[data-unit="${subId}"]`);
  await expect(subRow).toContainText("100%");
  await expect(manager.locator("[data-people] tbody tr")).toHaveCount(2);
  await expect(manager.locator("[data-people] tr", { hasText: lan.name }).locator("[data-status]")).toHaveAttribute(
    "data-status",
    "dung-han",
  );
  await expect(manager.locator("[data-people] tr", { hasText: minh.name }).locator("[data-status]")).toHaveAttribute(
    "data-status",
    "chua-bat-dau",
  );

  // the screenshots, phone and desktop (no page wider than the phone)
  await manager.setViewportSize({ width: 360, height: 800 });
  expect(await manager.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await manager.screenshot({ path: `${SHOTS}/dashboard-360.png`, fullPage: true, scale: "css" });
  await manager.setViewportSize({ width: 1280, height: 900 });
  await manager.screenshot({ path: `${SHOTS}/dashboard-1280.png`, fullPage: true, scale: "css" });

  const downloading = manager.waitForEvent("download");
  await manager.locator("[data-export]").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^theo-doi-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString("utf8").slice(1).trim().split(/\r?\n/);
  // every field is quoted (no cell can start a formula in Excel, whatever its list separator)
  expect(lines[0]).toMatch(/^"Họ và tên","Số điện thoại hoặc email","Mã đơn vị","Đơn vị","Chức vụ","Khóa học",/);
  expect(lines).toHaveLength(3);
  const lanLine = lines.find((l) => l.startsWith(`"${lan.name}"`)) ?? "";
  expect(lanLine).toContain(sub.code);
  expect(lanLine).toContain(COURSE_TITLE);
  expect(lanLine).toContain("Hoàn thành đúng hạn");
  expect(lanLine).toContain(`${d}/${m}/${y}`);
  expect(lines.find((l) => l.startsWith(`"${minh.name}"`))).toContain("Chưa bắt đầu");

  // drill down: the ward's units table leads to the sub-unit, its crumbs back up
  await subRow.getByRole("link", { name: sub.name }).click();
  await expect(manager).toHaveURL(new RegExp(`/theo-doi\\?don-vi=${subId}$`));
  await expect(manager.getByRole("heading", { level: 1 })).toHaveText(sub.name);
  await expect(manager.locator("[data-percent]")).toHaveAttribute("data-percent", "100");
  await expect(manager.locator("[data-people] tbody tr")).toHaveCount(1);
  await expect(manager.locator("[data-people] tbody tr")).toContainText(lan.name);
  await expect(manager.locator("[data-people] tbody tr")).toContainText("Công chức văn hóa");
  const crumbs = manager.getByRole("navigation", { name: "breadcrumb" });
  await expect(crumbs.getByRole("link")).toHaveText([ward.name]);
  await crumbs.getByRole("link", { name: ward.name }).click();
  await expect(manager).toHaveURL(new RegExp(`/theo-doi\\?don-vi=${wardId}$`));

  // 6. without JavaScript: the same dashboard, filtered by status with its GET form
  const plain = await newPerson(browser, false, await manager.context().storageState());
  await plain.goto("/theo-doi");
  await expect(plain.locator("[data-percent]")).toHaveAttribute("data-percent", "50");
  const people = plain.locator("[data-people] tbody tr");
  await expect(people).toHaveCount(2);
  await plain.getByLabel("Tình trạng", { exact: true }).selectOption("qua-han");
  await plain.getByRole("button", { name: "Xem", exact: true }).click();
  await expect(plain).toHaveURL(new RegExp(`/theo-doi\\?don-vi=${wardId}&nhiem-vu=0&trang-thai=qua-han&chuc-vu=&sap-xep=$`));
  await expect(plain.getByLabel("Tình trạng", { exact: true })).toHaveValue("qua-han");
  await expect(people).toHaveCount(0);
  await expect(plain.getByText("Không ai quá hạn.")).toBeVisible();
  await plain.getByLabel("Tình trạng", { exact: true }).selectOption("dung-han");
  await plain.getByRole("button", { name: "Xem", exact: true }).click();
  await expect(plain).toHaveURL(/trang-thai=dung-han/);
  await expect(people).toHaveCount(1);
  await expect(people).toContainText(lan.name);
  await expect(people.locator("[data-status]")).toHaveAttribute("data-status", "dung-han");
  await expect(plain.locator("[data-export]")).toHaveAttribute("href", `/theo-doi/xuat.csv?don-vi=${wardId}&trang-thai=dung-han`);
  await plain.getByLabel("Tình trạng", { exact: true }).selectOption("chua-bat-dau");
  await plain.getByRole("button", { name: "Xem", exact: true }).click();
  await expect(people).toHaveCount(1);
  await expect(people).toContainText(minh.name);
  // its drill-down links are plain links too
  await plain.locator(`[data-units] tr[data-unit="${subId}"]`).getByRole("link", { name: sub.name }).click();
  await expect(plain).toHaveURL(new RegExp(`/theo-doi\\?don-vi=${subId}&trang-thai=chua-bat-dau$`));
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText(sub.name);
});
