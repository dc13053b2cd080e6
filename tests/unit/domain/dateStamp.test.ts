import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDateStamp } from '../../../src/domain/dateStamp'
import { backupFileName } from '../../../src/db/backup'

/**
 * Node reads the TZ variable again whenever it is set, so each block runs in a zone where
 * the local and the UTC day differ near midnight (vitest runs each file in its own worker).
 */
function inTimeZone(zone: string, body: () => void) {
  describe(`in ${zone}`, () => {
    const before = process.env.TZ
    beforeAll(() => {
      process.env.TZ = zone
    })
    afterAll(() => {
      if (before === undefined) delete process.env.TZ
      else process.env.TZ = before
    })
    body()
  })
}

inTimeZone('Asia/Tokyo', () => {
  it('is in the zone it claims (UTC+9)', () => {
    expect(new Date(Date.UTC(2024, 4, 30, 15, 30)).getHours()).toBe(0)
  })

  it('names a backup made at 00:30 after today, though it is still yesterday in UTC', () => {
    const halfPastMidnight = new Date(2024, 4, 31, 0, 30).getTime()
    expect(new Date(halfPastMidnight).toISOString().slice(0, 10)).toBe('2024-05-30')
    expect(localDateStamp(halfPastMidnight)).toBe('2024-05-31')
    expect(backupFileName({ exportedAt: halfPastMidnight })).toBe('offline-shop-backup-2024-05-31.json')
  })

  it('turns the day at local midnight, not before', () => {
    expect(localDateStamp(new Date(2024, 11, 31, 23, 59, 59, 999).getTime())).toBe('2024-12-31')
    expect(localDateStamp(new Date(2025, 0, 1, 0, 0).getTime())).toBe('2025-01-01')
  })
})

inTimeZone('America/Los_Angeles', () => {
  it('is in the zone it claims (UTC−7 in summer)', () => {
    expect(new Date(Date.UTC(2024, 5, 1, 6, 30)).getHours()).toBe(23)
  })

  it('names a file made at 23:30 after today, though it is already tomorrow in UTC', () => {
    const lateEvening = new Date(2024, 4, 31, 23, 30).getTime()
    expect(new Date(lateEvening).toISOString().slice(0, 10)).toBe('2024-06-01')
    expect(localDateStamp(lateEvening)).toBe('2024-05-31')
  })

  it('pads months and days to two digits', () => {
    expect(localDateStamp(new Date(2024, 0, 5, 12).getTime())).toBe('2024-01-05')
  })
})
