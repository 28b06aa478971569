//! Each hostio group against the mock EVM side.

mod common;

use alloy_primitives::{keccak256, Address, B256, U256};
use common::{call, call_with, context, program, MockHost};
use devnode_stylus::{
    execute, CallInput, CallKind, CallResult, CreateKind, CreateResult, FrameStatus, Runtime,
    Status, StylusParams,
};

fn entry_gas(program: &devnode_stylus::Program) -> u64 {
    let info = program.info();
    352 + u64::from(info.cached_init_cost) + 8832 + u64::from(info.init_cost)
}

fn word(byte: u8) -> B256 {
    B256::with_last_byte(byte)
}

fn storage_calldata(op: u8, key: B256, value: B256) -> Vec<u8> {
    let mut data = vec![op];
    data.extend_from_slice(key.as_slice());
    data.extend_from_slice(value.as_slice());
    data
}

#[test]
fn a_cold_storage_load_costs_exactly_what_nitro_charges() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "sload");
    let mut host = MockHost::default();
    host.storage.insert(B256::ZERO, word(9));
    let gas = 1_000_000;
    let outcome = call(&program, &mut host, &[], gas);
    assert_eq!(outcome.status, Status::Success);
    // Blocks: [i32.const, i32.const, call] 1+1+3800+2450 = 6252; [i32.const, end] 2452.
    // storage_load_bytes32: 18480 ink base, then gas: cache read surcharge 0 (first read)
    //   + cold SLOAD 2100 + EVM API 59673 ink as gas (5) = 2105 gas = 21,050,000 ink.
    // Total 21,077,184 ink = 2107.7 gas: 2108 whole gas are gone.
    let ink = 6252 + 2452 + 18_480 + 2105 * 10_000;
    assert_eq!(ink, 21_077_184);
    assert_eq!(outcome.gas_left, gas - entry_gas(&program) - 2108);
    // A warm slot costs 2000 gas less (100 instead of 2100).
    let warm = call(&program, &mut host, &[], gas);
    assert_eq!(warm.gas_left, outcome.gas_left + 2000);
}

#[test]
fn storage_loads_read_the_evm_once_per_frame() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let mut host = MockHost::default();
    host.storage.insert(word(1), word(42));
    let outcome = call(
        &program,
        &mut host,
        &storage_calldata(0, word(1), B256::ZERO),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.output, word(42).as_slice());
}

#[test]
fn cached_writes_reach_the_evm_only_on_flush() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let mut host = MockHost::default();

    // Cached but never flushed: nothing written.
    let outcome = call(
        &program,
        &mut host,
        &storage_calldata(2, word(1), word(7)),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert!(host.sstores.is_empty());

    // A load after a cached write sees the cached value without touching the EVM.
    let outcome = call(
        &program,
        &mut host,
        &storage_calldata(3, word(1), word(7)),
        1_000_000,
    );
    assert_eq!(outcome.output, word(7).as_slice());
    assert!(host.sstores.is_empty());
    assert!(!host.warm_slots.contains(&word(1)));

    // Flushed: one SSTORE of the dirty slot.
    let outcome = call(
        &program,
        &mut host,
        &storage_calldata(1, word(1), word(7)),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(host.sstores, vec![(word(1), word(7))]);
    assert_eq!(host.storage[&word(1)], word(7));
}

#[test]
fn a_flush_charges_the_evm_sstore_cost() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let gas = 1_000_000;
    let mut fresh = MockHost::default();
    let cached_only = call(
        &program,
        &mut fresh,
        &storage_calldata(2, word(1), word(7)),
        gas,
    );
    let mut fresh = MockHost::default();
    let flushed = call(
        &program,
        &mut fresh,
        &storage_calldata(1, word(1), word(7)),
        gas,
    );
    // The flush path runs one more call block and the flush hostio (68,073 ink) and pays a cold
    // zero-to-nonzero SSTORE: 2100 + 20000 gas. The extra blocks cost under 1 gas of ink.
    let extra = cached_only.gas_left - flushed.gas_left;
    assert!((22_106..=22_110).contains(&extra), "{extra}");
}

