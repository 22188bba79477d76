//! `huong serve`: builds the site into memory, serves it on loopback, watches the site's
//! folders and rebuilds on every save, and reloads open pages. It runs the same pipeline as
//! `build`; a failed rebuild keeps the last good site and shows the error in every page. It
//! never writes to disk, so stopping it (Ctrl-C) cannot delete anything.

pub mod connection;
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
use crate::serve::http::{Reply, Request, Snapshot, answer};
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
    let (listener, address) = connection::bind(options.bind, options.port)?;
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

    connection::listen(
        listener,
        Arc::new(Preview {
            shared,
            allowed_hosts,
        }),
    );
    Ok(())
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
                    ArtifactContent::Taken => None,
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

/// The preview as its connections see it: the served site, and the hosts it answers to.
struct Preview {
    shared: Arc<Shared>,
    allowed_hosts: Vec<String>,
}

impl connection::Handler for Preview {
    fn answer(&self, request: &Request) -> Reply {
        answer(request, &self.shared.current(), &self.allowed_hosts)
    }

    /// Server-Sent Events: the current generation at once, then each new one, and a comment
    /// every 15 s so a closed tab is noticed and its thread ends.
    fn stream_events(&self, out: &mut dyn Write) {
        let mut send = |text: &str| -> io::Result<()> {
            out.write_all(text.as_bytes())?;
            out.flush()
        };
        let (lock, condvar) = &self.shared.changed;
        let Ok(mut generation) = lock.lock().map(|g| *g) else {
            return;
        };
        if send(&format!(
            "retry: 1000\nevent: generation\ndata: {generation}\n\n"
        ))
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
            if send(&message).is_err() {
                return;
            }
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
