import { z } from 'zod/mini';
import type { MethodName } from './methods';
import { StatusSchema } from './status';

/**
 * The one API the UI uses for everything it asks of the engine. Each method takes a single input
 * (validated where it enters the main process, over HTTP or IPC) and returns a value (validated by
 * the client before the UI sees it). Schemas use zod/mini: tree-shakable, which keeps the
 * quick-note popup small.
 */
interface MethodSpec {
  input: z.ZodMiniType;
  output: z.ZodMiniType;
}

const NoInput = z.undefined();

export const apiContract = {
  status: { input: NoInput, output: StatusSchema },
} as const satisfies Record<MethodName, MethodSpec>;

export type ApiContract = typeof apiContract;
type Spec<K extends MethodName> = ApiContract[K];
type In<K extends MethodName> = z.input<Spec<K>['input']>;
type Out<K extends MethodName> = z.output<Spec<K>['output']>;

/** What the UI calls: methods without input take no argument. */
export type ApiClient = {
  [K in MethodName]: In<K> extends undefined ? () => Promise<Out<K>> : (input: In<K>) => Promise<Out<K>>;
};

/** What the engine implements: it receives input that already passed validation. */
export type ApiHandlers = {
  [K in MethodName]: (input: z.output<Spec<K>['input']>) => Promise<z.input<Spec<K>['output']>>;
};
