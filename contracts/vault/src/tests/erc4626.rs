//! Constructor, share token and ERC-4626 entry points.

use super::*;
use backstop_common::testing::TokenBehaviour;

#[test]
fn constructor_sets_the_whole_configuration() {
    let env = Env::new();
    let v = &env.vault;
    assert_eq!(v.asset(), ASSET);
    assert_eq!(v.name(), "Backstop bUSD");
    assert_eq!(v.symbol(), "bsUSD");
    assert_eq!(v.decimals(), 9);
    assert_eq!(v.governance(), GOV);
    assert_eq!(v.pending_governance(), Address::ZERO);
    assert_eq!(v.guardian(), GUARDIAN);
    assert_eq!(v.loss_module(), LOSS);
    assert_eq!(v.min_assets(), u(UNIT));
    assert_eq!(v.cooldown_period(), COOLDOWN);
    assert_eq!(v.unstake_window(), WINDOW);
    assert_eq!(v.premium_vesting_period(), 7 * DAY);
    assert_eq!(v.post_loss_freeze(), DAY);
    assert_eq!(v.max_slash_bps(), u(3_000));
    assert!(!v.paused());
    assert_eq!(v.total_assets(), U256::ZERO);
    assert_eq!(v.total_supply(), U256::ZERO);
}

fn construct(
    asset: Address,
    governance: Address,
    min_assets: U256,
    cooldown: u64,
    window: u64,
) -> Result<(), Error> {
    let vm = TokenVM::new(ASSET, 6);
    let mut vault = BackstopVault::from(&vm);
    vault.constructor(
        asset,
        "n".into(),
        "s".into(),
        governance,
        GUARDIAN,
        min_assets,
        U256::MAX,
        cooldown,
        window,
    )
}

#[test]
fn constructor_refuses_out_of_bounds_configuration() {
    assert_eq!(
        construct(Address::ZERO, GOV, u(1), 0, 3_600),
        Err(Error::zero_address("asset"))
    );
    assert_eq!(
        construct(ASSET, Address::ZERO, u(1), 0, 3_600),
        Err(Error::zero_address("governance"))
    );
    assert_eq!(
        construct(ASSET, GOV, U256::ZERO, 0, 3_600),
        Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
            parameter: param("minAssets"),
            value: U256::ZERO,
            min: u(1),
            max: U256::MAX
        }))
    );
    assert_eq!(
        construct(ASSET, GOV, u(1), 90 * DAY + 1, 3_600),
        Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
            parameter: param("cooldownPeriod"),
            value: u(90 * DAY + 1),
            min: U256::ZERO,
            max: u(90 * DAY)
        }))
    );
    assert_eq!(
        construct(ASSET, GOV, u(1), 0, 3_599),
        Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
            parameter: param("unstakeWindow"),
            value: u(3_599),
            min: u(3_600),
            max: u(30 * DAY)
        }))
    );
    assert_eq!(construct(ASSET, GOV, u(1), 0, 3_600), Ok(()));
}

#[test]
fn constructor_refuses_a_name_or_symbol_over_31_bytes() {
    let vm = TokenVM::new(ASSET, 6);
    let mut vault = BackstopVault::from(&vm);
    let long = "x".repeat(32);
    let expected = |name: &str| {
        Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
            parameter: param(name),
            value: u(32),
            min: U256::ZERO,
            max: u(31),
        }))
    };
    let build = |vault: &mut BackstopVault, name: &str, symbol: &str| {
        vault.constructor(
            ASSET,
            name.into(),
            symbol.into(),
            GOV,
            GUARDIAN,
            u(1),
            U256::MAX,
            0,
            3_600,
        )
    };
    assert_eq!(build(&mut vault, &long, "s"), expected("name"));
    assert_eq!(build(&mut vault, "n", &long), expected("symbol"));
}

#[test]
fn constructor_refuses_an_asset_without_code_or_with_too_many_decimals() {
    assert_eq!(
        construct(ALICE, GOV, u(1), 0, 3_600),
        Err(Error::TokenCallFailed(TokenCallFailed {
            token: ALICE,
            reason: 1
        }))
    );
    let vm = TokenVM::new(ASSET, 253);
    let mut vault = BackstopVault::from(&vm);
    let result = vault.constructor(
        ASSET,
        "n".into(),
        "s".into(),
        GOV,
        GUARDIAN,
        u(1),
        U256::MAX,
        0,
        3_600,
    );
    assert_eq!(
        result,
        Err(Error::AssetDecimalsTooLarge(AssetDecimalsTooLarge {
            decimals: 253
        }))
    );
}

