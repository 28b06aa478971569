//! [`Backstop`]: a deployed system (manifest + connection) and the operations of each user:
//! underwriters (deposit, cooldown, redeem, position) and markets (absorb a loss, pay a premium,
//! return funds, settle a deficit).

use alloy::{
    primitives::{keccak256, Address, B256, U256},
    providers::DynProvider,
    rpc::types::TransactionReceipt,
};

use crate::{
    bindings::{
        BackstopVault::{self, BackstopVaultInstance},
        GovernanceTimelock::{self, GovernanceTimelockInstance},
        LossAbsorber::{self, LossAbsorberInstance},
        MockMarket::{self, MockMarketInstance},
        TestStablecoin::{self, TestStablecoinInstance},
    },
    client::{send, Client},
    manifest::Manifest,
    programs::explain_failure,
    units::{format_amount, parse_amount},
    Error, Result,
};

/// A deployed Backstop system on a connected node.
#[derive(Clone, Debug)]
pub struct Backstop {
    /// The connection (its wallet holds every key that may act).
    pub client: Client,
    /// Where the contracts are.
    pub manifest: Manifest,
    /// The asset's decimals.
    pub asset_decimals: u8,
    /// The share token's decimals (asset decimals + 3).
    pub share_decimals: u8,
    /// The asset's symbol.
    pub asset_symbol: String,
    vault_at: Address,
    absorber_at: Address,
    timelock_at: Address,
}

/// An underwriter's position.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// Whose.
    pub owner: Address,
    /// Shares held.
    #[serde(serialize_with = "crate::status::dec")]
    pub shares: U256,
    /// What they are worth now (`convertToAssets`).
    #[serde(serialize_with = "crate::status::dec")]
    pub value: U256,
    /// Shares in the cooldown snapshot.
    #[serde(serialize_with = "crate::status::dec")]
    pub cooldown_shares: U256,
    /// When the cooldown started (0 = none).
    pub cooldown_start: u64,
    /// When the redemption window opens.
    pub window_start: u64,
    /// When it closes.
    pub window_end: u64,
    /// Shares redeemable now (`maxRedeem`).
    #[serde(serialize_with = "crate::status::dec")]
    pub redeemable_shares: U256,
    /// Assets withdrawable now (`maxWithdraw`).
    #[serde(serialize_with = "crate::status::dec")]
    pub withdrawable: U256,
    /// The owner's asset balance in their wallet.
    #[serde(serialize_with = "crate::status::dec")]
    pub wallet_assets: U256,
}

/// A market as the absorber records it (`marketInfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketInfo {
    /// May call `absorbLoss`.
    pub enabled: bool,
    /// Total it may ever draw.
    #[serde(serialize_with = "crate::status::dec")]
    pub coverage_cap: U256,
    /// What it has drawn.
    #[serde(serialize_with = "crate::status::dec")]
    pub drawn: U256,
    /// Its outstanding deficit.
    #[serde(serialize_with = "crate::status::dec")]
    pub deficit: U256,
}

/// Usage of the emergency-mint cap in its current period (`mintUsage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Used in the current period.
    #[serde(serialize_with = "crate::status::dec")]
    pub used: U256,
    /// The limit per period.
    #[serde(serialize_with = "crate::status::dec")]
    pub limit: U256,
    /// Period start.
    pub start: u64,
    /// Period end.
    pub end: u64,
}

/// The absorber's rolling cover window as of now (`windowUsage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowUsage {
    /// Covered after `since`.
    #[serde(serialize_with = "crate::status::dec")]
    pub used: U256,
    /// The most the vault covers within one window.
    #[serde(serialize_with = "crate::status::dec")]
    pub limit: U256,
    /// `now - coverWindow`.
    pub since: u64,
    /// When the oldest cover counted in `used` leaves the window (0 if none).
    pub next_release: u64,
}

/// What the absorber recorded for one `(market, lossId)` (`lossResult`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LossRecord {
    /// Whether the loss id was seen.
    pub recorded: bool,
    /// Amount reported.
    pub amount: U256,
    /// Paid by the vault.
    pub covered: U256,
    /// Left as deficit.
    pub uncovered: U256,
}

