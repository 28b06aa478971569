//! Native tests of the test stablecoin (TestVM).

use super::*;
use alloy_primitives::address;
use alloy_sol_types::SolEvent;
use proptest::prelude::*;
use stylus_sdk::testing::TestVM;

const ADMIN: Address = address!("000000000000000000000000000000000000ad00");
const MINTER: Address = address!("000000000000000000000000000000000000aa01");
const ALICE: Address = address!("000000000000000000000000000000000000a11c");
const BOB: Address = address!("0000000000000000000000000000000000000b0b");

fn u(x: u64) -> U256 {
    U256::from(x)
}

fn deploy() -> (TestVM, TestStablecoin) {
    let vm = TestVM::default();
    let mut token = TestStablecoin::from(&vm);
    token
        .constructor("Backstop USD".into(), "bUSD".into(), 6, ADMIN)
        .unwrap();
    vm.set_sender(ADMIN);
    token.grant_minter(MINTER).unwrap();
    (vm, token)
}

fn mint(vm: &TestVM, token: &mut TestStablecoin, to: Address, amount: u64) {
    vm.set_sender(MINTER);
    token.mint(to, u(amount)).unwrap();
}

#[test]
fn constructor_sets_metadata_and_admin() {
    let (_vm, token) = deploy();
    assert_eq!(token.name(), "Backstop USD");
    assert_eq!(token.symbol(), "bUSD");
    assert_eq!(token.decimals(), 6);
    assert_eq!(token.admin(), ADMIN);
    assert_eq!(token.total_supply(), U256::ZERO);
}

#[test]
fn constructor_refuses_a_zero_admin() {
    let vm = TestVM::default();
    let mut token = TestStablecoin::from(&vm);
    let err = token
        .constructor("X".into(), "X".into(), 18, Address::ZERO)
        .unwrap_err();
    assert_eq!(
        err,
        Error::InvalidAdmin(InvalidAdmin {
            admin: Address::ZERO
        })
    );
}

#[test]
fn constructor_refuses_a_name_over_31_bytes() {
    let vm = TestVM::default();
    let mut token = TestStablecoin::from(&vm);
    let err = token
        .constructor("x".repeat(32), "X".into(), 18, ADMIN)
        .unwrap_err();
    assert_eq!(
        err,
        Error::StringTooLong(StringTooLong {
            length: U256::from(32u8)
        })
    );
}

#[test]
fn a_minter_mints_and_a_transfer_event_is_emitted() {
    let (vm, mut token) = deploy();
    mint(&vm, &mut token, ALICE, 500);
    assert_eq!(token.balance_of(ALICE), u(500));
    assert_eq!(token.total_supply(), u(500));
    let logs = vm.get_emitted_logs();
    let (topics, data) = logs.last().unwrap();
    assert_eq!(topics[0], events::Transfer::SIGNATURE_HASH);
    let ev = events::Transfer::decode_raw_log(topics.iter().copied(), data).unwrap();
    assert_eq!((ev.from, ev.to, ev.value), (Address::ZERO, ALICE, u(500)));
}

#[test]
fn mint_by_a_non_minter_reverts_with_not_minter() {
    let (vm, mut token) = deploy();
    for caller in [ADMIN, ALICE] {
        vm.set_sender(caller);
        assert_eq!(
            token.mint(ALICE, u(1)),
            Err(Error::NotMinter(NotMinter { caller }))
        );
    }
}

