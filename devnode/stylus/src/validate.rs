//! Nitro's structural checks on a user module (`parse_user` and `parse_with_version`): wasmparser
//! with Nitro's feature set, then imports, exports, memory, limits and reserved names.

use std::collections::{HashMap, HashSet};

use wasmparser::{
    ExternalKind, FuncType, Parser, Payload, TypeRef, ValType, Validator, WasmFeatures,
};

use crate::activate::ActivationError;

/// Name of the program's entrypoint export.
pub(crate) const ENTRYPOINT: &str = "user_entrypoint";
/// Name the program's memory must be exported under.
pub(crate) const MEMORY_EXPORT: &str = "memory";
/// The hostio module.
pub(crate) const VM_HOOKS: &str = "vm_hooks";
/// The debug-only logging module.
pub(crate) const CONSOLE: &str = "console";
/// The hostio that pays for `memory.grow`.
pub(crate) const PAY_FOR_MEMORY_GROW: &str = "pay_for_memory_grow";

/// Largest export or module name, in bytes.
const MAX_NAME_LEN: usize = 512;

use ValType::{I32, I64};

/// Every `vm_hooks` import and its exact WASM type: (name, params, results).
pub(crate) const VM_HOOK_TYPES: &[(&str, &[ValType], &[ValType])] = &[
    ("read_args", &[I32], &[]),
    ("write_result", &[I32, I32], &[]),
    ("exit_early", &[I32], &[]),
    ("storage_load_bytes32", &[I32, I32], &[]),
    ("storage_cache_bytes32", &[I32, I32], &[]),
    ("storage_flush_cache", &[I32], &[]),
    ("transient_load_bytes32", &[I32, I32], &[]),
    ("transient_store_bytes32", &[I32, I32], &[]),
    ("call_contract", &[I32, I32, I32, I32, I64, I32], &[I32]),
    ("delegate_call_contract", &[I32, I32, I32, I64, I32], &[I32]),
    ("static_call_contract", &[I32, I32, I32, I64, I32], &[I32]),
    ("create1", &[I32, I32, I32, I32, I32], &[]),
    ("create2", &[I32, I32, I32, I32, I32, I32], &[]),
    ("read_return_data", &[I32, I32, I32], &[I32]),
    ("return_data_size", &[], &[I32]),
    ("emit_log", &[I32, I32, I32], &[]),
    ("account_balance", &[I32, I32], &[]),
    ("account_code", &[I32, I32, I32, I32], &[I32]),
    ("account_code_size", &[I32], &[I32]),
    ("account_codehash", &[I32, I32], &[]),
    ("evm_gas_left", &[], &[I64]),
    ("evm_ink_left", &[], &[I64]),
    ("block_basefee", &[I32], &[]),
    ("chainid", &[], &[I64]),
    ("block_coinbase", &[I32], &[]),
    ("block_gas_limit", &[], &[I64]),
    ("block_number", &[], &[I64]),
    ("block_timestamp", &[], &[I64]),
    ("contract_address", &[I32], &[]),
    ("math_div", &[I32, I32], &[]),
    ("math_mod", &[I32, I32], &[]),
    ("math_pow", &[I32, I32], &[]),
    ("math_add_mod", &[I32, I32, I32], &[]),
    ("math_mul_mod", &[I32, I32, I32], &[]),
    ("msg_reentrant", &[], &[I32]),
    ("msg_sender", &[I32], &[]),
    ("msg_value", &[I32], &[]),
    ("tx_gas_price", &[I32], &[]),
    ("tx_ink_price", &[], &[I32]),
    ("tx_origin", &[I32], &[]),
    ("pay_for_memory_grow", &[I32], &[]),
    ("native_keccak256", &[I32, I32, I32], &[]),
];

