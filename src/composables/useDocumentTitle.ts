import { watchEffect } from 'vue'
import { useRoute } from 'vue-router'
import { useSettingsStore } from '../stores/settings'

/**
 * Keeps the browser tab's title as "<page> · <the shop's name>", following both the page and
 * the owner's settings (a renamed shop retitles every open tab). Call once, in the app's root.
 */
export function useDocumentTitle(): void {
  const route = useRoute()
  const settings = useSettingsStore()
  watchEffect(() => {
    const shop = settings.settings.shopName
    document.title = route.meta.title ? `${route.meta.title} · ${shop}` : shop
  })
}
