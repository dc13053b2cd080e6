/**
 * When a session ends by itself: after `idleMs` without activity, and in any case
 * `absoluteMs` after it started. Pure: the clock and the policy are passed in.
 */

export interface SessionPolicy {
  /** How long a session survives without activity. */
  idleMs: number
  /** How long a session lasts at most, activity or not. */
  absoluteMs: number
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 8 * 60 * 60_000,
}

/** A session's times, as stored. */
export interface SessionTimes {
  startedAt: number
  lastActiveAt: number
}

export type SessionEndReason = 'idle' | 'absolute'

/** Why the session has ended by `now`, or undefined while it is still good. */
export function sessionEndReason(session: SessionTimes, now: number, policy: SessionPolicy): SessionEndReason | undefined {
  if (now >= session.startedAt + policy.absoluteMs) return 'absolute'
  if (now >= session.lastActiveAt + policy.idleMs) return 'idle'
  return undefined
}

/** The moment the session ends if nothing more happens. */
export function sessionEndsAt(session: SessionTimes, policy: SessionPolicy): number {
  return Math.min(session.startedAt + policy.absoluteMs, session.lastActiveAt + policy.idleMs)
}

const MINUTE = 60_000

/**
 * The policy from a stored setting (`{ idleMinutes, absoluteMinutes }`), each falling back
 * to its default when missing or not a positive number of minutes. Anything else stored
 * there cannot switch the limits off.
 */
export function sessionPolicyFrom(value: unknown): SessionPolicy {
  const setting = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const minutes = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v * MINUTE : fallback
  return {
    idleMs: minutes(setting.idleMinutes, DEFAULT_SESSION_POLICY.idleMs),
    absoluteMs: minutes(setting.absoluteMinutes, DEFAULT_SESSION_POLICY.absoluteMs),
  }
}

/** Activity is written at most this often, so typing does not write on every key. */
export const ACTIVITY_WRITE_INTERVAL_MS = MINUTE
