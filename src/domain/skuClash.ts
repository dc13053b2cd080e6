/**
 * SKUs stay unique across the shop's devices. Two devices may each give a SKU to a different
 * product while apart (offline, or before they joined one shop); when their records meet, the
 * rule here settles it the same way on every device, so they converge without asking:
 * the product created first — earlier `createdAt`, then the smaller id — keeps the SKU; every
 * other one takes `<SKU>-<first 4 characters of its id>` (in capitals, a valid SKU) and says
 * which SKU it lost in `skuConflict`, for the owner to settle on the inventory.
 * Pure: the caller reads the products that hold each SKU and writes the outcome.
 */
import type { Id } from './id'
import { SKU_MAX } from './product'

/** What the rule reads of a product. */
export interface SkuHolder {
  id: Id
  sku: string
  createdAt: number
}

/** A product the rule renamed: its new SKU and the one it lost. */
export interface SkuRename {
  id: Id
  sku: string
  skuConflict: string
}

/** Whether `a` was created before `b` (createdAt, then id): the one that keeps a shared SKU. */
export function createdBefore(a: SkuHolder, b: SkuHolder): boolean {
  return a.createdAt !== b.createdAt ? a.createdAt < b.createdAt : a.id < b.id
}

/**
 * The SKU a product that lost `sku` takes: `sku` + '-' + the first `length` characters of its
 * id in capitals (an id's alphabet is '-', '_', digits and letters, all valid in a SKU once in
 * capitals), the SKU cut so the whole stays within SKU_MAX.
 */
export function renamedSku(sku: string, id: Id, length = 4): string {
  const tail = id.slice(0, length).toUpperCase()
  return `${sku.slice(0, SKU_MAX - tail.length - 1)}-${tail}`
}

/**
 * Settles every SKU held by more than one product. `holders` are the products as they will
 * stand (one entry per id; an id listed twice counts once, its last entry); `taken(sku)` says
 * whether some product outside `holders` holds a SKU, so a new SKU is never one in use. A
 * renamed product whose `<SKU>-XXXX` is taken too uses more of its id (5, 6… characters).
 * Returns the renames, in the order of `holders`; none when every SKU has one product.
 */
export function settleSkus(holders: readonly SkuHolder[], taken: (sku: string) => boolean = () => false): SkuRename[] {
  const byId = new Map<Id, SkuHolder>()
  for (const h of holders) byId.set(h.id, h)
  const bySku = new Map<string, SkuHolder[]>()
  for (const h of byId.values()) {
    const list = bySku.get(h.sku)
    if (list) list.push(h)
    else bySku.set(h.sku, [h])
  }
  const used = new Set(bySku.keys())
  const renames = new Map<Id, SkuRename>()
  // SKUs, and the products that lost each, in one fixed order (not the order they were read
  // in): where two renames would meet, the same one takes the longer name on every device.
  const order = (a: SkuHolder, b: SkuHolder) => (createdBefore(a, b) ? -1 : 1)
  for (const sku of [...bySku.keys()].sort()) {
    const list = [...bySku.get(sku)!].sort(order)
    if (list.length < 2) continue
    for (const loser of list.slice(1)) {
      let length = 4
      let next = renamedSku(sku, loser.id, length)
      while ((used.has(next) || taken(next)) && length < loser.id.length) next = renamedSku(sku, loser.id, ++length)
      // Ids that differ only in letter case read alike in capitals: a number tells them apart.
      for (let n = 2; used.has(next) || taken(next); n++) next = `${renamedSku(sku, loser.id, length).slice(0, SKU_MAX - String(n).length - 1)}-${n}`
      used.add(next)
      renames.set(loser.id, { id: loser.id, sku: next, skuConflict: sku })
    }
  }
  return [...byId.keys()].flatMap((id) => {
    const r = renames.get(id)
    return r ? [r] : []
  })
}
