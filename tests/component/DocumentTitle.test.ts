import { render, waitFor } from '@testing-library/vue'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { useDocumentTitle } from '../../src/composables/useDocumentTitle'
import { db } from '../../src/db/database'
import { SETTINGS_KEY } from '../../src/services/reads/settings'
import { clearDb, createTestApp, disposeTestApp, type TestApp } from './fixtures'

const Root = defineComponent({
  setup() {
    useDocumentTitle()
    return () => null
  },
})

let app: TestApp | undefined
beforeEach(clearDb)
afterEach(() => {
  disposeTestApp(app)
  app = undefined
})

describe('the browser tab title', () => {
  it("names the page and the shop, and follows both", async () => {
    app = await createTestApp('/cart')
    render(Root, { global: { plugins: [app.pinia, app.router] } })
    expect(document.title).toBe('Your cart · Offline Shop')
    await db.meta.put({ key: SETTINGS_KEY, value: { shopName: 'Corner Shop', currency: 'USD', taxRate: 0 } })
    await waitFor(() => expect(document.title).toBe('Your cart · Corner Shop'))
    await app.router.push('/login')
    await waitFor(() => expect(document.title).toBe('Log in · Corner Shop'))
  })
})
