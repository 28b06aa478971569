//! Outcomes as Nitro tells them apart, and exact gas for small programs computed by hand from
//! Nitro's tables.

mod common;

use common::{call, program, MockHost};
use devnode_stylus::{execute, CallInput, Runtime, Status, StylusParams};

/// Entry gas of a program not in the init cache, version 2:
/// `cached_gas + init_gas` = `11*32 + ceil(cached*100/100)` + `69*128 + ceil(init*100/100)`,
/// the footprint of 1 page being inside the 2 free pages.
fn entry_gas(program: &devnode_stylus::Program) -> u64 {
    let info = program.info();
    352 + u64::from(info.cached_init_cost) + 8832 + u64::from(info.init_cost)
}

#[test]
fn minimal_program_costs_exactly_entry_plus_one_block() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "minimal");
    let info = program.info();
    // minimal.wat is 65 bytes: init = 8 + 2 + 65*1286/10000 (= 8) = 18; cached = 11.
    assert_eq!((info.init_cost, info.cached_init_cost), (18, 11));
    let entry = 352 + 11 + 8832 + 18;
    assert_eq!(entry_gas(&program), entry);

    let mut host = MockHost::default();
    let gas = 100_000;
    let outcome = call(&program, &mut host, &[], gas);
    assert_eq!(outcome.status, Status::Success);
    assert!(outcome.output.is_empty());
    // One basic block: i32.const (1) + end (1) + header 2450 = 2452 ink; a partial gas is lost:
    // (gas - entry) * 10000 - 2452 ink leaves gas - entry - 1 whole gas.
    assert_eq!(outcome.gas_left, gas - entry - 1);
}

#[test]
fn echo_costs_exactly_its_blocks_and_hostios() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "echo");
    let entry = entry_gas(&program);
    let mut host = MockHost::default();
    let gas = 1_000_000;
    let outcome = call(&program, &mut host, b"abcd", gas);
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.output, b"abcd");
    // Blocks (ops + 2450 header each):
    //   [i32.const 1, call 3800]                  -> 6251
    //   [i32.const 1, local.get 75, call 3800]    -> 6326
    //   [i32.const 1, end 1]                      -> 2452
    // Hostios: read_args 8400 + write_price(4) 5040; write_result 8400 + 2 * read_price(4)
    //   (2 * 16381) -> 54602.
    // Total 69631 ink -> 6.96 gas, so 7 whole gas are gone. The 4 output bytes cost one EVM
    // memory word (3 gas), less than what is left, so they change nothing.
    let ink = 6251 + 6326 + 2452 + 8400 + 5040 + 8400 + 2 * 16_381;
    assert_eq!(ink, 69_631);
    assert_eq!(outcome.gas_left, gas - entry - 7);
}

#[test]
fn cached_programs_pay_only_the_cached_entry_gas() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "minimal");
    let mut host = MockHost::default();
    let gas = 50_000;
    let outcome = execute(
        &program,
        &mut host,
        CallInput {
            calldata: &[],
            gas,
            context: common::context(),
            is_static: false,
            cached: true,
            params: StylusParams::default(),
            trace: false,
        },
    );
    // 352 + 11 cached gas, then one 2452-ink block.
    assert_eq!(outcome.gas_left, gas - 363 - 1);
}

#[test]
fn an_unaffordable_entry_is_out_of_gas() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "minimal");
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, &[], entry_gas(&program) - 1);
    assert_eq!(outcome.status, Status::OutOfInk);
    assert_eq!(outcome.gas_left, 0);
    // No pages were opened.
    assert_eq!(host.pages.ever, 0);
}

#[test]
fn pages_are_opened_for_the_call_and_closed_after() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "minimal");
    let mut host = MockHost::default();
    host.pages.open = 2;
    host.pages.ever = 2;
    let gas = 100_000;
    let outcome = call(&program, &mut host, &[], gas);
    // A third page is beyond the 2 free ones: 1000 gas linear, ramp exp(3) - exp(2) = 0.
    assert_eq!(outcome.gas_left, gas - entry_gas(&program) - 1000 - 1);
    assert_eq!(host.pages.open, 2);
    assert_eq!(host.pages.ever, 3);
}

#[test]
fn a_nonzero_entrypoint_status_reverts_with_the_output() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "revert");
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, b"nope", 1_000_000);
    assert_eq!(outcome.status, Status::Revert);
    assert_eq!(outcome.output, b"nope");
    // Same work as echo: revert keeps the unused gas.
    assert_eq!(outcome.gas_left, 1_000_000 - entry_gas(&program) - 7);
}

#[test]
fn a_trap_fails_without_output_and_keeps_unused_gas() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "trap");
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, &[], 1_000_000);
    assert_eq!(outcome.status, Status::Failure);
    assert!(outcome.output.is_empty());
    assert!(outcome.gas_left > 900_000);
    assert!(outcome.error.is_some());
}

