// The dashboard in headless Chromium against a devnode where the system is deployed: an
// underwriter pastes a key, reads the figures, mints test dollars with the faucet, deposits, is
// refused a redeem before the cooldown (decoded revert on the page), starts the cooldown, moves
// the chain to the window (evm_increaseTime), redeems, and the chart shows the history. Run by
// test/tests/ui.rs, which sets up the chain and passes what the page must show:
//
//   UI_URL           the page (backstop ui)
//   RPC_URL          the node (for evm_increaseTime)
//   UNDERWRITER_KEY  the underwriter's key (gas and the test stablecoin's minter role; no asset,
//                    no shares)
//   EXPECT           JSON: account, totalAssets, sharePrice, totalDeficit, maxCoverable, markets
//                    (address, coverage left), wallet (what the faucet mints), deposit (human),
//                    depositShares, cooldownPeriod, unstakeWindow, minChartPoints, chartPrices,
//                    texts (id -> text the figure must contain)
//   SCREENSHOT       where to save the final screenshot (PNG)
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { test } from "node:test";
import { need, openPage } from "./browser.mjs";

const UI_URL = need("UI_URL");
const RPC_URL = need("RPC_URL");
const KEY = need("UNDERWRITER_KEY");
const SCREENSHOT = need("SCREENSHOT");
const EXPECT = JSON.parse(need("EXPECT"));

