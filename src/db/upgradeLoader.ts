/**
 * The schema upgrades load only on a device that needs them: one whose database is older than
 * the app. A fresh device's database is created at the latest version and one already there
 * opens as it is, so neither runs (or fetches) an upgrade. ShopDatabase.open calls
 * prepareUpgrades first; each version's upgrade() calls upgradeTo.
 */
import type { Transaction } from 'dexie'

type Upgrades = (typeof import('./upgrades'))['UPGRADES']
/** The upgrades, once loaded: only a device whose database is older than the app needs them. */
let upgrades: Upgrades | undefined

/** Loads the upgrades (db/upgrades.ts) unless they are loaded already. */
export async function loadUpgrades(): Promise<void> {
  upgrades ??= (await import('./upgrades')).UPGRADES
}

/**
 * Whether a database called `name`, opening at `version` (Dexie's version), will run upgrades: when it exists on this device at an older version, or when the browser
 * cannot say (indexedDB.databases missing or refused). A fresh device's database is created
 * at the latest version, and one already there opens as it is: neither runs an upgrade.
 */
export async function upgradesNeeded(name: string, version: number): Promise<boolean> {
  const known = typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function' ? await indexedDB.databases().catch(() => undefined) : undefined
  if (!known) return true
  const found = known.find((info) => info.name === name)
  // Dexie keeps version n as n × 10 in IndexedDB.
  return found !== undefined && (found.version ?? 0) < Math.round(version * 10)
}

export async function prepareUpgrades(name: string, version: number): Promise<void> {
  if (!upgrades && (await upgradesNeeded(name, version))) await loadUpgrades()
}

/** The upgrade to `version`, run inside its versionchange transaction; prepareUpgrades loaded it. */
export function upgradeTo(version: keyof Upgrades) {
  return (tx: Transaction) => {
    if (!upgrades) throw new Error(`The shop's database needs upgrading to version ${version}, but its upgrades were not loaded.`)
    return upgrades[version](tx)
  }
}
