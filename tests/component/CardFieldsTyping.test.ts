import { render, screen } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import CheckoutPaymentForm from '../../src/components/cart/CheckoutPaymentForm.vue'

function renderForm() {
  render(CheckoutPaymentForm, { props: { total: 1299, paying: false, error: '', fieldErrors: {} }, global: { plugins: [createPinia()] } })
}

describe('card fields as a person types them', () => {
  it('groups the card number as it is printed on the card', async () => {
    renderForm()
    const number = screen.getByRole('textbox', { name: 'Card number' })
    await userEvent.type(number, '4242424242424242')
    expect(number).toHaveValue('4242 4242 4242 4242')
  })

  it('makes the expiry MM/YY, and lets the slash be deleted', async () => {
    renderForm()
    const expiry = screen.getByRole('textbox', { name: 'Expiry (MM/YY)' })
    await userEvent.type(expiry, '0429')
    expect(expiry).toHaveValue('04/29')
    await userEvent.type(expiry, '{Backspace}{Backspace}')
    expect(expiry).toHaveValue('04/')
    await userEvent.type(expiry, '{Backspace}')
    expect(expiry).toHaveValue('04')
  })
})

describe('a refused card', () => {
  it('moves focus to the first field in error', async () => {
    renderForm()
    await userEvent.type(screen.getByRole('textbox', { name: 'Card number' }), '4242424242424242')
    await userEvent.click(screen.getByRole('button', { name: /^Pay / }))
    const expiry = screen.getByRole('textbox', { name: 'Expiry (MM/YY)' })
    expect(expiry).toHaveAttribute('aria-invalid', 'true')
    expect(expiry).toHaveFocus()
  })
})
