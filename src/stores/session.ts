import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, watch } from 'vue'
import { db } from '../db/database'
import { validatePasswordConfirmation } from '../domain/user'
import * as auth from '../services/auth'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'
import { useCartStore } from './cart'

/** Who is logged in on this device, kept live across tabs. */
export const useSessionStore = defineStore('session', () => {
  // The live query is the one source of truth, so a logout in another tab ends this one
  // too. Actions wait until it has seen their change before they resolve, so the next
  // navigation already knows who is logged in.
  const live = useLiveQuery(() => auth.currentUser(db))
  const user = computed(() => live.data.value)
  const ready = computed(() => !live.loading.value)
  const isLoggedIn = computed(() => user.value !== undefined)
  const isOwner = computed(() => user.value?.role === 'owner')

  function until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve()
    return new Promise((resolve) => {
      const stop = watch(condition, (met) => {
        if (!met) return
        stop()
        resolve()
      })
    })
  }

  /** Resolves once the session has been read from the database. */
  const whenReady = () => until(() => ready.value)

  /** Waits for the live session to show the new person, then brings their guest cart along. */
  async function afterLogin(id: number) {
    await until(() => user.value?.id === id)
    await useCartStore().mergeGuest(id)
  }

  async function register(input: { username: string; password: string; confirm: string }) {
    const outcome = await attempt(() => {
      validatePasswordConfirmation(input.password, input.confirm)
      return auth.register(db, input)
    })
    if (outcome.ok) await afterLogin(outcome.value.id)
    return outcome
  }

  async function login(input: { username: string; password: string }) {
    const outcome = await attempt(() => auth.login(db, input))
    if (outcome.ok) await afterLogin(outcome.value.id)
    return outcome
  }

  async function logout() {
    await auth.logout(db)
    await until(() => user.value === undefined)
  }

  return { user, ready, isLoggedIn, isOwner, whenReady, register, login, logout }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
