import type { Id } from '../domain/id'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { db } from '../db/database'
import type { Role } from '../domain/user'
import { listAccounts, setRole as setRoleService } from '../services/users'
import { useLiveQuery } from '../composables/useLiveQuery'
import { attempt, toFormErrors } from './errors'
import { useSessionStore } from './session'

/** The accounts on this device, for an owner; live, so a role change shows in every tab. */
export const useUsersStore = defineStore('users', () => {
  const session = useSessionStore()
  const actorId = computed(() => session.user?.id)
  // The service itself refuses anyone but an owner: the store adds no trust of its own.
  const live = useLiveQuery((id) => listAccounts(db, id), actorId)
  const accounts = computed(() => live.data.value ?? [])
  const loading = computed(() => live.loading.value)
  const error = computed(() => (live.error.value === undefined ? '' : toFormErrors(live.error.value).form))
  const activeOwners = computed(() => accounts.value.filter((a) => a.role === 'owner' && a.deletedAt === undefined).length)

  function setRole(userId: Id, role: Role) {
    return attempt(() => setRoleService(db, actorId.value, userId, role))
  }

  return { accounts, loading, error, activeOwners, setRole }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useUsersStore, import.meta.hot))
