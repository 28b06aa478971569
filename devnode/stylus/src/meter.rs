//! The instrumentation pass, rewriting the module as Nitro's `Meter`, `DynamicMeter`,
//! `DepthChecker` and `HeapBound` middlewares do, in that order.
//!
//! - Every basic block starts with a charge of its operators' ink plus a 2450-ink header: if the
//!   ink global is below the charge, the status global is set to 1 and the program traps.
//! - `memory.fill`/`memory.copy` additionally charge 100 ink per byte before running.
//! - Every function charges its worst-case frame size against the stack-depth global on entry
//!   and gives it back on return; a frame that does not fit sets it to 0 and traps.
//! - `memory.grow` first calls `pay_for_memory_grow(pages)` when the module imports it.
//! - The memory's maximum is capped at 128 pages (Nitro's heap bound).

use wasm_encoder::reencode::{Error as ReencodeError, Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, ExportKind, ExportSection, GlobalSection, GlobalType, MemorySection,
    Module, SectionId, ValType,
};
use wasmparser::{Operator, Parser, Payload, TypeRef};

use crate::activate::ActivationError;
use crate::depth::{self, Arity};
use crate::prices;

/// Export name of the ink global.
pub(crate) const INK_LEFT: &str = "stylus_ink_left";
/// Export name of the out-of-ink status global.
pub(crate) const INK_STATUS: &str = "stylus_ink_status";
/// Export name of the stack-depth global.
pub(crate) const STACK_LEFT: &str = "stylus_stack_left";
/// Nitro's heap bound, in pages.
const HEAP_BOUND_PAGES: u64 = 128;

/// Ink charged per basic block on top of its operators.
pub(crate) const BLOCK_HEADER_INK: u64 = 2450;
/// Ink per byte of `memory.fill`.
const MEMORY_FILL_INK: i64 = 100;
/// Ink per byte of `memory.copy`.
const MEMORY_COPY_INK: i64 = 100;

/// Result of instrumenting a module.
pub(crate) struct Instrumented {
    /// The rewritten module.
    pub wasm: Vec<u8>,
    /// Operators in all function bodies after instrumentation.
    pub ops: u64,
}

struct Meter {
    /// Arity of each type, for `call_indirect` pricing and the depth checker.
    types: Vec<Arity>,
    /// Arity of each function, imports first.
    funcs: Vec<Arity>,
    /// Index of the `pay_for_memory_grow` import, if any.
    pay_func: Option<u32>,
    /// Number of globals the module defines.
    defined_globals: u32,
    /// Whether the new globals were written.
    globals_written: bool,
    /// Operators written so far.
    ops: u64,
    /// Error raised inside a function rewrite.
    failure: Option<ActivationError>,
}

impl Meter {
    fn ink_global(&self) -> u32 {
        self.defined_globals
    }
    fn status_global(&self) -> u32 {
        self.defined_globals + 1
    }
    fn scratch_global(&self) -> u32 {
        self.defined_globals + 2
    }
    fn stack_global(&self) -> u32 {
        self.defined_globals + 3
    }

    fn add_globals(&mut self, globals: &mut GlobalSection) {
        let mutable = |val_type| GlobalType {
            val_type,
            mutable: true,
            shared: false,
        };
        globals.global(mutable(ValType::I64), &ConstExpr::i64_const(0));
        globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
        globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
        globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
        self.globals_written = true;
    }

