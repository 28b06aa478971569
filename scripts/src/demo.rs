//! `backstop demo`: deploys the system and plays a realistic story on it, printing the figures a
//! user wants at each step. It needs a node with time travel (`evm_increaseTime`): the embedded
//! devnode has it, nitro-devnode and real chains do not.

use alloy::{
    primitives::{keccak256, Bytes, B256, U256},
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};

use crate::{
    bindings::LossAbsorber,
    client::{derive_signers, send, Client},
    deploy::{deploy_system, Codes, DeployConfig, DAY},
    governance::{OperationState, Proposal},
    manifest::Manifest,
    status::relative,
    system::{loss_id, Backstop, MarketRoute},
    units::format_duration,
    Error, Result,
};

/// Gas money each demo actor gets from the funder, in wei (0.1 ETH).
pub const ACTOR_FUNDING_WEI: U256 = U256::from_limbs([100_000_000_000_000_000, 0, 0, 0]);

/// The figures the demo ends with (the e2e suite checks them).
#[derive(Clone, Debug)]
pub struct DemoOutcome {
    /// The deployed system.
    pub manifest: Manifest,
    /// Alice's, Bob's and Carol's deposits, in base units.
    pub deposits: [U256; 3],
    /// Share price (assets per whole share, base units) after the premium vested partly.
    pub price_after_premium: U256,
    /// Share price after the first default.
    pub price_after_first_loss: U256,
    /// Covered and uncovered parts of the first and the second default.
    pub losses: [(U256, U256); 2],
    /// Deficit before and after the emergency mint.
    pub deficit_before_mint: U256,
    /// Deficit left after the emergency mint.
    pub deficit_after_mint: U256,
    /// Emergency operation state before the delay, and after execution.
    pub emergency_states: (OperationState, OperationState),
    /// What Bob received when he redeemed in his window.
    pub bob_redeemed: U256,
    /// What Bob's shares were worth just before the first loss, and just after it.
    pub bob_value_around_loss: (U256, U256),
    /// What Alice's shares were worth just before the first loss, and just after it.
    pub alice_value_around_loss: (U256, U256),
}

