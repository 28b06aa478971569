//! JSON-RPC 2.0 framing: requests, responses, error codes and batch handling.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;

/// Error code: the body is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// Error code: the JSON is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// Error code: the method does not exist.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Error code: the parameters are missing or have the wrong shape.
pub const INVALID_PARAMS: i64 = -32602;
/// Error code: the node failed internally.
pub const INTERNAL_ERROR: i64 = -32603;
/// Error code geth uses for a rejected transaction or call (`-32000`).
pub const SERVER_ERROR: i64 = -32000;
/// Error code for an execution revert: `data` carries the revert bytes.
pub const EXECUTION_REVERTED: i64 = 3;
/// Error code geth gives the calls of a batch left unrun past its response size limit.
pub const RESPONSE_TOO_LARGE: i64 = -32003;

/// Most requests one batch may hold (geth's default `--rpc.batch-request-limit`). Requests run
/// one at a time on the node's thread: without a limit, one 16 MiB body of cheap requests holds
/// every other client up for minutes.
pub const MAX_BATCH_REQUESTS: usize = 1000;
/// Most bytes the answers of one batch may take (geth's default
/// `--rpc.batch-response-max-size`); the calls after that are answered with
/// [`RESPONSE_TOO_LARGE`] and not run.
pub const MAX_BATCH_RESPONSE_BYTES: usize = 25_000_000;

/// A JSON-RPC error object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RpcError {
    /// The error code.
    pub code: i64,
    /// A human-readable message.
    pub message: String,
    /// Extra data (revert bytes for code 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl RpcError {
    /// An error with a code and message and no data.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// `-32602`: bad parameters.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(INVALID_PARAMS, message)
    }

    /// `-32000`: a rejected transaction or a failed request.
    pub fn server(message: impl Into<String>) -> Self {
        Self::new(SERVER_ERROR, message)
    }

    /// `-32603`: the node failed internally.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(INTERNAL_ERROR, message)
    }

    /// Code 3 with the revert data, as geth and Nitro report a reverted call.
    pub fn reverted(data: &[u8], reason: Option<String>) -> Self {
        let message = match reason {
            Some(reason) => format!("execution reverted: {reason}"),
            None => "execution reverted".to_string(),
        };
        Self {
            code: EXECUTION_REVERTED,
            message,
            data: Some(Value::String(alloy_primitives::hex::encode_prefixed(data))),
        }
    }
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for RpcError {}

/// Result type of one RPC method.
pub type RpcResult<T = Value> = std::result::Result<T, RpcError>;

/// One request object, as received (its `id` is read from the raw object by `handle_one`, which
/// tells an absent id, a notification, from a null one).
#[derive(Debug, Deserialize)]
pub struct Request {
    /// Must be "2.0" when present (many clients omit nothing, some send it anyway).
    #[serde(default)]
    pub jsonrpc: Option<String>,
    /// Method name.
    pub method: String,
    /// Parameters: an array, an object, or absent.
    #[serde(default)]
    pub params: Value,
}

/// One response object.
#[derive(Debug, Serialize)]
pub struct Response {
    jsonrpc: &'static str,
    id: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<RpcError>,
}

impl Response {
    /// Builds the response for `id` from a method's outcome.
    pub fn new(id: Value, outcome: RpcResult) -> Self {
        match outcome {
            Ok(result) => Self {
                jsonrpc: "2.0",
                id,
                result: Some(result),
                error: None,
            },
            Err(error) => Self {
                jsonrpc: "2.0",
                id,
                result: None,
                error: Some(error),
            },
        }
    }
}

/// Positional parameters of one call, decoded one at a time.
pub struct Params {
    values: Vec<Value>,
}

impl Params {
    /// Wraps the raw `params` member (absent/null = no parameters, an object = one parameter).
    pub fn new(raw: Value) -> RpcResult<Self> {
        match raw {
            Value::Null => Ok(Self { values: Vec::new() }),
            Value::Array(values) => Ok(Self { values }),
            Value::Object(_) => Ok(Self { values: vec![raw] }),
            _ => Err(RpcError::invalid_params("params must be an array")),
        }
    }

    /// The required parameter at `index`.
    pub fn required<T: DeserializeOwned>(&self, index: usize) -> RpcResult<T> {
        let value = self.values.get(index).ok_or_else(|| {
            RpcError::invalid_params(format!("missing value for required argument {index}"))
        })?;
        decode(index, value.clone())
    }

