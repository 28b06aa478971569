// The underwriter's round trip against a running node and a deployed system (test/tests/kits.rs
// starts both and sets BACKSTOP_RPC_URL, BACKSTOP_MANIFEST, BACKSTOP_PRIVATE_KEY for an account
// holding 1,000 tUSD and no shares): deposit -> cooldown -> (evm_increaseTime) -> redeem -> status.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { Backstop, BackstopError, optionsFromEnv } from "../src/backstop.ts";

const TUSD = 1_000_000n; // 6 decimals
const DAY = 86_400n;

/** Moves the node's clock (the devnode's and anvil's test methods, typed here for viem). */
async function increaseTime(b: Backstop, seconds: bigint) {
  await b.public.request<{ Parameters: [number]; ReturnType: unknown }>({
    method: "evm_increaseTime",
    params: [Number(seconds)],
  });
  await b.public.request<{ Parameters: []; ReturnType: unknown }>({ method: "evm_mine", params: [] });
}

test("deposit, cooldown, redeem in the window, status at each step", async () => {
  const b = new Backstop(optionsFromEnv());
  let s = await b.status();
  assert.equal(s.shares, 0n);
  assert.equal(s.assetBalance, 1_000n * TUSD);
  assert.equal(s.phase, "none");

  // An empty vault mints 1,000 shares per base unit (3 virtual decimals).
  const shares = await b.deposit(1_000n * TUSD);
  assert.equal(shares, 1_000n * TUSD * 1_000n);
  s = await b.status();
  assert.equal(s.shares, shares);
  assert.equal(s.value, 1_000n * TUSD);
  assert.equal(s.assetBalance, 0n);

  // No cooldown: the vault refuses, and the error comes back decoded, on one line.
  await assert.rejects(b.redeem(), (err: unknown) => {
    assert.ok(err instanceof BackstopError, String(err));
    assert.equal(err.errorName, "ERC4626ExceededMaxRedeem");
    assert.match(err.message, /^vault\.redeem: ERC4626ExceededMaxRedeem\(0x[0-9a-fA-F]{40}, 1000000000000, 0\)$/);
    console.log(`refused as expected: ${err.message}`);
    return true;
  });

  // Cooldown: 10 days, then a 2-day window (the suite's deployment).
  await b.cooldown();
  s = await b.status();
  assert.equal(s.phase, "cooling");
  assert.equal(s.cooldown.shares, shares);
  assert.equal(s.cooldown.windowStart - s.cooldown.start, 10n * DAY);
  assert.equal(s.cooldown.windowEnd - s.cooldown.windowStart, 2n * DAY);
  assert.equal(s.redeemable, 0n);

  await increaseTime(b, s.cooldown.windowStart - s.now);
  s = await b.status();
  assert.equal(s.phase, "window");
  assert.equal(s.redeemable, shares);

  // Everything back: 1,000 tUSD exactly (no loss, no premium).
  const assets = await b.redeem();
  assert.equal(assets, 1_000n * TUSD);
  s = await b.status();
  assert.equal(s.shares, 0n);
  assert.equal(s.assetBalance, 1_000n * TUSD);
  assert.equal(s.phase, "none");
  assert.deepEqual(s.cooldown, { shares: 0n, start: 0n, windowStart: 0n, windowEnd: 0n });
});

test("the command line prints the status as JSON and a refusal as one line", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { encoding: "utf8" });
  const status = cli("status");
  assert.equal(status.status, 0, status.stderr);
  const s: unknown = JSON.parse(status.stdout);
  assert.ok(typeof s === "object" && s !== null && "shares" in s && "assetBalance" in s && "account" in s, status.stdout);
  assert.equal(s.shares, "0");
  assert.equal(s.assetBalance, String(1_000n * TUSD));
  const refused = cli("redeem", "1");
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr, `vault.redeem: ERC4626ExceededMaxRedeem(${s.account}, 1, 0)\n`);
});
