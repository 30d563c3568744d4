import { ProviderNameSchema } from '../../../src-shared/contract';
import { PROVIDER_DISPLAY_NAMES } from '../../engine/providers/detect';
import { EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

/** `memsync providers`: which cloud folders are on this machine, and which one is in use. */
export function providers(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const found = engine.memory.detectProviders();
    io.stdout('Available providers:\n');
    for (const name of ProviderNameSchema.options) {
      const mine = found.filter((f) => f.name === name);
      const label = `  ${name.padEnd(10)} ${PROVIDER_DISPLAY_NAMES[name].padEnd(18)}`;
      if (name === 'custom') io.stdout(`${label} any folder: memsync init --sync-root PATH\n`);
      else if (mine.length === 0) io.stdout(`${label} ✗ not detected\n`);
      for (const f of mine) {
        const extra = [f.detail, f.hasMemory ? 'memory found' : null].filter(Boolean).join(', ');
        io.stdout(`${label} ✓ ${f.syncRoot}${extra ? ` (${extra})` : ''}\n`);
      }
    }
    const root = engine.memory.root();
    io.stdout(`\nActive provider: ${root.provider ?? '(none — run memsync init)'}${root.syncRoot ? ` (${root.syncRoot})` : ''}\n`);
    return EXIT.ok;
  });
}
