//! The preview server's HTTP/1.1 connections. Each accepted connection gets a thread of its own,
//! which reads its requests (parsed by httparse), has them answered and writes the replies,
//! keeping the connection open between requests as browsers expect.
//!
//! A thread per connection, not a pool: a live-reload stream holds its connection for as long as
//! its tab is open, and a pool that queues a new connection behind such a stream leaves a page
//! request waiting with no answer (what tiny_http's pool did, now and then, with many tabs open).

use std::io::{self, ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crate::serve::http::{CONTENT_SECURITY_POLICY, Reply, Request};

/// The longest request head read (request line and headers): far above what a browser sends.
const LONGEST_HEAD: usize = 16 * 1024;
const MOST_HEADERS: usize = 64;
/// How long a connection may stay silent before its thread ends: an idle keep-alive connection
/// of a closed tab, or a client that stopped reading.
const IDLE: Duration = Duration::from_secs(30);

/// What the server does with the requests its connections read.
pub trait Handler: Send + Sync + 'static {
    fn answer(&self, request: &Request) -> Reply;
    /// Writes live-reload events to `out` (whose response head is already written) until the
    /// client goes away.
    fn stream_events(&self, out: &mut dyn Write);
}

/// Listens on `port`, or the next free one of the nine after it (`0`: any free port).
pub fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), String> {
    let mut last_error = String::new();
    let candidates: Vec<u16> = if port == 0 {
        vec![0]
    } else {
        (port..port.saturating_add(10)).collect()
    };
    for candidate in candidates {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(listener) => {
                let address = listener.local_addr().map_err(|error| error.to_string())?;
                if candidate != port && port != 0 {
                    eprintln!(
                        "port {port} is in use; serving on port {} instead",
                        address.port()
                    );
                }
                return Ok((listener, address));
            }
            Err(error) => last_error = error.to_string(),
        }
    }
    Err(format!(
        "cannot listen on {ip}, ports {port} to {}: {last_error}; stop the other server or choose a port with --port",
        port.saturating_add(9)
    ))
}

/// Accepts connections for as long as the process runs.
pub fn listen<H: Handler>(listener: TcpListener, handler: Arc<H>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait for some connections to close.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let handler = handler.clone();
        // A thread that cannot be started drops (closes) its connection; the server goes on.
        let _ = thread::Builder::new()
            .name("huong-connection".to_string())
            .spawn(move || serve_connection(stream, handler.as_ref()));
    }
}

fn serve_connection(mut stream: TcpStream, handler: &dyn Handler) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    // Each reply is written as a head and a body: no waiting for an acknowledgement between them.
    let _ = stream.set_nodelay(true);
    let mut unread = Vec::new();
    while let Some(next) = next_request(&mut stream, &mut unread) {
        let (reply, keep_alive) = match next {
            Ok(head) => (handler.answer(&head.request()), head.keep_alive),
            Err(refusal) => (refusal, false),
        };
        match reply {
            Reply::Events => {
                if stream.write_all(EVENTS_HEAD.as_bytes()).is_ok() {
                    handler.stream_events(&mut stream);
                }
                return;
            }
            Reply::Body {
                status,
                content_type,
                body,
                head_only,
            } => {
                let head = reply_head(status, content_type, body.len(), keep_alive);
                let written = stream.write_all(head.as_bytes()).and_then(|()| {
                    if head_only {
                        Ok(())
                    } else {
                        stream.write_all(&body)
                    }
                });
                if written.is_err() {
                    return;
                }
                if !keep_alive {
                    return close(stream);
                }
            }
        }
    }
}

/// Ends a connection after its last reply. Closing a socket with bytes still unread (a body, a
/// request after a refused one) makes the kernel reset the connection, and the client may then
/// lose the reply; so the server stops writing and reads what is left, for a moment, first.
fn close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = io::copy(&mut (&mut stream).take(1 << 20), &mut io::sink());
}

const EVENTS_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n";

/// A request's head, owned, so that the bytes it was read from can make room for the next.
struct Head {
    method: String,
    url: String,
    host: Option<String>,
    origin: Option<String>,
    /// Whether the connection stays open for another request after this one is answered.
    keep_alive: bool,
}

impl Head {
    fn read(request: &httparse::Request) -> Head {
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|header| header.name.eq_ignore_ascii_case(name))
                .and_then(|header| std::str::from_utf8(header.value).ok())
                .map(str::trim)
        };
        let connection = header("Connection").unwrap_or("").to_ascii_lowercase();
        let wants_close = connection.split(',').any(|token| token.trim() == "close");
        let wants_keep_alive = connection
            .split(',')
            .any(|token| token.trim() == "keep-alive");
        // A body is never read (only GET and HEAD are answered), so the connection cannot go on
        // past one.
        let has_body = header("Transfer-Encoding").is_some()
            || header("Content-Length").is_some_and(|length| length != "0");
        let keep_alive =
            !has_body && !wants_close && (request.version == Some(1) || wants_keep_alive);
        Head {
            method: request.method.unwrap_or("").to_string(),
            url: request.path.unwrap_or("/").to_string(),
            host: header("Host").map(str::to_string),
            origin: header("Origin").map(str::to_string),
            keep_alive,
        }
    }

    fn request(&self) -> Request<'_> {
        Request {
            method: &self.method,
            url: &self.url,
            host: self.host.as_deref(),
            origin: self.origin.as_deref(),
        }
    }
}

