//! `huong serve`: builds the site into memory, serves it on loopback, watches the site's
//! folders and rebuilds on every save, and reloads open pages. It runs the same pipeline as
//! `build`; a failed rebuild keeps the last good site and shows the error in every page. It
//! never writes to disk, so stopping it (Ctrl-C) cannot delete anything.

pub mod http;
pub mod watch;

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{Config as WatchConfig, PollWatcher, RecursiveMode, Watcher};

use crate::artifact::{ArtifactContent, FileSource};
use crate::build::{BuildCache, SiteOptions, generate_cached};
use crate::load::content::{Stamp, stamp};
use crate::serve::http::{CONTENT_SECURITY_POLICY, Reply, Request, Snapshot, answer};
use crate::serve::watch::Burst;

pub struct ServeOptions {
    pub site: SiteOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// The served site and a way to wake the live-reload streams when it changes.
struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    changed: (Mutex<u64>, Condvar),
}

impl Shared {
    fn publish(&self, snapshot: Snapshot) {
        let generation = snapshot.generation;
        if let Ok(mut current) = self.snapshot.write() {
            *current = Arc::new(snapshot);
        }
        let (lock, condvar) = &self.changed;
        if let Ok(mut value) = lock.lock() {
            *value = generation;
        }
        condvar.notify_all();
    }

    fn current(&self) -> Arc<Snapshot> {
        self.snapshot.read().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Runs until the process is stopped. Returns only on a setup error (a port it cannot bind).
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let root = options
        .site
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.site.root.clone());
    let site_options = SiteOptions {
        root: root.clone(),
        ..options.site.clone()
    };
    let (server, address) = bind(options.bind, options.port)?;
    let allowed_hosts = allowed_hosts(address);
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: serving on {address}: anyone who can reach this address can read the drafts and unpublished pages of the preview"
        );
    }

    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        changed: (Mutex::new(0), Condvar::new()),
    });
    // The watcher starts before the first build, so that a save during it is not missed: the
    // rebuilds read only the files it names.
    let (sender, events) = mpsc::channel();
    let mut watcher = start_watcher(&root, sender)?;
    let started = Instant::now();
    let mut kept = Kept::default();
    kept.build.watch();
    shared.publish(rebuild(&site_options, &shared.current(), &mut kept));
    eprintln!("built in {} ms", started.elapsed().as_millis());
    eprintln!(
        "serving the preview at http://{address}/ (Ctrl-C stops; nothing is written to disk)"
    );
    if options.open {
        open_browser(&format!("http://{address}/"));
    }

    let watcher_shared = shared.clone();
    thread::spawn(move || {
        watch_loop(
            &site_options,
            &root,
            &events,
            &mut watcher,
            &watcher_shared,
            &mut kept,
        )
    });

    for request in server.incoming_requests() {
        let shared = shared.clone();
        let hosts = allowed_hosts.clone();
        // One thread per request: a live-reload stream holds its thread for as long as the tab
        // is open, and must not delay ordinary requests.
        thread::spawn(move || handle(request, &shared, &hosts));
    }
    Ok(())
}

fn bind(ip: IpAddr, port: u16) -> Result<(tiny_http::Server, SocketAddr), String> {
    let mut last_error = String::new();
    let candidates: Vec<u16> = if port == 0 {
        vec![0]
    } else {
        (port..port.saturating_add(10)).collect()
    };
    for candidate in candidates {
        match tiny_http::Server::http(SocketAddr::new(ip, candidate)) {
            Ok(server) => {
                let address = server
                    .server_addr()
                    .to_ip()
                    .ok_or("the server has no IP address")?;
                if candidate != port && port != 0 {
                    eprintln!(
                        "port {port} is in use; serving on port {} instead",
                        address.port()
                    );
                }
                return Ok((server, address));
            }
            Err(error) => last_error = error.to_string(),
        }
    }
    Err(format!(
        "cannot listen on {ip}, ports {port} to {}: {last_error}; stop the other server or choose a port with --port",
        port.saturating_add(9)
    ))
}

/// The `Host` values the preview answers to: its own address, and `localhost` when on loopback.
fn allowed_hosts(address: SocketAddr) -> Vec<String> {
    let port = address.port();
    let mut hosts = vec![address.to_string()];
    if address.ip().is_loopback() {
        hosts.extend([
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ]);
    }
    hosts
}

