/**
 * A price the user sets on a dedicated-model config (`params.pricing`): it overrides the list
 * price, is saved with the config, and prices what the table cannot: a negotiated rate, a
 * gateway, a server of one's own (per 1,000 calls or per hour it runs).
 */
import { z } from 'zod';

const usd = () =>
  z
    .number()
    .min(0, 'a price cannot be negative')
    .refine(Number.isFinite, 'must be a finite number');

const PRICE_KEYS = [
  'usdPerThousandCalls',
  'usdPerThousandUnits',
  'usdPerMillionTokens',
  'usdPerHour',
] as const;

export const UserPrice = z
  .object({
    /** Per 1,000 HTTP calls, whatever they carry (a self-hosted server, a gateway). */
    usdPerThousandCalls: usd(),
    /** Per 1,000 of the provider's own units (search units, queries, rerank units). */
    usdPerThousandUnits: usd(),
    /** Per 1,000,000 tokens of query and documents. */
    usdPerMillionTokens: usd(),
    /** Per hour of a server's time: the column is charged the time its calls took. */
    usdPerHour: usd(),
  })
  .partial()
  .strict()
  .refine((price) => PRICE_KEYS.filter((key) => price[key] !== undefined).length === 1, {
    message: `give exactly one of ${PRICE_KEYS.join(', ')}`,
  });
export type UserPrice = z.output<typeof UserPrice>;
