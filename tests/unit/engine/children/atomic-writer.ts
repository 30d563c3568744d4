// Child process for crash tests: writes two alternating versions of a file forever, through the
// real atomic writer and the real backup writer, until it is killed.
import { writeFileAtomic } from '../../../../src-main/engine/fs/atomic-write';
import { writeBackup } from '../../../../src-main/engine/memory/backups';

const [file, backupsDir, a, b] = process.argv.slice(2) as [string, string, string, string];
const versions = [a.repeat(200_000), b.repeat(200_000)];
let i = 0;
process.send?.('ready');
for (;;) {
  const content = versions[i++ % 2]!;
  await writeFileAtomic(file, content);
  await writeBackup(backupsDir, content, new Date());
}
