import { test, expect, type Browser, type Page } from "@playwright/test";
import { holdIslandCode } from "./slow_network";
import { RUN, editor, freshPhone } from "./staff";

// Quiz and course authoring: an editor pastes a quiz typed the Vietnamese
// way with one mistake and sees the line that is wrong; fixes it, sees what
// was understood, saves it as a draft; places it in a course between its
// first two lessons (dragging it with JavaScript, with the up buttons
// without); a second editor approves the quiz and the course; a learner
// finds it in that place and passes it. With JavaScript and without.

const COURSE = "binh-dan-hoc-ai";
const COURSE_TITLE = "Bình dân học AI";

function quizText(key: string): string {
  return [
    "Phần 1. An toàn khi nhận cuộc gọi",
    "Câu 1. Người lạ gọi điện xin mã OTP để “hoàn tiền”. Bạn nên làm gì?",
    "A. Đọc mã cho họ ngay",
    "B. Từ chối và gọi lại tổng đài chính thức",
    "C. Gửi mã qua tin nhắn",
    "Câu 2: Mật khẩu nào mạnh nhất?",
    "A. 123456    B. matkhau    C. Hoa-Sen-No-2026!",
    `Đáp án: 1-B, 2-${key}`,
    "",
  ].join("\r\n");
}

