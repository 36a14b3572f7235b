//! The sign-in throttle as pure functions: failures counted in a window, a lock with exponential
//! back-off once there are too many. The caller brings the clock and the stored row.
//!
//! Two keys are counted for every failure: the account name (known or not, so a lock says nothing
//! about which accounts exist) and the client address. A locked account refuses even the right
//! password with the ordinary failure; a locked address is told to wait (HTTP 429), which reveals
//! nothing about any account.

use domain::date::Timestamp;
use store::ThrottleRow;

/// How many failures lock, for how long, and where the back-off stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginPolicy {
    /// Failures within `window_millis` that lock an account.
    pub account_failures: i64,
    /// Failures within `window_millis` that make a client address wait. Higher than the
    /// account's, because many people may share one address (an office, a carrier's NAT).
    pub address_failures: i64,
    pub window_millis: i64,
    /// The first lock's length; each further lock without a success between doubles it.
    pub first_lock_millis: i64,
    /// The longest lock: an attacker can lock a victim out, so a lock must end.
    pub max_lock_millis: i64,
}

const MINUTE: i64 = 60 * 1000;

impl Default for LoginPolicy {
    fn default() -> Self {
        LoginPolicy {
            account_failures: 5,
            address_failures: 20,
            window_millis: 15 * MINUTE,
            first_lock_millis: 5 * MINUTE,
            max_lock_millis: 60 * MINUTE,
        }
    }
}

/// The key an account name is counted under: case-folded, so `Admin` and `admin` share a count.
pub(crate) fn account_key(username: &str) -> String {
    format!("account:{}", username.trim().to_lowercase())
}

pub(crate) fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// Milliseconds until a key's lock ends, when it is locked at `now`.
pub(crate) fn locked_for(row: Option<&ThrottleRow>, now: Timestamp) -> Option<i64> {
    let remaining = row?.locked_until.as_millis() - now.as_millis();
    (remaining > 0).then_some(remaining)
}

/// One more failure against a key. Returns the new row and, when this failure locks the key, the
/// end of the lock and the failures that caused it. A key already locked is left as it is: failures
/// during a lock do not lengthen it.
pub(crate) fn record_failure(
    row: Option<ThrottleRow>,
    now: Timestamp,
    policy: &LoginPolicy,
    limit: i64,
) -> (ThrottleRow, Option<(Timestamp, i64)>) {
    let mut row = row.unwrap_or(ThrottleRow {
        failures: 0,
        window_start: now,
        locked_until: Timestamp::from_millis(0),
        lockouts: 0,
    });
    if locked_for(Some(&row), now).is_some() {
        return (row, None);
    }
    if now.as_millis() - row.window_start.as_millis() > policy.window_millis {
        row.failures = 0;
        row.window_start = now;
    }
    row.failures += 1;
    if row.failures < limit {
        return (row, None);
    }
    let failures = row.failures;
    let doublings = u32::try_from(row.lockouts.clamp(0, 20)).unwrap_or(20);
    let length = policy.first_lock_millis.saturating_mul(1_i64 << doublings).min(policy.max_lock_millis);
    row.lockouts += 1;
    row.failures = 0;
    row.window_start = now;
    row.locked_until = Timestamp::from_millis(now.as_millis() + length);
    (row, Some((row.locked_until, failures)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_millis(minutes * MINUTE)
    }

    #[test]
    fn locks_after_the_limit_within_the_window_with_doubling_capped_locks() {
        let policy = LoginPolicy::default();
        let mut row = None;
        for i in 0..4 {
            let (next, locked) = record_failure(row, at(i), &policy, 5);
            assert!(locked.is_none());
            row = Some(next);
        }
        let (next, locked) = record_failure(row, at(4), &policy, 5);
        assert_eq!(locked, Some((at(9), 5)));
        assert_eq!(locked_for(Some(&next), at(5)), Some(4 * MINUTE));
        // Failures during the lock change nothing.
        let (same, none) = record_failure(Some(next), at(6), &policy, 5);
        assert_eq!((same, none), (next, None));
        // The next lock is twice as long, and the back-off stops at an hour.
        let mut row = Some(next);
        let mut lengths = vec![];
        let mut t = 10;
        for _ in 0..5 {
            loop {
                let (next, locked) = record_failure(row, at(t), &policy, 5);
                row = Some(next);
                if let Some((until, _)) = locked {
                    lengths.push(until.as_millis() / MINUTE - t);
                    t = until.as_millis() / MINUTE;
                    break;
                }
            }
        }
        assert_eq!(lengths, [10, 20, 40, 60, 60]);
    }

    #[test]
    fn failures_outside_the_window_start_a_new_count() {
        let policy = LoginPolicy::default();
        let mut row = None;
        for i in 0..4 {
            row = Some(record_failure(row, at(i * 5), &policy, 5).0);
        }
        // Four failures over 15 minutes, then one 16 minutes after the window opened: no lock.
        let (next, locked) = record_failure(row, at(31), &policy, 5);
        assert!(locked.is_none());
        assert_eq!(next.failures, 1);
    }

    #[test]
    fn account_names_are_case_folded() {
        assert_eq!(account_key(" Admin "), account_key("admin"));
    }
}