/// What one rebuild leaves to the next.
#[derive(Default)]
struct Kept {
    build: BuildCache,
    /// Files the site copies from disk (static files, images of bundles), by path, with the
    /// size and modification time they were read at: a site with hundreds of photos must not
    /// read them all again on every save.
    copies: HashMap<PathBuf, (Stamp, Arc<[u8]>)>,
}

impl Kept {
    /// The bytes of a copied file, from `self` while its size and time are unchanged; kept in
    /// `next`.
    fn copy(&self, path: PathBuf, next: &mut Kept) -> Option<Arc<[u8]>> {
        let stamp = stamp(&path)?;
        let bytes = match self.copies.get(&path) {
            Some((kept_stamp, bytes)) if *kept_stamp == stamp => bytes.clone(),
            _ => Arc::from(std::fs::read(&path).ok()?),
        };
        next.copies.insert(path, (stamp, bytes.clone()));
        Some(bytes)
    }
}

/// Builds the site into memory. On failure the previous files stay, with the error beside them.
fn rebuild(options: &SiteOptions, previous: &Snapshot, kept: &mut Kept) -> Snapshot {
    let generation = previous.generation + 1;
    match generate_cached(options, &mut kept.build) {
        Ok(generated) => {
            let mut next = Kept {
                build: std::mem::take(&mut kept.build),
                copies: HashMap::new(),
            };
            let mut files = HashMap::with_capacity(generated.artifacts.len());
            for artifact in generated.artifacts {
                let bytes: Option<Arc<[u8]>> = match artifact.content {
                    ArtifactContent::Bytes(bytes) => Some(bytes),
                    ArtifactContent::Copy(FileSource::Embedded(bytes)) => Some(Arc::from(bytes)),
                    ArtifactContent::Copy(FileSource::Disk(path)) => kept.copy(path, &mut next),
                    // `serve` has no sink: nothing is written before it is served.
                    ArtifactContent::Written => None,
                };
                if let Some(bytes) = bytes {
                    files.insert(artifact.path, bytes);
                }
            }
            *kept = next;
            for diagnostic in generated.diagnostics.sorted() {
                eprint!("{}", diagnostic.render_text());
            }
            Snapshot {
                files,
                error: None,
                generation,
            }
        }
        Err((_, diagnostics)) => {
            let text: String = diagnostics
                .sorted()
                .iter()
                .map(|d| d.render_text())
                .collect();
            eprint!("{text}");
            eprintln!("the change could not be built; still serving the last good version");
            Snapshot {
                files: previous.files.clone(),
                error: Some(text),
                generation,
            }
        }
    }
}

/// Watches the site's folders recursively and the site root itself (for `site.toml` and for
/// folders created later). Falls back to polling where native events are not available.
/// The folders of a site whose changes matter, watched recursively.
const WATCHED_FOLDERS: [&str; 4] = ["content", "static", "locales", "themes"];

