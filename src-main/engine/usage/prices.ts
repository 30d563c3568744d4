import table from './prices.json' with { type: 'json' };
import { pyRound } from './py-format';

/** USD per million tokens for one model family. */
export interface Price {
  /** The model-id prefix that matched; null for the fallback (unknown model). */
  prefix: string | null;
  input: number;
  output: number;
  /** A cache hit. */
  cacheRead: number;
  /** A 5-minute cache write. */
  cacheWrite: number;
}

interface PriceRow {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

interface PriceTable {
  source: string;
  checked: string;
  fallback: PriceRow;
  models: Array<PriceRow & { prefix: string }>;
}

const prices: PriceTable = table;

/** Where the rates come from and when they were last compared with it. */
export const PRICE_SOURCE = { source: prices.source, checked: prices.checked } as const;

/** Every priced prefix, most specific first (the order they are tried in). */
export const PRICED_PREFIXES: readonly string[] = prices.models.map((m) => m.prefix);

function rates(row: PriceRow, prefix: string | null): Price {
  return { prefix, input: row.input, output: row.output, cacheRead: row.cacheRead, cacheWrite: row.cacheWrite };
}

/** The rates of the first prefix `model` starts with, or memsync's fallback (3/15) when none does. */
export function priceFor(model: string): Price {
  const row = prices.models.find((m) => model.startsWith(m.prefix));
  return row ? rates(row, row.prefix) : rates(prices.fallback, null);
}

export interface TokenCounts {
  /** Uncached input (Anthropic's input_tokens, which excludes cache reads and writes). */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
}

/**
 * The estimated cost of one call in USD, rounded to 6 decimals like memsync's
 * `round(_cost(...), 6)`. Each kind of token is billed once at its own rate; the input and output
 * terms are summed first and in memsync's order, so calls without cache tokens cost exactly what
 * memsync computed for the same model.
 */
export function costUsd(model: string, tokens: TokenCounts): number {
  const price = priceFor(model);
  const raw =
    (tokens.inputTokens * price.input +
      tokens.outputTokens * price.output +
      (tokens.cacheReadTokens ?? 0) * price.cacheRead +
      (tokens.cacheCreationTokens ?? 0) * price.cacheWrite) /
    1_000_000;
  return pyRound(raw, 6);
}
