//! Pieces of the index's JSON that `serve` keeps from one rebuild to the next, each under a
//! hash of everything it is made from: what one run uses is what the next may take again.

use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub(super) struct KeptJson {
    previous: HashMap<u64, Arc<[u8]>>,
    next: HashMap<u64, Arc<[u8]>>,
}

impl KeptJson {
    /// The JSON kept under `key` by the last run, else what `make` writes.
    pub(super) fn get_or_make(&mut self, key: u64, make: impl FnOnce() -> Vec<u8>) -> Arc<[u8]> {
        let json = match self.previous.get(&key) {
            Some(json) => json.clone(),
            None => Arc::from(make()),
        };
        self.next.insert(key, json.clone());
        json
    }

    /// Forgets what this run did not use.
    pub(super) fn finish_run(&mut self) {
        self.previous = std::mem::take(&mut self.next);
    }

    /// How many pieces the last finished run used.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.previous.len()
    }
}