fn start_watcher(
    root: &Path,
    sender: mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<Box<dyn Watcher + Send>, String> {
    let folders = WATCHED_FOLDERS;
    let watch_all = |watcher: &mut dyn Watcher| -> notify::Result<()> {
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        for folder in folders {
            let path = root.join(folder);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    };
    let native = notify::recommended_watcher(sender.clone()).and_then(|mut watcher| {
        watch_all(&mut watcher)?;
        Ok(watcher)
    });
    match native {
        Ok(watcher) => Ok(Box::new(watcher)),
        Err(error) => {
            eprintln!(
                "note: file events are not available here ({error}); checking for changes every half second"
            );
            let mut watcher = PollWatcher::new(
                sender,
                WatchConfig::default().with_poll_interval(Duration::from_millis(500)),
            )
            .map_err(|e| format!("cannot watch the site: {e}"))?;
            watch_all(&mut watcher).map_err(|e| format!("cannot watch the site: {e}"))?;
            Ok(Box::new(watcher))
        }
    }
}

/// How long a burst of events may keep arriving before the rebuild starts, and at most.
const QUIET: Duration = Duration::from_millis(60);
const LONGEST_BURST: Duration = Duration::from_millis(1500);

/// Waits for changes, lets a burst settle, rebuilds once. Changes made during a rebuild are
/// queued in the channel and cause exactly one more rebuild. Never returns while events come.
fn watch_loop(
    options: &SiteOptions,
    root: &Path,
    events: &Receiver<notify::Result<notify::Event>>,
    watcher: &mut Box<dyn Watcher + Send>,
    shared: &Shared,
    kept: &mut Kept,
) {
    let output_dir = root.join(
        options
            .output_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("public")),
    );
    while let Ok(first) = events.recv() {
        let mut burst = Burst::default();
        burst.add(first, root, &output_dir);
        let started = Instant::now();
        loop {
            match events.recv_timeout(QUIET) {
                Ok(event) => burst.add(event, root, &output_dir),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if started.elapsed() > LONGEST_BURST {
                break;
            }
        }
        if !burst.matters() {
            continue;
        }
        // A watched folder created (or re-created) since the start needs its own watch.
        for folder in WATCHED_FOLDERS {
            let path = root.join(folder);
            if (burst.lost_track || burst.paths.contains(&path)) && path.is_dir() {
                let _ = watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
        kept.build.told((!burst.lost_track).then_some(&burst.paths));
        let started = Instant::now();
        let snapshot = rebuild(options, &shared.current(), kept);
        let ok = snapshot.error.is_none();
        shared.publish(snapshot);
        eprintln!(
            "{} after a change to {} in {} ms",
            if ok { "rebuilt" } else { "rebuild failed" },
            burst.describe(root, Path::exists),
            started.elapsed().as_millis()
        );
    }
}

fn handle(request: tiny_http::Request, shared: &Shared, hosts: &[String]) {
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
    };
    let (host, origin) = (header("Host"), header("Origin"));
    let method = request.method().as_str().to_string();
    let url = request.url().to_string();
    let snapshot = shared.current();
    let reply = answer(
        &Request {
            method: &method,
            url: &url,
            host: host.as_deref(),
            origin: origin.as_deref(),
        },
        &snapshot,
        hosts,
    );
    match reply {
        Reply::Events => stream_events(request, shared),
        Reply::Body {
            status,
            content_type,
            body,
            head_only,
        } => {
            let mut response =
                tiny_http::Response::from_data(if head_only { Vec::new() } else { body.to_vec() })
                    .with_status_code(status);
            let mut headers = vec![
                ("Content-Type", content_type.to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
                (
                    "Content-Security-Policy",
                    CONTENT_SECURITY_POLICY.to_string(),
                ),
                ("Cache-Control", "no-store".to_string()),
                ("Referrer-Policy", "no-referrer".to_string()),
            ];
            if status == 405 {
                headers.push(("Allow", "GET, HEAD".to_string()));
            }
            if head_only {
                headers.push(("Content-Length", body.len().to_string()));
            }
            for (name, value) in headers {
                if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
                {
                    response.add_header(header);
                }
            }
            let _ = request.respond(response);
        }
    }
}

/// A Server-Sent Events stream: the current generation at once, then each new one, and a
/// comment every 15 s so a closed tab is noticed and its thread ends.
fn stream_events(request: tiny_http::Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n";
    let send = |writer: &mut Box<dyn Write + Send>, text: &str| -> io::Result<()> {
        writer.write_all(text.as_bytes())?;
        writer.flush()
    };
    let (lock, condvar) = &shared.changed;
    let Ok(mut generation) = lock.lock().map(|g| *g) else {
        return;
    };
    if send(
        &mut writer,
        &format!("{head}retry: 1000\nevent: generation\ndata: {generation}\n\n"),
    )
    .is_err()
    {
        return;
    }
    loop {
        let Ok(guard) = lock.lock() else { return };
        let Ok((guard, _)) =
            condvar.wait_timeout_while(guard, Duration::from_secs(15), |g| *g == generation)
        else {
            return;
        };
        let current = *guard;
        drop(guard);
        let message = if current == generation {
            ": keep-alive\n\n".to_string()
        } else {
            format!("event: generation\ndata: {current}\n\n")
        };
        generation = current;
        if send(&mut writer, &message).is_err() {
            return;
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
