//! Nitro's `DepthChecker`: a worst-case stack-frame size per function, charged against the
//! `stylus_stack_left` global on entry and given back on return.

use wasmparser::{BlockType, Operator};

use crate::activate::ActivationError;

/// Largest frame a function may have, in words (Nitro's `max_frame_size`).
const MAX_FRAME_SIZE: u32 = 10 * 1024;
/// Most values a function may hold on its operand stack at once (`max_frame_contention`).
const MAX_FRAME_CONTENTION: u32 = 4096;
/// Words every frame costs on top of its locals and operand stack.
const FRAME_OVERHEAD: u32 = 4;

/// Parameter and result counts of a function type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Arity {
    /// Number of parameters.
    pub params: u32,
    /// Number of results.
    pub results: u32,
}

fn unsupported(op: &Operator<'_>) -> ActivationError {
    ActivationError::Instrumentation(format!("depth checker: extension {op:?} not supported"))
}

/// The frame size Nitro charges for a function whose (already ink-metered) body is `code` and
/// that declares `locals` locals: worst-case operand stack + locals + 4 words.
///
/// `types` gives each type's arity, `funcs` each function's (imports first).
pub(crate) fn frame_size(
    code: &[Operator<'_>],
    locals: u32,
    types: &[Arity],
    funcs: &[Arity],
) -> Result<u32, ActivationError> {
    use Operator::*;

    let mut worst: u32 = 0;
    let mut stack: u32 = 0;
    let mut scopes: Vec<u32> = vec![0];

    let push = |stack: &mut u32, worst: &mut u32, count: u32| {
        *stack = stack.saturating_add(count);
        *worst = (*worst).max(*stack);
    };
    let pop = |stack: &mut u32, count: u32| *stack = stack.saturating_sub(count);
    let type_of = |index: u32| {
        types.get(index as usize).copied().ok_or_else(|| {
            ActivationError::Instrumentation(format!("missing type for signature {index}"))
        })
    };

    for op in code {
        // Block results are counted as pre-allocated on entry, as Nitro does.
        let block =
            |stack: &mut u32, worst: &mut u32, ty: &BlockType| -> Result<(), ActivationError> {
                match ty {
                    BlockType::Empty => {}
                    BlockType::Type(_) => push(stack, worst, 1),
                    BlockType::FuncType(index) => {
                        let arity = type_of(*index)?;
                        push(stack, worst, arity.results);
                        pop(stack, arity.params);
                    }
                }
                Ok(())
            };
        match op {
            Block { blockty } | Loop { blockty } => {
                block(&mut stack, &mut worst, blockty)?;
                scopes.push(stack);
            }
            If { blockty } => {
                pop(&mut stack, 1);
                block(&mut stack, &mut worst, blockty)?;
                scopes.push(stack);
            }
            Else => {
                stack = *scopes.last().ok_or_else(|| {
                    ActivationError::Instrumentation("malformed if-else scope".into())
                })?;
            }
            End => {
                stack = scopes.pop().ok_or_else(|| {
                    ActivationError::Instrumentation("malformed scoping at end of block".into())
                })?;
            }
            Call { function_index } => {
                let arity = funcs
                    .get(*function_index as usize)
                    .copied()
                    .ok_or_else(|| {
                        ActivationError::Instrumentation(format!(
                            "missing type for func {function_index}"
                        ))
                    })?;
                push(&mut stack, &mut worst, arity.results);
                pop(&mut stack, arity.params);
            }
            CallIndirect { type_index, .. } => {
                let arity = type_of(*type_index)?;
                push(&mut stack, &mut worst, arity.results);
                pop(&mut stack, arity.params);
                pop(&mut stack, 1);
            }
            MemoryFill { .. } | MemoryCopy { .. } => pop(&mut stack, 3),

            Nop
            | Unreachable
            | I32Eqz
            | I64Eqz
            | I32Clz
            | I32Ctz
            | I32Popcnt
            | I64Clz
            | I64Ctz
            | I64Popcnt
            | Br { .. }
            | Return
            | LocalTee { .. }
            | MemoryGrow { .. }
            | I32Load { .. }
            | I64Load { .. }
            | F32Load { .. }
            | F64Load { .. }
            | I32Load8S { .. }
            | I32Load8U { .. }
            | I32Load16S { .. }
            | I32Load16U { .. }
            | I64Load8S { .. }
            | I64Load8U { .. }
            | I64Load16S { .. }
            | I64Load16U { .. }
            | I64Load32S { .. }
            | I64Load32U { .. }
            | I32WrapI64
            | I64ExtendI32S
            | I64ExtendI32U
            | I32Extend8S
            | I32Extend16S
            | I64Extend8S
            | I64Extend16S
            | I64Extend32S
            | F32Abs
            | F32Neg
            | F32Ceil
            | F32Floor
            | F32Trunc
            | F32Nearest
            | F32Sqrt
            | F64Abs
            | F64Neg
            | F64Ceil
            | F64Floor
            | F64Trunc
            | F64Nearest
            | F64Sqrt
            | I32TruncF32S
            | I32TruncF32U
            | I32TruncF64S
            | I32TruncF64U
            | I64TruncF32S
            | I64TruncF32U
            | I64TruncF64S
            | I64TruncF64U
            | F32ConvertI32S
            | F32ConvertI32U
            | F32ConvertI64S
            | F32ConvertI64U
            | F32DemoteF64
            | F64ConvertI32S
            | F64ConvertI32U
            | F64ConvertI64S
            | F64ConvertI64U
            | F64PromoteF32
            | I32ReinterpretF32
            | I64ReinterpretF64
            | F32ReinterpretI32
            | F64ReinterpretI64
            | I32TruncSatF32S
            | I32TruncSatF32U
            | I32TruncSatF64S
            | I32TruncSatF64U
            | I64TruncSatF32S
            | I64TruncSatF32U
            | I64TruncSatF64S
            | I64TruncSatF64U => {}

            LocalGet { .. }
            | GlobalGet { .. }
            | MemorySize { .. }
            | I32Const { .. }
            | I64Const { .. }
            | F32Const { .. }
            | F64Const { .. } => push(&mut stack, &mut worst, 1),

            Drop
            | I32Eq
            | I32Ne
            | I32LtS
            | I32LtU
            | I32GtS
            | I32GtU
            | I32LeS
            | I32LeU
            | I32GeS
            | I32GeU
            | I64Eq
            | I64Ne
            | I64LtS
            | I64LtU
            | I64GtS
            | I64GtU
            | I64LeS
            | I64LeU
            | I64GeS
            | I64GeU
            | F32Eq
            | F32Ne
            | F32Lt
            | F32Gt
            | F32Le
            | F32Ge
            | F64Eq
            | F64Ne
            | F64Lt
            | F64Gt
            | F64Le
            | F64Ge
            | I32Add
            | I32Sub
            | I32Mul
            | I32DivS
            | I32DivU
            | I32RemS
            | I32RemU
            | I64Add
            | I64Sub
            | I64Mul
            | I64DivS
            | I64DivU
            | I64RemS
            | I64RemU
            | I32And
            | I32Or
            | I32Xor
            | I32Shl
            | I32ShrS
            | I32ShrU
            | I32Rotl
            | I32Rotr
            | I64And
            | I64Or
            | I64Xor
            | I64Shl
            | I64ShrS
            | I64ShrU
            | I64Rotl
            | I64Rotr
            | F32Add
            | F32Sub
            | F32Mul
            | F32Div
            | F32Min
            | F32Max
            | F32Copysign
            | F64Add
            | F64Sub
            | F64Mul
            | F64Div
            | F64Min
            | F64Max
            | F64Copysign
            | BrIf { .. }
            | BrTable { .. }
            | LocalSet { .. }
            | GlobalSet { .. } => pop(&mut stack, 1),

            Select
            | I32Store { .. }
            | I64Store { .. }
            | F32Store { .. }
            | F64Store { .. }
            | I32Store8 { .. }
            | I32Store16 { .. }
            | I64Store8 { .. }
            | I64Store16 { .. }
            | I64Store32 { .. } => pop(&mut stack, 2),

            other => return Err(unsupported(other)),
        }
    }

    if worst > MAX_FRAME_CONTENTION {
        return Err(ActivationError::Limit(format!(
            "too many values on the stack at once: {worst} > {MAX_FRAME_CONTENTION}"
        )));
    }
    let size = worst.saturating_add(locals).saturating_add(FRAME_OVERHEAD);
    if size > MAX_FRAME_SIZE {
        return Err(ActivationError::Limit(format!(
            "frame too large: {size} > {MAX_FRAME_SIZE}-word limit"
        )));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_size_counts_the_deepest_operand_stack_plus_locals() {
        use Operator::*;
        let code = [
            I32Const { value: 1 },
            I32Const { value: 2 },
            I32Const { value: 3 },
            I32Add,
            I32Add,
            Drop,
            End,
        ];
        // Worst stack 3, 2 locals, 4 words of overhead.
        assert_eq!(frame_size(&code, 2, &[], &[]).unwrap(), 9);
    }

    #[test]
    fn calls_push_results_before_popping_params() {
        use Operator::*;
        let arity = Arity {
            params: 2,
            results: 1,
        };
        let code = [
            I32Const { value: 1 },
            I32Const { value: 2 },
            Call { function_index: 0 },
            Drop,
            End,
        ];
        // 2 arguments, then the result counted on top: 3.
        assert_eq!(frame_size(&code, 0, &[arity], &[arity]).unwrap(), 3 + 4);
    }
}