    /// Nitro's `Meter`: each basic block is preceded by a charge of its operators' ink plus the
    /// header; out of ink sets the status global and traps.
    fn meter<'a>(&self, code: Vec<Operator<'a>>) -> Vec<Operator<'a>> {
        let ink = self.ink_global();
        let status = self.status_global();
        let params: Vec<u64> = self.types.iter().map(|t| u64::from(t.params)).collect();
        let mut out = Vec::with_capacity(code.len() * 2);
        let mut block = Vec::new();
        let mut cost: u64 = 0;
        for op in code {
            cost = cost.saturating_add(prices::op_ink(&op, &params));
            let ends = prices::ends_basic_block(&op);
            block.push(op);
            if ends {
                // A saturated cost of u64::MAX is the i64 -1: no ink balance can pay for it.
                let value = cost.saturating_add(BLOCK_HEADER_INK) as i64;
                out.extend([
                    Operator::GlobalGet { global_index: ink },
                    Operator::I64Const { value },
                    Operator::I64LtU,
                    Operator::If {
                        blockty: wasmparser::BlockType::Empty,
                    },
                    Operator::I32Const { value: 1 },
                    Operator::GlobalSet {
                        global_index: status,
                    },
                    Operator::Unreachable,
                    Operator::End,
                    Operator::GlobalGet { global_index: ink },
                    Operator::I64Const { value },
                    Operator::I64Sub,
                    Operator::GlobalSet { global_index: ink },
                ]);
                out.append(&mut block);
                cost = 0;
            }
        }
        // Validation guarantees the body ends with `end`, closing the last block.
        out.append(&mut block);
        out
    }

    /// Nitro's `DynamicMeter`: `memory.fill`/`memory.copy` first pay 100 ink per byte, taken
    /// from the size on top of the stack.
    fn dynamic<'a>(&self, code: Vec<Operator<'a>>) -> Vec<Operator<'a>> {
        let ink = self.ink_global();
        let status = self.status_global();
        let scratch = self.scratch_global();
        let mut out = Vec::with_capacity(code.len());
        for op in code {
            let coefficient = match op {
                Operator::MemoryFill { .. } => Some(MEMORY_FILL_INK),
                Operator::MemoryCopy { .. } => Some(MEMORY_COPY_INK),
                _ => None,
            };
            if let Some(value) = coefficient {
                out.extend([
                    Operator::GlobalSet {
                        global_index: scratch,
                    },
                    Operator::GlobalGet { global_index: ink },
                    Operator::GlobalGet { global_index: ink },
                    Operator::GlobalGet {
                        global_index: scratch,
                    },
                    Operator::I64ExtendI32U,
                    Operator::I64Const { value },
                    Operator::I64Mul,
                    Operator::I64Sub,
                    Operator::GlobalSet { global_index: ink },
                    Operator::GlobalGet { global_index: ink },
                    Operator::I64LtU,
                    Operator::If {
                        blockty: wasmparser::BlockType::Empty,
                    },
                    Operator::I32Const { value: 1 },
                    Operator::GlobalSet {
                        global_index: status,
                    },
                    Operator::Unreachable,
                    Operator::End,
                    Operator::GlobalGet {
                        global_index: scratch,
                    },
                ]);
            }
            out.push(op);
        }
        out
    }

    /// Nitro's `DepthChecker`: charge the frame size on entry, give it back before every
    /// `return` (one is added before the final `end`).
    fn depth<'a>(
        &self,
        mut code: Vec<Operator<'a>>,
        locals: u32,
    ) -> Result<Vec<Operator<'a>>, ActivationError> {
        let size = depth::frame_size(&code, locals, &self.types, &self.funcs)?;
        let global_index = self.stack_global();
        // The frame limit keeps `size` far below i32::MAX.
        let value = size as i32;
        let mut out = Vec::with_capacity(code.len() + 24);
        out.extend([
            Operator::GlobalGet { global_index },
            Operator::I32Const { value },
            Operator::I32LeU,
            Operator::If {
                blockty: wasmparser::BlockType::Empty,
            },
            Operator::I32Const { value: 0 },
            Operator::GlobalSet { global_index },
            Operator::Unreachable,
            Operator::End,
            Operator::GlobalGet { global_index },
            Operator::I32Const { value },
            Operator::I32Sub,
            Operator::GlobalSet { global_index },
        ]);
        if let Some(last) = code.pop() {
            code.push(Operator::Return);
            code.push(last);
        }
        for op in code {
            if matches!(op, Operator::Return) {
                out.extend([
                    Operator::GlobalGet { global_index },
                    Operator::I32Const { value },
                    Operator::I32Add,
                    Operator::GlobalSet { global_index },
                ]);
            }
            out.push(op);
        }
        Ok(out)
    }

    /// Nitro's `HeapBound`: `memory.grow` first calls `pay_for_memory_grow(pages)`.
    fn heap<'a>(&self, code: Vec<Operator<'a>>) -> Vec<Operator<'a>> {
        let Some(function_index) = self.pay_func else {
            return code;
        };
        let global_index = self.scratch_global();
        let mut out = Vec::with_capacity(code.len());
        for op in code {
            if let Operator::MemoryGrow { .. } = op {
                out.extend([
                    Operator::GlobalSet { global_index },
                    Operator::GlobalGet { global_index },
                    Operator::GlobalGet { global_index },
                    Operator::Call { function_index },
                ]);
            }
            out.push(op);
        }
        out
    }

    fn rewrite_body(
        &mut self,
        body: &wasmparser::FunctionBody<'_>,
    ) -> Result<wasm_encoder::Function, ActivationError> {
        let mut locals = Vec::new();
        let mut local_count: u32 = 0;
        for local in body.get_locals_reader().map_err(invalid)? {
            let (count, ty) = local.map_err(invalid)?;
            let ty = RoundtripReencoder.val_type(ty).map_err(reencode)?;
            local_count = local_count.saturating_add(count);
            locals.push((count, ty));
        }

        let mut code = Vec::new();
        let mut reader = body.get_operators_reader().map_err(invalid)?;
        while !reader.eof() {
            let op = reader.read().map_err(invalid)?;
            if matches!(
                op,
                Operator::MemoryInit { .. }
                    | Operator::DataDrop { .. }
                    | Operator::ElemDrop { .. }
                    | Operator::TableInit { .. }
                    | Operator::TableCopy { .. }
                    | Operator::TableFill { .. }
                    | Operator::TableGet { .. }
                    | Operator::TableSet { .. }
                    | Operator::TableGrow { .. }
                    | Operator::TableSize { .. }
            ) {
                return Err(ActivationError::Instrumentation(
                    "dynamic ink meter failure: opcode not supported".into(),
                ));
            }
            code.push(op);
        }

        // The passes in Nitro's order: each sees the output of the previous one.
        let code = self.meter(code);
        let code = self.dynamic(code);
        let code = self.depth(code, local_count)?;
        let code = self.heap(code);

        self.ops += code.len() as u64;
        let mut function = wasm_encoder::Function::new(locals);
        for op in code {
            let instr = RoundtripReencoder.instruction(op).map_err(reencode)?;
            function.instruction(&instr);
        }
        Ok(function)
    }
}

