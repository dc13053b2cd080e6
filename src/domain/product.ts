import type { Minor } from './money'

export interface Product {
  id: number
  sku: string
  name: string
  category: string
  description: string
  /** Price in minor units of the shop's currency. */
  price: Minor
  stock: number
  /** An image URL that works offline (a data: URL in the demo catalog). */
  image: string
  createdAt: number
}

export type NewProduct = Omit<Product, 'id'>

/** At or below this many units a product shows "Only N left". */
export const LOW_STOCK_THRESHOLD = 5

export type StockLevel = 'in-stock' | 'low' | 'out-of-stock'

/** How a stock count reads to a shopper. */
export function stockLevel(stock: number, lowThreshold = LOW_STOCK_THRESHOLD): StockLevel {
  if (stock <= 0) return 'out-of-stock'
  if (stock <= lowThreshold) return 'low'
  return 'in-stock'
}
