//! A minimal JSON-RPC client for the timed loops: one keep-alive HTTP/1.1 connection, requests
//! written as prepared bytes, responses read by `Content-Length` (as `wrk` does). Its own cost is
//! a few microseconds, so the figures are the node's and not a client library's; both nodes get
//! the same client.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
};

use eyre::{bail, eyre, Result, WrapErr};

/// One connection to a node.
pub struct Wire {
    host: String,
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    next_id: u64,
}

impl Wire {
    /// Connects to `url` (`http://host:port`).
    pub fn connect(url: &str) -> Result<Self> {
        let host = url
            .strip_prefix("http://")
            .ok_or_else(|| eyre!("{url}: only http:// endpoints"))?
            .trim_end_matches('/')
            .to_string();
        let stream = TcpStream::connect(&host).wrap_err_with(|| format!("connecting to {host}"))?;
        stream.set_nodelay(true)?;
        Ok(Self {
            host,
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
            next_id: 1,
        })
    }

    /// Sends `method(params)` (`params` is JSON text) and returns the response body, refusing
    /// a JSON-RPC error.
    pub fn request(&mut self, method: &str, params: &str) -> Result<String> {
        let body = format!(
            r#"{{"jsonrpc":"2.0","id":{},"method":"{method}","params":{params}}}"#,
            self.next_id
        );
        self.next_id += 1;
        let head = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.host,
            body.len()
        );
        self.writer
            .write_all([head.as_bytes(), body.as_bytes()].concat().as_slice())?;
        let response = self.read_response()?;
        if response.contains(r#""error""#) {
            bail!("{method}: {response}");
        }
        Ok(response)
    }

    fn read_response(&mut self) -> Result<String> {
        let mut length = None;
        let mut line = String::new();
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                bail!("the node closed the connection");
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = Some(value.trim().parse::<usize>()?);
                }
            }
        }
        let length = length.ok_or_else(|| eyre!("response without Content-Length"))?;
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(String::from_utf8(body)?)
    }
}

/// The `"result"` string of a JSON-RPC response (`null` gives `None`).
pub fn result_string(response: &str) -> Option<&str> {
    let rest = &response[response.find(r#""result":"#)? + 9..];
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}
