//! Nitro's activation rules, checked on our own build output (see `../shared/DEVNODE.md`).
//!
//! This is a build-time gate, not the devnode's activation: it refuses anything Nitro would refuse
//! for a module produced by our toolchain, so a change of compiler or flags cannot ship a contract
//! that fails to activate.

use wasmparser::{ExternalKind, Operator, Parser, Payload, TypeRef, Validator, WasmFeatures};

/// What a module that passed the checks looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFacts {
    /// Initial memory, in 64 KiB pages: what every call pays for.
    pub memory_pages: u64,
    /// Number of defined functions.
    pub functions: u32,
    /// Host functions imported from `vm_hooks`.
    pub imports: Vec<String>,
}

/// Nitro's structural limits.
const MAX_PAGES: u64 = 128;
const MAX_FUNCTIONS: u32 = 4096;
const MAX_DATA_SEGMENTS: u32 = 128;
const MAX_EXPORTS: u32 = 1024;
const MAX_LOCALS: u32 = 348;
const MAX_OPS_PER_FUNCTION: usize = 65_536;

/// The WebAssembly features Nitro enables; everything else (reference types, SIMD, threads,
/// tail calls, exceptions, memory64, multi-memory, GC) is refused.
fn nitro_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::FLOATS
}

/// Checks `wasm` against Nitro's activation rules; `Err` carries the first rule broken.
pub fn check_module(wasm: &[u8]) -> Result<ModuleFacts, String> {
    Validator::new_with_features(nitro_features())
        .validate_all(wasm)
        .map_err(|e| format!("invalid module: {e}"))?;

    let mut facts = ModuleFacts {
        memory_pages: 0,
        functions: 0,
        imports: Vec::new(),
    };
    let (mut memories, mut exports, mut has_entrypoint, mut has_memory_export, mut grows) =
        (0, 0, false, false, false);
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| e.to_string())? {
            Payload::StartSection { .. } => return Err("a start function is not allowed".into()),
            Payload::ImportSection(imports) => {
                for import in imports {
                    let import = import.map_err(|e| e.to_string())?;
                    if import.module != "vm_hooks" {
                        return Err(format!(
                            "import `{}::{}` is not from vm_hooks",
                            import.module, import.name
                        ));
                    }
                    if !matches!(import.ty, TypeRef::Func(_)) {
                        return Err(format!("import `{}` is not a function", import.name));
                    }
                    facts.imports.push(import.name.to_string());
                }
            }
            Payload::MemorySection(section) => {
                for memory in section {
                    memories += 1;
                    facts.memory_pages = memory.map_err(|e| e.to_string())?.initial;
                }
            }
            Payload::ExportSection(section) => {
                for export in section {
                    let export = export.map_err(|e| e.to_string())?;
                    exports += 1;
                    match (export.name, export.kind) {
                        ("user_entrypoint", ExternalKind::Func) => has_entrypoint = true,
                        ("memory", ExternalKind::Memory) => has_memory_export = true,
                        _ => {}
                    }
                }
            }
            Payload::DataSection(section) if section.count() > MAX_DATA_SEGMENTS => {
                return Err(format!(
                    "{} data segments, limit {MAX_DATA_SEGMENTS}",
                    section.count()
                ));
            }
            Payload::CodeSectionEntry(body) => {
                facts.functions += 1;
                let locals: u32 = body
                    .get_locals_reader()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .map(|l| l.map(|(count, _)| count))
                    .sum::<Result<u32, _>>()
                    .map_err(|e| e.to_string())?;
                if locals > MAX_LOCALS {
                    return Err(format!(
                        "function {} has {locals} locals, limit {MAX_LOCALS}",
                        facts.functions
                    ));
                }
                let mut ops = 0usize;
                let mut reader = body.get_operators_reader().map_err(|e| e.to_string())?;
                while !reader.eof() {
                    let op = reader.read().map_err(|e| e.to_string())?;
                    ops += 1;
                    if matches!(op, Operator::MemoryGrow { .. }) {
                        grows = true;
                    }
                    if is_float(&op) {
                        return Err(format!(
                            "float instruction {op:?} in function {}",
                            facts.functions
                        ));
                    }
                }
                if ops > MAX_OPS_PER_FUNCTION {
                    return Err(format!(
                        "function {} has {ops} operators, limit {MAX_OPS_PER_FUNCTION}",
                        facts.functions
                    ));
                }
            }
            _ => {}
        }
    }
    if memories != 1 || !has_memory_export {
        return Err("exactly one memory, exported as `memory`, is required".into());
    }
    if !has_entrypoint {
        return Err("`user_entrypoint` is not exported".into());
    }
    if facts.memory_pages > MAX_PAGES {
        return Err(format!(
            "{} initial memory pages, limit {MAX_PAGES}",
            facts.memory_pages
        ));
    }
    if facts.functions > MAX_FUNCTIONS {
        return Err(format!(
            "{} functions, limit {MAX_FUNCTIONS}",
            facts.functions
        ));
    }
    if exports > MAX_EXPORTS {
        return Err(format!("{exports} exports, limit {MAX_EXPORTS}"));
    }
    if grows && !facts.imports.iter().any(|i| i == "pay_for_memory_grow") {
        return Err("memory.grow is used but `pay_for_memory_grow` is not imported".into());
    }
    Ok(facts)
}

