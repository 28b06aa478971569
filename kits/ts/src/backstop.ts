// A small viem client for an underwriter of a deployed Backstop: deposit, cooldown, redeem and
// status. It deploys nothing: addresses come from the deployments manifest that `backstop
// deploy` writes (deployments/<chainId>.json), ABIs from the repository's exported abi/*.json,
// read at run time (no copy of either in this file).
import { readFileSync } from "node:fs";
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  defineChain,
  http,
  isAddress,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

/** The exported ABI of a contract: abi/<name>.json at the repository root. */
export function loadAbi(name: string): Abi {
  const url = new URL(`../../../abi/${name}.json`, import.meta.url);
  const abi: unknown = JSON.parse(readFileSync(url, "utf8"));
  // The file is the SDK's export (checked against the contracts by the ABI drift test); its items
  // are taken as viem's ABI types once it is known to be a list of objects with a type.
  if (!Array.isArray(abi) || !abi.every((item) => isObject(item) && typeof item.type === "string")) {
    throw new Error(`abi/${name}.json is not an ABI (a list of items with a type)`);
  }
  return abi as Abi;
}

/** The part of the deployments manifest a client reads (scripts/src/manifest.rs). */
export interface Manifest {
  chainId: number;
  asset: Address;
  /** The vault's address (`contracts.BackstopVault.address` in the file). */
  vault: Address;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads the manifest and checks the fields a client uses. */
export function loadManifest(path: string): Manifest {
  const m: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isObject(m)) throw new Error(`${path}: not a deployments manifest (a JSON object)`);
  const { chainId, asset, contracts } = m;
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId)) throw new Error(`${path}: no chainId`);
  if (typeof asset !== "string" || !isAddress(asset)) throw new Error(`${path}: asset is not an address`);
  const vault = isObject(contracts) && isObject(contracts.BackstopVault) ? contracts.BackstopVault.address : undefined;
  if (vault === undefined) throw new Error(`${path}: no BackstopVault in the manifest`);
  if (typeof vault !== "string" || !isAddress(vault)) throw new Error(`${path}: BackstopVault's address is not an address`);
  return { chainId, asset, vault };
}

/** A refused call, as one line: `vault.redeem: ERC4626ExceededMaxRedeem(0xabc…, 5, 0)`. */
export class BackstopError extends Error {
  constructor(
    readonly action: string,
    /** The Solidity error's name, e.g. `ERC4626ExceededMaxRedeem` (undefined if not decoded). */
    readonly errorName: string | undefined,
    readonly args: readonly unknown[],
    detail?: string,
  ) {
    super(`${action}: ${errorName ? `${errorName}(${args.map(String).join(", ")})` : detail}`);
    this.name = "BackstopError";
  }
}

/** Decodes a failed call with `abi` (viem does it from the revert data; raw data as fallback). */
function decodeFailure(action: string, abi: Abi, err: unknown): BackstopError {
  if (err instanceof BaseError) {
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      if (revert.data) return new BackstopError(action, revert.data.errorName, revert.data.args ?? []);
      if (revert.raw) {
        try {
          const d = decodeErrorResult({ abi, data: revert.raw });
          return new BackstopError(action, d.errorName, d.args ?? []);
        } catch {
          return new BackstopError(action, undefined, [], `reverted with unknown data ${revert.raw}`);
        }
      }
      return new BackstopError(action, undefined, [], "reverted without data");
    }
    return new BackstopError(action, undefined, [], err.shortMessage);
  }
  return new BackstopError(action, undefined, [], String(err));
}

/** Where an account's cooldown stands. */
export type Phase = "none" | "cooling" | "window" | "expired";

export interface Status {
  account: Address;
  /** Vault shares held. */
  shares: bigint;
  /** What they are worth in the asset (convertToAssets, rounded down). */
  value: bigint;
  /** Asset balance of the account. */
  assetBalance: bigint;
  cooldown: { shares: bigint; start: bigint; windowStart: bigint; windowEnd: bigint };
  /** Shares redeemable now (maxRedeem): non-zero only inside the window. */
  redeemable: bigint;
  phase: Phase;
  /** The latest block's timestamp. */
  now: bigint;
}

export interface Options {
  rpcUrl: string;
  manifestPath: string;
  /** The underwriter's key (hex). */
  privateKey: Hex;
}

export class Backstop {
  readonly vault: Address;
  readonly asset: Address;
  readonly account: Address;
  readonly public: PublicClient;
  private readonly signer: PrivateKeyAccount;
  private readonly wallet: WalletClient;
  private readonly vaultAbi = loadAbi("BackstopVault");
  // The asset is an ERC-20; the test stablecoin's exported ABI carries the standard functions.
  private readonly assetAbi = loadAbi("TestStablecoin");

