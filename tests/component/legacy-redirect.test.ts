/**
 * Addresses from before global ids (/products/25 in a bookmark, an old link) still reach the
 * product: the app's own router looks the old number up in this device's db.legacyIds, which
 * the version-6 upgrade wrote, and replaces the address with the product's id now.
 */
import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Router } from 'vue-router'
import { db } from '../../src/db/database'
import { createShopRouter } from '../../src/router'
import { addProduct, addUserAndLogIn, clearDb } from './fixtures'

let pinia: Pinia
let router: Router

beforeEach(async () => {
  await clearDb()
  pinia = createPinia()
  setActivePinia(pinia)
  router = createShopRouter()
})
afterEach(() => {
  disposePinia(pinia)
})

describe('old numeric product addresses', () => {
  it('/products/25 goes to the product that was number 25, keeping the query, and leaves no old address in the history', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp' })
    await db.legacyIds.put({ key: 'products:25', id: lamp.id })
    await router.push('/')
    await router.push('/products/25?from=bookmark')
    expect(router.currentRoute.value.fullPath).toBe(`/products/${lamp.id}?from=bookmark`)
    expect(router.currentRoute.value.name).toBe('product')
    router.back()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it("the owner's old edit address goes to the product's edit page", async () => {
    await addUserAndLogIn('olive', 'owner')
    const lamp = await addProduct({ name: 'Desk Lamp' })
    await db.legacyIds.put({ key: 'products:3', id: lamp.id })
    await router.push('/inventory/products/3')
    expect(router.currentRoute.value.fullPath).toBe(`/inventory/products/${lamp.id}`)
  })

  it('a number this device never knew stays where it is: the page says the product is not there', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp' })
    await db.legacyIds.put({ key: 'products:25', id: lamp.id })
    await router.push('/products/26')
    expect(router.currentRoute.value.fullPath).toBe('/products/26')
    expect(router.currentRoute.value.name).toBe('product')
  })

  it('an old account number is not a product: users:25 does not redirect /products/25', async () => {
    const lamp = await addProduct({ name: 'Desk Lamp' })
    await db.legacyIds.put({ key: 'users:25', id: lamp.id })
    await router.push('/products/25')
    expect(router.currentRoute.value.fullPath).toBe('/products/25')
  })
})
