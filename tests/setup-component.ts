// Component tests find things as a person does, through Testing Library, and assert with
// jest-dom's matchers (toBeInTheDocument, toHaveAccessibleDescription, toBeDisabled…).
import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/vue'
import { afterEach } from 'vitest'

// Live queries answer asynchronously through fake-indexeddb: give findBy…/waitFor room on a
// slow, shared machine (Testing Library's default is 1 s).
configure({ asyncUtilTimeout: 3000 })

// Vitest runs without globals, so Testing Library cannot register its own clean-up.
afterEach(() => {
  cleanup()
})
