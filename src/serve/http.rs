//! The preview server's answers, as a pure function of a request and the current site: which
//! bytes, which status, which headers. Nothing here touches the disk; request paths only ever
//! look up the in-memory site, so no URL can reach a file outside what the build produced.

use std::collections::HashMap;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use crate::text::escape::escape_xml;

/// The policy the default theme is built for: everything from the site itself, nothing inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

pub const EVENTS_PATH: &str = "/__huong/events";
const RELOAD_SCRIPT_PATH: &str = "/__huong/livereload.js";
const OVERLAY_STYLE_PATH: &str = "/__huong/overlay.css";
/// What the preview adds to every HTML page, on one line so tests can take it out again. The
/// page carries the generation it was built in, so a rebuild that finishes while the page is
/// still loading is not missed.
fn injected_head(generation: u64) -> String {
    format!(
        "<script src=\"/__huong/livereload.js\" data-generation=\"{generation}\" defer></script><link rel=\"stylesheet\" href=\"/__huong/overlay.css\">\n"
    )
}

const RELOAD_SCRIPT: &str = include_str!("livereload.js");
const OVERLAY_STYLE: &str = include_str!("overlay.css");

/// The site as the server holds it: output path → bytes, plus the last build's error.
#[derive(Default)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<[u8]>>,
    /// The diagnostics of a failed rebuild, as the terminal showed them.
    pub error: Option<String>,
    /// Counts rebuilds; live-reload clients reload when it changes.
    pub generation: u64,
}

pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
}

#[derive(Debug)]
pub enum Reply {
    Body {
        status: u16,
        content_type: &'static str,
        body: Arc<[u8]>,
        /// `HEAD`: the headers of the `GET` answer, no body.
        head_only: bool,
    },
    /// Open a live-reload event stream.
    Events,
}

impl Reply {
    pub fn text(status: u16, message: &str) -> Reply {
        Reply::Body {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Arc::from(format!("{message}\n").into_bytes()),
            head_only: false,
        }
    }
}

/// Answers one request. `allowed_hosts` are the `Host` values the server accepts (its bound
/// address; `localhost` too when bound to loopback), which defeats DNS rebinding.
pub fn answer(request: &Request, site: &Snapshot, allowed_hosts: &[String]) -> Reply {
    match request.host {
        Some(host)
            if allowed_hosts
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(host)) => {}
        _ => {
            return Reply::text(
                403,
                "huong serve: this Host is not served (the preview answers only its own address)",
            );
        }
    }
    let head_only = match request.method {
        "GET" => false,
        "HEAD" => true,
        _ => return Reply::text(405, "huong serve: only GET and HEAD"),
    };
    let raw_path = request.url.split(['?', '#']).next().unwrap_or("/");
    let Some(path) = decode_path(raw_path) else {
        return Reply::text(400, "huong serve: malformed path");
    };
    if path == EVENTS_PATH {
        let same_origin = request.origin.is_none_or(|origin| {
            allowed_hosts
                .iter()
                .any(|host| origin.eq_ignore_ascii_case(&format!("http://{host}")))
        });
        return if same_origin {
            Reply::Events
        } else {
            Reply::text(
                403,
                "huong serve: live reload is only for pages of this preview",
            )
        };
    }
    let fixed: Option<(&'static str, &'static str)> = match path.as_str() {
        RELOAD_SCRIPT_PATH => Some((RELOAD_SCRIPT, "text/javascript; charset=utf-8")),
        OVERLAY_STYLE_PATH => Some((OVERLAY_STYLE, "text/css; charset=utf-8")),
        _ => None,
    };
    if let Some((text, content_type)) = fixed {
        return Reply::Body {
            status: 200,
            content_type,
            body: Arc::from(text.as_bytes()),
            head_only,
        };
    }
    let key = output_key(&path);
    let (status, key) = match site.files.get(&key) {
        Some(_) => (200, key),
        None if site.files.contains_key(&format!("{key}/index.html")) => {
            return Reply::Body {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: Arc::from(redirect_page(&format!("{path}/")).into_bytes()),
                head_only,
            };
        }
        None => (404, not_found_page(&key, site)),
    };
    let content_type = content_type(&key);
    let body = match site.files.get(&key) {
        Some(bytes) if content_type.starts_with("text/html") => {
            Arc::from(inject(bytes, site).into_bytes())
        }
        Some(bytes) => bytes.clone(),
        None if site.error.is_some() => Arc::from(
            inject(
                b"<!DOCTYPE html><html><head><title>huong</title></head><body></body></html>",
                site,
            )
            .into_bytes(),
        ),
        None => Arc::from(b"404 not found\n".as_slice()),
    };
    let content_type = if site.files.contains_key(&key) || site.error.is_some() {
        content_type
    } else {
        "text/plain; charset=utf-8"
    };
    Reply::Body {
        status,
        content_type,
        body,
        head_only,
    }
}

/// Percent-decodes a URL path once and refuses what no page can be called: invalid or overlong
/// UTF-8, NUL, backslashes and dot segments.
pub fn decode_path(raw: &str) -> Option<String> {
    let decoded = percent_decode_str(raw).decode_utf8().ok()?;
    if !decoded.starts_with('/') || decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    Some(decoded.into_owned())
}

