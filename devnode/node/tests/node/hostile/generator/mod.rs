//! The generator of hostile requests.

mod calls;
mod malformed;
mod params;
mod transactions;

use alloy::{
    primitives::{Bytes, U256},
    signers::local::PrivateKeySigner,
};
use serde_json::{json, Value};

use super::{rng::Rng, world::World, MAX_BATCH};

/// What the node must answer.
#[derive(Clone, Debug)]
pub(super) enum Expect {
    /// One error object: this id, this code, a message containing one of these (any if empty).
    Error {
        id: Value,
        code: i64,
        any_of: Vec<&'static str>,
    },
    /// A batch: the answers in order (notifications have none).
    Batch(Vec<Expect>),
    /// Notifications only: an empty 200 answer.
    Nothing,
    /// A result, or an error that is not an internal one (a revert, a refusal, bad params).
    Answer { id: Value },
}

/// One call of a request: method, parameters as raw JSON text, and the error it must get.
struct Call {
    method: String,
    params: Option<String>,
    code: i64,
    any_of: Vec<&'static str>,
}

impl Call {
    fn new(method: &str, params: impl Into<String>, code: i64) -> Self {
        Self {
            method: method.to_string(),
            params: Some(params.into()),
            code,
            any_of: Vec::new(),
        }
    }

    fn with(mut self, any_of: &[&'static str]) -> Self {
        self.any_of = any_of.to_vec();
        self
    }
}

pub(super) const TX_REJECTED: i64 = -32000;
/// The code of a [`Call`] that may succeed or fail ([`Expect::Answer`]).
const ANY: i64 = 0;

/// The accounts whose nonce and balance do not move during the storm.
const STABLE: [usize; 3] = [0, 1, 3];

pub(super) struct Generator<'a> {
    pub(super) rng: Rng,
    pub(super) world: &'a World,
    pub(super) keys: Vec<PrivateKeySigner>,
    pub(super) nonces: Vec<u64>,
    pub(super) balances: Vec<U256>,
    pub(super) next_id: i64,
    pub(super) mined_raw: Vec<Bytes>,
}

impl Generator<'_> {
    fn id(&mut self) -> Value {
        self.next_id += 1;
        let n = self.next_id;
        match self.rng.below(7) {
            0 => json!(format!("id-{n}-\u{e9}\u{1F980}\"\\")),
            1 => json!(-n),
            2 => json!(n as f64 + 0.5),
            3 => json!(format!("{n}")),
            4 => Value::Null,
            _ => json!(n),
        }
    }

    /// A call that is well-formed JSON-RPC but must fail, with the error it must get. Nothing
    /// it generates may change the chain.
    fn call(&mut self) -> Call {
        match self.rng.below(100) {
            0..=9 => self.unknown_method(),
            10..=39 => self.bad_params(),
            40..=79 => self.bad_transaction(),
            80..=89 => self.failing_execution(),
            90..=94 => self.extreme_call(),
            _ => self.rejected_dev_call(),
        }
    }

    /// Renders a call as a request object; returns the text and the answer it must get (`None`
    /// for a notification).
    fn request(&mut self, call: &Call, notification: bool) -> (String, Option<Expect>) {
        let method = serde_json::to_string(&call.method).unwrap();
        let mut members = Vec::new();
        let id = self.id();
        if !notification {
            members.push(format!("\"id\": {id}"));
        }
        if self.rng.chance(90) {
            members.push("\"jsonrpc\": \"2.0\"".into());
        }
        members.push(format!("\"method\": {method}"));
        if let Some(params) = &call.params {
            members.push(format!("\"params\": {params}"));
        }
        // Member order does not matter.
        let rotate = self.rng.below(members.len() as u64) as usize;
        members.rotate_left(rotate);
        let text = format!(
            "{{{}}}",
            members.join(if self.rng.chance(50) { "," } else { " ,\n\t" })
        );
        let expect = (!notification).then(|| match call.code {
            ANY => Expect::Answer { id },
            code => Expect::Error {
                id,
                code,
                any_of: call.any_of.clone(),
            },
        });
        (text, expect)
    }

    /// A batch: a mix of failing calls, invalid request objects and notifications.
    fn batch(&mut self) -> (String, Expect) {
        let len = match self.rng.below(50) {
            0 => self.rng.range(20, 300),
            _ => self.rng.range(1, 12),
        };
        let mut items = Vec::new();
        let mut expect = Vec::new();
        for _ in 0..len {
            match self.rng.below(10) {
                0 | 1 => {
                    let (text, id) = self.invalid_request();
                    items.push(text);
                    expect.push(Expect::Error {
                        id,
                        code: -32600,
                        any_of: Vec::new(),
                    });
                }
                2 => {
                    let call = self.call();
                    items.push(self.request(&call, true).0);
                }
                3 => {
                    let inner = self.rng.range(0, 3) as usize;
                    items.push(format!(
                        "{}{}",
                        "[".repeat(inner + 1),
                        "]".repeat(inner + 1)
                    ));
                    expect.push(Expect::Error {
                        id: Value::Null,
                        code: -32600,
                        any_of: Vec::new(),
                    });
                }
                _ => {
                    let call = self.call();
                    let (text, e) = self.request(&call, false);
                    items.push(text);
                    expect.extend(e);
                }
            }
        }
        let text = format!("[{}]", items.join(","));
        let expect = if expect.is_empty() {
            Expect::Nothing
        } else {
            Expect::Batch(expect)
        };
        (text, expect)
    }

    /// One hostile body and the answer it must get.
    /// More requests than a batch may hold: one error, in an array, with the first call's id,
    /// and none of them run.
    fn batch_too_large(&mut self) -> (String, Expect) {
        let len = MAX_BATCH + self.rng.range(1, 500) as usize;
        let mut items = Vec::with_capacity(len);
        let mut first = None;
        for _ in 0..len {
            let call = if self.rng.chance(50) {
                self.unknown_method()
            } else {
                self.rejected_dev_call()
            };
            let (text, expect) = self.request(&call, false);
            if let (None, Some(Expect::Error { id, .. })) = (&first, expect) {
                first = Some(id);
            }
            items.push(text);
        }
        let expect = Expect::Batch(vec![Expect::Error {
            id: first.unwrap(),
            code: -32600,
            any_of: vec!["batch too large"],
        }]);
        (format!("[{}]", items.join(",")), expect)
    }

    pub(super) fn case(&mut self) -> (&'static str, Vec<u8>, Expect) {
        match self.rng.below(200) {
            199 => {
                let (text, expect) = self.batch_too_large();
                ("batch too large", text.into_bytes(), expect)
            }
            n => self.common_case(n / 2),
        }
    }

    fn common_case(&mut self, n: u64) -> (&'static str, Vec<u8>, Expect) {
        match n {
            0..=14 => {
                let body = self.not_json();
                (
                    "not JSON",
                    body,
                    Expect::Error {
                        id: Value::Null,
                        code: -32700,
                        any_of: vec!["parse error"],
                    },
                )
            }
            15..=22 => {
                let (text, id) = self.invalid_request();
                (
                    "invalid request",
                    text.into_bytes(),
                    Expect::Error {
                        id,
                        code: -32600,
                        any_of: Vec::new(),
                    },
                )
            }
            23..=24 => (
                "empty batch",
                self.rng.pick(&["[]", " [ ] ", "[\n]"]).as_bytes().to_vec(),
                Expect::Error {
                    id: Value::Null,
                    code: -32600,
                    any_of: vec!["empty batch"],
                },
            ),
            25..=34 => {
                let (text, expect) = self.batch();
                ("batch", text.into_bytes(), expect)
            }
            35..=37 => {
                let call = self.call();
                let (text, _) = self.request(&call, true);
                ("notification", text.into_bytes(), Expect::Nothing)
            }
            _ => {
                let call = self.call();
                let kind = match call.code {
                    ANY => "extreme call",
                    -32601 => "unknown method",
                    -32602 => "invalid params",
                    3 => "failing call",
                    _ if call.method == "eth_sendRawTransaction"
                        || call.method == "eth_sendTransaction" =>
                    {
                        "rejected transaction"
                    }
                    _ => "failing call",
                };
                let (text, expect) = self.request(&call, false);
                (kind, text.into_bytes(), expect.unwrap())
            }
        }
    }
}

