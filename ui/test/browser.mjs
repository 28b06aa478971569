// Headless Chromium for the dashboard's tests: Debian's /usr/bin/chromium driven by
// playwright-core, with a fresh profile removed afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** Chromium flags; without the background-networking ones its connections are refused here. */
export const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A page in a fresh browser, closed (profile removed) when the test `t` ends. */
export async function openPage(t) {
  const profile = mkdtempSync(join(tmpdir(), "backstop-ui-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return page;
}

/** An environment variable the Rust test sets. */
export function need(k) {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (test/tests/ui.rs sets it)`);
  return v;
}
