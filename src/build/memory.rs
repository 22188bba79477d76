//! Memory that `build` frees, given back to the system as it goes. A large site's Markdown texts
//! are half of what the build holds once loaded, and `page_pass` frees them a few hundred at a
//! time. glibc's allocator keeps such freed memory for the process (it returns only the top of
//! its heap): the texts lie between the model's long-lived values, and a build of 100,000 pages
//! then peaked 300 MiB above what it held. `malloc_trim` returns every whole free page.

/// Freed text that the allocator may still hold, in bytes, before it is asked to give it back.
/// Each call walks the allocator's free lists (milliseconds in a large build), and the pages it
/// gives back cost a page fault each when they are used again: at 64 MiB, the 100,000-page build
/// took a second longer than at 128 MiB, for 70 MiB less at its peak.
const GIVE_BACK_EVERY: usize = 128 << 20;

/// What the page pass has freed since memory was last given back.
#[derive(Default)]
pub(super) struct FreedMemory {
    bytes: usize,
}

impl FreedMemory {
    /// Counts the texts that are freed once their bodies are rendered.
    pub(super) fn texts(&mut self, texts: &[Option<crate::diagnostic::SourceText>]) {
        self.bytes += texts.iter().flatten().map(|t| t.text.len()).sum::<usize>();
    }

    /// Gives freed memory back to the system once enough is freed.
    pub(super) fn give_back_when_due(&mut self) {
        if self.bytes >= GIVE_BACK_EVERY {
            self.bytes = 0;
            give_back();
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back() {
    // SAFETY: `malloc_trim` takes no pointer and only releases memory the allocator holds free;
    // glibc makes it safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other allocators return freed memory on their own terms.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back() {}
