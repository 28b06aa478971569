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
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

/** The exported ABI of a contract: abi/<name>.json at the repository root. */
export function loadAbi(name: string): Abi {
  const url = new URL(`../../../abi/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Abi;
}

/** The part of the deployments manifest a client reads (scripts/src/manifest.rs). */
export interface Manifest {
  chainId: number;
  asset: Address;
  contracts: Record<string, { address: Address }>;
}

export function loadManifest(path: string): Manifest {
  const m = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  if (!m.contracts?.BackstopVault) throw new Error(`${path}: no BackstopVault in the manifest`);
  return m;
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
  private readonly wallet: WalletClient;
  private readonly vaultAbi = loadAbi("BackstopVault");
  // The asset is an ERC-20; the test stablecoin's exported ABI carries the standard functions.
  private readonly assetAbi = loadAbi("TestStablecoin");

  constructor(opts: Options) {
    const manifest = loadManifest(opts.manifestPath);
    this.vault = manifest.contracts.BackstopVault.address;
    this.asset = manifest.asset;
    const chain = defineChain({
      id: manifest.chainId,
      name: `chain ${manifest.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [opts.rpcUrl] } },
    });
    const transport = http(opts.rpcUrl);
    const account = privateKeyToAccount(opts.privateKey);
    this.account = account.address;
    this.public = createPublicClient({ chain, transport });
    this.wallet = createWalletClient({ account, chain, transport });
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
        account: this.wallet.account!,
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

  private read<T>(target: "vault" | "asset", functionName: string, args: unknown[] = []): Promise<T> {
    const [address, abi] = target === "vault" ? [this.vault, this.vaultAbi] : [this.asset, this.assetAbi];
    return this.public.readContract({ address, abi, functionName, args }) as Promise<T>;
  }

  /** Deposits `assets` (base units), approving the vault first if needed; returns the shares. */
  async deposit(assets: bigint): Promise<bigint> {
    const allowance = await this.read<bigint>("asset", "allowance", [this.account, this.vault]);
    if (allowance < assets) await this.write("asset", "approve", [this.vault, assets]);
    const before = await this.read<bigint>("vault", "balanceOf", [this.account]);
    await this.write("vault", "deposit", [assets, this.account]);
    return (await this.read<bigint>("vault", "balanceOf", [this.account])) - before;
  }

  /** Starts (or restarts) the cooldown of the whole share balance. */
  async cooldown(): Promise<void> {
    await this.write("vault", "cooldown", []);
  }

  /** Redeems `shares` (default: all that is redeemable now); returns the assets received. */
  async redeem(shares?: bigint): Promise<bigint> {
    const amount = shares ?? (await this.read<bigint>("vault", "balanceOf", [this.account]));
    const before = await this.read<bigint>("asset", "balanceOf", [this.account]);
    await this.write("vault", "redeem", [amount, this.account, this.account]);
    return (await this.read<bigint>("asset", "balanceOf", [this.account])) - before;
  }

  async status(account: Address = this.account): Promise<Status> {
    const [shares, assetBalance, info, redeemable, block] = await Promise.all([
      this.read<bigint>("vault", "balanceOf", [account]),
      this.read<bigint>("asset", "balanceOf", [account]),
      this.read<readonly [bigint, bigint, bigint, bigint]>("vault", "cooldownInfo", [account]),
      this.read<bigint>("vault", "maxRedeem", [account]),
      this.public.getBlock(),
    ]);
    const value = await this.read<bigint>("vault", "convertToAssets", [shares]);
    const [cShares, start, windowStart, windowEnd] = info;
    const now = block.timestamp;
    const phase: Phase =
      cShares === 0n ? "none" : now < windowStart ? "cooling" : now < windowEnd ? "window" : "expired";
    return {
      account,
      shares,
      value,
      assetBalance,
      cooldown: { shares: cShares, start, windowStart, windowEnd },
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
  return {
    rpcUrl: env.BACKSTOP_RPC_URL || "http://127.0.0.1:8547",
    manifestPath: need("BACKSTOP_MANIFEST"),
    privateKey: need("BACKSTOP_PRIVATE_KEY") as Hex,
  };
}
