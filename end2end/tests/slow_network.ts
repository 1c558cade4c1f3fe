import type { Page } from "@playwright/test";

/** Holds back the page's island code (its .wasm) until the returned
 * function is called, as a slow network does: until then the page is plain
 * HTML and no island hears what is typed into it. */
export async function holdIslandCode(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