/// Float instructions validate on Nitro but cost unaffordable ink, so a module using one is
/// broken in practice. Every such operator names an `F32` or `F64` type.
fn is_float(op: &Operator<'_>) -> bool {
    let name = format!("{op:?}");
    let name = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    name.contains("F32") || name.contains("F64")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (module (memory (export "memory") 1) (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))
    const MINIMAL: &[u8] = &[
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type: (i32) -> i32
        0x03, 0x02, 0x01, 0x00, // func 0: type 0
        0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1
        0x07, 0x1c, 0x02, // two exports
        0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00, // "memory" memory 0
        0x0f, b'u', b's', b'e', b'r', b'_', b'e', b'n', b't', b'r', b'y', b'p', b'o', b'i', b'n',
        b't', 0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00,
        0x0b, // code: i32.const 0; end
    ];

    #[test]
    fn a_minimal_stylus_module_passes() {
        let facts = check_module(MINIMAL).expect("minimal module is valid");
        assert_eq!(facts.memory_pages, 1);
        assert_eq!(facts.functions, 1);
    }

    #[test]
    fn a_module_without_the_entrypoint_is_refused() {
        let mut wasm = MINIMAL.to_vec();
        let at = wasm
            .windows(4)
            .position(|w| w == b"user")
            .expect("export name present");
        wasm[at] = b'x';
        assert!(check_module(&wasm).unwrap_err().contains("user_entrypoint"));
    }

    #[test]
    fn a_float_instruction_is_refused() {
        // Replace `i32.const 0` (2 bytes) + end with `f32.const 0` would change sizes; instead use a
        // body `f32.const 0.0; drop; i32.const 0` in a fresh code section.
        let mut wasm = MINIMAL[..MINIMAL.len() - 8].to_vec();
        wasm.extend_from_slice(&[
            0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x43, 0, 0, 0, 0, 0x1a, 0x41, 0x00, 0x0b,
        ]);
        assert!(check_module(&wasm).unwrap_err().contains("float"));
    }

    #[test]
    fn an_overlong_call_indirect_table_index_is_refused() {
        // Type (i32)->i32, a table, and `local.get 0; i32.const 0; call_indirect type 0 table 0x80 0x00`.
        let wasm: &[u8] = &[
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, //
            0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, //
            0x03, 0x02, 0x01, 0x00, //
            0x04, 0x04, 0x01, 0x70, 0x00, 0x01, // table funcref min 1
            0x05, 0x03, 0x01, 0x00, 0x01, //
            0x07, 0x1c, 0x02, //
            0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00, //
            0x0f, b'u', b's', b'e', b'r', b'_', b'e', b'n', b't', b'r', b'y', b'p', b'o', b'i',
            b'n', b't', 0x00, 0x00, 0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x20, 0x00, 0x41, 0x00, 0x11,
            0x00, 0x80, 0x00, 0x0b,
        ];
        let err = check_module(wasm).unwrap_err();
        assert!(err.contains("zero byte expected"), "{err}");
    }
}
