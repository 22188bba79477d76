//! `huong serve` driven as an editor and an attacker would: the real binary on a free port,
//! files saved in every way editors save them, errors shown and cleared, hostile requests
//! refused while the server stays up.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{Site, files_below};

/// Takes out the one line the preview adds to every page (its live-reload script and overlay
/// style), so the rest can be compared with a clean build.
fn without_injection(html: &str) -> String {
    match html.find("<script src=\"/__huong/livereload.js\"") {
        Some(start) => {
            let end = html[start..]
                .find('\n')
                .map_or(html.len(), |i| start + i + 1);
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &Site) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huong"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (sender, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let port = loop {
            let line = log
                .recv_timeout(deadline - Instant::now())
                .expect("serve printed its address");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
            }
        };
        Server { child, port, log }
    }

    /// A raw HTTP/1.1 request, so that tests control every byte (paths, Host, Origin).
    fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let host = format!("127.0.0.1:{}", self.port);
        let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("host"))
        {
            request.push_str(&format!("Host: {host}\r\n"));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..split]).to_string();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response.get(split + 4..).unwrap_or_default().to_vec();
        (status, head, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.raw("GET", path, &[]);
        (status, without_injection(&String::from_utf8_lossy(&body)))
    }

    /// Polls until the page satisfies `check` (rebuilds take a moment after a save).
    fn wait_for(&self, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = self.get(path);
            if check(status, &body) {
                return body;
            }
            if Instant::now() > deadline {
                let log: Vec<String> = self.log.try_iter().collect();
                panic!(
                    "{path} never showed {what}; last status {status}; log:\n{}\nbody:\n{body}",
                    log.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Asserts the served site equals what a clean `huong build` of the same files gives.
    fn assert_matches_clean_build(&self, site: &Site) {
        let out = tempfile::tempdir().unwrap();
        let built = Command::new(env!("CARGO_BIN_EXE_huong"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("-o")
            .arg(out.path().join("site"))
            .env("CI", "true")
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let dir = out.path().join("site");
        for file in files_below(&dir)
            .into_iter()
            .filter(|f| f != ".huong-output")
        {
            let expected = std::fs::read(dir.join(&file)).unwrap();
            let expected = String::from_utf8_lossy(&expected);
            let served = self.wait_for(
                &format!("/{file}"),
                "the clean build's bytes",
                |status, body| status == 200 && body == expected,
            );
            assert_eq!(served, expected, "{file}");
        }
    }
}

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2024-05-01\n+++\n{body}\n")
}

#[test]
fn every_way_editors_save_ends_in_the_clean_build() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site);
    server.wait_for("/di-san/dai-noi/", "the first build", |s, _| s == 200);

    // In place.
    site.write(
        "content/di-san/dai-noi.vi.md",
        page("Đại Nội", "Sửa tại chỗ."),
    );
    server.wait_for("/di-san/dai-noi/", "the in-place edit", |_, b| {
        b.contains("Sửa tại chỗ.")
    });
    // Write to a temporary file, then rename over the original (vim, VS Code, JetBrains).
    site.write(
        "content/di-san/.dai-noi.vi.md.tmp",
        page("Đại Nội", "Ghi rồi đổi tên."),
    );
    std::fs::rename(
        site.path("content/di-san/.dai-noi.vi.md.tmp"),
        site.path("content/di-san/dai-noi.vi.md"),
    )
    .unwrap();
    server.wait_for("/di-san/dai-noi/", "the renamed save", |_, b| {
        b.contains("Ghi rồi đổi tên.")
    });
    // sed -i.
    let sed = Command::new("sed")
        .args(["-i", "s/Ghi rồi đổi tên/Sửa bằng sed/"])
        .arg(site.path("content/di-san/dai-noi.vi.md"))
        .status()
        .unwrap();
    assert!(sed.success());
    server.wait_for("/di-san/dai-noi/", "the sed edit", |_, b| {
        b.contains("Sửa bằng sed")
    });
    // A file copied as it is: saved again with other bytes of the same length.
    site.write("static/lien-he.txt", "phiên 1");
    server.wait_for("/lien-he.txt", "the new static file", |s, b| {
        s == 200 && b == "phiên 1"
    });
    site.write("static/lien-he.txt", "phiên 2");
    server.wait_for("/lien-he.txt", "the saved static file", |_, b| {
        b == "phiên 2"
    });
    // An empty file first, filled a moment later.
    site.write("content/tin-tuc/moi.vi.md", "");
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/tin-tuc/moi.vi.md",
        page("Tin mới", "Vừa điền nội dung."),
    );
    server.wait_for("/tin-tuc/moi/", "the filled file", |s, b| {
        s == 200 && b.contains("Vừa điền nội dung.")
    });
    // Rename a page, delete a page, delete a whole folder.
    std::fs::rename(
        site.path("content/tin-tuc/moi.vi.md"),
        site.path("content/tin-tuc/doi-ten.vi.md"),
    )
    .unwrap();
    server.wait_for("/tin-tuc/doi-ten/", "the renamed page", |s, _| s == 200);
    server.wait_for("/tin-tuc/moi/", "the old name gone", |s, _| s == 404);
    site.remove("content/tin-tuc/tin-1.vi.md");
    server.wait_for("/tin-tuc/tin-1/", "the deleted page gone", |s, _| s == 404);
    std::fs::remove_dir_all(site.path("content/di-san/lang-tu-duc")).unwrap();
    // The English page linked to the bundle: the link breaks, so the preview shows the error.
    server.wait_for("/en/heritage/imperial-city/", "the overlay", |_, b| {
        b.contains("id=\"huong-error\"")
    });
    site.write(
        "content/di-san/dai-noi.en.md",
        "+++\ntitle = \"The Imperial City\"\nslug = \"imperial-city\"\n+++\nNo links now.\n",
    );
    server.wait_for("/en/heritage/imperial-city/", "the fixed page", |_, b| {
        b.contains("No links now.") && !b.contains("huong-error")
    });
    // A burst like `git checkout` of many files: 200 new pages in a moment.
    for i in 0..200 {
        site.write(
            &format!("content/tin-tuc/loat-{i}.vi.md"),
            page(&format!("Loạt {i}"), "Nhiều tệp."),
        );
    }
    server.wait_for(
        "/tin-tuc/loat-199/",
        "the last page of the burst",
        |s, _| s == 200,
    );
    server.assert_matches_clean_build(&site);
    assert!(
        !site.path("public").exists(),
        "serve writes nothing to disk"
    );
}

