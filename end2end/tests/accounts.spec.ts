import { test, expect, type Page } from "@playwright/test";
import { ADMIN_IDENTIFIER, ADMIN_PASSWORD } from "../global-setup";

const PASSWORD = "hoa sen nở trong đầm";

/** A Vietnamese mobile number nobody has registered yet. */
function freshPhone(): string {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return `09${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
}

async function register(page: Page, name: string, phone: string) {
  await page.goto("/dang-ky");
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng ký" }).click();
}

async function signIn(page: Page, identifier: string, password: string) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Số điện thoại hoặc email").fill(identifier);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("register → signed-in header → sign out → sign in", async ({ page }) => {
      const phone = freshPhone();
      const name = javaScriptEnabled ? "Trần Thị Mai" : "Lê Văn Tùng";
      if (javaScriptEnabled) {
        await page.goto("/dang-ky");
        await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
      }

      // a mistake first: the error shows next to the field, in Vietnamese
      await page.goto("/dang-ky");
      if (javaScriptEnabled) await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
      await page.getByLabel("Họ và tên").fill(name);
      await page.getByLabel("Số điện thoại hoặc email").fill("0236 3822 222");
      await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
      await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
      await page.getByRole("button", { name: "Đăng ký" }).click();
      await expect(page.locator("#dinh-danh-loi")).toContainText("không phải số di động Việt Nam hợp lệ");
      await expect(page.locator("#dinh-danh")).toHaveAttribute("aria-invalid", "true");

      await register(page, name, phone);
      await expect(page).toHaveURL(/\/$/);
      const header = page.locator(".user-menu");
      await expect(header.locator("[data-signed-in]")).toContainText(name);
      await expect(header.getByRole("link", { name: "Biên tập", exact: true })).toHaveCount(0);

      await header.getByRole("button", { name: "Đăng xuất" }).click();
      await expect(header.getByRole("link", { name: "Đăng nhập" })).toBeVisible();

      await signIn(page, phone.replace(/ /g, ""), "không phải mật khẩu");
      await expect(page.locator(".form-alert")).toContainText("Số điện thoại/email hoặc mật khẩu không đúng.");

      await signIn(page, "+84" + phone.replace(/ /g, "").slice(1), PASSWORD);
      await expect(page).toHaveURL(/\/$/);
      await expect(header.locator("[data-signed-in]")).toContainText(name);
      await page.goto("/tai-khoan");
      await expect(page.locator(".facts")).toContainText(phone);
    });
  });
}

test("with JavaScript, the register form is an island that validates in place", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.endsWith(".wasm")) wasm.push(request.url());
  });
  await page.goto("/dang-ky");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  expect(wasm).toHaveLength(1);
  await expect(page.locator("leptos-island form.form")).toHaveCount(1);

  // Any page load from here on would be a failure.
  await page.evaluate(() => ((window as any).__same = "yes"));
  let loads = 0;
  page.on("load", () => loads++);
  await page.getByLabel("Họ và tên").fill("Vũ Thị Thu");
  await page.getByLabel("Số điện thoại hoặc email").fill("12345");
  await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator("#dinh-danh-loi")).toContainText("không phải số di động Việt Nam hợp lệ");
  await expect(page.locator("#dinh-danh")).toHaveAttribute("aria-invalid", "true");
  // a plain form post would have come back as /dang-ky?__path=…&__err=…
  await expect(page).toHaveURL(/\/dang-ky$/);
  expect(await page.evaluate(() => (window as any).__same)).toBe("yes");
  expect(loads).toBe(0);
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Vũ Thị Thu");
});

test("an anonymous visitor to a protected page signs in and comes back", async ({ page }) => {
  await page.goto("/quan-tri");
  await expect(page).toHaveURL(/\/dang-nhap\?tiep=\/quan-tri$/);
  await page.getByLabel("Số điện thoại hoặc email").fill(ADMIN_IDENTIFIER);
  await page.getByLabel("Mật khẩu").fill(ADMIN_PASSWORD);
  await page.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/quan-tri$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quản trị");
});

test("the admin grants a user the editor role and that user sees the editor entry point", async ({ browser }) => {
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  const phone = freshPhone();
  await register(user, "Phan Thanh Bình", phone);
  await expect(user.locator("[data-signed-in]")).toContainText("Phan Thanh Bình");
  await user.goto("/bien-tap");
  await expect(user.getByRole("heading", { level: 1 })).toHaveText("Bạn không có quyền truy cập");

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN_IDENTIFIER, ADMIN_PASSWORD);
  await expect(admin.locator(".user-menu").getByRole("link", { name: "Quản trị", exact: true })).toBeVisible();
  await admin.goto("/quan-tri?q=" + encodeURIComponent(phone));
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  const row = admin.locator("li.user", { hasText: "Phan Thanh Bình" });
  await row.getByRole("button", { name: "Cấp quyền biên tập viên" }).click();
  await expect(row.getByRole("button", { name: "Thu hồi biên tập viên" })).toBeVisible();

  await user.goto("/");
  const entry = user.locator(".user-menu").getByRole("link", { name: "Biên tập", exact: true });
  await expect(entry).toBeVisible();
  await entry.click();
  await expect(user).toHaveURL(/\/bien-tap$/);
  await expect(user.getByRole("heading", { level: 1 })).toHaveText("Bảng biên tập");
  await userContext.close();
  await adminContext.close();
});
