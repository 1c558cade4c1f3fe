//! One short queue per client address in front of the password-hashing
//! pool: at most [`HashTurns::PER_CLIENT`] hashes of one address are in the
//! pool (running or waiting) at once; its other sign-ins wait here, behind
//! each other. A client that sends 60 correct sign-ins at once therefore
//! delays another person's sign-in by two hashes, not sixty, while a class
//! signing in together behind one address is served in turn, never refused.
//! In memory, per server (the pool it protects is per server too); an
//! address's queue exists only while it has a sign-in in flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

type Queues = Arc<Mutex<HashMap<String, Arc<Semaphore>>>>;

#[derive(Clone, Default)]
pub struct HashTurns {
    queues: Queues,
}

/// This request's turn at the pool; the next of its address goes when it
/// is dropped.
pub struct HashTurn {
    key: String,
    queues: Queues,
    _permit: OwnedSemaphorePermit,
}

impl HashTurns {
    /// Hashes of one client address in the pool at once.
    pub const PER_CLIENT: usize = 2;

    /// Waits for `client`'s turn.
    pub async fn wait(&self, client: &str) -> HashTurn {
        let queue = self
            .queues
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(client.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(Self::PER_CLIENT)))
            .clone();
        // never closed, so acquiring cannot fail
        let permit = match queue.acquire_owned().await {
            Ok(permit) => permit,
            Err(_) => unreachable!("a hash queue is never closed"),
        };
        HashTurn {
            key: client.to_owned(),
            queues: self.queues.clone(),
            _permit: permit,
        }
    }

    /// Addresses with a queue now (for tests: it shrinks back to none).
    pub fn queued_clients(&self) -> usize {
        self.queues
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Drop for HashTurn {
    fn drop(&mut self) {
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        // only the map and this turn's permit hold the queue: nobody waits
        if queues
            .get(&self.key)
            .is_some_and(|queue| Arc::strong_count(queue) <= 2)
        {
            queues.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_address_waits_behind_itself_and_its_queue_goes_away() {
        let turns = HashTurns::default();
        let a = turns.wait("198.51.100.7").await;
        let b = turns.wait("198.51.100.7").await;
        // a third of the same address waits; another address does not
        let third = tokio::spawn({
            let turns = turns.clone();
            async move { turns.wait("198.51.100.7").await }
        });
        let other = turns.wait("203.0.113.1").await;
        tokio::task::yield_now().await;
        assert!(!third.is_finished());
        drop(a);
        let c = third.await.expect("the third gets its turn");
        drop((b, c, other));
        assert_eq!(turns.queued_clients(), 0);
    }
}
