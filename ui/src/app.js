// The underwriter dashboard: reads a deployed Backstop through the node, and on a dev chain signs
// deposits, cooldowns and redemptions with a key pasted into the page (kept in memory only).
// Everything it knows comes from the server: /config.json (RPC URL, chain id, the deployments
// manifest) and /abi/*.json (the exported ABIs; no copy here). Bundled with viem by esbuild
// (ui/install.sh) into ui/dist/app.js.
//
// It follows the chain: every POLL_MS it asks the node for its latest block number and, when that
// changed, reads the figures again and adds the new blocks' events to the chart (the logs are
// read from the block after the last one read, never again from the start). A node that does not
// answer shows as "node unreachable" until it answers again.
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  TimeoutError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  decodeEventLog,
  defineChain,
  formatUnits,
  getAddress,
  http,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** How many of the latest event blocks the chart reads (three eth_calls each, cached). */
const MAX_CHART_BLOCKS = 200;

/** How often the page asks the node for its latest block number (eth_blockNumber), in ms. */
const POLL_MS = 1000;

/** Events that move the share price or the coverage, by contract. */
const CHART_EVENTS = {
  vault: ["Deposit", "Withdraw", "LossCovered", "PremiumNotified", "FundsReturned"],
  absorber: ["LossAbsorbed", "DeficitSettled", "EmergencyMint"],
};

/** The buttons that send transactions. */
const ACTIONS = ["deposit", "cooldown", "redeem", "faucet"];

const $ = (id) => document.getElementById(id);

/** Everything the page holds: config, ABIs, clients, the account (never the key's text). */
const app = {
  config: null,
  abi: {},
  pub: null,
  chain: null,
  account: null,
  wallet: null,
  vault: null,
  absorber: null,
  asset: null,
  assetDecimals: 0,
  shareDecimals: 0,
  symbol: "",
  shareSymbol: "",
  /** An action or a Refresh by hand is running (the poll then leaves the status alone). */
  busy: false,
  /** The node's chain id was checked and the tokens' decimals and symbols read. */
  connected: false,
  /** The node answered the last request for its block number. */
  reachable: true,
  /** The block whose figures are on the page (null before the first refresh). */
  shown: null,
  /** The refresh running or last run: refreshes run one at a time, each after the previous. */
  refreshing: Promise.resolve(),
  /** Chart events decoded so far (oldest first), and the last block whose logs were read. */
  events: [],
  logsTo: null,
  /** Chart points by block number (a past block's figures never change). */
  points: new Map(),
};

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/** `1234567.5` with thousands separators; at most `maxFrac` fractional digits shown. */
function group(value, decimals, maxFrac = decimals) {
  const [whole, frac = ""] = formatUnits(value, decimals).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shown = frac.slice(0, maxFrac).replace(/0+$/, "");
  return `${sign}${digits}${shown ? `.${shown}` : ""}`;
}

const fmtAssets = (v) => `${group(v, app.assetDecimals)} ${app.symbol}`;
const fmtShares = (v) => `${group(v, app.shareDecimals)} ${app.shareSymbol}`;

