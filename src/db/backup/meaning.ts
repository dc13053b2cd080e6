/**
 * What a backup's records mean, checked before anything is written: a file can be well-formed,
 * its checksum right and every reference resolving (format.ts), and still describe a shop that
 * cannot be — a product whose stock is not its ledger's sum, an order whose total is not its
 * lines', a payment of another amount than its order, settings the settings form would refuse,
 * an account hashed with a handful of PBKDF2 iterations or locked for years. The checksum only
 * shows damage: anyone can edit a file and compute it again, so these checks are what keeps
 * such a file out. Each refusal names the record, the way a person finds it in the shop.
 *
 * Pure: the rules that depend on the app (the PBKDF2 minimum) are passed in.
 */
import { currencyMinorDigits, lineTotal, minorToDecimal, sumMinor, totalsFor, type Minor } from '../../domain/money'
import { findLedgerMismatches } from '../../domain/stock'
import { DEFAULT_SETTINGS, formatTaxRateInput, validateSettings } from '../../domain/settings'
import { DomainError } from '../../domain/errors'
import { isActiveUser } from '../../domain/user'
import { refuse } from './refuse'
import type { BackupTables } from './schemas'

/** The meta row the shop's settings live in (services/reads/settings.ts's SETTINGS_KEY; db/ may not import services/). */
export const BACKUP_SETTINGS_KEY = 'shopSettings'

/**
 * How far after the backup was made an account's lockout may still run. The shop locks for
 * at most 15 minutes (domain/lockout.ts); a day leaves room for a clock set back and still
 * refuses a lockout that would shut an owner out for years.
 */
export const MAX_LOCKOUT_AFTER_EXPORT_MS = 24 * 60 * 60 * 1000

export interface MeaningRules {
  /** The fewest PBKDF2 iterations an active account's password may be hashed with (services/password.ts). */
  minIterations: number
  /** When the file says it was made: lockouts are judged against it. */
  exportedAt: number
}

type Order = BackupTables['orders'][number]

function amount(order: Pick<Order, 'currency'>, minor: Minor): string {
  let digits = 2
  try {
    digits = currencyMinorDigits(order.currency)
  } catch {
    // A currency Intl does not know: the order is refused for it anyway; show cents meanwhile.
  }
  return minorToDecimal(minor, digits)
}

function checkOrderTotals(order: Order): void {
  try {
    checkOrderArithmetic(order)
  } catch (err) {
    // The domain's arithmetic refuses amounts past Number.MAX_SAFE_INTEGER rather than round them.
    if (err instanceof RangeError) refuse(`Order #${order.number}: its amounts are too large to add up (${err.message}).`)
    throw err
  }
}

function checkOrderArithmetic(order: Order): void {
  const name = `Order #${order.number}`
  order.lines.forEach((line, i) => {
    const expected = lineTotal(line.unitPrice, line.quantity)
    if (expected !== line.lineTotal) {
      refuse(
        `${name}: line ${i + 1} (${line.name}) is ${line.quantity} × ${amount(order, line.unitPrice)} = ${amount(order, expected)}, but it says ${amount(order, line.lineTotal)}.`,
      )
    }
  })
  const linesSum = sumMinor(order.lines.map((line) => line.lineTotal))
  if (order.subtotal !== linesSum) refuse(`${name}: its subtotal is ${amount(order, order.subtotal)} but its lines add up to ${amount(order, linesSum)}.`)
  const totals = totalsFor(order.subtotal, order.taxRate)
  if (order.tax !== totals.tax) {
    refuse(`${name}: its tax is ${amount(order, order.tax)} but ${formatTaxRateInput(order.taxRate)} % of ${amount(order, order.subtotal)} is ${amount(order, totals.tax)}.`)
  }
  if (order.total !== totals.total) {
    const what = order.tax === 0 ? 'its lines add up to' : 'its lines and tax add up to'
    refuse(`${name}: its total is ${amount(order, order.total)} but ${what} ${amount(order, totals.total)}.`)
  }
}

