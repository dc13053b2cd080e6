import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import * as account from '../services/account'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt } from './errors'
import { useSessionStore } from './session'

/** The logged-in person's own account: change the password, delete the account. */
export const useAccountStore = defineStore('account', () => {
  const session = useSessionStore()
  const userId = computed(() => session.user?.id)
  const onlyOwnerLive = useLiveQuery((id) => (id === undefined ? false : account.isOnlyOwner(db, id)), userId)
  /** The only owner cannot delete their account; the page says why instead of offering it. */
  const isOnlyOwner = computed(() => onlyOwnerLive.data.value === true)

  function changePassword(input: { current: string; next: string; confirm: string }) {
    return attempt(() => account.changePassword(db, userId.value, input))
  }

  function deleteAccount(input: { password: string }) {
    return attempt(async () => {
      const deleted = await account.deleteAccount(db, userId.value, input)
      await session.whenLoggedOut()
      return deleted
    })
  }

  return { isOnlyOwner, changePassword, deleteAccount }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAccountStore, import.meta.hot))
