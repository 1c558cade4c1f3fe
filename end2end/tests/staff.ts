import { expect, type Browser, type Page } from "@playwright/test";
import { ADMIN_IDENTIFIER, ADMIN_PASSWORD } from "../global-setup";

// People of the editors' panel for the browser tests: registered once (each
// from an address of their own) and made editors by the administrator,
// signed in again afterwards.

const PASSWORD = "biên tập viên cẩn thận";

export function freshPhone(prefix = "09"): string {
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return `${prefix}${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`;
}

/** A number for this run, so names and addresses do not repeat between runs. */
export const RUN = Math.floor(Math.random() * 1e6);
const phones = new Map<string, string>();

/** An editor's signed-in page: registered and made an editor by the
 * administrator the first time, signed in afterwards. */
export async function editor(browser: Browser, name: string, javaScriptEnabled: boolean): Promise<Page> {
  // each person from an address of their own, as real editors are
  // (registrations are limited per address; scripts/test.sh trusts the
  // header from 127.0.0.1 for the browser tests)
  const address = `10.77.${phones.size + 1}.${(RUN % 250) + 1}`;
  const context = await browser.newContext({
    javaScriptEnabled,
    extraHTTPHeaders: { "X-Forwarded-For": address },
  });
  const page = await context.newPage();
  const known = phones.get(name);
  if (known) {
    await page.goto("/dang-nhap");
    await page.getByLabel("Số điện thoại hoặc email").fill(known);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.locator("[data-signed-in]")).toContainText(name);
    return page;
  }
  const phone = freshPhone();
  await page.goto("/dang-ky");
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại hoặc email").fill(phone);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Nhập lại mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.locator("[data-signed-in]")).toContainText(name);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto("/quan-tri");
  await expect(admin).toHaveURL(/\/dang-nhap\?tiep=\/quan-tri$/);
  await admin.getByLabel("Số điện thoại hoặc email").fill(ADMIN_IDENTIFIER);
  await admin.getByLabel("Mật khẩu").fill(ADMIN_PASSWORD);
  await admin.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
  // the path, not the sign-in page whose ?tiep= also ends in /quan-tri
  await expect(admin).toHaveURL(/:\/\/[^/]+\/quan-tri$/);
  await admin.goto("/quan-tri?q=" + encodeURIComponent(phone));
  await expect(admin.locator("body")).toHaveAttribute("data-hydrated", "true");
  const row = admin.locator("li.user", { hasText: name });
  await row.getByRole("button", { name: "Cấp quyền biên tập viên" }).click();
  await expect(row.getByRole("button", { name: "Thu hồi biên tập viên" })).toBeVisible();
  await adminContext.close();
  phones.set(name, phone);
  // the viewer cache believes what it read for up to a second
  await page.waitForTimeout(1200);
  return page;
}
