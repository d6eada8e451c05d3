// Debian's headless Chromium through playwright-core, in a fresh profile that makes no
// requests of its own (no sync, no component updates, no QUIC): the only network traffic
// is the page's. `withPage(executablePath, use)` gives `use` a page, and closes everything.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function withPage(executablePath, use) {
  const profile = await mkdtemp(join(tmpdir(), "gateway-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: ARGS,
    headless: true,
    timeout: 60_000,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    return await use(page);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