/// The result of a loss report, read back from the absorber after the transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LossOutcome {
    /// The transaction.
    pub tx_hash: B256,
    /// Paid by the vault.
    pub covered: U256,
    /// Recorded as deficit.
    pub uncovered: U256,
}

/// How a loss reaches the absorber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketRoute {
    /// The sender is itself a registered market and calls `absorbLoss`.
    Direct,
    /// The sender owns this MockMarket, which calls `absorbLoss` (`reportLoss`).
    Mock(Address),
}

/// A loss id: 32 bytes of hex as given, or the keccak256 of any other text (so `loan-42` works).
pub fn loss_id(text: &str) -> B256 {
    text.parse::<B256>()
        .unwrap_or_else(|_| keccak256(text.as_bytes()))
}

impl Backstop {
    /// Opens the system in `manifest` on `client`'s node (the chain ids must match).
    pub async fn open(client: Client, manifest: Manifest) -> Result<Self> {
        if manifest.chain_id != client.chain_id {
            return Err(Error::Manifest {
                path: "(given)".into(),
                reason: format!(
                    "it is for chain {}, the node is chain {}",
                    manifest.chain_id, client.chain_id
                ),
            });
        }
        let token = TestStablecoin::new(manifest.asset, &client.provider);
        let asset_decimals = match token.decimals().call().await {
            Ok(d) => d,
            Err(e) => {
                return Err(explain_failure(&client, &manifest, manifest.asset, e.into()).await)
            }
        };
        let asset_symbol = token
            .symbol()
            .call()
            .await
            .unwrap_or_else(|_| "asset".into());
        let (vault_at, absorber_at, timelock_at) = (
            manifest.vault()?,
            manifest.absorber()?,
            manifest.timelock()?,
        );
        let share_decimals = match BackstopVault::new(vault_at, &client.provider)
            .decimals()
            .call()
            .await
        {
            Ok(d) => d,
            Err(e) => return Err(explain_failure(&client, &manifest, vault_at, e.into()).await),
        };
        Ok(Self {
            client,
            manifest,
            asset_decimals,
            share_decimals,
            asset_symbol,
            vault_at,
            absorber_at,
            timelock_at,
        })
    }

    fn p(&self) -> &DynProvider {
        &self.client.provider
    }

    /// The vault.
    pub fn vault(&self) -> BackstopVaultInstance<&DynProvider> {
        BackstopVault::new(self.vault_at, self.p())
    }

    /// The absorber.
    pub fn absorber(&self) -> LossAbsorberInstance<&DynProvider> {
        LossAbsorber::new(self.absorber_at, self.p())
    }

    /// The timelock.
    pub fn timelock(&self) -> GovernanceTimelockInstance<&DynProvider> {
        GovernanceTimelock::new(self.timelock_at, self.p())
    }

    /// The asset.
    pub fn asset(&self) -> TestStablecoinInstance<&DynProvider> {
        TestStablecoin::new(self.manifest.asset, self.p())
    }

    /// A MockMarket.
    pub fn mock_market(&self, at: Address) -> MockMarketInstance<&DynProvider> {
        MockMarket::new(at, self.p())
    }

    /// Parses a human asset amount (`1000.5`).
    pub fn parse_assets(&self, text: &str) -> Result<U256> {
        parse_amount(text, self.asset_decimals)
    }

    /// Formats asset base units with the symbol: `1,000.5 tUSD`.
    pub fn fmt_assets(&self, value: U256) -> String {
        format!(
            "{} {}",
            format_amount(value, self.asset_decimals),
            self.asset_symbol
        )
    }

    /// Formats share base units.
    pub fn fmt_shares(&self, value: U256) -> String {
        format!("{} shares", format_amount(value, self.share_decimals))
    }

    /// Assets one whole share is worth now, in asset base units.
    pub async fn share_price(&self) -> Result<U256> {
        let one = U256::from(10u64).pow(U256::from(self.share_decimals));
        Ok(self.vault().convertToAssets(one).call().await?)
    }