#[test]
fn a_flush_without_enough_gas_is_out_of_ink() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let mut host = MockHost::default();
    let gas = entry_gas(&program) + 15_000;
    let outcome = call(
        &program,
        &mut host,
        &storage_calldata(1, word(1), word(7)),
        gas,
    );
    assert_eq!((outcome.status, outcome.gas_left), (Status::OutOfInk, 0));
}

#[test]
fn a_flush_in_a_static_context_fails() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let mut host = MockHost::default();
    let outcome = call_with(
        &program,
        &mut host,
        &storage_calldata(1, word(1), word(7)),
        1_000_000,
        true,
    );
    assert_eq!(outcome.status, Status::Failure);
    assert!(host.sstores.is_empty());
    // Reading is fine in a static context.
    let outcome = call_with(
        &program,
        &mut host,
        &storage_calldata(0, word(1), B256::ZERO),
        1_000_000,
        true,
    );
    assert_eq!(outcome.status, Status::Success);
}

#[test]
fn flush_with_clear_forgets_the_cache() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let mut host = MockHost::default();
    let outcome = call(
        &program,
        &mut host,
        &storage_calldata(4, word(1), word(7)),
        1_000_000,
    );
    assert_eq!(outcome.output, word(7).as_slice());
    // After the clear, the load went back to the EVM (slot now warm).
    assert!(host.warm_slots.contains(&word(1)));
}

#[test]
fn transient_storage_round_trips_and_is_refused_when_static() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "transient");
    let mut host = MockHost::default();
    let mut data = word(3).to_vec();
    data.extend_from_slice(word(8).as_slice());
    let outcome = call(&program, &mut host, &data, 1_000_000);
    assert_eq!(outcome.output, word(8).as_slice());
    assert_eq!(host.transient[&word(3)], word(8));
    let outcome = call_with(&program, &mut host, &data, 1_000_000, true);
    assert_eq!(outcome.status, Status::Failure);
}

fn call_calldata(op: u8, target: Address, value: U256, payload: &[u8]) -> Vec<u8> {
    let mut data = vec![op];
    data.extend_from_slice(target.as_slice());
    data.extend_from_slice(&value.to_be_bytes::<32>());
    data.extend_from_slice(payload);
    data
}

#[test]
fn calls_pass_63_64ths_of_the_gas_and_return_data() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let mut host = MockHost {
        call_handler: Some(Box::new(|_, _, input, _, gas| CallResult {
            status: FrameStatus::Success,
            output: [input, b"!"].concat(),
            gas_left: gas - 1000,
        })),
        ..MockHost::default()
    };
    let target = Address::repeat_byte(0x77);
    let outcome = call(
        &program,
        &mut host,
        &call_calldata(0, target, U256::ZERO, b"ping"),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.output[0], 0, "status 0 on success");
    assert_eq!(&outcome.output[1..5], &5u32.to_le_bytes());
    assert_eq!(&outcome.output[5..], b"ping!");
    let (kind, to, input, value, gas) = host.calls[0].clone();
    assert_eq!(
        (kind, to, input, value),
        (CallKind::Call, target, b"ping".to_vec(), U256::ZERO)
    );
    // The callee got (gas_left - 2600 cold access) * 63 / 64 at the time of the call.
    assert!(gas < (1_000_000 - entry_gas(&program) - 2600) * 63 / 64);
    // Before the call the program spent about 17 gas of ink (blocks, read_args, call base).
    assert!(gas > (1_000_000 - entry_gas(&program) - 2600 - 40) * 63 / 64);
    assert!(host.warm_accounts.contains(&target));
}

#[test]
fn value_calls_add_the_stipend_and_transfer_costs() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let target = Address::repeat_byte(0x77);
    let gas = 1_000_000;

    let mut plain = MockHost::default();
    call(
        &program,
        &mut plain,
        &call_calldata(0, target, U256::ZERO, b""),
        gas,
    );
    let mut valued = MockHost::default();
    call(
        &program,
        &mut valued,
        &call_calldata(0, target, U256::from(5), b""),
        gas,
    );
    let plain_gas = plain.calls[0].4;
    let valued_gas = valued.calls[0].4;
    // Value to an empty account: 9000 + 25000 more base cost, then the 2300 stipend.
    let expected = plain_gas - (34_000 * 63 / 64) + 2300;
    assert!(
        valued_gas.abs_diff(expected) <= 1,
        "{valued_gas} vs {expected}"
    );
    assert_eq!(valued.calls[0].3, U256::from(5));
}

