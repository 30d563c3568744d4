// Child process for the usage-log tests: appends `count` records tagged `tag` to a usage.jsonl
// through the real appendUsage and the real cross-process FileLocks, then exits.
import { FileLocks } from '../../../../src-main/engine/fs/lock';
import { appendUsage, makeUsageRecord } from '../../../../src-main/engine/usage/usage-log';

const [file, userDataDir, tag, count] = process.argv.slice(2) as [string, string, string, string];
const locks = new FileLocks(userDataDir);
await Promise.all(
  Array.from({ length: Number(count) }, (_v, i) =>
    appendUsage(
      file,
      makeUsageRecord({
        now: new Date(),
        machine: tag,
        command: 'harvest',
        model: 'claude-sonnet-4-20250514',
        // A long session field makes each line bigger than one small write.
        session: `${tag}-${i}-${'x'.repeat(4000)}`,
        inputTokens: i,
        outputTokens: 1,
        changed: i % 2 === 0,
      }),
      locks,
    ),
  ),
);
