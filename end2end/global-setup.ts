import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const ADMIN_IDENTIFIER = "admin@hocso.test";
export const ADMIN_PASSWORD = "quản trị viên kiểm thử";

// `cargo leptos end-to-end` starts the server without waiting for it: poll
// /healthz until it answers (start-up migrates and imports content first),
// then create the administrator the tests sign in as.
export default async function globalSetup(): Promise<void> {
  const url = (process.env.HOCSO_URL ?? "http://127.0.0.1:3000") + "/healthz";
  const deadline = Date.now() + 180_000;
  let last = "";
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) break;
      last = `status ${response.status}`;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} did not become healthy: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  const root = path.resolve(__dirname, "..");
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
  const hocso = path.join(targetDir, "debug", "hocso");
  if (!existsSync(hocso)) throw new Error(`${hocso} not found: build with cargo leptos first`);
  // Same working directory as the server, so a relative DATABASE_URL names the same file.
  execFileSync(hocso, ["create-admin", ADMIN_IDENTIFIER, "--name", "Quản trị kiểm thử"], {
    cwd: root,
    input: ADMIN_PASSWORD + "\n",
    stdio: ["pipe", "inherit", "inherit"],
  });
}