function checkStock(tables: BackupTables): void {
  const [mismatch] = findLedgerMismatches(tables.products, tables.stockLedger)
  if (mismatch) {
    refuse(
      `Product “${mismatch.name}” (SKU ${mismatch.sku}): its stock is ${mismatch.stock} but its stock movements add up to ${mismatch.ledgerSum}.`,
    )
  }
}

function checkPayments(tables: BackupTables): void {
  const orders = new Map(tables.orders.map((o) => [o.id, o]))
  for (const payment of tables.payments) {
    if (payment.orderId === null) {
      // An authorization whose order was never placed (a page closed mid-checkout, stock gone): ordinary, unless money moved.
      if (payment.status === 'captured' || payment.status === 'refunded') refuse(`Payment ${payment.id} is ${payment.status} but belongs to no order.`)
      continue
    }
    const order = orders.get(payment.orderId)
    if (!order) refuse(`Payment ${payment.id} belongs to order ${payment.orderId}, which is not in the backup.`)
    if (payment.amount !== order.total) {
      refuse(`Order #${order.number}: its payment is ${amount(order, payment.amount)} but its total is ${amount(order, order.total)}.`)
    }
  }
}

function checkSettings(tables: BackupTables): void {
  const row = tables.meta.find((m) => m.key === BACKUP_SETTINGS_KEY)
  if (!row) return
  const prefix = 'The shop’s settings in the backup are not valid:'
  if (typeof row.value !== 'object' || row.value === null || Array.isArray(row.value)) refuse(`${prefix} they are not a set of settings.`)
  // A field that is missing takes its default, quietly, as when the shop reads its settings
  // (domain/settingsDefaults.ts); a field that is there must pass the settings form's rules.
  const stored = { ...DEFAULT_SETTINGS, ...(row.value as Record<string, unknown>) }
  const { shopName, currency, taxRate } = stored
  if (typeof shopName !== 'string') refuse(`${prefix} the shop name is not text.`)
  if (typeof currency !== 'string') refuse(`${prefix} the currency is not text.`)
  if (typeof taxRate !== 'number' || !Number.isSafeInteger(taxRate) || taxRate < 0) refuse(`${prefix} the tax rate is not a whole number of basis points.`)
  let checked
  try {
    checked = validateSettings({ shopName, currency, taxRate: formatTaxRateInput(taxRate) })
  } catch (err) {
    if (err instanceof DomainError) refuse(`${prefix} ${err.message}`)
    throw err
  }
  if (checked.shopName !== shopName || checked.currency !== currency || checked.taxRate !== taxRate) {
    refuse(`${prefix} they are not written the way the settings form writes them (“${shopName}”, ${currency}).`)
  }
}

function checkAccounts(tables: BackupTables, { minIterations, exportedAt }: MeaningRules): void {
  for (const user of tables.users) {
    const name = `Account “${user.username}”`
    if (isActiveUser(user)) {
      if (user.passwordHash === '' || user.salt === '') refuse(`${name} has no password hash, so it could never log in.`)
      if (user.iterations < minIterations) {
        refuse(
          `${name}: its password is hashed with ${user.iterations.toLocaleString('en-US')} PBKDF2 iterations; the shop requires at least ${minIterations.toLocaleString('en-US')}.`,
        )
      }
    }
    if (user.lockedUntil > exportedAt + MAX_LOCKOUT_AFTER_EXPORT_MS) {
      refuse(`${name} is locked until ${new Date(user.lockedUntil).toISOString().slice(0, 10)}, long after the backup was made; the shop never locks an account for more than 15 minutes.`)
    }
  }
}

/**
 * Throws a ValidationError for the file (refuse.ts) naming the first record whose meaning is
 * wrong: stock against the ledger, order totals by the domain's rules (money.ts), payments
 * against their orders, the settings by the settings form's rules, accounts' security fields.
 * Run after parseBackup, which has checked every record's shape and every reference.
 */
export function checkBackupMeaning(tables: BackupTables, rules: MeaningRules): void {
  checkAccounts(tables, rules)
  checkSettings(tables)
  checkStock(tables)
  for (const order of tables.orders) checkOrderTotals(order)
  checkPayments(tables)
}
