//! A keep-alive HTTP/1.1 client over a plain socket: every answer is read in full, and a dropped
//! connection or a stalled answer is reported, never waited out.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{SocketAddr, TcpStream},
};

use serde_json::{json, Value};

use super::HANG;

pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) close: bool,
    pub(super) body: Vec<u8>,
}

impl Reply {
    pub(super) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the answer is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

pub(super) struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    /// Connections opened, to check that the node does not close keep-alive connections.
    pub(super) opened: usize,
}

impl Conn {
    pub(super) fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            stream: None,
            opened: 0,
        }
    }

    pub(super) fn stream(&mut self) -> &mut BufReader<TcpStream> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.addr).expect("the node accepts connections");
            stream.set_read_timeout(Some(HANG)).unwrap();
            stream.set_write_timeout(Some(HANG)).unwrap();
            stream.set_nodelay(true).unwrap();
            self.stream = Some(BufReader::new(stream));
            self.opened += 1;
        }
        self.stream.as_mut().unwrap()
    }

    /// Sends raw bytes and reads one answer.
    pub(super) fn exchange(&mut self, request: &[u8]) -> std::io::Result<Reply> {
        let stream = self.stream();
        stream.get_mut().write_all(request)?;
        let reply = read_reply(stream);
        match &reply {
            Ok(r) if !r.close => {}
            _ => self.stream = None,
        }
        reply
    }

    /// POSTs a JSON-RPC body.
    pub(super) fn post(&mut self, body: &[u8]) -> std::io::Result<Reply> {
        let mut request = format!(
            "POST / HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        self.exchange(&request)
    }

    /// One call that must succeed; returns its result.
    pub(super) fn call(&mut self, method: &str, params: Value) -> Value {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let reply = self
            .post(body.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(reply.status, 200, "{method}");
        let answer = reply.json();
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }
}

pub(super) fn read_reply(stream: &mut BufReader<TcpStream>) -> std::io::Result<Reply> {
    let mut line = String::new();
    if stream.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the node closed the connection without an answer",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP status line: {line:?}"));
    let mut length = 0usize;
    let mut close = false;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((header, ""));
        let (name, value) = (name.to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        if name == "content-length" {
            length = value.parse().expect("a numeric content-length");
        } else if name == "connection" && value == "close" {
            close = true;
        } else if name == "transfer-encoding" {
            panic!("the node answers with a content-length, not {value}");
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body)?;
    Ok(Reply {
        status,
        close,
        body,
    })
}
