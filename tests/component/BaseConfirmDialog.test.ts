import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import BaseConfirmDialog from '../../src/components/base/BaseConfirmDialog.vue'

/** A page with a button that opens the dialog, as every caller does; `confirmed` counts confirms. */
function renderHost(options: { withField?: boolean; error?: string } = {}) {
  const confirmed = ref(0)
  const cancelled = ref(0)
  const open = ref(false)
  const Host = defineComponent({
    setup() {
      return () =>
        h('div', [
          h('button', { type: 'button', onClick: () => (open.value = true) }, 'Refund order'),
          h('button', { type: 'button' }, 'Something else'),
          h(
            BaseConfirmDialog,
            {
              open: open.value,
              'onUpdate:open': (v: boolean) => (open.value = v),
              title: 'Refund order #12?',
              message: 'The customer gets €10.00 back. This cannot be undone.',
              confirmLabel: 'Refund order #12',
              error: options.error ?? '',
              onConfirm: () => {
                confirmed.value += 1
                open.value = false
              },
              onCancel: () => (cancelled.value += 1),
            },
            options.withField ? () => h('label', ['Your password', h('input', { type: 'password' })]) : undefined,
          ),
        ])
    },
  })
  render(Host)
  return { confirmed, cancelled, open }
}

describe('BaseConfirmDialog', () => {
  it('is closed until opened, then a modal dialog named by its title and described by its message', async () => {
    const user = userEvent.setup()
    renderHost()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Refund order' }))
    const dialog = await screen.findByRole('dialog', { name: 'Refund order #12?' })
    expect(dialog).toHaveAttribute('open')
    expect(dialog).toHaveAccessibleDescription('The customer gets €10.00 back. This cannot be undone.')
    // The confirm button names the action; the safe choice has focus.
    expect(screen.getByRole('button', { name: 'Refund order #12' })).toHaveClass('button--danger')
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus()
  })

  it('confirms with the named button, closes, and gives focus back to the opener', async () => {
    const user = userEvent.setup()
    const { confirmed } = renderHost()
    const opener = screen.getByRole('button', { name: 'Refund order' })
    await user.click(opener)
    await user.click(await screen.findByRole('button', { name: 'Refund order #12' }))
    expect(confirmed.value).toBe(1)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(opener).toHaveFocus()
  })

  it.each([
    ['the Cancel button', async (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Cancel' }))],
    ['Escape', async (user: ReturnType<typeof userEvent.setup>) => user.keyboard('{Escape}')],
  ])('closes on %s without confirming, focus back on the opener', async (_how, close) => {
    const user = userEvent.setup()
    const { confirmed, cancelled, open } = renderHost()
    const opener = screen.getByRole('button', { name: 'Refund order' })
    await user.click(opener)
    await screen.findByRole('dialog')
    await close(user)
    expect(confirmed.value).toBe(0)
    expect(cancelled.value).toBe(1)
    expect(open.value).toBe(false)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(opener).toHaveFocus()
  })

  it('the native cancel event (a close request) closes it through the same path', async () => {
    const user = userEvent.setup()
    const { cancelled, open } = renderHost()
    await user.click(screen.getByRole('button', { name: 'Refund order' }))
    const dialog = await screen.findByRole('dialog')
    const event = new Event('cancel', { cancelable: true })
    dialog.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    expect(cancelled.value).toBe(1)
    expect(open.value).toBe(false)
  })

  it('holds extra fields in its slot, focuses the first, and Enter in it confirms', async () => {
    const user = userEvent.setup()
    const { confirmed } = renderHost({ withField: true })
    await user.click(screen.getByRole('button', { name: 'Refund order' }))
    const password = await screen.findByLabelText('Your password')
    expect(password).toHaveFocus()
    await user.type(password, 'secret{Enter}')
    expect(confirmed.value).toBe(1)
  })

  it('shows why the action failed inside the dialog, as part of its description', async () => {
    const user = userEvent.setup()
    renderHost({ error: 'The order changed meanwhile.' })
    await user.click(screen.getByRole('button', { name: 'Refund order' }))
    const dialog = await screen.findByRole('dialog')
    expect(screen.getByRole('alert')).toHaveTextContent('The order changed meanwhile.')
    expect(dialog).toHaveAccessibleDescription(/This cannot be undone\. The order changed meanwhile\./)
  })
})
