import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { db } from '../db/database'
import { AccountLockedError, DomainError } from '../domain/errors'
import type { GuestCartMerge } from '../domain/sellability'
import { ACTIVITY_WRITE_INTERVAL_MS, sessionEndReason, type SessionEndReason, type SessionPolicy } from '../domain/session'
import type { LoggedIn } from '../services/auth'
import * as sessions from '../services/session'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt, toFormErrors, type Outcome } from './errors'

/** A failed login also says until when the account is locked, when it is. */
export type LoginOutcome = Outcome<sessions.PublicUser & { renamedFrom?: string }> | { ok: false; errors: ReturnType<typeof toFormErrors>; lockedUntil?: number }

/** Registering and logging in bring the hashing and the password list: load them on first use. */
const loadAuth = () => import('../services/auth')

/** A session that ended by itself: which limit, and how long that limit is. */
export interface EndedSession {
  reason: SessionEndReason
  afterMs: number
}

/**
 * How long an action waits for the live session to show the change it just wrote. That
 * takes milliseconds; a database that stopped answering (closed on `versionchange` for a
 * newer tab) never shows it, and the action must not spin forever.
 */
export const ANSWER_TIMEOUT_MS = 5000

export const NOT_ANSWERING_MESSAGE = "The shop's database stopped answering. Reload the page to go on."

/** The live session never showed an action's change in time. */
export class DatabaseNotAnsweringError extends DomainError {
  constructor() {
    super(NOT_ANSWERING_MESSAGE)
  }
}

/** Where a tab keeps the key of its own session, so that a reload keeps it. */
export const SESSION_KEY_STORAGE = 'shop.sessionKey'

/** This tab's session key from sessionStorage; undefined when there is none or storage is off. */
function storedSessionKey(): string | undefined {
  try {
    return sessionStorage.getItem(SESSION_KEY_STORAGE) ?? undefined
  } catch {
    return undefined // storage blocked: the tab takes the device's most recent session, as a new tab does
  }
}

function storeSessionKey(key: string): void {
  try {
    sessionStorage.setItem(SESSION_KEY_STORAGE, key)
  } catch {
    // Storage blocked: the key lives in memory only; after a reload the tab starts as a new one.
  }
}

/**
 * Who is logged in in this tab, kept live, and how their session ends. Each tab has its
 * own session (its key in sessionStorage survives a reload); a tab that starts with none
 * takes the device's most recent one, once, at start-up. After that a login elsewhere
 * does not change who is here, but the end of this session does, wherever it happens.
 */