/// `/en/about/` → `en/about/index.html`; `/style.css` → `style.css`.
fn output_key(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The nearest language's 404 page: `en/...` → `en/404.html`, else `404.html`.
fn not_found_page(key: &str, site: &Snapshot) -> String {
    let first = key.split('/').next().unwrap_or("");
    let localized = format!("{first}/404.html");
    if key.contains('/') && site.files.contains_key(&localized) {
        localized
    } else {
        "404.html".to_string()
    }
}

fn redirect_page(to: &str) -> String {
    let to = escape_xml(to);
    format!(
        "<!DOCTYPE html><html><head><meta http-equiv=\"refresh\" content=\"0; url={to}\"><title>{to}</title></head><body><a href=\"{to}\">{to}</a></body></html>"
    )
}

/// Adds the live-reload script to a page, and the error overlay when the last rebuild failed.
fn inject(html: &[u8], site: &Snapshot) -> String {
    let html = String::from_utf8_lossy(html);
    let head = injected_head(site.generation);
    let with_script = match html.find("</head>") {
        Some(at) => format!("{}{head}{}", &html[..at], &html[at..]),
        None => format!("{head}{html}"),
    };
    let Some(error) = site.error.as_deref() else {
        return with_script;
    };
    let overlay = format!(
        "<div id=\"huong-error\" role=\"alert\"><p>huong: the last change could not be built. This page shows the last good version.</p><pre>{}</pre></div>",
        escape_xml(error)
    );
    match with_script
        .find("<body")
        .and_then(|at| with_script[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!("{}{overlay}{}", &with_script[..at], &with_script[at..]),
        None => format!("{with_script}{overlay}"),
    }
}

/// The media type of every kind of file a build writes, with the charset for text.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "geojson" => "application/geo+json",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Snapshot {
        let mut files = HashMap::new();
        for (path, text) in [
            (
                "index.html",
                "<html><head></head><body><p>Trang chủ</p></body></html>",
            ),
            (
                "en/index.html",
                "<html><head></head><body>Home</body></html>",
            ),
            (
                "en/about/index.html",
                "<html><head></head><body>About</body></html>",
            ),
            ("404.html", "<html><head></head><body>404 vi</body></html>"),
            (
                "en/404.html",
                "<html><head></head><body>404 en</body></html>",
            ),
            ("style.css", "body{}"),
        ] {
            files.insert(path.to_string(), Arc::from(text.as_bytes()));
        }
        Snapshot {
            files,
            error: None,
            generation: 1,
        }
    }

    fn get(url: &str) -> Reply {
        let hosts = vec!["127.0.0.1:1111".to_string(), "localhost:1111".to_string()];
        answer(
            &Request {
                method: "GET",
                url,
                host: Some("127.0.0.1:1111"),
                origin: None,
            },
            &site(),
            &hosts,
        )
    }

    fn status(reply: &Reply) -> u16 {
        match reply {
            Reply::Body { status, .. } => *status,
            Reply::Events => 0,
        }
    }

    #[test]
    fn traversal_attempts_never_leave_the_site() {
        for url in [
            "/../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/en/..%2f..%2fsite.toml",
            "/..\\..\\etc\\passwd",
            "/%c0%ae%c0%ae/etc/passwd",
            "/index.html%00.css",
            "/%2e%2e%5c",
        ] {
            assert_eq!(status(&get(url)), 400, "{url}");
        }
        // Double encoding decodes once to a literal name that no page has.
        assert_eq!(status(&get("/%252e%252e/%252e%252e/etc/passwd")), 404);
    }

    #[test]
    fn pages_answer_with_types_and_the_nearest_404() {
        let Reply::Body {
            status,
            content_type,
            body,
            ..
        } = get("/en/about/")
        else {
            panic!()
        };
        assert_eq!((status, content_type), (200, "text/html; charset=utf-8"));
        assert!(String::from_utf8_lossy(&body).contains(&injected_head(1)));
        let Reply::Body { content_type, .. } = get("/style.css?v=1") else {
            panic!()
        };
        assert_eq!(content_type, "text/css; charset=utf-8");
        let Reply::Body { status, body, .. } = get("/en/missing/") else {
            panic!()
        };
        assert_eq!(status, 404);
        assert!(String::from_utf8_lossy(&body).contains("404 en"));
        assert_eq!(status_of_host("evil.example:1111"), 403);
    }

    fn status_of_host(host: &str) -> u16 {
        let hosts = vec!["127.0.0.1:1111".to_string()];
        status(&answer(
            &Request {
                method: "GET",
                url: "/",
                host: Some(host),
                origin: None,
            },
            &site(),
            &hosts,
        ))
    }

    #[test]
    fn the_overlay_escapes_the_error() {
        let mut snapshot = site();
        snapshot.error = Some("error: <script>alert(1)</script> in content/a.vi.md:3:1".into());
        let hosts = vec!["127.0.0.1:1111".to_string()];
        let Reply::Body { body, .. } = answer(
            &Request {
                method: "GET",
                url: "/",
                host: Some("127.0.0.1:1111"),
                origin: None,
            },
            &snapshot,
            &hosts,
        ) else {
            panic!()
        };
        let html = String::from_utf8_lossy(&body);
        assert!(html.contains("<body><div id=\"huong-error\" role=\"alert\">"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; in content/a.vi.md:3:1"));
        assert!(!html.contains("<script>alert"));
    }
}
