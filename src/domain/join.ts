/**
 * A device joining a shop that already has data (pure rules; src/sync/join.ts reads the
 * facts and does what these decide). A new till has, on its own, the demo catalog seeded on
 * its first visit and the account someone registered there; pushing those into a shop with
 * data would flood it (a till may not write products or owner accounts: every one refused).
 */
import { idFromKey } from './id'

/** How a device joins: the shop's data replaces its own ('shop'), or an owner adds its own to the shop ('merge'). */
export type JoinChoice = 'shop' | 'merge'

/**
 * Whether a product is the seeded demo (or synthetic) catalog's, untouched: its id is the one
 * its SKU gives (the seed makes ids that way, so every device's demo is the same records) and
 * it was never written again here (`changedHere`: the change log has a revision past the first).
 */
export function isUntouchedSeed(product: { id: string; sku: string }, changedHere: boolean): boolean {
  return !changedHere && product.id === idFromKey(product.sku)
}

/** What a joining device holds, as counts. */
export interface Holdings {
  users: number
  orders: number
  payments: number
  /** Cart lines of accounts (a guest's stay on the device and do not count). */
  cartLines: number
  products: number
  /** Products of the untouched seeded catalog (isUntouchedSeed), and their 'initial' ledger rows here. */
  untouchedSeed: number
  untouchedSeedRows: number
  stockRows: number
  /** Whether the shop's settings were set here. */
  settings: boolean
  /** Records deleted here (the change log's tombstones). */
  deletions: number
}

/** Whether the device holds anything at all (else there is nothing to settle). */
export function holdsAnything(h: Holdings): boolean {
  return h.users + h.orders + h.payments + h.cartLines + h.products + h.stockRows + h.deletions > 0 || h.settings
}

/** Whether the device holds data of its own: anything beyond the untouched seeded catalog. */
export function holdsOwn(h: Holdings): boolean {
  return h.users + h.orders + h.payments + h.cartLines > 0 || h.products > h.untouchedSeed || h.stockRows > h.untouchedSeedRows || h.settings
}

/** What to do before a device's first pull from a shop (see planJoin). */
export type JoinStep =
  /** Nothing to settle: the device holds nothing, or the shop is empty (this device's data seeds it, as the owner's first device does). */
  | 'as-is'
  /** The shop's data replaces this device's (only the untouched demo was here, or the person chose it). */
  | 'replace'
  /** This device's own data is added to the shop; the demo as seeded and deletions stay off it. */
  | 'merge'
  /** The person must choose first. */
  | 'ask'

export function planJoin(facts: { shopHasData: boolean; holdings: Holdings; canMerge: boolean }, choice: JoinChoice | undefined): JoinStep {
  if (!facts.shopHasData || !holdsAnything(facts.holdings)) return 'as-is'
  if (!holdsOwn(facts.holdings)) return 'replace'
  if (choice === 'shop') return 'replace'
  if (choice === 'merge' && facts.canMerge) return 'merge'
  return 'ask'
}

/**
 * Why this choice may not go ahead yet, or undefined: replacing deletes the device's orders,
 * which the person must confirm; only an owner may add the device's data to the shop.
 */
export function joinChoiceProblem(survey: { orders: number; canMerge: boolean }, choice: JoinChoice, confirmed: boolean): { field: 'confirm' | 'choice'; message: string } | undefined {
  if (choice === 'merge' && !survey.canMerge) return { field: 'choice', message: "Only an owner of the shop may add this device's data to it." }
  if (choice === 'shop' && survey.orders > 0 && !confirmed) {
    return { field: 'confirm', message: `Tick this to confirm: this device's ${survey.orders === 1 ? 'order is' : `${survey.orders} orders are`} not in the shop and will be deleted.` }
  }
  return undefined
}