async function learner(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled,
    extraHTTPHeaders: { "X-Forwarded-For": `10.78.${javaScriptEnabled ? 1 : 2}.${(RUN % 250) + 1}` },
  });
  const page = await context.newPage();
  const name = `Người Học Đề ${RUN}`;
  await page.goto("/dang-ky");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại hoặc email").fill(freshPhone("07"));
  await page.getByLabel("Mật khẩu", { exact: true }).fill("học số mỗi ngày một bài");
  await page.getByLabel("Nhập lại mật khẩu").fill("học số mỗi ngày một bài");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator("[data-signed-in]")).toContainText(name);
  return page;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test("an editor imports a pasted quiz, places it in a course, and after approval a learner takes it", async ({
      browser,
    }) => {
      test.setTimeout(240_000);
      const suffix = `${javaScriptEnabled ? "js" : "khong-js"}-${Math.floor(Math.random() * 1e6)}`;
      const title = `Kiểm tra nhanh về cuộc gọi lừa đảo ${suffix}`;
      const chi = await editor(browser, `Soạn đề Chi ${RUN}`, javaScriptEnabled);
      const dung = await editor(browser, `Duyệt đề Dũng ${RUN}`, javaScriptEnabled);

      // a new quiz, pasted with a mistake: the answer key names option E
      await chi.goto("/bien-tap/quiz/moi");
      if (javaScriptEnabled) await expect(chi.locator("body")).toHaveAttribute("data-hydrated", "true");
      await chi.getByLabel("Tiêu đề", { exact: true }).fill(title);
      await chi.getByLabel("Đường dẫn (slug)").fill(`kiem-tra-cuoc-goi-${suffix}`);
      await chi.getByLabel("Khóa học").selectOption(COURSE);
      await chi.getByLabel("Tóm tắt").fill("Hai câu hỏi về cuộc gọi xin mã OTP và mật khẩu.");
      await chi.getByLabel("Văn bản đề").fill(quizText("E"));
      if (!javaScriptEnabled) await chi.getByRole("button", { name: "Xem trước" }).click();
      const problems = chi.locator(".paste-problems li");
      await expect(problems.first()).toBeVisible();
      await expect(problems.first()).toHaveAttribute("data-line", "8");
      await expect(problems.first()).toContainText("Dòng 8");
      // nothing was saved, and what was typed is still there
      await expect(chi.getByLabel("Tiêu đề", { exact: true })).toHaveValue(title);

      // fixed: the preview shows what was understood
      await chi.getByLabel("Văn bản đề").fill(quizText("C"));
      if (!javaScriptEnabled) await chi.getByRole("button", { name: "Xem trước" }).click();
      await expect(chi.locator(".paste-preview")).toContainText("Số câu đã hiểu: 2");
      await expect(chi.locator(".paste-preview li.right").first()).toContainText("B. Từ chối và gọi lại tổng đài chính thức");
      await expect(chi.locator(".paste-problems")).toHaveCount(0);

      // saved as a draft, every question in the editor
      await chi.getByRole("button", { name: "Thêm các câu này và lưu bản nháp" }).click();
      await expect(chi).toHaveURL(/\/bien-tap\/quiz\/\d+$/);
      const quizEditUrl = chi.url();
      await expect(chi.locator("fieldset.question")).toHaveCount(2);
      await expect(chi.locator(".workflow [data-state]")).toHaveAttribute("data-state", "draft");
      await expect(chi.getByLabel("Nội dung câu hỏi").nth(1)).toHaveValue("Mật khẩu nào mạnh nhất?");
      await chi.getByRole("button", { name: "Gửi duyệt" }).click();
      await expect(chi.locator(".workflow [data-state]")).toHaveAttribute("data-state", "review");

      // placed in the course, between its first two lessons
      await chi.goto("/bien-tap?loai=course");
      await chi.getByRole("link", { name: COURSE_TITLE, exact: true }).click();
      await expect(chi).toHaveURL(/\/bien-tap\/course\/\d+/);
      const courseEditUrl = chi.url();
      await chi.getByLabel("Thêm bài của khóa học vào cuối").selectOption({ label: `${title} — Bài kiểm tra (Chờ duyệt)` });
      await chi.getByRole("button", { name: "Thêm", exact: true }).click();
      const steps = chi.locator(".outline-step");
      await expect(steps.last()).toContainText(title);
      if (javaScriptEnabled) {
        await expect(chi.locator("body")).toHaveAttribute("data-hydrated", "true");
        // dragged onto the second step: the events a drag and drop fires
        // (a pointer drag across a long list scrolls while it moves, which
        // headless Chromium does not follow reliably)
        const dataTransfer = await chi.evaluateHandle(() => new DataTransfer());
        await steps.last().dispatchEvent("dragstart", { dataTransfer });
        await steps.nth(1).dispatchEvent("dragover", { dataTransfer });
        await steps.nth(1).dispatchEvent("drop", { dataTransfer });
        await expect(chi.getByText("Đã đổi thứ tự")).toBeVisible();
      } else {
        while (!((await steps.nth(1).textContent()) ?? "").includes(title)) {
          await steps.filter({ hasText: title }).getByRole("button", { name: /^Lên trên/ }).click();
        }
      }
      await expect(steps.nth(1)).toContainText(title);
      await chi.getByRole("button", { name: "Lưu bản nháp" }).last().click();
      await expect(chi.locator(".form-notice")).toContainText("Đã lưu phiên bản");
      await expect(steps.nth(1)).toContainText(title);
      await chi.getByRole("button", { name: "Gửi duyệt" }).click();
      await expect(chi.locator(".workflow [data-state]")).toHaveAttribute("data-state", "review");

      // the second editor approves the quiz and the course
      for (const url of [quizEditUrl, courseEditUrl.split("?")[0]]) {
        await dung.goto(url);
        await dung.getByRole("button", { name: "Duyệt và đăng ngay" }).click();
        await expect(dung.locator(".workflow [data-state]")).toHaveAttribute("data-state", "published");
      }

      // a learner finds it second in the course and passes it
      const student = await learner(browser, javaScriptEnabled);
      await student.goto(`/khoa-hoc/${COURSE}`);
      const outline = student.locator("ol.steps > li");
      await expect(outline.nth(1).locator("a")).toHaveText(title);
      await outline.nth(1).locator("a").click();
      await expect(student).toHaveURL(/\/kiem-tra\/kiem-tra-cuoc-goi-/);
      await student.getByLabel("Từ chối và gọi lại tổng đài chính thức", { exact: true }).check();
      await student.getByLabel("Hoa-Sen-No-2026!", { exact: true }).check();
      await student.getByRole("button", { name: "Nộp bài" }).click();
      await expect(student).toHaveURL(/\/hoc-tap\/lan-lam\/\d+$/);
      await expect(student.locator(".verdict")).toHaveText("Đạt");
      await expect(student.locator(".score")).toContainText("100%");
    });
  });
}

test("a quiz pasted before the page is interactive is read once it is", async ({ browser }) => {
  const chi = await editor(browser, `Soạn đề Chi ${RUN}`, true);
  const release = await holdIslandCode(chi);
  await chi.goto("/bien-tap/quiz/moi", { waitUntil: "domcontentloaded" });
  await chi.getByLabel("Văn bản đề").fill(quizText("C"));
  await expect(chi.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  release();
  await expect(chi.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(chi.locator(".paste-preview")).toContainText("Số câu đã hiểu: 2");
  await chi.context().close();
});
