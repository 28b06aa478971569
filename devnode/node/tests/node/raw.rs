//! Raw HTTP: malformed JSON, unknown methods, batches, bad parameters.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
};

use serde_json::{json, Value};

use crate::common::node;

/// POSTs `body` and returns the HTTP status code and parsed JSON body (`Null` if empty).
pub fn post(addr: SocketAddr, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).expect("the node accepts connections");
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .expect("request written");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    let (head, payload) = response.split_once("\r\n\r\n").expect("an HTTP response");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    let value = if payload.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(payload).expect("the body is JSON")
    };
    (status, value)
}

#[test]
fn malformed_json_is_a_parse_error_and_the_node_keeps_serving() {
    let node = node();
    let (status, body) = post(node.addr(), "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\"");
    assert_eq!(status, 200);
    assert_eq!(body["error"]["code"], json!(-32700));
    let (_, body) = post(
        node.addr(),
        r#"{"jsonrpc":"2.0","id":2,"method":"eth_chainId"}"#,
    );
    assert_eq!(body["result"], json!("0x64aba"));
}

#[test]
fn unknown_method_is_method_not_found() {
    let node = node();
    let (_, body) = post(
        node.addr(),
        r#"{"jsonrpc":"2.0","id":1,"method":"eth_bogus","params":[]}"#,
    );
    assert_eq!(body["error"]["code"], json!(-32601));
    assert_eq!(body["id"], json!(1));
}

#[test]
fn bad_params_are_invalid_params() {
    let node = node();
    let (_, body) = post(
        node.addr(),
        r#"{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["not-an-address"]}"#,
    );
    assert_eq!(body["error"]["code"], json!(-32602));
    let (_, body) = post(
        node.addr(),
        r#"{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":[]}"#,
    );
    assert_eq!(body["error"]["code"], json!(-32602));
}

#[test]
fn batch_requests_are_answered_in_order() {
    let node = node();
    let (_, body) = post(
        node.addr(),
        r#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
            {"jsonrpc":"2.0","id":2,"method":"net_version"},
            {"jsonrpc":"2.0","id":3,"method":"nope_nope"},
            {"jsonrpc":"2.0","id":4,"method":"eth_blockNumber"}]"#,
    );
    let items = body.as_array().expect("a batch answer is an array");
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["result"], json!("0x64aba"));
    assert_eq!(items[1]["result"], json!("412346"));
    assert_eq!(items[2]["error"]["code"], json!(-32601));
    assert_eq!(items[3]["result"], json!("0x0"));
    assert_eq!(items[3]["id"], json!(4));
}

#[test]
fn garbage_raw_transaction_is_rejected_clearly() {
    let node = node();
    let (_, body) = post(
        node.addr(),
        r#"{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x02deadbeef"]}"#,
    );
    assert_eq!(body["error"]["code"], json!(-32000));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("decode"),
        "{body}"
    );
}

#[test]
fn get_requests_are_refused() {
    let node = node();
    let mut stream = TcpStream::connect(node.addr()).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 405"), "{response}");
}