  constructor(opts: Options) {
    const manifest = loadManifest(opts.manifestPath);
    this.vault = manifest.vault;
    this.asset = manifest.asset;
    const chain = defineChain({
      id: manifest.chainId,
      name: `chain ${manifest.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [opts.rpcUrl] } },
    });
    const transport = http(opts.rpcUrl);
    this.signer = privateKeyToAccount(opts.privateKey);
    this.account = this.signer.address;
    this.public = createPublicClient({ chain, transport });
    this.wallet = createWalletClient({ account: this.signer, chain, transport });
  }

  /** Simulates (so a refusal is decoded before anything is sent), sends, waits for success. */
  private async write(target: "vault" | "asset", functionName: string, args: unknown[]) {
    const [address, abi] = target === "vault" ? [this.vault, this.vaultAbi] : [this.asset, this.assetAbi];
    const action = `${target}.${functionName}`;
    let request;
    try {
      ({ request } = await this.public.simulateContract({
        address,
        abi,
        functionName,
        args,
        account: this.signer,
      }));
    } catch (err) {
      throw decodeFailure(action, abi, err);
    }
    // 130 % of the estimate, as the backstop CLI sends: the estimate is exact for the block it ran
    // on, and time-dependent paths (vested premium) cost a little more in a later block.
    const gas = await this.public.estimateContractGas(request);
    const hash = await this.wallet.writeContract({ ...request, gas: (gas * 130n) / 100n });
    const receipt = await this.public.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new BackstopError(action, undefined, [], `transaction ${hash} reverted`);
    return receipt;
  }

  /** A view's outputs; `unknown` because the ABI is read at run time (see `uint`, `cooldownInfo`). */
  private read(target: "vault" | "asset", functionName: string, args: unknown[] = []): Promise<unknown> {
    const [address, abi] = target === "vault" ? [this.vault, this.vaultAbi] : [this.asset, this.assetAbi];
    return this.public.readContract({ address, abi, functionName, args });
  }

  /** A view that returns one uint. */
  private async uint(target: "vault" | "asset", functionName: string, args: unknown[] = []): Promise<bigint> {
    const v = await this.read(target, functionName, args);
    if (typeof v !== "bigint") throw new Error(`${target}.${functionName} returned ${String(v)}, not a uint`);
    return v;
  }

  /** `cooldownInfo(account)`: (shares, start, windowStart, windowEnd). */
  private async cooldownInfo(account: Address): Promise<Status["cooldown"]> {
    const v = await this.read("vault", "cooldownInfo", [account]);
    if (!Array.isArray(v)) throw new Error(`vault.cooldownInfo returned ${String(v)}, not a tuple`);
    const [shares, start, windowStart, windowEnd, ...rest]: unknown[] = v;
    if (
      typeof shares !== "bigint" ||
      typeof start !== "bigint" ||
      typeof windowStart !== "bigint" ||
      typeof windowEnd !== "bigint" ||
      rest.length > 0
    ) {
      throw new Error(`vault.cooldownInfo returned ${String(v)}, not 4 uints`);
    }
    return { shares, start, windowStart, windowEnd };
  }

  /** Deposits `assets` (base units), approving the vault first if needed; returns the shares. */
  async deposit(assets: bigint): Promise<bigint> {
    const allowance = await this.uint("asset", "allowance", [this.account, this.vault]);
    if (allowance < assets) await this.write("asset", "approve", [this.vault, assets]);
    const before = await this.uint("vault", "balanceOf", [this.account]);
    await this.write("vault", "deposit", [assets, this.account]);
    return (await this.uint("vault", "balanceOf", [this.account])) - before;
  }

  /** Starts (or restarts) the cooldown of the whole share balance. */
  async cooldown(): Promise<void> {
    await this.write("vault", "cooldown", []);
  }

  /** Redeems `shares` (default: all that is redeemable now); returns the assets received. */
  async redeem(shares?: bigint): Promise<bigint> {
    const amount = shares ?? (await this.uint("vault", "balanceOf", [this.account]));
    const before = await this.uint("asset", "balanceOf", [this.account]);
    await this.write("vault", "redeem", [amount, this.account, this.account]);
    return (await this.uint("asset", "balanceOf", [this.account])) - before;
  }

  async status(account: Address = this.account): Promise<Status> {
    const [shares, assetBalance, info, redeemable, block] = await Promise.all([
      this.uint("vault", "balanceOf", [account]),
      this.uint("asset", "balanceOf", [account]),
      this.cooldownInfo(account),
      this.uint("vault", "maxRedeem", [account]),
      this.public.getBlock(),
    ]);
    const value = await this.uint("vault", "convertToAssets", [shares]);
    const now = block.timestamp;
    const phase: Phase =
      info.shares === 0n ? "none" : now < info.windowStart ? "cooling" : now < info.windowEnd ? "window" : "expired";
    return {
      account,
      shares,
      value,
      assetBalance,
      cooldown: info,
      redeemable,
      phase,
      now,
    };
  }
}

/** Options from the environment: BACKSTOP_RPC_URL, BACKSTOP_MANIFEST, BACKSTOP_PRIVATE_KEY. */
export function optionsFromEnv(env = process.env): Options {
  const need = (k: string) => {
    const v = env[k];
    if (!v) throw new Error(`${k} is not set`);
    return v;
  };
  const key = need("BACKSTOP_PRIVATE_KEY");
  if (!isPrivateKey(key)) throw new Error("BACKSTOP_PRIVATE_KEY is not a private key (0x and 64 hex digits)");
  return {
    rpcUrl: env.BACKSTOP_RPC_URL || "http://127.0.0.1:8547",
    manifestPath: need("BACKSTOP_MANIFEST"),
    privateKey: key,
  };
}

function isPrivateKey(v: string): v is Hex {
  return /^0x[0-9a-fA-F]{64}$/.test(v);
}