/// Runs the demo on `url` with `funder` (a funded key: the DAO, deployer and market operator),
/// printing each step through `say`.
pub async fn run_demo(
    url: &str,
    funder: PrivateKeySigner,
    codes: &Codes,
    say: &mut dyn FnMut(&str),
) -> Result<DemoOutcome> {
    let seed = keccak256(
        [
            funder.address().as_slice(),
            &std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
                .to_be_bytes(),
        ]
        .concat(),
    );
    let actors = derive_signers(seed, 4);
    let [guardian, alice, bob, carol] = [0, 1, 2, 3].map(|i| actors[i].address());
    let client = Client::with_signers(url, funder, &actors).await?;
    if !client.supports_time_travel().await {
        return Err(Error::Invalid(
            "the demo moves the clock forward (days of cooldown, vesting and timelock delays): \
             it needs a node with evm_increaseTime, such as the embedded devnode (run without \
             --rpc-url)"
                .into(),
        ));
    }
    let dao = client.sender;
    say(&format!("Chain {} · DAO/deployer {dao}", client.chain_id));
    say(&format!(
        "Actors: guardian {guardian}, underwriters Alice {alice}, Bob {bob}, Carol {carol}"
    ));
    for who in [guardian, alice, bob, carol] {
        client
            .fund(who, ACTOR_FUNDING_WEI)
            .await
            .map_err(|e| e.in_step("fund actors with gas"))?;
    }

    say("\n== 1. Deploy through StylusDeployer and wire the system");
    let config = DeployConfig::demo(dao, guardian);
    let manifest = deploy_system(&client, codes, &config, &mut |p| {
        let what = match p.address {
            Some(a) => format!("{} -> {a}", p.what),
            None => p.what.clone(),
        };
        say(&format!("  [{:>2}/{}] {what}", p.index, p.total));
    })
    .await?;
    let b = Backstop::open(client.clone(), manifest.clone()).await?;
    let market = manifest
        .mock_market()
        .ok_or_else(|| Error::Invalid("the demo deployment has no MockMarket".into()))?;
    let route = MarketRoute::Mock(market);
    let units = |n: u64| U256::from(n) * U256::from(10u64).pow(U256::from(b.asset_decimals));

    say("\n== 2. Test dollars for everyone (the DAO is the test stablecoin's admin)");
    send(b.asset().grantMinter(dao))
        .await
        .map_err(|e| e.in_step("grantMinter(dao)"))?;
    for (who, name, amount) in [
        (alice, "Alice", 200_000),
        (bob, "Bob", 100_000),
        (carol, "Carol", 100_000),
        (market, "the market", 50_000),
    ] {
        send(b.asset().mint(who, units(amount)))
            .await
            .map_err(|e| e.in_step("mint test dollars"))?;
        say(&format!("  {name} gets {}", b.fmt_assets(units(amount))));
    }

    say("\n== 3. Underwriters deposit");
    let deposits = [units(100_000), units(50_000), units(25_000)];
    for ((who, name), amount) in [(alice, "Alice"), (bob, "Bob"), (carol, "Carol")]
        .into_iter()
        .zip(deposits)
    {
        let (shares, _) = b.deposit(who, amount).await?;
        say(&format!(
            "  {name} deposits {} -> {}",
            b.fmt_assets(amount),
            b.fmt_shares(shares)
        ));
    }
    vault_line(&b, say).await?;

    say("\n== 4. The market pays a premium; it vests linearly over 7 days");
    let premium = units(7_000);
    b.pay_premium(dao, route, premium).await?;
    say(&format!("  premium {} paid", b.fmt_assets(premium)));
    vault_line(&b, say).await?;
    b.client.increase_time(3 * DAY + DAY / 2).await?;
    say("  ... 3.5 days pass");
    vault_line(&b, say).await?;
    let price_after_premium = b.share_price().await?;

    say("\n== 5. Bob starts his exit cooldown (10 days, then a 2-day window)");
    b.cooldown(bob).await?;
    let pos = b.position(bob).await?;
    let now = b.client.now().await?;
    say(&format!(
        "  Bob's {} are in cooldown; window opens {} and closes {}; they still take losses",
        b.fmt_shares(pos.cooldown_shares),
        relative(pos.window_start, now),
        relative(pos.window_end, now)
    ));

    say("\n== 6. A borrower defaults: the market reports a 10,000 loss");
    let alice_before = b.position(alice).await?.value;
    let bob_before = b.position(bob).await?.value;
    let first = b
        .absorb_loss(dao, route, loss_id("loan-1"), units(10_000))
        .await?;
    let alice_after = b.position(alice).await?.value;
    let bob_after = b.position(bob).await?.value;
    say(&format!(
        "  covered {} by the vault, uncovered {}",
        b.fmt_assets(first.covered),
        b.fmt_assets(first.uncovered)
    ));
    for (name, before, after) in [
        ("Alice", alice_before, alice_after),
        ("Bob (in cooldown)", bob_before, bob_after),
    ] {
        say(&format!(
            "  {name}: {} -> {} ({})",
            b.fmt_assets(before),
            b.fmt_assets(after),
            pct_change(before, after)
        ));
    }
    vault_line(&b, say).await?;
    let price_after_first_loss = b.share_price().await?;
    let retry = b
        .absorb_loss(dao, route, loss_id("loan-1"), units(10_000))
        .await?;
    say(&format!(
        "  the market retries loan-1: same result (covered {}), nothing paid twice",
        b.fmt_assets(retry.covered)
    ));
    match b.deposit(carol, units(1_000)).await {
        Err(e) => say(&format!(
            "  Carol tries to buy in at the lower price: refused, {}",
            short(&e)
        )),
        Ok(_) => say("  Carol bought in during the post-loss freeze (unexpected)"),
    }

    say("\n== 7. A larger default: 120,000; the vault pays at most 30% of its assets");
    let second = b
        .absorb_loss(dao, route, loss_id("loan-2"), units(120_000))
        .await?;
    say(&format!(
        "  covered {}, uncovered {} -> recorded as the market's deficit",
        b.fmt_assets(second.covered),
        b.fmt_assets(second.uncovered)
    ));
    let info = b.market_info(market).await?;
    say(&format!(
        "  market: cap {}, drawn {}, deficit {}, coverage left {}",
        b.fmt_assets(info.coverage_cap),
        b.fmt_assets(info.drawn),
        b.fmt_assets(info.deficit),
        b.fmt_assets(b.absorber().coverageAvailable(market).call().await?)
    ));
    vault_line(&b, say).await?;

    say("\n== 8. The DAO schedules an emergency mint of the deficit through the timelock");
    let deficit_before_mint = b.absorber().totalDeficit().call().await?;
    let proposal = Proposal {
        target: *b.absorber().address(),
        value: U256::ZERO,
        data: Bytes::from(
            LossAbsorber::emergencyMintCall {
                market,
                amount: info.deficit,
            }
            .abi_encode(),
        ),
    };
    let salt = B256::from(U256::from(1));
    let (id, _) = b.schedule_emergency(dao, &proposal, salt).await?;
    let op = b
        .operation(id)
        .await?
        .ok_or_else(|| Error::Invalid("scheduled operation not found".into()))?;
    let waiting = op.state;
    say(&format!(
        "  operation {id}: {} (emergency delay {})",
        b.describe_operation(&op, b.client.now().await?)
            .split_once(' ')
            .map_or("", |(_, r)| r),
        format_duration(b.timelock().emergencyDelay().call().await?.saturating_to())
    ));
    match b.execute(dao, id).await {
        Err(e) => say(&format!("  executing it now is refused: {}", short(&e))),
        Ok(_) => say("  executed before its delay (unexpected)"),
    }

    say("\n== 9. An hour passes; anyone with the executor role runs it");
    b.client.increase_time(3_600).await?;
    let ready = b.operation(id).await?.map(|o| o.state);
    say(&format!(
        "  state: {}",
        ready.map_or("?".into(), |s| s.to_string())
    ));
    b.execute(dao, id).await?;
    let done = b
        .operation(id)
        .await?
        .map_or(OperationState::Unset, |o| o.state);
    let deficit_after_mint = b.absorber().totalDeficit().call().await?;
    say(&format!(
        "  executed ({done}): {} minted to the market; deficit {} -> {}",
        b.fmt_assets(deficit_before_mint.saturating_sub(deficit_after_mint)),
        b.fmt_assets(deficit_before_mint),
        b.fmt_assets(deficit_after_mint)
    ));

    say("\n== 10. Bob's window opens; he redeems");
    let pos = b.position(bob).await?;
    let now = b.client.now().await?;
    if pos.window_start > now {
        b.client.increase_time(pos.window_start - now).await?;
        say(&format!(
            "  ... {} pass",
            format_duration(pos.window_start - now)
        ));
    }
    let (shares, bob_redeemed, _) = b.redeem(bob, None).await?;
    say(&format!(
        "  Bob redeems {} for {} (he deposited {})",
        b.fmt_shares(shares),
        b.fmt_assets(bob_redeemed),
        b.fmt_assets(deposits[1])
    ));
    vault_line(&b, say).await?;
    say("\nDone. Full status:");
    for line in b.status_report().await?.lines() {
        say(&format!("  {line}"));
    }
    Ok(DemoOutcome {
        manifest,
        deposits,
        price_after_premium,
        price_after_first_loss,
        losses: [
            (first.covered, first.uncovered),
            (second.covered, second.uncovered),
        ],
        deficit_before_mint,
        deficit_after_mint,
        emergency_states: (waiting, done),
        bob_redeemed,
        bob_value_around_loss: (bob_before, bob_after),
        alice_value_around_loss: (alice_before, alice_after),
    })
}

/// Total assets, supply, price, unvested premium on one line.
async fn vault_line(b: &Backstop, say: &mut dyn FnMut(&str)) -> Result<()> {
    let v = b.vault();
    say(&format!(
        "  vault: total assets {}, supply {}, share price {}, unvested premium {}",
        b.fmt_assets(v.totalAssets().call().await?),
        b.fmt_shares(v.totalSupply().call().await?),
        b.fmt_assets(b.share_price().await?),
        b.fmt_assets(v.unvestedPremium().call().await?)
    ));
    Ok(())
}

/// `-5.71%` with two decimals.
fn pct_change(before: U256, after: U256) -> String {
    if before.is_zero() {
        return "n/a".into();
    }
    let scale = U256::from(10_000u64);
    let (sign, diff) = if after >= before {
        ("+", after - before)
    } else {
        ("-", before - after)
    };
    let bps: u64 = (diff * scale / before).saturating_to();
    format!("{sign}{}.{:02}%", bps / 100, bps % 100)
}

/// The revert reason alone when there is one.
fn short(e: &Error) -> String {
    e.revert_reason()
        .map_or_else(|| e.to_string(), str::to_string)
}
