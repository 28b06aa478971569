//! Malformed JSON and invalid request objects.

use serde_json::Value;

use super::Generator;

impl Generator<'_> {
    /// Valid JSON that is not a valid request object; the id it must echo (a string or number
    /// id is echoed when the object has one, anything else gets a null id).
    pub(super) fn invalid_request(&mut self) -> (String, Value) {
        let id = self.id();
        let echoed = |text: String| (text, id.clone());
        match self.rng.below(13) {
            0 => (format!("{}", self.rng.next()), Value::Null),
            1 => (format!("\"{}\"", self.rng.word()), Value::Null),
            2 => ("true".into(), Value::Null),
            3 => ("null".into(), Value::Null),
            4 => ("{}".into(), Value::Null),
            5 => echoed(format!("{{\"jsonrpc\":\"2.0\",\"id\":{id}}}")),
            6 => echoed(format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":5}}")),
            7 => echoed(format!(
                "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":null}}"
            )),
            8 => echoed(format!(
                "{{\"jsonrpc\":\"1.0\",\"id\":{id},\"method\":\"eth_chainId\"}}"
            )),
            9 => echoed(format!(
                "{{\"jsonrpc\":2.0,\"id\":{id},\"method\":\"eth_chainId\"}}"
            )),
            10 => (
                format!("{{\"jsonrpc\":\"2.0\",\"id\":{{\"n\":{id}}},\"method\":\"eth_chainId\"}}"),
                Value::Null,
            ),
            11 => (
                format!("{{\"jsonrpc\":\"2.0\",\"id\":[{id}],\"method\":\"eth_chainId\"}}"),
                Value::Null,
            ),
            _ => (
                "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"eth_chainId\"}".into(),
                Value::Null,
            ),
        }
    }

    /// Bytes that are not JSON at all.
    pub(super) fn not_json(&mut self) -> Vec<u8> {
        loop {
            let body: Vec<u8> = match self.rng.below(12) {
                0 => {
                    let call = self.call();
                    let (text, _) = self.request(&call, false);
                    let cut = self.rng.below(text.len() as u64) as usize;
                    text.as_bytes()[..cut].to_vec()
                }
                1 => self.rng.bytes_in(1, 2000),
                2 => {
                    let call = self.unknown_method();
                    let (text, _) = self.request(&call, false);
                    let mut bytes = text.into_bytes();
                    for _ in 0..self.rng.range(1, 4) {
                        let at = self.rng.below(bytes.len() as u64) as usize;
                        bytes[at] = self.rng.next() as u8;
                    }
                    bytes
                }
                3 => {
                    let depth = self.rng.range(129, 100_000) as usize;
                    let open = *self.rng.pick(&["[", "{\"a\":"]);
                    open.repeat(depth).into_bytes()
                }
                4 => format!(
                    "{{\"jsonrpc\":\"2.0\",\"id\":1e{},\"method\":\"eth_chainId\"}}",
                    self.rng.range(400, 100_000)
                )
                .into_bytes(),
                5 => b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_\xff\xfe\"}".to_vec(),
                6 => br#"{"jsonrpc":"2.0","id":1,"method":"eth_\ud800"}"#.to_vec(),
                7 => b"\xef\xbb\xbf{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}".to_vec(),
                8 => self
                    .rng
                    .pick(&[
                        &b"{'jsonrpc':'2.0','id':1,'method':'eth_chainId'}"[..],
                        b"{\"id\":NaN,\"method\":\"eth_chainId\"}",
                        b"{\"id\":1,\"method\":\"eth_chainId\",}",
                        b"[{\"id\":1,\"method\":\"eth_chainId\"},]",
                        b"// comment\n{\"id\":1,\"method\":\"eth_chainId\"}",
                        b"{\"id\":1,\"method\":\"eth_chainId\"}{\"id\":2,\"method\":\"eth_chainId\"}",
                        b"{\"id\":1,\"method\":\"eth_chainId\"} x",
                        b"",
                        b" ",
                        b"\x00",
                        b"{\"id\":01,\"method\":\"eth_chainId\"}",
                        b"{\"id\":-,\"method\":\"eth_chainId\"}",
                        b"{\"id\":Infinity,\"method\":\"eth_chainId\"}",
                    ])
                    .to_vec(),
                9 => {
                    // A truncated batch.
                    let (text, _) = self.batch();
                    let cut = self.rng.below(text.len() as u64) as usize;
                    text.as_bytes()[..cut].to_vec()
                }
                10 => format!("{{\"method\":\"eth_chainId\",\"id\":\"{}", "a".repeat(self.rng.range(1, 100_000) as usize)).into_bytes(),
                _ => format!("{{\"method\":\"eth_call\",\"id\":3,\"params\":[{{\"data\":\"0x{}", "ab".repeat(self.rng.range(1, 10_000) as usize)).into_bytes(),
            };
            if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
                return body;
            }
        }
    }
}
