//! Native tests of the MockMarket: the absorber and vault are TestVM mocks keyed on exact
//! calldata (so a matching answer proves the encoding), the asset is common's simulated token.

use alloy_primitives::{address, Address, B256, U256};
use alloy_sol_types::SolEvent;
use backstop_common::testing::{TokenBehaviour, TokenVM};
use mock_market::*;
use stylus_sdk::prelude::*;

const ABSORBER: Address = address!("00000000000000000000000000000000000000b1");
const VAULT: Address = address!("00000000000000000000000000000000000000b2");
const ASSET: Address = address!("00000000000000000000000000000000000000b3");
const OWNER: Address = address!("0000000000000000000000000000000000000001");
const OUTSIDER: Address = address!("0000000000000000000000000000000000000002");

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn deploy() -> (TokenVM, MockMarket) {
    let vm = TokenVM::new(ASSET, 18);
    let mut market = MockMarket::from(&vm);
    market.constructor(ABSORBER, VAULT, ASSET, OWNER).unwrap();
    vm.set_sender(OWNER);
    (vm, market)
}

fn word(v: U256) -> Vec<u8> {
    v.to_be_bytes::<32>().to_vec()
}

fn absorb_calldata(id: B256, amount: U256) -> Vec<u8> {
    let mut data = ABSORB_LOSS_SELECTOR.to_vec();
    data.extend_from_slice(id.as_slice());
    data.extend_from_slice(&word(amount));
    data
}

fn vault_calldata(selector: [u8; 4], amount: U256) -> Vec<u8> {
    let mut data = selector.to_vec();
    data.extend_from_slice(&word(amount));
    data
}

fn events<E: SolEvent>(vm: &TokenVM) -> Vec<E> {
    vm.get_emitted_logs()
        .into_iter()
        .filter(|(topics, _)| topics.first() == Some(&E::SIGNATURE_HASH))
        .map(|(topics, data)| E::decode_raw_log(topics, &data).expect("event decodes"))
        .collect()
}

fn failed(target: Address, reason: &[u8]) -> MarketError {
    MarketError::BackstopCallFailed(BackstopCallFailed {
        target,
        reason: reason.to_vec().into(),
    })
}

#[test]
fn selectors_match_the_backstop_interfaces() {
    use alloy_primitives::keccak256;
    assert_eq!(
        ABSORB_LOSS_SELECTOR,
        keccak256("absorbLoss(bytes32,uint256)")[..4]
    );
    assert_eq!(
        NOTIFY_PREMIUM_SELECTOR,
        keccak256("notifyPremium(uint256)")[..4]
    );
    assert_eq!(
        RETURN_FUNDS_SELECTOR,
        keccak256("returnFunds(uint256)")[..4]
    );
    assert_eq!(APPROVE_SELECTOR, [0x09, 0x5e, 0xa7, 0xb3]);
}

#[test]
fn constructor_wires_the_market() {
    let (_, market) = deploy();
    assert_eq!(
        (
            market.absorber(),
            market.vault(),
            market.asset(),
            market.owner()
        ),
        (ABSORBER, VAULT, ASSET, OWNER)
    );
}

#[test]
fn constructor_rejects_any_zero_address() {
    let args = [ABSORBER, VAULT, ASSET, OWNER];
    for i in 0..4 {
        let mut a = args;
        a[i] = Address::ZERO;
        let vm = TokenVM::new(ASSET, 18);
        let mut market = MockMarket::from(&vm);
        assert_eq!(
            market.constructor(a[0], a[1], a[2], a[3]),
            Err(MarketError::ZeroAddress(ZeroAddress {}))
        );
    }
}

#[test]
fn report_loss_calls_absorb_loss_and_returns_and_logs_its_result() {
    let (vm, mut market) = deploy();
    let id = B256::with_last_byte(7);
    let mut ret = word(u(60));
    ret.extend(word(u(40)));
    vm.mock_call(ABSORBER, absorb_calldata(id, u(100)), U256::ZERO, Ok(ret));
    assert_eq!(market.report_loss(id, u(100)), Ok((u(60), u(40))));
    let e = events::<LossReported>(&vm).pop().unwrap();
    assert_eq!(
        (e.lossId, e.amount, e.covered, e.uncovered),
        (id, u(100), u(60), u(40))
    );
}