#[test]
fn first_deposit_mints_a_thousand_shares_per_asset_unit_and_emits_deposit() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(5 * UNIT));
    assert_eq!(shares, u(5 * UNIT * 1_000));
    assert_eq!(env.vault.balance_of(ALICE), shares);
    assert_eq!(env.vault.total_supply(), shares);
    assert_eq!(env.vault.total_assets(), u(5 * UNIT));
    assert_eq!(env.vm.token_balance(env.this()), u(5 * UNIT));
    let ev: events::Deposit = env.last_event();
    assert_eq!(
        (ev.sender, ev.owner, ev.assets, ev.shares),
        (ALICE, ALICE, u(5 * UNIT), shares)
    );
    let mint: events::Transfer = env.find_event();
    assert_eq!(
        (mint.from, mint.to, mint.value),
        (Address::ZERO, ALICE, shares)
    );
}

#[test]
fn mint_charges_the_rounded_up_asset_amount() {
    let mut env = Env::new();
    env.deposit(ALICE, u(3 * UNIT));
    env.cover(u(UNIT / 3)); // an awkward exchange rate
    env.warp(DAY); // past the post-loss freeze
    env.fund(BOB, u(10 * UNIT));
    let shares = u(1_234_567);
    let preview = env.vault.preview_mint(shares).unwrap();
    let paid = env.as_(BOB).vault.mint(shares, BOB).unwrap();
    assert_eq!(paid, preview);
    assert_eq!(env.vault.balance_of(BOB), shares);
    assert!(env.vault.convert_to_assets(shares).unwrap() <= paid);
    assert_eq!(env.vm.token_balance(BOB), u(10 * UNIT) - paid);
}

#[test]
fn deposit_for_another_receiver_credits_the_receiver() {
    let mut env = Env::new();
    env.fund(ALICE, u(UNIT));
    let shares = env.as_(ALICE).vault.deposit(u(UNIT), BOB).unwrap();
    assert_eq!(env.vault.balance_of(BOB), shares);
    assert_eq!(env.vault.balance_of(ALICE), U256::ZERO);
}

