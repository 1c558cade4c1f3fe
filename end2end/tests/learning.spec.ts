import { test, expect, type Page, type Browser } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { answerFromFeedback, readFeedback } from "./quiz";

// The learner's journey, with and without JavaScript: register, read the
// lessons of the sequential course "Bình dân học vụ số" and mark each done,
// fail the quiz, read the feedback, retry and pass, finish the course, open
// the certificate; then a second browser with no cookies verifies it.

const PASSWORD = "học số mỗi ngày một bài";
const COURSE = "/khoa-hoc/binh-dan-hoc-vu-so";
const QUIZ = "/kiem-tra/kiem-tra-binh-dan-hoc-vu-so";

function freshPhone(): string {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return `07${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
}

async function register(page: Page, name: string, javaScriptEnabled: boolean) {
  await page.goto("/dang-ky");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại hoặc email").fill(freshPhone());
  await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator("[data-signed-in]")).toContainText(name);
}

async function verifyElsewhere(browser: Browser, code: string, name: string) {
  const stranger = await browser.newContext({ javaScriptEnabled: false });
  const page = await stranger.newPage();
  const response = await page.goto(`/chung-nhan/${code}`);
  expect(response?.status()).toBe(200);
  await expect(page.locator(".certificate-name")).toHaveText(name);
  await expect(page.locator("[data-valid=true]")).toBeVisible();
  await expect(page.locator(".certificate svg")).toBeVisible();
  await expect(page.locator("[data-signed-in]")).toHaveCount(0);
  // printed, it fits one A4 landscape page (297×210 mm less 12 mm margins, at 96 px per inch)
  await page.setViewportSize({ width: 1032, height: 703 });
  await page.emulateMedia({ media: "print" });
  expect(await page.evaluate(() => document.body.scrollHeight)).toBeLessThanOrEqual(703);
  await page.emulateMedia({ media: "screen" });
  const bad = await page.goto("/chung-nhan/ABCD-EFGH-JKLM-NPQR");
  expect(bad?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mã chứng nhận không hợp lệ");
  await stranger.close();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a new learner completes a course and gets a certificate anyone can verify", async ({ page, browser }) => {
      test.setTimeout(120_000);
      const name = javaScriptEnabled ? "Phan Thị Hồng Nhung" : "Đặng Văn Quý";
      await register(page, name, javaScriptEnabled);

      // the course page: progress at 0, steps locked after the first
      await page.goto(COURSE);
      await expect(page.locator(".progress progress")).toHaveAttribute("value", "0");
      const steps = page.locator("ol.steps > li");
      const count = await steps.count();
      expect(count).toBeGreaterThanOrEqual(7);
      await expect(steps.nth(1)).toHaveClass(/locked/);
      const lessons = await page.locator("ol.steps > li > a[href^='/khoa-hoc/']").evaluateAll((links) =>
        links.map((a) => a.getAttribute("href") ?? ""),
      );

      // a later lesson can be read, but not completed yet
      await page.goto(lessons[1]);
      await expect(page.locator(".prose")).not.toBeEmpty();
      await expect(page.locator("#tien-do [data-step=locked]")).toBeVisible();

      // the quiz is locked until every lesson is done
      await page.goto(QUIZ);
      await expect(page.locator("[data-step=locked]")).toBeVisible();
      await expect(page.locator("form.quiz-form")).toHaveCount(0);

      for (const lesson of lessons) {
        await page.goto(lesson);
        await page.getByRole("button", { name: "Tôi đã học xong" }).click();
        await expect(page).toHaveURL(new RegExp(`${lesson}(#tien-do)?$`));
        await expect(page.locator("#tien-do [data-step=done]")).toHaveText(/Bạn đã học xong bài này/);
      }

      // "Tiếp tục học" on the course page leads to the quiz
      await page.goto(COURSE);
      await page.getByRole("link", { name: /Tiếp tục học/ }).click();
      await expect(page).toHaveURL(new RegExp(`${QUIZ}$`));

      // fail on purpose: submit without answering
      await page.getByRole("button", { name: "Nộp bài" }).click();
      await expect(page).toHaveURL(/\/hoc-tap\/lan-lam\/\d+$/);
      await expect(page.locator(".verdict")).toHaveText("Chưa đạt");
      await expect(page.locator(".explanation").first()).toBeVisible();
      const feedback = await readFeedback(page);
      expect(feedback.every((q) => q.options.length + q.accepted.length > 0)).toBe(true);

      // retry with what the feedback taught
      await page.getByRole("link", { name: "Làm lại" }).click();
      await expect(page).toHaveURL(new RegExp(`${QUIZ}$`));
      // typed without accents and in lower case: the quiz allows it
      await answerFromFeedback(page, feedback, (answer) =>
        `  ${answer.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase()} `,
      );
      await page.getByRole("button", { name: "Nộp bài" }).click();
      await expect(page.locator(".verdict")).toHaveText("Đạt");
      await expect(page.locator(".score")).toContainText("100%");

      // the course is complete: the certificate
      await page.getByRole("link", { name: "Xem chứng nhận" }).click();
      await expect(page).toHaveURL(/\/chung-nhan\/[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
      await expect(page.locator(".certificate-name")).toHaveText(name);
      await expect(page.locator(".certificate-course")).toHaveText("Bình dân học vụ số");
      const code = (await page.locator(".certificate-code").textContent()) ?? "";

      // "Học tập của tôi" lists it, and the two attempts
      await page.goto("/hoc-tap");
      await expect(page.locator(".my-learning")).toContainText("Bình dân học vụ số");
      await expect(page.locator(`a[href="/chung-nhan/${code}"]`)).toBeVisible();
      await expect(page.locator("table.history tbody tr")).toHaveCount(2);

      await verifyElsewhere(browser, code, name);
    });
  });
}

test("a visitor takes a quiz without an account and is invited to sign in", async ({ page }) => {
  await page.goto("/kiem-tra/kiem-tra-giua-khoa-ai");
  await expect(page.getByText("Bạn chưa đăng nhập")).toBeVisible();
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page).toHaveURL(/\/kiem-tra\/kiem-tra-giua-khoa-ai\/thu\?/);
  await expect(page.locator(".verdict")).toHaveText("Chưa đạt");
  await expect(page.getByText("Kết quả này không được lưu")).toBeVisible();
  await page.getByRole("link", { name: "Đăng nhập để lưu kết quả" }).click();
  await expect(page).toHaveURL(/\/dang-nhap\?tiep=\/kiem-tra\/kiem-tra-giua-khoa-ai$/);
});

test("the learner's pages have no serious accessibility violations", async ({ page }) => {
  await register(page, "Kiểm Tra Truy Cập", true);
  await page.goto("/kiem-tra/kiem-tra-giua-khoa-ai");
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page).toHaveURL(/\/hoc-tap\/lan-lam\/\d+$/);
  for (const path of [page.url(), QUIZ, "/kiem-tra/kiem-tra-giua-khoa-ai", COURSE, `${COURSE}/su-dung-dien-thoai-an-toan`, "/hoc-tap", "/"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path}: ${v.id}: ${v.help}`)).toEqual([]);
  }
});
