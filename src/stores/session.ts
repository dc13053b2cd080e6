import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { db } from '../db/database'
import * as auth from '../services/auth'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'
import { validatePasswordConfirmation } from '../domain/user'

/** Who is logged in on this device, kept live across tabs. */
export const useSessionStore = defineStore('session', () => {
  const live = useLiveQuery(() => auth.currentUser(db))
  const user = shallowRef<auth.PublicUser | undefined>()
  // The live query is the source of truth (a logout in another tab ends this one too);
  // actions also set `user` at once so the next navigation does not wait for it.
  watch(live.data, (value) => (user.value = value))

  const ready = computed(() => !live.loading.value)
  const isLoggedIn = computed(() => user.value !== undefined)
  const isOwner = computed(() => user.value?.role === 'owner')

  /** Resolves once the session has been read from the database. */
  function whenReady(): Promise<void> {
    if (ready.value) return Promise.resolve()
    return new Promise((resolve) => {
      const stop = watch(ready, (isReady) => {
        if (!isReady) return
        stop()
        resolve()
      })
    })
  }

  async function register(input: { username: string; password: string; confirm: string }) {
    const outcome = await attempt(() => {
      validatePasswordConfirmation(input.password, input.confirm)
      return auth.register(db, input)
    })
    if (outcome.ok) user.value = outcome.value
    return outcome
  }

  async function login(input: { username: string; password: string }) {
    const outcome = await attempt(() => auth.login(db, input))
    if (outcome.ok) user.value = outcome.value
    return outcome
  }

  async function logout() {
    await auth.logout(db)
    user.value = undefined
  }

  return { user, ready, isLoggedIn, isOwner, whenReady, register, login, logout }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