/// The `console` imports a debug chain offers (floats are accepted there as on Nitro).
pub(crate) const CONSOLE_TYPES: &[(&str, &[ValType], &[ValType])] = &[
    ("log_txt", &[I32, I32], &[]),
    ("log_i32", &[I32], &[]),
    ("log_i64", &[I64], &[]),
    ("log_f32", &[ValType::F32], &[]),
    ("log_f64", &[ValType::F64], &[]),
    ("tee_i32", &[I32], &[I32]),
    ("tee_i64", &[I64], &[I64]),
    ("tee_f32", &[ValType::F32], &[ValType::F32]),
    ("tee_f64", &[ValType::F64], &[ValType::F64]),
];

/// What the structural pass learned about a module, used for Nitro's cost predictions.
#[derive(Clone, Debug, Default)]
pub(crate) struct ModuleFacts {
    /// Number of locally defined functions.
    pub funcs: u64,
    /// Number of imported functions.
    pub imported_funcs: u32,
    /// Globals defined in the module (before instrumentation).
    pub globals: u64,
    /// Sum of params + results over the types of local functions.
    pub type_len: u64,
    /// Total bytes of data segments.
    pub data_len: u64,
    /// Total entries of element segments.
    pub elem_len: u64,
    /// Total size of code bodies, in operators (Nitro counts ops, not bytes).
    pub code_ops: u64,
    /// Initial memory, in pages.
    pub footprint: u16,
    /// Whether the memory may grow (no maximum equal to its minimum).
    pub growable: bool,
}

/// Nitro's wasmparser feature set for user programs (multi-value is still on at ArbOS 51).
pub(crate) fn nitro_features() -> WasmFeatures {
    let mut features = WasmFeatures::empty();
    features.set(WasmFeatures::MUTABLE_GLOBAL, true);
    features.set(WasmFeatures::SATURATING_FLOAT_TO_INT, true);
    features.set(WasmFeatures::SIGN_EXTENSION, true);
    features.set(WasmFeatures::MULTI_VALUE, true);
    features.set(WasmFeatures::BULK_MEMORY, true);
    features.set(WasmFeatures::FLOATS, true);
    features.set(WasmFeatures::GC_TYPES, true);
    features
}

fn invalid(msg: impl Into<String>) -> ActivationError {
    ActivationError::Invalid(msg.into())
}

macro_rules! limit {
    ($limit:expr, $count:expr, $name:expr) => {
        if ($count as u64) > ($limit as u64) {
            return Err(ActivationError::Limit(format!(
                "too many wasm {}: {} > {}",
                $name, $count, $limit
            )));
        }
    };
}

