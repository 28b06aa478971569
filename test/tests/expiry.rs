//! Program expiry. Nitro expires a Stylus program 365 days after its activation; the system is
//! kept alive by `keepalive` (ArbWasm.codehashKeepalive) and runs through more than a year of
//! time travel. Left alone, every call fails until the programs are activated again; the
//! underwriters' positions survive the outage. Needs time travel.

use alloy::{primitives::U256, providers::Provider};
use backstop_e2e::{backstop_scripts as scripts, units, Env};
use scripts::{keepalive, lifetime_rules, programs, Backstop, Error, Lifetime, Renewal, DAY};

/// The five programs of the suite's deployment.
const PROGRAMS: usize = 5;

#[tokio::test(flavor = "multi_thread")]
async fn a_system_kept_alive_runs_through_more_than_a_year() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel("a_system_kept_alive_runs_through_more_than_a_year") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let (c, m, dao, alice) = (&env.client, &s.b.manifest, s.actors.dao, s.actors.alice);
    let rules = lifetime_rules(c).await?;
    assert_eq!((rules.expiry, rules.keepalive_after), (365 * DAY, 31 * DAY));
    let deposited = s.fund_and_deposit(alice, units(10_000)).await?;

    // Fresh programs: a year to live, and a keepalive is refused for 31 days (no transaction).
    let fresh = programs(c, m, rules).await?;
    assert_eq!(fresh.len(), PROGRAMS);
    for p in &fresh {
        let Lifetime::Active { age, left } = p.lifetime else {
            panic!("{} is not active: {:?}", p.name, p.lifetime);
        };
        assert!(
            age < 3_600 && age + left == rules.expiry,
            "{}: {age} + {left}",
            p.name
        );
    }
    for (p, r) in keepalive(c, m, dao, false).await? {
        let Renewal::TooSoon { wait } = r else {
            panic!("{} renewed too early: {r:?}", p.name);
        };
        assert!(
            wait > 31 * DAY - 3_600 && wait <= 31 * DAY,
            "{}: {wait}",
            p.name
        );
    }

    // 200 days on: a dry run quotes the fees and changes nothing; the real run renews each.
    c.increase_time(200 * DAY).await?;
    let quoted = keepalive(c, m, dao, true).await?;
    assert_eq!(quoted.len(), PROGRAMS);
    for (p, r) in &quoted {
        assert!(
            matches!(r, Renewal::Renewed { fee, tx: None } if *fee > U256::ZERO),
            "{}: {r:?}",
            p.name
        );
    }
    assert_eq!(
        ages(&programs(c, m, rules).await?),
        ages(&fresh)
            .iter()
            .map(|a| a + 200 * DAY)
            .collect::<Vec<_>>(),
        "a dry run renews nothing"
    );
    let balance = c.provider.get_balance(dao).await?;
    let renewed = keepalive(c, m, dao, false).await?;
    let mut fees = U256::ZERO;
    for (p, r) in &renewed {
        let Renewal::Renewed { fee, tx: Some(_) } = r else {
            panic!("{} was not renewed: {r:?}", p.name);
        };
        fees += *fee;
    }
    let spent = balance - c.provider.get_balance(dao).await?;
    assert!(spent >= fees, "the fees were paid: {spent} < {fees}");
    for p in programs(c, m, rules).await? {
        let Lifetime::Active { age, .. } = p.lifetime else {
            panic!("{}: {:?}", p.name, p.lifetime);
        };
        assert!(age < 3_600, "{} renewed {age} s ago", p.name);
    }
    let report = s.b.status_report().await?;
    assert!(
        report.contains("Programs") && report.matches(", expires in 36").count() == PROGRAMS,
        "{report}"
    );

    // 400 days after activation: the vault still serves its underwriter's exit in full.
    c.increase_time(200 * DAY).await?;
    s.b.cooldown(alice).await?;
    c.increase_time(10 * DAY + 1).await?;
    let (shares, assets, _) = s.b.redeem(alice, None).await?;
    assert_eq!((shares, assets), (deposited, units(10_000)));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_system_is_frozen_until_its_programs_are_activated_again() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env
        .require_time_travel("an_expired_system_is_frozen_until_its_programs_are_activated_again")
    {
        return Ok(());
    }
    let s = env.deploy().await?;
    let (c, m, dao, alice) = (&env.client, &s.b.manifest, s.actors.dao, s.actors.alice);
    let rules = lifetime_rules(c).await?;
    let deposited = s.fund_and_deposit(alice, units(10_000)).await?;
    s.mint(s.actors.bob, units(1_000)).await?;

    c.increase_time(366 * DAY).await?;
    // What an underwriter sees: the deposit fails, and the reason names the expired program.
    let err = s.b.deposit(s.actors.bob, units(1_000)).await.unwrap_err();
    assert!(err.to_string().contains("ProgramExpired"), "{err}");
    // Opening the system says which program and what to do.
    match Backstop::open(c.clone(), m.clone()).await {
        Err(e @ Error::NotCallable { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("TestStablecoin") && text.contains("EXPIRED 1d"),
                "{text}"
            );
            assert!(text.contains("backstop keepalive"), "{text}");
        }
        other => panic!("opening an expired system: {other:?}"),
    }
    for p in programs(c, m, rules).await? {
        assert!(
            matches!(p.lifetime, Lifetime::Expired { age } if age >= 366 * DAY),
            "{}: {:?}",
            p.name,
            p.lifetime
        );
    }

    // `keepalive` activates each program again; nothing in storage was lost.
    for (p, r) in keepalive(c, m, dao, false).await? {
        assert!(
            matches!(r, Renewal::Reactivated { fee, tx: Some(_) } if fee > U256::ZERO),
            "{}: {r:?}",
            p.name
        );
    }
    assert!(programs(c, m, rules)
        .await?
        .iter()
        .all(|p| p.lifetime.is_callable()));
    let b = Backstop::open(c.clone(), m.clone()).await?;
    let position = b.position(alice).await?;
    assert_eq!(
        (position.shares, position.value),
        (deposited, units(10_000))
    );
    b.deposit(s.actors.bob, units(1_000)).await?;
    Ok(())
}

fn ages(programs: &[scripts::Program]) -> Vec<u64> {
    programs
        .iter()
        .map(|p| match p.lifetime {
            Lifetime::Active { age, .. } => age,
            other => panic!("{}: {other:?}", p.name),
        })
        .collect()
}