function fmtDuration(seconds) {
  let s = Number(seconds);
  const parts = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60]]) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`);
  return parts.slice(0, 2).join(" ");
}

const fmtTime = (t) => new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z").replace("T", " ");

function fmtWhen(t, now) {
  const rel = t >= now ? `in ${fmtDuration(t - now)}` : `${fmtDuration(now - t)} ago`;
  return `${fmtTime(t)} (${rel})`;
}

/** Sets a figure's text and its exact value (base units or seconds) in data-raw. */
function show(id, text, raw) {
  const el = $(id);
  el.textContent = text;
  if (raw === undefined) delete el.dataset.raw;
  else el.dataset.raw = String(raw);
}

/** The header's status: `loading`, `ready`, `busy`, `unreachable` or `error` (data-state). */
function setStatus(state, text = state, title = "") {
  const el = $("status");
  el.dataset.state = state;
  el.textContent = text;
  el.title = title;
}

/** A failed refresh: "node unreachable" when the node did not answer, else the error. */
function showFailure(err) {
  const unreachable =
    err instanceof BaseError && err.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError) !== null;
  app.reachable = !unreachable;
  if (unreachable) {
    setStatus("unreachable", `node unreachable (${app.config.rpcUrl}), retrying`, describeFailure(err));
  } else {
    setStatus("error", `refresh failed: ${describeFailure(err)}`);
  }
  updateActions();
}

/** The action buttons: usable with a key, the node reachable and no action running. */
function updateActions() {
  const enabled = Boolean(app.account) && app.connected && app.reachable && !app.busy;
  for (const id of ACTIONS) $(id).disabled = !enabled;
}

function message(kind, text) {
  const el = $("message");
  el.dataset.kind = kind;
  el.textContent = text;
}

// ---------------------------------------------------------------------------------------------
// Chain access
// ---------------------------------------------------------------------------------------------

async function getJson(path) {
  const res = await fetch(path, { cache: "no-store" });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

/** A contract's ABI with every known error appended, so any revert decodes by its selector. */
function withErrors(abi) {
  const seen = new Set();
  const errors = [];
  for (const item of Object.values(app.abi).flat()) {
    if (item.type !== "error") continue;
    const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
    if (!seen.has(key)) seen.add(key) && errors.push(item);
  }
  return [...abi.filter((i) => i.type !== "error"), ...errors];
}

function target(name) {
  const address = { vault: app.vault, absorber: app.absorber, asset: app.asset }[name];
  const abi = { vault: app.abi.BackstopVault, absorber: app.abi.LossAbsorber, asset: app.abi.TestStablecoin }[name];
  return { address, abi };
}

function read(name, functionName, args = [], blockNumber) {
  return app.pub.readContract({ ...target(name), functionName, args, blockNumber });
}

/** `ErrorName(arg, …)` for a failed call, decoded with the ABIs; the node's words otherwise. */
export function describeFailure(err) {
  const fmtArgs = (args) => (args ?? []).map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      if (revert.data?.errorName) return `${revert.data.errorName}(${fmtArgs(revert.data.args)})`;
      if (revert.raw) {
        try {
          const d = decodeErrorResult({ abi: withErrors([]), data: revert.raw });
          return `${d.errorName}(${fmtArgs(d.args)})`;
        } catch {
          return `reverted with unknown data ${revert.raw}`;
        }
      }
      return revert.reason ? `reverted: ${revert.reason}` : "reverted without data";
    }
    return err.shortMessage;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Simulates (a refusal is decoded before anything is signed), sends, waits for success. */
async function write(name, functionName, args) {
  const { address, abi } = target(name);
  const { request } = await app.pub.simulateContract({
    address,
    abi: withErrors(abi),
    functionName,
    args,
    account: app.account,
  });
  // 130 % of the estimate, as the CLI and the kits send (time-dependent paths cost a little
  // more in a later block).
  const gas = await app.pub.estimateContractGas(request);
  const hash = await app.wallet.writeContract({ ...request, gas: (gas * 130n) / 100n });
  const receipt = await app.pub.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} was mined but failed`);
  return hash;
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

