//! Gas per operation of the deployed system, measured from transaction receipts on the embedded
//! devnode (or the node in `BACKSTOP_RPC_URL`; the timed steps need `evm_increaseTime`).
//!
//! `cargo run -p backstop-e2e --example gas_report` prints one row per operation: the receipt's
//! `gasUsed` (intrinsic 21,000 and calldata included).
//! A benchmark, not a test: nothing here asserts a figure.

use alloy::{primitives::U256, rpc::types::TransactionReceipt, sol_types::SolCall};
use backstop_e2e::{backstop_scripts as scripts, units, Env};
use scripts::{bindings::LossAbsorber, loss_id, send, Proposal, DAY};

#[tokio::main(flavor = "multi_thread")]
async fn main() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let (a, b) = (&s.actors, &s.b);
    let (vault, absorber) = (b.vault(), b.absorber());
    let mut rows: Vec<(&str, u64)> = Vec::new();
    let mut row = |what: &'static str, r: &TransactionReceipt| rows.push((what, r.gas_used));

    // Underwriters.
    s.mint(a.alice, units(100_000)).await?;
    s.mint(a.bob, units(100_000)).await?;
    b.ensure_allowance(a.alice, *vault.address(), U256::MAX)
        .await?;
    b.ensure_allowance(a.bob, *vault.address(), U256::MAX)
        .await?;
    row(
        "vault.deposit (first, empty vault)",
        &send(vault.deposit(units(50_000), a.alice).from(a.alice)).await?,
    );
    row(
        "vault.deposit (second depositor)",
        &send(vault.deposit(units(50_000), a.bob).from(a.bob)).await?,
    );
    row(
        "vault.deposit (again, same holder)",
        &send(vault.deposit(units(10_000), a.alice).from(a.alice)).await?,
    );
    row(
        "vault.transfer (shares)",
        &send(vault.transfer(a.carol, units(1)).from(a.alice)).await?,
    );
    row(
        "vault.approve",
        &send(vault.approve(a.carol, units(1)).from(a.alice)).await?,
    );
    row("vault.cooldown", &send(vault.cooldown().from(a.bob)).await?);

    // A market: premium, losses, deficit.
    let market = a.rogue_market;
    s.mint(market, units(100_000)).await?;
    b.ensure_allowance(market, *vault.address(), U256::MAX)
        .await?;
    b.ensure_allowance(market, *absorber.address(), U256::MAX)
        .await?;
    row(
        "vault.notifyPremium",
        &send(vault.notifyPremium(units(1_000)).from(market)).await?,
    );
    let losses = [
        ("absorber.absorbLoss (covered in full)", "g1", 5_000),
        ("absorber.absorbLoss (repeated lossId)", "g1", 5_000),
        ("absorber.absorbLoss (2nd cover in the window)", "g2", 5_000),
        (
            "absorber.absorbLoss (past the cap: cover + deficit)",
            "g3",
            500_000,
        ),
        ("absorber.absorbLoss (all deficit)", "g4", 1_000),
    ];
    for (what, id, amount) in losses {
        let loss = absorber.absorbLoss(loss_id(id), units(amount));
        row(what, &send(loss.from(market)).await?);
    }
    s.mint(a.carol, units(1_000)).await?;
    b.ensure_allowance(a.carol, *absorber.address(), U256::MAX)
        .await?;
    row(
        "absorber.settleDeficit",
        &send(absorber.settleDeficit(market, units(100)).from(a.carol)).await?,
    );
    row(
        "vault.returnFunds",
        &send(vault.returnFunds(units(100)).from(market)).await?,
    );

    // Governance: the emergency path and its execution.
    let mint = LossAbsorber::emergencyMintCall {
        market,
        amount: units(100),
    }
    .abi_encode();
    let call = Proposal {
        target: *absorber.address(),
        value: U256::ZERO,
        data: mint.into(),
    };
    let (id, r) = b.schedule_emergency(a.dao, &call, loss_id("salt")).await?;
    row("timelock.scheduleEmergency", &r);
    let cap = scripts::bindings::BackstopVault::setDepositCapCall {
        next: units(20_000_000),
    };
    let change = Proposal {
        target: *vault.address(),
        value: U256::ZERO,
        data: cap.abi_encode().into(),
    };
    let (change_id, r) = b
        .schedule(a.dao, &change, Default::default(), loss_id("cap"), None)
        .await?;
    row("timelock.schedule (vault.setDepositCap)", &r);
    if env.require_time_travel("gas_report: execute and redeem") {
        env.client.increase_time(3_600).await?;
        row(
            "timelock.execute (emergencyMint)",
            &b.execute(a.dao, id).await?,
        );
        env.client.increase_time(10 * DAY).await?;
        row(
            "vault.redeem (in the window)",
            &send(vault.redeem(units(2_000), a.bob, a.bob).from(a.bob)).await?,
        );
        row(
            "timelock.execute (vault.setDepositCap)",
            &b.execute(a.dao, change_id).await?,
        );
    }

    println!("{:<52} {:>10}", "operation", "gas used");
    for (what, gas) in rows {
        println!("{what:<52} {gas:>10}");
    }
    Ok(())
}
