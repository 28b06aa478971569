//! The wasmtime engine, the `vm_hooks` linker and the cache of compiled programs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use alloy_primitives::B256;
use wasmtime::{Config, Engine, InstancePre, Linker, Module, OptLevel};

use crate::activate::{self, Activation, ActivationError, ActivationInfo};
use crate::exec::Frame;
use crate::params::StylusParams;
use crate::{code, hostio};

/// Native stack one program frame's WASM may use, in bytes (a backstop behind the depth checker).
pub const MAX_WASM_STACK: usize = 512 * 1024;

/// Why a program could not be prepared for execution.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuntimeError {
    /// The program failed activation.
    #[error(transparent)]
    Activation(#[from] ActivationError),
    /// wasmtime could not compile or link the instrumented module.
    #[error("compilation failed: {0}")]
    Compile(String),
    /// The engine could not be built.
    #[error("engine setup failed: {0}")]
    Engine(String),
}

/// A compiled program, ready for [`crate::execute`]. Cheap to clone.
#[derive(Clone)]
pub struct Program {
    info: ActivationInfo,
    pre: Arc<InstancePre<Frame>>,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program").field("info", &self.info).finish()
    }
}

impl Program {
    /// The activation facts of this program.
    pub fn info(&self) -> &ActivationInfo {
        &self.info
    }

    /// The program's module hash.
    pub fn module_hash(&self) -> B256 {
        self.info.module_hash
    }

    pub(crate) fn instance_pre(&self) -> &InstancePre<Frame> {
        &self.pre
    }
}

/// One wasmtime engine with the `vm_hooks` linker and a cache of compiled programs keyed by
/// module hash. Share one per process (it is `Send + Sync`).
pub struct Runtime {
    engine: Engine,
    linker: Linker<Frame>,
    programs: Mutex<HashMap<B256, Program>>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("programs", &self.cached_programs())
            .finish()
    }
}

impl Runtime {
    /// Builds the engine (Cranelift, optimised for speed) and links every hostio.
    pub fn new() -> Result<Self, RuntimeError> {
        let mut config = Config::new();
        config
            .cranelift_opt_level(OptLevel::Speed)
            .max_wasm_stack(MAX_WASM_STACK)
            .wasm_simd(false)
            .wasm_relaxed_simd(false)
            .wasm_tail_call(false)
            .wasm_multi_memory(false)
            .wasm_memory64(false)
            // Every call instantiates afresh, so the cost of making and dropping a linear memory
            // is paid per call. By default each memory reserves gigabytes of address space
            // with guard regions and maps its data as a copy-on-write image; unmapping that
            // on every drop (TLB shootdowns on every core) was most of a call's cost. A Stylus
            // memory is at most 128 pages: map exactly what it uses and copy the data in.
            .memory_reservation(0)
            .memory_guard_size(0)
            .memory_reservation_for_growth(0)
            .guard_before_linear_memory(false)
            .memory_init_cow(false);
        let engine = Engine::new(&config).map_err(|e| RuntimeError::Engine(e.to_string()))?;
        let mut linker = Linker::new(&engine);
        hostio::link(&mut linker).map_err(|e| RuntimeError::Engine(e.to_string()))?;
        Ok(Self {
            engine,
            linker,
            programs: Mutex::new(HashMap::new()),
        })
    }

    /// Activates `code_or_wasm` (see [`crate::activate`]) and compiles it, caching the result.
    pub fn activate(
        &self,
        code_or_wasm: &[u8],
        params: &StylusParams,
        debug: bool,
        gas: u64,
    ) -> Result<(Activation, Program), RuntimeError> {
        let activation = activate::activate(code_or_wasm, params, debug, gas)?;
        let program = self.compile(&activation)?;
        Ok((activation, program))
    }

    /// Compiles an activation, or returns the cached program with the same module hash.
    pub fn compile(&self, activation: &Activation) -> Result<Program, RuntimeError> {
        if let Some(program) = self.program(&activation.info.module_hash) {
            return Ok(program);
        }
        let module = Module::new(&self.engine, &activation.instrumented)
            .map_err(|e| RuntimeError::Compile(e.to_string()))?;
        let pre = self
            .linker
            .instantiate_pre(&module)
            .map_err(|e| RuntimeError::Compile(e.to_string()))?;
        let program = Program {
            info: activation.info,
            pre: Arc::new(pre),
        };
        self.lock()
            .insert(activation.info.module_hash, program.clone());
        Ok(program)
    }

    /// The compiled program for an already-activated `code` (e.g. after a state reload):
    /// cached when possible, else validated and compiled again without a gas limit.
    pub fn load(
        &self,
        code: &[u8],
        params: &StylusParams,
        debug: bool,
    ) -> Result<Program, RuntimeError> {
        let wasm = code::wasm_from_code_or_wasm(code, params.max_wasm_size as usize)
            .map_err(ActivationError::from)?;
        if let Some(program) = self.program(&activate::module_hash(params.version, &wasm)) {
            return Ok(program);
        }
        let (_, program) = self.activate(&wasm, params, debug, u64::MAX)?;
        Ok(program)
    }

    /// The cached program with this module hash.
    pub fn program(&self, module_hash: &B256) -> Option<Program> {
        self.lock().get(module_hash).cloned()
    }

    /// How many compiled programs are cached.
    pub fn cached_programs(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<B256, Program>> {
        // A panic while holding the lock cannot leave the map half-updated (single insert), so
        // a poisoned lock is still usable.
        self.programs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
