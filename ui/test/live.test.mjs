// The dashboard follows the chain without a reload: test/tests/ui.rs changes the chain from outside
// the page (alloy, other accounts and the holder's own key), and the page must show each change
// within FOLLOW_MS; with the node cut off it shows "node unreachable", and when the node is back it
// catches up. The two sides take turns through files in SYNC_DIR:
//
//   the script writes <step>.ready once the page is where the step needs it;
//   the Rust test changes the chain, then writes <step>.json: what the page must now show
//   (figures' data-raw values, the market's coverage left, the latest block and its share price);
//   `abort` (from the Rust test) stops the script.
//
// Steps: `deposit` (another account and the holder deposit), `loss` (a loss through the market),
// `outage` (the node is cut off by the browser: the holder starts a cooldown meanwhile).
//
//   UI_URL, RPC_URL, HOLDER_KEY (the page's key), SYNC_DIR, START_BLOCK (the manifest's)
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { need, openPage } from "./browser.mjs";

const UI_URL = need("UI_URL");
const RPC_ORIGIN = new URL(need("RPC_URL")).origin;
const KEY = need("HOLDER_KEY");
const SYNC = need("SYNC_DIR");
const START_BLOCK = BigInt(need("START_BLOCK"));

/** How long the page may take to show a change made outside it (it polls every second). */
const FOLLOW_MS = 10_000;
/** How long the Rust side may take to make a change. */
const TURN_MS = 120_000;

/** Hands the turn to the Rust test and returns what it says the page must show. */
async function turn(step) {
  writeFileSync(join(SYNC, `${step}.ready`), "");
  const answer = join(SYNC, `${step}.json`);
  const deadline = Date.now() + TURN_MS;
  while (!existsSync(answer)) {
    if (existsSync(join(SYNC, "abort"))) throw new Error(`the Rust test stopped before answering ${step}`);
    if (Date.now() > deadline) throw new Error(`no answer for ${step} in ${TURN_MS} ms`);
    await sleep(50);
  }
  return JSON.parse(readFileSync(answer, "utf8"));
}

