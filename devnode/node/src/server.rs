//! The HTTP/1.1 transport: POST bodies in, JSON-RPC responses out.
//!
//! Requests are answered in place on the node's one thread: the chain sits behind one mutex, so
//! they would run one at a time anyway, and skipping the hand-off to a blocking pool is what
//! makes a request cheap. A slow call delays the others, as it would behind the mutex.

use std::{convert::Infallible, net::TcpListener as StdListener, sync::Arc};

use http_body_util::{BodyExt, Full, Limited};
use hyper::{
    body::{Body as _, Bytes, Incoming},
    header, Method, Request, Response, StatusCode,
};
use hyper_util::rt::TokioIo;
use tokio::{net::TcpListener, sync::watch};

use crate::rpc::{jsonrpc, Api};

/// Largest request body accepted, in bytes (a 24 KiB program hex-encoded in a transaction fits
/// many times over).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Serves JSON-RPC on `listener` until `shutdown` turns `true`.
pub(crate) async fn serve(
    listener: StdListener,
    api: Arc<Api>,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return Ok(()),
        };
        let (stream, _) = match accepted {
            Ok(pair) => pair,
            // A connection that failed during accept (reset, out of descriptors) must not
            // stop the node.
            Err(_) => continue,
        };
        // Answers go out at once, not held back by Nagle's algorithm waiting for an ACK.
        let _ = stream.set_nodelay(true);
        let api = Arc::clone(&api);
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let api = Arc::clone(&api);
                async move { Ok::<_, Infallible>(handle(api, request).await) }
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                // Errors of one connection (client went away) concern only that connection.
                _ = conn.as_mut() => {}
                _ = conn_shutdown.changed() => conn.as_mut().graceful_shutdown(),
            }
        });
    }
}

async fn handle(api: Arc<Api>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    match *request.method() {
        Method::POST => {}
        // CORS preflight from browser tools.
        Method::OPTIONS => return reply(StatusCode::OK, Bytes::new()),
        _ => {
            return reply(
                StatusCode::METHOD_NOT_ALLOWED,
                Bytes::from_static(b"JSON-RPC over HTTP POST only"),
            )
        }
    }
    // A body declared larger than the limit is refused before any of it is read (as geth
    // does): waiting for bytes that will be refused anyway would leave the client hanging.
    if request.body().size_hint().lower() > MAX_BODY_BYTES as u64 {
        return reply(
            StatusCode::PAYLOAD_TOO_LARGE,
            Bytes::from_static(b"body too large"),
        );
    }
    let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                Bytes::from_static(b"body too large"),
            )
        }
    };
    // In place: the chain sits behind one mutex, so requests run one at a time anyway, and
    // this thread has the stack executions need (see `node::spawn`).
    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        jsonrpc::handle_body(&body, |method, params| api.dispatch(method, params))
    }));
    match answer {
        Ok(Some(value)) => match serde_json::to_vec(&value) {
            Ok(bytes) => reply(StatusCode::OK, Bytes::from(bytes)),
            Err(_) => reply(StatusCode::INTERNAL_SERVER_ERROR, Bytes::new()),
        },
        Ok(None) => reply(StatusCode::OK, Bytes::new()),
        // The handler panicked: report it as an internal error; the node keeps serving.
        Err(_) => {
            let error = jsonrpc::RpcError::internal("request handler panicked");
            let body = serde_json::json!({"jsonrpc": "2.0", "id": null, "error": error});
            reply(StatusCode::OK, Bytes::from(body.to_string()))
        }
    }
}

fn reply(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        header::HeaderValue::from_static("content-type"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        header::HeaderValue::from_static("POST, OPTIONS"),
    );
    response
}