#[test]
fn report_loss_passes_the_absorbers_revert_data_on() {
    let (vm, mut market) = deploy();
    let id = B256::with_last_byte(1);
    vm.mock_call(
        ABSORBER,
        absorb_calldata(id, u(5)),
        U256::ZERO,
        Err(b"MarketNotEnabled".to_vec()),
    );
    assert_eq!(
        market.report_loss(id, u(5)),
        Err(failed(ABSORBER, b"MarketNotEnabled"))
    );
}

#[test]
fn report_loss_rejects_a_result_shorter_than_two_words() {
    let (vm, mut market) = deploy();
    let id = B256::with_last_byte(2);
    vm.mock_call(
        ABSORBER,
        absorb_calldata(id, u(5)),
        U256::ZERO,
        Ok(word(u(5))),
    );
    assert_eq!(market.report_loss(id, u(5)), Err(failed(ABSORBER, b"")));
}

#[test]
fn pay_premium_approves_the_vault_then_calls_notify_premium() {
    let (vm, mut market) = deploy();
    vm.mock_call(
        VAULT,
        vault_calldata(NOTIFY_PREMIUM_SELECTOR, u(30)),
        U256::ZERO,
        Ok(vec![]),
    );
    market.pay_premium(u(30)).unwrap();
    assert_eq!(vm.token_allowance(vm.contract_address(), VAULT), u(30));
    assert_eq!(events::<PremiumPaid>(&vm).pop().unwrap().amount, u(30));
}

#[test]
fn pay_premium_sends_exactly_notify_premium_of_the_amount() {
    let (vm, mut market) = deploy();
    vm.mock_call(
        VAULT,
        vault_calldata(NOTIFY_PREMIUM_SELECTOR, u(30)),
        U256::ZERO,
        Err(b"seen".to_vec()),
    );
    assert_eq!(market.pay_premium(u(30)), Err(failed(VAULT, b"seen")));
}

#[test]
fn return_funds_approves_the_vault_then_calls_return_funds() {
    let (vm, mut market) = deploy();
    vm.mock_call(
        VAULT,
        vault_calldata(RETURN_FUNDS_SELECTOR, u(12)),
        U256::ZERO,
        Err(b"seen".to_vec()),
    );
    assert_eq!(market.return_funds(u(12)), Err(failed(VAULT, b"seen")));
    vm.mock_call(
        VAULT,
        vault_calldata(RETURN_FUNDS_SELECTOR, u(12)),
        U256::ZERO,
        Ok(vec![]),
    );
    market.return_funds(u(12)).unwrap();
    assert_eq!(vm.token_allowance(vm.contract_address(), VAULT), u(12));
    assert_eq!(events::<FundsReturned>(&vm).pop().unwrap().amount, u(12));
}

#[test]
fn a_refused_approve_is_reported_with_its_reason() {
    let (vm, mut market) = deploy();
    vm.set_behaviour(TokenBehaviour::ReturnsFalse);
    assert_eq!(
        market.pay_premium(u(1)),
        Err(MarketError::ApproveFailed(ApproveFailed {
            asset: ASSET,
            reason: 3
        }))
    );
    vm.set_behaviour(TokenBehaviour::Reverts);
    assert_eq!(
        market.return_funds(u(1)),
        Err(MarketError::ApproveFailed(ApproveFailed {
            asset: ASSET,
            reason: 2
        }))
    );
}

#[test]
fn only_the_owner_can_drive_the_market() {
    let (vm, mut market) = deploy();
    for who in [OUTSIDER, ABSORBER, VAULT] {
        vm.set_sender(who);
        let expected = MarketError::NotOwner(NotOwner { caller: who });
        assert_eq!(market.report_loss(B256::ZERO, u(1)), Err(expected.clone()));
        assert_eq!(market.pay_premium(u(1)), Err(expected.clone()));
        assert_eq!(market.return_funds(u(1)), Err(expected));
    }
    assert_eq!(vm.mutating_calls(), 0);
}
