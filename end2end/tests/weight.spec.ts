import { test, expect, type Page } from "@playwright/test";

// The page-weight budget: a lesson's first load (HTML, CSS, JS, wasm, images:
// everything the browser fetches, as sent over the wire, compressed) must stay
// under 100 KB, so weight cannot creep back. Reading pages carry no script.

const BUDGET = 100 * 1024;

async function firstLoad(page: Page, path: string): Promise<{ total: number; items: string[] }> {
  const responses: Promise<{ url: string; bytes: number }>[] = [];
  page.on("requestfinished", (request) => {
    responses.push(
      request.sizes().then((sizes) => ({
        url: request.url(),
        bytes: sizes.responseHeadersSize + sizes.responseBodySize,
      })),
    );
  });
  await page.goto(path, { waitUntil: "networkidle" });
  const done = await Promise.all(responses);
  return {
    total: done.reduce((sum, r) => sum + r.bytes, 0),
    items: done.map((r) => `${r.bytes} ${r.url}`),
  };
}

for (const path of [
  "/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp",
  "/bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi",
  "/",
]) {
  test(`first load of ${path} is under ${BUDGET / 1024} KB compressed`, async ({ page }) => {
    const { total, items } = await firstLoad(page, path);
    console.log(`${path}: ${total} bytes\n  ${items.join("\n  ")}`);
    expect(items.some((i) => /\.(js|wasm)$/.test(i)), items.join("\n")).toBe(false);
    expect(total, items.join("\n")).toBeLessThan(BUDGET);
  });
}
