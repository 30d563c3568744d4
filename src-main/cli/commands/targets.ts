import { RenderModeSchema } from '../../../src-shared/contract';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';
import { describeTarget } from './status';

/** `memsync targets`: every agent file memsync knows, and whether each is on and in step. */
export function listTargets(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    for (const t of engine.memory.targets()) io.stdout(`${describeTarget(t, engine.paths.homeDir)}\n`);
    io.stdout('\nmemsync targets enable|disable <id>…   memsync targets mode <id> copy|symlink|managed-block\n');
    return EXIT.ok;
  });
}

/** `memsync targets enable|disable <id>…`. */
export function setEnabled(ids: string[], enabled: boolean, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    for (const id of ids) {
      const t = await engine.api.updateTarget({ id, enabled });
      io.stdout(`${describeTarget(t, engine.paths.homeDir)}\n`);
    }
    return EXIT.ok;
  });
}

/** `memsync targets mode <id> <mode>`. */
export function setMode(id: string, mode: string, io: CliIo): Promise<number> {
  const parsed = RenderModeSchema.safeParse(mode);
  if (!parsed.success) {
    return Promise.reject(new CliError(`mode must be one of ${RenderModeSchema.options.join(', ')} (got "${mode}").`, EXIT.error));
  }
  return withEngine(io, async (engine) => {
    const t = await engine.api.updateTarget({ id, mode: parsed.data });
    io.stdout(`${describeTarget(t, engine.paths.homeDir)}\n`);
    return EXIT.ok;
  });
}
