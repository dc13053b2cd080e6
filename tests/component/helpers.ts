/**
 * Shared set-up for component tests: the app's own `db` over fake-indexeddb, a fresh Pinia
 * and router per test, and ways to find things the way a person does (label, name, text).
 */
import type { DOMWrapper, VueWrapper } from '@vue/test-utils'
import { createPinia, disposePinia, setActivePinia, type Pinia } from 'pinia'
import { vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { db } from '../../src/db/database'
import type { Product } from '../../src/domain/product'
import { routes } from '../../src/router'
import { SESSION_KEY_STORAGE } from '../../src/stores/session'

/** Live queries answer asynchronously; give them room on a slow machine. */
export const WAIT = { timeout: 3000, interval: 20 }

/** Empties every table, and forgets this "tab's" session key, so each test starts logged out. */
export async function clearDb(): Promise<void> {
  sessionStorage.clear()
  await Promise.all(db.tables.map((t) => t.clear()))
}

let skuCounter = 0

/** Adds a product to the real tables and returns it as stored. */
export async function addProduct(overrides: Partial<Omit<Product, 'id'>> = {}): Promise<Product> {
  skuCounter += 1
  const data: Omit<Product, 'id'> = {
    sku: `TEST-${skuCounter}`,
    name: `Product ${skuCounter}`,
    category: 'Kitchen',
    description: 'A thing for testing.',
    price: 1000,
    stock: 10,
    lowStockThreshold: 5,
    archived: false,
    updatedAt: 0,
    createdAt: 0,
    ...overrides,
  }
  const id = await db.products.add(data)
  return { ...data, id }
}

/** Adds an account (its password is never checked here) and returns its id. */
export async function addUser(username = 'alice'): Promise<number> {
  return db.users.add({
    username,
    usernameKey: username.toLowerCase(),
    role: 'customer',
    passwordHash: 'AAAA',
    salt: 'AAAA',
    iterations: 1,
    createdAt: 0,
    failedLogins: 0,
    lockedUntil: 0,
  })
}

/** Makes `userId` the person logged in in this "tab": a fresh session whose key the tab holds. */
export async function logIn(userId: number): Promise<void> {
  const key = crypto.randomUUID()
  const now = Date.now()
  await db.sessions.put({ key, userId, startedAt: now, lastActiveAt: now })
  sessionStorage.setItem(SESSION_KEY_STORAGE, key)
}

export async function addUserAndLogIn(username = 'alice'): Promise<number> {
  const id = await addUser(username)
  await logIn(id)
  return id
}

export async function putInCart(userId: number, productId: number, quantity: number, addedAt = Date.now()): Promise<void> {
  await db.cartItems.put({ userId, productId, quantity, addedAt })
}

/** Everything a use case could have written, to compare before and after. */
export async function snapshotTables() {
  const [products, cartItems, orders] = await Promise.all([
    db.products.orderBy('id').toArray(),
    db.cartItems.toArray(),
    db.orders.toArray(),
  ])
  return { products, cartItems, orders }
}

export interface TestApp {
  pinia: Pinia
  router: Router
}

/** A fresh Pinia and an in-memory router over the app's routes, already at `path`. */
export async function createTestApp(path = '/'): Promise<TestApp> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  return { pinia, router }
}

/** Stops every store's live queries so they do not outlive their test. */
export function disposeTestApp(app: TestApp | undefined): void {
  if (app) disposePinia(app.pinia)
}

type AnyWrapper = VueWrapper | DOMWrapper<Element>

function normalise(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim()
}

/** The accessible name of a control: aria-label if it has one, else its text. */
function accessibleName(el: Element): string {
  return normalise(el.getAttribute('aria-label') ?? el.textContent)
}

/** Elements matching `selector` whose accessible name is exactly `name`. */
export function findAllByName(root: AnyWrapper, selector: string, name: string): DOMWrapper<Element>[] {
  return root.findAll(selector).filter((w) => accessibleName(w.element) === name)
}

/** The one element matching `selector` named `name`; throws if there is none or more. */
export function getByName(root: AnyWrapper, selector: string, name: string): DOMWrapper<Element> {
  const found = findAllByName(root, selector, name)
  if (found.length !== 1) throw new Error(`Expected one ${selector} named "${name}", found ${found.length}`)
  const [only] = found
  if (!only) throw new Error('unreachable')
  return only
}

export function getButton(root: AnyWrapper, name: string): DOMWrapper<HTMLButtonElement> {
  return getByName(root, 'button', name) as DOMWrapper<HTMLButtonElement>
}

export function queryButton(root: AnyWrapper, name: string): DOMWrapper<HTMLButtonElement> | undefined {
  return findAllByName(root, 'button', name)[0] as DOMWrapper<HTMLButtonElement> | undefined
}

export function getLink(root: AnyWrapper, name: string): DOMWrapper<HTMLAnchorElement> {
  return getByName(root, 'a', name) as DOMWrapper<HTMLAnchorElement>
}

/** The input a visible label points at, as a person finds a field. */
export function getInputByLabel(root: AnyWrapper, labelText: string): DOMWrapper<HTMLInputElement> {
  const label = getByName(root, 'label', labelText)
  const id = label.attributes('for')
  if (!id) throw new Error(`Label "${labelText}" is not tied to a control`)
  const input = root.find<HTMLInputElement>(`input[id="${id}"]`)
  if (!input.exists()) throw new Error(`No input with id "${id}" for label "${labelText}"`)
  return input
}

/** The role="alert" messages a control points at through aria-describedby. */
export function describedAlerts(root: AnyWrapper, input: DOMWrapper<HTMLInputElement>): string[] {
  const ids = (input.attributes('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
  return ids
    .map((id) => root.find(`[id="${id}"]`))
    .filter((w) => w.exists() && w.attributes('role') === 'alert')
    .map((w) => normalise(w.text()))
}

export function alerts(root: AnyWrapper): string[] {
  return root.findAll('[role="alert"]').map((w) => normalise(w.text()))
}

export function statuses(root: AnyWrapper): string[] {
  return root.findAll('[role="status"]').map((w) => normalise(w.text()))
}

/** The list item (e.g. a cart line) whose heading reads `name`, to look inside it. */
export function getListItem(root: AnyWrapper, name: string): DOMWrapper<Element> {
  const items = root.findAll('li').filter((li) => li.findAll('h2, h3').some((h) => normalise(h.text()) === name))
  if (items.length !== 1) throw new Error(`Expected one list item named "${name}", found ${items.length}`)
  const [only] = items
  if (!only) throw new Error('unreachable')
  return only
}

/** The value next to a term in a description list (<dt>Total</dt><dd>…</dd>). */
export function definitionOf(root: AnyWrapper, term: string): string {
  const dt = root.findAll('dt').find((w) => normalise(w.text()) === term)
  if (!dt) throw new Error(`No term "${term}"`)
  const dd = dt.element.nextElementSibling
  if (!dd || dd.tagName !== 'DD') throw new Error(`Term "${term}" has no definition`)
  return normalise(dd.textContent)
}

/** Waits until `check` stops throwing (live data is asynchronous). */
export function waitUntil<T>(check: () => T): Promise<T> {
  return vi.waitFor(check, WAIT)
}

export { normalise }