async function refreshSystem(block) {
  const oneShare = 10n ** BigInt(app.shareDecimals);
  const [price, totalAssets, supply, coverable, unvested, frozenUntil, paused, cooldownPeriod, unstakeWindow] =
    await Promise.all([
      read("vault", "convertToAssets", [oneShare]),
      read("vault", "totalAssets"),
      read("vault", "totalSupply"),
      read("vault", "maxCoverable"),
      read("vault", "unvestedPremium"),
      read("vault", "frozenUntil"),
      read("vault", "paused"),
      read("vault", "cooldownPeriod"),
      read("vault", "unstakeWindow"),
    ]);
  const now = block.timestamp;
  show("share-price", `${group(price, app.assetDecimals)} ${app.symbol} per share`, price);
  show("total-assets", fmtAssets(totalAssets), totalAssets);
  show("total-supply", fmtShares(supply), supply);
  show("max-coverable", fmtAssets(coverable), coverable);
  show("unvested-premium", fmtAssets(unvested), unvested);
  const depositsOpen = !paused && BigInt(frozenUntil) <= now;
  show(
    "deposits-open",
    paused ? "paused" : depositsOpen ? "open" : `frozen after a loss until ${fmtWhen(BigInt(frozenUntil), now)}`,
    depositsOpen ? "open" : "closed",
  );
  show("exit-terms", `cooldown ${fmtDuration(cooldownPeriod)}, then a ${fmtDuration(unstakeWindow)} window`);
  show("chain-time", `${fmtTime(now)} (block ${block.number})`, now);

  const [deficit, usage] = await Promise.all([read("absorber", "totalDeficit"), read("absorber", "windowUsage")]);
  const [used, limit, , nextRelease] = usage;
  show("total-deficit", fmtAssets(deficit), deficit);
  show(
    "window-usage",
    `${fmtAssets(used)} of ${fmtAssets(limit)} used` +
      (nextRelease > 0n ? `; frees up from ${fmtWhen(BigInt(nextRelease), now)}` : ""),
    used,
  );
  const rows = await Promise.all(
    (app.config.manifest.markets ?? []).map(async (m) => {
      const [[enabled, cap, drawn, marketDeficit], left] = await Promise.all([
        read("absorber", "marketInfo", [m.address]),
        read("absorber", "coverageAvailable", [m.address]),
      ]);
      return { ...m, enabled, cap, drawn, deficit: marketDeficit, left };
    }),
  );
  const body = $("markets").tBodies[0];
  body.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.market = getAddress(r.address);
      tr.dataset.left = r.left.toString();
      const name = `${r.address.slice(0, 8)}…${r.address.slice(-4)}${r.mock ? " (mock)" : ""}${r.enabled ? "" : " (disabled)"}`;
      for (const [text, cls] of [[name, "addr"], [fmtAssets(r.cap)], [fmtAssets(r.drawn)], [fmtAssets(r.left)], [fmtAssets(r.deficit)]]) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        tr.append(td);
      }
      return tr;
    }),
  );
}

/** The test stablecoin's faucet on a dev chain: shown to its admin or a minter. */
async function canMint(who) {
  const token = app.config.manifest.contracts.TestStablecoin?.address;
  if (!app.config.devChain || !token || token.toLowerCase() !== app.asset.toLowerCase()) return false;
  const [minter, admin] = await Promise.all([read("asset", "isMinter", [who]), read("asset", "admin")]);
  return minter || admin.toLowerCase() === who.toLowerCase();
}

async function refreshPosition(block) {
  const who = app.account?.address;
  updateActions();
  if (!who) return;
  $("faucet").hidden = !(await canMint(who));
  const [shares, wallet, info, redeemable, withdrawable] = await Promise.all([
    read("vault", "balanceOf", [who]),
    read("asset", "balanceOf", [who]),
    read("vault", "cooldownInfo", [who]),
    read("vault", "maxRedeem", [who]),
    read("vault", "maxWithdraw", [who]),
  ]);
  const value = await read("vault", "convertToAssets", [shares]);
  const [snapshot, start, windowStart, windowEnd] = info;
  const now = block.timestamp;
  show("account", who, who);
  show("shares", fmtShares(shares), shares);
  show("value", fmtAssets(value), value);
  show("wallet-balance", fmtAssets(wallet), wallet);
  // The same names as `backstop position --json`.
  const phase = start === 0n ? "none" : now < windowStart ? "waiting" : now < windowEnd ? "open" : "expired";
  const phaseText = {
    none: "none: start a cooldown to begin the exit clock",
    waiting: `waiting: ${fmtShares(snapshot)} snapshotted`,
    open: `OPEN: ${fmtShares(snapshot)} redeemable in the window`,
    expired: "expired: start a new cooldown",
  }[phase];
  show("cooldown-state", phaseText, phase);
  show("window-start", phase === "none" ? "–" : fmtWhen(windowStart, now), phase === "none" ? undefined : windowStart);
  show("window-end", phase === "none" ? "–" : fmtWhen(windowEnd, now), phase === "none" ? undefined : windowEnd);
  show("redeemable", `${fmtShares(redeemable)} (${fmtAssets(withdrawable)})`, redeemable);
}