test("the dashboard follows the chain: changes made elsewhere, a node that goes away", async (t) => {
  const page = await openPage(t);
  const pageErrors = [];
  const consoleErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  // The eth_getLogs requests that got an answer, in order.
  const getLogs = [];
  page.on("requestfinished", (r) => {
    if (new URL(r.url()).origin !== RPC_ORIGIN) return;
    const body = JSON.parse(r.postData() ?? "null");
    for (const call of [body].flat()) if (call?.method === "eth_getLogs") getLogs.push(call.params[0]);
  });

  const raw = (id) => page.locator(`#${id}`).getAttribute("data-raw");
  const state = () => page.locator("#status").getAttribute("data-state");
  /**
   * Waits (at most FOLLOW_MS) until every figure in `want` (id -> data-raw) is on the page;
   * prints how long after `since` (the change, or the node's return) it was there.
   */
  async function shows(what, want, since = Date.now()) {
    try {
      await page.waitForFunction(
        (want) => Object.entries(want).every(([id, v]) => document.getElementById(id)?.dataset.raw === v),
        want,
        { timeout: FOLLOW_MS, polling: 100 },
      );
    } catch (err) {
      const got = {};
      for (const id of Object.keys(want)) got[id] = await raw(id);
      assert.fail(`${what}: not shown within ${FOLLOW_MS} ms: want ${JSON.stringify(want)}, the page shows ${JSON.stringify(got)} (${err.message.split("\n")[0]})`);
    }
    console.log(`${what}: on the page ${Date.now() - since} ms after`);
  }
  /** Every figure's data-raw, taken before a change. */
  const snapshot = () =>
    page.evaluate(() => Object.fromEntries([...document.querySelectorAll("[data-raw]")].map((e) => [e.id, e.dataset.raw])));
  /**
   * Each figure in `want` showed something else before the change (so that the change is one to
   * see). The page may follow the change while the Rust test is still making it, so the values
   * compared are the ones taken before the turn was handed over.
   */
  function differs(before, want) {
    for (const [id, v] of Object.entries(want)) {
      assert.notEqual(before[id], v, `#${id} already showed ${v} before the change`);
    }
  }
  /**
   * The market's coverage left, the chart extended to the latest block with a point at each new
   * event's block, and the new events listed, as the Rust test read them (the chart is drawn
   * just after the figures, so it is waited for too).
   */
  async function marketAndChart(expect) {
    await page.waitForFunction(
      ({ market, left, block }) =>
        document.querySelector(`#markets tr[data-market="${market}"]`)?.dataset.left === left &&
        [...document.querySelectorAll("#chart circle.price")].at(-1)?.dataset.block === block,
      { ...expect.market, block: expect.block },
      { timeout: FOLLOW_MS, polling: 100 },
    );
    const price = await raw("share-price");
    const last = page.locator("#chart circle.price").last();
    assert.equal(await last.getAttribute("data-value"), price, "the chart's last point is the current price");
    const charted = await page.locator("#chart circle.price").evaluateAll((els) => els.map((e) => e.dataset.block));
    const rows = await page
      .locator("#events tbody tr")
      .evaluateAll((rows) => rows.map((r) => `${r.dataset.block} ${r.dataset.event}`));
    for (const e of expect.events) {
      assert.ok(rows.includes(e), `event ${e} listed: ${rows.join(", ")}`);
      assert.ok(charted.includes(e.split(" ")[0]), `a chart point at block ${e}: ${charted}`);
    }
  }

  await page.goto(UI_URL);
  await page.waitForSelector("#status[data-state=ready]");
  await page.fill("#key", KEY);
  await page.click("#connect");
  await page.waitForSelector("#message[data-kind=ok]");
  await page.waitForSelector("#status[data-state=ready]");
  await page.waitForFunction(() => document.getElementById("shares").dataset.raw === "0");
  // A reload would lose this.
  await page.evaluate(() => (window.notReloaded = true));

  await t.test("a deposit by another account and one by the holder show up by themselves", async () => {
    const before = await snapshot();
    const expect = await turn("deposit");
    differs(before, expect.figures);
    await shows("the deposits", expect.figures);
    await marketAndChart(expect);
  });

  await t.test("a loss absorbed elsewhere moves the share price, the deficit and the coverage", async () => {
    const before = await snapshot();
    const expect = await turn("loss");
    differs(before, expect.figures);
    await shows("the loss", expect.figures);
    await marketAndChart(expect);
  });

  await t.test("the node cut off: 'node unreachable', then it catches up", async () => {
    const cut = (url) => url.origin === RPC_ORIGIN;
    await page.route(cut, (route) => route.abort("connectionrefused"));
    await page.waitForSelector("#status[data-state=unreachable]", { timeout: FOLLOW_MS });
    assert.match(await page.textContent("#status"), /^node unreachable/);
    assert.equal(await page.locator("#cooldown").isDisabled(), true, "no actions while the node is away");
    const before = await snapshot();
    const expect = await turn("outage");
    differs(before, expect.figures);
    // Still cut off: the page keeps the figures it read before the change and says the node is
    // unreachable.
    assert.equal(await state(), "unreachable");
    assert.deepEqual(await snapshot(), before);
    const back = Date.now();
    await page.unroute(cut);
    await page.waitForSelector("#status[data-state=ready]", { timeout: FOLLOW_MS });
    await shows("the cooldown and the loss made during the outage, once the node is back", expect.figures, back);
    await marketAndChart(expect);
    assert.equal(await page.locator("#cooldown").isDisabled(), false, "actions back");
  });

  await t.test("no reload, logs read once each, no uncaught error", async () => {
    assert.equal(await page.evaluate(() => window.notReloaded), true, "the page was not reloaded");
    // The first read starts at the manifest's startBlock; each later one at the block after the
    // previous one's end.
    assert.ok(getLogs.length >= 4, `${getLogs.length} eth_getLogs`);
    assert.equal(BigInt(getLogs[0].fromBlock), START_BLOCK);
    for (let i = 1; i < getLogs.length; i++) {
      assert.equal(BigInt(getLogs[i].fromBlock), BigInt(getLogs[i - 1].toBlock) + 1n, `eth_getLogs #${i}: ${JSON.stringify(getLogs)}`);
    }
    assert.deepEqual(pageErrors, []);
    // The browser logs each refused request while the node is cut off; nothing else.
    const others = consoleErrors.filter((m) => !m.includes("net::ERR_CONNECTION_REFUSED"));
    assert.deepEqual(others, []);
  });
});
