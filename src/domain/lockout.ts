/**
 * Locking an account after repeated wrong passwords, with exponential back-off: the 5th
 * failure in a row locks it for 30 s, each further failure (once the lock has run out)
 * doubles that, up to 15 minutes. A successful login resets the count. Pure: `now` is
 * passed in.
 */

export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_BASE_MS = 30_000
export const LOCKOUT_MAX_MS = 15 * 60_000

export interface LockoutState {
  failedLogins: number
  lockedUntil: number
}

export const UNLOCKED: LockoutState = { failedLogins: 0, lockedUntil: 0 }

/** How long the account is locked after its `failedLogins`-th failure in a row (0: not locked). */
export function lockoutDuration(failedLogins: number): number {
  if (failedLogins < MAX_FAILED_LOGINS) return 0
  const doublings = failedLogins - MAX_FAILED_LOGINS
  // 2 ** 5 × 30 s already exceeds 15 min; capping the exponent keeps huge counts finite.
  return Math.min(LOCKOUT_MAX_MS, LOCKOUT_BASE_MS * 2 ** Math.min(doublings, 10))
}

/** Whether a login attempt at `now` must be refused without looking at the password. */
export function isLocked(state: LockoutState, now: number): boolean {
  return now < state.lockedUntil
}

/** Milliseconds until the lock ends (0 when not locked). */
export function lockRemaining(state: LockoutState, now: number): number {
  return Math.max(0, state.lockedUntil - now)
}

/** The state after one more wrong password at `now`. */
export function recordFailedLogin(state: LockoutState, now: number): LockoutState {
  const failedLogins = state.failedLogins + 1
  const duration = lockoutDuration(failedLogins)
  return { failedLogins, lockedUntil: duration > 0 ? now + duration : 0 }
}
