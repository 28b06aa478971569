//! Activation: Nitro's rejections and the facts recorded for accepted programs.

mod common;

use devnode_stylus::{activate, compress_wasm, ActivationError, CodeError, Runtime, StylusParams};

fn params() -> StylusParams {
    StylusParams::default()
}

fn activate_wat(wat: &str) -> Result<devnode_stylus::Activation, ActivationError> {
    let wasm = wat::parse_str(wat).expect("test module must assemble");
    activate(&wasm, &params(), false, u64::MAX)
}

const ENTRY: &str = r#"(func (export "user_entrypoint") (param i32) (result i32) i32.const 0)"#;

#[test]
fn minimal_program_activates_with_nitro_costs() {
    let wasm = common::fixture("minimal");
    let activation = activate(&wasm, &params(), false, u64::MAX).unwrap();
    let info = activation.info;
    assert_eq!(info.footprint, 1);
    assert_eq!(info.version, 2);
    // cached: funcs 1*13420/1e5 = 0, type_len 2*89/1e5 = 0, wasm_len*122/1e5 = 0 (< 820 bytes),
    // globals (0 + 4 added) * 1628/1000 = 6, data 0, footprint 1 * 5 = 5  -> 11.
    assert_eq!(info.cached_init_cost, 11);
    // init: 1*8252/1000 = 8, 2*1059/1000 = 2, wasm_len*1286/10000.
    let len = wasm.len() as u64;
    assert_eq!(u64::from(info.init_cost), 8 + 2 + len * 1286 / 10_000);
    // asm: 512000 + 996 + 22 + wasm_len*62628/10000.
    assert_eq!(
        info.asm_estimate,
        512_000 + 996 + 22 + (wasm.len() as u32) * 62_628 / 10_000
    );
    assert!(activation.gas_used > 0);
}

#[test]
fn compressed_code_activates_to_the_same_module() {
    let wasm = common::fixture("echo");
    let from_wasm = activate(&wasm, &params(), false, u64::MAX).unwrap();
    let from_code = activate(&compress_wasm(&wasm), &params(), false, u64::MAX).unwrap();
    assert_eq!(from_wasm.info, from_code.info);
}

#[test]
fn activation_runs_out_of_gas_on_a_small_budget() {
    let wasm = common::fixture("storage");
    let needed = activate(&wasm, &params(), false, u64::MAX)
        .unwrap()
        .gas_used;
    assert_eq!(
        activate(&wasm, &params(), false, needed - 1),
        Err(ActivationError::OutOfGas)
    );
    assert_eq!(
        activate(&wasm, &params(), false, needed).unwrap().gas_used,
        needed
    );
}

#[test]
fn code_that_is_not_stylus_is_refused() {
    assert!(matches!(
        activate(&[0xEF, 0x00, 0x01], &params(), false, u64::MAX),
        Err(ActivationError::Code(CodeError::NotStylus))
    ));
}

#[test]
fn oversized_wasm_is_refused() {
    let mut small = params();
    small.max_wasm_size = 16;
    let wasm = common::fixture("minimal");
    assert!(matches!(
        activate(&compress_wasm(&wasm), &small, false, u64::MAX),
        Err(ActivationError::Code(CodeError::TooLarge { limit: 16 }))
    ));
}

#[test]
fn reference_types_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY}
            (func (drop (ref.null extern))))"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Validation(_))),
        "{result:?}"
    );
}

#[test]
fn simd_is_rejected() {
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY}
            (func (drop (v128.const i64x2 0 0))))"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Validation(_))),
        "{result:?}"
    );
}

#[test]
fn float_operators_validate_but_cannot_be_afforded() {
    let runtime = Runtime::new().unwrap();
    let program = common::program(&runtime, "float");
    let mut host = common::MockHost::default();
    let outcome = common::call(&program, &mut host, &[], 1_000_000);
    assert_eq!(outcome.status, devnode_stylus::Status::OutOfInk);
    assert_eq!(outcome.gas_left, 0);
}

#[test]
fn start_functions_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY}
            (func $s) (start $s))"#
    ));
    assert_eq!(result, Err(ActivationError::StartFunction));
}

#[test]
fn unknown_import_modules_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (import "env" "abort" (func)) (memory (export "memory") 1 1) {ENTRY})"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Import(_))),
        "{result:?}"
    );
}

#[test]
fn unknown_hostios_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (import "vm_hooks" "steal_funds" (func)) (memory (export "memory") 1 1) {ENTRY})"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Import(_))),
        "{result:?}"
    );
}

#[test]
fn hostios_with_the_wrong_type_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (import "vm_hooks" "read_args" (func (param i64)))
            (memory (export "memory") 1 1) {ENTRY})"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Import(_))),
        "{result:?}"
    );
}

#[test]
fn console_imports_need_a_debug_chain() {
    let wat = format!(
        r#"(module (import "console" "log_i32" (func (param i32)))
            (memory (export "memory") 1 1) {ENTRY})"#
    );
    assert!(matches!(
        activate_wat(&wat),
        Err(ActivationError::Import(_))
    ));
    let wasm = wat::parse_str(&wat).unwrap();
    assert!(activate(&wasm, &params(), true, u64::MAX).is_ok());
}

#[test]
fn a_missing_entrypoint_is_rejected() {
    let result = activate_wat(
        r#"(module (memory (export "memory") 1 1)
            (func (export "main") (param i32) (result i32) i32.const 0))"#,
    );
    assert!(
        matches!(result, Err(ActivationError::Export(_))),
        "{result:?}"
    );
}

