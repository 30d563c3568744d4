import { z } from 'zod/mini';

const Totals = z.object({
  calls: z.int(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  cacheReadTokens: z.int(),
  cacheCreationTokens: z.int(),
  costUsd: z.number(),
});
export type UsageTotals = z.infer<typeof Totals>;

/** The usage log (usage.jsonl, every machine's calls) summed up for the Usage view and `memsync usage`. */
export const UsageSummarySchema = z.object({
  allTime: Totals,
  /** The current month (UTC, like memsync), e.g. "2026-11". */
  month: z.string(),
  thisMonth: Totals,
  /** The last 30 days, oldest first, every day present (zeros included), for a chart. */
  byDay: z.array(z.object({ day: z.string(), costUsd: z.number(), calls: z.int() })),
  /** Every month with calls, oldest first. */
  byMonth: z.array(z.object({ month: z.string(), costUsd: z.number(), calls: z.int() })),
  byMachine: z.array(z.object({ machine: z.string(), costUsd: z.number(), calls: z.int() })),
  byCommand: z.array(z.object({ command: z.string(), costUsd: z.number(), calls: z.int() })),
  /** The last 10 calls, newest last (memsync's "Recent"). */
  recent: z.array(
    z.object({
      ts: z.string(),
      machine: z.string(),
      command: z.string(),
      model: z.string(),
      inputTokens: z.int(),
      outputTokens: z.int(),
      costUsd: z.number(),
      changed: z.boolean(),
    }),
  ),
});
export type UsageSummary = z.infer<typeof UsageSummarySchema>;
