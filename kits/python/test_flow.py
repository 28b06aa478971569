"""The underwriter's round trip against a running node and a deployed system (test/tests/kits.rs
starts both and sets BACKSTOP_RPC_URL, BACKSTOP_MANIFEST, BACKSTOP_PRIVATE_KEY for an account
holding 1,000 tUSD and no shares): deposit -> cooldown -> (evm_increaseTime) -> redeem -> status.

    .venv/bin/python -m unittest -v test_flow
"""

import json
import subprocess
import sys
import unittest

from backstop_client import BackstopError, from_env

TUSD = 1_000_000  # 6 decimals
DAY = 86_400


class UnderwriterFlow(unittest.TestCase):
    def increase_time(self, b, seconds):
        b.w3.provider.make_request("evm_increaseTime", [seconds])
        b.w3.provider.make_request("evm_mine", [])

    def test_deposit_cooldown_redeem_in_the_window_status_at_each_step(self):
        b = from_env()
        s = b.status()
        self.assertEqual((s.shares, s.asset_balance, s.phase), (0, 1_000 * TUSD, "none"))

        # An empty vault mints 1,000 shares per base unit (3 virtual decimals).
        shares = b.deposit(1_000 * TUSD)
        self.assertEqual(shares, 1_000 * TUSD * 1_000)
        s = b.status()
        self.assertEqual((s.shares, s.value, s.asset_balance), (shares, 1_000 * TUSD, 0))

        # No cooldown: the vault refuses, and the error comes back decoded, on one line.
        with self.assertRaises(BackstopError) as refused:
            b.redeem()
        self.assertEqual(refused.exception.error_name, "ERC4626ExceededMaxRedeem")
        self.assertRegex(
            str(refused.exception),
            r"^vault\.redeem: ERC4626ExceededMaxRedeem\(0x[0-9a-fA-F]{40}, 1000000000000, 0\)$",
        )
        print(f"refused as expected: {refused.exception}")

        # Cooldown: 10 days, then a 2-day window (the suite's deployment).
        b.cooldown()
        s = b.status()
        self.assertEqual(s.phase, "cooling")
        self.assertEqual(s.cooldown_shares, shares)
        self.assertEqual(s.window_start - s.cooldown_start, 10 * DAY)
        self.assertEqual(s.window_end - s.window_start, 2 * DAY)
        self.assertEqual(s.redeemable, 0)

        self.increase_time(b, s.window_start - s.now)
        s = b.status()
        self.assertEqual((s.phase, s.redeemable), ("window", shares))

        # Everything back: 1,000 tUSD exactly (no loss, no premium).
        self.assertEqual(b.redeem(), 1_000 * TUSD)
        s = b.status()
        self.assertEqual((s.shares, s.asset_balance, s.phase), (0, 1_000 * TUSD, "none"))
        self.assertEqual(
            (s.cooldown_shares, s.cooldown_start, s.window_start, s.window_end), (0, 0, 0, 0)
        )

    def test_the_command_line_prints_the_status_as_json_and_a_refusal_as_one_line(self):
        def cli(*args):
            return subprocess.run(
                [sys.executable, "-m", "backstop_client", *args], capture_output=True, text=True
            )

        status = cli("status")
        self.assertEqual(status.returncode, 0, status.stderr)
        s = json.loads(status.stdout)
        self.assertEqual(s["shares"], 0)
        refused = cli("redeem", "1")
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(
            refused.stderr, f"vault.redeem: ERC4626ExceededMaxRedeem({s['account']}, 1, 0)\n"
        )


if __name__ == "__main__":
    unittest.main()
