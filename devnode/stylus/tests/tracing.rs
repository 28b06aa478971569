//! Hostio tracing: Nitro's records (names, args, outs, ink before and after), frame markers,
//! and how the ink in a trace adds up to the gas a call used.

mod common;

use alloy_primitives::{Address, B256, U256};
use common::{call, call_traced, program, MockHost};
use devnode_stylus::{gas_to_ink, HostioRecord, Runtime, Status, DEFAULT_INK_PRICE};

fn names(records: &[HostioRecord]) -> Vec<&'static str> {
    records.iter().map(|r| r.name).collect()
}

fn storage_write(key: B256, value: B256) -> Vec<u8> {
    [&[1u8][..], key.as_slice(), value.as_slice()].concat()
}

/// Every record costs what it says, and ink only falls from one record to the next (the WASM
/// between two hostios pays too).
fn assert_ink_falls(records: &[HostioRecord]) {
    for record in records {
        assert!(record.start_ink >= record.end_ink, "{record:?}");
    }
    for pair in records.windows(2) {
        assert!(pair[0].end_ink >= pair[1].start_ink, "{pair:?}");
    }
}

#[test]
fn a_traced_storage_write_records_each_hostio_as_nitro_names_it() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let (key, value) = (B256::with_last_byte(5), B256::with_last_byte(0x99));
    let calldata = storage_write(key, value);
    let outcome = call_traced(&program, &mut MockHost::default(), &calldata, 1_000_000);
    assert_eq!(outcome.status, Status::Success);
    let trace = outcome.trace.expect("a traced call returns its trace");
    let records = &trace.records;
    assert_eq!(
        names(records),
        [
            "user_entrypoint",
            "read_args",
            "storage_cache_bytes32",
            "storage_flush_cache",
            "user_returned"
        ]
    );
    assert_eq!(records[0].args, (calldata.len() as u32).to_be_bytes());
    assert_eq!(records[0].start_ink, trace.start_ink);
    assert_eq!(records[1].outs, calldata);
    assert_eq!(records[2].args, [key.as_slice(), value.as_slice()].concat());
    assert_eq!(records[3].args, [0u8]);
    assert_eq!(records[4].outs, 0u32.to_be_bytes());
    assert_eq!(records[4].end_ink, trace.end_ink);
    assert_ink_falls(records);
    // The flush pays the SSTORE: 2,100 cold + 20,000 for a zero slot made non-zero.
    let sstore_ink = gas_to_ink(22_100, DEFAULT_INK_PRICE);
    assert!(records[3].ink() > sstore_ink, "{:?}", records[3]);
    assert!(records[3].ink() < sstore_ink + gas_to_ink(100, DEFAULT_INK_PRICE));
}

#[test]
fn the_gas_a_call_used_is_its_entry_plus_its_ink() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let calldata = storage_write(B256::with_last_byte(1), B256::with_last_byte(2));
    let gas = 1_000_000;
    let outcome = call_traced(&program, &mut MockHost::default(), &calldata, gas);
    let trace = outcome.trace.expect("traced");
    // Uncached: memory footprint (inside the free pages), cached and full init gas.
    let info = program.info();
    assert_eq!(trace.entry.memory, 0);
    assert!(trace.entry.cached > u64::from(info.cached_init_cost));
    assert!(trace.entry.init > u64::from(info.init_cost));
    assert_eq!(
        trace.start_ink,
        gas_to_ink(gas - trace.entry.total(), trace.ink_price)
    );
    let ink_gas = trace.ink_used().div_ceil(u64::from(trace.ink_price));
    assert_eq!(gas - outcome.gas_left, trace.entry.total() + ink_gas);
    // The hostios are most of it, but the WASM between them costs ink too.
    assert!(trace.hostio_ink() < trace.ink_used());
    assert!(trace.hostio_ink() > trace.ink_used() / 2);
}

#[test]
fn an_untraced_call_has_no_trace_and_the_same_gas() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "storage");
    let calldata = storage_write(B256::with_last_byte(1), B256::with_last_byte(2));
    let plain = call(&program, &mut MockHost::default(), &calldata, 1_000_000);
    let traced = call_traced(&program, &mut MockHost::default(), &calldata, 1_000_000);
    assert_eq!(plain.trace, None);
    assert_eq!(plain.gas_left, traced.gas_left, "tracing costs no gas");
}

#[test]
fn a_call_record_carries_nitros_args_and_outs() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "calls");
    let target = Address::repeat_byte(0x77);
    let mut calldata = vec![0u8];
    calldata.extend_from_slice(target.as_slice());
    calldata.extend_from_slice(&U256::from(3).to_be_bytes::<32>());
    calldata.extend_from_slice(b"ping");
    let outcome = call_traced(&program, &mut MockHost::default(), &calldata, 1_000_000);
    let trace = outcome.trace.expect("traced");
    let records = &trace.records;
    assert_eq!(
        names(records),
        [
            "user_entrypoint",
            "read_args",
            "call_contract",
            "return_data_size",
            "read_return_data",
            "write_result",
            "user_returned"
        ]
    );
    // Address, the gas asked for (u64::MAX), the value, the calldata; return length and status.
    let call = &records[2];
    let expected_args = [
        target.as_slice(),
        &u64::MAX.to_be_bytes(),
        &U256::from(3).to_be_bytes::<32>(),
        b"ping",
    ]
    .concat();
    assert_eq!(call.args, expected_args);
    assert_eq!(call.outs, [0, 0, 0, 0, 0]);
    assert_eq!(
        call.address, None,
        "the mock host keeps no trace of the callee"
    );
    assert_ink_falls(records);
}

#[test]
fn exit_early_is_recorded_and_ends_the_trace() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "exit_early");
    let outcome = call_traced(&program, &mut MockHost::default(), &[3, 9], 1_000_000);
    assert_eq!(outcome.status, Status::Revert);
    let records = outcome.trace.expect("traced").records;
    assert_eq!(
        names(&records),
        ["user_entrypoint", "read_args", "write_result", "exit_early"]
    );
    assert_eq!(records[2].args, [3, 9]);
    assert_eq!(records[3].args, 3u32.to_be_bytes());
}