fn invalid(err: wasmparser::BinaryReaderError) -> ActivationError {
    ActivationError::Invalid(err.to_string())
}

fn reencode<E: std::fmt::Display>(err: ReencodeError<E>) -> ActivationError {
    ActivationError::Instrumentation(err.to_string())
}

impl Reencode for Meter {
    type Error = ActivationError;

    fn parse_global_section(
        &mut self,
        globals: &mut GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        wasm_encoder::reencode::utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        let past_globals = match before {
            None => true,
            Some(id) => matches!(
                id,
                SectionId::Export
                    | SectionId::Start
                    | SectionId::Element
                    | SectionId::DataCount
                    | SectionId::Code
                    | SectionId::Data
            ),
        };
        if past_globals && !self.globals_written {
            let mut globals = GlobalSection::new();
            self.add_globals(&mut globals);
            module.section(&globals);
        }
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        wasm_encoder::reencode::utils::parse_export_section(self, exports, section)?;
        exports.export(INK_LEFT, ExportKind::Global, self.ink_global());
        exports.export(INK_STATUS, ExportKind::Global, self.status_global());
        exports.export(STACK_LEFT, ExportKind::Global, self.stack_global());
        Ok(())
    }

    fn parse_memory_section(
        &mut self,
        memories: &mut MemorySection,
        section: wasmparser::MemorySectionReader<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        for memory in section {
            let mut ty = self.memory_type(memory?)?;
            let max = ty
                .maximum
                .map_or(HEAP_BOUND_PAGES, |m| m.min(HEAP_BOUND_PAGES));
            ty.maximum = Some(max.max(ty.minimum));
            memories.memory(ty);
        }
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), ReencodeError<Self::Error>> {
        match self.rewrite_body(&func) {
            Ok(function) => {
                code.function(&function);
                Ok(())
            }
            Err(err) => {
                self.failure = Some(err.clone());
                Err(ReencodeError::UserError(err))
            }
        }
    }
}

/// Instruments a validated module. Must run after [`crate::validate::validate`].
pub(crate) fn instrument(wasm: &[u8]) -> Result<Instrumented, ActivationError> {
    let mut meter = Meter {
        types: Vec::new(),
        funcs: Vec::new(),
        pay_func: None,
        defined_globals: 0,
        globals_written: false,
        ops: 0,
        failure: None,
    };
    let mut func_type_indices: Vec<u32> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(invalid)? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let ty = ty.map_err(invalid)?;
                    meter.types.push(Arity {
                        params: ty.params().len() as u32,
                        results: ty.results().len() as u32,
                    });
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.map_err(invalid)?;
                    if let TypeRef::Func(ty) = import.ty {
                        if import.module == crate::validate::VM_HOOKS
                            && import.name == crate::validate::PAY_FOR_MEMORY_GROW
                        {
                            meter.pay_func = Some(func_type_indices.len() as u32);
                        }
                        func_type_indices.push(ty);
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    func_type_indices.push(ty.map_err(invalid)?);
                }
            }
            Payload::GlobalSection(reader) => meter.defined_globals = reader.count(),
            _ => {}
        }
    }
    meter.funcs = func_type_indices
        .iter()
        .map(|&ty| meter.types.get(ty as usize).copied().unwrap_or_default())
        .collect();

    let mut module = Module::new();
    let result = meter.parse_core_module(&mut module, Parser::new(0), wasm);
    if let Some(err) = meter.failure.take() {
        return Err(err);
    }
    result.map_err(reencode)?;
    Ok(Instrumented {
        wasm: module.finish(),
        ops: meter.ops,
    })
}
