//! The on-chain form of a Stylus program and the initcode that deploys it.

use std::io::Write;

/// Prefix of deployed Stylus code: `EF F0 00` marks a Stylus program, the fourth byte names the
/// brotli dictionary (0 = none, which is what cargo-stylus uses).
pub const STYLUS_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];

/// Arbitrum's limit on deployed code, prefix included, in bytes.
pub const MAX_CODE_SIZE: usize = 24_576;

/// Nitro's limit on a decompressed module, in bytes.
pub const MAX_WASM_SIZE: usize = 131_072;

/// Brotli quality and window that Nitro and cargo-stylus use.
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW: u32 = 22;

/// Compresses a module the way cargo-stylus does (brotli, quality 11, window 22).
pub fn compress_wasm(wasm: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(wasm.len() / 2);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        // Writing into a Vec cannot fail.
        writer
            .write_all(wasm)
            .expect("writing to a Vec never fails");
    }
    out
}

/// The code a Stylus program is deployed as: [`STYLUS_PREFIX`] followed by the compressed module.
pub fn stylus_code(wasm: &[u8]) -> Vec<u8> {
    let mut code = STYLUS_PREFIX.to_vec();
    code.extend_from_slice(&compress_wasm(wasm));
    code
}

/// Initcode that returns `code` as the new contract's code: the 43-byte EVM prelude cargo-stylus
/// emits (`PUSH32 len, DUP1, PUSH1 43, PUSH1 0, CODECOPY, PUSH1 0, RETURN`, version byte 0)
/// followed by the code itself.
pub fn deploy_initcode(code: &[u8]) -> Vec<u8> {
    const PRELUDE_LEN: u8 = 43;
    let mut init = Vec::with_capacity(PRELUDE_LEN as usize + code.len());
    init.push(0x7f); // PUSH32 len
    let mut len = [0u8; 32];
    len[24..].copy_from_slice(&(code.len() as u64).to_be_bytes());
    init.extend_from_slice(&len);
    init.extend_from_slice(&[
        0x80, // DUP1
        0x60,
        PRELUDE_LEN, // PUSH1 43: where the code starts
        0x60,
        0x00, // PUSH1 0
        0x39, // CODECOPY
        0x60,
        0x00, // PUSH1 0
        0xf3, // RETURN
        0x00, // version byte
    ]);
    debug_assert_eq!(init.len(), PRELUDE_LEN as usize);
    init.extend_from_slice(code);
    init
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_module_round_trips_through_brotli() {
        let wasm: Vec<u8> = (0..10_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let compressed = compress_wasm(&wasm);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut compressed.as_slice(), &mut back)
            .expect("valid brotli stream");
        assert_eq!(back, wasm);
        assert!(compressed.len() < wasm.len());
    }

    #[test]
    fn stylus_code_starts_with_the_prefix() {
        let code = stylus_code(b"\0asm\x01\0\0\0");
        assert_eq!(code[..4], STYLUS_PREFIX);
    }

    #[test]
    fn initcode_prelude_is_43_bytes_and_points_at_the_code() {
        let code = [0xEF, 0xF0, 0x00, 0x00, 0xAA, 0xBB];
        let init = deploy_initcode(&code);
        assert_eq!(init.len(), 43 + code.len());
        assert_eq!(init[0], 0x7f);
        assert_eq!(init[32], code.len() as u8, "PUSH32 carries the code length");
        assert_eq!(init[35], 43, "CODECOPY starts right after the prelude");
        assert_eq!(&init[43..], &code);
    }
}
