// The dashboard on a chain that is not a dev chain: it shows the figures but takes no key. Run by
// test/tests/ui.rs against a devnode started with another chain id (UI_URL, UNDERWRITER_KEY,
// CHAIN_ID).
import assert from "node:assert/strict";
import { test } from "node:test";
import { need, openPage } from "./browser.mjs";

const UI_URL = need("UI_URL");
const KEY = need("UNDERWRITER_KEY");
const CHAIN_ID = need("CHAIN_ID");

test("not a dev chain: the figures, no key", async (t) => {
  const page = await openPage(t);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(UI_URL);
  await page.waitForSelector("#status[data-state=ready]");
  assert.match(await page.textContent("#where"), new RegExp(`^chain ${CHAIN_ID} · `));
  assert.equal(await page.getAttribute("#total-assets", "data-raw"), "0");
  assert.ok((await page.textContent("#share-price")).endsWith("per share"));
  for (const id of ["key", "connect", "deposit", "cooldown", "redeem"]) {
    assert.equal(await page.locator(`#${id}`).isDisabled(), true, `#${id} is disabled`);
  }
  // Enabled by hand, the form still refuses the key, and forgets it.
  await page.evaluate(() => ["key", "connect"].forEach((id) => (document.getElementById(id).disabled = false)));
  await page.fill("#key", KEY);
  await page.click("#connect");
  assert.equal(await page.getAttribute("#message", "data-kind"), "error");
  assert.match(await page.textContent("#message"), new RegExp(`^chain ${CHAIN_ID} is not a dev chain`));
  assert.equal(await page.inputValue("#key"), "");
  assert.equal(await page.textContent("#account"), "no key");
  assert.equal(await page.locator("#deposit").isDisabled(), true);
  assert.deepEqual(errors, []);
});
