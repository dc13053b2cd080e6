/**
 * Every schema version's upgrade, by version: loaded (db/database.ts, prepareUpgrades) only when
 * the database on this device is older than the app, so a first visit and every visit after
 * an upgrade fetch none of it.
 */
import { upgradeV2 } from './migrations/v2'
import { upgradeV3 } from './migrations/v3'
import { upgradeV4 } from './migrations/v4'
import { upgradeV5 } from './migrations/v5'
import { upgradeV6 } from './migrations/v6'
import { upgradeV7 } from './migrations/v7'

export const UPGRADES = { 2: upgradeV2, 3: upgradeV3, 4: upgradeV4, 5: upgradeV5, 6: upgradeV6, 7: upgradeV7 } as const