#[test]
fn an_entrypoint_of_the_wrong_type_is_rejected() {
    let result = activate_wat(
        r#"(module (memory (export "memory") 1 1)
            (func (export "user_entrypoint") (param i64) (result i32) i32.const 0))"#,
    );
    assert!(
        matches!(result, Err(ActivationError::Export(_))),
        "{result:?}"
    );
}

#[test]
fn reserved_export_names_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY}
            (global (export "stylus_ink_left") (mut i64) (i64.const 0)))"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Export(_))),
        "{result:?}"
    );
}

#[test]
fn a_memory_not_exported_as_memory_is_rejected() {
    let result = activate_wat(&format!(r#"(module (memory (export "mem") 1 1) {ENTRY})"#));
    assert!(
        matches!(result, Err(ActivationError::Memory(_))),
        "{result:?}"
    );
    let result = activate_wat(&format!(r#"(module {ENTRY})"#));
    assert!(
        matches!(result, Err(ActivationError::Memory(_))),
        "{result:?}"
    );
}

#[test]
fn memories_beyond_the_page_limit_are_rejected() {
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 129 129) {ENTRY})"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Memory(_))),
        "{result:?}"
    );
    assert!(activate_wat(&format!(
        r#"(module (memory (export "memory") 128 128) {ENTRY})"#
    ))
    .is_ok());
}

#[test]
fn growable_memory_needs_pay_for_memory_grow() {
    let result = activate_wat(&format!(r#"(module (memory (export "memory") 1) {ENTRY})"#));
    assert!(
        matches!(result, Err(ActivationError::Import(_))),
        "{result:?}"
    );
    assert!(activate_wat(&format!(
        r#"(module (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
            (memory (export "memory") 1) {ENTRY})"#
    ))
    .is_ok());
}

#[test]
fn too_many_locals_are_rejected() {
    let locals = "(local i32) ".repeat(349);
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY} (func {locals}))"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Limit(_))),
        "{result:?}"
    );
}

/// A module whose only function does `call_indirect (type 1)` with the table index encoded as
/// `index_bytes`. Hand-assembled because text assemblers always emit the canonical encoding.
fn call_indirect_module(index_bytes: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x41, 0x00, 0x11, 0x01];
    body.extend_from_slice(index_bytes);
    body.extend_from_slice(&[0x41, 0x00, 0x0b]);
    let mut code = vec![0x01, body.len() as u8];
    code.extend_from_slice(&body);

    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    // types: (i32) -> i32, () -> ()
    wasm.extend_from_slice(&[
        0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00,
    ]);
    // one function of type 0
    wasm.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]);
    // a funcref table with one slot
    wasm.extend_from_slice(&[0x04, 0x04, 0x01, 0x70, 0x00, 0x01]);
    // memory 1..1
    wasm.extend_from_slice(&[0x05, 0x04, 0x01, 0x01, 0x01, 0x01]);
    // exports: memory, user_entrypoint
    wasm.extend_from_slice(&[0x07, 0x1c, 0x02, 0x06]);
    wasm.extend_from_slice(b"memory");
    wasm.extend_from_slice(&[0x02, 0x00, 0x0f]);
    wasm.extend_from_slice(b"user_entrypoint");
    wasm.extend_from_slice(&[0x00, 0x00]);
    wasm.push(0x0a);
    wasm.push(code.len() as u8);
    wasm.extend_from_slice(&code);
    wasm
}

#[test]
fn the_padded_call_indirect_encoding_is_rejected() {
    let canonical = call_indirect_module(&[0x00]);
    assert!(activate(&canonical, &params(), false, u64::MAX).is_ok());
    let padded = call_indirect_module(&[0x80, 0x00]);
    match activate(&padded, &params(), false, u64::MAX) {
        Err(ActivationError::Validation(msg)) => {
            assert!(msg.contains("zero byte expected"), "{msg}")
        }
        other => panic!("padded call_indirect must fail validation, got {other:?}"),
    }
}

#[test]
fn memory_init_cannot_be_instrumented() {
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY}
            (data $d "hi")
            (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 2))))"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Instrumentation(_))),
        "{result:?}"
    );
}

#[test]
fn runtime_caches_programs_by_module_hash() {
    let runtime = Runtime::new().unwrap();
    let wasm = common::fixture("echo");
    let (activation, program) = runtime
        .activate(&compress_wasm(&wasm), &params(), false, u64::MAX)
        .unwrap();
    assert_eq!(runtime.cached_programs(), 1);
    assert_eq!(program.module_hash(), activation.info.module_hash);
    let again = runtime
        .load(&compress_wasm(&wasm), &params(), false)
        .unwrap();
    assert_eq!(again.module_hash(), program.module_hash());
    assert_eq!(runtime.cached_programs(), 1);
    assert!(runtime.program(&activation.info.module_hash).is_some());
}

#[test]
fn functions_holding_too_many_values_at_once_are_rejected() {
    let pushes = "i32.const 0 ".repeat(4097);
    let drops = "drop ".repeat(4097);
    let result = activate_wat(&format!(
        r#"(module (memory (export "memory") 1 1) {ENTRY} (func {pushes} {drops}))"#
    ));
    assert!(
        matches!(result, Err(ActivationError::Limit(_))),
        "{result:?}"
    );
}
