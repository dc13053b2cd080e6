/**
 * The shop's settings and their defaults on a fresh device. Every page shows them; checking
 * what the owner types (settings.ts) loads only with the settings page.
 */
import type { BasisPoints } from './money'

export interface ShopSettings {
  shopName: string
  /** ISO 4217 code, e.g. "USD". */
  currency: string
  taxRate: BasisPoints
}

export const DEFAULT_SETTINGS: ShopSettings = { shopName: 'Offline Shop', currency: 'USD', taxRate: 0 }