// ---------------------------------------------------------------------------------------------
// History chart
// ---------------------------------------------------------------------------------------------

function decodeLog(log) {
  const name = log.address.toLowerCase() === app.vault.toLowerCase() ? "vault" : "absorber";
  try {
    const d = decodeEventLog({ abi: target(name).abi, data: log.data, topics: log.topics });
    return CHART_EVENTS[name].includes(d.eventName) ? { ...d, log } : null;
  } catch {
    return null;
  }
}

function describeEvent(e) {
  const a = e.args;
  switch (e.eventName) {
    case "Deposit":
      return `${fmtAssets(a.assets)} in for ${fmtShares(a.shares)}`;
    case "Withdraw":
      return `${fmtShares(a.shares)} out for ${fmtAssets(a.assets)}`;
    case "LossCovered":
      return `vault paid ${fmtAssets(a.covered)} of ${fmtAssets(a.requested)}`;
    case "PremiumNotified":
      return `premium ${fmtAssets(a.amount)}, vesting until ${fmtTime(a.vestingEnd)}`;
    case "FundsReturned":
      return `${fmtAssets(a.amount)} returned`;
    case "LossAbsorbed":
      return `loss ${fmtAssets(a.amount)}: covered ${fmtAssets(a.covered)}, deficit ${fmtAssets(a.uncovered)}`;
    case "DeficitSettled":
      return `${fmtAssets(a.amount)} settled, deficit left ${fmtAssets(a.deficitLeft)}`;
    case "EmergencyMint":
      return `${fmtAssets(a.amount)} minted, deficit left ${fmtAssets(a.deficitLeft)}`;
    default:
      return "";
  }
}

/** The figures after `blockNumber`: share price, coverage (vault maxCoverable), its time. */
async function pointAt(blockNumber) {
  const cached = app.points.get(blockNumber);
  if (cached) return cached;
  const oneShare = 10n ** BigInt(app.shareDecimals);
  const [block, price, coverage] = await Promise.all([
    app.pub.getBlock({ blockNumber }),
    read("vault", "convertToAssets", [oneShare], blockNumber),
    read("vault", "maxCoverable", [], blockNumber),
  ]);
  const point = { block: blockNumber, time: block.timestamp, price, coverage };
  app.points.set(blockNumber, point);
  return point;
}

/** Reads the logs of the blocks after the last one read, up to `latest`, into `app.events`. */
async function readNewEvents(latest) {
  const start = BigInt(app.config.manifest.startBlock);
  if (app.logsTo !== null && latest.number < app.logsTo) {
    // The chain is shorter than what was read (a node restarted from an older state): start over.
    app.events = [];
    app.points.clear();
    app.logsTo = null;
  }
  const fromBlock = app.logsTo === null ? start : app.logsTo + 1n;
  if (fromBlock > latest.number) return;
  const logs = await app.pub.getLogs({ address: [app.vault, app.absorber], fromBlock, toBlock: latest.number });
  app.events.push(...logs.map(decodeLog).filter(Boolean));
  app.logsTo = latest.number;
  // Keep the events of the blocks the chart shows.
  const blocks = [...new Set(app.events.map((e) => e.log.blockNumber))];
  if (blocks.length > MAX_CHART_BLOCKS) {
    const first = blocks[blocks.length - MAX_CHART_BLOCKS];
    app.events = app.events.filter((e) => e.log.blockNumber >= first);
  }
}