#[test]
fn a_burst_of_saves_gives_one_or_two_rebuilds() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site);
    server.wait_for("/di-san/dai-noi/", "the first build", |s, _| s == 200);
    let _ = server.log.try_iter().count();

    // Like `git checkout` of a branch: 500 new pages, written as fast as the disk takes them.
    let started = Instant::now();
    for i in 0..500 {
        site.write(
            &format!("content/tin-tuc/nhanh-{i}.vi.md"),
            page(&format!("Nhánh {i}"), "Từ một nhánh khác."),
        );
    }
    let burst = started.elapsed();
    server.wait_for("/tin-tuc/nhanh-499/", "the last page", |s, _| s == 200);
    // A rebuild that started during the burst is followed by one more, never by a queue.
    std::thread::sleep(Duration::from_millis(1500));
    let log: Vec<String> = server.log.try_iter().collect();
    let rebuilds = log
        .iter()
        .filter(|line| line.starts_with("rebuilt after a change"))
        .count();
    assert!(
        (1..=2).contains(&rebuilds),
        "{rebuilds} rebuilds for 500 files saved in {burst:?}:\n{}",
        log.join("\n")
    );
    for i in [0, 250, 499] {
        let (status, _) = server.get(&format!("/tin-tuc/nhanh-{i}/"));
        assert_eq!(status, 200, "page {i} of the burst");
    }
}

