"""A small web3.py client for an underwriter of a deployed Backstop: deposit, cooldown, redeem and
status. It deploys nothing: addresses come from the deployments manifest that `backstop deploy`
writes (deployments/<chainId>.json), ABIs from the repository's exported abi/*.json, read at run
time (no copy of either in this file).

    BACKSTOP_MANIFEST=deployments/412346.json BACKSTOP_PRIVATE_KEY=0x... \\
        .venv/bin/python -m backstop_client status | deposit <base units> | cooldown | redeem [shares]

(BACKSTOP_RPC_URL defaults to http://127.0.0.1:8547.) A refusal prints one line and exits 1.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from eth_abi import decode as abi_decode
from eth_account import Account
from eth_utils import keccak
from web3 import Web3
from web3.exceptions import ContractLogicError

ABI_DIR = Path(__file__).resolve().parent.parent.parent / "abi"


def load_abi(name: str) -> list:
    """The exported ABI of a contract: abi/<name>.json at the repository root."""
    return json.loads((ABI_DIR / f"{name}.json").read_text())


def load_manifest(path: str) -> dict:
    """The deployments manifest (scripts/src/manifest.rs)."""
    manifest = json.loads(Path(path).read_text())
    if "BackstopVault" not in manifest.get("contracts", {}):
        raise ValueError(f"{path}: no BackstopVault in the manifest")
    return manifest


def _error_table(*abis: list) -> dict:
    """selector -> (name, input types) for every error in `abis`."""
    table = {}
    for abi in abis:
        for item in abi:
            if item.get("type") == "error":
                types = [i["type"] for i in item["inputs"]]
                selector = keccak(text=f"{item['name']}({','.join(types)})")[:4]
                table[selector] = (item["name"], types)
    return table


class BackstopError(Exception):
    """A refused call, as one line: `vault.redeem: ERC4626ExceededMaxRedeem(0xabc..., 5, 0)`."""

    def __init__(self, action: str, error_name: str | None, args: tuple, detail: str = ""):
        self.action, self.error_name, self.args_ = action, error_name, args
        shown = f"{error_name}({', '.join(str(a) for a in args)})" if error_name else detail
        super().__init__(f"{action}: {shown}")


@dataclass
class Status:
    account: str
    shares: int  # vault shares held
    value: int  # what they are worth in the asset (convertToAssets, rounded down)
    asset_balance: int
    cooldown_shares: int
    cooldown_start: int
    window_start: int
    window_end: int
    redeemable: int  # maxRedeem: non-zero only inside the window
    phase: str  # none | cooling | window | expired
    now: int  # the latest block's timestamp


class Backstop:
    def __init__(self, rpc_url: str, manifest_path: str, private_key: str):
        manifest = load_manifest(manifest_path)
        self.w3 = Web3(Web3.HTTPProvider(rpc_url))
        self.chain_id = manifest["chainId"]
        self.account = Account.from_key(private_key)
        self.address = self.account.address
        vault_abi = load_abi("BackstopVault")
        # The asset is an ERC-20; the test stablecoin's exported ABI carries the standard functions.
        asset_abi = load_abi("TestStablecoin")
        self.vault = self.w3.eth.contract(
            address=Web3.to_checksum_address(manifest["contracts"]["BackstopVault"]["address"]),
            abi=vault_abi,
        )
        self.asset = self.w3.eth.contract(
            address=Web3.to_checksum_address(manifest["asset"]), abi=asset_abi
        )
        self._errors = _error_table(vault_abi, asset_abi)

    def _decode(self, action: str, err: ContractLogicError) -> BackstopError:
        data = err.data if isinstance(err.data, str) else ""
        raw = bytes.fromhex(data[2:]) if data.startswith("0x") else b""
        known = self._errors.get(raw[:4])
        if known is None:
            detail = f"reverted with unknown data {data}" if raw else "reverted without data"
            return BackstopError(action, None, (), detail)
        name, types = known
        values = abi_decode(types, raw[4:])
        shown = tuple(
            Web3.to_checksum_address(v) if t == "address" else v for t, v in zip(types, values)
        )
        return BackstopError(action, name, shown)

    def _send(self, action: str, fn) -> dict:
        """Simulates (so a refusal is decoded before anything is sent), sends, waits for success."""
        try:
            fn.call({"from": self.address})
            tx = fn.build_transaction(
                {
                    "from": self.address,
                    "chainId": self.chain_id,
                    "nonce": self.w3.eth.get_transaction_count(self.address),
                }
            )
        except ContractLogicError as err:
            raise self._decode(action, err) from None
        # 130 % of the estimate, as the backstop CLI sends: the estimate is exact for the block it
        # ran on, and time-dependent paths (vested premium) cost a little more in a later block.
        tx["gas"] = tx["gas"] * 130 // 100
        signed = self.account.sign_transaction(tx)
        tx_hash = self.w3.eth.send_raw_transaction(signed.raw_transaction)
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=60)
        if receipt["status"] != 1:
            raise BackstopError(action, None, (), f"transaction {tx_hash.hex()} reverted")
        return receipt

    def deposit(self, assets: int) -> int:
        """Deposits `assets` (base units), approving the vault first if needed; returns the shares."""
        if self.asset.functions.allowance(self.address, self.vault.address).call() < assets:
            self._send("asset.approve", self.asset.functions.approve(self.vault.address, assets))
        before = self.vault.functions.balanceOf(self.address).call()
        self._send("vault.deposit", self.vault.functions.deposit(assets, self.address))
        return self.vault.functions.balanceOf(self.address).call() - before

    def cooldown(self) -> None:
        """Starts (or restarts) the cooldown of the whole share balance."""
        self._send("vault.cooldown", self.vault.functions.cooldown())

    def redeem(self, shares: int | None = None) -> int:
        """Redeems `shares` (default: the whole balance); returns the assets received."""
        if shares is None:
            shares = self.vault.functions.balanceOf(self.address).call()
        before = self.asset.functions.balanceOf(self.address).call()
        self._send("vault.redeem", self.vault.functions.redeem(shares, self.address, self.address))
        return self.asset.functions.balanceOf(self.address).call() - before

    def status(self, account: str | None = None) -> Status:
        who = Web3.to_checksum_address(account or self.address)
        v = self.vault.functions
        shares = v.balanceOf(who).call()
        c_shares, start, w_start, w_end = v.cooldownInfo(who).call()
        now = self.w3.eth.get_block("latest")["timestamp"]
        if c_shares == 0:
            phase = "none"
        elif now < w_start:
            phase = "cooling"
        elif now < w_end:
            phase = "window"
        else:
            phase = "expired"
        return Status(
            account=who,
            shares=shares,
            value=v.convertToAssets(shares).call(),
            asset_balance=self.asset.functions.balanceOf(who).call(),
            cooldown_shares=c_shares,
            cooldown_start=start,
            window_start=w_start,
            window_end=w_end,
            redeemable=v.maxRedeem(who).call(),
            phase=phase,
            now=now,
        )


def from_env(env=os.environ) -> Backstop:
    """A client from BACKSTOP_RPC_URL, BACKSTOP_MANIFEST, BACKSTOP_PRIVATE_KEY."""
    for key in ("BACKSTOP_MANIFEST", "BACKSTOP_PRIVATE_KEY"):
        if not env.get(key):
            raise ValueError(f"{key} is not set")
    return Backstop(
        env.get("BACKSTOP_RPC_URL") or "http://127.0.0.1:8547",
        env["BACKSTOP_MANIFEST"],
        env["BACKSTOP_PRIVATE_KEY"],
    )


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    arg = argv[1] if len(argv) > 1 else None
    try:
        b = from_env()
        if command == "status":
            print(json.dumps(asdict(b.status()), indent=2))
        elif command == "deposit":
            if arg is None:
                raise ValueError("deposit needs an amount in base units")
            print(f"shares minted: {b.deposit(int(arg))}")
        elif command == "cooldown":
            b.cooldown()
            print(json.dumps(asdict(b.status()), indent=2))
        elif command == "redeem":
            print(f"assets received: {b.redeem(int(arg) if arg else None)}")
        else:
            raise ValueError(f"unknown command {command} (status, deposit, cooldown, redeem)")
    except (BackstopError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