async function rpc(method, params) {
  const res = await fetch(RPC_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

test("the underwriter dashboard: figures, deposit, refused redeem, cooldown, redeem, chart", async (t) => {
  const page = await openPage(t);
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
  // Every request the page makes: it may reach the server and the node, nothing else, and the
  // key is in none of them.
  const requests = [];
  page.on("request", (r) => requests.push({ url: r.url(), body: r.postData() ?? "" }));

  const raw = async (id) => page.locator(`#${id}`).getAttribute("data-raw");
  const text = async (id) => page.locator(`#${id}`).textContent();
  const ready = () => page.waitForSelector("#status[data-state=ready]");
  /** Clicks, waits for the action's outcome and the refresh after it; returns the message. */
  async function act(selector, kind) {
    await page.click(selector);
    await page.waitForSelector(`#message:not([data-kind=busy])`);
    await ready();
    const el = page.locator("#message");
    const got = { kind: await el.getAttribute("data-kind"), text: await el.textContent() };
    assert.equal(got.kind, kind, `after ${selector}: ${got.text}`);
    return got.text;
  }

  await t.test("loads and shows the system's figures", async () => {
    await page.goto(UI_URL);
    await ready();
    assert.equal(await raw("total-assets"), EXPECT.totalAssets);
    assert.equal(await raw("share-price"), EXPECT.sharePrice);
    assert.equal(await raw("total-deficit"), EXPECT.totalDeficit);
    assert.equal(await raw("max-coverable"), EXPECT.maxCoverable);
    for (const [id, want] of Object.entries(EXPECT.texts)) {
      assert.ok((await text(id)).includes(want), `#${id} shows "${await text(id)}", expected "${want}"`);
    }
    // One row per market of the manifest, with the coverage it has left.
    const markets = page.locator("#markets tbody tr");
    assert.equal(await markets.count(), EXPECT.markets.length);
    for (const m of EXPECT.markets) {
      const row = page.locator(`#markets tbody tr[data-market="${m.address}"]`);
      assert.equal(await row.getAttribute("data-left"), m.left, `coverage left of ${m.address}`);
    }
    assert.equal(await page.locator("#deposit").isDisabled(), true, "no key: no actions");
  });

  await t.test("takes the key and shows the position", async () => {
    await page.fill("#key", KEY);
    await act("#connect", "ok");
    assert.equal(await page.inputValue("#key"), "", "the key field is cleared");
    assert.equal(await raw("account"), EXPECT.account);
    assert.equal(await raw("shares"), "0");
    assert.equal(await raw("wallet-balance"), "0");
    assert.equal(await raw("cooldown-state"), "none");
  });

  await t.test("mints test dollars (dev chain, the account is a minter)", async () => {
    assert.equal(await page.locator("#faucet").isVisible(), true);
    const msg = await act("#faucet", "ok");
    assert.match(msg, /^Minted 1,000 /);
    assert.equal(await raw("wallet-balance"), EXPECT.wallet);
  });

  let shares;
  await t.test("deposits (approve + deposit) and shows the new position", async () => {
    await page.fill("#deposit-amount", EXPECT.deposit);
    const msg = await act("#deposit", "ok");
    assert.match(msg, /^Deposited /);
    shares = await raw("shares");
    assert.equal(shares, EXPECT.depositShares);
    assert.equal(await raw("wallet-balance"), "0");
    const value = BigInt(await raw("value"));
    const paid = BigInt(EXPECT.wallet);
    assert.ok(value <= paid && paid - value <= 1n, `worth ${value}, paid ${paid}`);
    assert.equal(BigInt(await raw("total-assets")), BigInt(EXPECT.totalAssets) + paid);
  });

  await t.test("a redeem before the cooldown is refused with the decoded error", async () => {
    const msg = await act("#redeem", "error");
    assert.equal(msg, `Redeem refused: ERC4626ExceededMaxRedeem(${EXPECT.account}, ${shares}, 0)`);
    assert.equal(await raw("shares"), shares, "nothing redeemed");
  });

  await t.test("starts the cooldown and shows its window", async () => {
    const msg = await act("#cooldown", "ok");
    assert.match(msg, /^Cooldown started on /);
    assert.equal(await raw("cooldown-state"), "waiting");
    const now = BigInt(await raw("chain-time"));
    const [start, end] = [BigInt(await raw("window-start")), BigInt(await raw("window-end"))];
    assert.equal(start - now, BigInt(EXPECT.cooldownPeriod));
    assert.equal(end - start, BigInt(EXPECT.unstakeWindow));
    assert.equal(await raw("redeemable"), "0");
  });

  await t.test("inside the window, redeems everything", async () => {
    await rpc("evm_increaseTime", [Number(EXPECT.cooldownPeriod) + 60]);
    await rpc("evm_mine", []);
    await page.click("#refresh");
    await ready();
    assert.equal(await raw("cooldown-state"), "open");
    assert.equal(await raw("redeemable"), shares);
    const msg = await act("#redeem", "ok");
    assert.match(msg, /^Redeemed /);
    assert.equal(await raw("shares"), "0");
    const wallet = BigInt(await raw("wallet-balance"));
    const paid = BigInt(EXPECT.wallet);
    assert.ok(wallet <= paid && paid - wallet <= 1n, `got back ${wallet} of ${paid}`);
    const kept = BigInt(await raw("total-assets")) - BigInt(EXPECT.totalAssets);
    assert.ok(kept >= 0n && kept <= 1n, `the vault is back where it was, but for rounding: ${kept}`);
  });

  await t.test("charts share price and coverage from the events", async () => {
    const points = Number(await page.locator("#chart").getAttribute("data-points"));
    assert.ok(points >= EXPECT.minChartPoints, `${points} chart points`);
    assert.equal(await page.locator("#chart circle.price").count(), points);
    assert.equal(await page.locator("#chart circle.coverage").count(), points);
    const prices = await page.locator("#chart circle.price").evaluateAll((els) => els.map((e) => e.dataset.value));
    for (const p of EXPECT.chartPrices) assert.ok(prices.includes(p), `share price ${p} charted: ${prices}`);
    assert.equal(prices.at(-1), await raw("share-price"), "the last point is the current price");
    const events = await page.locator("#events tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.event));
    for (const name of ["Deposit", "Withdraw", "LossAbsorbed", "LossCovered", "PremiumNotified"]) {
      assert.ok(events.includes(name), `${name} in the history: ${events}`);
    }
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  await t.test("the key never left the page, and the page loaded cleanly", async () => {
    const allowed = [new URL(UI_URL).origin, new URL(RPC_URL).origin];
    const hex = KEY.replace(/^0x/, "").toLowerCase();
    for (const r of requests) {
      assert.ok(allowed.includes(new URL(r.url).origin), `request to ${r.url}`);
      assert.ok(!r.body.toLowerCase().includes(hex), `the key was sent to ${r.url}`);
    }
    assert.ok(!(await page.content()).toLowerCase().includes(hex), "the key is in the DOM");
    assert.deepEqual(pageErrors, []);
  });
});
