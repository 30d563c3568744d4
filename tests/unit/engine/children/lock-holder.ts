// Child process for the lock tests: takes a per-machine lock (or the memory root's, with a third
// argument) through the real FileLocks, says so, and holds it until it is killed.
import { FileLocks } from '../../../../src-main/engine/fs/lock';

const [userDataDir, file, root] = process.argv.slice(2) as [string, string, string | undefined];
const locks = new FileLocks(userDataDir);
const forever = () =>
  new Promise<never>(() => {
    process.send?.('locked');
    setInterval(() => {}, 60_000);
  });
if (root) await locks.withRootLock(root, 'memory', forever);
else await locks.withLock(file, forever);