    /// `marketInfo(market)` with named fields.
    pub async fn market_info(&self, market: Address) -> Result<MarketInfo> {
        let r = self.absorber().marketInfo(market).call().await?;
        Ok(MarketInfo {
            enabled: r._0,
            coverage_cap: r._1,
            drawn: r._2,
            deficit: r._3,
        })
    }

    /// `windowUsage()` with named fields.
    pub async fn window_usage(&self) -> Result<WindowUsage> {
        let r = self.absorber().windowUsage().call().await?;
        Ok(WindowUsage {
            used: r._0,
            limit: r._1,
            since: r._2,
            next_release: r._3,
        })
    }

    /// `mintUsage()` with named fields.
    pub async fn mint_usage(&self) -> Result<Usage> {
        let r = self.absorber().mintUsage().call().await?;
        Ok(Usage {
            used: r._0,
            limit: r._1,
            start: r._2,
            end: r._3,
        })
    }

    /// `lossResult(market, id)` with named fields.
    pub async fn loss_record(&self, market: Address, id: B256) -> Result<LossRecord> {
        let r = self.absorber().lossResult(market, id).call().await?;
        Ok(LossRecord {
            recorded: r._0,
            amount: r._1,
            covered: r._2,
            uncovered: r._3,
        })
    }

    // ----- Underwriters -----

    /// Approves the vault if needed, then deposits `assets` for `from`; returns the shares
    /// received (read from the balance change) and the deposit transaction.
    pub async fn deposit(&self, from: Address, assets: U256) -> Result<(U256, TransactionReceipt)> {
        let vault = self.vault();
        self.ensure_allowance(from, vault.address().to_owned(), assets)
            .await
            .map_err(|e| e.in_step("approve the vault"))?;
        let before = vault.balanceOf(from).call().await?;
        let receipt = send(vault.deposit(assets, from).from(from))
            .await
            .map_err(|e| e.in_step("vault.deposit"))?;
        let after = vault.balanceOf(from).call().await?;
        Ok((after.saturating_sub(before), receipt))
    }

    /// Starts (or restarts) `from`'s exit cooldown.
    pub async fn cooldown(&self, from: Address) -> Result<TransactionReceipt> {
        send(self.vault().cooldown().from(from))
            .await
            .map_err(|e| e.in_step("vault.cooldown"))
    }

    /// Redeems `shares` (or everything redeemable now when `None`) of `from` to `from`; returns
    /// the assets received.
    pub async fn redeem(
        &self,
        from: Address,
        shares: Option<U256>,
    ) -> Result<(U256, U256, TransactionReceipt)> {
        let vault = self.vault();
        let shares = match shares {
            Some(s) => s,
            None => {
                let max = vault.maxRedeem(from).call().await?;
                if max.is_zero() {
                    let info = vault.cooldownInfo(from).call().await?;
                    let (start, window_start, window_end) = (info._1, info._2, info._3);
                    return Err(Error::Invalid(if start == 0 {
                        "nothing is redeemable: start a cooldown first (`backstop cooldown`)".into()
                    } else {
                        format!(
                            "nothing is redeemable now: the window is [{}, {}) (chain time {})",
                            window_start,
                            window_end,
                            self.client.now().await?
                        )
                    }));
                }
                max
            }
        };
        let asset = self.asset();
        let before = asset.balanceOf(from).call().await?;
        let receipt = send(vault.redeem(shares, from, from).from(from))
            .await
            .map_err(|e| e.in_step("vault.redeem"))?;
        let after = asset.balanceOf(from).call().await?;
        Ok((shares, after.saturating_sub(before), receipt))
    }