/// Validates `wasm` as Nitro does for activation and returns its facts.
pub(crate) fn validate(
    wasm: &[u8],
    page_limit: u16,
    debug: bool,
) -> Result<ModuleFacts, ActivationError> {
    Validator::new_with_features(nitro_features())
        .validate_all(wasm)
        .map_err(|err| ActivationError::Validation(err.to_string()))?;

    let mut types: Vec<FuncType> = Vec::new();
    let mut imports: Vec<(String, String, u32)> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut exports: HashMap<String, (ExternalKind, u32)> = HashMap::new();
    let mut memories: Vec<wasmparser::MemoryType> = Vec::new();
    let mut table_entries: u64 = 0;
    let mut datas: u64 = 0;
    let mut facts = ModuleFacts::default();

    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|err| ActivationError::Validation(err.to_string()))?;
        match payload {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    types.push(ty.map_err(|e| invalid(e.to_string()))?);
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.map_err(|e| invalid(e.to_string()))?;
                    let TypeRef::Func(ty) = import.ty else {
                        return Err(ActivationError::Import(format!(
                            "unsupported import kind for {} {}",
                            import.module, import.name
                        )));
                    };
                    imports.push((import.module.to_owned(), import.name.to_owned(), ty));
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    func_types.push(ty.map_err(|e| invalid(e.to_string()))?);
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    let table = table.map_err(|e| invalid(e.to_string()))?;
                    table_entries = table_entries.saturating_add(table.ty.initial);
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    memories.push(memory.map_err(|e| invalid(e.to_string()))?);
                }
            }
            Payload::GlobalSection(reader) => facts.globals = u64::from(reader.count()),
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(|e| invalid(e.to_string()))?;
                    exports.insert(export.name.to_owned(), (export.kind, export.index));
                }
            }
            Payload::StartSection { .. } => {
                return Err(ActivationError::StartFunction);
            }
            Payload::ElementSection(reader) => {
                limit!(128, reader.count(), "elements");
                for element in reader {
                    let element = element.map_err(|e| invalid(e.to_string()))?;
                    let count = match element.items {
                        wasmparser::ElementItems::Functions(items) => items.count(),
                        wasmparser::ElementItems::Expressions(_, items) => items.count(),
                    };
                    facts.elem_len = facts.elem_len.saturating_add(u64::from(count));
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data.map_err(|e| invalid(e.to_string()))?;
                    datas += 1;
                    facts.data_len = facts.data_len.saturating_add(data.data.len() as u64);
                }
            }
            Payload::CodeSectionEntry(body) => {
                let locals = body
                    .get_locals_reader()
                    .map_err(|e| invalid(e.to_string()))?;
                let mut local_count: u64 = 0;
                for local in locals {
                    let (count, _) = local.map_err(|e| invalid(e.to_string()))?;
                    local_count = local_count.saturating_add(u64::from(count));
                }
                limit!(348, local_count, "locals");
                let mut ops = body
                    .get_operators_reader()
                    .map_err(|e| invalid(e.to_string()))?;
                let mut op_count: u64 = 0;
                while !ops.eof() {
                    ops.read().map_err(|e| invalid(e.to_string()))?;
                    op_count += 1;
                }
                limit!(65536, op_count, "opcodes in func body");
                facts.code_ops = facts.code_ops.saturating_add(op_count);
            }
            Payload::CustomSection(reader) if reader.name() == "name" => {
                check_module_name(reader.data(), reader.data_offset())?;
            }
            Payload::UnknownSection { id, .. } => {
                return Err(invalid(format!("unsupported unknown section type {id}")));
            }
            _ => {}
        }
    }

    // Imports: only known hostios with their exact types, consistent, not reserved.
    let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
    for (module, name, ty) in &imports {
        if seen
            .insert((module, name), *ty)
            .is_some_and(|prior| prior != *ty)
        {
            return Err(ActivationError::Import(format!(
                "inconsistent imports for {module} {name}"
            )));
        }
        if name.starts_with("stylus") {
            return Err(ActivationError::Import(format!(
                "binary imports reserved symbol {name}"
            )));
        }
        let table = match module.as_str() {
            VM_HOOKS => VM_HOOK_TYPES,
            CONSOLE if debug => CONSOLE_TYPES,
            _ => {
                return Err(ActivationError::Import(format!(
                    "unknown import module {module} ({name})"
                )))
            }
        };
        let Some((_, params, results)) = table.iter().find(|(n, ..)| n == name) else {
            return Err(ActivationError::Import(format!(
                "unknown import {module} {name}"
            )));
        };
        let actual = types
            .get(*ty as usize)
            .ok_or_else(|| invalid("import type index out of range"))?;
        if actual.params() != *params || actual.results() != *results {
            return Err(ActivationError::Import(format!(
                "wrong type for import {module} {name}: {actual}"
            )));
        }
    }
    limit!(513, imports.len(), "imports");
    facts.imported_funcs = u32::try_from(imports.len()).unwrap_or(u32::MAX);

    // Exports: reserved names, long names, re-exported imports.
    let mut export_tails: HashSet<&str> = HashSet::new();
    for name in exports.keys() {
        if name.len() > MAX_NAME_LEN {
            return Err(ActivationError::Export(format!(
                "wasm name too long: {} > {MAX_NAME_LEN}",
                name.len()
            )));
        }
        if let Some(tail) = name.rsplit("__").next() {
            export_tails.insert(tail);
        }
    }
    if let Some(name) = export_tails.iter().find(|n| n.starts_with("stylus")) {
        return Err(ActivationError::Export(format!(
            "binary exports reserved symbol {name}"
        )));
    }
    if let Some((_, name, _)) = imports
        .iter()
        .find(|(_, name, _)| export_tails.contains(name.as_str()))
    {
        return Err(ActivationError::Export(format!(
            "binary exports an import with the same name {name}"
        )));
    }

    // Memory: exactly one, exported as `memory`, within the page limit.
    limit!(1, memories.len(), "memories");
    let Some(memory) = memories.first() else {
        return Err(ActivationError::Memory(
            "missing memory with export name \"memory\"".into(),
        ));
    };
    match exports.get(MEMORY_EXPORT) {
        Some((ExternalKind::Memory, 0)) => {}
        _ => {
            return Err(ActivationError::Memory(
                "missing memory with export name \"memory\"".into(),
            ))
        }
    }
    if memory.initial > u64::from(page_limit) {
        return Err(ActivationError::Memory(format!(
            "memory exceeds limit: {} > {page_limit}",
            memory.initial
        )));
    }
    facts.footprint = u16::try_from(memory.initial).unwrap_or(u16::MAX);
    facts.growable = memory.maximum != Some(memory.initial);
    if facts.growable
        && !imports
            .iter()
            .any(|(module, name, _)| module == VM_HOOKS && name == PAY_FOR_MEMORY_GROW)
    {
        return Err(ActivationError::Import(format!(
            "a growable memory needs the import {VM_HOOKS} {PAY_FOR_MEMORY_GROW}"
        )));
    }

    // Entrypoint: a function (i32) -> i32.
    let Some(&(kind, index)) = exports.get(ENTRYPOINT) else {
        return Err(ActivationError::Export(format!(
            "missing export with name {ENTRYPOINT}"
        )));
    };
    if kind != ExternalKind::Func {
        return Err(ActivationError::Export(format!(
            "export {ENTRYPOINT} must be a function"
        )));
    }
    let ty_index = if index < facts.imported_funcs {
        imports[index as usize].2
    } else {
        *func_types
            .get((index - facts.imported_funcs) as usize)
            .ok_or_else(|| invalid("entrypoint index out of range"))?
    };
    let ty = types
        .get(ty_index as usize)
        .ok_or_else(|| invalid("entrypoint type out of range"))?;
    if ty.params() != [I32] || ty.results() != [I32] {
        return Err(ActivationError::Export(format!(
            "wrong type for {ENTRYPOINT}: {ty}"
        )));
    }

    // Anti-DoS limits.
    limit!(128, datas, "datas");
    limit!(1024, exports.len(), "exports");
    limit!(4096, func_types.len(), "functions");
    limit!(32768, facts.globals, "globals");
    limit!(4096, table_entries, "table entries");
    limit!(4096, facts.elem_len, "element entries");

    facts.funcs = func_types.len() as u64;
    for ty in &func_types {
        let ty = types
            .get(*ty as usize)
            .ok_or_else(|| invalid("function type out of range"))?;
        facts.type_len += (ty.params().len() + ty.results().len()) as u64;
    }
    Ok(facts)
}

fn check_module_name(data: &[u8], offset: usize) -> Result<(), ActivationError> {
    let reader = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(data, offset));
    for name in reader {
        // A malformed name section is ignored by the validator; Nitro fails on it.
        let name = name.map_err(|e| invalid(e.to_string()))?;
        if let wasmparser::Name::Module { name, .. } = name {
            if name.len() > MAX_NAME_LEN {
                return Err(ActivationError::Export(format!(
                    "wasm module name too long: {} > {MAX_NAME_LEN}",
                    name.len()
                )));
            }
        }
    }
    Ok(())
}
