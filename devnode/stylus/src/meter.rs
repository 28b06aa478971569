//! The ink-metering pass, rewriting the module as Nitro's `Meter`, `DynamicMeter` and
//! `HeapBound` middlewares do.
//!
//! - Every basic block starts with a charge of its operators' ink plus a 2450-ink header: if the
//!   ink global is below the charge, the status global is set to 1 and the program traps.
//! - `memory.fill`/`memory.copy` additionally charge 100 ink per byte before running.
//! - `memory.grow` first calls `pay_for_memory_grow(pages)` when the module imports it.
//! - The memory's maximum is capped at 128 pages (Nitro's heap bound).

use wasm_encoder::reencode::{Error as ReencodeError, Reencode, RoundtripReencoder};
use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, ExportKind, ExportSection, GlobalSection, GlobalType,
    Instruction, MemorySection, Module, SectionId, ValType,
};
use wasmparser::{Operator, Parser, Payload, TypeRef};

use crate::activate::ActivationError;
use crate::prices;

/// Export name of the ink global.
pub(crate) const INK_LEFT: &str = "stylus_ink_left";
/// Export name of the out-of-ink status global.
pub(crate) const INK_STATUS: &str = "stylus_ink_status";
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
    /// Number of parameters of each type, for `call_indirect` pricing.
    type_params: Vec<u64>,
    /// Index of the `pay_for_memory_grow` import, if any.
    pay_func: Option<u32>,
    /// Number of globals the module defines.
    defined_globals: u32,
    /// Whether the three new globals were written.
    globals_written: bool,
    /// Operators written so far.
    ops: u64,
    /// Error raised inside an instruction rewrite.
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

    fn add_globals(&mut self, globals: &mut GlobalSection) {
        let mutable = |val_type| GlobalType {
            val_type,
            mutable: true,
            shared: false,
        };
        globals.global(mutable(ValType::I64), &ConstExpr::i64_const(0));
        globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
        globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
        self.globals_written = true;
    }

    /// Emits the block header charging `cost` ink.
    fn header(&self, cost: u64, out: &mut Vec<Instruction<'static>>) {
        let ink = self.ink_global();
        let status = self.status_global();
        // A saturated cost of u64::MAX is the i64 -1: no ink balance can pay for it.
        let cost = cost as i64;
        out.extend([
            Instruction::GlobalGet(ink),
            Instruction::I64Const(cost),
            Instruction::I64LtU,
            Instruction::If(BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(status),
            Instruction::Unreachable,
            Instruction::End,
            Instruction::GlobalGet(ink),
            Instruction::I64Const(cost),
            Instruction::I64Sub,
            Instruction::GlobalSet(ink),
        ]);
    }

    /// The dynamic charge of `memory.fill`/`memory.copy`: `size * coefficient` ink, taken from
    /// the size on top of the stack.
    fn linear(&self, coefficient: i64, out: &mut Vec<Instruction<'static>>) {
        let ink = self.ink_global();
        let status = self.status_global();
        let scratch = self.scratch_global();
        out.extend([
            Instruction::GlobalSet(scratch),
            Instruction::GlobalGet(ink),
            Instruction::GlobalGet(ink),
            Instruction::GlobalGet(scratch),
            Instruction::I64ExtendI32U,
            Instruction::I64Const(coefficient),
            Instruction::I64Mul,
            Instruction::I64Sub,
            Instruction::GlobalSet(ink),
            Instruction::GlobalGet(ink),
            Instruction::I64LtU,
            Instruction::If(BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(status),
            Instruction::Unreachable,
            Instruction::End,
            Instruction::GlobalGet(scratch),
        ]);
    }

    fn rewrite_body(
        &mut self,
        body: &wasmparser::FunctionBody<'_>,
    ) -> Result<wasm_encoder::Function, ActivationError> {
        let mut locals = Vec::new();
        let reader = body.get_locals_reader().map_err(invalid)?;
        for local in reader {
            let (count, ty) = local.map_err(invalid)?;
            let ty = RoundtripReencoder.val_type(ty).map_err(reencode)?;
            locals.push((count, ty));
        }
        let mut function = wasm_encoder::Function::new(locals);

        let mut ops = body.get_operators_reader().map_err(invalid)?;
        let mut block: Vec<Operator<'_>> = Vec::new();
        let mut block_cost: u64 = 0;
        let mut out: Vec<Instruction<'static>> = Vec::new();
        while !ops.eof() {
            let op = ops.read().map_err(invalid)?;
            match op {
                Operator::MemoryInit { .. }
                | Operator::DataDrop { .. }
                | Operator::ElemDrop { .. }
                | Operator::TableInit { .. }
                | Operator::TableCopy { .. }
                | Operator::TableFill { .. }
                | Operator::TableGet { .. }
                | Operator::TableSet { .. }
                | Operator::TableGrow { .. }
                | Operator::TableSize { .. } => {
                    return Err(ActivationError::Instrumentation(
                        "dynamic ink meter failure: opcode not supported".into(),
                    ));
                }
                _ => {}
            }
            block_cost = block_cost.saturating_add(prices::op_ink(&op, &self.type_params));
            let ends = prices::ends_basic_block(&op);
            block.push(op);
            if ends {
                out.clear();
                self.header(block_cost.saturating_add(BLOCK_HEADER_INK), &mut out);
                self.ops += out.len() as u64;
                for instr in out.drain(..) {
                    function.instruction(&instr);
                }
                for op in block.drain(..) {
                    self.emit(op, &mut function)?;
                }
                block_cost = 0;
            }
        }
        // A valid body ends with `end`, which closes the last block; anything left is invalid.
        if !block.is_empty() {
            return Err(ActivationError::Instrumentation(
                "function body does not end a basic block".into(),
            ));
        }
        Ok(function)
    }

    fn emit(
        &mut self,
        op: Operator<'_>,
        function: &mut wasm_encoder::Function,
    ) -> Result<(), ActivationError> {
        let mut out = Vec::new();
        match op {
            Operator::MemoryFill { .. } => self.linear(MEMORY_FILL_INK, &mut out),
            Operator::MemoryCopy { .. } => self.linear(MEMORY_COPY_INK, &mut out),
            Operator::MemoryGrow { .. } => {
                if let Some(pay) = self.pay_func {
                    let scratch = self.scratch_global();
                    out.extend([
                        Instruction::GlobalSet(scratch),
                        Instruction::GlobalGet(scratch),
                        Instruction::GlobalGet(scratch),
                        Instruction::Call(pay),
                    ]);
                }
            }
            _ => {}
        }
        self.ops += out.len() as u64 + 1;
        for instr in &out {
            function.instruction(instr);
        }
        let instr = RoundtripReencoder.instruction(op).map_err(reencode)?;
        function.instruction(&instr);
        Ok(())
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
        type_params: Vec::new(),
        pay_func: None,
        defined_globals: 0,
        globals_written: false,
        ops: 0,
        failure: None,
    };
    let mut func_imports = 0u32;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(invalid)? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    meter
                        .type_params
                        .push(ty.map_err(invalid)?.params().len() as u64);
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.map_err(invalid)?;
                    if let TypeRef::Func(_) = import.ty {
                        if import.module == crate::validate::VM_HOOKS
                            && import.name == crate::validate::PAY_FOR_MEMORY_GROW
                        {
                            meter.pay_func = Some(func_imports);
                        }
                        func_imports += 1;
                    }
                }
            }
            Payload::GlobalSection(reader) => meter.defined_globals = reader.count(),
            _ => {}
        }
    }

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
