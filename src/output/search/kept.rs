//! Files of the index (or pieces of them) that `serve` keeps from one rebuild to the next, each
//! under a hash of everything it is made from: what one run uses is what the next may take
//! again: the same bytes, shared, not made and copied again.

use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub(super) struct KeptBytes {
    previous: HashMap<u64, Arc<[u8]>>,
    next: HashMap<u64, Arc<[u8]>>,
}

impl KeptBytes {
    /// The bytes kept under `key` by the last run, else what `make` writes.
    pub(super) fn get_or_make(&mut self, key: u64, make: impl FnOnce() -> Vec<u8>) -> Arc<[u8]> {
        let bytes = match self.previous.get(&key) {
            Some(bytes) => bytes.clone(),
            None => Arc::from(make()),
        };
        self.next.insert(key, bytes.clone());
        bytes
    }

    /// Forgets what this run did not use.
    pub(super) fn finish_run(&mut self) {
        self.previous = std::mem::take(&mut self.next);
    }
}