    /// The optional parameter at `index` (absent or null = `None`).
    pub fn optional<T: DeserializeOwned>(&self, index: usize) -> RpcResult<Option<T>> {
        match self.values.get(index) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => decode(index, value.clone()).map(Some),
        }
    }

    /// Rejects calls with more than `max` parameters.
    pub fn at_most(&self, max: usize) -> RpcResult<()> {
        if self.values.len() > max {
            return Err(RpcError::invalid_params(format!(
                "too many arguments, want at most {max}"
            )));
        }
        Ok(())
    }
}

fn decode<T: DeserializeOwned>(index: usize, value: Value) -> RpcResult<T> {
    serde_json::from_value(value)
        .map_err(|e| RpcError::invalid_params(format!("invalid argument {index}: {e}")))
}

/// Serialises a method's result value.
pub fn to_value<T: Serialize>(value: T) -> RpcResult {
    serde_json::to_value(value).map_err(|e| RpcError::internal(format!("serialisation: {e}")))
}

/// Handles one HTTP body: a single request or a batch. Returns the body to send, or `None` when
/// every request was a notification (nothing to answer).
pub fn handle_body(
    body: &[u8],
    mut dispatch: impl FnMut(&str, Params) -> RpcResult,
) -> Option<Value> {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            let error = RpcError::new(PARSE_ERROR, format!("parse error: {e}"));
            return to_json(Response::new(Value::Null, Err(error)));
        }
    };
    match parsed {
        Value::Array(items) if items.is_empty() => to_json(Response::new(
            Value::Null,
            Err(RpcError::new(INVALID_REQUEST, "empty batch")),
        )),
        Value::Array(items) if items.len() > MAX_BATCH_REQUESTS => {
            // As geth answers: one error, in an array, with the id of the first call.
            let id = items
                .iter()
                .find_map(|item| item.get("id").filter(|id| is_valid_id(id)).cloned())
                .unwrap_or(Value::Null);
            let error = RpcError::new(
                INVALID_REQUEST,
                format!("batch too large: at most {MAX_BATCH_REQUESTS} requests"),
            );
            Some(Value::Array(vec![to_json(Response::new(id, Err(error)))?]))
        }
        Value::Array(items) => {
            let mut responses = Vec::new();
            let mut size = 0usize;
            for item in items {
                if size > MAX_BATCH_RESPONSE_BYTES {
                    // Not run; answered unless it is a notification.
                    let id = match item.get("id") {
                        None if item.is_object() => continue,
                        id => id.filter(|id| is_valid_id(id)).cloned(),
                    };
                    let error = RpcError::new(RESPONSE_TOO_LARGE, "response too large");
                    responses.extend(to_json(Response::new(
                        id.unwrap_or(Value::Null),
                        Err(error),
                    )));
                    continue;
                }
                if let Some(response) = handle_one(item, &mut dispatch) {
                    size += serialized_len(&response);
                    responses.push(response);
                }
            }
            if responses.is_empty() {
                None
            } else {
                Some(Value::Array(responses))
            }
        }
        single => handle_one(single, &mut dispatch),
    }
}

/// Whether `id` may identify a request: a string, a number or null (JSON-RPC 2.0, section 4).
fn is_valid_id(id: &Value) -> bool {
    matches!(id, Value::String(_) | Value::Number(_) | Value::Null)
}

