//! The server over a real loopback socket: it serves on a bound listener,
//! stops on its shutdown signal, and reports a busy address.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use tokio::net::TcpListener;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_a_bound_listener_until_shutdown() {
    let dir = fresh_temp_dir();
    let db = dir.join("fulcrum.db");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let shutdown = async {
        let _ = tokio::task::spawn_blocking(move || stopped.recv()).await;
    };
    let server = tokio::spawn(fulcrum_server::serve_until(listener, db.clone(), shutdown));

    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .write_all(
                format!(
                    "GET /healthz HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
                    addr.port()
                )
                .as_bytes(),
            )
            .expect("write");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read");
        reply
    })
    .await
    .expect("client");
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(
        reply.ends_with(r#"{"status":"ok","schema_version":8}"#),
        "{reply}"
    );

    stop.send(()).expect("signal");
    server.await.expect("join").expect("clean shutdown");
    assert!(db.exists(), "the database file is created on first serve");
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test]
async fn busy_address_is_a_bind_error() {
    let taken = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr: SocketAddr = taken.local_addr().expect("addr");
    let dir = fresh_temp_dir();
    let err = fulcrum_server::serve(dir.join("fulcrum.db"), addr)
        .await
        .expect_err("address in use");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot listen on {addr}: ")),
        "{err}"
    );
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// A fresh directory under the system temp dir, unique per test and process.
fn fresh_temp_dir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "fulcrum-server-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("create dir");
    dir
}
