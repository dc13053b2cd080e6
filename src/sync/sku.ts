/**
 * The pull's SKU hook: run inside the pull's transaction, before the batch's products are
 * written, so the `&sku` index never sees two products with one SKU. Two different products
 * with one SKU (made on two devices apart) are settled by domain/skuClash.ts: the older keeps
 * it, the other is renamed `<SKU>-XXXX` with `skuConflict`. Every device applies the same rule
 * to the same records, so they converge without a round of pushes; a rename of a product that
 * was already here is an ordinary local write (logged and pushed), which changes nothing on a
 * device that made the same rename.
 */
import type { ShopDatabase } from '../db/database'
import { settleSkus, type SkuHolder } from '../domain/skuClash'
import { SKU_MAX } from '../domain/product'

/** The shortest start every renamed SKU of `sku` shares (renamedSku cuts it to fit a 13-character tail). */
const renamePrefix = (sku: string) => sku.slice(0, SKU_MAX - 14)

/**
 * Returns `incoming` with the products that lose a SKU renamed (same order, other records
 * untouched), after renaming, in the database, the products already here that lose one to an
 * incoming product. Must run inside a readwrite transaction that includes db.products.
 */
export async function settleSkuClashes<P extends SkuHolder & { skuConflict?: string }>(db: ShopDatabase, incoming: readonly P[]): Promise<P[]> {
  if (incoming.length === 0) return [...incoming]
  const incomingIds = new Set(incoming.map((p) => p.id))
  const skus = [...new Set(incoming.map((p) => p.sku))]
  // The products here that hold one of the batch's SKUs and are not themselves being replaced.
  const here = (await db.products.where('sku').anyOf(skus).toArray()).filter((p) => !incomingIds.has(p.id))
  if (here.length === 0 && skus.length === incoming.length) return [...incoming]
  const holders: SkuHolder[] = [...here, ...incoming]
  const clashing = new Set<string>()
  const seen = new Map<string, string>()
  for (const h of holders) {
    const other = seen.get(h.sku)
    if (other !== undefined && other !== h.id) clashing.add(h.sku)
    seen.set(h.sku, h.id)
  }
  if (clashing.size === 0) return [...incoming]
  // SKUs a rename must avoid: every product here whose SKU looks like one (the batch's own
  // products count with their incoming SKU, which settleSkus knows).
  const prefixes = [...new Set([...clashing].map(renamePrefix))]
  const takenHere = await db.products.where('sku').startsWithAnyOf(prefixes).toArray()
  const taken = new Set(takenHere.filter((p) => !incomingIds.has(p.id)).map((p) => p.sku))
  const renames = new Map(settleSkus(holders, (sku) => taken.has(sku)).map((r) => [r.id, r]))
  const hereRenamed = here.filter((p) => renames.has(p.id))
  if (hereRenamed.length > 0) {
    await db.products.bulkPut(hereRenamed.map((p) => ({ ...p, ...renames.get(p.id) })))
  }
  return incoming.map((p) => {
    const r = renames.get(p.id)
    return r ? { ...p, sku: r.sku, skuConflict: r.skuConflict } : p
  })
}