export const useSessionStore = defineStore('session', () => {
  /** This tab's session key; it outlives the session, so a logged-out tab stays logged out. */
  const key = shallowRef(storedSessionKey())
  const keyKnown = shallowRef(key.value !== undefined)
  if (!keyKnown.value) {
    void sessions
      .deviceSessionKey(db)
      .then((adopted) => {
        if (adopted && key.value === undefined) holdKey(adopted)
      })
      .catch(() => undefined) // the database could not be read: this tab starts logged out
      .finally(() => {
        keyKnown.value = true
      })
  }

  function holdKey(next: string) {
    key.value = next
    storeSessionKey(next)
  }

  // The live query of this tab's session row is the one source of truth, so a logout in
  // another tab ends this one too. Actions wait until it has seen their change before they
  // resolve, so the next navigation already knows who is logged in. Each answer says which
  // key it is for: the store is ready once the query has answered for the key held now.
  const live = useLiveQuery(async (k) => ({ key: k, session: k === undefined ? undefined : await sessions.currentSession(db, k) }), key)
  const current = computed(() => live.data.value?.session)
  const user = computed(() => current.value?.user)
  const answered = computed(() => live.error.value !== undefined || live.data.value?.key === key.value)
  const ready = computed(() => keyKnown.value && !live.loading.value && answered.value)
  const isLoggedIn = computed(() => user.value !== undefined)
  const isOwner = computed(() => user.value?.role === 'owner')
  /** Why the last session ended by itself, and after how long; undefined after a plain logout. */
  const ended = shallowRef<EndedSession>()
  /** What the last login in this tab did with the guest cart (the cart store words it), and for whom. */
  const guestCartMerge = shallowRef<{ userId: Id; merge: GuestCartMerge }>()

  function endedBy(reason: SessionEndReason | undefined, policy: SessionPolicy): EndedSession | undefined {
    return reason && { reason, afterMs: reason === 'idle' ? policy.idleMs : policy.absoluteMs }
  }

  // A session that disappears (here or in another tab) ended by itself if it was past a
  // limit by now; otherwise somebody logged out.
  watch(current, (now, before) => {
    if (now) ended.value = undefined
    else if (before) ended.value = endedBy(sessionEndReason(before, Date.now(), before.policy), before.policy)
  })

  /** How long until() waits; a test shortens it. */
  const answerTimeoutMs = shallowRef(ANSWER_TIMEOUT_MS)

  /** Resolves once `condition` holds; rejects with DatabaseNotAnsweringError after `timeoutMs`. */
  function until(condition: () => boolean, timeoutMs = answerTimeoutMs.value): Promise<void> {
    if (condition()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const stop = watch(condition, (met) => {
        if (!met) return
        stop()
        clearTimeout(timer)
        resolve()
      })
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          stop()
          reject(new DatabaseNotAnsweringError())
        }, timeoutMs)
      }
    })
  }

  /**
   * Resolves once the session has been read from the database. No time limit: the first read
   * may wait for a long upgrade or for an older tab to let go (the page says so meanwhile),
   * and a read that fails makes the store ready too (logged out), so this cannot hang.
   */
  const whenReady = () => until(() => ready.value, Infinity)

  /** Waits for the live session to show the new person; the login brought their guest cart along. */
  async function afterLogin({ id, guestCart }: LoggedIn) {
    await until(() => user.value?.id === id)
    guestCartMerge.value = { userId: id, merge: guestCart ?? { capped: [], notSold: [] } }
  }

  async function register(input: { username: string; password: string; confirm: string }) {
    const sessionKey = crypto.randomUUID()
    return attempt(async () => {
      const user = await (await loadAuth()).register(db, input, { sessionKey })
      holdKey(sessionKey)
      await afterLogin(user)
      return user
    })
  }

  async function login(input: { username: string; password: string }): Promise<LoginOutcome> {
    try {
      const sessionKey = crypto.randomUUID()
      const value = await (await loadAuth()).login(db, input, { sessionKey })
      holdKey(sessionKey)
      await afterLogin(value)
      return { ok: true, value }
    } catch (err) {
      return { ok: false, errors: toFormErrors(err), ...(err instanceof AccountLockedError ? { lockedUntil: err.until } : {}) }
    }
  }

  /** Logs this tab's person out: in every tab where they are logged in, and only them. */
  async function logout() {
    if (key.value !== undefined) await sessions.logout(db, key.value)
    await until(() => user.value === undefined)
  }

  /** Resolves once nobody is logged in (this tab has seen the session go). */
  const whenLoggedOut = () => until(() => user.value === undefined)

  let refreshing: Promise<void> | undefined
  /**
   * Ends the session if it has run past its idle or absolute limit, and with `activity`
   * records that the person did something (at most once a minute). Cheap to call often.
   */
  function checkSession({ activity = false }: { activity?: boolean } = {}): Promise<void> {
    const session = current.value
    const sessionKey = key.value
    if (sessionKey === undefined) return Promise.resolve()
    const now = Date.now()
    const expired = session !== undefined && sessionEndReason(session, now, session.policy) !== undefined
    const stale = session !== undefined && now - session.lastActiveAt >= ACTIVITY_WRITE_INTERVAL_MS
    // With no session in view there may still be an ended one stored (after a reload):
    // the periodic check clears it; typing on the login page does not.
    const needed = expired || (session === undefined && !activity) || (activity && stale)
    if (!needed || refreshing) return refreshing ?? Promise.resolve()
    refreshing = (async () => {
      try {
        // The activity happened now, when it was seen: the write may wait behind other work,
        // and must not count the person as idle for that wait.
        const state = await sessions.refreshSession(db, sessionKey, { activity, clock: { now: () => now } })
        if (state === 'idle' || state === 'absolute') {
          ended.value = endedBy(state, session?.policy ?? (await sessions.getSessionPolicy(db)))
          await until(() => user.value === undefined)
        }
      } finally {
        refreshing = undefined
      }
    })()
    return refreshing
  }

  return {
    user,
    current,
    ready,
    isLoggedIn,
    isOwner,
    ended,
    guestCartMerge,
    answerTimeoutMs,
    whenReady,
    register,
    login,
    logout,
    whenLoggedOut,
    checkSession,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