#[test]
fn reverted_calls_return_status_2_with_their_revert_data() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let mut host = MockHost {
        call_handler: Some(Box::new(|_, _, _, _, gas| CallResult {
            status: FrameStatus::Revert,
            output: b"why".to_vec(),
            gas_left: gas,
        })),
        ..MockHost::default()
    };
    let outcome = call(
        &program,
        &mut host,
        &call_calldata(2, Address::repeat_byte(1), U256::ZERO, b""),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.output[0], 2);
    assert_eq!(&outcome.output[5..], b"why");
    assert_eq!(host.calls[0].0, CallKind::StaticCall);
}

#[test]
fn delegate_calls_carry_no_value() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let mut host = MockHost::default();
    let outcome = call(
        &program,
        &mut host,
        &call_calldata(1, Address::repeat_byte(1), U256::from(9), b"x"),
        1_000_000,
    );
    assert_eq!(outcome.output[0], 0);
    assert_eq!(host.calls[0].0, CallKind::DelegateCall);
    assert_eq!(host.calls[0].3, U256::ZERO);
}

#[test]
fn value_calls_fail_in_a_static_context_without_calling() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let mut host = MockHost::default();
    let outcome = call_with(
        &program,
        &mut host,
        &call_calldata(0, Address::repeat_byte(1), U256::from(1), b""),
        1_000_000,
        true,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.output[0], 2);
    assert!(host.calls.is_empty());
}

#[test]
fn a_program_can_call_another_program_through_the_host() {
    // The nested frame is a second Stylus program run by `execute` from inside the host's call,
    // as devnode-evm does: a wasmtime store inside a hostio of another store.
    let runtime = Runtime::new().unwrap();
    let caller = program(&runtime, "calls");
    let callee = program(&runtime, "echo");
    let mut host = MockHost::default();
    let callee_for_handler = callee.clone();
    host.call_handler = Some(Box::new(move |_, _, input, _, gas| {
        let mut inner = MockHost::default();
        let outcome = execute(
            &callee_for_handler,
            &mut inner,
            CallInput {
                calldata: input,
                gas,
                context: context(),
                is_static: false,
                cached: false,
                params: StylusParams::default(),
                trace: false,
            },
        );
        CallResult {
            status: match outcome.status {
                Status::Success => FrameStatus::Success,
                Status::Revert => FrameStatus::Revert,
                _ => FrameStatus::Halt,
            },
            output: outcome.output,
            gas_left: outcome.gas_left,
        }
    }));
    let outcome = call(
        &caller,
        &mut host,
        &call_calldata(0, Address::repeat_byte(2), U256::ZERO, b"hello"),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.output[0], 0);
    assert_eq!(&outcome.output[5..], b"hello");
}

fn log_calldata(topics: &[B256], data: &[u8]) -> Vec<u8> {
    let mut out = vec![topics.len() as u8];
    for topic in topics {
        out.extend_from_slice(topic.as_slice());
    }
    out.extend_from_slice(data);
    out
}

#[test]
fn logs_carry_topics_and_data() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "log");
    let mut host = MockHost::default();
    let topics = [word(1), word(2)];
    let outcome = call(
        &program,
        &mut host,
        &log_calldata(&topics, b"data"),
        1_000_000,
    );
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(host.logs, vec![(topics.to_vec(), b"data".to_vec())]);
}

#[test]
fn logs_cost_evm_log_gas() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "log");
    let mut host = MockHost::default();
    let gas = 1_000_000;
    let none = call(&program, &mut host, &log_calldata(&[], &[0; 32]), gas);
    let one = call(&program, &mut host, &log_calldata(&[word(1)], &[]), gas);
    // Same 33-byte calldata and log payload; one topic costs 375 more and 32 data bytes 256 less,
    // and read_args/emit_log read the same lengths.
    assert_eq!(none.gas_left - one.gas_left, 375 - 256);
}

#[test]
fn bad_topic_counts_and_static_logs_fail() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "log");
    let mut host = MockHost::default();
    let five = log_calldata(&[word(1); 5], b"");
    assert_eq!(
        call(&program, &mut host, &five, 1_000_000).status,
        Status::Failure
    );
    let short = vec![2u8; 33]; // claims 2 topics but has 32 bytes
    assert_eq!(
        call(&program, &mut host, &short, 1_000_000).status,
        Status::Failure
    );
    let ok = log_calldata(&[word(1)], b"");
    assert_eq!(
        call_with(&program, &mut host, &ok, 1_000_000, true).status,
        Status::Failure
    );
    assert!(host.logs.is_empty());
}

