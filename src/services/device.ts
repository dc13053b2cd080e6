/**
 * This device's own facts that the shop's records carry: its code, the start of every order
 * number it gives ("K7" in "K7-1042"). Made once per device and kept in db.meta; a backup
 * leaves it out, so a restored shop on another device numbers its new orders with that
 * device's code.
 */
import { isDeviceCode, newDeviceCode, parseOrderNumber } from '../domain/orderNumber'
import { DEVICE_CODE_KEY, type ShopDatabase } from '../db/database'

/** A number in [0, 1) from crypto.getRandomValues, as newDeviceCode takes it. */
function randomUnit(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32
}

/**
 * This device's code, made the first time it is asked for: one that no order this device
 * knows of (restored or synced from elsewhere) starts with. Call inside a readwrite
 * transaction over db.meta and db.orders, so two pages asking at once make one code. With
 * `keep: false` a new code is only proposed, not stored (a readonly transaction will do): the
 * caller stores it in the transaction that uses it, so a use that fails leaves none behind.
 */
export async function deviceCodeIn(db: ShopDatabase, { keep = true }: { keep?: boolean } = {}): Promise<string> {
  const row = await db.meta.get(DEVICE_CODE_KEY)
  if (typeof row?.value === 'string' && isDeviceCode(row.value)) return row.value
  const numbers = (await db.orders.orderBy('number').uniqueKeys()) as string[]
  const taken = new Set(numbers.flatMap((n) => parseOrderNumber(String(n))?.deviceCode ?? []))
  const code = newDeviceCode(taken, randomUnit)
  if (keep) await db.meta.put({ key: DEVICE_CODE_KEY, value: code })
  return code
}
