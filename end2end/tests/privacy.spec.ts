import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";

// Personal data (Nghị định 13/2023/NĐ-CP): what registration says, the data
// download and account deletion, with and without JavaScript.

const PASSWORD = "dòng sông quê hương tôi";

/** A Vietnamese mobile number nobody has registered yet. */
function freshPhone(): string {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return `03${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
}

async function register(page: Page, name: string, phone: string, javaScriptEnabled: boolean) {
  await page.goto("/dang-ky");
  if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator("[data-signed-in]")).toContainText(name);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("download my data, then delete my account", async ({ page }) => {
      const phone = freshPhone();
      const name = javaScriptEnabled ? "Đỗ Thị Hạnh" : "Bùi Văn Long";

      // registration says what is kept and why, before the data is given
      await page.goto("/dang-ky");
      const note = page.locator(".privacy-note");
      await expect(note.getByRole("heading", { name: "Dữ liệu cá nhân của bạn" })).toBeVisible();
      await expect(note).toContainText("mã hóa một chiều");
      await expect(note).toContainText("Nghị định 13/2023/NĐ-CP");
      await expect(note.getByRole("link", { name: "Tài khoản của bạn" })).toHaveAttribute("href", "/tai-khoan");

      await register(page, name, phone, javaScriptEnabled);
      await page.goto("/tai-khoan");
      if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

      // the download is a plain link: a JSON attachment with the person's data
      const downloading = page.waitForEvent("download");
      await page.getByRole("link", { name: "Tải dữ liệu của tôi" }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe("hocso-du-lieu.json");
      const file = await download.path();
      const data = JSON.parse(readFileSync(file, "utf8"));
      expect(data.profile.full_name).toBe(name);
      expect(data.profile.phone).toBe("+84" + phone.replace(/ /g, "").slice(1));
      expect(JSON.stringify(data)).not.toContain("argon2");
      await expect(page).toHaveURL(/\/tai-khoan$/);

      // deletion waits behind a disclosure, then needs the password and the box ticked
      const zone = page.locator("details.danger-zone");
      await expect(zone).not.toHaveAttribute("open", /.*/);
      await zone.locator("summary", { hasText: "Xóa tài khoản" }).click();
      const password = page.getByLabel("Nhập mật khẩu hiện tại để xác nhận");
      const confirm = page.getByLabel("Tôi hiểu rằng tài khoản và dữ liệu của tôi sẽ bị xóa vĩnh viễn.");
      const submit = page.getByRole("button", { name: "Xóa vĩnh viễn tài khoản của tôi" });

      await password.fill("không phải mật khẩu");
      await confirm.check();
      await submit.click();
      await expect(page.locator("#mat-khau-xoa-tai-khoan-loi")).toHaveText("Mật khẩu hiện tại không đúng.");
      await expect(page.locator("#mat-khau-xoa-tai-khoan")).toHaveAttribute("aria-invalid", "true");
      await expect(zone).toHaveAttribute("open", /.*/);
      await expect(page.locator("[data-signed-in]")).toContainText(name);

      await password.fill(PASSWORD);
      if (!javaScriptEnabled) {
        // the page came back from the server: the box starts unticked
        await submit.click();
        await expect(page.locator("#xac-nhan-xoa-tai-khoan-loi")).toContainText("đánh dấu ô này");
        await password.fill(PASSWORD);
      }
      await confirm.check();
      await submit.click();

      await expect(page).toHaveURL(/\/dang-xuat\?da-xoa=1$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đã xóa tài khoản");
      await expect(page.locator("[data-account-deleted]")).toContainText("đã được xóa");
      await expect(page.locator(".user-menu").getByRole("link", { name: "Đăng nhập" })).toBeVisible();
      await page.goto("/tai-khoan");
      await expect(page).toHaveURL(/\/dang-nhap\?tiep=/);

      // the old password opens nothing; the same number registers again
      await page.getByLabel("Số điện thoại hoặc email").fill(phone);
      await page.getByLabel("Mật khẩu").fill(PASSWORD);
      await page.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
      await expect(page.locator(".form-alert")).toContainText("Số điện thoại/email hoặc mật khẩu không đúng.");
      await register(page, name, phone, javaScriptEnabled);
    });
  });
}
