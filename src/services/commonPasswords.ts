/**
 * The list of common passwords, loaded on first use through a dynamic import so that it
 * is its own chunk and not part of the first page's JavaScript (the service worker still
 * precaches it, so it is there offline).
 */
let loading: Promise<ReadonlySet<string>> | undefined

export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import('../domain/common-passwords').then(
    (module) => new Set(module.default),
    (err: unknown) => {
      loading = undefined // let a later attempt try again
      throw err
    },
  )
  return loading
}