#[test]
fn a_busy_port_is_said_plainly_and_the_next_one_used() {
    let site = Site::fixture("bilingual");
    let first = Server::start(&site);
    let mut second = Command::new(env!("CARGO_BIN_EXE_huong"))
        .args(["serve", "--port", &first.port.to_string(), "--root"])
        .arg(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = second.stderr.take().unwrap();
    let lines: Vec<String> = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .take_while(|line| !line.starts_with("serving"))
        .collect();
    let _ = second.kill();
    let _ = second.wait();
    let expected = format!(
        "port {} is in use; serving on port {} instead",
        first.port,
        first.port + 1
    );
    assert!(lines.iter().any(|line| line == &expected), "{lines:?}");
}

#[test]
fn errors_show_in_the_page_and_go_away_and_the_server_survives() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site);
    let good = server.wait_for("/di-san/dai-noi/", "the first build", |s, _| s == 200);

    site.write(
        "content/di-san/dai-noi.vi.md",
        "+++\ntitle = \"Đại Nội\"\ndate = 2022-02-30\n+++\nx\n",
    );
    let broken = server.wait_for("/di-san/dai-noi/", "the overlay", |_, b| {
        b.contains("id=\"huong-error\"")
    });
    assert!(
        broken.contains("invalid date, expected day between 01 and 28"),
        "{broken}"
    );
    assert!(
        broken.contains("content/di-san/dai-noi.vi.md:3:"),
        "the same text as the terminal"
    );
    assert!(
        broken.contains("Hoàng thành Huế"),
        "the last good page is still served"
    );

    site.write("content/di-san/dai-noi.vi.md", page("Đại Nội", "Đã sửa."));
    server.wait_for("/di-san/dai-noi/", "the overlay gone", |_, b| {
        b.contains("Đã sửa.") && !b.contains("huong-error")
    });

    // A template error.
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for file in files_below(&theme) {
        site.write(
            &format!("themes/default/{file}"),
            std::fs::read(theme.join(&file)).unwrap(),
        );
    }
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block content %}{{ page.title | no_such_filter }}{% endblock content %}");
    // Copying the theme file by file may be seen half done (a template not there yet); wait
    // for the error of the broken template itself.
    server.wait_for("/di-san/dai-noi/", "the template error", |_, b| {
        b.contains("id=\"huong-error\"") && b.contains("no_such_filter")
    });
    site.remove("themes/default/templates/page.html");
    site.write(
        "themes/default/templates/page.html",
        std::fs::read(theme.join("templates/page.html")).unwrap(),
    );
    server.wait_for("/di-san/dai-noi/", "the template fixed", |_, b| {
        !b.contains("huong-error")
    });

    // site.toml deleted, then restored.
    let config = std::fs::read(site.path("site.toml")).unwrap();
    site.remove("site.toml");
    server.wait_for("/", "the missing site.toml", |_, b| {
        b.contains("id=\"huong-error\"") && b.contains("site.toml")
    });
    site.write("site.toml", config);
    server.wait_for("/", "the site back", |s, b| {
        s == 200 && !b.contains("huong-error")
    });
    assert!(!good.is_empty());
}

#[test]
fn hostile_requests_are_refused_and_the_server_stays_up() {
    let site = Site::fixture("bilingual");
    site.write("static/favicon.txt", "hi");
    let server = Server::start(&site);
    server.wait_for("/", "the first build", |s, _| s == 200);
    // A symlink planted in static/ fails the rebuild; the last good site, without it, stays.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.path("static/passwd")).unwrap();
    server.wait_for("/", "the symlink refused", |_, b| {
        b.contains("is a symbolic link")
    });
    for path in [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/di-san/..%2f..%2f..%2fsite.toml",
        "/..\\..\\site.toml",
        "/%c0%ae%c0%ae/site.toml",
        "/index.html%00.txt",
    ] {
        let (status, _, body) = server.raw("GET", path, &[]);
        assert_eq!(status, 400, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("root:"), "{path}");
    }
    assert_eq!(server.raw("GET", "/%252e%252e/site.toml", &[]).0, 404);
    let (status, _, body) = server.raw("GET", "/passwd", &[]);
    assert_eq!(status, 404, "a planted symlink is never served");
    assert!(!String::from_utf8_lossy(&body).contains("root:"));
    assert_eq!(
        server.raw("GET", "/", &[("Host", "attacker.example")]).0,
        403,
        "DNS rebinding"
    );
    assert_eq!(
        server
            .raw(
                "GET",
                "/__huong/events",
                &[("Origin", "http://attacker.example")]
            )
            .0,
        403
    );
    assert_eq!(server.raw("POST", "/", &[]).0, 405);
    assert_eq!(server.raw("DELETE", "/index.html", &[]).0, 405);
    let (status, head, _) = server.raw("GET", "/", &[("Origin", "http://attacker.example")]);
    assert_eq!(status, 200);
    assert!(
        !head.to_ascii_lowercase().contains("access-control-allow"),
        "no CORS headers: {head}"
    );
    assert!(head.contains("X-Content-Type-Options: nosniff"));
    assert!(head.contains("Content-Security-Policy: default-src 'self'"));
    assert_eq!(server.get("/").0, 200, "still up");
}

