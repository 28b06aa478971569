//! The deployed-code format of Stylus programs: `EF F0 00`, a dictionary byte, then a brotli
//! stream of the WASM.

use std::io::{Read, Write};

/// The three bytes every Stylus program's code starts with.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];

/// Dictionary byte for "no dictionary" (what cargo-stylus always writes).
pub const DICTIONARY_NONE: u8 = 0;

/// Brotli quality cargo-stylus compresses with.
const BROTLI_QUALITY: u32 = 11;
/// Brotli window (log2 bytes) cargo-stylus compresses with.
const BROTLI_WINDOW: u32 = 22;
/// Buffer size for the brotli reader and writer, in bytes.
const BROTLI_BUFFER: usize = 4096;

/// Why code could not be turned into WASM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The code does not start with `EF F0 00` and a dictionary byte.
    #[error("code is not a Stylus program (missing EF F0 00 prefix)")]
    NotStylus,
    /// The dictionary byte names a dictionary this node does not ship.
    #[error("unsupported brotli dictionary {0}")]
    UnsupportedDictionary(u8),
    /// The brotli stream is corrupt or truncated.
    #[error("brotli decompression failed: {0}")]
    Brotli(String),
    /// The decompressed WASM is larger than the limit.
    #[error("decompressed wasm exceeds {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// Whether `code` carries the Stylus prefix (`EF F0 00`). Such code is a program; any other code
/// starting with 0xEF is still refused by EIP-3541.
pub fn is_stylus_code(code: &[u8]) -> bool {
    code.starts_with(&STYLUS_PREFIX)
}

/// Compresses `wasm` as cargo-stylus does (brotli quality 11, window 22) and prepends
/// `EF F0 00 00`, giving code ready to deploy.
pub fn compress_wasm(wasm: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(wasm.len() / 2 + 8);
    out.extend_from_slice(&STYLUS_PREFIX);
    out.push(DICTIONARY_NONE);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, BROTLI_BUFFER, BROTLI_QUALITY, BROTLI_WINDOW);
        // Writing into a Vec cannot fail: the only error source is the sink.
        writer
            .write_all(wasm)
            .expect("writing brotli output into a Vec never fails");
    }
    out
}

/// Extracts the WASM from Stylus `code`, refusing more than `max_len` decompressed bytes.
pub fn decompress_code(code: &[u8], max_len: usize) -> Result<Vec<u8>, CodeError> {
    if !is_stylus_code(code) || code.len() < 4 {
        return Err(CodeError::NotStylus);
    }
    match code[3] {
        DICTIONARY_NONE => {}
        other => return Err(CodeError::UnsupportedDictionary(other)),
    }
    decompress_limited(&code[4..], max_len)
}

/// Returns the WASM in `input`: `input` itself when it starts with the WASM magic, else the
/// decompressed body of Stylus code.
pub fn wasm_from_code_or_wasm(input: &[u8], max_len: usize) -> Result<Vec<u8>, CodeError> {
    if input.starts_with(b"\0asm") {
        if input.len() > max_len {
            return Err(CodeError::TooLarge { limit: max_len });
        }
        return Ok(input.to_vec());
    }
    decompress_code(input, max_len)
}

fn decompress_limited(stream: &[u8], max_len: usize) -> Result<Vec<u8>, CodeError> {
    let reader = brotli::Decompressor::new(stream, BROTLI_BUFFER);
    let mut wasm = Vec::new();
    // Read one byte past the limit so an oversized stream is told apart from an exact fit.
    let cap = u64::try_from(max_len).unwrap_or(u64::MAX).saturating_add(1);
    reader
        .take(cap)
        .read_to_end(&mut wasm)
        .map_err(|err| CodeError::Brotli(err.to_string()))?;
    if wasm.len() > max_len {
        return Err(CodeError::TooLarge { limit: max_len });
    }
    Ok(wasm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_code_round_trips() {
        let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
            .iter()
            .copied()
            .cycle()
            .take(5000)
            .collect();
        let code = compress_wasm(&wasm);
        assert_eq!(&code[..4], &[0xEF, 0xF0, 0x00, 0x00]);
        assert!(is_stylus_code(&code));
        assert_eq!(decompress_code(&code, 128 * 1024).unwrap(), wasm);
    }

    #[test]
    fn oversized_wasm_is_refused() {
        let wasm = vec![7u8; 2000];
        let code = compress_wasm(&wasm);
        assert_eq!(
            decompress_code(&code, 1999),
            Err(CodeError::TooLarge { limit: 1999 })
        );
        assert_eq!(decompress_code(&code, 2000).unwrap().len(), 2000);
    }

    #[test]
    fn other_ef_code_and_dictionaries_are_refused() {
        assert_eq!(
            decompress_code(&[0xEF, 0x00], 10),
            Err(CodeError::NotStylus)
        );
        assert_eq!(
            decompress_code(&[0xEF, 0xF0, 0x00, 0x01, 0x00], 10),
            Err(CodeError::UnsupportedDictionary(1))
        );
        assert!(matches!(
            decompress_code(&[0xEF, 0xF0, 0x00, 0x00, 0xFF, 0xFF], 10),
            Err(CodeError::Brotli(_))
        ));
    }
}
