/**
 * Version 2 (accounts and security): every user gains a failed-login count and a lock
 * time, and the device's session gains the time of its last activity. A session from
 * version 1 counts as idle since it started — we do not know better, and erring towards
 * asking for the password again is the safe side.
 */
import type { Transaction } from 'dexie'

export async function upgradeV2(tx: Transaction): Promise<void> {
  await tx
    .table('users')
    .toCollection()
    .modify((user: Record<string, unknown>) => {
      if (typeof user.failedLogins !== 'number') user.failedLogins = 0
      if (typeof user.lockedUntil !== 'number') user.lockedUntil = 0
    })
  await tx
    .table('sessions')
    .toCollection()
    .modify((session: Record<string, unknown>) => {
      if (typeof session.lastActiveAt !== 'number') session.lastActiveAt = session.startedAt
    })
}