#[test]
fn mint_to_zero_reverts_with_invalid_receiver() {
    let (vm, mut token) = deploy();
    vm.set_sender(MINTER);
    assert_eq!(
        token.mint(Address::ZERO, u(1)),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn mint_past_the_maximum_supply_reverts_with_supply_overflow() {
    let (vm, mut token) = deploy();
    vm.set_sender(MINTER);
    token.mint(ALICE, U256::MAX).unwrap();
    assert_eq!(
        token.mint(BOB, u(1)),
        Err(Error::SupplyOverflow(SupplyOverflow {
            supply: U256::MAX,
            amount: u(1)
        }))
    );
}

#[test]
fn only_the_admin_grants_and_revokes_minters() {
    let (vm, mut token) = deploy();
    for caller in [MINTER, ALICE] {
        vm.set_sender(caller);
        assert_eq!(
            token.grant_minter(BOB),
            Err(Error::NotAdmin(NotAdmin { caller }))
        );
        assert_eq!(
            token.revoke_minter(MINTER),
            Err(Error::NotAdmin(NotAdmin { caller }))
        );
    }
    vm.set_sender(ADMIN);
    assert!(token.is_minter(MINTER));
    token.revoke_minter(MINTER).unwrap();
    assert!(!token.is_minter(MINTER));
    let (topics, _) = vm.get_emitted_logs().last().cloned().unwrap();
    assert_eq!(topics[0], events::MinterRevoked::SIGNATURE_HASH);
    vm.set_sender(MINTER);
    assert_eq!(
        token.mint(ALICE, u(1)),
        Err(Error::NotMinter(NotMinter { caller: MINTER }))
    );
}

#[test]
fn transfer_moves_balance_and_refuses_overdraft_and_zero_receiver() {
    let (vm, mut token) = deploy();
    mint(&vm, &mut token, ALICE, 100);
    vm.set_sender(ALICE);
    assert_eq!(token.transfer(BOB, u(40)), Ok(true));
    assert_eq!(
        (token.balance_of(ALICE), token.balance_of(BOB)),
        (u(60), u(40))
    );
    assert_eq!(
        token.transfer(BOB, u(61)),
        Err(Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: ALICE,
            balance: u(60),
            needed: u(61)
        }))
    );
    assert_eq!(
        token.transfer(Address::ZERO, u(1)),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn transfer_from_spends_allowance_except_an_infinite_one() {
    let (vm, mut token) = deploy();
    mint(&vm, &mut token, ALICE, 100);
    vm.set_sender(ALICE);
    assert_eq!(token.approve(BOB, u(30)), Ok(true));
    vm.set_sender(BOB);
    assert_eq!(
        token.transfer_from(ALICE, BOB, u(31)),
        Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: u(30),
            needed: u(31)
        }))
    );
    token.transfer_from(ALICE, BOB, u(30)).unwrap();
    assert_eq!(token.allowance(ALICE, BOB), U256::ZERO);
    vm.set_sender(ALICE);
    token.approve(BOB, U256::MAX).unwrap();
    vm.set_sender(BOB);
    token.transfer_from(ALICE, BOB, u(70)).unwrap();
    assert_eq!(token.allowance(ALICE, BOB), U256::MAX);
    assert_eq!(token.balance_of(BOB), u(100));
}

#[test]
fn transfer_from_zero_reverts_with_invalid_sender() {
    let (vm, mut token) = deploy();
    vm.set_sender(BOB);
    // A zero amount passes the allowance check, so the sender check is what refuses it.
    assert!(matches!(
        token.transfer_from(Address::ZERO, BOB, u(0)),
        Err(Error::InvalidSender(_))
    ));
}

#[test]
fn approve_of_zero_spender_reverts_with_invalid_spender() {
    let (vm, mut token) = deploy();
    vm.set_sender(ALICE);
    assert_eq!(
        token.approve(Address::ZERO, u(1)),
        Err(Error::InvalidSpender(ERC20InvalidSpender {
            spender: Address::ZERO
        }))
    );
    token.approve(BOB, u(5)).unwrap();
    let (topics, data) = vm.get_emitted_logs().last().cloned().unwrap();
    let ev = events::Approval::decode_raw_log(topics.iter().copied(), &data).unwrap();
    assert_eq!((ev.owner, ev.spender, ev.value), (ALICE, BOB, u(5)));
}

proptest! {
    #[test]
    fn balances_always_sum_to_the_total_supply(ops in prop::collection::vec((0u8..3, 0u64..1_000), 1..40)) {
        let (vm, mut token) = deploy();
        let people = [ALICE, BOB, MINTER];
        for (i, (who, amount)) in ops.into_iter().enumerate() {
            let from = people[who as usize];
            let to = people[(who as usize + 1 + i % 2) % 3];
            if i % 3 == 0 {
                mint(&vm, &mut token, from, amount);
            } else {
                vm.set_sender(from);
                let before = token.balance_of(from);
                let result = token.transfer(to, u(amount));
                prop_assert_eq!(result.is_ok(), before >= u(amount));
            }
            let sum: U256 = people.iter().map(|p| token.balance_of(*p)).fold(U256::ZERO, |a, b| a + b);
            prop_assert_eq!(sum, token.total_supply());
        }
    }
}
