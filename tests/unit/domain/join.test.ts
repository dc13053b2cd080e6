/** The rules of joining a shop that already has data (domain/join.ts). */
import { describe, expect, it } from 'vitest'
import { idFromKey } from '../../../src/domain/id'
import { holdsAnything, holdsOwn, isUntouchedSeed, joinChoiceProblem, planJoin, type Holdings, type JoinChoice } from '../../../src/domain/join'

const nothing: Holdings = { users: 0, orders: 0, payments: 0, cartLines: 0, products: 0, untouchedSeed: 0, untouchedSeedRows: 0, stockRows: 0, settings: false, deletions: 0 }
const demoOnly: Holdings = { ...nothing, products: 25, untouchedSeed: 25, untouchedSeedRows: 25, stockRows: 25 }
const newTill: Holdings = { ...demoOnly, users: 1 }

describe('isUntouchedSeed', () => {
  it.each([
    ['a seeded product never written again', idFromKey('KIT-0021'), 'KIT-0021', false, true],
    ['a seeded product changed here (a sale, an edit)', idFromKey('KIT-0021'), 'KIT-0021', true, false],
    ["a product someone added (a fresh id)", '0Ab3dE9fGh12K', 'KIT-0021', false, false],
    ['a seeded product whose SKU was changed here', idFromKey('KIT-0021'), 'KIT-9999', false, false],
  ])('%s', (_, id, sku, changed, untouched) => {
    expect(isUntouchedSeed({ id, sku }, changed)).toBe(untouched)
  })
})

describe('what a device holds', () => {
  it.each<[string, Holdings, boolean, boolean]>([
    ['nothing (a fresh device)', nothing, false, false],
    ['only the untouched demo catalog', demoOnly, true, false],
    ['the demo and an account', newTill, true, true],
    ['an order', { ...demoOnly, orders: 1 }, true, true],
    ['a product added', { ...demoOnly, products: 26, stockRows: 26 }, true, true],
    ['a stock change of a demo product', { ...demoOnly, untouchedSeed: 24, untouchedSeedRows: 24, stockRows: 26 }, true, true],
    ['the shop settings set', { ...nothing, settings: true }, true, true],
    ['only a deletion', { ...nothing, deletions: 1 }, true, false],
  ])('%s', (_, h, anything, own) => {
    expect([holdsAnything(h), holdsOwn(h)]).toEqual([anything, own])
  })
})

describe('planJoin', () => {
  it.each<[string, boolean, Holdings, boolean, JoinChoice | undefined, ReturnType<typeof planJoin>]>([
    ["an empty shop: the device's data seeds it", false, newTill, true, undefined, 'as-is'],
    ['an empty shop, whatever was chosen', false, newTill, false, 'shop', 'as-is'],
    ['a fresh device: nothing to settle', true, nothing, false, undefined, 'as-is'],
    ['only the untouched demo: it is dropped for the shop’s, no question', true, demoOnly, false, undefined, 'replace'],
    ['own data, no choice yet: ask', true, newTill, true, undefined, 'ask'],
    ["own data, the shop's chosen", true, newTill, false, 'shop', 'replace'],
    ['own data, an owner adds it', true, newTill, true, 'merge', 'merge'],
    ['own data, a till asks to add it: asked again', true, newTill, false, 'merge', 'ask'],
  ])('%s', (_, shopHasData, holdings, canMerge, choice, step) => {
    expect(planJoin({ shopHasData, holdings, canMerge }, choice)).toBe(step)
  })
})

describe('joinChoiceProblem', () => {
  it("asks to confirm that the device's orders will be deleted", () => {
    expect(joinChoiceProblem({ orders: 2, canMerge: true }, 'shop', false)).toEqual({ field: 'confirm', message: "Tick this to confirm: this device's 2 orders are not in the shop and will be deleted." })
    expect(joinChoiceProblem({ orders: 1, canMerge: true }, 'shop', false)?.message).toContain("this device's order is not in the shop")
    expect(joinChoiceProblem({ orders: 2, canMerge: true }, 'shop', true)).toBeUndefined()
    expect(joinChoiceProblem({ orders: 0, canMerge: false }, 'shop', false)).toBeUndefined()
  })

  it('lets only an owner add the data', () => {
    expect(joinChoiceProblem({ orders: 2, canMerge: false }, 'merge', true)?.field).toBe('choice')
    expect(joinChoiceProblem({ orders: 2, canMerge: true }, 'merge', false)).toBeUndefined()
  })
})