    /// `owner`'s position.
    pub async fn position(&self, owner: Address) -> Result<Position> {
        let vault = self.vault();
        let shares = vault.balanceOf(owner).call().await?;
        let value = vault.convertToAssets(shares).call().await?;
        let info = vault.cooldownInfo(owner).call().await?;
        Ok(Position {
            owner,
            shares,
            value,
            cooldown_shares: info._0,
            cooldown_start: info._1,
            window_start: info._2,
            window_end: info._3,
            redeemable_shares: vault.maxRedeem(owner).call().await?,
            withdrawable: vault.maxWithdraw(owner).call().await?,
            wallet_assets: self.asset().balanceOf(owner).call().await?,
        })
    }

    // ----- Markets -----

    /// Reports a loss of `amount` with `id`; returns what the absorber recorded for it.
    pub async fn absorb_loss(
        &self,
        from: Address,
        route: MarketRoute,
        id: B256,
        amount: U256,
    ) -> Result<LossOutcome> {
        let absorber = self.absorber();
        let (market, receipt) = match route {
            MarketRoute::Direct => (
                from,
                send(absorber.absorbLoss(id, amount).from(from))
                    .await
                    .map_err(|e| e.in_step("absorber.absorbLoss"))?,
            ),
            MarketRoute::Mock(mock) => (
                mock,
                send(self.mock_market(mock).reportLoss(id, amount).from(from))
                    .await
                    .map_err(|e| e.in_step("market.reportLoss"))?,
            ),
        };
        let result = self.loss_record(market, id).await?;
        Ok(LossOutcome {
            tx_hash: receipt.transaction_hash,
            covered: result.covered,
            uncovered: result.uncovered,
        })
    }

    /// Pays a premium of `amount` into the vault: directly from `from` (approve +
    /// `notifyPremium`), or through a MockMarket that `from` owns (paid from the market's balance).
    pub async fn pay_premium(
        &self,
        from: Address,
        route: MarketRoute,
        amount: U256,
    ) -> Result<TransactionReceipt> {
        match route {
            MarketRoute::Direct => {
                let vault = *self.vault().address();
                self.ensure_allowance(from, vault, amount)
                    .await
                    .map_err(|e| e.in_step("approve the vault"))?;
                send(self.vault().notifyPremium(amount).from(from))
                    .await
                    .map_err(|e| e.in_step("vault.notifyPremium"))
            }
            MarketRoute::Mock(mock) => send(self.mock_market(mock).payPremium(amount).from(from))
                .await
                .map_err(|e| e.in_step("market.payPremium")),
        }
    }

    /// Returns recovered funds to the vault (directly or through a MockMarket `from` owns).
    pub async fn return_funds(
        &self,
        from: Address,
        route: MarketRoute,
        amount: U256,
    ) -> Result<TransactionReceipt> {
        match route {
            MarketRoute::Direct => {
                let vault = *self.vault().address();
                self.ensure_allowance(from, vault, amount)
                    .await
                    .map_err(|e| e.in_step("approve the vault"))?;
                send(self.vault().returnFunds(amount).from(from))
                    .await
                    .map_err(|e| e.in_step("vault.returnFunds"))
            }
            MarketRoute::Mock(mock) => send(self.mock_market(mock).returnFunds(amount).from(from))
                .await
                .map_err(|e| e.in_step("market.returnFunds")),
        }
    }

    /// Pays `amount` of `market`'s deficit from `from` (approve + `settleDeficit`).
    pub async fn settle_deficit(
        &self,
        from: Address,
        market: Address,
        amount: U256,
    ) -> Result<TransactionReceipt> {
        let absorber = *self.absorber().address();
        self.ensure_allowance(from, absorber, amount)
            .await
            .map_err(|e| e.in_step("approve the absorber"))?;
        send(self.absorber().settleDeficit(market, amount).from(from))
            .await
            .map_err(|e| e.in_step("absorber.settleDeficit"))
    }

    /// Approves `spender` for `amount` when the current allowance is lower.
    pub async fn ensure_allowance(
        &self,
        owner: Address,
        spender: Address,
        amount: U256,
    ) -> Result<()> {
        let asset = self.asset();
        if asset.allowance(owner, spender).call().await? >= amount {
            return Ok(());
        }
        send(asset.approve(spender, amount).from(owner)).await?;
        Ok(())
    }
}
