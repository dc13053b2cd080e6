/**
 * Synthetic products for demos and benchmarks: `generateProducts(n)` makes n believable,
 * varied products (names from word lists, so search has realistic hits), the same every
 * time for the same arguments. No photo: views draw the generated image.
 */
import { LOW_STOCK_THRESHOLD, type NewProduct } from '../domain/product'

export const SYNTHETIC_SKU_PREFIX = 'SYN-'
/** The most products the URL option and the owner's action generate at once. */
export const MAX_SYNTHETIC = 100_000

const ADJECTIVES = [
  'Rustic', 'Modern', 'Classic', 'Handmade', 'Vintage', 'Compact', 'Deluxe', 'Everyday', 'Nordic', 'Organic',
  'Polished', 'Sturdy', 'Elegant', 'Minimal', 'Bright', 'Cozy', 'Smart', 'Premium', 'Simple', 'Bold',
  'Gentle', 'Golden', 'Midnight', 'Coastal', 'Alpine', 'Urban', 'Woven', 'Speckled', 'Matte', 'Glossy',
  'Tiny', 'Grand', 'Swift', 'Quiet', 'Sunny', 'Misty', 'Crisp', 'Soft', 'Rugged', 'Lush',
]
const MATERIALS = [
  'Oak', 'Walnut', 'Bamboo', 'Ceramic', 'Glass', 'Steel', 'Copper', 'Brass', 'Linen', 'Cotton',
  'Wool', 'Leather', 'Marble', 'Stone', 'Cork', 'Rattan', 'Porcelain', 'Slate', 'Felt', 'Birch',
  'Pine', 'Silver', 'Granite', 'Canvas', 'Velvet',
]
const ITEMS: ReadonlyArray<readonly [string, string]> = [
  ['Mug', 'Kitchen'], ['Bowl', 'Kitchen'], ['Plate', 'Kitchen'], ['Teapot', 'Kitchen'], ['Kettle', 'Kitchen'],
  ['Cutting Board', 'Kitchen'], ['Spoon Set', 'Kitchen'], ['Jar', 'Pantry'], ['Spice Rack', 'Pantry'], ['Bread Bin', 'Pantry'],
  ['Lamp', 'Lighting'], ['Lantern', 'Lighting'], ['Candle Holder', 'Lighting'], ['Pendant Light', 'Lighting'], ['Desk Light', 'Lighting'],
  ['Chair', 'Furniture'], ['Stool', 'Furniture'], ['Shelf', 'Furniture'], ['Side Table', 'Furniture'], ['Bench', 'Furniture'],
  ['Notebook', 'Stationery'], ['Pen Holder', 'Stationery'], ['Desk Tray', 'Stationery'], ['Bookmark', 'Stationery'], ['Planner', 'Stationery'],
  ['Vase', 'Decor'], ['Mirror', 'Decor'], ['Frame', 'Decor'], ['Clock', 'Decor'], ['Planter', 'Decor'],
  ['Throw', 'Textiles'], ['Cushion', 'Textiles'], ['Blanket', 'Textiles'], ['Rug', 'Textiles'], ['Apron', 'Textiles'],
  ['Tote Bag', 'Bags'], ['Backpack', 'Bags'], ['Wallet', 'Bags'], ['Pouch', 'Bags'], ['Satchel', 'Bags'],
  ['Watering Can', 'Garden'], ['Trowel', 'Garden'], ['Bird Feeder', 'Garden'], ['Seed Box', 'Garden'], ['Hose Reel', 'Garden'],
  ['Coffee Grinder', 'Coffee'], ['Pour-Over Kit', 'Coffee'], ['Espresso Cup', 'Coffee'], ['Coffee Scoop', 'Coffee'], ['Milk Jug', 'Coffee'],
  ['Tea Caddy', 'Tea'], ['Tea Strainer', 'Tea'], ['Matcha Whisk', 'Tea'], ['Tea Cup', 'Tea'], ['Infuser', 'Tea'],
  ['Soap Dish', 'Bath'], ['Towel', 'Bath'], ['Toothbrush Cup', 'Bath'], ['Bath Mat', 'Bath'], ['Laundry Basket', 'Bath'],
]

/** A fast, well-mixed 32-bit hash of an integer (mulberry32's step), as a number in [0, 1). */
function random(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

function pick<T>(list: readonly T[], seed: number): T {
  return list[Math.floor(random(seed) * list.length)] as T
}

/**
 * `count` products numbered from `start + 1` (SKU SYN-0000001…), created one millisecond
 * apart from `now` so "newest" has an order. About one in ten is out of stock and a few
 * are low.
 */
export function generateProducts(count: number, { start = 0, now = 0 }: { start?: number; now?: number } = {}): NewProduct[] {
  const products: NewProduct[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const n = start + i + 1
    const seed = n * 7919
    const adjective = pick(ADJECTIVES, seed)
    const material = pick(MATERIALS, seed + 1)
    const [item, category] = pick(ITEMS, seed + 2)
    const stockRoll = random(seed + 3)
    const stock = stockRoll < 0.1 ? 0 : stockRoll < 0.15 ? 1 + Math.floor(random(seed + 4) * 5) : 6 + Math.floor(random(seed + 4) * 195)
    products[i] = {
      sku: `${SYNTHETIC_SKU_PREFIX}${String(n).padStart(7, '0')}`,
      name: `${adjective} ${material} ${item} ${n}`,
      category,
      description: `A ${adjective.toLowerCase()} ${item.toLowerCase()} made of ${material.toLowerCase()}. Demo product number ${n}.`,
      price: (1 + Math.floor(random(seed + 5) * 250)) * 100 - (random(seed + 6) < 0.5 ? 1 : 51),
      stock,
      lowStockThreshold: LOW_STOCK_THRESHOLD,
      archived: false,
      createdAt: now + i,
      updatedAt: now + i,
    }
  }
  return products
}

/** The N of a `?synthetic=N` address, when it is a whole number from 1 to MAX_SYNTHETIC. */
export function syntheticCountFrom(search: string): number | undefined {
  const value = new URLSearchParams(search).get('synthetic')
  if (value === null || !/^\d+$/.test(value)) return undefined
  const count = Number(value)
  return count >= 1 && count <= MAX_SYNTHETIC ? count : undefined
}