#[test]
fn a_bad_pointer_fails_the_program() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "bad_pointer");
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, &[1u8; 16], 1_000_000);
    assert_eq!(outcome.status, Status::Failure);
    assert!(outcome.output.is_empty());
}

#[test]
fn exit_early_ends_with_the_given_status() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "exit_early");
    let mut host = MockHost::default();
    let ok = call(&program, &mut host, &[0, 9], 1_000_000);
    assert_eq!((ok.status, ok.output), (Status::Success, vec![0, 9]));
    let reverted = call(&program, &mut host, &[3, 9], 1_000_000);
    assert_eq!(
        (reverted.status, reverted.output),
        (Status::Revert, vec![3, 9])
    );
}

#[test]
fn an_endless_loop_runs_out_of_ink_and_spends_everything() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "spin");
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, &[], 200_000);
    assert_eq!(outcome.status, Status::OutOfInk);
    assert_eq!(outcome.gas_left, 0);
}

#[test]
fn unbounded_recursion_hits_the_stack_limit() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "recurse");
    let mut host = MockHost::default();
    let outcome = call(&program, &mut host, &[], 30_000_000);
    assert_eq!(outcome.status, Status::OutOfStack);
    assert_eq!(outcome.gas_left, 0);
}

#[test]
fn memory_fill_is_charged_per_byte() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "fill");
    let mut host = MockHost::default();
    let gas = 10_000_000;
    let small = call(&program, &mut host, &0u32.to_le_bytes(), gas);
    let large = call(&program, &mut host, &10_000u32.to_le_bytes(), gas);
    assert_eq!(small.status, Status::Success);
    assert_eq!(large.status, Status::Success);
    // 10,000 bytes at 100 ink each = 1,000,000 ink = exactly 100 gas more.
    assert_eq!(small.gas_left - large.gas_left, 100);
}

#[test]
fn memory_grow_pays_for_pages() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "grow");
    let mut host = MockHost::default();
    let gas = 10_000_000;
    let none = call(&program, &mut host, &[0], gas);
    let three = call(&program, &mut host, &[3], gas);
    assert_eq!(none.output, 1u32.to_le_bytes());
    assert_eq!(three.output, 4u32.to_le_bytes());
    // Growing 3 pages with 1 open: pages 2..4 -> 2 beyond the free 2 = 2000 gas, ramp
    // exp(4) - exp(1) = 0. pay_for_memory_grow(0) instead buys the 8400-ink hostio base, which a
    // non-zero grow does not (as in Nitro): 2000 * 10000 - 8400 ink apart, 1999 or 2000 whole gas
    // depending on where the remainders fall.
    let diff = none.gas_left - three.gas_left;
    assert!(diff == 1999 || diff == 2000, "{diff}");
    // Beyond 128 pages the ramp table ends: the price is infinite and the program is out of ink
    // before memory.grow runs.
    let huge = call(&program, &mut host, &[200], gas);
    assert_eq!((huge.status, huge.gas_left), (Status::OutOfInk, 0));
}

#[test]
fn gas_left_hostios_report_the_meter() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "gas_left");
    let mut host = MockHost::default();
    let gas = 1_000_000;
    let outcome = call(&program, &mut host, &[], gas);
    let gas_seen = u64::from_le_bytes(outcome.output[..8].try_into().unwrap());
    let ink_seen = u64::from_le_bytes(outcome.output[8..16].try_into().unwrap());
    assert!(gas_seen < gas - entry_gas(&program));
    // Between the two reads: the i64.store and call blocks and one 8400-ink hostio.
    assert!(ink_seen < gas_seen * 10_000);
    assert!(gas_seen * 10_000 - ink_seen < 30_000);
}

fn call_with_depth(program: &devnode_stylus::Program, max_stack_depth: u32) -> Status {
    let mut host = MockHost::default();
    let params = StylusParams {
        max_stack_depth,
        ..StylusParams::default()
    };
    execute(
        program,
        &mut host,
        CallInput {
            calldata: &[],
            gas: 1_000_000,
            context: common::context(),
            is_static: false,
            cached: false,
            params,
            trace: false,
        },
    )
    .status
}

#[test]
fn the_depth_checker_charges_each_frame_against_the_stack_budget() {
    let runtime = Runtime::new().unwrap();
    let program = program(&runtime, "minimal");
    // minimal's frame: the ink header pushes 2 values at most, no locals, 4 words of overhead
    // = 6 words. Nitro traps when the space left is <= the frame size.
    assert_eq!(call_with_depth(&program, 6), Status::OutOfStack);
    assert_eq!(call_with_depth(&program, 7), Status::Success);
}