#[test]
fn every_kind_of_file_has_its_type() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site);
    server.wait_for("/", "the first build", |s, _| s == 200);
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/print.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/di-san/lang-tu-duc/ho.png", "image/png"),
        ("/__huong/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let (status, head, _) = server.raw("GET", path, &[]);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("Content-Type: {expected}")),
            "{path}: {head}"
        );
    }
    let (status, head, body) = server.raw("HEAD", "/", &[]);
    assert_eq!(status, 200);
    assert!(body.is_empty() && head.contains("Content-Length:"));
}

/// The calendar a visitor subscribes to and the one a festival page adds, linked from the
/// pages the preview serves, open in a calendar application.
#[test]
fn calendar_links_serve_icalendar() {
    let site = Site::fixture("kinds");
    let server = Server::start(&site);
    let (_, calendar_page) = server.get("/le-hoi/");
    let festival_page = server.wait_for("/le-hoi/hoi-vat-lang-sinh/", "the first build", |s, _| {
        s == 200
    });
    for (html, link) in [
        (calendar_page.as_str(), "/data/festival.ics"),
        (
            festival_page.as_str(),
            "/le-hoi/hoi-vat-lang-sinh/hoi-vat-lang-sinh.ics",
        ),
    ] {
        assert!(
            html.contains(&format!("href=\"{link}\" type=\"text/calendar\"")),
            "{link}: {html}"
        );
        let (status, head, body) = server.raw("GET", link, &[]);
        assert_eq!(status, 200, "{link}");
        assert!(
            head.contains("Content-Type: text/calendar"),
            "{link}: {head}"
        );
        assert!(String::from_utf8_lossy(&body).starts_with("BEGIN:VCALENDAR\r\n"));
    }
}

#[test]
fn a_hundred_reload_streams_do_not_block_pages() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site);
    server.wait_for("/", "the first build", |s, _| s == 200);
    let mut streams = Vec::new();
    for _ in 0..100 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(stream, "GET /__huong/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://127.0.0.1:{}\r\n\r\n", server.port, server.port).unwrap();
        streams.push(stream);
    }
    let first = &mut streams[0];
    first
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buffer = [0u8; 512];
    let read = first.read(&mut buffer).unwrap();
    let opening = String::from_utf8_lossy(&buffer[..read]).to_string();
    assert!(
        opening.contains("text/event-stream") && opening.contains("event: generation"),
        "{opening}"
    );

    let started = Instant::now();
    let (status, _) = server.get("/en/heritage/imperial-city/");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a page took {:?} with 100 streams open",
        started.elapsed()
    );

    // A save reaches the open streams.
    site.write(
        "content/di-san/dai-noi.vi.md",
        page("Đại Nội", "Thông báo tải lại."),
    );
    let last = streams.last_mut().unwrap();
    last.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.matches("event: generation").count() < 2 && Instant::now() < deadline {
        let mut chunk = [0u8; 512];
        match last.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&chunk[..n])),
        }
        if seen.matches("event: generation").count() >= 2 {
            break;
        }
    }
    assert!(seen.matches("event: generation").count() >= 2, "{seen}");
}
