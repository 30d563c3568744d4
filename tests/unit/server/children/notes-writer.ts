// Child process for the two-appenders test: another host on this machine appending notes through
// the real NotesService / NotesLog (cross-process lock, one O_APPEND write, fsync) to the same
// memory root. It waits until `startAt`, then stores `count` notes, `parallel` at a time, and
// prints one `ack <index> <id>` line per acknowledged note. Its texts: see writerText in
// ../capture-durability.test.ts (kept in step by hand).
import { FileLocks } from '../../../../src-main/engine/fs/lock';
import { silentLogger } from '../../../../src-main/engine/logger';
import { NotesService } from '../../../../src-main/engine/notes/service';
import { MemorySecretStore } from '../../../../src-main/engine/secrets/file-secret-store';
import { systemClock } from '../../../../src-main/engine/services';

const [userDataDir, memoryRoot, writer, countText, parallelText, startAtText] = process.argv.slice(2) as [
  string, string, string, string, string, string,
];
const count = Number(countText);
const parallel = Number(parallelText);

const writerText = (name: string, i: number) =>
  `${name} note ${i}\nsecond line of ${name}-${i}\n${'padding '.repeat(i % 25)}end of ${name}-${i}`;

const notes = new NotesService({
  memoryRoot: () => memoryRoot,
  machineId: () => `machine-${writer}`,
  locks: new FileLocks(userDataDir),
  secrets: new MemorySecretStore(),
  clock: systemClock,
  logger: silentLogger,
  emit: () => {},
});

while (Date.now() < Number(startAtText)) await new Promise((r) => setTimeout(r, 2));
for (let i = 0; i < count; i += parallel) {
  const batch = Array.from({ length: Math.min(parallel, count - i) }, (_v, k) => i + k);
  await Promise.all(
    batch.map(async (n) => {
      const note = await notes.add({ text: writerText(writer, n), source: `cli:${writer}` });
      process.stdout.write(`ack ${n} ${note.id}\n`);
    }),
  );
}
