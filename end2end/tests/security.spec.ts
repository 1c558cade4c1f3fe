import { test, expect, type Page } from "@playwright/test";
import { ADMIN_IDENTIFIER, ADMIN_PASSWORD } from "../global-setup";

// With JavaScript on, no page may break its own Content-Security-Policy or log
// an error. Reading pages carry no script at all (islands mode); pages with
// forms that work in place load the bundle, whose scripts must carry the
// nonce the CSP header names, and wasm must be allowed to compile. No inline
// style or script may sneak in.

const LESSON = "/khoa-hoc/binh-dan-hoc-ai/ai-la-gi";

/** Pages whose forms are islands: they load the bundle and hydrate. */
const INTERACTIVE = ["/dang-nhap", "/dang-ky", "/tai-khoan", "/quan-tri"];

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

async function visit(page: Page, path: string): Promise<string> {
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp, path).toContain("'nonce-");
  expect(csp, path).not.toContain("unsafe-inline");
  expect(response?.headers()["x-content-type-options"], path).toBe("nosniff");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
  if (INTERACTIVE.includes(new URL(page.url()).pathname)) {
    await expect(page.locator("body"), path).toHaveAttribute("data-hydrated", "true");
    const scripts = page.locator("script");
    expect(await scripts.count(), path).toBeGreaterThan(0);
    for (const script of await scripts.all()) {
      expect(await script.evaluate((s) => (s as HTMLScriptElement).nonce), path).toBe(nonce);
    }
  } else {
    await expect(page.locator("script"), path).toHaveCount(0);
    await expect(page.locator("body"), path).not.toHaveAttribute("data-hydrated", "true");
  }
  return csp;
}

test("public pages keep to the CSP with no console errors; only sign-in and register load scripts", async ({ page }) => {
  const problems = watch(page);
  for (const path of ["/", "/khoa-hoc/binh-dan-hoc-ai", LESSON, "/bai-viet", "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi", "/kiem-tra/kiem-tra-binh-dan-hoc-ai", "/dang-nhap", "/dang-ky"]) {
    await visit(page, path);
  }
  expect(problems).toEqual([]);
});

test("a lesson from the page cache has no script and a fresh CSP nonce each time", async ({ page }) => {
  const problems = watch(page);
  const nonces = new Set<string>();
  // the first read renders in full and starts a cache build; later reads are hits
  for (let i = 0; i < 4; i++) {
    const csp = await visit(page, LESSON);
    nonces.add(/'nonce-([^']+)'/.exec(csp)?.[1] ?? "");
    await page.waitForTimeout(300);
  }
  expect(nonces.size).toBe(4);
  expect(problems).toEqual([]);
});

test("signed-in pages (account, admin) hydrate under the CSP; the others carry no script", async ({ page }) => {
  const problems = watch(page);
  await visit(page, "/dang-nhap");
  await page.getByLabel("Số điện thoại hoặc email").fill(ADMIN_IDENTIFIER);
  await page.getByLabel("Mật khẩu").fill(ADMIN_PASSWORD);
  await page.locator("form.form").getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.locator(".user-menu [data-signed-in]")).toBeVisible();
  for (const path of ["/tai-khoan", "/quan-tri", "/bien-tap", LESSON]) {
    await visit(page, path);
  }
  expect(problems).toEqual([]);
});
