// `cargo leptos end-to-end` starts the server without waiting for it: poll
// /healthz until it answers (start-up migrates and imports content first).
export default async function globalSetup(): Promise<void> {
  const url = (process.env.HOCSO_URL ?? "http://127.0.0.1:3000") + "/healthz";
  const deadline = Date.now() + 180_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`server at ${url} did not become healthy: ${last}`);
}