#[test]
fn deposit_to_the_zero_address_reverts_with_invalid_receiver() {
    let mut env = Env::new();
    env.fund(ALICE, u(UNIT));
    assert_eq!(
        env.as_(ALICE).vault.deposit(u(UNIT), Address::ZERO),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn deposit_above_the_cap_reverts_with_exceeded_max_deposit() {
    let mut env = Env::with_cap(u(10 * UNIT));
    env.deposit(ALICE, u(4 * UNIT));
    assert_eq!(env.vault.max_deposit(BOB), u(6 * UNIT));
    env.fund(BOB, u(7 * UNIT));
    assert_eq!(
        env.as_(BOB).vault.deposit(u(7 * UNIT), BOB),
        Err(Error::ExceededMaxDeposit(ERC4626ExceededMaxDeposit {
            receiver: BOB,
            assets: u(7 * UNIT),
            max: u(6 * UNIT)
        }))
    );
    let max_mint = env.vault.max_mint(BOB);
    assert_eq!(
        env.vault.mint(max_mint + u(1), BOB),
        Err(Error::ExceededMaxMint(ERC4626ExceededMaxMint {
            receiver: BOB,
            shares: max_mint + u(1),
            max: max_mint
        }))
    );
    env.vault.mint(max_mint, BOB).unwrap();
    assert!(env.vault.total_assets() <= u(10 * UNIT));
}

#[test]
fn a_zero_deposit_cap_refuses_all_deposits() {
    let mut env = Env::with_cap(U256::ZERO);
    assert_eq!(env.vault.max_deposit(ALICE), U256::ZERO);
    assert_eq!(env.vault.max_mint(ALICE), U256::ZERO);
    env.fund(ALICE, u(1));
    assert!(matches!(
        env.as_(ALICE).vault.deposit(u(1), ALICE),
        Err(Error::ExceededMaxDeposit(_))
    ));
}

#[test]
fn deposit_without_allowance_reverts_with_token_call_failed() {
    let mut env = Env::new();
    env.vm.mint_tokens(ALICE, u(UNIT));
    assert_eq!(
        env.as_(ALICE).vault.deposit(u(UNIT), ALICE),
        Err(Error::TokenCallFailed(TokenCallFailed {
            token: ASSET,
            reason: 2
        }))
    );
    env.fund(ALICE, u(UNIT));
    env.vm.set_behaviour(TokenBehaviour::ReturnsFalse);
    assert_eq!(
        env.as_(ALICE).vault.deposit(u(UNIT), ALICE),
        Err(Error::TokenCallFailed(TokenCallFailed {
            token: ASSET,
            reason: 3
        }))
    );
    env.vm.set_behaviour(TokenBehaviour::ReturnsGarbage);
    assert_eq!(
        env.as_(ALICE).vault.deposit(u(UNIT), ALICE),
        Err(Error::TokenCallFailed(TokenCallFailed {
            token: ASSET,
            reason: 4
        }))
    );
}

#[test]
fn a_token_that_returns_nothing_is_accepted() {
    let mut env = Env::new();
    env.vm.set_behaviour(TokenBehaviour::ReturnsNothing);
    let shares = env.deposit(ALICE, u(UNIT));
    assert_eq!(env.vault.balance_of(ALICE), shares);
}

#[test]
fn a_donation_does_not_move_the_share_price() {
    let mut env = Env::new();
    env.deposit(ALICE, u(UNIT));
    let before = env.vault.convert_to_assets(u(1_000_000)).unwrap();
    env.vm.mint_tokens(env.this(), u(1_000 * UNIT));
    assert_eq!(env.vault.total_assets(), u(UNIT));
    assert_eq!(env.vault.convert_to_assets(u(1_000_000)).unwrap(), before);
}

#[test]
fn previews_match_conversions_with_their_rounding() {
    let mut env = Env::new();
    env.deposit(ALICE, u(3 * UNIT));
    env.cover(u(UNIT / 7));
    let v = &env.vault;
    let x = u(1_000_003);
    assert_eq!(
        v.preview_deposit(x).unwrap(),
        v.convert_to_shares(x).unwrap()
    );
    assert_eq!(
        v.preview_redeem(x).unwrap(),
        v.convert_to_assets(x).unwrap()
    );
    assert!(v.preview_withdraw(x).unwrap() >= v.convert_to_shares(x).unwrap());
    assert!(v.preview_mint(x).unwrap() >= v.convert_to_assets(x).unwrap());
}

#[test]
fn share_transfer_moves_balance_and_emits_transfer() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    assert_eq!(env.as_(ALICE).vault.transfer(BOB, u(10)), Ok(true));
    assert_eq!(env.vault.balance_of(BOB), u(10));
    assert_eq!(env.vault.balance_of(ALICE), shares - u(10));
    let ev: events::Transfer = env.last_event();
    assert_eq!((ev.from, ev.to, ev.value), (ALICE, BOB, u(10)));
}

#[test]
fn share_transfer_errors_are_typed() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    env.as_(ALICE);
    assert_eq!(
        env.vault.transfer(BOB, shares + u(1)),
        Err(Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: ALICE,
            balance: shares,
            needed: shares + u(1)
        }))
    );
    assert_eq!(
        env.vault.transfer(Address::ZERO, u(1)),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
    assert_eq!(
        env.vault.approve(Address::ZERO, u(1)),
        Err(Error::InvalidSpender(ERC20InvalidSpender {
            spender: Address::ZERO
        }))
    );
    env.as_(BOB);
    assert_eq!(
        env.vault.transfer_from(Address::ZERO, BOB, U256::ZERO),
        Err(Error::InvalidSender(ERC20InvalidSender {
            sender: Address::ZERO
        }))
    );
}

#[test]
fn transfer_from_spends_the_allowance_and_emits_approval_on_approve() {
    let mut env = Env::new();
    env.deposit(ALICE, u(UNIT));
    env.as_(ALICE).vault.approve(BOB, u(100)).unwrap();
    let ev: events::Approval = env.last_event();
    assert_eq!((ev.owner, ev.spender, ev.value), (ALICE, BOB, u(100)));
    env.as_(BOB);
    assert_eq!(
        env.vault.transfer_from(ALICE, CAROL, u(101)),
        Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: u(100),
            needed: u(101)
        }))
    );
    env.vault.transfer_from(ALICE, CAROL, u(60)).unwrap();
    assert_eq!(env.vault.allowance(ALICE, BOB), u(40));
    assert_eq!(env.vault.balance_of(CAROL), u(60));
}

#[test]
fn an_allowance_belongs_to_its_owner_and_spender_only() {
    let mut env = Env::new();
    env.as_(ALICE).vault.approve(BOB, u(100)).unwrap();
    env.as_(BOB).vault.approve(CAROL, u(7)).unwrap();
    assert_eq!(env.vault.allowance(ALICE, BOB), u(100));
    assert_eq!(env.vault.allowance(BOB, CAROL), u(7));
    for (owner, spender) in [(BOB, ALICE), (ALICE, CAROL), (CAROL, BOB), (CAROL, ALICE)] {
        assert_eq!(env.vault.allowance(owner, spender), U256::ZERO);
    }
}
