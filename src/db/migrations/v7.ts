/**
 * Version 7 (issue 14): a search also finds a product by its category's name, so every
 * listing's search words (`nameWords`, the multi-entry word index) become the name's words
 * followed by the category's words the name lacks. Each listing is rebuilt from its product's
 * stored name words and category; the products are not touched (nor logged: listings are a
 * device's derived data). Version 7 also adds `syncRevs` (db/database.ts), which needs no data.
 *
 * Frozen as shipped: the folding and the word split are written out here rather than taken
 * from domain/product.ts, so a later change to them never changes this upgrade.
 */
import type { Transaction } from 'dexie'

/** A product row of version 6, as far as its listing goes. */
interface ProductV6 {
  id: string
  category: string
  price: number
  createdAt: number
  nameKey: string
  nameWords: string[]
  listed: 0 | 1
  stocked: 0 | 1
}

/** A row of the listings table as version 7 writes it. */
type ListingV7 = Pick<ProductV6, 'id' | 'category' | 'price' | 'createdAt' | 'nameKey' | 'nameWords' | 'listed' | 'stocked'>

/** The distinct folded words of a text, as domain/product.ts's wordsOf split them when this shipped. */
function wordsOf(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean))]
}

export async function upgradeV7(tx: Transaction): Promise<void> {
  const wordsByCategory = new Map<string, string[]>()
  const rows: ListingV7[] = []
  await tx.table<ProductV6, string>('products').each((p) => {
    let categoryWords = wordsByCategory.get(p.category)
    if (!categoryWords) {
      categoryWords = wordsOf(p.category)
      wordsByCategory.set(p.category, categoryWords)
    }
    const nameWords = [...p.nameWords, ...categoryWords.filter((w) => !p.nameWords.includes(w))]
    rows.push({ id: p.id, category: p.category, price: p.price, createdAt: p.createdAt, nameKey: p.nameKey, nameWords, listed: p.listed, stocked: p.stocked })
  })
  await tx.table<ListingV7, string>('listings').bulkPut(rows)
}