/// Checks one answer against what it must be.
pub(super) fn check(expect: &Expect, answer: &Value, context: &dyn Fn() -> String) {
    match expect {
        Expect::Error { id, code, any_of } => {
            let error = &answer["error"];
            assert!(
                error.is_object() && answer.get("result").is_none(),
                "{}: an error object, got {answer}",
                context()
            );
            assert_eq!(answer["jsonrpc"], json!("2.0"), "{}: {answer}", context());
            assert_eq!(
                &answer["id"],
                id,
                "{}: the id is echoed: {answer}",
                context()
            );
            assert_eq!(
                error["code"],
                json!(code),
                "{}: the error code: {answer}",
                context()
            );
            let message = error["message"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: the error has a message: {answer}", context()));
            assert!(!message.is_empty(), "{}: a message", context());
            assert!(
                any_of.is_empty() || any_of.iter().any(|m| message.contains(m)),
                "{}: the message names the cause ({any_of:?}): {answer}",
                context()
            );
            if *code == 3 {
                assert_eq!(error["data"], json!("0x"), "{}: {answer}", context());
            }
        }
        Expect::Batch(items) => {
            let answers = answer.as_array().unwrap_or_else(|| {
                panic!("{}: a batch is answered by an array: {answer}", context())
            });
            assert_eq!(
                answers.len(),
                items.len(),
                "{}: one answer per request that is not a notification",
                context()
            );
            for (i, (item, answer)) in items.iter().zip(answers).enumerate() {
                check(item, answer, &|| format!("{}, batch item {i}", context()));
            }
        }
        Expect::Nothing => panic!("{}: Nothing is checked on the body", context()),
        Expect::Answer { id } => {
            assert_eq!(answer["jsonrpc"], json!("2.0"), "{}: {answer}", context());
            assert_eq!(
                &answer["id"],
                id,
                "{}: the id is echoed: {answer}",
                context()
            );
            let error = answer.get("error");
            assert!(
                error.is_some() != answer.get("result").is_some(),
                "{}: a result or an error: {answer}",
                context()
            );
            if let Some(error) = error {
                assert!(
                    [json!(3), json!(-32000), json!(-32602)].contains(&error["code"]),
                    "{}: a revert, a refusal or bad params, not {answer}",
                    context()
                );
            }
        }
    }
}

pub(super) fn shorten(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() > 400 {
        format!("{}… ({} bytes)", &text[..400], body.len())
    } else {
        text.into_owned()
    }
}