#[test]
fn context_hostios_return_the_frame_context() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "context");
    let mut host = MockHost::default();
    let ctx = context();
    let out = call(&program, &mut host, &[], 1_000_000).output;
    assert_eq!(&out[0..20], ctx.msg_sender.as_slice());
    assert_eq!(&out[20..40], ctx.contract_address.as_slice());
    assert_eq!(&out[40..60], ctx.tx_origin.as_slice());
    assert_eq!(&out[60..80], ctx.block_coinbase.as_slice());
    assert_eq!(&out[80..112], &ctx.msg_value.to_be_bytes::<32>());
    assert_eq!(&out[112..144], &ctx.block_basefee.to_be_bytes::<32>());
    assert_eq!(&out[144..176], &ctx.tx_gas_price.to_be_bytes::<32>());
    let u64_at = |i: usize| u64::from_le_bytes(out[i..i + 8].try_into().unwrap());
    assert_eq!(u64_at(176), 412_346);
    assert_eq!(u64_at(184), ctx.block_number);
    assert_eq!(u64_at(192), ctx.block_timestamp);
    assert_eq!(u64_at(200), ctx.block_gas_limit);
    assert_eq!(&out[208..212], &0u32.to_le_bytes());
    assert_eq!(&out[212..216], &10_000u32.to_le_bytes());
}

fn math(op: u8, a: U256, b: U256, c: U256) -> U256 {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "math");
    let mut host = MockHost::default();
    let mut data = vec![op];
    for v in [a, b, c] {
        data.extend_from_slice(&v.to_be_bytes::<32>());
    }
    let outcome = call(&program, &mut host, &data, 1_000_000);
    assert_eq!(outcome.status, Status::Success);
    U256::from_be_slice(&outcome.output)
}

#[test]
fn math_hostios_compute_256_bit_results() {
    let (a, b, m) = (U256::from(100), U256::from(7), U256::from(13));
    assert_eq!(math(0, a, b, m), U256::from(14));
    assert_eq!(
        math(0, a, U256::ZERO, m),
        U256::ZERO,
        "division by zero is 0"
    );
    assert_eq!(math(1, a, b, m), U256::from(2));
    assert_eq!(math(2, U256::from(2), U256::from(10), m), U256::from(1024));
    assert_eq!(
        math(3, U256::MAX, U256::from(2), m),
        (U256::MAX % m + U256::from(2)) % m
    );
    assert_eq!(
        math(4, U256::MAX, U256::MAX, m),
        U256::MAX.mul_mod(U256::MAX, m)
    );
    let mut preimage = a.to_be_bytes::<32>().to_vec();
    preimage.extend_from_slice(&b.to_be_bytes::<32>());
    assert_eq!(
        math(5, a, b, m),
        U256::from_be_bytes(keccak256(&preimage).0)
    );
}

#[test]
fn account_hostios_read_balance_code_and_hash() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "account");
    let mut host = MockHost::default();
    let who = Address::repeat_byte(0x42);
    host.balances.insert(who, U256::from(12345));
    host.codes.insert(who, b"0123456789".to_vec());
    let data = |op: u8| [&[op][..], who.as_slice()].concat();

    let out = call(&program, &mut host, &data(0), 1_000_000).output;
    assert_eq!(U256::from_be_slice(&out), U256::from(12345));
    let out = call(&program, &mut host, &data(1), 1_000_000).output;
    assert_eq!(out, keccak256(b"0123456789").as_slice());
    let out = call(&program, &mut host, &data(2), 1_000_000).output;
    assert_eq!(out, [10u32.to_le_bytes(), 10u32.to_le_bytes()].concat());
    let out = call(&program, &mut host, &data(3), 1_000_000).output;
    assert_eq!(out, b"12345678");
}