async function refreshHistory(latest) {
  await readNewEvents(latest);
  const events = app.events;
  const blocks = [...new Set(events.map((e) => e.log.blockNumber))];
  if (!blocks.includes(latest.number)) blocks.push(latest.number);
  const points = [];
  for (const b of blocks) points.push(await pointAt(b));
  // Only the points shown stay cached (the previous latest block drops out unless it had events).
  const kept = new Set(blocks);
  for (const b of app.points.keys()) if (!kept.has(b)) app.points.delete(b);
  const times = new Map(points.map((p) => [p.block, p.time]));
  drawChart(points);
  const body = $("events").tBodies[0];
  body.replaceChildren(
    ...events
      .slice(-25)
      .reverse()
      .map((e) => {
        const tr = document.createElement("tr");
        tr.dataset.event = e.eventName;
        tr.dataset.block = String(e.log.blockNumber);
        const time = times.get(e.log.blockNumber);
        for (const text of [time ? fmtTime(time) : "", String(e.log.blockNumber), e.eventName, describeEvent(e)]) {
          const td = document.createElement("td");
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
  );
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Two step lines on one time axis: share price (left scale), coverage (right scale, from 0). */
function drawChart(points) {
  const chart = $("chart");
  chart.replaceChildren();
  chart.dataset.points = String(points.length);
  const [W, H, L, R, T, B] = [720, 260, 78, 92, 24, 34];
  if (points.length === 0) {
    chart.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "label" }, "no events yet"));
    return;
  }
  const num = (v, d) => Number(formatUnits(v, d));
  const ts = points.map((p) => Number(p.time));
  const prices = points.map((p) => num(p.price, app.assetDecimals));
  const covers = points.map((p) => num(p.coverage, app.assetDecimals));
  let [t0, t1] = [Math.min(...ts), Math.max(...ts)];
  if (t0 === t1) [t0, t1] = [t0 - 1, t1 + 1];
  let [p0, p1] = [Math.min(...prices), Math.max(...prices)];
  const pad = Math.max((p1 - p0) * 0.1, p1 * 0.01, 1e-9);
  [p0, p1] = [p0 - pad, p1 + pad];
  const c1 = Math.max(...covers) * 1.1 || 1;
  const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const yp = (p) => T + (1 - (p - p0) / (p1 - p0)) * (H - T - B);
  const yc = (c) => T + (1 - c / c1) * (H - T - B);

  chart.append(
    svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }),
    svg("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }),
    svg("line", { x1: W - R, y1: T, x2: W - R, y2: H - B, class: "axis" }),
    svg("text", { x: L - 6, y: yp(p1 - pad) + 4, "text-anchor": "end", class: "label" }, (p1 - pad).toFixed(4)),
    svg("text", { x: L - 6, y: yp(p0 + pad) + 4, "text-anchor": "end", class: "label" }, (p0 + pad).toFixed(4)),
    svg("text", { x: W - R + 6, y: yc(c1 / 1.1) + 4, class: "label" }, Math.round(c1 / 1.1).toLocaleString("en-US")),
    svg("text", { x: W - R + 6, y: yc(0) + 4, class: "label" }, "0"),
    svg("text", { x: L, y: H - 10, class: "label" }, fmtTime(Math.min(...ts))),
    svg("text", { x: W - R, y: H - 10, "text-anchor": "end", class: "label" }, fmtTime(Math.max(...ts))),
    svg("text", { x: L, y: 14, class: "legend price" }, `● share price (${app.symbol} per share)`),
    svg("text", { x: W - R, y: 14, "text-anchor": "end", class: "legend coverage" }, `● coverage: vault coverable (${app.symbol})`),
  );
  const xs = ts.map((t) => x(t).toFixed(1));
  const step = (ys) => ys.map((y, i) => (i === 0 ? `M${xs[0]} ${y.toFixed(1)}` : `H${xs[i]} V${y.toFixed(1)}`)).join(" ");
  chart.append(
    svg("path", { d: step(covers.map(yc)), class: "line coverage" }),
    svg("path", { d: step(prices.map(yp)), class: "line price" }),
  );
  points.forEach((p, i) => {
    const title = `block ${p.block}, ${fmtTime(p.time)}: ${group(p.price, app.assetDecimals)} ${app.symbol} per share, ${fmtAssets(p.coverage)} coverable`;
    for (const [cls, y, value] of [["coverage", yc(covers[i]), p.coverage], ["price", yp(prices[i]), p.price]]) {
      const dot = svg("circle", { cx: xs[i], cy: y.toFixed(1), r: 3.5, class: cls, "data-block": p.block, "data-value": value });
      dot.append(svg("title", {}, title));
      chart.append(dot);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Refresh and actions
// ---------------------------------------------------------------------------------------------

/** Reads everything at the latest block; queued after the refresh in flight, if any. */
function refresh() {
  const run = app.refreshing.then(refreshNow, refreshNow);
  app.refreshing = run.catch(() => {});
  return run;
}

async function refreshNow() {
  const block = await app.pub.getBlock();
  await Promise.all([refreshSystem(block), refreshPosition(block)]);
  await refreshHistory(block);
  app.shown = block.number;
  app.reachable = true;
}

/** Checks the node's chain id and reads the tokens' decimals and symbols (once). */
async function connect() {
  const nodeChain = await app.pub.getChainId();
  if (nodeChain !== app.config.chainId) {
    throw new Error(`the node at ${app.config.rpcUrl} is chain ${nodeChain}, the manifest is for chain ${app.config.chainId}`);
  }
  const [assetDecimals, shareDecimals, symbol, shareSymbol] = await Promise.all([
    read("asset", "decimals"),
    read("vault", "decimals"),
    read("asset", "symbol"),
    read("vault", "symbol"),
  ]);
  Object.assign(app, { assetDecimals, shareDecimals, symbol, shareSymbol, connected: true });
}

/**
 * The poll: asks for the latest block number and refreshes when it moved (or after a failure);
 * never throws, and schedules itself again. While an action or a Refresh by hand runs it only
 * watches (they refresh when they end).
 */
async function follow() {
  try {
    if (!app.connected) await connect();
    const number = await app.pub.getBlockNumber({ cacheTime: 0 });
    app.reachable = true;
    if (!app.busy && number !== app.shown) await refresh();
    if (!app.busy) {
      setStatus("ready", "ready", `following the chain: block ${app.shown}, checked every ${POLL_MS / 1000} s`);
      updateActions();
    }
  } catch (err) {
    if (!app.busy) showFailure(err);
  }
  setTimeout(follow, POLL_MS);
}

/** Runs one user action: busy while it runs, its outcome (or decoded refusal) in #message. */
async function act(label, run) {
  if (app.busy || !app.account || !app.connected) return;
  app.busy = true;
  setStatus("busy");
  message("busy", `${label}…`);
  updateActions();
  try {
    message("ok", await run());
  } catch (err) {
    message("error", `${label} refused: ${describeFailure(err)}`);
  }
  try {
    await refresh();
    setStatus("ready");
  } catch (err) {
    showFailure(err);
  }
  app.busy = false;
  updateActions();
}

async function deposit() {
  const text = $("deposit-amount").value.trim();
  let assets;
  try {
    assets = parseUnits(text.replaceAll(",", "").replaceAll("_", ""), app.assetDecimals);
  } catch {
    throw new Error(`"${text}" is not an amount`);
  }
  if (assets <= 0n) throw new Error("enter an amount above 0");
  const me = app.account.address;
  const before = await read("vault", "balanceOf", [me]);
  const allowance = await read("asset", "allowance", [me, app.vault]);
  if (allowance < assets) await write("asset", "approve", [app.vault, assets]);
  const hash = await write("vault", "deposit", [assets, me]);
  const shares = (await read("vault", "balanceOf", [me])) - before;
  return `Deposited ${fmtAssets(assets)} for ${fmtShares(shares)} (tx ${hash})`;
}

async function cooldown() {
  const hash = await write("vault", "cooldown", []);
  const [snapshot, , windowStart, windowEnd] = await read("vault", "cooldownInfo", [app.account.address]);
  return `Cooldown started on ${fmtShares(snapshot)}: redeemable from ${fmtTime(windowStart)} until ${fmtTime(windowEnd)} (tx ${hash})`;
}

async function redeem() {
  const me = app.account.address;
  // Everything redeemable now; outside the window that is nothing, and the whole balance is
  // asked for so that the vault says why (ERC4626ExceededMaxRedeem(owner, shares, max)).
  let shares = await read("vault", "maxRedeem", [me]);
  if (shares === 0n) shares = await read("vault", "balanceOf", [me]);
  if (shares === 0n) throw new Error("you hold no shares");
  const before = await read("asset", "balanceOf", [me]);
  const hash = await write("vault", "redeem", [shares, me, me]);
  const assets = (await read("asset", "balanceOf", [me])) - before;
  return `Redeemed ${fmtShares(shares)} for ${fmtAssets(assets)} (tx ${hash})`;
}

/** Dev chains: mints 1,000 test dollars to the account (the token's admin grants itself the role). */
async function faucet() {
  const me = app.account.address;
  if (!(await read("asset", "isMinter", [me]))) await write("asset", "grantMinter", [me]);
  const amount = 1000n * 10n ** BigInt(app.assetDecimals);
  const hash = await write("asset", "mint", [me, amount]);
  return `Minted ${fmtAssets(amount)} (tx ${hash})`;
}

/** Takes the pasted key: dev chains only; the key stays in the account object, the field is cleared. */
function useKey(event) {
  event.preventDefault();
  const input = $("key");
  const text = input.value.trim();
  input.value = "";
  if (!app.config.devChain) {
    message("error", `chain ${app.config.chainId} is not a dev chain (${app.config.devChainIds.join(", ")}): this page signs only on dev chains`);
    return;
  }
  const key = text.startsWith("0x") ? text : `0x${text}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) {
    message("error", "a private key is 32 bytes of hex (64 hex digits)");
    return;
  }
  app.account = privateKeyToAccount(key);
  app.wallet = createWalletClient({ account: app.account, chain: app.chain, transport: http(app.config.rpcUrl) });
  message("ok", `Signing as ${app.account.address}`);
  // Before the node answered the first time, the poll shows the position once it does.
  if (app.connected) act("Loading the position", async () => `Signing as ${app.account.address}`);
}

async function main() {
  try {
    app.config = await getJson("/config.json");
    const names = ["BackstopVault", "LossAbsorber", "TestStablecoin"];
    const abis = await Promise.all(names.map((n) => getJson(`/abi/${n}.json`)));
    names.forEach((n, i) => (app.abi[n] = abis[i]));
    const m = app.config.manifest;
    app.vault = m.contracts.BackstopVault.address;
    app.absorber = m.contracts.LossAbsorber.address;
    app.asset = m.asset;
    app.chain = defineChain({
      id: app.config.chainId,
      name: `chain ${app.config.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [app.config.rpcUrl] } },
    });
    app.pub = createPublicClient({ chain: app.chain, transport: http(app.config.rpcUrl), pollingInterval: 200 });
    $("where").textContent = `chain ${app.config.chainId}${app.config.devChain ? " (dev)" : ""} · node ${app.config.rpcUrl} · vault ${app.vault}`;
    if (!app.config.devChain) {
      $("key").disabled = $("connect").disabled = true;
      $("key").placeholder = "not a dev chain: read only";
    }
    $("key-form").addEventListener("submit", useKey);
    $("deposit-form").addEventListener("submit", (e) => {
      e.preventDefault();
      act("Deposit", deposit);
    });
    $("cooldown").addEventListener("click", () => act("Cooldown", cooldown));
    $("redeem").addEventListener("click", () => act("Redeem", redeem));
    $("faucet").addEventListener("click", () => act("Mint", faucet));
    $("refresh").addEventListener("click", async () => {
      if (app.busy) return;
      app.busy = true;
      setStatus("busy");
      updateActions();
      try {
        if (!app.connected) await connect();
        await refresh();
        setStatus("ready");
      } catch (err) {
        showFailure(err);
      }
      app.busy = false;
      updateActions();
    });
  } catch (err) {
    // The server's files (config, ABIs) are missing: nothing to follow.
    setStatus("error", describeFailure(err));
    message("error", describeFailure(err));
    return;
  }
  follow();
}

main();
