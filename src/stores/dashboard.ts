import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import { localDateStamp } from '../domain/dateStamp'
import { dashboardFigures } from '../services/reads/dashboard'
import { systemClock, type Clock } from '../services/clock'
import { useLiveQuery } from '../composables/useLiveQuery'
import { useNow } from '../composables/useNow'
import { SHOP_LOCALE } from '../format/locale'
import { useSessionStore } from './session'
import { useSettingsStore } from './settings'

/**
 * The first day of the week where the shop is (1 Monday … 7 Sunday): Intl.Locale's week info,
 * a method in newer engines and a getter in older ones; Monday where neither exists.
 */
export function weekFirstDay(locale: string): number {
  const info = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } }
  return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1
}

/** The owner's dashboard, live: every order placed or moved, in any tab, updates it. */
export const useDashboardStore = defineStore('dashboard', () => {
  const session = useSessionStore()
  const settings = useSettingsStore()
  const firstDay = weekFirstDay(SHOP_LOCALE)

  /**
   * The dashboard's figures, live while the calling component lives (call from its setup):
   * they follow the orders and the stock, the shop's currency, and the calendar — a page
   * left open over midnight moves on to the new day within a minute.
   */
  function watchFigures(clock: Clock = systemClock) {
    const now = useNow(60_000)
    const today = computed(() => localDateStamp(now.value))
    return useLiveQuery(
      ([viewer, currency]) => (session.isOwner ? dashboardFigures(db, viewer, { now: clock.now(), currency, weekFirstDay: firstDay }) : undefined),
      () => [session.user?.id, settings.settings.currency, today.value] as const,
    )
  }

  return { watchFigures }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDashboardStore, import.meta.hot))
