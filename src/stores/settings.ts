import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import { currencyMinorDigits } from '../domain/money'
import { DEFAULT_SETTINGS, type ShopSettings } from '../domain/settingsDefaults'
import { readSettings } from '../services/reads/settings'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'

/** The shop's name, currency and tax rate, live across tabs. */
export const useSettingsStore = defineStore('settings', () => {
  const live = useLiveQuery(() => readSettings(db))
  const settings = computed<ShopSettings>(() => live.data.value?.settings ?? DEFAULT_SETTINGS)
  /** What was wrong with the stored settings (each value fell back to its default), for the owner. */
  const problems = computed(() => live.data.value?.problems ?? [])
  /** The minor digits of the shop's currency: what every price is parsed and stored with. */
  const digits = computed(() => currencyMinorDigits(settings.value.currency))

  /** Saves the owner's settings; `actorId` is who is asking (the service checks they are the owner). */
  function save(actorId: Id | undefined, input: { shopName: string; currency: string; taxRate: string }) {
    return attempt(async () => (await import('../services/settings')).saveSettings(db, actorId, input))
  }

  return { settings, problems, digits, save }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