#[test]
fn a_second_code_lookup_of_the_same_address_is_free() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "account");
    let who = Address::repeat_byte(0x42);
    let mut host = MockHost::default();
    host.codes.insert(who, vec![1; 10]);
    let data = [&[2u8][..], who.as_slice()].concat();
    let gas = 1_000_000;
    let cold = call(&program, &mut host, &data, gas);
    let warm = call(&program, &mut host, &data, gas);
    // First frame: cold 2600 + 700 for the first lookup, 0 for the second (last-code cache).
    // Second frame: warm 100 + 700, then 0.
    assert_eq!(warm.gas_left - cold.gas_left, 2500);
}

fn create_calldata(op: u8, salt: B256, endowment: U256, code: &[u8]) -> Vec<u8> {
    let mut data = vec![op];
    data.extend_from_slice(salt.as_slice());
    data.extend_from_slice(&endowment.to_be_bytes::<32>());
    data.extend_from_slice(code);
    data
}

#[test]
fn create1_and_create2_report_the_new_address() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "create");
    let mut host = MockHost::default();
    let created = Address::repeat_byte(0xcc);
    host.create_reply = Some(CreateResult {
        address: Some(created),
        status: FrameStatus::Success,
        output: Vec::new(),
        gas_left: 0,
    });
    let out = call(
        &program,
        &mut host,
        &create_calldata(0, word(0), U256::from(3), b"init"),
        1_000_000,
    );
    assert_eq!(out.status, Status::Success);
    assert_eq!(&out.output[..20], created.as_slice());
    assert_eq!(&out.output[20..], &0u32.to_le_bytes());
    assert_eq!(host.creates[0].0, CreateKind::Create);
    assert_eq!(host.creates[0].1, b"init");
    assert_eq!(host.creates[0].2, U256::from(3));

    call(
        &program,
        &mut host,
        &create_calldata(1, word(5), U256::ZERO, b"init"),
        1_000_000,
    );
    assert_eq!(host.creates[1].0, CreateKind::Create2 { salt: word(5) });
}

#[test]
fn a_reverted_create_returns_zero_and_its_revert_data() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "create");
    let mut host = MockHost {
        create_reply: Some(CreateResult {
            address: None,
            status: FrameStatus::Revert,
            output: b"bad".to_vec(),
            gas_left: 0,
        }),
        ..MockHost::default()
    };
    let out = call(
        &program,
        &mut host,
        &create_calldata(0, word(0), U256::ZERO, b"x"),
        1_000_000,
    );
    assert_eq!(&out.output[..20], Address::ZERO.as_slice());
    assert_eq!(&out.output[20..], &3u32.to_le_bytes());
}

#[test]
fn create_in_a_static_context_fails() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "create");
    let mut host = MockHost::default();
    let out = call_with(
        &program,
        &mut host,
        &create_calldata(0, word(0), U256::ZERO, b"x"),
        1_000_000,
        true,
    );
    assert_eq!(out.status, Status::Failure);
    assert!(host.creates.is_empty());
}

#[test]
fn a_call_whose_access_cost_exceeds_the_gas_fails_and_spends_it() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let mut host = MockHost::default();
    // Enough for entry and the work before the call, not for the 2600 cold access.
    let gas = entry_gas(&program) + 2000;
    let outcome = call(
        &program,
        &mut host,
        &call_calldata(0, Address::repeat_byte(3), U256::ZERO, b""),
        gas,
    );
    // Nitro charges all the gas left at the call (status 2, no callee frame); the hostios after
    // it then cannot be paid.
    assert!(host.calls.is_empty());
    assert!(host.warm_accounts.contains(&Address::repeat_byte(3)));
    assert_eq!((outcome.status, outcome.gas_left), (Status::OutOfInk, 0));
}

#[test]
fn console_logs_reach_the_host_on_a_debug_chain() {
    let runtime = Runtime::new().unwrap();
    let wasm = wat::parse_str(
        r#"(module
            (import "console" "log_txt" (func $log (param i32 i32)))
            (memory (export "memory") 1 1)
            (data (i32.const 0) "hello")
            (func (export "user_entrypoint") (param i32) (result i32)
              (call $log (i32.const 0) (i32.const 5))
              i32.const 0))"#,
    )
    .unwrap();
    let (_, program) = runtime
        .activate(&wasm, &StylusParams::default(), true, u64::MAX)
        .unwrap();
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, &[], 1_000_000);
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(host.console, vec!["hello".to_owned()]);
}