/// The next request read from the connection, or a refusal to answer before closing it; `None`
/// when the client closed it or stayed silent for too long.
fn next_request(stream: &mut TcpStream, unread: &mut Vec<u8>) -> Option<Result<Head, Reply>> {
    loop {
        if !unread.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; MOST_HEADERS];
            let mut request = httparse::Request::new(&mut headers);
            match request.parse(unread) {
                Ok(httparse::Status::Complete(length)) => {
                    let head = Head::read(&request);
                    // What follows is the start of the next request (pipelining).
                    unread.drain(..length);
                    return Some(Ok(head));
                }
                Ok(httparse::Status::Partial) if unread.len() < LONGEST_HEAD => {}
                Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                    return Some(Err(Reply::text(
                        431,
                        "huong serve: the request's headers are too large",
                    )));
                }
                Err(_) => return Some(Err(Reply::text(400, "huong serve: malformed request"))),
            }
        }
        let mut chunk = [0; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(read) => unread.extend_from_slice(&chunk[..read]),
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// The status line and headers of a reply with a body of `length` bytes.
fn reply_head(status: u16, content_type: &str, length: usize, keep_alive: bool) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nX-Content-Type-Options: nosniff\r\nContent-Security-Policy: {CONTENT_SECURITY_POLICY}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n",
        reason(status)
    );
    if status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    head
}

/// The reason phrase of each status the preview sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "",
    }
}

/// Lets a test drive a connection with bytes of its choosing.
#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;

    impl Handler for Echo {
        fn answer(&self, request: &Request) -> Reply {
            let text = format!("{} {} {:?}", request.method, request.url, request.host);
            Reply::Body {
                status: 200,
                content_type: "text/plain",
                body: Arc::from(text.into_bytes()),
                head_only: request.method == "HEAD",
            }
        }
        fn stream_events(&self, out: &mut dyn Write) {
            let _ = out.write_all(b"data: 1\n\n");
        }
    }

    /// Sends `bytes` on a fresh connection, half-closes it, and returns all the server wrote.
    fn exchange(bytes: &[u8]) -> String {
        let (listener, address) = bind(IpAddr::from([127, 0, 0, 1]), 0).unwrap();
        thread::spawn(move || listen(listener, Arc::new(Echo)));
        let mut client = TcpStream::connect(address).unwrap();
        client.write_all(bytes).unwrap();
        client.shutdown(Shutdown::Write).unwrap();
        let mut reply = String::new();
        client.read_to_string(&mut reply).unwrap();
        reply
    }

    #[test]
    fn pipelined_requests_are_answered_in_order_on_one_connection() {
        let reply = exchange(
            b"GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD /b HTTP/1.1\r\nHost: h\r\n\r\nGET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /d HTTP/1.1\r\n\r\n",
        );
        assert_eq!(reply.matches("HTTP/1.1 200 OK").count(), 3, "{reply}");
        let a = reply.find("GET /a Some(\"h\")").unwrap();
        let c = reply.find("GET /c Some(\"h\")").unwrap();
        assert!(a < c && !reply.contains("/b Some") && !reply.contains("/d"));
        assert_eq!(reply.matches("Connection: keep-alive").count(), 2);
        // HEAD: the length of the body it leaves out.
        let head_length = "HEAD /b Some(\"h\")".len();
        assert!(reply.contains(&format!("Content-Length: {head_length}\r\n")));
    }

    #[test]
    fn bad_requests_are_refused_and_the_connection_closed() {
        let malformed = exchange(b"GET /a HTTP/1.1\r\nHost h\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
        assert!(
            malformed.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{malformed}"
        );
        assert!(malformed.contains("Connection: close") && !malformed.contains("/b"));
        let huge = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n", "a".repeat(LONGEST_HEAD));
        assert!(exchange(huge.as_bytes()).starts_with("HTTP/1.1 431 "));
        let many: String = (0..=MOST_HEADERS)
            .map(|i| format!("X-{i}: 1\r\n"))
            .collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert!(exchange(many.as_bytes()).starts_with("HTTP/1.1 431 "));
        // A body it does not read ends the connection after the answer.
        let posted = exchange(
            b"POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
        );
        assert!(posted.contains("Connection: close") && !posted.contains("GET /b"));
        // HTTP/1.0 closes unless it asks otherwise.
        assert!(
            exchange(b"GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n")
                .contains("Connection: close")
        );
    }
}
