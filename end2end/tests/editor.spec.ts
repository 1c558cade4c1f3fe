import { test, expect } from "@playwright/test";
import { holdIslandCode } from "./slow_network";
import { RUN, editor } from "./staff";

// The editors' panel: an editor writes a lesson with an image and sees the
// preview, sends it for review; a second editor approves it with a schedule
// one minute ahead; it appears publicly at that time. With JavaScript (the
// preview follows the typing) and without (preview on submit).

// Not sequential, and no certificate journey runs on it: a lesson added at
// its end does not change what the learning specs expect.
const COURSE = "binh-dan-hoc-ai";

/** A 2×1 PNG (the panel strips metadata and knows its size). */
function tinyPng(): Buffer {
  return Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGPg9u/arCYHAAZ/AdxFJ/X+AAAAAElFTkSuQmCC",
    "base64",
  );
}

/** `YYYY-MM-DDTHH:MM:SS` in Vietnam time, `seconds` from now. */
function vietnamTimeIn(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000 + 7 * 3600 * 1000);
  return at.toISOString().slice(0, 19);
}

// The two editors are registered once, by the first test, and sign in again
// in the second (see ./staff).

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test("an editor writes a lesson with an image, another schedules it, it goes public on time", async ({
      browser,
    }) => {
      test.setTimeout(240_000);
      const suffix = Math.floor(Math.random() * 1e6);
      const slug = `bai-moi-${javaScriptEnabled ? "js" : "khong-js"}-${suffix}`;
      const title = javaScriptEnabled ? "Bảo vệ mã OTP của bạn" : "Giữ an toàn mật khẩu";
      const an = await editor(browser, `Biên tập An ${RUN}`, javaScriptEnabled);
      const binh = await editor(browser, `Biên tập Bình ${RUN}`, javaScriptEnabled);

      // write the lesson
      await an.goto("/bien-tap/lesson/moi");
      if (javaScriptEnabled) await expect(an.locator("body")).toHaveAttribute("data-hydrated", "true");
      await an.getByLabel("Tiêu đề").fill(title);
      await an.getByLabel("Đường dẫn (slug)").fill(slug);
      await an.getByLabel("Tóm tắt").fill("Một bài ngắn để thử bảng biên tập.");
      await an.getByLabel("Thời lượng đọc (phút)").fill("4");
      await an.getByLabel("Khóa học").selectOption(COURSE);
      const body = an.getByLabel("Nội dung (Markdown)");
      await body.fill("## Điều cần nhớ\n\nKhông bao giờ **đọc mã OTP** cho người lạ.\n");
      if (javaScriptEnabled) {
        // the preview follows the typing, rendered on the server
        await expect(an.locator(".preview-body strong")).toHaveText("đọc mã OTP");
      }
      await an.getByRole("button", { name: "Tạo bản nháp" }).click();
      await expect(an).toHaveURL(/\/bien-tap\/lesson\/\d+$/);
      const editUrl = an.url();
      await expect(an.locator(".preview-body strong")).toHaveText("đọc mã OTP");

      // an image: uploaded, then placed in the text
      await an.getByLabel("Tệp ảnh").setInputFiles({ name: "otp.png", mimeType: "image/png", buffer: tinyPng() });
      await an.getByLabel("Mô tả ảnh").fill("Tin nhắn chứa mã OTP");
      await an.getByRole("button", { name: "Tải ảnh lên" }).click();
      const snippet = (await an.locator("[data-image-markdown]").inputValue()).trim();
      expect(snippet).toMatch(/^!\[Tin nhắn chứa mã OTP\]\(\/anh\/[0-9a-f]{32}\.png\)$/);
      const text = await an.getByLabel("Nội dung (Markdown)").inputValue();
      await an.getByLabel("Nội dung (Markdown)").fill(`${text}\n${snippet}\n`);
      if (javaScriptEnabled) {
        await expect(an.locator(".preview-body img")).toHaveAttribute("width", "2");
      }
      await an.getByRole("button", { name: "Lưu và xem trước" }).click();
      await expect(an.locator(".form-notice")).toContainText("Đã lưu phiên bản #2");
      await expect(an.locator(".preview-body img")).toHaveAttribute("height", "1");
      await an.getByRole("button", { name: "Gửi duyệt" }).click();
      await expect(an.locator(".workflow [data-state]")).toHaveAttribute("data-state", "review");

      // the second editor schedules it one minute ahead
      await binh.goto(editUrl);
      await binh.getByLabel("Hoặc đăng vào lúc (giờ Việt Nam)").fill(vietnamTimeIn(60));
      await binh.getByRole("button", { name: "Duyệt và lên lịch" }).click();
      await expect(binh.locator(".workflow [data-state]")).toHaveAttribute("data-state", "scheduled");

      const publicUrl = `/khoa-hoc/${COURSE}/${slug}`;
      const reader = await (await browser.newContext({ javaScriptEnabled })).newPage();
      const before = await reader.goto(publicUrl);
      expect(before?.status()).toBe(404);
      await expect
        .poll(async () => (await reader.goto(publicUrl))?.status(), { timeout: 100_000, intervals: [2_000] })
        .toBe(200);
      await expect(reader.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(reader.locator("article img")).toHaveAttribute("alt", "Tin nhắn chứa mã OTP");
      await expect(reader.locator("article img")).toHaveAttribute("width", "2");
    });
  });
}

test("text typed before the page is interactive is previewed once it is", async ({ browser }) => {
  const an = await editor(browser, `Biên tập An ${RUN}`, true);
  // the text is typed while the page is still plain HTML
  const release = await holdIslandCode(an);
  await an.goto("/bien-tap/lesson/moi", { waitUntil: "domcontentloaded" });
  await an.getByLabel("Nội dung (Markdown)").fill("Đừng bao giờ **chia sẻ mã OTP**.\n");
  await expect(an.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  release();
  await expect(an.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(an.locator(".preview-body strong")).toHaveText("chia sẻ mã OTP");
  await an.context().close();
});
