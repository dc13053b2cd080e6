import { computed, type ComputedRef } from 'vue'
import { minorToDecimal, type Minor } from '../domain/money'
import { formatMoney as formatIn } from '../format/money'
import { useSettingsStore } from '../stores/settings'

export interface UseMoney {
  /** The shop's currency as the owner set it, e.g. "USD". */
  currency: ComputedRef<string>
  /** Its minor digits (USD 2, JPY 0, KWD 3): how many decimals a typed price may have. */
  digits: ComputedRef<number>
  /** Minor units for display in the shop's currency, or in `currency` (an order's own). */
  formatMoney: (minor: Minor, currency?: string) => string
  /** Minor units as a price field shows them for editing: 1299 → "12.99" in USD, "1299" in JPY. */
  formatAmountInput: (minor: Minor) => string
}

/**
 * Money in the shop's currency, following the settings live: change the currency on the
 * settings page and every price, label and field follows. The digits are the settings store's,
 * which the stores also hand to every service that parses or stores a price.
 */
export function useMoney(): UseMoney {
  const settings = useSettingsStore()
  const currency = computed(() => settings.settings.currency)
  const digits = computed(() => settings.digits)
  return {
    currency,
    digits,
    formatMoney: (minor, inCurrency = currency.value) => formatIn(minor, inCurrency),
    formatAmountInput: (minor) => minorToDecimal(minor, digits.value),
  }
}