/// Length of `value` serialised, without building the text.
fn serialized_len(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Invariant: a `Value` always serialises, and `Count` never fails.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

fn handle_one(raw: Value, dispatch: &mut impl FnMut(&str, Params) -> RpcResult) -> Option<Value> {
    // JSON-RPC 2.0: only a request without an "id" member is a notification (`"id": null` is
    // answered, with a null id), and an id is a string, a number or null. A usable id is echoed
    // even when the rest of the object is invalid, as geth does.
    let id = match raw.get("id") {
        None => None,
        Some(id) if is_valid_id(id) => Some(id.clone()),
        Some(_) => {
            let error = RpcError::new(
                INVALID_REQUEST,
                "invalid request: the id must be a string, a number or null",
            );
            return to_json(Response::new(Value::Null, Err(error)));
        }
    };
    let request: Request = match serde_json::from_value(raw) {
        Ok(request) => request,
        Err(e) => {
            let error = RpcError::new(INVALID_REQUEST, format!("invalid request: {e}"));
            return to_json(Response::new(id.unwrap_or(Value::Null), Err(error)));
        }
    };
    let is_notification = id.is_none();
    let id = id.unwrap_or(Value::Null);
    let outcome = match request.jsonrpc.as_deref() {
        Some(version) if version != "2.0" => {
            Err(RpcError::new(INVALID_REQUEST, "jsonrpc must be \"2.0\""))
        }
        _ => Params::new(request.params).and_then(|params| dispatch(&request.method, params)),
    };
    if is_notification {
        return None;
    }
    to_json(Response::new(id, outcome))
}

fn to_json(response: Response) -> Option<Value> {
    // Invariant: `Response` holds only `Value`s and strings, which always serialise.
    Some(serde_json::to_value(response).expect("a JSON-RPC response always serialises"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn echo(method: &str, params: Params) -> RpcResult {
        match method {
            "echo" => params.required::<Value>(0),
            _ => Err(RpcError::new(METHOD_NOT_FOUND, "not found")),
        }
    }

    #[test]
    fn malformed_json_is_a_parse_error_with_null_id() {
        let out = handle_body(b"{not json", echo).unwrap();
        assert_eq!(out["error"]["code"], json!(PARSE_ERROR));
        assert_eq!(out["id"], Value::Null);
    }

    #[test]
    fn batch_answers_each_request_in_order() {
        let body = br#"[{"jsonrpc":"2.0","id":1,"method":"echo","params":[5]},
                        {"jsonrpc":"2.0","id":2,"method":"nope"},
                        {"jsonrpc":"2.0","method":"echo","params":[1]}]"#;
        let out = handle_body(body, echo).unwrap();
        let items = out.as_array().unwrap();
        assert_eq!(items.len(), 2, "the notification gets no answer");
        assert_eq!(items[0]["result"], json!(5));
        assert_eq!(items[1]["error"]["code"], json!(METHOD_NOT_FOUND));
    }

    #[test]
    fn empty_batch_is_an_invalid_request() {
        let out = handle_body(b"[]", echo).unwrap();
        assert_eq!(out["error"]["code"], json!(INVALID_REQUEST));
    }

    #[test]
    fn missing_required_param_is_invalid_params() {
        let out = handle_body(br#"{"jsonrpc":"2.0","id":7,"method":"echo"}"#, echo).unwrap();
        assert_eq!(out["error"]["code"], json!(INVALID_PARAMS));
        assert_eq!(out["id"], json!(7));
    }

    #[test]
    fn null_id_is_answered_and_non_scalar_ids_are_invalid() {
        let out = handle_body(
            br#"{"jsonrpc":"2.0","id":null,"method":"echo","params":[1]}"#,
            echo,
        )
        .expect("a null id is a request, not a notification");
        assert_eq!(out["result"], json!(1));
        assert_eq!(out["id"], Value::Null);
        for id in ["{}", "[1]", "true"] {
            let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"echo","params":[1]}}"#);
            let out = handle_body(body.as_bytes(), echo).unwrap();
            assert_eq!(out["error"]["code"], json!(INVALID_REQUEST), "{id}");
            assert_eq!(out["id"], Value::Null, "{id}");
        }
        let out = handle_body(br#"{"jsonrpc":"2.0","id":"a","method":5}"#, echo).unwrap();
        assert_eq!(out["error"]["code"], json!(INVALID_REQUEST));
        assert_eq!(out["id"], json!("a"), "a usable id is echoed");
    }

    #[test]
    fn batches_are_limited_in_requests_and_response_size() {
        let call =
            |id: usize| format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"echo","params":[1]}}"#);
        let body = |n: usize| format!("[{}]", (0..n).map(call).collect::<Vec<_>>().join(","));
        let out = handle_body(body(MAX_BATCH_REQUESTS).as_bytes(), echo).unwrap();
        assert_eq!(out.as_array().unwrap().len(), MAX_BATCH_REQUESTS);
        let mut runs = 0;
        let out = handle_body(body(MAX_BATCH_REQUESTS + 1).as_bytes(), |m, p| {
            runs += 1;
            echo(m, p)
        })
        .unwrap();
        assert_eq!(runs, 0, "nothing of a batch too large runs");
        assert_eq!(out.as_array().unwrap().len(), 1);
        assert_eq!(out[0]["error"]["code"], json!(INVALID_REQUEST));
        assert_eq!(out[0]["id"], json!(0), "the id of the first call");

        // Answers of 10 MB each: the third goes over the limit, the rest are not run.
        let big = |_: &str, _: Params| Ok(Value::String("x".repeat(10_000_000)));
        let out = handle_body(body(5).as_bytes(), big).unwrap();
        let items = out.as_array().unwrap();
        assert_eq!(items.len(), 5);
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item["id"], json!(i));
            assert_eq!(item.get("result").is_some(), i < 3, "{i}");
        }
        assert_eq!(items[3]["error"]["code"], json!(RESPONSE_TOO_LARGE));
    }

    #[test]
    fn revert_error_carries_hex_data() {
        let error = RpcError::reverted(&[0xde, 0xad], None);
        assert_eq!(error.code, 3);
        assert_eq!(error.data, Some(json!("0xdead")));
    }
}
